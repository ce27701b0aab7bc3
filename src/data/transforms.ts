/**
 * Common tensor transforms, like torchvision's `transforms`: each builder returns a function from
 * tensor to tensor, and `compose` chains them (`toTensor` and `flatten` are transforms themselves).
 * They work on one image `[C, H, W]` or on a whole batch `[N, C, H, W]` at once (cheaper: transform
 * the data set's tensor once, before the DataLoader). The random ones (`randomHorizontalFlip`,
 * `randomCrop`) draw once per call, so a batch gets one draw, as in torchvision: use them per sample
 * for augmentation.
 * @example
 * const prep = data.transforms.compose([data.transforms.toTensor, data.transforms.normalize(0.5, 0.5)]);
 * const images = prep(bp.tensor(pixels, { dtype: "int32" }).view(-1, 1, 28, 28)); // in [-1, 1]
 */
import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { formatShape } from "../tensor/shape.ts";
import { uniform } from "../tensor/random.ts";
import { RandomState } from "../random/random_state.ts";

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

/** The layout rule of `toTensor`: the shape out, and whether HWC values move to CHW. */
function chwLayout(shape: readonly number[]): { shape: number[]; hwc: boolean } {
  if (shape.length === 2) return { shape: [1, shape[0], shape[1]], hwc: false };
  if (shape.length === 3 && shape[2] >= 1 && shape[2] <= 4) return { shape: [shape[2], shape[0], shape[1]], hwc: true };
  return { shape: [...shape], hwc: false };
}

/**
 * Converts an image to a float32 tensor in [0, 1] laid out channels-first, like torchvision's
 * `transforms.ToTensor()` on a numpy array.
 *
 * Scaling: integer input (an int32 tensor such as `readImage`'s, or raw bytes such as an IDX file's
 * `{ data: Uint8Array, shape }`) is divided by 255; floating input (float typed arrays, plain number
 * arrays) is converted to float32 unchanged.
 *
 * Layout, by shape:
 * - `[H, W]` (a grey image, as `readImage` gives it) becomes `[1, H, W]`;
 * - `[H, W, C]` with C in {1, 2, 3, 4} (an HWC image: grey, grey + alpha, RGB, RGBA) becomes `[C, H, W]`;
 * - anything else is kept as it is: 1-D values, `[N, H, W]` stacks whose last size is over 4 (IDX
 *   files: `[60000, 28, 28]`), and 4-D batches `[N, C, H, W]`.
 * A 3-D tensor that is already CHW with a width of 1 to 4 pixels would be taken for HWC: pass such
 * tiny images through `.float().div(255)` instead.
 * @example
 * const img = data.transforms.toTensor(data.readImage("cat.png"));      // [H, W, 3] int32 -> [3, H, W] float32
 * const raw = data.readIdx("train-images-idx3-ubyte");                 // uint8 [60000, 28, 28]
 * const images = data.transforms.toTensor(raw).view(-1, 1, 28, 28);    // shape kept, then viewed
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
  const layout = chwLayout(input.shape);
  if (!layout.hwc) {
    if (isInteger) for (let i = 0; i < n; i++) out[i] = src[i] / 255;
    else for (let i = 0; i < n; i++) out[i] = src[i];
    return new Tensor(out, layout.shape);
  }
  const [c, h, w] = layout.shape;
  const plane = h * w;
  for (let p = 0; p < plane; p++) {
    for (let k = 0; k < c; k++) out[k * plane + p] = isInteger ? src[p * c + k] / 255 : src[p * c + k];
  }
  return new Tensor(out, layout.shape);
}

/**
 * Flattens one image to a vector, or each image of a batch: `[C, H, W]` (or `[H, W]`, or any tensor of
 * up to 3 dimensions) becomes `[C * H * W]`; a batch `[N, C, H, W]` becomes `[N, C * H * W]` (what
 * `torch.flatten(x, start_dim=1)` does before a linear layer). A view: no values are copied.
 * @example
 * const prep = data.transforms.compose([data.transforms.toTensor, data.transforms.normalize(0.5, 0.5), data.transforms.flatten]);
 * prep(data.readImage("digit.png")).shape; // [784]
 */
export function flatten(x: Tensor): Tensor {
  if (!(x instanceof Tensor)) throw new TypeError("flatten: expected a Tensor");
  if (x.dim() <= 3) return x.reshape(-1);
  if (x.dim() === 4) return x.reshape(x.shape[0], -1);
  throw new Error(`flatten: expected one image (up to 3 dimensions) or a batch [N, C, H, W], got ${formatShape(x.shape)}`);
}

// ---------------------------------------------------------------- geometry helpers

/** The trailing [H, W] of an image tensor and the number of H x W planes before them. */
function planesOf(op: string, x: Tensor): { lead: number; h: number; w: number } {
  if (!(x instanceof Tensor)) throw new TypeError(`${op}: expected a Tensor`);
  if (x.dim() < 2) throw new Error(`${op}: expected an image [..., H, W] ([C, H, W] or [N, C, H, W]), got ${formatShape(x.shape)}`);
  const h = x.shape[x.dim() - 2];
  const w = x.shape[x.dim() - 1];
  return { lead: x.shape.slice(0, -2).reduce((a, b) => a * b, 1), h, w };
}

function withSize(x: Tensor, h: number, w: number): number[] {
  return [...x.shape.slice(0, -2), h, w];
}

/** A size argument: one number for a square, or [h, w]; checked positive integers. */
function sizePair(op: string, size: number | readonly number[]): [number, number] {
  const pair = typeof size === "number" ? [size, size] : [...size];
  if (pair.length === 1) pair.push(pair[0]);
  if (pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v > 0)) {
    throw new Error(`${op}: size must be a positive integer or [height, width] of positive integers, got ${JSON.stringify(size)}`);
  }
  return [pair[0], pair[1]];
}

/**
 * The window [top, top + h) x [left, left + w) of every plane; places outside the image get `fill`
 * (so a window that starts before 0 or ends past the edge pads).
 */
function cropPlanes(x: Tensor, top: number, left: number, h: number, w: number, fill: number): Tensor {
  const { lead, h: H, w: W } = planesOf("crop", x);
  const src = x.data;
  const out = allocate(x.dtype, lead * h * w);
  if (fill !== 0) out.fill(fill);
  for (let p = 0; p < lead; p++) {
    for (let y = 0; y < h; y++) {
      const sy = top + y;
      if (sy < 0 || sy >= H) continue;
      const x0 = Math.max(0, -left);
      const x1 = Math.min(w, W - left);
      if (x1 <= x0) continue;
      const from = p * H * W + sy * W + left;
      out.set(src.subarray(from + x0, from + x1), p * h * w + y * w + x0);
    }
  }
  return new Tensor(out, withSize(x, h, w));
}

/** Python's round(): halves go to the even neighbour. */
function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

// ---------------------------------------------------------------- resize

/** Options of `resize`. */
export interface ResizeOptions {
  /** "bilinear" (default) or "nearest", as torch.nn.functional.interpolate's modes. */
  interpolation?: "bilinear" | "nearest";
}

/** Bilinear source indices and weights along one axis, torch's align_corners=False rule. */
function linearAxis(inSize: number, outSize: number, f: (v: number) => number): { i0: Int32Array; i1: Int32Array; w0: Float64Array; w1: Float64Array } {
  const scale = f(inSize / outSize);
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w0 = new Float64Array(outSize);
  const w1 = new Float64Array(outSize);
  for (let d = 0; d < outSize; d++) {
    let src = f(f(scale * f(d + 0.5)) - 0.5);
    if (src < 0) src = 0;
    const lo = Math.floor(src);
    const lambda = f(src - lo);
    i0[d] = lo;
    i1[d] = lo < inSize - 1 ? lo + 1 : lo;
    w1[d] = lambda;
    w0[d] = f(1 - lambda);
  }
  return { i0, i1, w0, w1 };
}

/** torch's "nearest" source index (legacy mode, computed in float32 as torch does). */
function nearestAxis(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  const scale = Math.fround(inSize / outSize);
  for (let d = 0; d < outSize; d++) {
    if (outSize === inSize) idx[d] = d;
    else if (outSize === 2 * inSize) idx[d] = d >> 1;
    else idx[d] = Math.min(Math.floor(Math.fround(d * scale)), inSize - 1);
  }
  return idx;
}

/**
 * Resizes images, like torchvision's `transforms.Resize(size, interpolation)` on tensors with
 * `antialias=False`, i.e. `torch.nn.functional.interpolate(x, size, mode="bilinear",
 * align_corners=False)` or `mode="nearest"`. Works on the last two dimensions: `[H, W]`, `[C, H, W]`,
 * `[N, C, H, W]`.
 *
 * `size`: `[h, w]` for an exact size; one number matches the smaller edge to it and keeps the aspect
 * ratio (the longer edge becomes `floor(size * long / short)`, torchvision's rule). Float images keep
 * their dtype (float32 computed in float32 like torch); int32 images (0..255 pixels) are interpolated
 * in float32 and rounded half to even, as torchvision does for uint8. No antialiasing when shrinking
 * (torchvision >= 0.17 antialiases by default: pass its `antialias=False` to compare).
 * @example
 * const small = data.transforms.resize([14, 14])(images);            // [N, 1, 28, 28] -> [N, 1, 14, 14]
 * const thumb = data.transforms.resize(32, { interpolation: "nearest" })(img); // [3, 64, 96] -> [3, 32, 48]
 */
export function resize(size: number | readonly number[], options: ResizeOptions = {}): Transform {
  const mode = options.interpolation ?? "bilinear";
  if (mode !== "bilinear" && mode !== "nearest") throw new Error(`resize: interpolation must be "bilinear" or "nearest", got ${JSON.stringify(mode)}`);
  const edge = typeof size === "number" || size.length === 1;
  const fixed = sizePair("resize", size);
  return (x: Tensor) => {
    const { lead, h: H, w: W } = planesOf("resize", x);
    if (x.dtype === "bool") throw new Error("resize: expected a float or int32 image, got bool");
    if (H === 0 || W === 0) throw new Error(`resize: the image has no pixels (shape ${formatShape(x.shape)})`);
    let [h, w] = fixed;
    if (edge) {
      const short = Math.min(H, W);
      const long = Math.max(H, W);
      const other = Math.floor((fixed[0] * long) / short);
      [h, w] = H <= W ? [fixed[0], other] : [other, fixed[0]];
    }
    const src = x.data;
    const out = allocate(x.dtype, lead * h * w);
    if (mode === "nearest") {
      const ys = nearestAxis(H, h);
      const xs = nearestAxis(W, w);
      for (let p = 0; p < lead; p++) {
        for (let y = 0; y < h; y++) {
          const row = p * H * W + ys[y] * W;
          for (let c = 0; c < w; c++) out[p * h * w + y * w + c] = src[row + xs[c]];
        }
      }
      return new Tensor(out, withSize(x, h, w));
    }
    const f = x.dtype === "float64" ? (v: number) => v : Math.fround;
    const ay = linearAxis(H, h, f);
    const ax = linearAxis(W, w, f);
    const isInt = x.dtype === "int32";
    for (let p = 0; p < lead; p++) {
      const base = p * H * W;
      for (let y = 0; y < h; y++) {
        const r0 = base + ay.i0[y] * W;
        const r1 = base + ay.i1[y] * W;
        for (let c = 0; c < w; c++) {
          const top = f(f(ax.w0[c] * src[r0 + ax.i0[c]]) + f(ax.w1[c] * src[r0 + ax.i1[c]]));
          const bottom = f(f(ax.w0[c] * src[r1 + ax.i0[c]]) + f(ax.w1[c] * src[r1 + ax.i1[c]]));
          const v = f(f(ay.w0[y] * top) + f(ay.w1[y] * bottom));
          out[p * h * w + y * w + c] = isInt ? roundHalfEven(v) : v;
        }
      }
    }
    return new Tensor(out, withSize(x, h, w));
  };
}

/**
 * Crops the centre of images, like torchvision's `transforms.CenterCrop(size)`: the window starts at
 * `round((H - h) / 2)`, `round((W - w) / 2)` (halves to even, as Python rounds); a crop larger than the
 * image pads it with zeros first (`(h - H) // 2` rows on top). Works on `[..., H, W]`.
 * @example
 * const crop = data.transforms.centerCrop(24)(images); // [N, 1, 28, 28] -> [N, 1, 24, 24]
 */
export function centerCrop(size: number | readonly number[]): Transform {
  const [h, w] = sizePair("centerCrop", size);
  return (x: Tensor) => {
    const { h: H, w: W } = planesOf("centerCrop", x);
    const top = h > H ? -Math.floor((h - H) / 2) : roundHalfEven((H - h) / 2);
    const left = w > W ? -Math.floor((w - W) / 2) : roundHalfEven((W - w) / 2);
    return cropPlanes(x, top, left, h, w, 0);
  };
}

// ---------------------------------------------------------------- random transforms

/** Where a random transform draws from. */
export interface RandomTransformOptions {
  /** A seed for the transform's own generator (numpy's MT19937): the same seed, the same draws. */
  seed?: number;
  /** A generator to draw from (shared with other users); wins over `seed`. */
  generator?: RandomState;
}

/**
 * A uniform [0, 1) source: the given generator, a private one seeded with `seed`, else the global
 * generator (`bp.manualSeed`).
 */
function randomSource(op: string, options: RandomTransformOptions): () => number {
  if (options.generator !== undefined) {
    const g = options.generator;
    if (!(g instanceof RandomState)) throw new TypeError(`${op}: generator must be a RandomState`);
    return () => g.randomSample() as number;
  }
  if (options.seed !== undefined) {
    const seed = options.seed;
    if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new Error(`${op}: seed must be an integer from 0 to 2**32 - 1, got ${String(seed)}`);
    const g = new RandomState(seed);
    return () => g.randomSample() as number;
  }
  return uniform;
}

/**
 * Flips images left to right with probability `p`, like torchvision's
 * `transforms.RandomHorizontalFlip(p)`: one draw per call (a batch `[N, C, H, W]` is flipped as a
 * whole, as torchvision does for a batched tensor; apply it per sample in a data set for per-image
 * flips). Draws from `generator`, or a private generator seeded with `seed` (so a run repeats), else
 * the global generator (`bp.manualSeed`).
 * @param p the probability of a flip, 0..1 (default 0.5)
 * @example
 * const flip = data.transforms.randomHorizontalFlip(0.5, { seed: 0 });
 * const augmented = flip(img); // [3, 32, 32], mirrored or not
 */
export function randomHorizontalFlip(p = 0.5, options: RandomTransformOptions = {}): Transform {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) throw new Error(`randomHorizontalFlip: p must be a probability from 0 to 1, got ${String(p)}`);
  const draw = randomSource("randomHorizontalFlip", options);
  return (x: Tensor) => {
    planesOf("randomHorizontalFlip", x);
    return draw() < p ? x.flip(-1) : x;
  };
}

/** Options of `randomCrop`. */
export interface RandomCropOptions extends RandomTransformOptions {
  /**
   * Padding added before cropping: one number for all sides, [left/right, top/bottom], or
   * [left, top, right, bottom] (default 0).
   */
  padding?: number | readonly number[];
  /** Pad an image smaller than the crop (both sides, by the difference), as torchvision's pad_if_needed (default false). */
  padIfNeeded?: boolean;
  /** The value of padded pixels (default 0). */
  fill?: number;
}

/**
 * Crops a random window of `size`, like torchvision's `transforms.RandomCrop(size, padding,
 * pad_if_needed, fill)` (constant padding): pads, then draws the top row and the left column uniformly
 * (top first). Works on `[..., H, W]`; a batch gets one window (as torchvision does for a batched
 * tensor). Draws from `generator`, or a private generator seeded with `seed`, else the global one.
 * @example
 * const crop = data.transforms.randomCrop(32, { padding: 4, seed: 1 }); // CIFAR's augmentation
 * crop(img).shape; // [3, 32, 32]
 */
export function randomCrop(size: number | readonly number[], options: RandomCropOptions = {}): Transform {
  const [h, w] = sizePair("randomCrop", size);
  const pad = options.padding ?? 0;
  const sides = typeof pad === "number" ? [pad, pad, pad, pad] : pad.length === 2 ? [pad[0], pad[1], pad[0], pad[1]] : [...pad];
  if (sides.length !== 4 || !sides.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new Error(`randomCrop: padding must be a non-negative integer, [left/right, top/bottom] or [left, top, right, bottom], got ${JSON.stringify(pad)}`);
  }
  const fill = options.fill ?? 0;
  if (typeof fill !== "number" || !Number.isFinite(fill)) throw new Error(`randomCrop: fill must be a finite number, got ${String(fill)}`);
  const draw = randomSource("randomCrop", options);
  return (x: Tensor) => {
    const { h: H, w: W } = planesOf("randomCrop", x);
    let [left, top, right, bottom] = sides;
    if (options.padIfNeeded === true) {
      if (W + left + right < w) {
        const d = w - (W + left + right);
        left += d;
        right += d;
      }
      if (H + top + bottom < h) {
        const d = h - (H + top + bottom);
        top += d;
        bottom += d;
      }
    }
    const ph = H + top + bottom;
    const pw = W + left + right;
    if (ph < h || pw < w) {
      throw new Error(`randomCrop: the crop size [${h}, ${w}] is larger than the (padded) image [${ph}, ${pw}]; pass padIfNeeded: true or pad it`);
    }
    let i = 0;
    let j = 0;
    if (ph !== h || pw !== w) {
      i = Math.floor(draw() * (ph - h + 1));
      j = Math.floor(draw() * (pw - w + 1));
    }
    return cropPlanes(x, i - top, j - left, h, w, fill);
  };
}

// ---------------------------------------------------------------- colour

/**
 * Converts RGB images to grey, like torchvision's `transforms.Grayscale(num_output_channels)` on
 * tensors: `l = 0.2989 r + 0.587 g + 0.114 b` over the channel dimension -3 (torchvision's tensor
 * kernel; PIL's convert("L") uses 0.299), computed in float32 (float64 for float64 input) and cast
 * back to the input dtype (int32 truncated, as torchvision's `.to(uint8)`). A one-channel image is
 * copied. Works on `[3, H, W]` and `[N, 3, H, W]`.
 * @param numOutputChannels 1 (default) for `[..., 1, H, W]`, or 3 for the grey value repeated in three channels
 * @example
 * const grey = data.transforms.grayscale()(rgb); // [N, 3, 32, 32] -> [N, 1, 32, 32]
 */
export function grayscale(numOutputChannels = 1): Transform {
  if (numOutputChannels !== 1 && numOutputChannels !== 3) throw new Error(`grayscale: numOutputChannels must be 1 or 3, got ${String(numOutputChannels)}`);
  return (x: Tensor) => {
    if (!(x instanceof Tensor)) throw new TypeError("grayscale: expected a Tensor");
    const c = x.dim() >= 3 ? x.shape[x.dim() - 3] : 0;
    if (c !== 1 && c !== 3) throw new Error(`grayscale: expected an image [..., 1 or 3, H, W], got ${formatShape(x.shape)}`);
    if (x.dtype === "bool") throw new Error("grayscale: expected a float or int32 image, got bool");
    const plane = x.shape[x.dim() - 2] * x.shape[x.dim() - 1];
    const lead = plane === 0 ? 0 : x.numel() / (c * plane);
    const src = x.data;
    const out = allocate(x.dtype, lead * numOutputChannels * plane);
    const f = x.dtype === "float64" ? (v: number) => v : Math.fround;
    const [wr, wg, wb] = [f(0.2989), f(0.587), f(0.114)];
    for (let n = 0; n < lead; n++) {
      const s = n * c * plane;
      const o = n * numOutputChannels * plane;
      for (let i = 0; i < plane; i++) {
        let v: number;
        if (c === 1) v = src[s + i];
        else {
          v = f(f(src[s + i] * wr) + f(src[s + plane + i] * wg));
          v = f(v + f(src[s + 2 * plane + i] * wb));
          if (x.dtype === "int32") v = Math.trunc(v);
        }
        for (let k = 0; k < numOutputChannels; k++) out[o + k * plane + i] = v;
      }
    }
    const shape = [...x.shape];
    shape[shape.length - 3] = numOutputChannels;
    return new Tensor(out, shape);
  };
}
