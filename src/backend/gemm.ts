import type { TypedArray } from "../tensor/dtype.ts";
import type { BlockVisitor } from "./backend.ts";

/*
 * Plain-TS matrix multiply C = op(A) · op(B), C is m x n. Every transpose case is the same loop over
 * strides: op(A)[i, p] = a[aOff + i*rowA + p*colA] and op(B)[p, j] = b[bOff + p*rowB + j*colB].
 * A 4 x 4 block of C is kept in 16 local accumulators while p runs (8 loads feed 16 multiply-adds),
 * and p is blocked so the panels of A and B being read stay in cache. ~3 GFLOP/s in V8.
 */

const BLOCK_K = 256;

/** C = op(A) · op(B) for every transpose case, overwriting C, or C += op(A) · op(B) when `accumulate`. */
export function gemm(
  a: TypedArray, aOff: number, transA: boolean,
  b: TypedArray, bOff: number, transB: boolean,
  c: TypedArray, cOff: number,
  m: number, k: number, n: number, accumulate = false,
): void {
  const rowA = transA ? 1 : k;
  const colA = transA ? m : 1;
  const rowB = transB ? 1 : n;
  const colB = transB ? k : 1;
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let p0 = 0; p0 < k; p0 += BLOCK_K) {
    const p1 = Math.min(k, p0 + BLOCK_K);
    let i = 0;
    for (; i + 3 < m; i += 4) {
      let j = 0;
      for (; j + 3 < n; j += 4) block4x4(a, aOff + i * rowA, rowA, colA, b, bOff + j * colB, rowB, colB, c, cOff + i * n + j, n, p0, p1);
      for (; j < n; j++) for (let r = i; r < i + 4; r++) dotInto(a, aOff + r * rowA, colA, b, bOff + j * colB, rowB, c, cOff + r * n + j, p0, p1);
    }
    for (; i < m; i++) for (let j = 0; j < n; j++) dotInto(a, aOff + i * rowA, colA, b, bOff + j * colB, rowB, c, cOff + i * n + j, p0, p1);
  }
}

/** C[0..4, 0..4] += A[0..4, p0..p1] · B[p0..p1, 0..4] with the block in registers. */
function block4x4(
  a: TypedArray, a0: number, rowA: number, colA: number,
  b: TypedArray, b0: number, rowB: number, colB: number,
  c: TypedArray, c0: number, ldc: number, p0: number, p1: number,
): void {
  const a1 = a0 + rowA;
  const a2 = a1 + rowA;
  const a3 = a2 + rowA;
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c10 = 0, c11 = 0, c12 = 0, c13 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c30 = 0, c31 = 0, c32 = 0, c33 = 0;
  let pa = p0 * colA;
  let pb = b0 + p0 * rowB;
  for (let p = p0; p < p1; p++, pa += colA, pb += rowB) {
    const y0 = b[pb], y1 = b[pb + colB], y2 = b[pb + 2 * colB], y3 = b[pb + 3 * colB];
    const x0 = a[a0 + pa];
    c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
    const x1 = a[a1 + pa];
    c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
    const x2 = a[a2 + pa];
    c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
    const x3 = a[a3 + pa];
    c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
  }
  let o = c0;
  c[o] += c00; c[o + 1] += c01; c[o + 2] += c02; c[o + 3] += c03;
  o += ldc;
  c[o] += c10; c[o + 1] += c11; c[o + 2] += c12; c[o + 3] += c13;
  o += ldc;
  c[o] += c20; c[o + 1] += c21; c[o + 2] += c22; c[o + 3] += c23;
  o += ldc;
  c[o] += c30; c[o + 1] += c31; c[o + 2] += c32; c[o + 3] += c33;
}

/** C[i, j] += dot(A[i, p0..p1], B[p0..p1, j]) for the edges the 4 x 4 blocks do not cover. */
function dotInto(
  a: TypedArray, ai: number, colA: number, b: TypedArray, bj: number, rowB: number,
  c: TypedArray, ci: number, p0: number, p1: number,
): void {
  let s = 0;
  for (let p = p0; p < p1; p++) s += a[ai + p * colA] * b[bj + p * rowB];
  c[ci] += s;
}

/**
 * `gemmBlocks` (backend.ts) on any gemm: each block computed into one reused buffer of a's type, then
 * visited; column blocks outer, row blocks inner.
 */
export function gemmBlocksWith(
  gemmFn: typeof gemm, a: TypedArray, b: TypedArray, m: number, k: number, n: number, rows: number, cols: number, visit: BlockVisitor,
): void {
  const buffer = new (a.constructor as new (n: number) => TypedArray)(Math.min(rows, m) * Math.min(cols, n));
  for (let j0 = 0; j0 < n; j0 += cols) {
    const nc = Math.min(cols, n - j0);
    for (let i0 = 0; i0 < m; i0 += rows) {
      const nr = Math.min(rows, m - i0);
      gemmFn(a, i0 * k, false, b, j0 * k, true, buffer, 0, nr, k, nc);
      visit(buffer, 0, i0, j0, nr, nc);
    }
  }
}
