/**
 * Common tensor transforms, like torchvision's `transforms`: each builder returns a function from
 * tensor to tensor, and `compose` chains them. They work on one image `[C, H, W]` or on a whole batch
 * `[N, C, H, W]` at once (cheaper: transform the data set's tensor once, before the DataLoader).
 * @example
 * const prep = data.transforms.compose([data.transforms.toTensor, data.transforms.normalize(0.5, 0.5)]);
 * const images = prep(bp.tensor(pixels, { dtype: "int32" }).view(-1, 1, 28, 28)); // in [-1, 1]
 */
import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { formatShape } from "../tensor/shape.ts";

/** A transform: a function from tensor to tensor. */
export type Transform = (x: Tensor) => Tensor;

/**
 * Chains transforms, applied left to right, like `transforms.Compose`.
 * @example
 * const t = data.transforms.compose([data.transforms.toTensor, data.transforms.normalize([0.1307], [0.3081])]);
 */
export function compose(transforms: readonly Transform[]): Transform {
  transforms.forEach((t, i) => {
    if (typeof t !== "function") throw new TypeError(`compose: transform ${i} is not a function`);
  });
  const list = [...transforms];
  return (x: Tensor) => list.reduce((acc, t) => t(acc), x);
}

/**
 * Normalizes with a mean and standard deviation, like `transforms.Normalize`:
 * `out = (x - mean) / std`, per channel when `mean` / `std` are arrays of C values (the channel is
 * dimension -3: `[C, H, W]` or `[N, C, H, W]`). A number, or an array of one value, applies to every
 * element of a tensor of any shape. The input must be floating point; the result is a new tensor of
 * the same dtype (recorded for backward like any op).
 *
 * `normalize(0.5, 0.5)` maps [0, 1] to [-1, 1] (the MNIST lesson's `Normalize((0.5,), (0.5,))`).
 * @example
 * const norm = data.transforms.normalize([0.485, 0.456, 0.406], [0.229, 0.224, 0.225]);
 * const y = norm(images); // images [N, 3, H, W] floats in [0, 1]
 */
export function normalize(mean: number | readonly number[], std: number | readonly number[]): Transform {
  const m = typeof mean === "number" ? [mean] : [...mean];
  const s = typeof std === "number" ? [std] : [...std];
  if (m.length === 0 || s.length === 0) throw new Error("normalize: mean and std must not be empty");
  if (m.length !== s.length && m.length !== 1 && s.length !== 1) {
    throw new Error(`normalize: mean has ${m.length} values and std ${s.length}; give one per channel, or one for all`);
  }
  [...m, ...s].forEach((v) => {
    if (typeof v !== "number" || !Number.isFinite(v)) throw new Error(`normalize: mean and std must be finite numbers, got ${v}`);
  });
  if (s.some((v) => v === 0)) throw new Error(`normalize: std contains zero (${JSON.stringify(s)}), leading to division by zero`);
  const channels = Math.max(m.length, s.length);
  return (x: Tensor) => {
    if (!(x instanceof Tensor)) throw new TypeError("normalize: expected a Tensor");
    if (!isFloating(x.dtype)) {
      throw new Error(`normalize: input should be a floating point tensor, got ${x.dtype}; convert it first (toTensor or .float())`);
    }
    if (channels === 1) return x.sub(m[0]).div(s[0]);
    if (x.dim() < 3 || x.shape[x.dim() - 3] !== channels) {
      throw new Error(
        `normalize: ${channels} channel values need a tensor of shape [..., ${channels}, H, W], got ${formatShape(x.shape)}`,
      );
    }
    const shape = [channels, 1, 1];
    const mt = tensor(m.length === 1 ? new Array<number>(channels).fill(m[0]) : m, { dtype: x.dtype }).view(shape);
    const st = tensor(s.length === 1 ? new Array<number>(channels).fill(s[0]) : s, { dtype: x.dtype }).view(shape);
    return x.sub(mt).div(st);
  };
}

/**
 * Converts pixel values to a float32 tensor in [0, 1], like `transforms.ToTensor`'s scaling: integer
 * input (an int32 tensor, or raw bytes such as an IDX file's `{ data: Uint8Array, shape }`) is
 * divided by 255; floating input (float typed arrays, plain number arrays) is converted to float32
 * unchanged. The shape is kept as it is (no
 * HWC-to-CHW permutation: IDX and the bundled data sets are already `[N, H, W]` / `[N, C, H, W]`).
 * @example
 * const raw = data.readIdx("train-images-idx3-ubyte");        // uint8 [60000, 28, 28]
 * const images = data.transforms.toTensor(raw).view(-1, 1, 28, 28);
 */
export function toTensor(input: Tensor | { data: ArrayLike<number>; shape: readonly number[] }): Tensor {
  const src = input.data;
  const isInteger = input instanceof Tensor
    ? input.dtype === "int32"
    : !(src instanceof Float32Array || src instanceof Float64Array || Array.isArray(src));
  const n = src.length;
  const expected = input.shape.reduce((a, b) => a * b, 1);
  if (expected !== n) throw new Error(`toTensor: ${n} values do not fill shape ${formatShape(input.shape)}`);
  const out = allocate("float32", n);
  if (isInteger) for (let i = 0; i < n; i++) out[i] = src[i] / 255;
  else for (let i = 0; i < n; i++) out[i] = src[i];
  return new Tensor(out, input.shape);
}
