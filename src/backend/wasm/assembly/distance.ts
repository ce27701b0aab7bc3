import { madd } from "./vmath";

/*
 * Pairwise distances between the rows of two matrices, by the definition: no |x|² + |y|² - 2x·y,
 * which loses the small distances (the ones nearest neighbours are made of) to cancellation. The
 * reference is cdist in ../../js_fused.ts; here the sums run in float32 over four lanes of d.
 */

/** s + |a - b| (L1) or s + (a - b)² (L2), lane by lane. */
// @ts-ignore: decorator
@inline function term(a: v128, b: v128, s: v128, l1: bool): v128 {
  const t = f32x4.sub(a, b);
  return l1 ? f32x4.add(s, f32x4.abs(t)) : madd(t, t, s);
}

/** The distance of a finished sum: the sum itself (L1) or its square root (L2). */
// @ts-ignore: decorator
@inline function finish(s: f32, l1: bool): f32 {
  return l1 ? s : sqrt<f32>(s);
}

/** Adds the d % 4 trailing terms of rows a and b (from element d4) to the lanes' sum s. */
// @ts-ignore: decorator
@inline function tail(a: usize, b: usize, d4: i32, d: i32, s: v128, l1: bool): f32 {
  let r = f32x4.extract_lane(s, 0) + f32x4.extract_lane(s, 1) + f32x4.extract_lane(s, 2) + f32x4.extract_lane(s, 3);
  for (let k = d4; k < d; k++) {
    const t = load<f32>(a + (<usize>k << 2)) - load<f32>(b + (<usize>k << 2));
    r += l1 ? abs<f32>(t) : t * t;
  }
  return r;
}

/** The distance between rows a and b (d floats each). */
function pair(a: usize, b: usize, d: i32, l1: bool): f32 {
  const d4 = d & ~3;
  let s = f32x4.splat(0);
  for (let k = 0; k < d4; k += 4) s = term(v128.load(a + (<usize>k << 2)), v128.load(b + (<usize>k << 2)), s, l1);
  return finish(tail(a, b, d4, d, s, l1), l1);
}

/**
 * out[i, j] = ||x1_i - x2_j||_p for the rows of x1 (n x d) and x2 (m x d), into out (n x m), with
 * p = 1 (`l1`) or 2; only rows [i0, i1) of out, so that threads can share the rows. Two rows of x1
 * meet four of x2 at a time: eight sums in registers, six loads for eight terms; identical rows give
 * exactly 0.
 */
export function cdist(x1: usize, x2: usize, out: usize, n: i32, m: i32, d: i32, l1: bool, i0: i32, i1: i32): void {
  i0 = max(i0, 0);
  i1 = min(i1, n);
  // one copy of the loops per norm, so the choice is made once rather than per term
  if (l1) cdistNorm(x1, x2, out, m, d, true, i0, i1);
  else cdistNorm(x1, x2, out, m, d, false, i0, i1);
}

// @ts-ignore: decorator
@inline function cdistNorm(x1: usize, x2: usize, out: usize, m: i32, d: i32, l1: bool, i0: i32, n: i32): void {
  const row = <usize>d << 2;
  const d4 = d & ~3;
  let i = i0;
  for (; i + 1 < n; i += 2) {
    const a0 = x1 + <usize>i * row;
    const a1 = a0 + row;
    const o0 = out + (<usize>(i * m) << 2);
    const o1 = o0 + (<usize>m << 2);
    let j = 0;
    for (; j + 3 < m; j += 4) {
      const b0 = x2 + <usize>j * row;
      const b1 = b0 + row;
      const b2 = b1 + row;
      const b3 = b2 + row;
      let s00 = f32x4.splat(0), s01 = f32x4.splat(0), s02 = f32x4.splat(0), s03 = f32x4.splat(0);
      let s10 = f32x4.splat(0), s11 = f32x4.splat(0), s12 = f32x4.splat(0), s13 = f32x4.splat(0);
      for (let k = 0; k < d4; k += 4) {
        const off = <usize>k << 2;
        const x = v128.load(a0 + off);
        const y = v128.load(a1 + off);
        let z = v128.load(b0 + off);
        s00 = term(x, z, s00, l1);
        s10 = term(y, z, s10, l1);
        z = v128.load(b1 + off);
        s01 = term(x, z, s01, l1);
        s11 = term(y, z, s11, l1);
        z = v128.load(b2 + off);
        s02 = term(x, z, s02, l1);
        s12 = term(y, z, s12, l1);
        z = v128.load(b3 + off);
        s03 = term(x, z, s03, l1);
        s13 = term(y, z, s13, l1);
      }
      const q = <usize>j << 2;
      store<f32>(o0 + q, finish(tail(a0, b0, d4, d, s00, l1), l1));
      store<f32>(o0 + q + 4, finish(tail(a0, b1, d4, d, s01, l1), l1));
      store<f32>(o0 + q + 8, finish(tail(a0, b2, d4, d, s02, l1), l1));
      store<f32>(o0 + q + 12, finish(tail(a0, b3, d4, d, s03, l1), l1));
      store<f32>(o1 + q, finish(tail(a1, b0, d4, d, s10, l1), l1));
      store<f32>(o1 + q + 4, finish(tail(a1, b1, d4, d, s11, l1), l1));
      store<f32>(o1 + q + 8, finish(tail(a1, b2, d4, d, s12, l1), l1));
      store<f32>(o1 + q + 12, finish(tail(a1, b3, d4, d, s13, l1), l1));
    }
    for (; j < m; j++) {
      const b = x2 + <usize>j * row;
      store<f32>(o0 + (<usize>j << 2), pair(a0, b, d, l1));
      store<f32>(o1 + (<usize>j << 2), pair(a1, b, d, l1));
    }
  }
  for (; i < n; i++) {
    const a = x1 + <usize>i * row;
    for (let j = 0; j < m; j++) store<f32>(out + (<usize>(i * m + j) << 2), pair(a, x2 + <usize>j * row, d, l1));
  }
}
