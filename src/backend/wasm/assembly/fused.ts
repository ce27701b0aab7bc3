/*
 * Wasm versions of some of the fused training kernels (their reference is ../../js_fused.ts): the
 * ones that are a plain pass over memory and can give the reference's exact bits. The bias epilogue
 * and the bias gradient reuse binaryRow and reduce; here are relu's gradient and the SGD and Adam updates.
 */

/** out[i] = x[i] <= 0 ? 0 : g[i] (PyTorch's threshold_backward: a NaN x passes g). */
export function reluBackward(x: usize, g: usize, out: usize, n: i32): void {
  const zero = f32x4.splat(0);
  const end = out + (<usize>n << 2);
  for (; out < end; x += 16, g += 16, out += 16) {
    const v = v128.load(x);
    v128.store(out, v128.andnot(v128.load(g), f32x4.le(v, zero)));
  }
}

/**
 * One SGD step in place, in float64 like the reference so the bits agree: without momentum
 * `w = w - lr (sign g)`; with it (no weight decay, not nesterov, not the first step)
 * `b = momentum b + keep (sign g)` stored as float32, then `w = w - lr b`.
 */
export function sgdUpdate(w: usize, g: usize, buf: usize, n: i32, lr: f64, momentum: f64, keep: f64, sign: f64, withMomentum: bool): void {
  const lrv = f64x2.splat(lr);
  const sv = f64x2.splat(sign);
  const end = w + (<usize>n << 2);
  if (!withMomentum) {
    for (; w < end; w += 8, g += 8) {
      const d = f64x2.mul(sv, f64x2.promote_low_f32x4(v128.load64_zero(g)));
      const r = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(w)), f64x2.mul(lrv, d));
      v128.store64_lane(w, f32x4.demote_f64x2_zero(r), 0);
    }
    return;
  }
  const mv = f64x2.splat(momentum);
  const kv = f64x2.splat(keep);
  for (; w < end; w += 8, g += 8, buf += 8) {
    const d = f64x2.mul(sv, f64x2.promote_low_f32x4(v128.load64_zero(g)));
    const b = f32x4.demote_f64x2_zero(f64x2.add(f64x2.mul(mv, f64x2.promote_low_f32x4(v128.load64_zero(buf))), f64x2.mul(kv, d)));
    v128.store64_lane(buf, b, 0);
    const r = f64x2.sub(f64x2.promote_low_f32x4(v128.load64_zero(w)), f64x2.mul(lrv, f64x2.promote_low_f32x4(b)));
    v128.store64_lane(w, f32x4.demote_f64x2_zero(r), 0);
  }
}

/** Two float32 at p, widened to float64 (the reference computes in float64 between float32 stores). */
// @ts-ignore: decorator
@inline function load2(p: usize): v128 {
  return f64x2.promote_low_f32x4(v128.load64_zero(p));
}

/** Rounds two float64 to float32 and stores them at p; returns them widened again, as a re-read gives. */
// @ts-ignore: decorator
@inline function store2(p: usize, x: v128): v128 {
  const r = f32x4.demote_f64x2_zero(x);
  v128.store64_lane(p, r, 0);
  return f64x2.promote_low_f32x4(r);
}

/**
 * One Adam / AdamW step in place, two values at a time in float64 with every store rounded to
 * float32, the reference's arithmetic in its order so the bits agree: `g = sign g (+ l2 w)`,
 * `w = w decay` (AdamW), `m = β1 m + (1 - β1) g`, `v = β2 v + ((1 - β2) g) g`, with AMSGrad
 * `vMax = v > vMax || v is NaN ? v : vMax`, `denom = sqrt(v or vMax) / bc2Sqrt + eps`,
 * `w = w - stepSize (m / denom)`. `vMax` is 0 without AMSGrad; `l2` is 0 when there is no L2 term.
 */
export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, vMax: usize, n: i32,
  sign: f64, l2: f64, decay: f64, beta1: f64, oneMinusBeta1: f64, beta2: f64, oneMinusBeta2: f64,
  eps: f64, stepSize: f64, bc2Sqrt: f64, decoupled: bool,
): void {
  const sv = f64x2.splat(sign);
  const l2v = f64x2.splat(l2);
  const dv = f64x2.splat(decay);
  const b1 = f64x2.splat(beta1);
  const c1 = f64x2.splat(oneMinusBeta1);
  const b2 = f64x2.splat(beta2);
  const c2 = f64x2.splat(oneMinusBeta2);
  const ev = f64x2.splat(eps);
  const sz = f64x2.splat(stepSize);
  const bc = f64x2.splat(bc2Sqrt);
  const end = w + (<usize>n << 2);
  for (; w < end; w += 8, g += 8, m += 8, v += 8) {
    let wi = load2(w);
    let gi = f64x2.mul(sv, load2(g));
    if (l2 != 0) gi = f64x2.add(gi, f64x2.mul(l2v, wi));
    if (decoupled) wi = store2(w, f64x2.mul(wi, dv));
    const mi = store2(m, f64x2.add(f64x2.mul(load2(m), b1), f64x2.mul(c1, gi)));
    let vi = store2(v, f64x2.add(f64x2.mul(load2(v), b2), f64x2.mul(f64x2.mul(c2, gi), gi)));
    if (vMax != 0) {
      const old = load2(vMax);
      const take = v128.or(f64x2.gt(vi, old), f64x2.ne(vi, vi));
      vi = store2(vMax, v128.bitselect(vi, old, take));
      vMax += 8;
    }
    const denom = f64x2.add(f64x2.div(f64x2.sqrt(vi), bc), ev);
    store2(w, f64x2.sub(wi, f64x2.mul(sz, f64x2.div(mi, denom))));
  }
}
