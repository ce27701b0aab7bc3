import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { broadcastStrides, contiguousStrides, formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { sumToShape } from "./reduce.ts";

/*
 * Shape ops. Storage is always contiguous, so reshape / view share the data and cost nothing, while
 * transpose / permute / expand copy into the new layout.
 */

/** Accepts `f(2, 3)` and `f([2, 3])` alike. */
export function shapeFromArgs(args: readonly (number | readonly number[])[]): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args.map((a) => {
    if (typeof a !== "number") throw new Error(`shape: expected numbers or one array, got ${JSON.stringify(args)}`);
    return a;
  });
}

/** Resolves one -1 in a requested shape. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const free = shape.filter((s) => s === -1).length;
  if (free > 1) throw new Error(`${op}: only one dimension can be inferred (-1), got ${formatShape(shape)}`);
  const known = shape.reduce((n, s) => (s === -1 ? n : n * s), 1);
  const out = shape.map((s) => (s === -1 ? (known === 0 ? 0 : x.numel() / known) : s));
  if (out.some((s) => !Number.isInteger(s) || s < 0) || numel(out) !== x.numel()) {
    throw new Error(`${op}: shape ${formatShape(shape)} is invalid for input of size ${x.numel()} (shape ${formatShape(x.shape)})`);
  }
  return out;
}

/**
 * Same data in a new shape; one size may be -1. Also as `x.reshape(...)` and `x.view(...)`.
 * @example bp.arange(6).reshape(2, 3).shape; // [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[], op = "reshape"): Tensor {
  const out = new Tensor(x.data, inferShape(op, x, shape));
  // reshape moves no values: the gradient takes the input's shape back
  return record(out, "View", [x], (g) => [g.reshape(x.shape)]);
}

/** Copies x into the layout given by reading it with `strides` over `shape`. */
function relayout(x: Tensor, strides: readonly number[], shape: readonly number[]): Tensor {
  const out = new Tensor(allocate(x.dtype, numel(shape)), shape);
  kernels().copyStrided(x.data, 0, strides, out.data, shape);
  return out;
}

/**
 * Reorders dimensions: result dim i is input dim `dims[i]`.
 * @example bp.zeros(2, 3, 4).permute(2, 0, 1).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  if (dims.length !== x.dim()) {
    throw new Error(`permute: got ${dims.length} dims ${formatShape(dims)} for a tensor of ${x.dim()} dims`);
  }
  const norm = dims.map((d) => normalizeDim("permute", d, x.dim()));
  if (new Set(norm).size !== norm.length) throw new Error(`permute: repeated dimension in ${formatShape(dims)}`);
  const strides = contiguousStrides(x.shape);
  const out = relayout(x, norm.map((d) => strides[d]), norm.map((d) => x.shape[d]));
  const inverse = new Array<number>(norm.length);
  norm.forEach((d, i) => (inverse[d] = i));
  // permuting moves values: the gradient is moved back by the inverse permutation
  return record(out, "Permute", [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dimensions. @example bp.zeros(2, 3).transpose(0, 1).shape; // [3, 2] */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  const a = normalizeDim("transpose", dim0, x.dim());
  const b = normalizeDim("transpose", dim1, x.dim());
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, dims);
}

/** Flattens dims `startDim..endDim` into one. @example bp.zeros(64, 1, 28, 28).flatten(1).shape; // [64, 784] */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim("flatten", startDim, x.dim());
  const e = normalizeDim("flatten", endDim, x.dim());
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Inserts a size-1 dimension at `dim`. @example bp.zeros(3).unsqueeze(0).shape; // [1, 3] */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  const d = normalizeDim("unsqueeze", dim, x.dim() + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Removes size-1 dimensions (all, or only `dim`). @example bp.zeros(1, 3, 1).squeeze().shape; // [3] */
export function squeeze(x: Tensor, dim?: number): Tensor {
  if (dim === undefined) return reshape(x, x.shape.filter((s) => s !== 1));
  const d = normalizeDim("squeeze", dim, x.dim());
  if (x.dim() === 0 || x.shape[d] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== d));
}

/**
 * Broadcasts to `shape` (a copy; -1 keeps a size). @example bp.tensor([1, 2]).expand(3, 2).shape; // [3, 2]
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  const lead = shape.length - x.dim();
  if (lead < 0) throw new Error(`expand: target ${formatShape(shape)} has fewer dims than the tensor ${formatShape(x.shape)}`);
  const target = shape.map((s, i) => (s === -1 && i >= lead ? x.shape[i - lead] : s));
  target.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0) {
      const why = s === -1 ? "-1 is not allowed for a new leading dimension" : "sizes must be non-negative integers";
      throw new Error(`expand: invalid size ${s} at dimension ${i} of ${formatShape(shape)} (${why})`);
    }
    const own = i >= lead ? x.shape[i - lead] : 1;
    if (own !== 1 && own !== s) {
      throw new Error(`expand: the size ${own} of ${formatShape(x.shape)} must match ${s} at dimension ${i} of ${formatShape(shape)}`);
    }
  });
  if (target.length === x.dim() && target.every((s, i) => s === x.shape[i])) return x;
  const out = relayout(x, broadcastStrides(x.shape, target), target);
  // d expand/dx: each input value fed many outputs, so their gradients add up
  return record(out, "Expand", [x], (g) => [sumToShape(g, x.shape)]);
}

/**
 * The slice `start .. start+length` along `dim` (a copy), like `torch.narrow`; `x[:10]` is `narrow(x, 0, 0, 10)`.
 * @example bp.arange(10).narrow(0, 2, 3); // tensor([2., 3., 4.])
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  const d = normalizeDim("narrow", dim, x.dim());
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new Error(`narrow: start ${start} and length ${length} exceed dimension ${d} of size ${size}`);
  }
  const shape = [...x.shape];
  shape[d] = length;
  const strides = contiguousStrides(x.shape);
  const out = new Tensor(allocate(x.dtype, numel(shape)), shape);
  kernels().copyStrided(x.data, s * strides[d], strides, out.data, shape);
  // d narrow/dx: the gradient lands in the slice, zeros elsewhere
  return record(out, "Narrow", [x], (g) => [padSlice(g, x.shape, d, s)]);
}

/** A zero tensor of `shape` with `g` written at offset `start` along `dim`. */
function padSlice(g: Tensor, shape: readonly number[], dim: number, start: number): Tensor {
  const out = new Tensor(allocate(g.dtype, numel(shape)), shape);
  const inner = numel(shape.slice(dim + 1));
  const outer = numel(shape.slice(0, dim));
  const block = g.shape[dim] * inner;
  for (let o = 0; o < outer; o++) {
    out.data.set(g.data.subarray(o * block, (o + 1) * block), o * shape[dim] * inner + start * inner);
  }
  return out;
}

/** The slice at `index` along `dim`, without that dim; `x[i]` is `select(x, 0, i)`. @example bp.eye(3).select(0, 1); // tensor([0., 1., 0.]) */
export function select(x: Tensor, dim: number, index: number): Tensor {
  const d = normalizeDim("select", dim, x.dim());
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new Error(`select: index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  return squeeze(narrow(x, d, index < 0 ? index + size : index, 1), d);
}
