/*
 * Wasm versions of some of the fused training kernels (their reference is ../../js_fused.ts), each a
 * plain pass over memory: relu's gradient and the SGD update give the reference's exact bits, the Adam
 * update agrees within float32 rounding. The bias epilogue and the bias gradient reuse binaryRow and
 * reduce.
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

/**
 * One Adam / AdamW step in place, four values at a time in float32 (PyTorch's own precision for
 * float32 parameters), in the reference's order: `g = sign g (+ l2 w)`, `w = w decay` (AdamW),
 * `m = β1 m + (1 - β1) g`, `v = β2 v + ((1 - β2) g) g`, with AMSGrad `vMax = v > vMax || v is NaN ?
 * v : vMax`, `denom = sqrt(v or vMax) / bc2Sqrt + eps`, `w = w - stepSize (m / denom)`. The reference
 * rounds to float32 only at its stores, so the two agree within float32 rounding. Separate multiplies
 * and adds, never a fused madd, so both SIMD tiers give the same bits. `vMax` is 0 without AMSGrad;
 * `l2` is 0 when there is no L2 term. Runs in whole vectors into the buffers' spare v128.
 */
export function adamUpdate(
  w: usize, g: usize, m: usize, v: usize, vMax: usize, n: i32,
  sign: f64, l2: f64, decay: f64, beta1: f64, oneMinusBeta1: f64, beta2: f64, oneMinusBeta2: f64,
  eps: f64, stepSize: f64, bc2Sqrt: f64, decoupled: bool,
): void {
  const sv = f32x4.splat(<f32>sign);
  const l2v = f32x4.splat(<f32>l2);
  const dv = f32x4.splat(<f32>decay);
  const b1 = f32x4.splat(<f32>beta1);
  const c1 = f32x4.splat(<f32>oneMinusBeta1);
  const b2 = f32x4.splat(<f32>beta2);
  const c2 = f32x4.splat(<f32>oneMinusBeta2);
  const ev = f32x4.splat(<f32>eps);
  const sz = f32x4.splat(<f32>stepSize);
  const bc = f32x4.splat(<f32>bc2Sqrt);
  const end = w + (<usize>n << 2);
  for (; w < end; w += 16, g += 16, m += 16, v += 16) {
    let wi = v128.load(w);
    let gi = f32x4.mul(sv, v128.load(g));
    if (l2 != 0) gi = f32x4.add(gi, f32x4.mul(l2v, wi));
    if (decoupled) wi = f32x4.mul(wi, dv);
    const mi = f32x4.add(f32x4.mul(v128.load(m), b1), f32x4.mul(c1, gi));
    v128.store(m, mi);
    let vi = f32x4.add(f32x4.mul(v128.load(v), b2), f32x4.mul(f32x4.mul(c2, gi), gi));
    v128.store(v, vi);
    if (vMax != 0) {
      const old = v128.load(vMax);
      vi = v128.bitselect(vi, old, v128.or(f32x4.gt(vi, old), f32x4.ne(vi, vi)));
      v128.store(vMax, vi);
      vMax += 16;
    }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vi), bc), ev);
    v128.store(w, f32x4.sub(wi, f32x4.mul(sz, f32x4.div(mi, denom))));
  }
}
