import { E_NEG_SHIFT, SELU_ALPHA_SCALE, SELU_SCALE, vexpShifted, vlog1p, vtanh } from "./vmath";
import {
  CELU_GRAD, ELU_GRAD, HARDSIGMOID_GRAD, HARDSWISH_GRAD, HARDTANH_GRAD, LEAKY_RELU_GRAD, LOGSIGMOID_GRAD, MISH_GRAD,
  SELU_GRAD, SHRINK_GRAD, SIGMOID_GRAD, SILU_GRAD, SOFTPLUS_GRAD, SOFTSIGN_GRAD, TANH_GRAD,
} from "./opcodes";

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
 * g · f'(x) per lane for the activation `op`, from x and / or y = f(x) (`UnaryGradOp` in ../../backend.ts
 * says which), in the reference's formulas (../../js_fused.ts) and at its edges (NaN, ±inf, the kinks).
 * Where a product with e^x would be subnormal (x < -64 for silu and mish, where the gradient is
 * g e^x (1 + x)) it is taken with e^(x + 64) and scaled after (vexpShifted).
 */
// @ts-ignore: decorator
@inline function vgrad(op: i32, x: v128, y: v128, g: v128, a: v128, b: v128): v128 {
  const zero = f32x4.splat(0.0);
  const one = f32x4.splat(1.0);
  switch (op) {
    case SIGMOID_GRAD: return f32x4.mul(f32x4.mul(g, y), f32x4.sub(one, y));
    case TANH_GRAD: return f32x4.mul(g, f32x4.mul(f32x4.sub(one, y), f32x4.add(one, y))); // 1 - y² without the cancellation
    case LEAKY_RELU_GRAD: return v128.bitselect(g, f32x4.mul(g, a), f32x4.gt(x, zero));
    case ELU_GRAD: return v128.bitselect(f32x4.mul(g, f32x4.add(y, a)), g, f32x4.le(x, zero));
    case SOFTPLUS_GRAD: {
      // a = beta, b = threshold: g e^xb / (e^xb + 1) = g sigmoid(xb), g above the threshold; below -64
      // (g e^xb) from the shifted exp
      const xb = f32x4.mul(x, a);
      const tiny = f32x4.lt(xb, f32x4.splat(-64.0));
      const e = vexpShifted(f32x4.neg(f32x4.abs(xb)), tiny);
      const s = f32x4.div(v128.bitselect(one, e, f32x4.ge(xb, zero)), f32x4.add(one, e));
      const r = v128.bitselect(f32x4.mul(f32x4.mul(g, e), f32x4.splat(E_NEG_SHIFT)), f32x4.mul(g, s), tiny);
      return v128.bitselect(g, r, f32x4.gt(xb, b));
    }
    case SILU_GRAD: {
      const tiny = f32x4.lt(x, f32x4.splat(-64.0));
      const e = vexpShifted(f32x4.neg(f32x4.abs(x)), tiny);
      const s = f32x4.div(v128.bitselect(one, e, f32x4.ge(x, zero)), f32x4.add(one, e));
      const r = f32x4.mul(f32x4.mul(g, s), f32x4.add(one, f32x4.mul(x, f32x4.sub(one, s))));
      return v128.bitselect(f32x4.mul(f32x4.mul(f32x4.mul(g, e), f32x4.add(one, x)), f32x4.splat(E_NEG_SHIFT)), r, tiny);
    }
    case MISH_GRAD: {
      // g (t + x s (1 - t²)), t = tanh(softplus x), s = sigmoid x
      const tiny = f32x4.lt(x, f32x4.splat(-64.0));
      const e = vexpShifted(f32x4.neg(f32x4.abs(x)), tiny);
      const s = f32x4.div(v128.bitselect(one, e, f32x4.ge(x, zero)), f32x4.add(one, e));
      const t = vtanh(f32x4.add(f32x4.max(x, zero), vlog1p(e)));
      const r = f32x4.mul(g, f32x4.add(t, f32x4.mul(f32x4.mul(x, s), f32x4.mul(f32x4.sub(one, t), f32x4.add(one, t)))));
      return v128.bitselect(f32x4.mul(f32x4.mul(f32x4.mul(g, e), f32x4.add(one, x)), f32x4.splat(E_NEG_SHIFT)), r, tiny);
    }
    case SELU_GRAD: {
      const tiny = f32x4.lt(x, f32x4.splat(-64.0));
      const r = f32x4.mul(f32x4.mul(g, f32x4.splat(SELU_ALPHA_SCALE)), vexpShifted(x, tiny));
      const neg = v128.bitselect(f32x4.mul(r, f32x4.splat(E_NEG_SHIFT)), r, tiny);
      return v128.bitselect(neg, f32x4.mul(g, f32x4.splat(SELU_SCALE)), f32x4.le(x, zero));
    }
    case CELU_GRAD: {
      // b = 1 / alpha, a power of two (the glue's guard), so g / alpha · alpha is g: g e^(x / alpha)
      const t = f32x4.mul(x, b);
      const tiny = f32x4.lt(t, f32x4.splat(-64.0));
      const r = f32x4.mul(g, vexpShifted(t, tiny));
      const neg = v128.bitselect(f32x4.mul(r, f32x4.splat(E_NEG_SHIFT)), r, tiny);
      return v128.bitselect(neg, g, f32x4.le(x, zero));
    }
    case HARDTANH_GRAD: return v128.andnot(g, v128.or(f32x4.le(x, a), f32x4.ge(x, b))); // a = min, b = max
    case HARDSIGMOID_GRAD: {
      const inside = v128.and(f32x4.gt(x, f32x4.splat(-3.0)), f32x4.lt(x, f32x4.splat(3.0)));
      return v128.and(f32x4.mul(g, f32x4.splat(<f32>(1.0 / 6.0))), inside);
    }
    case HARDSWISH_GRAD: {
      const mid = f32x4.mul(g, f32x4.add(f32x4.div(x, f32x4.splat(3.0)), f32x4.splat(0.5)));
      return v128.andnot(v128.bitselect(mid, g, f32x4.le(x, f32x4.splat(3.0))), f32x4.lt(x, f32x4.splat(-3.0)));
    }
    case LOGSIGMOID_GRAD: {
      // g sigmoid(-x), from z = e^-|x|; above 64 it is g e^-x, taken shifted
      const tiny = f32x4.gt(x, f32x4.splat(64.0));
      const z = vexpShifted(f32x4.neg(f32x4.abs(x)), tiny);
      const s = f32x4.div(v128.bitselect(one, z, f32x4.lt(x, zero)), f32x4.add(one, z));
      return v128.bitselect(f32x4.mul(f32x4.mul(g, z), f32x4.splat(E_NEG_SHIFT)), f32x4.mul(g, s), tiny);
    }
    case SOFTSIGN_GRAD: {
      // g / d², d = 1 + |x| (the reference's g/d - g|x|/d² without its cancellation); g itself at x = ±0,
      // NaN where x or g is infinite, as the reference's order gives
      const d = f32x4.add(one, f32x4.abs(x));
      const r = f32x4.add(f32x4.div(f32x4.div(g, d), d), v128.and(f32x4.eq(x, zero), f32x4.splat(-0.0)));
      const inf = f32x4.splat(Infinity);
      const bad = v128.or(f32x4.eq(f32x4.abs(x), inf), f32x4.eq(f32x4.abs(g), inf));
      return v128.bitselect(f32x4.splat(NaN), r, bad);
    }
    default: return v128.andnot(g, v128.and(f32x4.ge(x, f32x4.neg(a)), f32x4.le(x, a))); // shrink: a = lambd
  }
}

// @ts-ignore: decorator
@inline function gradLoop(op: i32, x: usize, y: usize, g: usize, out: usize, n: i32, alpha: f32, beta: f32): void {
  const av = f32x4.splat(alpha);
  const bv = f32x4.splat(beta);
  const readsX = op != SIGMOID_GRAD && op != TANH_GRAD;
  const readsY = op == SIGMOID_GRAD || op == TANH_GRAD || op == ELU_GRAD;
  const end = out + (<usize>n << 2);
  for (; out < end; x += 16, y += 16, g += 16, out += 16) {
    const xv = readsX ? v128.load(x) : f32x4.splat(0.0);
    const yv = readsY ? v128.load(y) : f32x4.splat(0.0);
    v128.store(out, vgrad(op, xv, yv, v128.load(g), av, bv));
  }
}

/**
 * out[i] = g[i] · f'(x[i]) for the activation `op` (GRAD_CODES), reading x and / or y = f(x) (an
 * unread one may be address 0); `alpha` / `beta` are the op's parameters as `Backend.unaryBackward`
 * takes them, except celu's beta = 1 / alpha.
 */
export function unaryBackward(op: i32, x: usize, y: usize, g: usize, out: usize, n: i32, alpha: f32, beta: f32): void {
  switch (op) {
    case SIGMOID_GRAD: gradLoop(SIGMOID_GRAD, x, y, g, out, n, alpha, beta); break;
    case TANH_GRAD: gradLoop(TANH_GRAD, x, y, g, out, n, alpha, beta); break;
    case LEAKY_RELU_GRAD: gradLoop(LEAKY_RELU_GRAD, x, y, g, out, n, alpha, beta); break;
    case ELU_GRAD: gradLoop(ELU_GRAD, x, y, g, out, n, alpha, beta); break;
    case SOFTPLUS_GRAD: gradLoop(SOFTPLUS_GRAD, x, y, g, out, n, alpha, beta); break;
    case SILU_GRAD: gradLoop(SILU_GRAD, x, y, g, out, n, alpha, beta); break;
    case MISH_GRAD: gradLoop(MISH_GRAD, x, y, g, out, n, alpha, beta); break;
    case SELU_GRAD: gradLoop(SELU_GRAD, x, y, g, out, n, alpha, beta); break;
    case CELU_GRAD: gradLoop(CELU_GRAD, x, y, g, out, n, alpha, beta); break;
    case HARDTANH_GRAD: gradLoop(HARDTANH_GRAD, x, y, g, out, n, alpha, beta); break;
    case HARDSIGMOID_GRAD: gradLoop(HARDSIGMOID_GRAD, x, y, g, out, n, alpha, beta); break;
    case HARDSWISH_GRAD: gradLoop(HARDSWISH_GRAD, x, y, g, out, n, alpha, beta); break;
    case LOGSIGMOID_GRAD: gradLoop(LOGSIGMOID_GRAD, x, y, g, out, n, alpha, beta); break;
    case SOFTSIGN_GRAD: gradLoop(SOFTSIGN_GRAD, x, y, g, out, n, alpha, beta); break;
    default: gradLoop(SHRINK_GRAD, x, y, g, out, n, alpha, beta);
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
