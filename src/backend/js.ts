import type { TypedArray } from "../tensor/dtype.ts";
import type { Backend, BinaryOp, ReduceOp, UnaryOp } from "./backend.ts";
import { erf } from "./erf.ts";
import { SELU_ALPHA, SELU_SCALE } from "./constants.ts";
import { gemm, gemmBlocksWith } from "./gemm.ts";
import { argKminEuclidean } from "./js_argkmin.ts";
import * as fused from "./js_fused.ts";
import { MATH_BINARY, MATH_UNARY, cumprodBackward, kthvalue, mode, roundInto, scan, sort, topk } from "./js_math.ts";
import * as indexing from "./js_index.ts";

/*
 * The plain-TypeScript reference backend: always available, and the oracle the faster backends are
 * tested against. Each kernel keeps its inner loop monomorphic in the operation.
 */

type Scalar1 = (x: number, alpha: number, beta: number) => number;

const UNARY: Record<UnaryOp, Scalar1> = {
  neg: (x) => -x,
  exp: (x) => Math.exp(x),
  log: (x) => Math.log(x),
  sqrt: (x) => Math.sqrt(x),
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : 0), // 0 for ±0 and NaN, as torch.sign
  sigmoid: (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  tanh: (x) => Math.tanh(x),
  relu: (x) => (x > 0 ? x : x !== x ? x : 0),
  erf: (x) => erf(x),
  square: (x) => x * x,
  reciprocal: (x) => 1 / x,
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  // min(max(x, lo), hi): hi wins when lo > hi; a NaN bound gives NaN, as PyTorch's clamp
  clamp: (x, lo, hi) => (lo !== lo || hi !== hi ? NaN : x > hi ? hi : x < lo ? (lo > hi ? hi : lo) : x),
  leakyRelu: (x, slope) => (x > 0 ? x : x * slope),
  elu: (x, alpha) => (x > 0 ? x : alpha * Math.expm1(x)),
  powScalar: (x, p) => (p === 2 ? x * x : Math.pow(x, p)),
  step: (x) => (x >= 0 ? 1 : 0),
  ...MATH_UNARY,
  // activations, with PyTorch's formulas (softplus is linear above the threshold)
  softplus: (x, beta, threshold) => (x * beta > threshold ? x : Math.log1p(Math.exp(x * beta)) / beta),
  silu: (x) => x / (1 + Math.exp(-x)),
  mish: (x) => x * Math.tanh(Math.log1p(Math.exp(x))),
  selu: (x) => (x <= 0 ? Math.expm1(x) * (SELU_ALPHA * SELU_SCALE) : x * SELU_SCALE),
  celu: (x, alpha) => (x <= 0 ? Math.expm1(x * (1 / alpha)) * alpha : x),
  hardsigmoid: (x) => Math.min(Math.max(x + 3, 0), 6) / 6,
  hardswish: (x) => (x * Math.min(Math.max(x + 3, 0), 6)) / 6,
  logsigmoid: (x) => Math.min(x, 0) - Math.log1p(Math.exp(-Math.abs(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
  tanhshrink: (x) => x - Math.tanh(x),
  hardshrink: (x, lambd) => (x >= -lambd && x <= lambd ? 0 : x),
  softshrink: (x, lambd) => (x > lambd ? x - lambd : x < -lambd ? x + lambd : 0),
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isnan: (x) => (x !== x ? 1 : 0),
  isinf: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  isposinf: (x) => (x === Infinity ? 1 : 0),
  isneginf: (x) => (x === -Infinity ? 1 : 0),
  isfinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

type Scalar2 = (a: number, b: number) => number;

const BINARY: Record<BinaryOp, Scalar2> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  pow: (a, b) => Math.pow(a, b),
  maximum: (a, b) => (a > b || a !== a ? a : b),
  minimum: (a, b) => (a < b || a !== a ? a : b),
  eq: (a, b) => (a === b ? 1 : 0),
  ne: (a, b) => (a !== b ? 1 : 0),
  gt: (a, b) => (a > b ? 1 : 0),
  lt: (a, b) => (a < b ? 1 : 0),
  ge: (a, b) => (a >= b ? 1 : 0),
  le: (a, b) => (a <= b ? 1 : 0),
  logicalAnd: (a, b) => (a !== 0 && b !== 0 ? 1 : 0),
  logicalOr: (a, b) => (a !== 0 || b !== 0 ? 1 : 0),
  logicalXor: (a, b) => ((a !== 0) !== (b !== 0) ? 1 : 0),
  ...MATH_BINARY,
};

function unary(op: UnaryOp, x: TypedArray, out: TypedArray, alpha = 0, beta = 0): void {
  const n = x.length;
  switch (op) {
    // the hot ones get their own loops
    case "relu":
      for (let i = 0; i < n; i++) {
        const v = x[i];
        out[i] = v > 0 || v !== v ? v : 0;
      }
      return;
    case "exp":
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      return;
    case "neg":
      for (let i = 0; i < n; i++) out[i] = -x[i];
      return;
    case "round":
      roundInto(x, out, alpha);
      return;
    default: {
      const f = UNARY[op];
      for (let i = 0; i < n; i++) out[i] = f(x[i], alpha, beta);
    }
  }
}

function binary(
  op: BinaryOp, a: TypedArray, aStrides: readonly number[],
  b: TypedArray, bStrides: readonly number[], out: TypedArray, shape: readonly number[],
): void {
  // into bool, any nonzero result is true (NaN too): bool + bool is or, bool * bool is and
  const bool = out instanceof Uint8Array;
  const g = BINARY[op];
  const f: Scalar2 = bool ? (x, y) => (g(x, y) !== 0 ? 1 : 0) : g;
  const nd = shape.length;
  if (nd === 0) {
    out[0] = f(a[0], b[0]);
    return;
  }
  const total = out.length;
  if (total === 0) return;
  const inner = shape[nd - 1];
  const sa = aStrides[nd - 1];
  const sb = bStrides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o += inner) {
    innerLoop(bool ? null : op, f, a, ia, sa, b, ib, sb, out, o, inner);
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ia += aStrides[d];
      ib += bStrides[d];
      if (idx[d] < shape[d]) break;
      ia -= aStrides[d] * shape[d];
      ib -= bStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function innerLoop(
  op: BinaryOp | null, f: Scalar2, a: TypedArray, ia: number, sa: number,
  b: TypedArray, ib: number, sb: number, out: TypedArray, o: number, n: number,
): void {
  // the arithmetic used in training gets dedicated loops; everything else goes through f
  switch (op) {
    case "add":
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = a[ia] + b[ib];
      return;
    case "sub":
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = a[ia] - b[ib];
      return;
    case "mul":
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = a[ia] * b[ib];
      return;
    case "div":
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = a[ia] / b[ib];
      return;
    default:
      for (let i = 0; i < n; i++, ia += sa, ib += sb) out[o + i] = f(a[ia], b[ib]);
  }
}

function reduce(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, size: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let acc = op === "sum" ? 0 : op === "prod" ? 1 : size > 0 ? x[base] : NaN;
      for (let s = 0; s < size; s++) {
        const v = x[base + s * inner];
        if (op === "sum") acc += v;
        else if (op === "prod") acc *= v;
        else if (v !== v) {
          acc = v;
          break;
        } else if (op === "max" ? v > acc : v < acc) acc = v;
      }
      out[o * inner + i] = acc;
    }
  }
}

function argReduce(op: "max" | "min", x: TypedArray, out: Int32Array, outer: number, size: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let best = x[base];
      let at = 0;
      for (let s = 1; s < size && best === best; s++) {
        const v = x[base + s * inner];
        if (v !== v || (op === "max" ? v > best : v < best)) {
          best = v;
          at = s;
        }
      }
      out[o * inner + i] = at;
    }
  }
}

function softmax(x: TypedArray, out: TypedArray, outer: number, size: number, inner: number, log: boolean): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      let max = -Infinity;
      for (let s = 0; s < size; s++) max = Math.max(max, x[base + s * inner]);
      if (max === -Infinity) max = 0;
      let sum = 0;
      for (let s = 0; s < size; s++) sum += Math.exp(x[base + s * inner] - max);
      if (log) {
        const logSum = Math.log(sum);
        for (let s = 0; s < size; s++) out[base + s * inner] = x[base + s * inner] - max - logSum;
      } else {
        for (let s = 0; s < size; s++) out[base + s * inner] = Math.exp(x[base + s * inner] - max) / sum;
      }
    }
  }
}

function copyIntoStrided(x: TypedArray, out: TypedArray, offset: number, strides: readonly number[], shape: readonly number[]): void {
  const nd = shape.length;
  if (nd === 0) {
    out[offset] = x[0];
    return;
  }
  const total = x.length;
  if (total === 0) return;
  const inner = shape[nd - 1];
  const so = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let io = offset;
  for (let o = 0; o < total; o += inner) {
    for (let i = 0, j = io; i < inner; i++, j += so) out[j] = x[o + i];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      io += strides[d];
      if (idx[d] < shape[d]) break;
      io -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function copyStrided(x: TypedArray, offset: number, strides: readonly number[], out: TypedArray, shape: readonly number[]): void {
  const nd = shape.length;
  if (nd === 0) {
    out[0] = x[offset];
    return;
  }
  const total = out.length;
  if (total === 0) return;
  const inner = shape[nd - 1];
  const si = strides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let ix = offset;
  for (let o = 0; o < total; o += inner) {
    for (let i = 0, j = ix; i < inner; i++, j += si) out[o + i] = x[j];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ix += strides[d];
      if (idx[d] < shape[d]) break;
      ix -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

function cast(x: TypedArray, out: TypedArray): void {
  if (out instanceof Uint8Array && !(x instanceof Uint8Array)) {
    for (let i = 0; i < x.length; i++) out[i] = x[i] !== 0 ? 1 : 0; // NaN !== 0: true, as in PyTorch
  } else {
    out.set(x); // typed-array stores truncate toward zero into int32 and round to nearest into float32
  }
}

function where(
  cond: TypedArray, condStrides: readonly number[], a: TypedArray, aStrides: readonly number[],
  b: TypedArray, bStrides: readonly number[], out: TypedArray, shape: readonly number[],
): void {
  const nd = shape.length;
  const total = out.length;
  if (total === 0) return;
  if (nd === 0) {
    out[0] = cond[0] !== 0 ? a[0] : b[0];
    return;
  }
  const inner = shape[nd - 1];
  const sc = condStrides[nd - 1];
  const sa = aStrides[nd - 1];
  const sb = bStrides[nd - 1];
  const idx = new Array<number>(nd).fill(0);
  let ic = 0;
  let ia = 0;
  let ib = 0;
  for (let o = 0; o < total; o += inner) {
    for (let i = 0, c = ic, p = ia, q = ib; i < inner; i++, c += sc, p += sa, q += sb) out[o + i] = cond[c] !== 0 ? a[p] : b[q];
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++;
      ic += condStrides[d];
      ia += aStrides[d];
      ib += bStrides[d];
      if (idx[d] < shape[d]) break;
      ic -= condStrides[d] * shape[d];
      ia -= aStrides[d] * shape[d];
      ib -= bStrides[d] * shape[d];
      idx[d] = 0;
    }
  }
}

/** The plain-TypeScript backend. */
export const jsBackend: Backend = {
  name: "js",
  gemm,
  gemmBlocks: (a, b, m, k, n, rows, cols, visit) => gemmBlocksWith(gemm, a, b, m, k, n, rows, cols, visit),
  argKminEuclidean,
  unary,
  binary,
  reduce,
  argReduce,
  softmax,
  copyIntoStrided,
  copyStrided,
  cast,
  where,
  scan,
  cumprodBackward,
  sort,
  topk,
  kthvalue,
  mode,
  ...fused,
  ...indexing,
};
