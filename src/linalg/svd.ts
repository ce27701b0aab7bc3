import { Tensor } from "../tensor/tensor.ts";
import { colMajor, float64Matrix } from "./matrix.ts";
import { applyQ, householder } from "./qr.ts";

/*
 * Singular value decomposition by one-sided Jacobi (Hestenes): plane rotations applied to the columns
 * of W (W <- W J, V <- V J) until every pair of columns is orthogonal to working precision; then
 * W = U S with s_i = ||W[:, i]|| and A = U S Vᵀ. A tall A is first reduced by a Householder QR
 * (A = Q R), so the rotations run on the n x n R and U = Q U_R. Each rotation is sequential: hand
 * loops over column-major Float64Arrays. High relative accuracy, ~5-10 sweeps of O(n² rows).
 */

const EPS = 2.220446049250313e-16;

/**
 * Rotates the columns of the column-major rows x n `w` in place until they are mutually orthogonal
 * (|w_pᵀ w_q| <= sqrt(rows) eps ||w_p|| ||w_q||, dgesvj's test); returns the accumulated rotations V
 * (column-major n x n), or an empty array when `wantV` is false (singular values only: ~40% less work).
 */
export function jacobiColumns(w: Float64Array, rows: number, n: number, wantV = true): Float64Array {
  const v = new Float64Array(wantV ? n * n : 0);
  for (let i = 0; i < n && wantV; i++) v[i * n + i] = 1;
  const sq = new Float64Array(n); // squared column norms, kept up to date through the rotations
  const tol = Math.sqrt(rows) * EPS; // LAPACK dgesvj's convergence threshold
  for (let sweep = 0; sweep < 80; sweep++) {
    for (let c = 0; c < n; c++) {
      let s2 = 0;
      for (let i = 0; i < rows; i++) s2 += w[c * rows + i] * w[c * rows + i];
      sq[c] = s2;
    }
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      const cp = p * rows;
      for (let q = p + 1; q < n; q++) {
        const cq = q * rows;
        const alpha = sq[p];
        const beta = sq[q];
        let gamma = 0;
        for (let i = 0; i < rows; i++) gamma += w[cp + i] * w[cq + i];
        if (gamma === 0 || Math.abs(gamma) <= tol * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // the rotation that zeroes the (p, q) entry of WᵀW
        const zeta = (beta - alpha) / (2 * gamma);
        const tan = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + tan * tan);
        const s = c * tan;
        sq[p] = alpha - tan * gamma;
        sq[q] = beta + tan * gamma;
        for (let i = 0; i < rows; i++) {
          const x = w[cp + i];
          const y = w[cq + i];
          w[cp + i] = c * x - s * y;
          w[cq + i] = s * x + c * y;
        }
        if (!wantV) continue;
        const vp = p * n;
        const vq = q * n;
        for (let i = 0; i < n; i++) {
          const x = v[vp + i];
          const y = v[vq + i];
          v[vp + i] = c * x - s * y;
          v[vq + i] = s * x + c * y;
        }
      }
    }
    if (!rotated) break;
  }
  return v;
}

/** A thin SVD, column-major: U [m, k], V [n, k], s [k] largest first, k = min(m, n). */
export interface ThinSvd {
  u: Float64Array;
  s: Float64Array;
  v: Float64Array;
  m: number;
  n: number;
  k: number;
}

/** Norms of the rotated columns, the order that sorts them largest first (stable), and that order's first k. */
function sortedNorms(w: Float64Array, rows: number, n: number): { norms: Float64Array; order: number[] } {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s2 = 0;
    for (let r = 0; r < rows; r++) s2 += w[i * rows + r] ** 2;
    norms[i] = Math.sqrt(s2);
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => norms[y] - norms[x] || x - y);
  return { norms, order };
}

/**
 * Replaces each all-zero column among the first `k` of the column-major rows x k `u` by a unit vector
 * orthogonal to the others (Gram-Schmidt on e_0, e_1, ...), so that U keeps orthonormal columns.
 */
function completeColumns(u: Float64Array, rows: number, k: number, zero: boolean[]): void {
  let next = 0;
  for (let c = 0; c < k; c++) {
    if (!zero[c]) continue;
    for (; next < rows; next++) {
      const x = new Float64Array(rows);
      x[next] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (let o = 0; o < k; o++) {
          if (o === c || (zero[o] && o > c)) continue;
          let d = 0;
          for (let r = 0; r < rows; r++) d += u[o * rows + r] * x[r];
          for (let r = 0; r < rows; r++) x[r] -= d * u[o * rows + r];
        }
      }
      let nn = 0;
      for (let r = 0; r < rows; r++) nn += x[r] * x[r];
      if (nn > 0.25) {
        const inv = 1 / Math.sqrt(nn);
        for (let r = 0; r < rows; r++) u[c * rows + r] = x[r] * inv;
        next++;
        break;
      }
    }
  }
}

/** SVD of the column-major rows x n `w` (rows >= n not required), destroying it: U [rows, n], s, V [n, n] in Jacobi's column order sorted. */
function jacobiSvd(w: Float64Array, rows: number, n: number, k: number): { u: Float64Array; s: Float64Array; v: Float64Array } {
  const v = jacobiColumns(w, rows, n);
  const { norms, order } = sortedNorms(w, rows, n);
  const u = new Float64Array(rows * k);
  const s = new Float64Array(k);
  const vs = new Float64Array(n * k);
  const zero: boolean[] = [];
  for (let c = 0; c < k; c++) {
    const i = order[c];
    s[c] = norms[i];
    zero.push(norms[i] === 0);
    if (norms[i] > 0) for (let r = 0; r < rows; r++) u[c * rows + r] = w[i * rows + r] / norms[i];
    vs.set(v.subarray(i * n, i * n + n), c * n);
  }
  completeColumns(u, rows, k, zero);
  return { u, s, v: vs };
}

/**
 * SVD of the column-major m x n `a` (not modified): U [m, k] and V [n, k] column-major, k = min(m, n),
 * or with `full` U [m, m] and V [n, n] (the complete Q of the QR supplies U's extra columns).
 */
export function svdColMajor(a: Float64Array, m: number, n: number, full = false): ThinSvd {
  const k = Math.min(m, n);
  if (m >= n) {
    const f = householder(Float64Array.from(a), m, n);
    const r = new Float64Array(n * n);
    for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) r[j * n + i] = f.a[j * m + i];
    const { u: ur, s, v } = jacobiSvd(r, n, n, n);
    // U = Q [U_R 0; 0 I]
    const uc = full ? m : n;
    const u = new Float64Array(m * uc);
    for (let j = 0; j < n; j++) u.set(ur.subarray(j * n, j * n + n), j * m);
    for (let j = n; j < uc; j++) u[j * m + j] = 1;
    applyQ(f, u, uc, false);
    return { u, s, v, m, n, k };
  }
  // A = (Aᵀ)ᵀ: the SVD of Aᵀ with U and V swapped
  const at = new Float64Array(m * n);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) at[i * n + j] = a[j * m + i];
  const t = svdColMajor(at, n, m, full);
  return { u: t.v, s: t.s, v: t.u, m, n, k };
}

/** Options of {@link svd}. */
export interface SvdOptions {
  /** true (default, torch's): U [m, m] and Vh [n, n]; false: the thin U [m, k] and Vh [k, n], k = min(m, n). */
  fullMatrices?: boolean;
}

/**
 * Singular value decomposition A = U diag(S) Vh, like `torch.linalg.svd`: S [k] nonnegative, largest
 * first, k = min(m, n); U and Vhᵀ with orthonormal columns. float64 (any input dtype). A tall A is
 * reduced by a Householder QR, then a one-sided Jacobi SVD of R gives high relative accuracy. The signs
 * of matching columns of U and rows of Vh are not unique (as in LAPACK) and need not match numpy's.
 * Shapes: A [m, n] -> U [m, m], S [k], Vh [n, n] (fullMatrices, default) or U [m, k], S [k], Vh [k, n].
 * @example
 * const { U, S, Vh } = bp.linalg.svd(bp.tensor([[3, 0], [0, -2]], { dtype: "float64" }), { fullMatrices: false });
 * // S = [3, 2]
 */
export function svd(A: Tensor, options: SvdOptions = {}): { U: Tensor; S: Tensor; Vh: Tensor } {
  const full = options.fullMatrices ?? true;
  if (typeof full !== "boolean") throw new Error(`svd: fullMatrices must be a boolean, got ${String(full)}`);
  const { data, rows: m, cols: n } = float64Matrix("svd", "A", A);
  const t = svdColMajor(colMajor(data, m, n), m, n, full);
  const { k, u, v } = t;
  const uc = u.length / m;
  const vc = v.length / n;
  const U = new Float64Array(m * uc);
  for (let j = 0; j < uc; j++) for (let i = 0; i < m; i++) U[i * uc + j] = u[j * m + i];
  // Vh = Vᵀ: row j of Vh is column j of V, contiguous in the column-major v
  return { U: new Tensor(U, [m, uc]), S: new Tensor(Float64Array.from(t.s), [k]), Vh: new Tensor(Float64Array.from(v), [vc, n]) };
}

/**
 * The singular values of A (like `torch.linalg.svdvals`), largest first, float64 [min(m, n)].
 * @example bp.linalg.svdvals(bp.tensor([[3, 0], [0, -2]], { dtype: "float64" })); // [3, 2]
 */
export function svdvals(A: Tensor): Tensor {
  const { data, rows: m, cols: n } = float64Matrix("svdvals", "A", A);
  // R of the QR of A (or of Aᵀ when wide) has A's singular values; rotate it without accumulating V
  const tall = m >= n;
  const rows = tall ? m : n;
  const k = tall ? n : m;
  const a = tall ? colMajor(data, m, n) : Float64Array.from(data); // row-major A is column-major Aᵀ
  const f = householder(a, rows, k);
  const r = new Float64Array(k * k);
  for (let j = 0; j < k; j++) for (let i = 0; i <= j; i++) r[j * k + i] = f.a[j * rows + i];
  jacobiColumns(r, k, k, false);
  const { norms, order } = sortedNorms(r, k, k);
  return new Tensor(Float64Array.from(order, (i) => norms[i]), [k]);
}
