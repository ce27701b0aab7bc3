/*
 * Wasm versions of some of the fused training kernels (their reference is ../../js_fused.ts): the
 * ones that are a plain pass over memory and can give the reference's exact bits. The bias epilogue
 * and the bias gradient reuse binaryRow and reduce; here are relu's gradient and the SGD update.
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
