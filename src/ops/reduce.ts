import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { formatShape, normalizeDim, splitAt } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import type { ReduceOp } from "../backend/backend.ts";
import { where } from "./where.ts";
import { isnan } from "./logical.ts";
import { checkTensorArg } from "./operands.ts";

/** What `max(dim)` / `min(dim)` return, like PyTorch's named tuple. */
export interface ValuesIndices {
  /** The max (or min) values. */
  values: Tensor;
  /** Their int32 positions along the reduced dimension. */
  indices: Tensor;
}

/**
 * The dimensions to reduce, normalised, sorted, without repeats: all of them when `dim` is omitted,
 * null or an empty list (PyTorch 1.13's rule for `sum(x, [])`; NumPy would reduce none).
 */
export function reducedDims(op: string, x: Tensor, dim: number | readonly number[] | null | undefined): number[] {
  if (dim === undefined || dim === null || (typeof dim !== "number" && dim.length === 0)) return x.shape.map((_, i) => i);
  const dims = (typeof dim === "number" ? [dim] : [...dim]).map((d) => normalizeDim(op, d, x.dim()));
  if (x.dim() === 0) return []; // dim 0 / -1 of a 0-d tensor: nothing to reduce, like PyTorch
  return [...new Set(dims)].sort((a, b) => a - b);
}

/** Shape after reducing `dims` (kept as size 1 when `keepdim`). */
export function reducedShape(shape: readonly number[], dims: readonly number[], keepdim: boolean): number[] {
  const out: number[] = [];
  shape.forEach((s, i) => {
    if (!dims.includes(i)) out.push(s);
    else if (keepdim) out.push(1);
  });
  return out;
}

/** Runs the reduce kernel over each of `dims`, keeping them as size 1. */
export function reduceKept(op: ReduceOp, x: Tensor, dims: readonly number[]): Tensor {
  let cur = x;
  for (const d of dims) {
    const [outer, size, inner] = splitAt(cur.shape, d);
    const shape = [...cur.shape];
    shape[d] = 1;
    const out = new Tensor(allocate(cur.dtype, outer * inner), shape);
    kernels().reduce(op, cur.data, out.data, outer, size, inner);
    cur = out;
  }
  return cur;
}

/**
 * Sum of all elements, or along `dim` (a number or a list; an empty list `[]` sums all of them, as in
 * PyTorch 1.13), keeping reduced dims when `keepdim`. A bool tensor sums to int32 (a count of trues).
 * @example bp.tensor([[1, 2], [3, 4]]).sum(0); // tensor([4., 6.])
 */
export function sum(x: Tensor, dim?: number | number[] | null, keepdim = false): Tensor {
  checkTensorArg("sum", x);
  if (x.dtype === "bool") return sum(x.to("int32"), dim, keepdim);
  const dims = reducedDims("sum", x, dim);
  const kept = reduceKept("sum", x, dims);
  const out = new Tensor(kept.data, reducedShape(x.shape, dims, keepdim));
  // d sum/dx_i = 1: the gradient is broadcast back over the reduced dims
  return record(out, "Sum", [x], (g) => [g.reshape(kept.shape).expand(x.shape)]);
}

/**
 * Mean of all elements, or along `dim` (a number or a list; an empty list `[]` averages all of them,
 * as in PyTorch 1.13). int32 input gives float32; bool input is an error, as in PyTorch.
 * @example bp.tensor([1, 2, 3, 4]).mean(); // tensor(2.5000)
 */
export function mean(x: Tensor, dim?: number | number[] | null, keepdim = false): Tensor {
  checkTensorArg("mean", x);
  if (x.dtype === "bool") {
    throw new Error("mean: could not infer output dtype. Input dtype must be either a floating point or complex dtype. Got: bool");
  }
  const dims = reducedDims("mean", x, dim);
  const count = dims.reduce((n, d) => n * x.shape[d], 1);
  const xf = x.dtype === "int32" ? x.to("float32") : x;
  // d mean/dx_i = 1/n
  return sum(xf, dims, keepdim).div(count);
}

function extremeAll(op: "max" | "min", x: Tensor): Tensor {
  checkTensorArg(op, x);
  if (x.numel() === 0) throw new Error(`${op}: cannot reduce an empty tensor (shape ${formatShape(x.shape)})`);
  const kept = reduceKept(op, x.reshape(-1), [0]);
  const out = new Tensor(kept.data, []);
  // d max/dx_i = 1/k for the k elements equal to the max (PyTorch spreads ties evenly; when the max
  // is NaN, over the NaNs), written as exact zeros elsewhere
  return record(out, op === "max" ? "Max" : "Min", [x], (g) => {
    const mask = out.data[0] !== out.data[0] ? isnan(x) : x.eq(out);
    return [where(mask, g.div(mask.sum()), 0)];
  });
}

function extremeDim(op: "max" | "min", x: Tensor, dim: number, keepdim: boolean): ValuesIndices {
  checkTensorArg(op, x);
  const d = normalizeDim(op, dim, x.dim());
  if (x.dim() > 0 && x.shape[d] === 0) throw new Error(`${op}: cannot reduce an empty dimension ${d}`);
  const indices = argExtreme(op, x, d, true);
  const values = x.gather(d, indices);
  const shape = reducedShape(x.shape, [d], keepdim);
  return { values: values.reshape(shape), indices: indices.reshape(shape) };
}

function argExtreme(op: "max" | "min", x: Tensor, dim: number, keepdim: boolean): Tensor {
  const [outer, size, inner] = splitAt(x.shape.length === 0 ? [1] : x.shape, dim);
  const out = new Int32Array(outer * inner);
  kernels().argReduce(op, x.data, out, outer, size, inner);
  return new Tensor(out, reducedShape(x.shape, [dim], keepdim));
}

/**
 * Largest element (NaN if any is NaN). Recorded: ties share the gradient evenly, as in PyTorch.
 * @example bp.tensor([1, 5, 3]).max(); // tensor(5.)
 */
export function maxAll(x: Tensor): Tensor { return extremeAll("max", x); }
/** Smallest element. @example bp.tensor([1, 5, 3]).min(); // tensor(1.) */
export function minAll(x: Tensor): Tensor { return extremeAll("min", x); }

/**
 * Max along `dim`: `{values, indices}`; the gradient flows to the first max of each slice.
 * @example const { values, indices } = bp.tensor([[1, 5], [7, 2]]).max(1); // [5, 7], [1, 0]
 */
export function maxDim(x: Tensor, dim: number, keepdim = false): ValuesIndices { return extremeDim("max", x, dim, keepdim); }
/** Min along `dim`: `{values, indices}`. @example bp.tensor([[1, 5], [7, 2]]).min(1).indices; // [0, 1] */
export function minDim(x: Tensor, dim: number, keepdim = false): ValuesIndices { return extremeDim("min", x, dim, keepdim); }

/**
 * int32 index of the max, of the flattened tensor or along `dim`. No gradient.
 * @example bp.tensor([[1, 5], [7, 2]]).argmax(1); // tensor([1, 0], dtype=int32)
 */
export function argmax(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argWith("max", x, dim, keepdim);
}

/** int32 index of the min, of the flattened tensor or along `dim`. @example bp.tensor([3, 1, 2]).argmin(); // tensor(1, dtype=int32) */
export function argmin(x: Tensor, dim?: number, keepdim = false): Tensor {
  return argWith("min", x, dim, keepdim);
}

/** argmax / argmin with PyTorch's errors for an empty input (the kernel would answer 0). */
function argWith(op: "max" | "min", x: Tensor, dim: number | undefined, keepdim: boolean): Tensor {
  checkTensorArg(`arg${op}`, x);
  const name = `arg${op}`;
  if (dim === undefined) {
    if (x.numel() === 0) throw new Error(`${name}(): Expected reduction dim to be specified for input.numel() == 0.`);
    return argExtreme(op, x.reshape(-1), 0, false);
  }
  const d = normalizeDim(name, dim, x.dim());
  if (x.dim() > 0 && x.shape[d] === 0) throw new Error(`${name}(): Expected reduction dim ${d} to have non-zero size.`);
  return argExtreme(op, x, d, keepdim);
}

/** Sums a broadcast gradient back to `shape` (leading dims, and dims where `shape` has size 1). */
export function sumToShape(g: Tensor, shape: readonly number[]): Tensor {
  const lead = g.dim() - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.dim(); i++) {
    if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  }
  if (dims.length === 0) return g.reshape(shape);
  return sum(g, dims, true).reshape(shape);
}

/**
 * Function form of `x.max()` / `x.max(dim)`, like `torch.max`.
 * @example const { values, indices } = bp.max(outputs, 1);
 */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function max(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? maxAll(x) : maxDim(x, dim, keepdim);
}

/** Function form of `x.min()` / `x.min(dim)`, like `torch.min`. @example bp.min(w); */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function min(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  return dim === undefined ? minAll(x) : minDim(x, dim, keepdim);
}
