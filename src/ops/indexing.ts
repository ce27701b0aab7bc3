import { allocate, isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { broadcastShapes, broadcastStrides, contiguousStrides, formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record, recordInPlace } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { type IndexSpec, isMask, planIndex } from "./index_spec.ts";
import { beginInPlace } from "./inplace.ts";
import { checkTensorArg, scalarTensor } from "./operands.ts";

/*
 * Indexing: gather / scatter along a dimension, PyTorch's `x[...]` (`index`) and `x[...] = v`
 * (`indexPut_`), masks, nonzero. Each op computes the offsets of the elements it reads or writes
 * (index arithmetic, with the bounds checks that name the argument) and moves the values with the
 * backend's `gatherAt` / `scatterAt` / `indexSelect` / `indexAdd` kernels.
 */

function checkIndex(op: string, index: Tensor): void {
  checkTensorArg(op, index, "index");
  if (index.dtype !== "int32") throw new Error(`${op}: index must be an int32 tensor, got ${index.dtype}`);
}

/** A zero tensor of `shape` and `dtype`. */
function zeros(dtype: Tensor["dtype"], shape: readonly number[]): Tensor {
  return new Tensor(allocate(dtype, numel(shape)), shape);
}

/** `out[i] = x.data[offsets[i]]` as a tensor of `shape`. */
function gatherAt(x: Tensor, offsets: Int32Array, shape: readonly number[]): Tensor {
  const out = zeros(x.dtype, shape);
  kernels().gatherAt(x.data, offsets, out.data);
  return out;
}

/** Zeros of `shape` with g's values added at `offsets` (the gradient of any gather). */
function scatterAddAt(g: Tensor, offsets: Int32Array, shape: readonly number[]): Tensor {
  const out = zeros(g.dtype, shape);
  kernels().scatterAt(g.data, offsets, out.data, "add");
  return out;
}

/** A copy of g with zeros written at `offsets` (the gradient of an overwritten tensor). */
function zeroAt(g: Tensor, offsets: Int32Array): Tensor {
  const out = new Tensor(g.data.slice(), g.shape);
  kernels().scatterAt(allocate(g.dtype, 1), offsets, out.data, "set");
  return out;
}

/** `value` (a tensor or a number) broadcast to `shape` as a contiguous array of `dtype`. */
function valuesFor(op: string, value: Tensor, shape: readonly number[], dtype: Tensor["dtype"]): Tensor {
  const b = broadcastShapes(op, value.shape, shape);
  if (b.length !== shape.length || b.some((s, i) => s !== shape[i])) {
    throw new Error(`${op}: shape mismatch: value tensor of shape ${formatShape(value.shape)} cannot be broadcast to indexing result of shape ${formatShape(shape)}`);
  }
  const src = dtype === "bool" && value.dtype !== "bool" ? value.detach().to("bool") : value;
  const out = zeros(dtype, shape);
  kernels().copyStrided(src.data, 0, broadcastStrides(value.shape, shape), out.data, shape);
  return out;
}

/** A tensor operand, or a number as a 0-d tensor of `dtype`. */
function operand(value: Tensor | number, dtype: Tensor["dtype"]): Tensor {
  if (value instanceof Tensor) return value;
  return scalarTensor(dtype === "bool" ? Number(value !== 0) : value, dtype);
}

/**
 * Offsets in a tensor of `shape` of each element of `index` along `dim` (the other coordinates are
 * the element's own), for gather / scatter: `index.size(d) <= shape[d]` for d != dim.
 */
function alongDimOffsets(op: string, shape: readonly number[], dim: number, index: Tensor): Int32Array {
  const xStrides = contiguousStrides(shape);
  const iStrides = contiguousStrides(index.shape);
  const offsets = new Int32Array(index.numel());
  const size = shape.length === 0 ? 1 : shape[dim];
  for (let flat = 0; flat < offsets.length; flat++) {
    let rest = flat;
    let off = 0;
    for (let d = 0; d < index.dim(); d++) {
      const c = Math.floor(rest / iStrides[d]);
      rest -= c * iStrides[d];
      if (d !== dim) off += c * xStrides[d];
    }
    const v = index.data[flat];
    if (v < 0 || v >= size) throw new Error(`${op}: index ${v} is out of bounds for dimension ${dim} with size ${size}`);
    offsets[flat] = off + v * (shape.length === 0 ? 0 : xStrides[dim]);
  }
  return offsets;
}

/** Checks gather/scatter's shape rule: same rank, and index no larger than `x` off `dim` (and than `src`). */
function checkAlongDim(op: string, x: Tensor, d: number, index: Tensor, src?: Tensor): void {
  checkIndex(op, index);
  if (index.dim() !== x.dim() && !(x.dim() === 0 && index.dim() <= 1)) {
    throw new Error(`${op}: index of shape ${formatShape(index.shape)} must have as many dimensions as the input of shape ${formatShape(x.shape)}`);
  }
  index.shape.forEach((s, i) => {
    if (i !== d && s > x.shape[i]) {
      throw new Error(`${op}: index of shape ${formatShape(index.shape)} is larger than the input of shape ${formatShape(x.shape)} at dimension ${i}`);
    }
    if (src !== undefined && s > src.shape[i]) {
      throw new Error(`${op}: index of shape ${formatShape(index.shape)} is larger than src of shape ${formatShape(src.shape)} at dimension ${i}`);
    }
  });
}

/**
 * `out[i][j] = x[i][index[i][j]]` for dim 1 (and likewise in any rank), like `torch.gather`.
 * @example bp.tensor([[1, 2], [3, 4]]).gather(1, bp.tensor([[1], [0]], { dtype: "int32" })); // [[2], [3]]
 */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensorArg("gather", x);
  const d = x.dim() === 0 ? 0 : normalizeDim("gather", dim, x.dim());
  checkAlongDim("gather", x, d, index);
  const offsets = alongDimOffsets("gather", x.shape, d, index);
  const out = gatherAt(x, offsets, index.shape);
  // d gather/dx: each picked position receives its gradient (scatter-add)
  return record(out, "Gather", [x], (g) => [scatterAddAt(g, offsets, x.shape)]);
}

/**
 * Whole slices along `dim` at the positions in a 1-D int32 `index`, like `torch.index_select`.
 * @example bp.eye(3).indexSelect(0, bp.tensor([2, 0], { dtype: "int32" })); // rows 2 and 0
 */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensorArg("indexSelect", x);
  checkIndex("indexSelect", index);
  if (index.dim() > 1) throw new Error(`indexSelect: index must be 1-D, got shape ${formatShape(index.shape)}`);
  const d = normalizeDim("indexSelect", dim, x.dim());
  const size = x.dim() === 0 ? 1 : x.shape[d];
  const inner = numel(x.shape.slice(d + 1));
  const outer = numel(x.shape.slice(0, d));
  const n = index.numel();
  for (const v of index.data) {
    if (v < 0 || v >= size) throw new Error(`indexSelect: index ${v} is out of bounds for dimension ${d} with size ${size}`);
  }
  const shape = [...x.shape];
  if (shape.length > 0) shape[d] = n;
  const out = zeros(x.dtype, shape);
  kernels().indexSelect(x.data, index.data as Int32Array, out.data, outer, size, inner);
  // d indexSelect/dx: each selected slice adds its gradient back to its source
  return record(out, "IndexSelect", [x], (g) => {
    const gx = zeros(g.dtype, x.shape);
    kernels().indexAdd(g.data, index.data as Int32Array, gx.data, outer, size, inner);
    return [gx];
  });
}

/**
 * PyTorch's `x[...]`: `x.index(":", 0)` is `x[:, 0]`, `x.index("1:3", "::2")` is `x[1:3, ::2]`,
 * `x.index(mask)` is `x[mask]`, `x.index(idx)` is `x[idx]`, `x.index("...", null)` is `x[..., None]`
 * (see `IndexSpec` for every kind of spec). The result is always a copy, also for basic slicing
 * (PyTorch returns a view there): writing into it does not change x; write through `indexPut_`.
 * Gradient: each selected element's gradient is added back to its position (repeated indices add up).
 * @example bp.arange(6).reshape(2, 3).index(":", "1:").shape; // [2, 2]
 */
export function index(x: Tensor, ...specs: IndexSpec[]): Tensor {
  checkTensorArg("index", x);
  const plan = planIndex("index", x.shape, specs);
  const out = gatherAt(x, plan.offsets, plan.shape);
  // d index/dx: scatter-add of the gradient back to the selected positions
  return record(out, "Index", [x], (g) => [scatterAddAt(g, plan.offsets, x.shape)]);
}

/** Options of `indexPut_`. */
export interface IndexPutOptions {
  /** Add the values into x instead of overwriting (repeated indices then add up). Default false. */
  accumulate?: boolean;
}

/**
 * PyTorch's `x[...] = value` (`index_put_` with the full indexing of `index`): writes `value`
 * (a tensor broadcast to the indexed shape, or a number) into x through `specs`, in place, or adds it
 * with `{accumulate: true}`. Recorded like PyTorch: x's gradient is zero where overwritten (passes
 * where accumulated), value's is the gradient at its positions, summed over broadcast dimensions.
 * @example bp.zeros(3).indexPut_([bp.tensor([0, 2], { dtype: "int32" })], 1); // tensor([1., 0., 1.])
 */
export function indexPut_<T extends Tensor>(x: T, specs: readonly IndexSpec[], value: Tensor | number, options: IndexPutOptions = {}): T {
  checkTensorArg("indexPut_", x);
  const accumulate = options.accumulate ?? false;
  const plan = planIndex("indexPut_", x.shape, specs);
  const v = operand(value, x.dtype);
  if (x.dtype === "int32" && isFloating(v.dtype)) throw new Error(`indexPut_: a ${v.dtype} value cannot be written into an int32 tensor`);
  const values = valuesFor("indexPut_", v, plan.shape, x.dtype);
  beginInPlace("indexPut_", x);
  kernels().scatterAt(values.data, plan.offsets, x.data, accumulate ? "add" : "set");
  // d/dx: g, zero where overwritten; d/dvalue: g at the written positions (summed to value's shape)
  recordInPlace(x, accumulate ? "IndexPutAccumulate" : "IndexPut", [v], (g) => [
    accumulate ? g : zeroAt(g, plan.offsets),
    v.requiresGrad ? gatherAt(g, plan.offsets, plan.shape) : null,
  ]);
  return x;
}

/** The flat offsets (in the broadcast shape `shape`) where `mask`, broadcast to it, is non-zero. */
function maskOffsets(op: string, mask: Tensor, shape: readonly number[]): Int32Array {
  if (!isMask(mask)) throw new Error(`${op}: mask must be a bool tensor, got ${mask.dtype} (PyTorch only supports boolean masks; use .bool() or a comparison)`);
  const b = broadcastShapes(op, mask.shape, shape);
  if (b.length !== shape.length || b.some((s, i) => s !== shape[i])) {
    throw new Error(`${op}: mask of shape ${formatShape(mask.shape)} does not broadcast to the tensor's shape ${formatShape(shape)}`);
  }
  const expanded = zeros(mask.dtype, shape);
  kernels().copyStrided(mask.data, 0, broadcastStrides(mask.shape, shape), expanded.data, shape);
  return kernels().nonzeroFlat(expanded.data);
}

/** A 0-d fill value of maskedFill: a number, or a 0-d tensor (which may require grad). */
function fillValue(op: string, value: Tensor | number, dtype: Tensor["dtype"]): Tensor {
  const v = operand(value, dtype);
  if (v.dim() !== 0) throw new Error(`${op}: value must be a number or a 0-d tensor, got a tensor of shape ${formatShape(v.shape)}`);
  return v;
}

/**
 * Writes `value` where `mask` (bool, broadcast to x's shape) is true, in place, like `masked_fill_`.
 * @example bp.tensor([1, 2, 3]).maskedFill_(bp.tensor([false, true, true]), 0); // tensor([1., 0., 0.])
 */
export function maskedFill_<T extends Tensor>(x: T, mask: Tensor, value: Tensor | number): T {
  const offsets = maskOffsets("maskedFill_", mask, x.shape);
  const v = fillValue("maskedFill_", value, x.dtype);
  beginInPlace("maskedFill_", x);
  kernels().scatterAt(v.detach().to(x.dtype).data, offsets, x.data, "set");
  // d/dx: g, exactly 0 where filled; d/dvalue: the sum of g where filled
  recordInPlace(x, "MaskedFill", [v], (g) => [zeroAt(g, offsets), v.requiresGrad ? gatherAt(g, offsets, [offsets.length]).sum() : null]);
  return x;
}

/**
 * `value` where `mask` (bool, broadcast to x's shape) is true, x elsewhere, like `masked_fill`.
 * Gradient: exactly 0 where filled (even for a NaN upstream gradient), g elsewhere.
 * @example bp.tensor([1, 2, 3]).maskedFill(bp.tensor([true, false, true]), -1); // tensor([-1.,  2., -1.])
 */
export function maskedFill(x: Tensor, mask: Tensor, value: Tensor | number): Tensor {
  const offsets = maskOffsets("maskedFill", mask, x.shape);
  const v = fillValue("maskedFill", value, x.dtype);
  const out = new Tensor(x.data.slice(), x.shape);
  kernels().scatterAt(v.detach().to(x.dtype).data, offsets, out.data, "set");
  return record(out, "MaskedFill", [x, v], (g) => [
    x.requiresGrad ? zeroAt(g, offsets) : null,
    v.requiresGrad ? gatherAt(g, offsets, [offsets.length]).sum() : null,
  ]);
}

/**
 * The values of x where `mask` is true, as a 1-D tensor (x and mask broadcast together), like
 * `torch.masked_select`. Gradient: scattered back to the selected positions.
 * @example bp.tensor([1, 2, 3]).maskedSelect(bp.tensor([false, true, true])); // tensor([2., 3.])
 */
export function maskedSelect(x: Tensor, mask: Tensor): Tensor {
  checkTensorArg("maskedSelect", x);
  checkTensorArg("maskedSelect", mask, "mask");
  const shape = broadcastShapes("maskedSelect", x.shape, mask.shape);
  const positions = maskOffsets("maskedSelect", mask, shape);
  // positions in the broadcast shape -> offsets in x (0 strides on x's broadcast dims)
  const xStrides = broadcastStrides(x.shape, shape);
  const strides = contiguousStrides(shape);
  const offsets = new Int32Array(positions.length);
  for (let i = 0; i < positions.length; i++) {
    let rest = positions[i];
    let off = 0;
    for (let d = 0; d < shape.length; d++) {
      const c = Math.floor(rest / strides[d]);
      rest -= c * strides[d];
      off += c * xStrides[d];
    }
    offsets[i] = off;
  }
  const out = gatherAt(x, offsets, [offsets.length]);
  // d maskedSelect/dx: each selected value's gradient goes back to its position (adding up over broadcast)
  return record(out, "MaskedSelect", [x], (g) => [scatterAddAt(g, offsets, x.shape)]);
}

/** Options of `nonzero`. */
export interface NonzeroOptions {
  /** Return one 1-D index tensor per dimension instead of one [n, ndim] tensor. Default false. */
  asTuple?: boolean;
}

/**
 * The indices of the non-zero (true) elements, row-major, as an int32 tensor of shape [n, ndim], or
 * with `{asTuple: true}` one 1-D tensor per dimension (usable as `x.index(...)` specs), like
 * `torch.nonzero`. NaN counts as non-zero.
 * @example bp.tensor([[0, 1], [2, 0]]).nonzero().shape; // [2, 2]
 */
export function nonzero(x: Tensor, options: { asTuple: true }): Tensor[];
export function nonzero(x: Tensor, options?: NonzeroOptions): Tensor;
export function nonzero(x: Tensor, options: NonzeroOptions = {}): Tensor | Tensor[] {
  checkTensorArg("nonzero", x);
  const flat = kernels().nonzeroFlat(x.data);
  const n = flat.length;
  const ndim = x.dim();
  const strides = contiguousStrides(x.shape);
  const coords = new Int32Array(n * ndim);
  for (let i = 0; i < n; i++) {
    let rest = flat[i];
    for (let d = 0; d < ndim; d++) {
      const c = Math.floor(rest / strides[d]);
      rest -= c * strides[d];
      coords[i * ndim + d] = c;
    }
  }
  const table = new Tensor(coords, [n, ndim]);
  if (!(options.asTuple ?? false)) return table;
  if (ndim === 0) return [new Tensor(new Int32Array(n), [n])];
  return Array.from({ length: ndim }, (_, d) => {
    const col = new Int32Array(n);
    for (let i = 0; i < n; i++) col[i] = coords[i * ndim + d];
    return new Tensor(col, [n]);
  });
}

/**
 * x read as 1-D at the int32 positions of `index` (any shape; negative from the end), like `torch.take`.
 * @example bp.tensor([[1, 2], [3, 4]]).take(bp.tensor([0, 3], { dtype: "int32" })); // tensor([1., 4.])
 */
export function take(x: Tensor, index: Tensor): Tensor {
  checkTensorArg("take", x);
  checkIndex("take", index);
  const n = x.numel();
  const offsets = new Int32Array(index.numel());
  for (let i = 0; i < offsets.length; i++) {
    const v = index.data[i];
    if (v < -n || v >= n) throw new Error(`take: index ${v} is out of range for a tensor of ${n} elements`);
    offsets[i] = v < 0 ? v + n : v;
  }
  const out = gatherAt(x, offsets, index.shape);
  // d take/dx: scatter-add back
  return record(out, "Take", [x], (g) => [scatterAddAt(g, offsets, x.shape)]);
}

/** Options of `scatter`: PyTorch's `reduce` ("add" or "multiply") instead of overwriting. */
export interface ScatterOptions {
  reduce?: "add" | "multiply";
}

/** Offsets in x, and src's values read at index's coordinates (contiguous, index's shape). */
function scatterPlan(op: string, x: Tensor, dim: number, index: Tensor, src: Tensor | number): { offsets: Int32Array; values: Tensor; s: Tensor; srcOffsets: Int32Array | null } {
  const d = x.dim() === 0 ? 0 : normalizeDim(op, dim, x.dim());
  const s = operand(src, x.dtype);
  const isScalar = !(src instanceof Tensor);
  checkAlongDim(op, x, d, index, isScalar ? undefined : s);
  if (!isScalar && s.dim() !== index.dim()) {
    throw new Error(`${op}: src (${s.dim()}-D) must have as many dimensions as index (${index.dim()}-D)`);
  }
  if (x.dtype === "int32" && isFloating(s.dtype)) throw new Error(`${op}: a ${s.dtype} src cannot be written into an int32 tensor`);
  const offsets = alongDimOffsets(op, x.shape, d, index);
  if (isScalar) return { offsets, values: s, s, srcOffsets: null };
  // src is read at index's coordinates (it may be larger than index)
  const walk = new Int32Array(index.numel());
  const sStrides = contiguousStrides(s.shape);
  const iStrides = contiguousStrides(index.shape);
  for (let flat = 0; flat < walk.length; flat++) {
    let rest = flat;
    let off = 0;
    for (let k = 0; k < index.dim(); k++) {
      const c = Math.floor(rest / iStrides[k]);
      rest -= c * iStrides[k];
      off += c * sStrides[k];
    }
    walk[flat] = off;
  }
  const values = gatherAt(s.dtype === x.dtype ? s : s.detach().to(x.dtype), walk, index.shape);
  return { offsets, values, s, srcOffsets: walk };
}

/** src's gradient: g read at the written positions, placed at src's own positions (zero elsewhere). */
function srcGrad(g: Tensor, offsets: Int32Array, s: Tensor, srcOffsets: Int32Array): Tensor {
  const picked = zeros(g.dtype, [offsets.length]);
  kernels().gatherAt(g.data, offsets, picked.data);
  const out = zeros(g.dtype, s.shape);
  kernels().scatterAt(picked.data, srcOffsets, out.data, "set");
  return out;
}

function scatterInto(op: string, x: Tensor, target: Tensor, dim: number, index: Tensor, src: Tensor | number, mode: "set" | "add" | "multiply", inPlace: boolean): Tensor {
  const { offsets, values, s, srcOffsets } = scatterPlan(op, x, dim, index, src);
  if (mode !== "set" && mode !== "add" && mode !== "multiply") throw new Error(`${op}: reduce must be "add" or "multiply", got "${String(mode)}"`);
  const name = mode === "add" && op.startsWith("scatterAdd") ? "ScatterAdd" : "Scatter";
  const grads = (g: Tensor): (Tensor | null)[] => {
    if (mode === "multiply" || (mode === "add" && name === "Scatter")) {
      throw new Error(`${op}: the gradient of scatter with reduce="${mode}" is not implemented (as in PyTorch 1.13); use scatterAdd`);
    }
    // d/dx: g, zero where overwritten (scatter) or g (scatterAdd); d/dsrc: g at the written positions
    return [mode === "add" ? g : zeroAt(g, offsets), srcOffsets !== null && s.requiresGrad ? srcGrad(g, offsets, s, srcOffsets) : null];
  };
  const others = srcOffsets === null ? [] : [s];
  if (inPlace) beginInPlace(op, target);
  kernels().scatterAt(values.data, offsets, target.data, mode);
  if (inPlace) {
    recordInPlace(target, name, others, grads);
    return target;
  }
  return record(target, name, [x, ...others], grads, []);
}

/**
 * A copy of x with `src` (a tensor, read at index's coordinates, or a number) written along `dim` at
 * `index`: for dim 0, `out[index[i][j]][j] = src[i][j]`, like `torch.scatter`; `{reduce: "add" |
 * "multiply"}` combines instead of overwriting (no gradient, as PyTorch 1.13). Repeated indices:
 * the last write wins. Gradient: x's is zero where written, src's is g at the written positions.
 * @example bp.zeros(3).scatter(0, bp.tensor([2, 0], { dtype: "int32" }), bp.tensor([5, 6])); // tensor([6., 0., 5.])
 */
export function scatter(x: Tensor, dim: number, index: Tensor, src: Tensor | number, options: ScatterOptions = {}): Tensor {
  checkTensorArg("scatter", x);
  checkTensorArg("scatter", index, "index");
  return scatterInto("scatter", x, new Tensor(x.data.slice(), x.shape), dim, index, src, options.reduce ?? "set", false);
}

/** `scatter` in place. @example bp.zeros(3).scatter_(0, bp.tensor([1], { dtype: "int32" }), 7); // tensor([0., 7., 0.]) */
export function scatter_<T extends Tensor>(x: T, dim: number, index: Tensor, src: Tensor | number, options: ScatterOptions = {}): T {
  scatterInto("scatter_", x, x, dim, index, src, options.reduce ?? "set", true);
  return x;
}

/**
 * A copy of x with src's values added along `dim` at `index` (repeated indices add up), like
 * `torch.scatter_add`. Gradient: x's is g, src's is g at the positions each value went to.
 * @example bp.zeros(2).scatterAdd(0, bp.tensor([1, 1, 0], { dtype: "int32" }), bp.tensor([1, 2, 3])); // tensor([3., 3.])
 */
export function scatterAdd(x: Tensor, dim: number, index: Tensor, src: Tensor): Tensor {
  if (!(src instanceof Tensor)) throw new Error("scatterAdd: src must be a tensor");
  return scatterInto("scatterAdd", x, new Tensor(x.data.slice(), x.shape), dim, index, src, "add", false);
}

/** `scatterAdd` in place. @example bp.zeros(2).scatterAdd_(0, bp.tensor([0, 0], { dtype: "int32" }), bp.ones(2)); // tensor([2., 0.]) */
export function scatterAdd_<T extends Tensor>(x: T, dim: number, index: Tensor, src: Tensor): T {
  if (!(src instanceof Tensor)) throw new Error("scatterAdd_: src must be a tensor");
  scatterInto("scatterAdd_", x, x, dim, index, src, "add", true);
  return x;
}

/** Options of `indexAdd`. */
export interface IndexAddOptions {
  /** The factor of source. Default 1. */
  alpha?: number;
}

/**
 * A copy of x with `alpha · source`'s slices added along `dim` at the positions of the 1-D int32
 * `index` (repeated positions add up), like `torch.index_add`. Gradient: x's is g, source's is
 * `alpha · g.indexSelect(dim, index)`.
 * @example bp.zeros(3, 2).indexAdd(0, bp.tensor([0, 0], { dtype: "int32" }), bp.ones(2, 2)); // row 0 is [2, 2]
 */
export function indexAdd(x: Tensor, dim: number, index: Tensor, source: Tensor, options: IndexAddOptions = {}): Tensor {
  const alpha = options.alpha ?? 1;
  checkIndex("indexAdd", index);
  if (index.dim() > 1) throw new Error(`indexAdd: index must be 1-D, got shape ${formatShape(index.shape)}`);
  const d = x.dim() === 0 ? 0 : normalizeDim("indexAdd", dim, x.dim());
  const size = x.dim() === 0 ? 1 : x.shape[d];
  const expected = [...x.shape];
  if (expected.length > 0) expected[d] = index.numel();
  if (source.dim() !== x.dim() || source.shape.some((s, i) => s !== expected[i])) {
    throw new Error(`indexAdd: source of shape ${formatShape(source.shape)} must have shape ${formatShape(expected)} (the input's, with dimension ${d} of the index's length)`);
  }
  for (const v of index.data) {
    if (v < 0 || v >= size) throw new Error(`indexAdd: index ${v} is out of bounds for dimension ${d} with size ${size}`);
  }
  const inner = numel(x.shape.slice(d + 1));
  const outer = numel(x.shape.slice(0, d));
  const src = alpha === 1 && source.dtype === x.dtype ? source : source.detach().to(x.dtype).mul(alpha);
  const out = new Tensor(x.data.slice(), x.shape);
  kernels().indexAdd(src.data, index.data as Int32Array, out.data, outer, size, inner);
  // d/dx = g, d/dsource = alpha · g[index]
  return record(out, "IndexAdd", [x, source], (g) => [g, source.requiresGrad ? indexSelect(g, d, index).mul(alpha) : null], []);
}
