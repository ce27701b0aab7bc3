import { Tensor } from "../tensor/tensor.ts";

/*
 * Dense least squares in float64 without forming XᵀX: a Householder QR reduces a tall A to its
 * triangle R (Qᵀ applied to the right-hand sides as it goes), then a one-sided Jacobi SVD (Hestenes)
 * of R gives A = U S Vᵀ. Both are sequential factorizations over typed arrays; backprop has no tensor
 * op for them. From the SVD:
 *   least squares (minimum norm):  x = V S⁺ Uᵀ b, singular values below rcond * s_max treated as 0;
 *   ridge:                         x = V diag(s / (s² + α)) Uᵀ b  = (AᵀA + αI)⁻¹ Aᵀ b.
 */

/** What `svdProject` returns: the thin SVD of A as needed to solve against B. */
interface SvdProjection {
  /** Number of columns of A (n). */
  n: number;
  /** Number of right-hand sides (t). */
  t: number;
  /** Σ_i per column i of the rotated A: its norm s_i (unsorted, n of them). */
  norms: Float64Array;
  /** V, n x n, column-major (V[:, i] at i * n). */
  v: Float64Array;
  /** (A V)[:, i]ᵀ B = s_i * U[:, i]ᵀ B, n x t row-major. */
  proj: Float64Array;
  /** min(m, n): how many singular values A has. */
  k: number;
}

/** Householder QR of the m x n column-major `a` (m > n) applied in place; returns R (n x n, column-major) and Qᵀb's top n rows. */
function householderReduce(a: Float64Array, m: number, n: number, b: Float64Array, t: number): { r: Float64Array; qtb: Float64Array } {
  const v = new Float64Array(m);
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    let norm = 0;
    for (let i = j; i < m; i++) norm += a[cj + i] * a[cj + i];
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = a[cj + j] > 0 ? -norm : norm; // v = x - alpha e1 with the sign that avoids cancellation
    for (let i = j; i < m; i++) v[i] = a[cj + i];
    v[j] -= alpha;
    let vv = 0;
    for (let i = j; i < m; i++) vv += v[i] * v[i];
    if (vv === 0) continue;
    // H = I - 2 v vᵀ / (vᵀv): column j becomes alpha e_j, the other columns and b are reflected
    a[cj + j] = alpha;
    for (let i = j + 1; i < m; i++) a[cj + i] = 0;
    for (let c = j + 1; c < n; c++) {
      const cc = c * m;
      let d = 0;
      for (let i = j; i < m; i++) d += v[i] * a[cc + i];
      const f = (2 * d) / vv;
      for (let i = j; i < m; i++) a[cc + i] -= f * v[i];
    }
    for (let c = 0; c < t; c++) {
      const cc = c * m;
      let d = 0;
      for (let i = j; i < m; i++) d += v[i] * b[cc + i];
      const f = (2 * d) / vv;
      for (let i = j; i < m; i++) b[cc + i] -= f * v[i];
    }
  }
  const r = new Float64Array(n * n);
  for (let c = 0; c < n; c++) for (let i = 0; i <= c; i++) r[c * n + i] = a[c * m + i];
  const qtb = new Float64Array(n * t);
  for (let c = 0; c < t; c++) for (let i = 0; i < n; i++) qtb[c * n + i] = b[c * m + i];
  return { r, qtb };
}

/**
 * One-sided Jacobi SVD of the rows x n column-major `w` (rotated in place so that its columns become
 * orthogonal, W V = U S), and the projections of its columns on the right-hand sides `b` (rows x t, column-major).
 */
function jacobi(w: Float64Array, rows: number, n: number, b: Float64Array, t: number, k: number): SvdProjection {
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  const eps = 2.220446049250313e-16;
  const sq = new Float64Array(n); // squared column norms, kept up to date through the rotations
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
        if (gamma === 0 || Math.abs(gamma) <= eps * Math.sqrt(alpha * beta)) continue;
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
  const norms = new Float64Array(n);
  const proj = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    const ci = i * rows;
    let s2 = 0;
    for (let r = 0; r < rows; r++) s2 += w[ci + r] * w[ci + r];
    norms[i] = Math.sqrt(s2);
    for (let c = 0; c < t; c++) {
      let d = 0;
      for (let r = 0; r < rows; r++) d += w[ci + r] * b[c * rows + r];
      proj[i * t + c] = d;
    }
  }
  return { n, t, norms, v, proj, k };
}

/** The thin SVD of A (m x n) projected on B (m x t), both float64 row-major. */
function svdProject(a: Float64Array, m: number, n: number, bRows: Float64Array, t: number): SvdProjection {
  // to column-major copies (the factorizations work on columns)
  const ac = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) ac[j * m + i] = a[i * n + j];
  const bc = new Float64Array(m * t);
  for (let i = 0; i < m; i++) for (let c = 0; c < t; c++) bc[c * m + i] = bRows[i * t + c];
  const k = Math.min(m, n);
  if (m > n) {
    const { r, qtb } = householderReduce(ac, m, n, bc, t);
    return jacobi(r, n, n, qtb, t, k);
  }
  return jacobi(ac, m, n, bc, t, k);
}

/** Solves with the filter f(s) applied to each singular value: x = Σ_i V[:, i] f(s_i) / s_i · (A V)[:, i]ᵀ B / s_i. */
function combine(p: SvdProjection, filter: (s: number) => number): Float64Array {
  const { n, t, norms, v, proj } = p;
  const x = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    const f = filter(norms[i]);
    if (f === 0) continue;
    for (let c = 0; c < t; c++) {
      const coef = f * proj[i * t + c];
      if (coef === 0) continue;
      for (let r = 0; r < n; r++) x[r * t + c] += v[i * n + r] * coef;
    }
  }
  return x;
}

function asMatrix(where: string, name: string, x: Tensor): { data: Float64Array; rows: number; cols: number } {
  if (x.dim() !== 1 && x.dim() !== 2) throw new Error(`${where}: ${name} must be 1-D or 2-D, got shape [${x.shape.join(", ")}]`);
  const t = x.dtype === "float64" ? x.contiguous() : x.to("float64");
  return { data: t.data as Float64Array, rows: t.shape[0], cols: t.dim() === 2 ? t.shape[1] : 1 };
}

/** Result of `lstsq`. */
export interface LstsqResult {
  /** The minimum-norm least-squares solution, [n] for a 1-D b, [n, t] for a 2-D b (float64). */
  solution: Tensor;
  /** Effective rank of A: the singular values above rcond * s_max. */
  rank: number;
  /** Singular values of A, largest first, min(m, n) of them (float64). */
  singular: Tensor;
}

/**
 * Minimum-norm least squares, min ||A x - b||₂ with the smallest ||x||₂ among the minimisers, like
 * `scipy.linalg.lstsq` / `numpy.linalg.lstsq`: Householder QR then a Jacobi SVD, in float64; singular
 * values below `rcond * s_max` (default `max(m, n) * eps`, numpy's) count as zero.
 * Shapes: A [m, n], b [m] or [m, t] -> solution [n] or [n, t].
 * @example
 * const { solution, rank } = lstsq(bp.tensor([[1, 0], [0, 1], [1, 1]], { dtype: "float64" }), bp.tensor([1, 2, 3], { dtype: "float64" }));
 * // solution ≈ [1, 2], rank 2
 */
export function lstsq(A: Tensor, b: Tensor, rcond?: number): LstsqResult {
  const a = asMatrix("lstsq", "A", A);
  if (A.dim() !== 2) throw new Error(`lstsq: A must be 2-D, got shape [${A.shape.join(", ")}]`);
  const bb = asMatrix("lstsq", "b", b);
  if (bb.rows !== a.rows) throw new Error(`lstsq: A and b have different numbers of rows: ${a.rows} and ${bb.rows}`);
  const p = svdProject(a.data, a.rows, a.cols, bb.data, bb.cols);
  const sorted = Array.from(p.norms).sort((x, y) => y - x).slice(0, p.k);
  const smax = sorted.length > 0 ? sorted[0] : 0;
  const cutoff = (rcond ?? Math.max(a.rows, a.cols) * 2.220446049250313e-16) * smax;
  const x = combine(p, (s) => (s > cutoff && s > 0 ? 1 / (s * s) : 0));
  const shape = b.dim() === 2 ? [a.cols, bb.cols] : [a.cols];
  return {
    solution: new Tensor(x, shape),
    rank: sorted.filter((s) => s > cutoff && s > 0).length,
    singular: new Tensor(Float64Array.from(sorted), [sorted.length]),
  };
}

/**
 * Ridge solution x = (AᵀA + αI)⁻¹ Aᵀ b through the SVD of A (x = V diag(s / (s² + α)) Uᵀ b), never
 * forming AᵀA; α = 0 gives the minimum-norm least-squares solution. float64.
 * Shapes: A [m, n], b [m] or [m, t] -> [n] or [n, t].
 * @example
 * ridgeSolve(bp.eye(2, { dtype: "float64" }), bp.tensor([2, 4], { dtype: "float64" }), 1); // [1, 2]
 */
export function ridgeSolve(A: Tensor, b: Tensor, alpha: number): Tensor {
  if (A.dim() !== 2) throw new Error(`ridgeSolve: A must be 2-D, got shape [${A.shape.join(", ")}]`);
  if (!(alpha >= 0)) throw new Error(`ridgeSolve: alpha must be >= 0, got ${alpha}`);
  const a = asMatrix("ridgeSolve", "A", A);
  const bb = asMatrix("ridgeSolve", "b", b);
  if (bb.rows !== a.rows) throw new Error(`ridgeSolve: A and b have different numbers of rows: ${a.rows} and ${bb.rows}`);
  const p = svdProject(a.data, a.rows, a.cols, bb.data, bb.cols);
  const smax = Math.max(0, ...p.norms);
  const cutoff = Math.max(a.rows, a.cols) * 2.220446049250313e-16 * smax;
  const x = combine(p, (s) => (s > cutoff && s > 0 ? 1 / (s * s + alpha) : 0));
  return new Tensor(x, b.dim() === 2 ? [a.cols, bb.cols] : [a.cols]);
}
