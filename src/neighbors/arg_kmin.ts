import { heapPush } from "../backend/js_argkmin.ts";

export { heapPush };

/*
 * The k smallest of each row of distances, chosen and ordered exactly as scikit-learn 1.2's ArgKmin
 * (sklearn/metrics/_pairwise_distances_reduction) chooses and orders them, so that equally distant
 * neighbours come out the same: a fixed-size max-heap per query row, fed the candidates in index order,
 * that rejects a value equal to its largest; then a quicksort of the k (median-of-three pivot) that is
 * not stable, so ties come out in the order the heap leaves them.
 */

function swap(values: Float64Array, indices: Int32Array, a: number, b: number): void {
  const v = values[a];
  values[a] = values[b];
  values[b] = v;
  const i = indices[a];
  indices[a] = indices[b];
  indices[b] = i;
}

/**
 * Sorts `values[off .. off + size)` ascending, applying the same swaps to `indices`: scikit-learn's
 * `simultaneous_sort` (a recursive quicksort; the median of the first, middle and last as pivot;
 * equal values are not kept in order).
 */
export function simultaneousSort(values: Float64Array, indices: Int32Array, off: number, size: number): void {
  if (size <= 1) return;
  if (size === 2) {
    if (values[off] > values[off + 1]) swap(values, indices, off, off + 1);
    return;
  }
  if (size === 3) {
    if (values[off] > values[off + 1]) swap(values, indices, off, off + 1);
    if (values[off + 1] > values[off + 2]) {
      swap(values, indices, off + 1, off + 2);
      if (values[off] > values[off + 1]) swap(values, indices, off, off + 1);
    }
    return;
  }
  const last = off + size - 1;
  const mid = off + (size >> 1);
  if (values[off] > values[last]) swap(values, indices, off, last);
  if (values[last] > values[mid]) {
    swap(values, indices, last, mid);
    if (values[off] > values[last]) swap(values, indices, off, last);
  }
  const pivot = values[last];
  let store = off;
  for (let i = off; i < last; i++) {
    if (values[i] < pivot) {
      swap(values, indices, i, store);
      store++;
    }
  }
  swap(values, indices, store, last);
  const p = store - off;
  if (p > 1) simultaneousSort(values, indices, off, p);
  if (p + 2 < size) simultaneousSort(values, indices, store + 1, size - p - 1);
}

/**
 * Per-query heaps of the k nearest: `rows` heaps of `k` (value, index) pairs, all +Infinity / -1 at first.
 * Feed each row's candidates in increasing index order with `push`, then `finish` sorts them.
 */
export class KminHeaps {
  readonly values: Float64Array;
  readonly indices: Int32Array;

  constructor(readonly rows: number, readonly k: number) {
    this.values = new Float64Array(rows * k).fill(Infinity);
    this.indices = new Int32Array(rows * k).fill(-1);
  }

  /** Offers `(val, idx)` to row `row`'s heap. */
  push(row: number, val: number, idx: number): void {
    heapPush(this.values, this.indices, row * this.k, this.k, val, idx);
  }

  /**
   * Offers row `row`'s candidates `dist[dOff + c]` for c in [0, count) with indices `first + c`, in that
   * order (the hot loop of the brute force: most candidates fail the first comparison).
   */
  pushRow(row: number, dist: ArrayLike<number>, dOff: number, count: number, first: number): void {
    const { values, indices, k } = this;
    const off = row * k;
    let top = values[off];
    for (let c = 0; c < count; c++) {
      const v = dist[dOff + c];
      if (v < top) {
        heapPush(values, indices, off, k, v, first + c);
        top = values[off];
      }
    }
  }

  /**
   * Sorts each heap ascending. `remerge` replays scikit-learn's "parallel on Y" strategy on one thread
   * (which it takes when there are at most 4 x 256 queries per thread): the heap's k entries are pushed,
   * in heap order, into a fresh heap before the sort, which decides the order of equal distances.
   */
  finish(remerge: boolean): void {
    const { values, indices, k, rows } = this;
    const tv = new Float64Array(k);
    const ti = new Int32Array(k);
    for (let r = 0; r < rows; r++) {
      const off = r * k;
      if (remerge) {
        tv.set(values.subarray(off, off + k));
        ti.set(indices.subarray(off, off + k));
        values.fill(Infinity, off, off + k);
        indices.fill(-1, off, off + k);
        for (let j = 0; j < k; j++) heapPush(values, indices, off, k, tv[j], ti[j]);
      }
      simultaneousSort(values, indices, off, k);
    }
  }

  /**
   * Sorts each heap by distance, equal distances by index (for cosine, where scikit-learn selects with
   * numpy's argpartition and argsort instead of the heap).
   */
  finishByIndex(): void {
    const { values, indices, k, rows } = this;
    for (let r = 0; r < rows; r++) {
      const off = r * k;
      // insertion sort of k (small) pairs by (value, index)
      for (let a = off + 1; a < off + k; a++) {
        const v = values[a];
        const i = indices[a];
        let b = a - 1;
        while (b >= off && (values[b] > v || (values[b] === v && indices[b] > i))) {
          values[b + 1] = values[b];
          indices[b + 1] = indices[b];
          b--;
        }
        values[b + 1] = v;
        indices[b + 1] = i;
      }
    }
  }
}
