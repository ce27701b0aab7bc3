import { vexp } from "./vmath";
import { MAX, SUM } from "./opcodes";

/*
 * Reductions and softmax over x seen as [outer, size, inner], along the middle axis. With inner == 1
 * each slice is a contiguous row, reduced four lanes at a time (the last partial vector is masked);
 * otherwise four neighbouring slices are reduced side by side. Sums accumulate in float64, like the
 * plain-TS reference, so long sums do not drift. max / min: NaN wins, else the largest (smallest).
 */

/** Lanes [0, rem) set, the others clear. */
// @ts-ignore: decorator
@inline function laneMask(rem: i32): v128 {
  return i32x4.lt_s(i32x4(0, 1, 2, 3), i32x4.splat(rem));
}

/** Sums the four float32 lanes of v into the two float64 lanes of acc. */
// @ts-ignore: decorator
@inline function addWide(acc: v128, v: v128): v128 {
  return f64x2.add(f64x2.add(acc, f64x2.promote_low_f32x4(v)), f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
}

/** The better of acc and v per lane for max (isMax) or min, NaN sticking. */
// @ts-ignore: decorator
@inline function better(isMax: bool, acc: v128, v: v128): v128 {
  const wins = isMax ? f32x4.gt(v, acc) : f32x4.lt(v, acc);
  return v128.bitselect(v, acc, v128.or(wins, f32x4.ne(v, v)));
}

// @ts-ignore: decorator
@inline function extremeRow(isMax: bool, p: usize, size: i32): f32 {
  const fill = f32x4.splat(isMax ? -Infinity : Infinity);
  let acc = fill;
  let nan = f32x4.splat(0);
  const full = size & ~3;
  const end = p + (<usize>full << 2);
  for (; p < end; p += 16) {
    const v = v128.load(p);
    nan = v128.or(nan, f32x4.ne(v, v));
    acc = better(isMax, acc, v);
  }
  if (size > full) {
    const v = v128.bitselect(v128.load(p), fill, laneMask(size - full));
    nan = v128.or(nan, f32x4.ne(v, v));
    acc = better(isMax, acc, v);
  }
  if (v128.any_true(nan)) return NaN;
  let r = f32x4.extract_lane(acc, 0);
  const r1 = f32x4.extract_lane(acc, 1);
  const r2 = f32x4.extract_lane(acc, 2);
  const r3 = f32x4.extract_lane(acc, 3);
  if (isMax) {
    if (r1 > r) r = r1;
    if (r2 > r) r = r2;
    if (r3 > r) r = r3;
  } else {
    if (r1 < r) r = r1;
    if (r2 < r) r = r2;
    if (r3 < r) r = r3;
  }
  return r;
}

// @ts-ignore: decorator
@inline function sumRow(p: usize, size: i32): f64 {
  let acc = f64x2.splat(0);
  const full = size & ~3;
  const end = p + (<usize>full << 2);
  for (; p < end; p += 16) acc = addWide(acc, v128.load(p));
  if (size > full) acc = addWide(acc, v128.and(v128.load(p), laneMask(size - full)));
  return f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
}

// @ts-ignore: decorator
@inline function extremeCols(isMax: bool, col: usize, size: i32, stride: usize): v128 {
  let acc = f32x4.splat(isMax ? -Infinity : Infinity);
  let nan = f32x4.splat(0);
  for (let s = 0; s < size; s++) {
    const v = v128.load(col + <usize>s * stride);
    nan = v128.or(nan, f32x4.ne(v, v));
    acc = better(isMax, acc, v);
  }
  return v128.bitselect(f32x4.splat(NaN), acc, nan);
}

/**
 * out[o, i] = sum / max / min over s of x[o, s, i] (op 0 sum, 1 max, 2 min). An empty axis gives 0
 * for sum and NaN otherwise.
 */
export function reduce(op: i32, x: usize, out: usize, outer: i32, size: i32, inner: i32): void {
  if (size == 0) {
    const v: f32 = op == SUM ? 0 : NaN;
    for (let i = 0; i < outer * inner; i++) store<f32>(out + (<usize>i << 2), v);
    return;
  }
  const rowBytes = <usize>size << 2;
  if (inner == 1) {
    for (let o = 0; o < outer; o++) {
      const p = x + <usize>o * rowBytes;
      let r: f32;
      if (op == SUM) r = <f32>sumRow(p, size);
      else if (op == MAX) r = extremeRow(true, p, size);
      else r = extremeRow(false, p, size);
      store<f32>(out + (<usize>o << 2), r);
    }
    return;
  }
  // four slices side by side; the last vector of an o may spill into o + 1's first lanes, written later
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const base = x + <usize>o * rowBytes * <usize>inner;
    const dst = out + <usize>o * stride;
    for (let i: usize = 0; i < stride; i += 16) {
      const col = base + i;
      if (op == SUM) {
        let lo = f64x2.splat(0);
        let hi = f64x2.splat(0);
        for (let s = 0; s < size; s++) {
          const v = v128.load(col + <usize>s * stride);
          lo = f64x2.add(lo, f64x2.promote_low_f32x4(v));
          hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)));
        }
        v128.store(dst + i, v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5));
      } else if (op == MAX) {
        v128.store(dst + i, extremeCols(true, col, size, stride));
      } else {
        v128.store(dst + i, extremeCols(false, col, size, stride));
      }
    }
  }
}

/** Softmax (or log-softmax) of one contiguous row of `size` into dst. */
// @ts-ignore: decorator
@inline function softmaxRow(src: usize, dst: usize, size: i32, log: bool): void {
  // the max, NaN-propagating like Math.max; an all -inf row uses 0 (its result is NaN, as in PyTorch).
  // pmax is one instruction where max is several (it drops NaN, which `nan` keeps track of), and a
  // -0 or +0 max shifts every x alike
  let mv = f32x4.splat(-Infinity);
  let nan = i32x4.splat(0);
  const full = size & ~3;
  const rem = size - full;
  const tail = laneMask(rem);
  for (let i = 0; i < full; i += 4) {
    const v = v128.load(src + (<usize>i << 2));
    mv = f32x4.pmax(mv, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  if (rem > 0) {
    const v = v128.bitselect(v128.load(src + (<usize>full << 2)), f32x4.splat(-Infinity), tail);
    mv = f32x4.pmax(mv, v);
    nan = v128.or(nan, f32x4.ne(v, v));
  }
  let mx = max<f32>(max<f32>(f32x4.extract_lane(mv, 0), f32x4.extract_lane(mv, 1)), max<f32>(f32x4.extract_lane(mv, 2), f32x4.extract_lane(mv, 3)));
  if (v128.any_true(nan)) mx = NaN;
  if (mx == -Infinity) mx = 0;
  const m = f32x4.splat(mx);
  // e^(x - max) into dst (the last vector may spill into the next row, rewritten later), summed in
  // float64: lanes 0-1 and 2-3 into separate sums, two vectors a step, so that neither the adds nor
  // the exp chains wait on each other
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  let i = 0;
  for (; i + 8 <= full; i += 8) {
    const p = src + (<usize>i << 2);
    const e0 = vexp(f32x4.sub(v128.load(p), m));
    const e1 = vexp(f32x4.sub(v128.load(p, 16), m));
    if (!log) {
      v128.store(dst + (<usize>i << 2), e0);
      v128.store(dst + (<usize>i << 2), e1, 16);
    }
    lo = f64x2.add(lo, f64x2.add(f64x2.promote_low_f32x4(e0), f64x2.promote_low_f32x4(e1)));
    hi = f64x2.add(hi, f64x2.add(f64x2.promote_low_f32x4(v128.shuffle<f32>(e0, e0, 2, 3, 2, 3)), f64x2.promote_low_f32x4(v128.shuffle<f32>(e1, e1, 2, 3, 2, 3))));
  }
  for (; i < full; i += 4) {
    const e = vexp(f32x4.sub(v128.load(src + (<usize>i << 2)), m));
    if (!log) v128.store(dst + (<usize>i << 2), e);
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 2, 3)));
  }
  if (rem > 0) {
    const e = vexp(f32x4.sub(v128.load(src + (<usize>full << 2)), m));
    if (!log) v128.store(dst + (<usize>full << 2), e);
    lo = addWide(lo, v128.and(e, tail));
  }
  const acc = f64x2.add(lo, hi);
  const sum = f64x2.extract_lane(acc, 0) + f64x2.extract_lane(acc, 1);
  const end = (<usize>size << 2) + 15 & ~15;
  if (log) {
    // (x - max) - log(sum): x - max is exact near the max, where the result needs the precision
    const lse = f32x4.splat(<f32>Math.log(sum));
    for (let i: usize = 0; i < end; i += 16) v128.store(dst + i, f32x4.sub(f32x4.sub(v128.load(src + i), m), lse));
  } else {
    const d = f32x4.splat(<f32>sum);
    for (let i: usize = 0; i < end; i += 16) v128.store(dst + i, f32x4.div(v128.load(dst + i), d));
  }
}

/** Softmax of four neighbouring slices at `col` (slice elements `stride` bytes apart) into dst. */
// @ts-ignore: decorator
@inline function softmaxCols(src: usize, dst: usize, size: i32, stride: usize, log: bool): void {
  let mv = f32x4.splat(-Infinity);
  for (let s = 0; s < size; s++) mv = f32x4.max(mv, v128.load(src + <usize>s * stride));
  const m = v128.bitselect(f32x4.splat(0), mv, f32x4.eq(mv, f32x4.splat(-Infinity)));
  let lo = f64x2.splat(0);
  let hi = f64x2.splat(0);
  for (let s = 0; s < size; s++) {
    const e = vexp(f32x4.sub(v128.load(src + <usize>s * stride), m));
    lo = f64x2.add(lo, f64x2.promote_low_f32x4(e));
    hi = f64x2.add(hi, f64x2.promote_low_f32x4(v128.shuffle<f32>(e, e, 2, 3, 2, 3)));
  }
  if (log) {
    const l = v128.shuffle<f32>(
      f32x4.demote_f64x2_zero(f64x2.replace_lane(f64x2.splat(Math.log(f64x2.extract_lane(lo, 0))), 1, Math.log(f64x2.extract_lane(lo, 1)))),
      f32x4.demote_f64x2_zero(f64x2.replace_lane(f64x2.splat(Math.log(f64x2.extract_lane(hi, 0))), 1, Math.log(f64x2.extract_lane(hi, 1)))),
      0, 1, 4, 5,
    );
    for (let s = 0; s < size; s++) v128.store(dst + <usize>s * stride, f32x4.sub(f32x4.sub(v128.load(src + <usize>s * stride), m), l));
  } else {
    const d = v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
    for (let s = 0; s < size; s++) {
      v128.store(dst + <usize>s * stride, f32x4.div(vexp(f32x4.sub(v128.load(src + <usize>s * stride), m)), d));
    }
  }
}

/** Softmax (or log-softmax when `log`) along the middle axis of [outer, size, inner]; inner is 1 or at least 4. */
export function softmax(x: usize, out: usize, outer: i32, size: i32, inner: i32, log: bool): void {
  if (size == 0) return;
  const rowBytes = <usize>size << 2;
  if (inner == 1) {
    if (log) for (let o = 0; o < outer; o++) softmaxRow(x + <usize>o * rowBytes, out + <usize>o * rowBytes, size, true);
    else for (let o = 0; o < outer; o++) softmaxRow(x + <usize>o * rowBytes, out + <usize>o * rowBytes, size, false);
    return;
  }
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    const base = <usize>o * rowBytes * <usize>inner;
    // whole vectors, the last one shifted back to end at inner (it recomputes a few lanes, same values);
    // inner < 4 never comes here (the caller keeps it on the plain-TS kernel)
    for (let i = 0; i < inner; i += 4) {
      const at = base + (<usize>min(i, inner - 4) << 2);
      if (log) softmaxCols(x + at, out + at, size, stride, true);
      else softmaxCols(x + at, out + at, size, stride, false);
    }
  }
}

/**
 * out[o, i] (int32) = the index along s of the max (isMax) or min of x[o, s, i]: the first one on ties,
 * the first NaN if there is one. Scalar: it runs on the copied data, which is what it saves.
 */
export function argReduce(isMax: bool, x: usize, out: usize, outer: i32, size: i32, inner: i32): void {
  const stride = <usize>inner << 2;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let p = x + ((<usize>o * <usize>size * <usize>inner + <usize>i) << 2);
      let best = load<f32>(p);
      let at = 0;
      for (let s = 1; s < size && best == best; s++) {
        p += stride;
        const v = load<f32>(p);
        if (v != v || (isMax ? v > best : v < best)) {
          best = v;
          at = s;
        }
      }
      store<i32>(out + ((<usize>o * <usize>inner + <usize>i) << 2), at);
    }
  }
}
