/** test/fixtures/linalg.json (written by gen_linalg.py with numpy 1.24 / scipy 1.10), typed, and helpers. */
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";

export interface Enc {
  shape: number[];
  data: number[];
}

export interface LinalgFixture {
  qr: { name: string; A: Enc; Q: Enc; R: Enc; Qfull: Enc; Rfull: Enc }[];
  qrFormula: { m: number; n: number; Rdiag: number[]; Rrow0: number[]; Qcols: Record<string, number[]> };
  svd: { name: string; A: Enc; S: number[] }[];
  lstsq: { name: string; A: Enc; b: Enc; solution: Enc; rank: number; S: number[]; rcond?: number }[];
}

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/linalg.json", import.meta.url), "utf8")) as LinalgFixture;

/** A float64 tensor from an encoded array. */
export function tensor(e: Enc): bp.Tensor {
  return new bp.Tensor(Float64Array.from(e.data), e.shape);
}

/** The formula matrix the generator rebuilds: A[i, j] = sin(0.37 i + 1.3 j) + cos(0.11 i j). */
export function formula(m: number, n: number): bp.Tensor {
  const a = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[i * n + j] = Math.sin(0.37 * i + 1.3 * j) + Math.cos(0.11 * i * j);
  return new bp.Tensor(a, [m, n]);
}

/** Largest |a - b| over the elements, after checking the lengths agree. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

/** max |QᵀQ - I| for Q [m, k]. */
export function orthogonalityError(Q: bp.Tensor): number {
  const qtq = Q.t().matmul(Q);
  const k = Q.shape[1];
  return maxAbsDiff(qtq.data, bp.eye(k, { dtype: "float64" }).data);
}
