import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { formatShape, normalizeDim, splitAt } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { sum } from "./reduce.ts";
import { where } from "./where.ts";
import type { ValuesIndices } from "./reduce.ts";

/*
 * Sorting and order statistics: sort, argsort, topk, kthvalue, median, mode, unique. All run on the
 * backend's stable sort kernel, in which NaN is the largest value (PyTorch's order). Values come from
 * `gather` at the sorted indices, so their gradient flows back to the positions they came from.
 *
 * Ties: sort is always stable (PyTorch's `stable=True`; its default unstable CPU sort orders equal
 * values by its own introsort, and topk / kthvalue / median by partial sorts). Here every op picks among
 * equal values in their stable sorted order.
 */

/** The stable sort of x along d: sorted values (no gradient) and int32 source indices. */
function sortKernel(x: Tensor, d: number, descending: boolean): { values: Tensor; indices: Tensor } {
  const [outer, size, inner] = splitAt(x.shape, d);
  const values = new Tensor(allocate(x.dtype, x.numel()), x.shape);
  const indices = new Tensor(new Int32Array(x.numel()), x.shape);
  kernels().sort(x.data, values.data, indices.data as Int32Array, outer, size, inner, descending);
  return { values, indices };
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
 * Stable whatever `stable` says (equal values keep their order); NaN sorts as the largest.
 * @example bp.tensor([3, 1, 2]).sort().indices; // tensor([1, 2, 0], dtype=int32)
 */
export function sort(x: Tensor, dim = -1, descending = false, stable = false): ValuesIndices {
  void stable; // always stable
  const [x1, d] = atLeast1d("sort", x, dim);
  const { indices } = sortKernel(x1.detach(), d, descending);
  const values = x1.gather(d, indices);
  return x.dim() === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/**
 * The int32 indices that sort `dim` (default -1), like `torch.argsort` (stable; NaN largest).
 * @example bp.tensor([3, 1, 2]).argsort(); // tensor([1, 2, 0], dtype=int32)
 */
export function argsort(x: Tensor, dim = -1, descending = false, stable = false): Tensor {
  return sort(x.detach(), dim, descending, stable).indices;
}

/**
 * The `k` largest (or smallest, `largest = false`) values along `dim` (default -1) with their
 * indices, like `torch.topk`; in order when `sorted` (always, here).
 * @example bp.tensor([1, 5, 3]).topk(2).values; // tensor([5., 3.])
 */
export function topk(x: Tensor, k: number, dim = -1, largest = true, sorted = true): ValuesIndices {
  void sorted; // always sorted
  const [x1, d] = atLeast1d("topk", x, dim);
  const size = x1.shape[d];
  if (!Number.isInteger(k) || k < 0 || k > size) {
    throw new Error(`topk: k ${k} is out of range for dimension ${d} of size ${size}`);
  }
  const indices = sortKernel(x1.detach(), d, largest).indices.narrow(d, 0, k);
  const values = x1.gather(d, indices);
  return x.dim() === 0 ? { values: values.reshape([]), indices: indices.reshape([]) } : { values, indices };
}

/**
 * The k-th smallest value (k from 1) along `dim` (default -1) and its index, like `torch.kthvalue`.
 * @example bp.tensor([3, 1, 2]).kthvalue(2).values; // tensor(2.)
 */
export function kthvalue(x: Tensor, k: number, dim = -1, keepdim = false): ValuesIndices {
  const [x1, d] = atLeast1d("kthvalue", x, dim);
  const size = x1.shape[d];
  if (!Number.isInteger(k) || k < 1 || k > size) {
    throw new Error(`kthvalue: k ${k} is out of range for dimension ${d} of size ${size} (k counts from 1)`);
  }
  const indices = sortKernel(x1.detach(), d, false).indices.narrow(d, k - 1, 1);
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
 * The most frequent value along `dim` (default -1; the smallest of equally frequent ones) and the
 * index of its last occurrence, like `torch.mode`.
 * @example bp.tensor([2, 1, 2, 1, 3]).mode().values; // tensor(1.)
 */
export function mode(x: Tensor, dim = -1, keepdim = false): ValuesIndices {
  const [x1, d] = atLeast1d("mode", x, dim);
  const [outer, size, inner] = splitAt(x1.shape, d);
  if (size === 0) throw new Error(`mode: cannot take the mode of an empty dimension ${d} (shape ${formatShape(x.shape)})`);
  const { values, indices } = sortKernel(x1.detach(), d, false);
  const v = values.data;
  const ix = indices.data;
  const picked = new Int32Array(outer * inner);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (s: number): number => (o * size + s) * inner + i;
      let best = 0;
      let bestIndex = 0;
      for (let s = 0; s < size; ) {
        let e = s;
        let last = ix[at(s)];
        while (e + 1 < size && v[at(e + 1)] === v[at(s)]) last = Math.max(last, ix[at(++e)]);
        if (e - s + 1 > best) [best, bestIndex] = [e - s + 1, last];
        s = e + 1;
      }
      picked[o * inner + i] = bestIndex;
    }
  }
  const shape = [...x1.shape];
  shape[d] = 1;
  const idx = new Tensor(picked, shape);
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
