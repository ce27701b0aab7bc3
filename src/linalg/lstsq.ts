import { Tensor } from "../tensor/tensor.ts";
import { colMajor, float64Matrix } from "./matrix.ts";
import { applyQ, householder } from "./qr.ts";
import { jacobiColumns } from "./svd.ts";

/*
 * Dense least squares in float64 without forming AᵀA.
 *
 * Tall A (m >= n): a blocked Householder QR of [A | B] gives R (n x n) and Qᵀ B. Then
 *   - if R is certainly well enough conditioned that no singular value falls below the rank cutoff
 *     rcond * s_max (see `fullRank`), x = R⁻¹ (Qᵀ B)[:n] by back substitution: the unique, hence
 *     minimum-norm, solution, O(m n²) in all;
 *   - otherwise, when a pivoted QR of R shows a clear gap (`codSolve`: the discarded block certainly
 *     below the cutoff, the kept one certainly above it), a complete orthogonal decomposition gives the
 *     minimum-norm solution of that rank in O(n³) (dependent or duplicated columns);
 *   - otherwise a one-sided Jacobi SVD of R (its singular values are A's) gives the minimum-norm
 *     solution x = V S⁺ Uᵀ (Qᵀ B)[:n] with the singular values below the cutoff treated as 0 (numpy's rule).
 * All-zero columns are dropped first (coefficient 0, a zero singular value each).
 * Wide A (m < n): the QR of Aᵀ = Q R gives A = Rᵀ Qᵀ, and x = Q y with y the minimum-norm solution
 * of Rᵀ y = B (forward substitution when certainly full rank, else the SVD route); ||x|| = ||y||.
 * Ridge: (AᵀA + αI)⁻¹ AᵀB is the least-squares solution of [A; √α I] x = [B; 0], whose smallest singular
 * value is at least √α: the same QR route, with the SVD filter s / (s² + α) as the fallback.
 */

const EPS = 2.220446049250313e-16;

/**
 * How far inside the cutoff the certificate must be: the computed R⁻¹ is the exact inverse of
 * R + ΔR column by column with |ΔR| <= n eps |R|, so when the computed κ_F = ||R||_F ||R⁻¹||_F is below
 * 1 / (SAFETY · max(m, n) eps) the true κ_F is within a factor 2 of it.
 */
const SAFETY = 8;

/**
 * True when the upper-triangular column-major n x n `r` certainly has all its singular values above
 * rcond * s_max: s_min / s_max >= 1 / (||R||_F ||R⁻¹||_F), with R⁻¹ formed column by column (n³ / 3).
 * With `scale`, s_max is bounded by it instead (R11's s_min against the whole R's s_max).
 */
function fullRank(r: Float64Array, n: number, rcond: number, scale?: number): boolean {
  let fro = 0;
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) fro += r[j * n + i] ** 2;
  fro = Math.max(Math.sqrt(fro), scale ?? 0); // `scale`: ||R||_F of the matrix R is a corner of
  if (!(fro > 0) || !Number.isFinite(fro)) return false;
  const bound = 1 / (SAFETY * Math.max(rcond, 0) * fro); // ||R⁻¹||_F must stay below this
  let inv = 0;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    x.fill(0, 0, j + 1);
    x[j] = 1;
    for (let l = j; l >= 0; l--) {
      const xl = x[l] / r[l * n + l];
      x[l] = xl;
      if (xl === 0) continue;
      const cl = l * n;
      for (let i = 0; i < l; i++) x[i] -= r[cl + i] * xl;
    }
    for (let i = 0; i <= j; i++) inv += x[i] * x[i];
    if (!(Math.sqrt(inv) < bound)) return false; // also catches inf / NaN from a zero pivot
  }
  return true;
}

/**
 * The minimum-norm solution of M x = C for a square M (column-major n x n, destroyed) of clearly
 * deficient rank, by a complete orthogonal decomposition (LAPACK dgelsy's route): a Householder QR
 * with column pivoting, M P = Q2 [R11 R12; 0 R22], stopped at the first r with ||R22||_F at most
 * rcond ||M||_F / (SAFETY sqrt(n)) (so s_{r+1} <= rcond s_max), then an RZ factorization
 * [R11 R12] = [T 0] Z and x = P Zᵀ [T⁻¹ (Q2ᵀ C)[:r]; 0]. Returns null (the caller takes the SVD
 * route) unless R11 is certainly well-conditioned: s_r >= 1 / ||R11⁻¹||_F > rcond ||M||_F >= rcond s_max.
 * O(n³) unblocked; exact-rank input (duplicated or dependent columns) leaves R22 at rounding level.
 */
function codSolve(mat: Float64Array, n: number, c: Float64Array, t: number, rcond: number): { x: Float64Array; rank: number } | null {
  const norms = columnNorms(mat, n, n);
  let total = 0;
  for (const v of norms) total += v * v;
  const fro = Math.sqrt(total);
  const gap = (rcond * fro) / (SAFETY * Math.sqrt(n));
  const perm = Array.from({ length: n }, (_, i) => i);
  let r = 0;
  for (; r < n; r++) {
    // the rest's Frobenius norm, and the pivot: the column with the largest remaining norm
    let rest = 0;
    let best = r;
    let bestNorm = -1;
    for (let j = r; j < n; j++) {
      let s2 = 0;
      for (let i = r; i < n; i++) s2 += mat[j * n + i] ** 2;
      rest += s2;
      if (s2 > bestNorm) {
        bestNorm = s2;
        best = j;
      }
    }
    if (Math.sqrt(rest) <= gap) break;
    if (best !== r) {
      for (let i = 0; i < n; i++) {
        const tmp = mat[r * n + i];
        mat[r * n + i] = mat[best * n + i];
        mat[best * n + i] = tmp;
      }
      [perm[r], perm[best]] = [perm[best], perm[r]];
    }
    // dlarfg on mat[r:, r], applied to the later columns and to C
    const cr = r * n;
    const alpha = mat[cr + r];
    let ss = 0;
    for (let i = r + 1; i < n; i++) ss += mat[cr + i] ** 2;
    if (ss === 0) continue;
    const norm = Math.hypot(alpha, Math.sqrt(ss));
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = r + 1; i < n; i++) mat[cr + i] *= scale;
    mat[cr + r] = beta;
    const reflect = (buf: Float64Array, o: number) => {
      let d = buf[o + r];
      for (let i = r + 1; i < n; i++) d += mat[cr + i] * buf[o + i];
      const f = tau * d;
      buf[o + r] -= f;
      for (let i = r + 1; i < n; i++) buf[o + i] -= f * mat[cr + i];
    };
    for (let j = r + 1; j < n; j++) reflect(mat, j * n);
    for (let col = 0; col < t; col++) reflect(c, col * n);
  }
  if (r === 0 || r === n) return null;
  // R11 must be certainly well-conditioned against the whole matrix's s_max
  const r11 = new Float64Array(r * r);
  for (let j = 0; j < r; j++) for (let i = 0; i <= j; i++) r11[j * r + i] = mat[j * n + i];
  if (!fullRank(r11, r, rcond, fro)) return null;
  // RZ (dtzrzf): row i's reflector folds [R12]_i into T_ii, last row first; u = [1 at i, v at r..n-1]
  const w = n - r;
  const vs = new Float64Array(r * w); // v of row i at i * w
  const taus = new Float64Array(r);
  for (let i = r - 1; i >= 0; i--) {
    const alpha = mat[i * n + i];
    let ss = 0;
    for (let q = 0; q < w; q++) ss += mat[(r + q) * n + i] ** 2;
    if (ss === 0) continue;
    const norm = Math.hypot(alpha, Math.sqrt(ss));
    const beta = alpha >= 0 ? -norm : norm;
    const tau = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let q = 0; q < w; q++) vs[i * w + q] = mat[(r + q) * n + i] * scale;
    taus[i] = tau;
    mat[i * n + i] = beta;
    for (let q = 0; q < w; q++) mat[(r + q) * n + i] = 0;
    // the rows above: row l <- row l H (columns i and r..n-1)
    for (let l = 0; l < i; l++) {
      let d = mat[i * n + l];
      for (let q = 0; q < w; q++) d += vs[i * w + q] * mat[(r + q) * n + l];
      const f = tau * d;
      mat[i * n + l] -= f;
      for (let q = 0; q < w; q++) mat[(r + q) * n + l] -= f * vs[i * w + q];
    }
  }
  const tri = new Float64Array(r * r);
  for (let j = 0; j < r; j++) for (let i = 0; i <= j; i++) tri[j * r + i] = mat[j * n + i];
  const x = new Float64Array(n * t);
  const z = new Float64Array(n);
  for (let col = 0; col < t; col++) {
    const y = c.slice(col * n, col * n + r);
    triangularSolve(tri, r, y, 1, false);
    z.fill(0);
    z.set(y);
    // x' = Zᵀ z = H_{r-1} ... H_0 z: H_0 first
    for (let i = 0; i < r; i++) {
      const tau = taus[i];
      if (tau === 0) continue;
      let d = z[i];
      for (let q = 0; q < w; q++) d += vs[i * w + q] * z[r + q];
      const f = tau * d;
      z[i] -= f;
      for (let q = 0; q < w; q++) z[r + q] -= f * vs[i * w + q];
    }
    for (let j = 0; j < n; j++) x[col * n + perm[j]] = z[j];
  }
  return { x, rank: r };
}

/** Solves R X = C (upper, `transpose` false) or Rᵀ X = C (`transpose` true) in place on the column-major n x t `c`. */
function triangularSolve(r: Float64Array, n: number, c: Float64Array, t: number, transpose: boolean): void {
  for (let col = 0; col < t; col++) {
    const o = col * n;
    if (!transpose) {
      for (let l = n - 1; l >= 0; l--) {
        const xl = c[o + l] / r[l * n + l];
        c[o + l] = xl;
        const cl = l * n;
        for (let i = 0; i < l; i++) c[o + i] -= r[cl + i] * xl;
      }
    } else {
      for (let i = 0; i < n; i++) {
        const ci = i * n;
        let s = c[o + i];
        for (let l = 0; l < i; l++) s -= r[ci + l] * c[o + l];
        c[o + i] = s / r[ci + i];
      }
    }
  }
}

/** Singular values of the column-major rows x n `w` (not modified), largest first, the first k. */
function singularValues(w: Float64Array, rows: number, n: number, k: number): Float64Array {
  const copy = Float64Array.from(w);
  jacobiColumns(copy, rows, n, false);
  return columnNorms(copy, rows, n).sort().reverse().subarray(0, k);
}

function columnNorms(w: Float64Array, rows: number, n: number): Float64Array {
  const norms = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s2 = 0;
    for (let r = 0; r < rows; r++) s2 += w[i * rows + r] ** 2;
    norms[i] = Math.sqrt(s2);
  }
  return norms;
}

/**
 * x = Σ_i V[:, i] filter(s_i) (W[:, i]ᵀ C) / s_i over the one-sided Jacobi SVD W = M V (W[:, i] = s_i U[:, i])
 * of the column-major rows x n `m` (destroyed), for the column-major rows x t `c`: filter(s) = 1/s for
 * least squares, s / (s² + α) for ridge. Returns x (column-major n x t) and the singular values
 * (largest first, min(rows, n) of them).
 */
function svdSolve(m: Float64Array, rows: number, n: number, c: Float64Array, t: number, filter: (s: number, smax: number) => number): { x: Float64Array; s: Float64Array } {
  const v = jacobiColumns(m, rows, n);
  const norms = columnNorms(m, rows, n);
  const smax = Math.max(0, ...norms);
  const x = new Float64Array(n * t);
  for (let i = 0; i < n; i++) {
    const s = norms[i];
    const f = s > 0 ? filter(s, smax) : 0;
    if (f === 0) continue;
    for (let col = 0; col < t; col++) {
      let d = 0;
      for (let r = 0; r < rows; r++) d += m[i * rows + r] * c[col * rows + r];
      const coef = (f / s) * d;
      if (coef === 0) continue;
      for (let r = 0; r < n; r++) x[col * n + r] += v[i * n + r] * coef;
    }
  }
  return { x, s: Float64Array.from(norms).sort().reverse().subarray(0, Math.min(rows, n)) };
}

/** What `solve` returns: x column-major n x t, the rank, and the singular values (computed on demand when the fast path ran). */
interface Solved {
  x: Float64Array;
  rank: number;
  singular: () => Float64Array;
}

/**
 * Minimum-norm least squares on column-major data: A m x n, B m x t. `ridge` > 0 solves the ridge
 * problem instead (through the augmented matrix, or the SVD filter when that is ill-conditioned).
 */
function solve(a: Float64Array, m: number, n: number, b: Float64Array, t: number, rcond: number | undefined, alpha = 0): Solved {
  if (n === 0) return { x: new Float64Array(0), rank: 0, singular: () => new Float64Array(0) };
  const k = Math.min(m, n);
  const cut = rcond ?? Math.max(m, n) * EPS;
  const lsFilter = (s: number, smax: number) => (s > cut * smax ? 1 / s : 0);
  if (alpha > 0) {
    // [A; √α I] x = [B; 0]
    const rows = m + n;
    const buf = new Float64Array(rows * (n + t));
    const sa = Math.sqrt(alpha);
    for (let j = 0; j < n; j++) {
      buf.set(a.subarray(j * m, j * m + m), j * rows);
      buf[j * rows + m + j] = sa;
    }
    for (let c = 0; c < t; c++) buf.set(b.subarray(c * m, c * m + m), (n + c) * rows);
    householder(buf, rows, n, n + t);
    const r = upperSquare(buf, rows, n);
    if (fullRank(r, n, Math.max(rows, n) * EPS)) {
      const x = topRows(buf, rows, n, t);
      triangularSolve(r, n, x, t, false);
      return { x, rank: n, singular: () => new Float64Array(0) };
    }
    const rf = (s: number, smax: number) => (s > Math.max(m, n) * EPS * smax ? s / (s * s + alpha) : 0);
    const { x } = tallOrWideSvd(a, m, n, b, t, rf);
    return { x, rank: n, singular: () => new Float64Array(0) };
  }
  const kept = nonzeroColumns(a, m, n);
  if (kept.length < n) {
    // an all-zero column gets coefficient 0 in the minimum-norm solution and adds a zero singular value
    const sub = new Float64Array(m * kept.length);
    kept.forEach((j, c) => sub.set(a.subarray(j * m, j * m + m), c * m));
    const r = solve(sub, m, kept.length, b, t, cut);
    const x = new Float64Array(n * t);
    for (let c = 0; c < t; c++) kept.forEach((j, i) => (x[c * n + j] = r.x[c * kept.length + i]));
    return {
      x,
      rank: r.rank,
      singular: lazy(() => {
        const out = new Float64Array(k);
        out.set(r.singular());
        return out;
      }),
    };
  }
  if (m >= n) {
    const buf = new Float64Array(m * (n + t));
    buf.set(a);
    buf.set(b, m * n);
    householder(buf, m, n, n + t);
    const r = upperSquare(buf, m, n);
    const qtb = topRows(buf, m, n, t);
    if (fullRank(r, n, cut)) {
      triangularSolve(r, n, qtb, t, false);
      return { x: qtb, rank: n, singular: lazy(() => singularValues(r, n, n, k)) };
    }
    const cod = codSolve(Float64Array.from(r), n, Float64Array.from(qtb), t, cut);
    if (cod !== null) return { x: cod.x, rank: cod.rank, singular: lazy(() => singularValues(r, n, n, k)) };
    const { x, s } = svdSolve(r, n, n, qtb, t, lsFilter);
    return { x, rank: countAbove(s, cut), singular: () => s };
  }
  // wide: Aᵀ = Q R, A = Rᵀ Qᵀ, x = Q y with Rᵀ y = B
  const at = new Float64Array(n * m);
  for (let j = 0; j < n; j++) for (let i = 0; i < m; i++) at[i * n + j] = a[j * m + i];
  const f = householder(at, n, m);
  const r = upperSquare(at, n, m);
  let y: Float64Array;
  let rank: number;
  let singular: () => Float64Array;
  if (fullRank(r, m, cut)) {
    y = Float64Array.from(b);
    triangularSolve(r, m, y, t, true);
    rank = m;
    singular = lazy(() => singularValues(r, m, m, k));
  } else {
    const rt = new Float64Array(m * m);
    for (let j = 0; j < m; j++) for (let i = 0; i <= j; i++) rt[i * m + j] = r[j * m + i];
    const cod = codSolve(Float64Array.from(rt), m, Float64Array.from(b), t, cut);
    if (cod !== null) {
      y = cod.x;
      rank = cod.rank;
      singular = lazy(() => singularValues(r, m, m, k));
    } else {
      const res = svdSolve(rt, m, m, Float64Array.from(b), t, lsFilter);
      y = res.x;
      rank = countAbove(res.s, cut);
      singular = () => res.s;
    }
  }
  const x = new Float64Array(n * t);
  for (let c = 0; c < t; c++) x.set(y.subarray(c * m, c * m + m), c * n);
  applyQ(f, x, t, false);
  return { x, rank, singular };
}

/** SVD-filtered solve of A x = B (column-major): through the QR's R when tall, directly when wide. */
function tallOrWideSvd(a: Float64Array, m: number, n: number, b: Float64Array, t: number, filter: (s: number, smax: number) => number): { x: Float64Array; s: Float64Array } {
  if (m > n) {
    const buf = new Float64Array(m * (n + t));
    buf.set(a);
    buf.set(b, m * n);
    householder(buf, m, n, n + t);
    return svdSolve(upperSquare(buf, m, n), n, n, topRows(buf, m, n, t), t, filter);
  }
  return svdSolve(Float64Array.from(a), m, n, Float64Array.from(b), t, filter);
}

/** Indices of the columns of the column-major m x n `a` that are not all zero. */
function nonzeroColumns(a: Float64Array, m: number, n: number): number[] {
  const kept: number[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = j * m; i < j * m + m; i++) {
      if (a[i] !== 0) {
        kept.push(j);
        break;
      }
    }
  }
  return kept;
}

function countAbove(s: Float64Array, rcond: number): number {
  const smax = s.length > 0 ? s[0] : 0;
  let rank = 0;
  for (const v of s) if (v > rcond * smax && v > 0) rank++;
  return rank;
}

function lazy<T>(f: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value as T;
  };
}

/** The n x n upper triangle of the column-major rows-row factorization `buf`, column-major. */
function upperSquare(buf: Float64Array, rows: number, n: number): Float64Array {
  const r = new Float64Array(n * n);
  for (let j = 0; j < n; j++) for (let i = 0; i <= j; i++) r[j * n + i] = buf[j * rows + i];
  return r;
}

/** Rows 0..n-1 of the t columns after the first n of the column-major rows-row `buf` (Qᵀ B's top), column-major n x t. */
function topRows(buf: Float64Array, rows: number, n: number, t: number): Float64Array {
  const out = new Float64Array(n * t);
  for (let c = 0; c < t; c++) out.set(buf.subarray((n + c) * rows, (n + c) * rows + n), c * n);
  return out;
}

/** B as a column-major m x t matrix (a 1-D B is one column). */
function rhs(where: string, A: { rows: number }, B: Tensor): { data: Float64Array; t: number } {
  if (B.dim() !== 1 && B.dim() !== 2) throw new Error(`${where}: B must be 1-D or 2-D, got shape [${B.shape.join(", ")}]`);
  const rows = B.shape[0];
  if (rows !== A.rows) throw new Error(`${where}: A and B have different numbers of rows: ${A.rows} and ${rows}`);
  const bt = B.dtype === "float64" ? B.contiguous() : B.to("float64");
  const src = bt.data as Float64Array;
  const t = B.dim() === 2 ? B.shape[1] : 1;
  const out = new Float64Array(rows * t);
  for (let i = 0; i < rows; i++) for (let c = 0; c < t; c++) out[c * rows + i] = src[i * t + c];
  return { data: out, t };
}

function toRowMajor(x: Float64Array, n: number, t: number): Float64Array {
  if (t === 1) return x;
  const out = new Float64Array(n * t);
  for (let c = 0; c < t; c++) for (let i = 0; i < n; i++) out[i * t + c] = x[c * n + i];
  return out;
}

/** Options of {@link lstsq}. */
export interface LstsqOptions {
  /**
   * Singular values at or below rcond * s_max count as zero (they decide the rank). Default
   * max(m, n) * eps (float64's), numpy's and torch's default.
   */
  rcond?: number;
}

/** What {@link lstsq} returns. */
export interface LstsqResult {
  /** The minimum-norm least-squares solution, [n] for a 1-D B, [n, t] for a 2-D B (float64). */
  solution: Tensor;
  /** Effective rank of A: how many singular values are above rcond * s_max. */
  rank: number;
  /**
   * Singular values of A, largest first, float64 [min(m, n)]. A getter: when A is certainly of full
   * rank the solve never needs them, and they are computed (a Jacobi SVD of R) on first access.
   */
  readonly singularValues: Tensor;
}

/**
 * Minimum-norm least squares, min ||A X - B||₂ with the smallest ||X|| among the minimisers, like
 * `torch.linalg.lstsq` with the "gelsd" driver / `numpy.linalg.lstsq`: singular values at or below
 * `rcond * s_max` count as zero. float64 (any input dtype). A blocked Householder QR does the
 * O(m n²) work; when R is certainly of full rank the solution is R⁻¹ Qᵀ B; when it is certainly of
 * rank r < n (a clear gap in a pivoted QR of R) a complete orthogonal decomposition gives the minimum-norm
 * answer; only in between does a Jacobi SVD of R (O(n³) per sweep, ~10 sweeps) decide.
 * Shapes: A [m, n], B [m] or [m, t] -> solution [n] or [n, t].
 * @example
 * const { solution, rank } = bp.linalg.lstsq(bp.tensor([[1, 0], [0, 1], [1, 1]], { dtype: "float64" }), bp.tensor([1, 2, 3], { dtype: "float64" }));
 * // solution ≈ [1, 2], rank 2
 */
export function lstsq(A: Tensor, B: Tensor, options: LstsqOptions = {}): LstsqResult {
  const a = float64Matrix("lstsq", "A", A);
  const { rcond } = options;
  if (rcond !== undefined && !(rcond >= 0)) throw new Error(`lstsq: rcond must be a nonnegative number, got ${rcond}`);
  const b = rhs("lstsq", a, B);
  const m = a.rows;
  const n = a.cols;
  const r = solve(colMajor(a.data, m, n), m, n, b.data, b.t, rcond);
  const solution = new Tensor(toRowMajor(r.x, n, b.t), B.dim() === 2 ? [n, b.t] : [n]);
  let sv: Tensor | null = null;
  return {
    solution,
    rank: r.rank,
    get singularValues(): Tensor {
      sv ??= new Tensor(Float64Array.from(r.singular()), [Math.min(m, n)]);
      return sv;
    },
  };
}

/**
 * Ridge solution X = (AᵀA + αI)⁻¹ Aᵀ B, never forming AᵀA: the least-squares solution of
 * [A; √α I] X = [B; 0] by the QR route (or, when that system is too ill-conditioned, the SVD of A,
 * X = V diag(s / (s² + α)) Uᵀ B with singular values at or below max(m, n) eps s_max dropped); α = 0
 * gives the minimum-norm least-squares solution. float64.
 * Shapes: A [m, n], B [m] or [m, t] -> [n] or [n, t].
 * @example
 * ridgeSolve(bp.eye(2, { dtype: "float64" }), bp.tensor([2, 4], { dtype: "float64" }), 1); // [1, 2]
 */
export function ridgeSolve(A: Tensor, B: Tensor, alpha: number): Tensor {
  if (A.dim() !== 2) throw new Error(`ridgeSolve: A must be 2-D, got shape [${A.shape.join(", ")}]`);
  if (!(alpha >= 0)) throw new Error(`ridgeSolve: alpha must be >= 0, got ${alpha}`);
  const a = float64Matrix("ridgeSolve", "A", A);
  const b = rhs("ridgeSolve", a, B);
  const m = a.rows;
  const n = a.cols;
  const r = solve(colMajor(a.data, m, n), m, n, b.data, b.t, undefined, alpha);
  return new Tensor(toRowMajor(r.x, n, b.t), B.dim() === 2 ? [n, b.t] : [n]);
}
