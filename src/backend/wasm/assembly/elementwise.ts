import { E_NEG_SHIFT, SELU_ALPHA_SCALE, SELU_SCALE, vexp, vexpm1, vexpShifted, vlog1p, vlog1pExpNegAbs, vsigmoid, vtanh } from "./vmath";
import {
  ABS, ADD, CELU, CEIL, CLAMP, DIV, ELU, EQ, EXP, FLOOR, FRAC, GE, GT, HARDSHRINK, HARDSIGMOID, HARDSWISH, LE,
  LEAKY_RELU, LOGSIGMOID, LT, MAXIMUM, MINIMUM, MISH, MUL, NE, NEG, RECIPROCAL, RELU, ROUND, RSQRT, SELU, SIGMOID,
  SIGN, SILU, SOFTPLUS, SOFTSHRINK, SOFTSIGN, SQRT, SQUARE, STEP, SUB, TANH, TRUNC,
} from "./opcodes";

/*
 * Elementwise kernels on float32, four lanes at a time. Every buffer the JS side hands over is padded
 * to a whole number of v128s (and a spare one), so loops run in whole vectors with no scalar tail: the
 * extra lanes compute garbage that is never copied out. Each exported function switches once on the op
 * and runs a loop specialised for it (the @inline loop with a constant op folds to one case).
 */


/** f(a, b) per lane; comparisons give int32 1 or 0; maximum / minimum keep NaN and, on ties, b. */
// @ts-ignore: decorator
@inline function vbin(op: i32, a: v128, b: v128): v128 {
  switch (op) {
    case ADD: return f32x4.add(a, b);
    case SUB: return f32x4.sub(a, b);
    case MUL: return f32x4.mul(a, b);
    case DIV: return f32x4.div(a, b);
    case MAXIMUM: return v128.bitselect(a, b, v128.or(f32x4.gt(a, b), f32x4.ne(a, a)));
    case MINIMUM: return v128.bitselect(a, b, v128.or(f32x4.lt(a, b), f32x4.ne(a, a)));
    case EQ: return v128.and(f32x4.eq(a, b), i32x4.splat(1));
    case NE: return v128.and(f32x4.ne(a, b), i32x4.splat(1));
    case GT: return v128.and(f32x4.gt(a, b), i32x4.splat(1));
    case LT: return v128.and(f32x4.lt(a, b), i32x4.splat(1));
    case GE: return v128.and(f32x4.ge(a, b), i32x4.splat(1));
    default: return v128.and(f32x4.le(a, b), i32x4.splat(1));
  }
}

// @ts-ignore: decorator
@inline function sameLoop(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  const end = out + (<usize>n << 2);
  for (; out < end; a += 16, b += 16, out += 16) v128.store(out, vbin(op, v128.load(a), v128.load(b)));
}

/** out[i] = a[i] (op) b[i], i < n. */
export function binarySame(op: i32, a: usize, b: usize, out: usize, n: i32): void {
  switch (op) {
    case ADD: sameLoop(ADD, a, b, out, n); break;
    case SUB: sameLoop(SUB, a, b, out, n); break;
    case MUL: sameLoop(MUL, a, b, out, n); break;
    case DIV: sameLoop(DIV, a, b, out, n); break;
    case MAXIMUM: sameLoop(MAXIMUM, a, b, out, n); break;
    case MINIMUM: sameLoop(MINIMUM, a, b, out, n); break;
    case EQ: sameLoop(EQ, a, b, out, n); break;
    case NE: sameLoop(NE, a, b, out, n); break;
    case GT: sameLoop(GT, a, b, out, n); break;
    case LT: sameLoop(LT, a, b, out, n); break;
    case GE: sameLoop(GE, a, b, out, n); break;
    default: sameLoop(LE, a, b, out, n);
  }
}

// @ts-ignore: decorator
@inline function scalarLoop(op: i32, swap: bool, x: usize, s: f32, out: usize, n: i32): void {
  const sv = f32x4.splat(s);
  const end = out + (<usize>n << 2);
  if (swap) for (; out < end; x += 16, out += 16) v128.store(out, vbin(op, sv, v128.load(x)));
  else for (; out < end; x += 16, out += 16) v128.store(out, vbin(op, v128.load(x), sv));
}

/** out[i] = x[i] (op) s, or s (op) x[i] when `swap`, i < n. */
export function binaryScalar(op: i32, swap: bool, x: usize, s: f32, out: usize, n: i32): void {
  if (swap) {
    switch (op) {
      case ADD: scalarLoop(ADD, true, x, s, out, n); break;
      case SUB: scalarLoop(SUB, true, x, s, out, n); break;
      case MUL: scalarLoop(MUL, true, x, s, out, n); break;
      case DIV: scalarLoop(DIV, true, x, s, out, n); break;
      case MAXIMUM: scalarLoop(MAXIMUM, true, x, s, out, n); break;
      case MINIMUM: scalarLoop(MINIMUM, true, x, s, out, n); break;
      case EQ: scalarLoop(EQ, true, x, s, out, n); break;
      case NE: scalarLoop(NE, true, x, s, out, n); break;
      case GT: scalarLoop(GT, true, x, s, out, n); break;
      case LT: scalarLoop(LT, true, x, s, out, n); break;
      case GE: scalarLoop(GE, true, x, s, out, n); break;
      default: scalarLoop(LE, true, x, s, out, n);
    }
  } else {
    switch (op) {
      case ADD: scalarLoop(ADD, false, x, s, out, n); break;
      case SUB: scalarLoop(SUB, false, x, s, out, n); break;
      case MUL: scalarLoop(MUL, false, x, s, out, n); break;
      case DIV: scalarLoop(DIV, false, x, s, out, n); break;
      case MAXIMUM: scalarLoop(MAXIMUM, false, x, s, out, n); break;
      case MINIMUM: scalarLoop(MINIMUM, false, x, s, out, n); break;
      case EQ: scalarLoop(EQ, false, x, s, out, n); break;
      case NE: scalarLoop(NE, false, x, s, out, n); break;
      case GT: scalarLoop(GT, false, x, s, out, n); break;
      case LT: scalarLoop(LT, false, x, s, out, n); break;
      case GE: scalarLoop(GE, false, x, s, out, n); break;
      default: scalarLoop(LE, false, x, s, out, n);
    }
  }
}

// @ts-ignore: decorator
@inline function rowLoop(op: i32, swap: bool, x: usize, row: usize, out: usize, rows: i32, cols: i32): void {
  // a row that ends mid-vector spills into the next row's first lanes, which that row then rewrites
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const o = out + <usize>r * rowBytes;
    if (swap) for (let i: usize = 0; i < rowBytes; i += 16) v128.store(o + i, vbin(op, v128.load(row + i), v128.load(xr + i)));
    else for (let i: usize = 0; i < rowBytes; i += 16) v128.store(o + i, vbin(op, v128.load(xr + i), v128.load(row + i)));
  }
}

// @ts-ignore: decorator
@inline function colLoop(op: i32, swap: bool, x: usize, col: usize, out: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const o = out + <usize>r * rowBytes;
    const s = v128.load32_splat(col + (<usize>r << 2));
    if (swap) for (let i: usize = 0; i < rowBytes; i += 16) v128.store(o + i, vbin(op, s, v128.load(xr + i)));
    else for (let i: usize = 0; i < rowBytes; i += 16) v128.store(o + i, vbin(op, v128.load(xr + i), s));
  }
}

/**
 * out[r, c] = x[r, c] (op) row[c] (or row[c] (op) x[r, c] when `swap`): a [cols] vector broadcast
 * over the rows of a contiguous [rows, cols] matrix, like adding a bias.
 */
export function binaryRow(op: i32, swap: bool, x: usize, row: usize, out: usize, rows: i32, cols: i32): void {
  if (swap) {
    switch (op) {
      case ADD: rowLoop(ADD, true, x, row, out, rows, cols); break;
      case SUB: rowLoop(SUB, true, x, row, out, rows, cols); break;
      case MUL: rowLoop(MUL, true, x, row, out, rows, cols); break;
      case DIV: rowLoop(DIV, true, x, row, out, rows, cols); break;
      case MAXIMUM: rowLoop(MAXIMUM, true, x, row, out, rows, cols); break;
      case MINIMUM: rowLoop(MINIMUM, true, x, row, out, rows, cols); break;
      case EQ: rowLoop(EQ, true, x, row, out, rows, cols); break;
      case NE: rowLoop(NE, true, x, row, out, rows, cols); break;
      case GT: rowLoop(GT, true, x, row, out, rows, cols); break;
      case LT: rowLoop(LT, true, x, row, out, rows, cols); break;
      case GE: rowLoop(GE, true, x, row, out, rows, cols); break;
      default: rowLoop(LE, true, x, row, out, rows, cols);
    }
  } else {
    switch (op) {
      case ADD: rowLoop(ADD, false, x, row, out, rows, cols); break;
      case SUB: rowLoop(SUB, false, x, row, out, rows, cols); break;
      case MUL: rowLoop(MUL, false, x, row, out, rows, cols); break;
      case DIV: rowLoop(DIV, false, x, row, out, rows, cols); break;
      case MAXIMUM: rowLoop(MAXIMUM, false, x, row, out, rows, cols); break;
      case MINIMUM: rowLoop(MINIMUM, false, x, row, out, rows, cols); break;
      case EQ: rowLoop(EQ, false, x, row, out, rows, cols); break;
      case NE: rowLoop(NE, false, x, row, out, rows, cols); break;
      case GT: rowLoop(GT, false, x, row, out, rows, cols); break;
      case LT: rowLoop(LT, false, x, row, out, rows, cols); break;
      case GE: rowLoop(GE, false, x, row, out, rows, cols); break;
      default: rowLoop(LE, false, x, row, out, rows, cols);
    }
  }
}

/**
 * out[r, c] = x[r, c] (op) col[r] (or col[r] (op) x[r, c] when `swap`): a [rows, 1] column broadcast
 * over the columns of a contiguous [rows, cols] matrix.
 */
export function binaryCol(op: i32, swap: bool, x: usize, col: usize, out: usize, rows: i32, cols: i32): void {
  if (swap) {
    switch (op) {
      case ADD: colLoop(ADD, true, x, col, out, rows, cols); break;
      case SUB: colLoop(SUB, true, x, col, out, rows, cols); break;
      case MUL: colLoop(MUL, true, x, col, out, rows, cols); break;
      case DIV: colLoop(DIV, true, x, col, out, rows, cols); break;
      case MAXIMUM: colLoop(MAXIMUM, true, x, col, out, rows, cols); break;
      case MINIMUM: colLoop(MINIMUM, true, x, col, out, rows, cols); break;
      case EQ: colLoop(EQ, true, x, col, out, rows, cols); break;
      case NE: colLoop(NE, true, x, col, out, rows, cols); break;
      case GT: colLoop(GT, true, x, col, out, rows, cols); break;
      case LT: colLoop(LT, true, x, col, out, rows, cols); break;
      case GE: colLoop(GE, true, x, col, out, rows, cols); break;
      default: colLoop(LE, true, x, col, out, rows, cols);
    }
  } else {
    switch (op) {
      case ADD: colLoop(ADD, false, x, col, out, rows, cols); break;
      case SUB: colLoop(SUB, false, x, col, out, rows, cols); break;
      case MUL: colLoop(MUL, false, x, col, out, rows, cols); break;
      case DIV: colLoop(DIV, false, x, col, out, rows, cols); break;
      case MAXIMUM: colLoop(MAXIMUM, false, x, col, out, rows, cols); break;
      case MINIMUM: colLoop(MINIMUM, false, x, col, out, rows, cols); break;
      case EQ: colLoop(EQ, false, x, col, out, rows, cols); break;
      case NE: colLoop(NE, false, x, col, out, rows, cols); break;
      case GT: colLoop(GT, false, x, col, out, rows, cols); break;
      case LT: colLoop(LT, false, x, col, out, rows, cols); break;
      case GE: colLoop(GE, false, x, col, out, rows, cols); break;
      default: colLoop(LE, false, x, col, out, rows, cols);
    }
  }
}


/** f(x) per lane, with the plain-TS reference's NaN and signed-zero behaviour. */
// @ts-ignore: decorator
@inline function vun(op: i32, x: v128, alpha: v128, beta: v128): v128 {
  const zero = f32x4.splat(0);
  switch (op) {
    case RELU: return v128.and(x, v128.or(f32x4.gt(x, zero), f32x4.ne(x, x))); // NaN stays, -0 -> 0
    case NEG: return f32x4.neg(x);
    case ABS: return f32x4.abs(x);
    case SIGN: {
      const s = v128.bitselect(f32x4.splat(1), f32x4.splat(-1), f32x4.gt(x, zero));
      return v128.and(s, v128.or(f32x4.gt(x, zero), f32x4.lt(x, zero))); // 0 for ±0 and NaN, as torch.sign
    }
    case SQUARE: return f32x4.mul(x, x);
    case RECIPROCAL: return f32x4.div(f32x4.splat(1), x);
    case SQRT: return f32x4.sqrt(x);
    case CLAMP: {
      // x > hi ? hi : x < lo ? lo : x, where lo is already min(lo, hi)
      const low = v128.bitselect(alpha, x, f32x4.lt(x, alpha));
      return v128.bitselect(beta, low, f32x4.gt(x, beta));
    }
    case LEAKY_RELU: return v128.bitselect(x, f32x4.mul(x, alpha), f32x4.gt(x, zero));
    case STEP: return v128.and(f32x4.ge(x, zero), f32x4.splat(1));
    case EXP: return vexp(x);
    case SIGMOID: return vsigmoid(x);
    case RSQRT: return f32x4.div(f32x4.splat(1), f32x4.sqrt(x));
    case FLOOR: return f32x4.floor(x);
    case CEIL: return f32x4.ceil(x);
    case TRUNC: return f32x4.trunc(x);
    case ROUND: return f32x4.nearest(x); // ties to even, as torch.round
    case FRAC: return f32x4.sub(x, f32x4.trunc(x));
    // the activations, each in the reference's order of operations (../../js.ts)
    case ELU: return v128.bitselect(x, f32x4.mul(alpha, vexpm1(x)), f32x4.gt(x, zero));
    case SELU: return v128.bitselect(f32x4.mul(vexpm1(x), f32x4.splat(SELU_ALPHA_SCALE)), f32x4.mul(x, f32x4.splat(SELU_SCALE)), f32x4.le(x, zero));
    case CELU: return v128.bitselect(f32x4.mul(vexpm1(f32x4.mul(x, beta)), alpha), x, f32x4.le(x, zero)); // beta = 1 / alpha
    case SOFTPLUS: {
      // alpha = beta, beta = threshold: (max(xb, 0) + log(1 + e^-|xb|)) / beta, x itself above the threshold
      const xb = f32x4.mul(x, alpha);
      const sp = f32x4.div(f32x4.add(f32x4.max(xb, zero), vlog1pExpNegAbs(xb)), alpha);
      return v128.bitselect(x, sp, f32x4.gt(xb, beta));
    }
    case LOGSIGMOID: return f32x4.sub(f32x4.min(x, zero), vlog1pExpNegAbs(x));
    case SILU: {
      // x·sigmoid(x) from e = e^-|x|; below -64 (where it is x·e^x) from e^(x + 64) scaled after the product
      const tiny = f32x4.lt(x, f32x4.splat(-64.0));
      const e = vexpShifted(f32x4.neg(f32x4.abs(x)), tiny);
      const s = f32x4.div(v128.bitselect(f32x4.splat(1.0), e, f32x4.ge(x, zero)), f32x4.add(f32x4.splat(1.0), e));
      return v128.bitselect(f32x4.mul(f32x4.mul(x, e), f32x4.splat(E_NEG_SHIFT)), f32x4.mul(x, s), tiny);
    }
    case MISH: {
      // x·tanh(softplus x), from e = e^-|x|; below -64 it is x·e^x, as for silu
      const tiny = f32x4.lt(x, f32x4.splat(-64.0));
      const e = vexpShifted(f32x4.neg(f32x4.abs(x)), tiny);
      const sp = f32x4.add(f32x4.max(x, zero), vlog1p(e));
      return v128.bitselect(f32x4.mul(f32x4.mul(x, e), f32x4.splat(E_NEG_SHIFT)), f32x4.mul(x, vtanh(sp)), tiny);
    }
    case HARDSIGMOID: return f32x4.div(f32x4.min(f32x4.max(f32x4.add(x, f32x4.splat(3.0)), zero), f32x4.splat(6.0)), f32x4.splat(6.0));
    case HARDSWISH: {
      // x itself from 3 up, where the reference's x · 6 / 6 is exact (and x · 6 could overflow float32)
      const h = f32x4.div(f32x4.mul(x, f32x4.min(f32x4.max(f32x4.add(x, f32x4.splat(3.0)), zero), f32x4.splat(6.0))), f32x4.splat(6.0));
      return v128.bitselect(x, h, f32x4.ge(x, f32x4.splat(3.0)));
    }
    case SOFTSIGN: return f32x4.div(x, f32x4.add(f32x4.splat(1.0), f32x4.abs(x)));
    case HARDSHRINK: return v128.andnot(x, v128.and(f32x4.ge(x, f32x4.neg(alpha)), f32x4.le(x, alpha))); // alpha = lambd
    case SOFTSHRINK: {
      const inner = v128.bitselect(f32x4.add(x, alpha), zero, f32x4.lt(x, f32x4.neg(alpha)));
      return v128.bitselect(f32x4.sub(x, alpha), inner, f32x4.gt(x, alpha));
    }
    default: return vtanh(x);
  }
}

// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, out: usize, n: i32, alpha: f32, beta: f32): void {
  const av = f32x4.splat(alpha);
  const bv = f32x4.splat(beta);
  const end = out + (<usize>n << 2);
  if (op == EXP || op == SIGMOID || op == TANH || op == ELU || op == SELU || op == CELU || op == SOFTPLUS || op == LOGSIGMOID || op == SILU || op == MISH) {
    // two vectors a step: the polynomials are long dependent chains, and two of them side by side
    // keep the multiply-add units busy (one runs past n into the buffers' spare v128)
    for (; out < end; x += 32, out += 32) {
      const y0 = vun(op, v128.load(x), av, bv);
      const y1 = vun(op, v128.load(x, 16), av, bv);
      v128.store(out, y0);
      v128.store(out, y1, 16);
    }
    return;
  }
  for (; out < end; x += 16, out += 16) v128.store(out, vun(op, v128.load(x), av, bv));
}

/**
 * out[i] = f(x[i]), i < n; `alpha` / `beta` are the op's parameters (clamp: lo <= hi, hi; leakyRelu and
 * elu: slope / alpha; round: decimals 0 only; softplus: beta, threshold; celu: alpha, 1 / alpha;
 * hard- and softshrink: lambd).
 */
export function unary(op: i32, x: usize, out: usize, n: i32, alpha: f32, beta: f32): void {
  switch (op) {
    case RELU: unaryLoop(RELU, x, out, n, alpha, beta); break;
    case NEG: unaryLoop(NEG, x, out, n, alpha, beta); break;
    case ABS: unaryLoop(ABS, x, out, n, alpha, beta); break;
    case SIGN: unaryLoop(SIGN, x, out, n, alpha, beta); break;
    case SQUARE: unaryLoop(SQUARE, x, out, n, alpha, beta); break;
    case RECIPROCAL: unaryLoop(RECIPROCAL, x, out, n, alpha, beta); break;
    case SQRT: unaryLoop(SQRT, x, out, n, alpha, beta); break;
    case CLAMP: unaryLoop(CLAMP, x, out, n, alpha, beta); break;
    case LEAKY_RELU: unaryLoop(LEAKY_RELU, x, out, n, alpha, beta); break;
    case STEP: unaryLoop(STEP, x, out, n, alpha, beta); break;
    case EXP: unaryLoop(EXP, x, out, n, alpha, beta); break;
    case SIGMOID: unaryLoop(SIGMOID, x, out, n, alpha, beta); break;
    case RSQRT: unaryLoop(RSQRT, x, out, n, alpha, beta); break;
    case FLOOR: unaryLoop(FLOOR, x, out, n, alpha, beta); break;
    case CEIL: unaryLoop(CEIL, x, out, n, alpha, beta); break;
    case TRUNC: unaryLoop(TRUNC, x, out, n, alpha, beta); break;
    case ROUND: unaryLoop(ROUND, x, out, n, alpha, beta); break;
    case FRAC: unaryLoop(FRAC, x, out, n, alpha, beta); break;
    case ELU: unaryLoop(ELU, x, out, n, alpha, beta); break;
    case SELU: unaryLoop(SELU, x, out, n, alpha, beta); break;
    case CELU: unaryLoop(CELU, x, out, n, alpha, beta); break;
    case SOFTPLUS: unaryLoop(SOFTPLUS, x, out, n, alpha, beta); break;
    case LOGSIGMOID: unaryLoop(LOGSIGMOID, x, out, n, alpha, beta); break;
    case SILU: unaryLoop(SILU, x, out, n, alpha, beta); break;
    case MISH: unaryLoop(MISH, x, out, n, alpha, beta); break;
    case HARDSIGMOID: unaryLoop(HARDSIGMOID, x, out, n, alpha, beta); break;
    case HARDSWISH: unaryLoop(HARDSWISH, x, out, n, alpha, beta); break;
    case SOFTSIGN: unaryLoop(SOFTSIGN, x, out, n, alpha, beta); break;
    case HARDSHRINK: unaryLoop(HARDSHRINK, x, out, n, alpha, beta); break;
    case SOFTSHRINK: unaryLoop(SOFTSHRINK, x, out, n, alpha, beta); break;
    default: unaryLoop(TANH, x, out, n, alpha, beta);
  }
}

