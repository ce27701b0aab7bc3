import { Tensor } from "../tensor/tensor.ts";
import { kernels } from "../backend/registry.ts";
import { colMajor, float64Matrix } from "./matrix.ts";

/*
 * Householder QR with LAPACK's conventions (dgeqrf / dlarfg / dorgqr), blocked: A = Q R with
 * Q = H_0 H_1 ... H_{k-1}, H_j = I - tau_j v_j v_jᵀ, v_j = [0.., 1, v_j[j+1:]], and
 * beta = -sign(alpha) * ||x|| (R's diagonal has the opposite sign of the pivot; tau = 0 and H = I when
 * the part below the diagonal is already zero), so that Q and R equal scipy's `linalg.qr` up to rounding.
 *
 * Storage is column-major (column j of an m-row matrix at j * m): the panel's dot products and axpys
 * then run over contiguous memory. Each panel of NB reflectors is factored column by column (that is
 * sequential) and folded into the compact WY form Q_panel = I - V T Vᵀ (dlarft); the trailing columns are
 * updated by two gemms of the backend (C -= V (Tᵀ (Vᵀ C))), which is where the O(m n²) work goes.
 */

/** Reflectors per panel: the gemms of the trailing update have inner size NB. */
const NB = 32;

/** A Householder factorization, column-major: R on and above the diagonal, the reflectors below it. */
export interface Householder {
  /** Rows. */
  m: number;
  /** Columns factored (the first `n` of `a`; any further columns were only transformed, Qᵀ applied). */
  n: number;
  /** Reflectors: min(m, n). */
  k: number;
  /** Column-major m x cols: R's entries and the reflectors' tails (v_j[i] at j * m + i, i > j). */
  a: Float64Array;
  /** tau_j of each reflector. */
  tau: Float64Array;
}

/**
 * The panel's reflectors as a row-major jb x m matrix Vᵀ (zero above each unit diagonal, so that the
 * gemms can run over whole columns of m rows) and the upper-triangular T of Q_panel = I - V T Vᵀ
 * (column-major jb x jb, which is Tᵀ read row-major).
 */
function blockReflector(f: Householder, j0: number, jb: number): { vt: Float64Array; t: Float64Array } {
  const { m, a, tau } = f;
  const vt = new Float64Array(jb * m);
  for (let l = 0; l < jb; l++) {
    const j = j0 + l;
    const row = l * m;
    vt[row + j] = 1;
    for (let i = j + 1; i < m; i++) vt[row + i] = a[j * m + i];
  }
  // dlarft, forward and columnwise: T[0:i, i] = -tau_i T[0:i, 0:i] (V[:, 0:i]ᵀ v_i)
  const t = new Float64Array(jb * jb);
  const w = new Float64Array(jb);
  for (let i = 0; i < jb; i++) {
    const ti = tau[j0 + i];
    t[i * jb + i] = ti;
    if (ti === 0 || i === 0) continue;
    const vi = i * m;
    for (let l = 0; l < i; l++) {
      const vl = l * m;
      let d = 0;
      for (let r = j0 + i; r < m; r++) d += vt[vl + r] * vt[vi + r];
      w[l] = d;
    }
    for (let r = 0; r < i; r++) {
      let s = 0;
      for (let l = r; l < i; l++) s += t[l * jb + r] * w[l];
      t[i * jb + r] = -ti * s;
    }
  }
  return { vt, t };
}

/**
 * C <- Qbᵀ C (`trans`) or Qb C, Qb = I - V T Vᵀ, for the nc columns of the column-major m-row `c`
 * starting at column c0: Wᵀ = Cᵀ V, then Wᵀ T (for Qbᵀ) or Wᵀ Tᵀ (for Qb), then Cᵀ -= Wᵀ Vᵀ.
 * In row-major terms C's columns are the rows of Cᵀ, so the backend's gemm runs on them in place.
 */
function applyBlock(vt: Float64Array, t: Float64Array, jb: number, m: number, c: Float64Array, c0: number, nc: number, trans: boolean): void {
  if (nc <= 0) return;
  const gemm = kernels().gemm;
  const wt = new Float64Array(nc * jb);
  gemm(c, c0 * m, false, vt, 0, true, wt, 0, nc, m, jb);
  const wt2 = new Float64Array(nc * jb);
  // t holds T column-major, i.e. Tᵀ row-major: B = T is "transposed", B = Tᵀ is not
  gemm(wt, 0, false, t, 0, trans, wt2, 0, nc, jb, jb);
  for (let i = 0; i < wt2.length; i++) wt2[i] = -wt2[i];
  gemm(wt2, 0, false, vt, 0, false, c, c0 * m, nc, jb, m, true);
}

/**
 * Factors the first `n` columns of the column-major m x cols `a` in place (dgeqrf); the remaining
 * cols - n columns (right-hand sides) come out as Qᵀ times them.
 */
export function householder(a: Float64Array, m: number, n: number, cols = n): Householder {
  const k = Math.min(m, n);
  const tau = new Float64Array(k);
  const f: Householder = { m, n, k, a, tau };
  for (let j0 = 0; j0 < k; j0 += NB) {
    const jb = Math.min(NB, k - j0);
    // dgeqr2 on the panel: reflector j zeroes a[j+1:, j] and is applied to the panel's later columns
    for (let j = j0; j < j0 + jb; j++) {
      const cj = j * m;
      const alpha = a[cj + j];
      let ss = 0;
      for (let i = j + 1; i < m; i++) ss += a[cj + i] * a[cj + i];
      if (ss === 0) {
        tau[j] = 0;
        continue;
      }
      const norm = Math.hypot(alpha, Math.sqrt(ss));
      const beta = alpha >= 0 ? -norm : norm;
      const tj = (beta - alpha) / beta;
      tau[j] = tj;
      const scale = 1 / (alpha - beta);
      for (let i = j + 1; i < m; i++) a[cj + i] *= scale;
      a[cj + j] = beta;
      const end = j0 + jb < k ? j0 + jb : cols; // the last panel also carries the trailing columns
      for (let c = j + 1; c < end; c++) {
        const cc = c * m;
        let d = a[cc + j];
        for (let i = j + 1; i < m; i++) d += a[cj + i] * a[cc + i];
        const s = tj * d;
        a[cc + j] -= s;
        for (let i = j + 1; i < m; i++) a[cc + i] -= s * a[cj + i];
      }
    }
    if (j0 + jb < k) {
      const { vt, t } = blockReflector(f, j0, jb);
      applyBlock(vt, t, jb, m, a, j0 + jb, cols - j0 - jb, true);
    }
  }
  return f;
}

/**
 * Q times the column-major m x nc matrix `c` in place (`trans` false: Q C; true: Qᵀ C), applying the
 * factorization's panels (dormqr).
 */
export function applyQ(f: Householder, c: Float64Array, nc: number, trans: boolean): void {
  const panels: number[] = [];
  for (let j0 = 0; j0 < f.k; j0 += NB) panels.push(j0);
  if (!trans) panels.reverse();
  for (const j0 of panels) {
    const jb = Math.min(NB, f.k - j0);
    const { vt, t } = blockReflector(f, j0, jb);
    applyBlock(vt, t, jb, f.m, c, 0, nc, trans);
  }
}

/** The first `q` columns of Q (column-major m x q; q = k for the reduced Q, m for the complete one) (dorgqr). */
export function formQ(f: Householder, q: number): Float64Array {
  const { m } = f;
  const out = new Float64Array(m * q);
  for (let i = 0; i < q; i++) out[i * m + i] = 1;
  const panels: number[] = [];
  for (let j0 = 0; j0 < f.k; j0 += NB) panels.push(j0);
  for (const j0 of panels.reverse()) {
    const jb = Math.min(NB, f.k - j0);
    const { vt, t } = blockReflector(f, j0, jb);
    // columns before j0 are still e_c there: the panels applied so far leave them alone
    applyBlock(vt, t, jb, m, out, j0, q - j0, false);
  }
  return out;
}

/** R's first `rows` rows (upper trapezoidal, rows x n), row-major. */
export function upperR(f: Householder, rows: number): Float64Array {
  const { m, n, a } = f;
  const r = new Float64Array(rows * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= Math.min(j, rows - 1); i++) r[i * n + j] = a[j * m + i];
  return r;
}

/** Options of {@link qr}. */
export interface QrOptions {
  /**
   * "reduced" (default): Q [m, k], R [k, n] with k = min(m, n); "complete": Q [m, m], R [m, n];
   * "r": only R [k, n] (Q is an empty tensor), like torch.linalg.qr.
   */
  mode?: "reduced" | "complete" | "r";
}

/**
 * QR decomposition A = Q R, like `torch.linalg.qr`: Q with orthonormal columns, R upper triangular,
 * by Householder reflections with LAPACK's sign conventions (R_jj = -sign(pivot) * ||column||), so
 * Q and R equal numpy's / scipy's `qr` up to rounding. Computed in float64 (any input dtype), blocked
 * so that the O(m n²) work runs through the backend's gemm.
 * Shapes: A [m, n] -> Q [m, k], R [k, n], k = min(m, n) ("reduced"); Q [m, m], R [m, n] ("complete").
 * @example
 * const { Q, R } = bp.linalg.qr(bp.tensor([[3, 1], [4, 2]], { dtype: "float64" }));
 * // R ≈ [[-5, -2.2], [0, 0.4]], Q ≈ [[-0.6, -0.8], [-0.8, 0.6]]
 */
export function qr(A: Tensor, options: QrOptions = {}): { Q: Tensor; R: Tensor } {
  const mode = options.mode ?? "reduced";
  if (mode !== "reduced" && mode !== "complete" && mode !== "r") throw new Error(`qr: mode must be "reduced", "complete" or "r", got ${String(mode)}`);
  const { data, rows: m, cols: n } = float64Matrix("qr", "A", A);
  const f = householder(colMajor(data, m, n), m, n);
  const rRows = mode === "complete" ? m : f.k;
  const R = new Tensor(upperR(f, rRows), [rRows, n]);
  if (mode === "r") return { Q: new Tensor(new Float64Array(0), [0]), R };
  const q = mode === "complete" ? m : f.k;
  const qc = formQ(f, q);
  const Q = new Float64Array(m * q);
  for (let j = 0; j < q; j++) for (let i = 0; i < m; i++) Q[i * q + j] = qc[j * m + i];
  return { Q: new Tensor(Q, [m, q]), R };
}
