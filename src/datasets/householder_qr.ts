/**
 * The Q of a thin QR decomposition by Householder reflections, with LAPACK's conventions (dgeqrf's
 * dlarfg: beta = -sign(alpha) * ||x||, so R's diagonal has the opposite sign of the pivot; dorgqr forms Q
 * from the reflectors), so that Q equals scipy's `linalg.qr(A, mode="economic")[0]` up to rounding.
 * The reflections are sequential: hand loops over a Float64Array.
 */

/** Q [m, k] (k = min(m, n)) of the m x n row-major matrix `a` (not modified). */
export function householderQ(a: Float64Array, m: number, n: number): Float64Array {
  const k = Math.min(m, n);
  const r = Float64Array.from(a);
  const tau = new Float64Array(k);
  // dgeqr2: reflector j zeroes r[j+1:, j]; v = [1, r[j+1:, j]] stored below the diagonal
  for (let j = 0; j < k; j++) {
    const alpha = r[j * n + j];
    let ss = 0;
    for (let i = j + 1; i < m; i++) ss += r[i * n + j] * r[i * n + j];
    const xnorm = Math.sqrt(ss);
    if (xnorm === 0) {
      tau[j] = 0;
      continue;
    }
    const norm = Math.hypot(alpha, xnorm);
    const beta = alpha >= 0 ? -norm : norm;
    tau[j] = (beta - alpha) / beta;
    const scale = 1 / (alpha - beta);
    for (let i = j + 1; i < m; i++) r[i * n + j] *= scale;
    r[j * n + j] = beta;
    // apply H = I - tau v v^T to the remaining columns
    for (let c = j + 1; c < n; c++) {
      let dot = r[j * n + c];
      for (let i = j + 1; i < m; i++) dot += r[i * n + j] * r[i * n + c];
      const t = tau[j] * dot;
      r[j * n + c] -= t;
      for (let i = j + 1; i < m; i++) r[i * n + c] -= t * r[i * n + j];
    }
  }
  // dorg2r: Q = H_0 H_1 ... H_{k-1} applied to the first k columns of the identity, last reflector first
  const q = new Float64Array(m * k);
  for (let j = k - 1; j >= 0; j--) {
    // columns c > j already hold H_{j+1}...; apply H_j to them (rows j..m-1)
    for (let c = j + 1; c < k; c++) {
      let dot = q[j * k + c];
      for (let i = j + 1; i < m; i++) dot += r[i * n + j] * q[i * k + c];
      const t = tau[j] * dot;
      q[j * k + c] -= t;
      for (let i = j + 1; i < m; i++) q[i * k + c] -= t * r[i * n + j];
    }
    // column j: H_j e_j = e_j - tau v (v_j = 1)
    q[j * k + j] = 1 - tau[j];
    for (let i = j + 1; i < m; i++) q[i * k + j] = -tau[j] * r[i * n + j];
    for (let i = 0; i < j; i++) q[i * k + j] = 0;
  }
  return q;
}
