import type { TypedArray } from "../tensor/dtype.ts";

/*
 * Plain-TS matrix multiply C = op(A) · op(B), C is m x n. Loop orders keep the innermost loop on
 * contiguous memory; the NN/TN forms are blocked over k and n so a panel of B stays in cache, and
 * unrolled by four rows of B so each element of C is loaded and stored once per four products.
 */

const BLOCK_K = 128;
const BLOCK_N = 256;

/** C = op(A) · op(B) for every transpose case; overwrites C. */
export function gemm(
  a: TypedArray, aOff: number, transA: boolean,
  b: TypedArray, bOff: number, transB: boolean,
  c: TypedArray, cOff: number,
  m: number, k: number, n: number,
): void {
  c.fill(0, cOff, cOff + m * n);
  if (m === 0 || n === 0 || k === 0) return;
  if (!transB) {
    // A[i, p] lives at a[aOff + i*rowA + p*colA]
    const rowA = transA ? 1 : k;
    const colA = transA ? m : 1;
    gemmRowPanel(a, aOff, rowA, colA, b, bOff, c, cOff, m, k, n);
  } else if (!transA) {
    gemmDot(a, aOff, b, bOff, c, cOff, m, k, n);
  } else {
    // C[i, j] = sum_p A[p, i] * B[j, p]: rare (not used by backward), plain loop
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[aOff + p * m + i] * b[bOff + j * k + p];
        c[cOff + i * n + j] = s;
      }
    }
  }
}

/** C[i, :] += A[i, p] * B[p, :], blocked over p and j, four p at a time. */
function gemmRowPanel(
  a: TypedArray, aOff: number, rowA: number, colA: number,
  b: TypedArray, bOff: number, c: TypedArray, cOff: number,
  m: number, k: number, n: number,
): void {
  for (let j0 = 0; j0 < n; j0 += BLOCK_N) {
    const j1 = Math.min(n, j0 + BLOCK_N);
    for (let p0 = 0; p0 < k; p0 += BLOCK_K) {
      const p1 = Math.min(k, p0 + BLOCK_K);
      for (let i = 0; i < m; i++) {
        const ai = aOff + i * rowA;
        const ci = cOff + i * n;
        let p = p0;
        for (; p + 3 < p1; p += 4) {
          const a0 = a[ai + p * colA];
          const a1 = a[ai + (p + 1) * colA];
          const a2 = a[ai + (p + 2) * colA];
          const a3 = a[ai + (p + 3) * colA];
          const b0 = bOff + p * n;
          const b1 = b0 + n;
          const b2 = b1 + n;
          const b3 = b2 + n;
          for (let j = j0; j < j1; j++) {
            c[ci + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
          }
        }
        for (; p < p1; p++) {
          const ap = a[ai + p * colA];
          const bp = bOff + p * n;
          for (let j = j0; j < j1; j++) c[ci + j] += ap * b[bp + j];
        }
      }
    }
  }
}

/** C[i, j] = dot(A[i, :], B[j, :]) with B stored n x k; four columns of C share each load of A. */
function gemmDot(
  a: TypedArray, aOff: number, b: TypedArray, bOff: number,
  c: TypedArray, cOff: number, m: number, k: number, n: number,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    const ci = cOff + i * n;
    let j = 0;
    for (; j + 3 < n; j += 4) {
      const b0 = bOff + j * k;
      const b1 = b0 + k;
      const b2 = b1 + k;
      const b3 = b2 + k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      for (let p = 0; p < k; p++) {
        const ap = a[ai + p];
        s0 += ap * b[b0 + p];
        s1 += ap * b[b1 + p];
        s2 += ap * b[b2 + p];
        s3 += ap * b[b3 + p];
      }
      c[ci + j] = s0;
      c[ci + j + 1] = s1;
      c[ci + j + 2] = s2;
      c[ci + j + 3] = s3;
    }
    for (; j < n; j++) {
      const bj = bOff + j * k;
      let s = 0;
      for (let p = 0; p < k; p++) s += a[ai + p] * b[bj + p];
      c[ci + j] = s;
    }
  }
}
