/*
 * A small L-BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., algorithms 7.4, 7.5, 3.5, 3.6)
 * for smooth unconstrained problems, with the stopping rules scipy's L-BFGS-B applies through
 * `scipy.optimize.minimize(method="L-BFGS-B")`, which scikit-learn's "lbfgs" solver calls:
 *   stop when max_i |g_i| <= gtol, or (f_prev - f) / max(|f_prev|, |f|, 1) <= ftol, or after maxIter
 *   iterations. Defaults: m = 10 pairs, gtol 1e-5, ftol 2.220446049250313e-09 (factr 1e7 * eps),
 *   maxIter 15000, 20 function evaluations per line search.
 * The step satisfies the strong Wolfe conditions (c1 = 1e-4, c2 = 0.9) by bracketing and cubic
 * interpolation ("zoom"). Vectors are Float64Arrays; this is sequential optimizer bookkeeping over the
 * parameters, the model's loss and gradient come from `fun`.
 */

/** The function to minimise: its value and gradient at x. */
export type Objective = (x: Float64Array) => { f: number; grad: Float64Array };

/** Options of {@link lbfgs}. */
export interface LbfgsOptions {
  /** Most iterations (line searches); default 15000. */
  maxIter?: number;
  /** Stop when the largest |gradient component| is at most this; default 1e-5. */
  gtol?: number;
  /** Stop when the relative reduction of f is at most this; default 2.220446049250313e-09. */
  ftol?: number;
  /** Number of (s, y) pairs kept; default 10. */
  m?: number;
  /** Most function evaluations in one line search; default 20. */
  maxLineSearch?: number;
}

/** What {@link lbfgs} returns. */
export interface LbfgsResult {
  /** The last iterate. */
  x: Float64Array;
  /** f(x). */
  f: number;
  /** ∇f(x). */
  grad: Float64Array;
  /** Iterations done. */
  nIter: number;
  /** Function evaluations done. */
  nFev: number;
  /** Whether a gtol / ftol test stopped it (false: maxIter reached or the line search failed). */
  converged: boolean;
  /** Why it stopped. */
  message: string;
}

const C1 = 1e-4;
const C2 = 0.9;

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]));
  return m;
}

interface Point {
  a: number;
  f: number;
  grad: Float64Array;
  /** Directional derivative ∇f(x + a d) · d. */
  dphi: number;
}

/** The minimiser of the cubic through (lo, flo, dlo) and (hi, fhi, dhi), or NaN when it has none. */
function cubicMin(lo: Point, hi: Point): number {
  const d1 = lo.dphi + hi.dphi - (3 * (lo.f - hi.f)) / (lo.a - hi.a);
  const disc = d1 * d1 - lo.dphi * hi.dphi;
  if (!(disc >= 0)) return NaN;
  const d2 = Math.sign(hi.a - lo.a) * Math.sqrt(disc);
  return hi.a - ((hi.a - lo.a) * (hi.dphi + d2 - d1)) / (hi.dphi - lo.dphi + 2 * d2);
}

/** A step along d satisfying the strong Wolfe conditions, or null when none was found within `maxEval` evaluations. */
function wolfeSearch(evaluate: (a: number) => Point, start: Point, a0: number, maxEval: number): Point | null {
  const sufficient = (p: Point) => Number.isFinite(p.f) && p.f <= start.f + C1 * p.a * start.dphi;
  const curvature = (p: Point) => Math.abs(p.dphi) <= -C2 * start.dphi;
  let evals = 0;
  const zoom = (lo: Point, hi: Point): Point | null => {
    while (evals < maxEval) {
      const left = Math.min(lo.a, hi.a);
      const width = Math.abs(hi.a - lo.a);
      if (width <= 1e-16 * Math.max(1, left)) break;
      let a = Number.isFinite(hi.f) ? cubicMin(lo, hi) : NaN;
      if (!(a >= left + 0.1 * width && a <= left + 0.9 * width)) a = left + 0.5 * width;
      const p = evaluate(a);
      evals++;
      if (!sufficient(p) || p.f >= lo.f) hi = p;
      else {
        if (curvature(p)) return p;
        if (p.dphi * (hi.a - lo.a) >= 0) hi = lo;
        lo = p;
      }
    }
    // out of evaluations: a point with sufficient decrease is still progress
    return lo.a > 0 && sufficient(lo) ? lo : null;
  };
  let prev = start;
  let a = a0;
  while (evals < maxEval) {
    const p = evaluate(a);
    evals++;
    if (!sufficient(p) || (prev !== start && p.f >= prev.f)) return zoom(prev, p);
    if (curvature(p)) return p;
    if (p.dphi >= 0) return zoom(p, prev);
    prev = p;
    a *= 2;
  }
  return prev !== start ? prev : null;
}

/**
 * Minimises `fun` from `x0` by L-BFGS with a strong-Wolfe line search; stops like scipy's L-BFGS-B
 * (projected-gradient test `gtol`, relative reduction test `ftol`, `maxIter`).
 * @example
 * // f(x) = (x0 - 1)² + 10 (x1 + 2)²
 * const r = lbfgs((x) => ({ f: (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2, grad: Float64Array.of(2 * (x[0] - 1), 20 * (x[1] + 2)) }), new Float64Array(2));
 * r.x; // ≈ [1, -2]
 */
export function lbfgs(fun: Objective, x0: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const { maxIter = 15000, gtol = 1e-5, ftol = 2.220446049250313e-9, m = 10, maxLineSearch = 20 } = options;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let { f, grad } = fun(x);
  let nFev = 1;
  if (!Number.isFinite(f)) throw new Error(`lbfgs: the objective is not finite at the starting point (${f})`);
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const done = (nIter: number, converged: boolean, message: string): LbfgsResult => ({ x, f, grad, nIter, nFev, converged, message });
  if (maxAbs(grad) <= gtol) return done(0, true, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
  const alpha = new Float64Array(m);
  for (let k = 0; k < maxIter; k++) {
    // two-loop recursion: d = -H g
    const d = Float64Array.from(grad);
    for (let i = S.length - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(S[i], d);
      for (let j = 0; j < n; j++) d[j] -= alpha[i] * Y[i][j];
    }
    if (S.length > 0) {
      const last = S.length - 1;
      const gamma = dot(S[last], Y[last]) / dot(Y[last], Y[last]);
      for (let j = 0; j < n; j++) d[j] *= gamma;
    }
    for (let i = 0; i < S.length; i++) {
      const beta = rho[i] * dot(Y[i], d);
      for (let j = 0; j < n; j++) d[j] += S[i][j] * (alpha[i] - beta);
    }
    for (let j = 0; j < n; j++) d[j] = -d[j];
    let dphi0 = dot(grad, d);
    if (!(dphi0 < 0)) {
      // not a descent direction (lost curvature information): restart from steepest descent
      S.length = Y.length = rho.length = 0;
      for (let j = 0; j < n; j++) d[j] = -grad[j];
      dphi0 = dot(grad, d);
    }
    const xk = x;
    const evaluate = (a: number): Point => {
      const xt = new Float64Array(n);
      for (let j = 0; j < n; j++) xt[j] = xk[j] + a * d[j];
      const r = fun(xt);
      nFev++;
      return { a, f: r.f, grad: r.grad, dphi: dot(r.grad, d) };
    };
    const a0 = S.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const step = wolfeSearch(evaluate, { a: 0, f, grad, dphi: dphi0 }, a0, maxLineSearch);
    if (step === null) {
      if (S.length > 0) {
        S.length = Y.length = rho.length = 0; // retry from steepest descent (the iteration still counts)
        continue;
      }
      return done(k, false, "ABNORMAL_TERMINATION_IN_LNSRCH");
    }
    const xNew = new Float64Array(n);
    const s = new Float64Array(n);
    const yv = new Float64Array(n);
    for (let j = 0; j < n; j++) {
      xNew[j] = xk[j] + step.a * d[j];
      s[j] = xNew[j] - xk[j];
      yv[j] = step.grad[j] - grad[j];
    }
    const sy = dot(s, yv);
    if (sy > 2.220446049250313e-16 * dot(yv, yv)) {
      if (S.length === m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const fPrev = f;
    x = xNew;
    f = step.f;
    grad = step.grad;
    if (maxAbs(grad) <= gtol) return done(k + 1, true, "CONVERGENCE: NORM_OF_PROJECTED_GRADIENT_<=_PGTOL");
    if ((fPrev - f) / Math.max(Math.abs(fPrev), Math.abs(f), 1) <= ftol) return done(k + 1, true, "CONVERGENCE: REL_REDUCTION_OF_F_<=_FACTR*EPSMCH");
  }
  return done(maxIter, false, "STOP: TOTAL NO. of ITERATIONS REACHED LIMIT");
}
