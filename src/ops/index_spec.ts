import { Tensor } from "../tensor/tensor.ts";
import { tensor, type NestedNumbers } from "../tensor/creation.ts";
import { broadcastShapes, broadcastStrides, formatShape, numel, contiguousStrides } from "../tensor/shape.ts";
import { kernels } from "../backend/registry.ts";

/**
 * One index of `x.index(...specs)`, PyTorch's `x[...]` spelled in TypeScript:
 * - an integer: picks one position (negative counts from the end) and drops the dimension (`x[1]`);
 * - a slice string in Python's spelling, `"start:stop:step"` with each part optional (`":"`, `"1:3"`,
 *   `"::2"`, `"-1:"`); the step must be positive, as in PyTorch;
 * - `"..."`: as many `":"` as the dimensions not indexed otherwise;
 * - `null`: a new dimension of size 1 (`x[None]`);
 * - an int32 tensor or a (nested) array of integers: advanced indexing, picking positions along the
 *   dimension (several index tensors broadcast together);
 * - a bool tensor or a (nested) array of booleans: a mask over as many dimensions as it has,
 *   selecting where it is true (a 0-d one adds an axis of size 1 or 0).
 */
export type IndexSpec = number | string | null | Tensor | readonly NestedNumbers[];

/** Where each element of `x.index(...specs)` comes from: its shape and one offset into x.data per element. */
export interface IndexPlan {
  shape: number[];
  offsets: Int32Array;
  /** True when some spec was an index tensor or mask (offsets may then repeat). */
  advanced: boolean;
}

/** The dimension of the view being built: its size, its stride in x.data, and the x dimension it came from. */
interface Axis {
  size: number;
  stride: number;
  source: number;
  /** Int32 indices along this axis (advanced indexing), or null for a plain axis. */
  index: Tensor | null;
  /** The position of the spec that made this axis an indexed one (for errors). */
  spec?: number;
}

/** True for a bool tensor (a mask). */
export function isMask(t: Tensor): boolean {
  return t.dtype === "bool";
}

function describe(spec: IndexSpec): string {
  if (spec instanceof Tensor) return `a ${spec.dtype} tensor of shape ${formatShape(spec.shape)}`;
  if (typeof spec === "string") return `"${spec}"`;
  return JSON.stringify(spec);
}

/** Parses `"start:stop:step"` against a dimension of `size`, with Python's clamping. */
function parseSlice(op: string, spec: string, k: number, size: number, dim: number): { start: number; count: number; step: number } {
  const parts = spec.split(":");
  const bad = (why: string): Error => new Error(`${op}: spec ${k} "${spec}" (dimension ${dim}) ${why}`);
  if (parts.length < 2 || parts.length > 3) throw bad('is not a slice; expected "start:stop" or "start:stop:step" (or "..." for an ellipsis)');
  const nums = parts.map((p) => {
    const s = p.trim();
    if (s === "") return null;
    if (!/^[+-]?\d+$/.test(s)) throw bad(`has "${s}", which is not an integer`);
    return Number(s);
  });
  const step = nums[2] ?? 1;
  if (step === 0) throw bad("has step 0; slice step cannot be zero");
  if (step < 0) throw bad("has a negative step, which PyTorch does not support (step must be greater than zero); use flip() to reverse");
  const clampIndex = (v: number | null, fallback: number): number => {
    if (v === null) return fallback;
    const w = v < 0 ? v + size : v;
    return Math.min(Math.max(w, 0), size);
  };
  const start = clampIndex(nums[0], 0);
  const stop = clampIndex(nums[1], size);
  const count = stop > start ? Math.ceil((stop - start) / step) : 0;
  return { start, count, step };
}

/** Turns a JS array into an int32 index tensor (an array of booleans into a mask, as PyTorch). */
function asIndexTensor(op: string, spec: readonly NestedNumbers[], k: number): Tensor {
  const flat = (spec as NestedNumbers[]).flat(Infinity as 1) as unknown[];
  if (flat.length > 0 && flat.every((v) => typeof v === "boolean")) return tensor(spec as NestedNumbers, { dtype: "bool" });
  if (flat.some((v) => typeof v !== "number" || !Number.isInteger(v))) {
    throw new Error(`${op}: spec ${k} ${describe(spec)} must hold integers only, or booleans only (a mask)`);
  }
  return tensor(spec as NestedNumbers, { dtype: "int32" });
}

/** How many dimensions of x a spec consumes. */
function consumes(spec: IndexSpec): number {
  if (spec === null || spec === "...") return 0;
  if (spec instanceof Tensor && isMask(spec)) return spec.dim();
  return 1;
}

/** The flat offsets of a strided walk over `sizes` / `strides`, row-major, starting at `base`. */
function stridedOffsets(sizes: readonly number[], strides: readonly number[], base: number): Int32Array {
  const out = new Int32Array(numel(sizes));
  const n = sizes.length;
  if (out.length === 0) return out;
  const idx = new Array<number>(n).fill(0);
  let off = base;
  for (let i = 0; i < out.length; i++) {
    out[i] = off;
    for (let d = n - 1; d >= 0; d--) {
      idx[d]++;
      off += strides[d];
      if (idx[d] < sizes[d]) break;
      off -= strides[d] * sizes[d];
      idx[d] = 0;
    }
  }
  return out;
}

/**
 * Resolves `specs` against a tensor of `shape` into the offsets of the elements they select, with
 * PyTorch's rules: integers and slices first (basic indexing), then the index tensors broadcast
 * together; their result dimensions replace the indexed ones where those are adjacent, and go first
 * when a slice separates them (NumPy's rule, as PyTorch). Errors name `op`, the spec and the dimension.
 */
export function planIndex(op: string, shape: readonly number[], specs: readonly IndexSpec[]): IndexPlan {
  const specsT = specs.map((s, k) => (Array.isArray(s) ? asIndexTensor(op, s as readonly NestedNumbers[], k) : (s as Exclude<IndexSpec, readonly NestedNumbers[]>)));
  const ellipses = specsT.filter((s) => s === "...").length;
  if (ellipses > 1) throw new Error(`${op}: an index can only have a single ellipsis ("...")`);
  const used = specsT.reduce<number>((n, s) => n + consumes(s), 0);
  if (used > shape.length) {
    throw new Error(`${op}: too many indices for a tensor of dimension ${shape.length} (the specs index ${used} dimensions)`);
  }
  const strides = contiguousStrides(shape);
  const axes: Axis[] = [];
  let base = 0;
  let dim = 0; // the next dimension of x to index
  specsT.forEach((spec, k) => {
    if (spec === null) {
      axes.push({ size: 1, stride: 0, source: -1, index: null });
    } else if (spec === "...") {
      const skip = shape.length - used;
      for (let i = 0; i < skip; i++, dim++) axes.push({ size: shape[dim], stride: strides[dim], source: dim, index: null });
    } else if (typeof spec === "number") {
      const size = shape[dim];
      if (!Number.isInteger(spec)) throw new Error(`${op}: spec ${k} ${spec} (dimension ${dim}) is not an integer`);
      if (spec < -size || spec >= size) {
        throw new Error(`${op}: index ${spec} (spec ${k}) is out of bounds for dimension ${dim} with size ${size}`);
      }
      base += (spec < 0 ? spec + size : spec) * strides[dim];
      dim++;
    } else if (typeof spec === "string") {
      const { start, count, step } = parseSlice(op, spec, k, shape[dim], dim);
      base += start * strides[dim];
      axes.push({ size: count, stride: strides[dim] * step, source: dim, index: null });
      dim++;
    } else if (spec instanceof Tensor) {
      if (isMask(spec) && spec.dim() === 0) {
        // x[True] / x[False]: a new axis of size 1 or 0
        const n = spec.data[0] !== 0 ? 1 : 0;
        axes.push({ size: 1, stride: 0, source: -1, index: new Tensor(new Int32Array(n), [n]), spec: k });
      } else if (isMask(spec)) {
        const maskShape = spec.shape;
        maskShape.forEach((s, i) => {
          if (s !== shape[dim + i]) {
            throw new Error(
              `${op}: the shape of the mask ${formatShape(maskShape)} (spec ${k}) does not match the shape of the indexed tensor ` +
                `${formatShape(shape)} at dimension ${dim + i} (${s} != ${shape[dim + i]})`,
            );
          }
        });
        // a mask is the index tensors of its true positions, one per dimension it covers
        const flat = kernels().nonzeroFlat(spec.data);
        const maskStrides = contiguousStrides(maskShape);
        maskShape.forEach((_, i) => {
          const coords = new Int32Array(flat.length);
          for (let j = 0; j < flat.length; j++) coords[j] = Math.floor(flat[j] / maskStrides[i]) % maskShape[i];
          axes.push({ size: shape[dim], stride: strides[dim], source: dim, index: new Tensor(coords, [flat.length]), spec: k });
          dim++;
        });
      } else {
        if (spec.dtype !== "int32") {
          throw new Error(`${op}: spec ${k} (dimension ${dim}) is a ${spec.dtype} tensor; tensors used as indices must be int32 (indices) or bool (masks)`);
        }
        axes.push({ size: shape[dim], stride: strides[dim], source: dim, index: spec, spec: k });
        dim++;
      }
    } else {
      throw new Error(`${op}: spec ${k} ${describe(spec)} is not an index (expected an integer, a slice string, "...", null, an index tensor or array, or a mask)`);
    }
  });
  for (; dim < shape.length; dim++) axes.push({ size: shape[dim], stride: strides[dim], source: dim, index: null });

  const advanced = axes.map((a, i) => (a.index !== null ? i : -1)).filter((i) => i >= 0);
  if (advanced.length === 0) {
    return { shape: axes.map((a) => a.size), offsets: stridedOffsets(axes.map((a) => a.size), axes.map((a) => a.stride), base), advanced: false };
  }
  // the index tensors broadcast together; each of their elements is one offset (the sum over indexed axes)
  const indices = advanced.map((i) => axes[i].index!);
  const bshape = indices.reduce<number[]>((s, t) => broadcastShapes(`${op}: the index tensors`, s, t.shape), []);
  const nb = numel(bshape);
  const advOffsets = new Int32Array(nb);
  for (const i of advanced) {
    const { size, stride, source, index, spec } = axes[i];
    const idx = index!;
    const walk = stridedOffsets(bshape, broadcastStrides(idx.shape, bshape), 0);
    for (let b = 0; b < nb; b++) {
      const v = idx.data[walk[b]];
      if (v < -size || v >= size) {
        throw new Error(`${op}: index ${v} (spec ${spec}) is out of bounds for dimension ${source} with size ${size}`);
      }
      advOffsets[b] += (v < 0 ? v + size : v) * stride;
    }
  }
  const adjacent = advanced[advanced.length - 1] - advanced[0] === advanced.length - 1;
  const plain = axes.filter((a) => a.index === null);
  const split = adjacent ? axes.slice(0, advanced[0]).length : 0;
  const before = plain.slice(0, split);
  const after = plain.slice(split);
  const beforeOff = stridedOffsets(before.map((a) => a.size), before.map((a) => a.stride), base);
  const afterOff = stridedOffsets(after.map((a) => a.size), after.map((a) => a.stride), 0);
  const outShape = [...before.map((a) => a.size), ...bshape, ...after.map((a) => a.size)];
  const offsets = new Int32Array(numel(outShape));
  let o = 0;
  for (let i = 0; i < beforeOff.length; i++) {
    for (let b = 0; b < nb; b++) {
      const ib = beforeOff[i] + advOffsets[b];
      for (let j = 0; j < afterOff.length; j++) offsets[o++] = ib + afterOff[j];
    }
  }
  return { shape: outShape, offsets, advanced: true };
}
