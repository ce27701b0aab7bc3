import type { TypedArray } from "../tensor/dtype.ts";

/** Elementwise functions of one input. `clamp` reads `alpha` (min) and `beta` (max); `leakyRelu` and `elu` read `alpha`; `pow` reads `alpha` (exponent). */
export type UnaryOp =
  | "neg" | "exp" | "log" | "sqrt" | "abs" | "sign" | "sigmoid" | "tanh" | "relu" | "erf"
  | "square" | "reciprocal" | "sin" | "cos" | "clamp" | "leakyRelu" | "elu" | "powScalar" | "step";

/** Elementwise functions of two broadcast inputs. Comparisons write 1 or 0. */
export type BinaryOp =
  | "add" | "sub" | "mul" | "div" | "pow" | "maximum" | "minimum"
  | "eq" | "ne" | "gt" | "lt" | "ge" | "le";

/** Reductions along one dimension. */
export type ReduceOp = "sum" | "max" | "min";

/**
 * The compute kernels every op runs on. Each works on contiguous typed arrays described by sizes and
 * strides, so a faster backend (WebAssembly SIMD, worker threads) can replace the plain-TS one without
 * touching ops or autograd. Kernels write into `out`, which the caller allocates.
 */
export interface Backend {
  /** A short name reported by `bp.backend()`. */
  readonly name: string;

  /**
   * General matrix multiply, `C = op(A) · op(B)`, overwriting C (`m x n`). op(A) is `m x k`: A is
   * stored `m x k`, or `k x m` when `transA`. op(B) is `k x n`: B is stored `k x n`, or `n x k` when
   * `transB`. Offsets select one matrix of a batch inside larger arrays.
   */
  gemm(
    a: TypedArray, aOffset: number, transA: boolean,
    b: TypedArray, bOffset: number, transB: boolean,
    out: TypedArray, outOffset: number,
    m: number, k: number, n: number,
  ): void;

  /** `out[i] = f(x[i])` for the unary function `op`; `alpha` / `beta` are its scalar parameters. */
  unary(op: UnaryOp, x: TypedArray, out: TypedArray, alpha?: number, beta?: number): void;

  /**
   * `out[i] = f(a[ia], b[ib])` over the broadcast `shape`, where `ia` and `ib` follow `aStrides` and
   * `bStrides` (0 on broadcast dimensions).
   */
  binary(
    op: BinaryOp, a: TypedArray, aStrides: readonly number[],
    b: TypedArray, bStrides: readonly number[], out: TypedArray, shape: readonly number[],
  ): void;

  /** Reduces x seen as `[outer, size, inner]` along the middle axis into `out` (`[outer, inner]`). */
  reduce(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, size: number, inner: number): void;

  /** Index of the max (or min) along the middle axis of `[outer, size, inner]`; the first one on ties. */
  argReduce(op: "max" | "min", x: TypedArray, out: Int32Array, outer: number, size: number, inner: number): void;

  /** Softmax (or log-softmax) along the middle axis of `[outer, size, inner]`, subtracting the max first. */
  softmax(x: TypedArray, out: TypedArray, outer: number, size: number, inner: number, log: boolean): void;

  /** Copies x, read with `strides` (any layout, 0 for broadcast), into contiguous `out` of `shape`. */
  copyStrided(x: TypedArray, offset: number, strides: readonly number[], out: TypedArray, shape: readonly number[]): void;
}
