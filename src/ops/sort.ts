import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { formatShape, normalizeDim, splitAt } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { sum } from "./reduce.ts";
import { where } from "./where.ts";
import type { ValuesIndices } from "./reduce.ts";
import { checkTensorArg } from "./operands.ts";

/*
 * Sorting and order statistics: sort, argsort, topk, kthvalue, median, mode, unique, on the backend's
 * sort and selection kernels, in which NaN is the largest value (PyTorch's order). Values come from
 * `gather` at the selected indices, so their gradient flows back to the positions they came from.
 *
 * Ties come out as PyTorch 1.13's CPU kernels give them: sort with `stable` keeps equal values in
 * order; without, in the order of PyTorch's introsort (stable up to 16 elements); topk, kthvalue and
 * mode by the same partial sorts and quick-select as PyTorch; median picks the (n - 1) / 2-th of the
 * stable order, which is PyTorch's rule (its nth_element breaks ties by index).
 */

/** The sort of x along d: sorted values (no gradient) and int32 source indices. */
function sortKernel(x: Tensor, d: number, descending: boolean, stable = true): { values: Tensor; indices: Tensor } {
  const [outer, size, inner] = splitAt(x.shape, d);
  const values = new Tensor(allocate(x.dtype, x.numel()), x.shape);
  const indices = new Tensor(new Int32Array(x.numel()), x.shape);
  kernels().sort(x.data, values.data, indices.data as Int32Array, outer, size, inner, descending, stable);
  return { values, indices };
}

/** A selection kernel's int32 indices along d, shape x's with `count` at d. */
function selected(x: Tensor, d: number, count: number, run: (values: Tensor, indices: Int32Array, outer: number, size: number, inner: number) => void): Tensor {
  const [outer, size, inner] = splitAt(x.shape, d);
  const shape = [...x.shape];
  shape[d] = count;
  const values = new Tensor(allocate(x.dtype, outer * count * inner), shape);
  const indices = new Int32Array(outer * count * inner);
  run(values, indices, outer, size, inner);
  return new Tensor(indices, shape);
}

/** x seen with at least one dimension (a 0-d tensor as [1]) and dim normalised. */
function atLeast1d(op: string, x: Tensor, dim: number): [Tensor, number] {
  const d = normalizeDim(op, dim, x.dim());
  return [x.dim() === 0 ? x.reshape([1]) : x, d];
}

/** values / indices of shape [..., 1, ...] at d, squeezed unless keepdim, back to 0-d for a 0-d x. */
function finish(x: Tensor, values: Tensor, indices: Tensor, d: number, keepdim: boolean): ValuesIndices {
  if (x.dim() === 0) return { values: values.reshape([]), indices: indices.reshape([]) };
  if (keepdim) return { values, indices };
  return { values: values.squeeze(d), indices: indices.squeeze(d) };
}

/**
 * Sorts along `dim` (default -1), ascending or `descending`: `{values, indices}` like `torch.sort`.
 * NaN sorts as the largest. With `stable` equal values keep their order; without (the default), they
 * come in the order PyTorch's CPU sort gives them.
 * @example bp.tensor([3, 1, 2]).sort().indices; // tensor([1, 2, 0], dtype=int32)
 */
export function sort(x: Tensor, dim = -1, descending = false, stable = false): ValuesIndices {
  checkTensorArg("sort", x);
  const [x1, d] = atLeast1d("sort", x, dim);
  const { indices } = sortKernel(x1.detach(), d, descending, stable);
  const values = x1.gather(d, indices);
  return x.dim() === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/**
 * The int32 indices that sort `dim` (default -1), like `torch.argsort` (NaN largest; ties as `sort`).
 * @example bp.tensor([3, 1, 2]).argsort(); // tensor([1, 2, 0], dtype=int32)
 */
export function argsort(x: Tensor, dim = -1, descending = false, stable = false): Tensor {
  checkTensorArg("argsort", x);
  return sort(x.detach(), dim, descending, stable).indices;
}

/**
 * The `k` largest (or smallest, `largest = false`) values along `dim` (default -1) with their
 * indices, like `torch.topk` (NaN the largest); in order when `sorted`, equal values in PyTorch's order.
 * @example bp.tensor([1, 5, 3]).topk(2).values; // tensor([5., 3.])
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
  checkTensorArg("topk", x);
  const [x1, d] = atLeast1d("topk", x, dim);
  const size = x1.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new Error(`topk: k ${k} is out of range for dimension ${d} of size ${size}`);
  }
  const x0 = x1.detach();
  const indices = selected(x0, d, k, (v, ix, outer, n, inner) => kernels().topk(x0.data, v.data, ix, outer, n, inner, k, largest, sorted));
  const values = x1.gather(d, indices);
  return x.dim() === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/**
 * The k-th smallest value (k from 1) along `dim` (default -1) and its index, like `torch.kthvalue`.
 * @example bp.tensor([3, 1, 2]).kthvalue(2).values; // tensor(2.)
 */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  checkTensorArg("kthvalue", x);
  const [x1, d] = atLeast1d("kthvalue", x, dim);
  const size = x1.shape[d];
  if (!Number.isInteger(k) || k < 1 || k > size) {
    throw new Error(`kthvalue: k ${k} is out of range for dimension ${d} of size ${size} (k counts from 1)`);
  }
  const x0 = x1.detach();
  const indices = selected(x0, d, 1, (v, ix, outer, n, inner) => kernels().kthvalue(x0.data, v.data, ix, outer, n, inner, k));
  return finish(x, x1.gather(d, indices), indices, d, keepdim);
}

/**
 * The lower median: the middle value, or the lower of the two middle ones. Over all elements it
 * returns a 0-d tensor (its gradient split evenly among the elements equal to it); along `dim` it
 * returns `{values, indices}`. NaN if a slice holds a NaN (its index is the first NaN's), as PyTorch.
 * @example bp.tensor([1, 4, 2, 3]).median(); // tensor(2.)
 */
export function median(x: Tensor): Tensor;
export function median(x: Tensor, dim: number, keepdim?: boolean): ValuesIndices;
export function median(x: Tensor, dim?: number, keepdim = false): Tensor | ValuesIndices {
  checkTensorArg("median", x);
  if (dim === undefined) return medianAll(x);
  const [x1, d] = atLeast1d("median", x, dim);
  const size = x1.shape[d];
  if (size === 0) throw new Error(`median: cannot take the median of an empty dimension ${d} (shape ${formatShape(x.shape)})`);
  const x0 = x1.detach();
  const sorted = sortKernel(x0, d, false).indices;
  // the position in sorted order: the lower middle, or the first NaN (NaNs sort last, in order)
  const nans = sum(x0.ne(x0).to("int32"), d, true);
  const at = where(nans.gt(0), nans.neg().add(size), (size - 1) >> 1).to("int32");
  const indices = sorted.gather(d, at);
  return finish(x, x1.gather(d, indices), indices, d, keepdim);
}

function medianAll(x: Tensor): Tensor {
  const n = x.numel();
  if (n === 0) throw new Error("median: cannot take the median of an empty tensor");
  const flat = x.detach().reshape([n]);
  const { values } = sortKernel(flat, 0, false);
  const nan = values.data[n - 1] !== values.data[n - 1];
  const out = new Tensor(values.data.slice(nan ? n - 1 : (n - 1) >> 1, (nan ? n - 1 : (n - 1) >> 1) + 1), []);
  // d median/dx_i = 1/k at the k elements equal to it (NaN: the NaNs), 0 elsewhere
  return record(out, "Median", [x], (g) => {
    const x0 = x.detach();
    const mask = nan ? x0.ne(x0) : x0.eq(out);
    return [where(mask, g.div(sum(mask)), 0)];
  });
}

/**
 * The most frequent value along `dim` (default -1; the smallest of equally frequent ones) and an index
 * of it, like `torch.mode`: the last occurrence for up to 16 elements, else the one PyTorch's sort puts last.
 * @example bp.tensor([2, 1, 2, 1, 3]).mode().values; // tensor(1.)
 */
export function mode(x: Tensor, dim = -1, keepdim = false): ValuesIndices {
  checkTensorArg("mode", x);
  const [x1, d] = atLeast1d("mode", x, dim);
  const size = x1.shape[d];
  if (size === 0) throw new Error(`mode: cannot take the mode of an empty dimension ${d} (shape ${formatShape(x.shape)})`);
  const x0 = x1.detach();
  const idx = selected(x0, d, 1, (v, ix, o, n, inner) => kernels().mode(x0.data, v.data, ix, o, n, inner));
  return finish(x, x1.gather(d, idx), idx, d, keepdim);
}

/** What `unique` returns when asked for the inverse indices or the counts. */
export interface UniqueResult {
  /** The distinct values (or slices along `dim`), ascending. */
  values: Tensor;
  /** int32, for each element (slice) of the input, the position of its value in `values` (when asked). */
  inverseIndices?: Tensor;
  /** int32 count of each distinct value (when asked). */
  counts?: Tensor;
}

/**
 * The distinct values of x, ascending (always sorted, whatever `sorted` says), like `torch.unique`;
 * with `dim`, the distinct slices along it. With `returnInverse` and / or `returnCounts` it returns
 * `{values, inverseIndices, counts}`. No gradient.
 * @example bp.tensor([3, 1, 3, 2]).unique(); // tensor([1., 2., 3.])
 */
export function unique(x: Tensor, sorted?: boolean, returnInverse?: false, returnCounts?: false, dim?: number | null): Tensor;
export function unique(x: Tensor, sorted: boolean, returnInverse: boolean, returnCounts: boolean, dim?: number | null): UniqueResult;
export function unique(x: Tensor, sorted = true, returnInverse = false, returnCounts = false, dim: number | null = null): Tensor | UniqueResult {
  checkTensorArg("unique", x);
  void sorted; // always sorted
  const x0 = x.detach();
  let rows: number;
  let rest: number[];
  let keys: Tensor; // [rows, width]: one row per element (or slice along dim)
  let d = 0;
  if (dim === null || dim === undefined) {
    rows = x0.numel();
    rest = [];
    keys = x0.reshape([rows, 1]);
  } else {
    d = normalizeDim("unique", dim, x0.dim());
    const moved = x0.dim() === 0 ? x0.reshape([1]) : x0.transpose(0, d);
    rows = moved.shape[0];
    rest = moved.shape.slice(1);
    keys = moved.reshape([rows, -1]);
  }
  const width = keys.shape[1];
  const k = keys.data;
  const cmp = (a: number, b: number): number => {
    for (let j = 0; j < width; j++) {
      const u = k[a * width + j];
      const v = k[b * width + j];
      if (u !== v) {
        if (u !== u) return 1; // NaN last
        if (v !== v) return -1;
        return u < v ? -1 : 1;
      }
    }
    return 0;
  };
  const order = Array.from({ length: rows }, (_, i) => i).sort((a, b) => cmp(a, b) || a - b);
  const firsts: number[] = [];
  const counts: number[] = [];
  const inverse = new Int32Array(rows);
  for (let s = 0; s < rows; s++) {
    if (s === 0 || cmp(order[s - 1], order[s]) !== 0 || k[order[s] * width] !== k[order[s] * width]) {
      firsts.push(order[s]);
      counts.push(0);
    }
    counts[counts.length - 1]++;
    inverse[order[s]] = firsts.length - 1;
  }
  let values = keys.indexSelect(0, new Tensor(Int32Array.from(firsts), [firsts.length]));
  if (dim === null || dim === undefined) values = values.reshape([firsts.length]);
  else {
    values = values.reshape([firsts.length, ...rest]);
    if (x0.dim() > 0) values = values.transpose(0, d);
  }
  if (!returnInverse && !returnCounts) return values;
  const result: UniqueResult = { values };
  if (returnInverse) result.inverseIndices = new Tensor(inverse, dim === null || dim === undefined ? x.shape : [rows]);
  if (returnCounts) result.counts = new Tensor(Int32Array.from(counts), [counts.length]);
  return result;
}
