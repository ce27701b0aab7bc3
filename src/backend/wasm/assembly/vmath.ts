/*
 * Four-lane float32 math for the kernels: the multiply-add of the build's tier, exp, sigmoid and tanh.
 * The polynomials are Cephes' (expf, tanhf), good to about 1-2 ulp; NaN propagates, exp(-inf) = 0,
 * exp(+inf) = +inf, like Math.exp rounded to float32.
 */

/** a * b + c: one fused instruction in the relaxed-SIMD build, a multiply and an add otherwise. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b)); // c first: V8 then adds into the accumulator's register
}

/*
 * The polynomials' constants live in memory, read with load32_splat, rather than as v128.const: V8
 * rebuilds a v128.const inside a loop body on every iteration (three or four instructions), where a
 * splatting load is one. Offsets are in bytes.
 */
const EXP_K = memory.data<f32>([
  -104.0, 89.0, 1.44269504088896341, 0.693359375, -2.12194440e-4,
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1, 1.0,
]);

/** x - n ln 2, with ln 2 in two parts so the product is exact: the remainder of exp's range reduction. */
// @ts-ignore: decorator
@inline function expRemainder(x: v128, n: v128): v128 {
  const k = EXP_K;
  const r = f32x4.sub(x, f32x4.mul(n, v128.load32_splat(k, 12)));
  return f32x4.sub(r, f32x4.mul(n, v128.load32_splat(k, 16)));
}

/** e^r - 1 for a remainder r of exp's range reduction (|r| <= ln 2 / 2), by Cephes' polynomial. */
// @ts-ignore: decorator
@inline function expm1Remainder(r: v128): v128 {
  const k = EXP_K;
  let p = v128.load32_splat(k, 20);
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(k, 24));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(k, 28));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(k, 32));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(k, 36));
  p = f32x4.add(f32x4.mul(p, r), v128.load32_splat(k, 40));
  return f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r);
}

/** e^x for each lane. */
// @ts-ignore: decorator
@inline export function vexp(x: v128): v128 {
  const k = EXP_K;
  // clamp so that n below stays in [-150, 128]; NaN passes through max/min
  x = f32x4.min(f32x4.max(x, v128.load32_splat(k)), v128.load32_splat(k, 4));
  const n = f32x4.nearest(f32x4.mul(x, v128.load32_splat(k, 8)));
  const one = v128.load32_splat(k, 44);
  const p = f32x4.add(expm1Remainder(expRemainder(x, n)), one);
  // scale by 2^n as 2^n1 * 2^n2, both normal floats, so results near overflow and underflow round once:
  // 2^m is the float with bits (m + 127) << 23 = m << 23 + the bits of 1.0
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1);
  const n2 = i32x4.sub(ni, n1);
  return f32x4.mul(f32x4.mul(p, i32x4.add(i32x4.shl(n1, 23), one)), i32x4.add(i32x4.shl(n2, 23), one));
}

/** 1 / (1 + e^-x), computed from e^-|x| so that neither side overflows. */
// @ts-ignore: decorator
@inline export function vsigmoid(x: v128): v128 {
  const e = vexp(f32x4.neg(f32x4.abs(x)));
  const d = f32x4.add(f32x4.splat(1.0), e);
  const pos = f32x4.ge(x, f32x4.splat(0.0));
  return f32x4.div(v128.bitselect(f32x4.splat(1.0), e, pos), d);
}

const TANH_K = memory.data<f32>([-5.70498872745e-3, 2.06390887954e-2, -5.37397155531e-2, 1.33314422036e-1, -3.33332819422e-1, 1.0, 2.0, 0.625]);

/** tanh x: an odd polynomial for |x| < 0.625, 1 - 2 / (e^2|x| + 1) beyond; the sign is x's. */
// @ts-ignore: decorator
@inline export function vtanh(x: v128): v128 {
  const k = TANH_K;
  const ax = f32x4.abs(x);
  const z = f32x4.mul(ax, ax);
  let p = v128.load32_splat(k);
  p = f32x4.add(f32x4.mul(p, z), v128.load32_splat(k, 4));
  p = f32x4.add(f32x4.mul(p, z), v128.load32_splat(k, 8));
  p = f32x4.add(f32x4.mul(p, z), v128.load32_splat(k, 12));
  p = f32x4.add(f32x4.mul(p, z), v128.load32_splat(k, 16));
  const small = f32x4.add(f32x4.mul(f32x4.mul(p, z), ax), ax);
  const e = vexp(f32x4.add(ax, ax));
  const one = v128.load32_splat(k, 20);
  const big = f32x4.sub(one, f32x4.div(v128.load32_splat(k, 24), f32x4.add(e, one)));
  const r = v128.bitselect(small, big, f32x4.lt(ax, v128.load32_splat(k, 28)));
  return v128.or(r, v128.and(x, i32x4.splat(<i32>0x80000000)));
}

/**
 * e^x - 1 for each lane, accurate near 0 where e^x - 1 cancels: with x = n ln 2 + r, e^r - 1 is the
 * exp polynomial without its leading 1, and e^x - 1 = 2^n (e^r - 1) + (2^n - 1), where 2^n - 1 is
 * exact. x is clamped to [-30, 88] (e^-30 - 1 is -1 in float32); ±0 give themselves, NaN gives NaN.
 */
// @ts-ignore: decorator
@inline export function vexpm1(x: v128): v128 {
  const k = EXP_K;
  const x0 = x;
  x = f32x4.min(f32x4.max(x, f32x4.splat(-30.0)), v128.load32_splat(k, 4));
  const n = f32x4.nearest(f32x4.mul(x, v128.load32_splat(k, 8)));
  const one = v128.load32_splat(k, 44);
  const q = expm1Remainder(expRemainder(x, n));
  // n is in [-44, 127]: 2^n is a normal float, bits (n + 127) << 23
  const scale = i32x4.add(i32x4.shl(i32x4.trunc_sat_f32x4_s(n), 23), one);
  const y = f32x4.add(f32x4.mul(scale, q), f32x4.sub(scale, one));
  return v128.bitselect(x0, y, f32x4.eq(x0, f32x4.splat(0.0)));
}

const LOG_K = memory.data<f32>([
  7.0376836292e-2, -1.1514610310e-1, 1.1676998740e-1, -1.2420140846e-1, 1.4249322787e-1, -1.6668057665e-1,
  2.0000714765e-1, -2.4999993993e-1, 3.3333331174e-1, -2.12194440e-4, 0.693359375, 1.41421356, 1.0, 0.5,
]);

/**
 * log(1 + z) for lanes z in [0, 1] (or NaN): u = 1 + z rounded, log u by Cephes' logf polynomial on
 * u or u / 2 (whichever lies in [√½, √2]), plus the rounding of u, (z - (u - 1)) / u, so that a tiny
 * z gives z itself.
 */
// @ts-ignore: decorator
@inline export function vlog1p(z: v128): v128 {
  const k = LOG_K;
  const one = v128.load32_splat(k, 48);
  const u = f32x4.add(one, z);
  const c = f32x4.div(f32x4.sub(z, f32x4.sub(u, one)), u);
  const big = f32x4.gt(u, v128.load32_splat(k, 44));
  const m = v128.bitselect(f32x4.mul(u, v128.load32_splat(k, 52)), u, big);
  const e = v128.and(big, one);
  const t = f32x4.sub(m, one);
  const t2 = f32x4.mul(t, t);
  let p = v128.load32_splat(k);
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 4));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 8));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 12));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 16));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 20));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 24));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 28));
  p = f32x4.add(f32x4.mul(p, t), v128.load32_splat(k, 32));
  let y = f32x4.mul(f32x4.mul(p, t), t2);
  y = f32x4.add(y, f32x4.mul(e, v128.load32_splat(k, 36)));
  y = f32x4.sub(y, f32x4.mul(t2, v128.load32_splat(k, 52)));
  let r = f32x4.add(t, y);
  r = f32x4.add(r, f32x4.mul(e, v128.load32_splat(k, 40)));
  return f32x4.add(r, c);
}

/** log(1 + e^-|x|), the non-linear part of softplus and logsigmoid (max(x, 0) + it is softplus x). */
// @ts-ignore: decorator
@inline export function vlog1pExpNegAbs(x: v128): v128 {
  return vlog1p(vexp(f32x4.neg(f32x4.abs(x))));
}

/** SELU's scale and alpha · scale (../../constants.ts), rounded to float32. */
export const SELU_SCALE: f32 = <f32>1.0507009873554805;
export const SELU_ALPHA_SCALE: f32 = <f32>(1.6732632423543772 * 1.0507009873554805);

/** e^-64 rounded to float32: undoes vexpShifted's shift. */
export const E_NEG_SHIFT: f32 = <f32>1.6038108905486378e-28;

/**
 * e^t, or e^(t + 64) in the lanes of `shifted`: where e^t would be subnormal (t < -87) a product with
 * it would lose bits, so the kernels multiply by the shifted value and then by E_NEG_SHIFT, rounding
 * into the subnormal range once. t + 64 is exact for t < -64.
 */
// @ts-ignore: decorator
@inline export function vexpShifted(t: v128, shifted: v128): v128 {
  return vexp(v128.bitselect(f32x4.add(t, f32x4.splat(64.0)), t, shifted));
}
