import type { TypedArray } from "../tensor/dtype.ts";
import { gemm, gemmBlocksWith } from "./gemm.ts";

/*
 * scikit-learn's ArgKmin for euclidean distances in their GEMM form, the plain-TS reference of the
 * wasm kernel (wasm/assembly/argkmin.ts): squared distances (-2 q·x + |q|²) + |x|² in float64, fed in
 * increasing index into per-row max-heaps of the k smallest that refuse a value equal to their largest.
 */

/**
 * Pushes `(val, idx)` into the max-heap `values[off .. off + k)` / `indices[...]`: rejected unless
 * `val` is below the current largest (`values[off]`), else it replaces the root and sifts down. With the
 * heap filled with +Infinity first, feeding every candidate leaves the k smallest.
 */
export function heapPush(values: Float64Array, indices: Int32Array, off: number, k: number, val: number, idx: number): void {
  if (!(val < values[off])) return;
  let cur = 0;
  for (;;) {
    const left = 2 * cur + 1;
    const right = left + 1;
    let swap: number;
    if (left >= k) break;
    if (right >= k) {
      if (values[off + left] > val) swap = left;
      else break;
    } else if (values[off + left] >= values[off + right]) {
      if (val < values[off + left]) swap = left;
      else break;
    } else if (val < values[off + right]) swap = right;
    else break;
    values[off + cur] = values[off + swap];
    indices[off + cur] = indices[off + swap];
    cur = swap;
  }
  values[off + cur] = val;
  indices[off + cur] = idx;
}

/**
 * Rows [0, rows) of a block of dot products (row r at dots[offset + r * cols], query row0 + r; column c
 * fitted point j0 + c) into the heaps `values` / `indices` (k per query row), with squared norms qn
 * (per query row) and fn (per fitted point): backend.ts's argKminEuclidean, one block.
 */
export function argKminEuclideanBlock(
  dots: TypedArray, offset: number, rows: number, cols: number, qn: Float64Array, fn: Float64Array, j0: number, row0: number,
  values: Float64Array, indices: Int32Array, k: number,
): void {
  for (let r = 0; r < rows; r++) {
    const row = row0 + r;
    const hOff = row * k;
    const q = qn[row];
    const off = offset + r * cols;
    let top = values[hOff];
    for (let c = 0; c < cols; c++) {
      const v = (-2 * dots[off + c] + q) + fn[j0 + c];
      if (v < top) {
        heapPush(values, indices, hOff, k, v, j0 + c);
        top = values[hOff];
      }
    }
  }
}

/** backend.ts's argKminEuclidean on the plain-TS gemm, block by block. */
export function argKminEuclidean(
  q: TypedArray, x: TypedArray, n: number, d: number, m: number, qn: Float64Array, fn: Float64Array,
  values: Float64Array, indices: Int32Array, k: number, rows: number, cols: number,
): void {
  gemmBlocksWith(gemm, q, x, n, d, m, rows, cols, (block, offset, i0, j0, nr, nc) => {
    argKminEuclideanBlock(block, offset, nr, nc, qn, fn, j0, i0, values, indices, k);
  });
}
