import type { Node } from "../autograd/node.ts";
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { runBackward } from "../autograd/engine.ts";
import { type DType, type TypedArray, dtypeOf, isFloating } from "./dtype.ts";
import { formatShape, numel, normalizeDim, sameShape } from "./shape.ts";
import { formatValues } from "./format.ts";
import * as binary from "../ops/binary.ts";
import * as unary from "../ops/unary.ts";
import * as compare from "../ops/compare.ts";
import * as reduce from "../ops/reduce.ts";
import * as shapeOps from "../ops/shape.ts";
import { matmul } from "../ops/matmul.ts";
import * as linalg from "../ops/linalg.ts";
import { softmax, logSoftmax } from "../ops/softmax.ts";
import * as indexing from "../ops/indexing.ts";
import type { IndexSpec } from "../ops/index_spec.ts";
import { versionOf } from "../autograd/node.ts";
import { cast } from "../ops/cast.ts";
import * as logical from "../ops/logical.ts";
import * as math from "../ops/math.ts";
import * as statistics from "../ops/statistics.ts";
import * as scan from "../ops/scan.ts";
import * as sorting from "../ops/sort.ts";
import * as inplace from "../ops/inplace.ts";

/** Values nested as arrays, as `toArray()` returns them (a number for a 0-d tensor). */
export type NestedArray = number | NestedArray[];

/** A tensor or a plain number, as binary ops accept (`x.mul(0.005)`). */
export type TensorLike = Tensor | number;

/** Options of `backward`. */
export interface BackwardOptions {
  /** Keep the graph's saved values so backward can run through it again (default false). */
  retainGraph?: boolean;
}

/**
 * An n-dimensional array of float32 / float64 / int32 / bool values in a contiguous typed array, that can
 * record the ops applied to it and compute gradients with `backward()`, like `torch.Tensor`. Memory is
 * reclaimed by the garbage collector: there is nothing to dispose.
 * @example
 * const w = bp.tensor(1.0, { requiresGrad: true });
 * const x = bp.tensor([1, 2, 3, 4]);
 * const mse = w.mul(x).sub(x.mul(2)).pow(2).mean(); // 7.5
 * mse.backward();
 * w.grad!.item(); // -15
 */
export class Tensor {
  /** The values, row-major. Views (`reshape`, `view`, `detach`) share this array. */
  readonly data: TypedArray;
  /** Sizes of each dimension; `[]` for a scalar. */
  readonly shape: readonly number[];
  /** Whether ops on this tensor are recorded for backward. */
  requiresGrad = false;
  /** The accumulated gradient, null until a backward reaches this tensor (leaves, or after `retainGrad()`). */
  grad: Tensor | null = null;
  /** The op that produced this tensor (null for leaves), PyTorch's `grad_fn`. */
  gradFn: Node | null = null;
  /** True after `retainGrad()`: a non-leaf keeps its `.grad`. */
  retainsGrad = false;

  constructor(data: TypedArray, shape: readonly number[]) {
    if (data.length !== numel(shape)) {
      throw new Error(`Tensor: ${data.length} values do not fill shape ${formatShape(shape)} (${numel(shape)} needed)`);
    }
    this.data = data;
    this.shape = Object.freeze([...shape]);
  }

  /** The element type. */
  get dtype(): DType {
    return dtypeOf(this.data);
  }

  /** True for tensors not produced by a recorded op (user-created tensors, parameters). */
  get isLeaf(): boolean {
    return this.gradFn === null;
  }

  /** Number of elements. */
  numel(): number {
    return this.data.length;
  }

  /** Number of dimensions. */
  dim(): number {
    return this.shape.length;
  }

  /** The shape, or the size of one dimension (`size(0)`), like `torch.Tensor.size`. */
  size(): number[];
  size(dim: number): number;
  size(dim?: number): number[] | number {
    if (dim === undefined) return [...this.shape];
    return this.shape[normalizeDim("size", dim, this.dim())];
  }

  /** Sets `requiresGrad` in place and returns this tensor, like `requires_grad_()`. */
  requiresGrad_(flag = true): this {
    if (flag && !isFloating(this.dtype)) {
      throw new Error(`requiresGrad_: only floating point tensors can require gradients (dtype is ${this.dtype})`);
    }
    if (!this.isLeaf && !flag) {
      throw new Error("requiresGrad_: you can only change requiresGrad of leaf tensors; use detach() instead");
    }
    this.requiresGrad = flag;
    return this;
  }

  /**
   * Computes the gradient of this tensor with respect to the graph leaves, accumulating into their `.grad`.
   * A non-scalar needs `gradient` (of its shape). The graph is freed afterwards unless `retainGraph`.
   */
  backward(gradient?: Tensor | null, options: BackwardOptions = {}): void {
    if (!this.requiresGrad) {
      throw new Error("backward: element 0 of tensors does not require grad and does not have a gradFn");
    }
    let g: Tensor;
    if (gradient === undefined || gradient === null) {
      if (this.numel() !== 1) {
        throw new Error(
          `backward: grad can be implicitly created only for scalar outputs (this tensor has shape ${formatShape(this.shape)}); pass a gradient`,
        );
      }
      g = new Tensor(dataOfOnes(this.dtype, 1), this.shape);
    } else {
      if (!sameShape(gradient.shape, this.shape)) {
        throw new Error(
          `backward: gradient shape ${formatShape(gradient.shape)} does not match tensor shape ${formatShape(this.shape)}`,
        );
      }
      g = gradient;
    }
    runBackward(this, g, options.retainGraph ?? false);
  }

  /** Makes this non-leaf keep its `.grad` after backward, like `retain_grad()`. */
  retainGrad(): void {
    if (!this.requiresGrad) throw new Error("retainGrad: can't retain grad on a tensor that doesn't require grad");
    if (this.gradFn !== null) {
      this.retainsGrad = true;
      this.gradFn.retained = this;
    }
  }

  /** A tensor sharing this one's data, cut from the graph. */
  detach(): Tensor {
    return new Tensor(this.data, this.shape);
  }

  /** A copy with its own data (recorded: the gradient flows back unchanged). */
  clone(): Tensor {
    return unary.clone(this);
  }

  /** The single value of a one-element tensor (1 or 0 for bool: a number, so JS arithmetic on it works). */
  item(): number {
    if (this.numel() !== 1) {
      throw new Error(`item: a Tensor with ${this.numel()} elements cannot be converted to a number`);
    }
    return this.data[0];
  }

  /** The values as nested arrays (a number for a 0-d tensor; bool values as 1 and 0). */
  toArray(): NestedArray {
    const rec = (dim: number, offset: number): NestedArray => {
      if (dim === this.shape.length) return this.data[offset];
      const stride = numel(this.shape.slice(dim + 1));
      const out: NestedArray[] = [];
      for (let i = 0; i < this.shape[dim]; i++) out.push(rec(dim + 1, offset + i * stride));
      return out;
    };
    return rec(0, 0);
  }

  /** Converts to another dtype (a copy; the same tensor if the dtype already matches). */
  to(dtype: DType): Tensor {
    return cast(this, dtype);
  }
  /** `to("float32")`. */
  float(): Tensor {
    return cast(this, "float32");
  }
  /** `to("float64")`. */
  double(): Tensor {
    return cast(this, "float64");
  }
  /** `to("int32")` (truncates toward zero). */
  int(): Tensor {
    return cast(this, "int32");
  }

  // ---- arithmetic (tensor or number) ----
  /** `this + other` (broadcast). */
  add(other: TensorLike): Tensor { return binary.add(this, other); }
  /** `this - other` (broadcast). */
  sub(other: TensorLike): Tensor { return binary.sub(this, other); }
  /** `this * other` (broadcast). */
  mul(other: TensorLike): Tensor { return binary.mul(this, other); }
  /** `this / other` (broadcast; true division). */
  div(other: TensorLike): Tensor { return binary.div(this, other); }
  /** `this ** exponent` (broadcast). */
  pow(exponent: TensorLike): Tensor { return binary.pow(this, exponent); }
  /** Elementwise max of two tensors, like `torch.maximum`. */
  maximum(other: TensorLike): Tensor { return binary.maximum(this, other); }
  /** Elementwise min of two tensors, like `torch.minimum`. */
  minimum(other: TensorLike): Tensor { return binary.minimum(this, other); }

  // ---- elementwise functions ----
  /** `-this`. */
  neg(): Tensor { return unary.neg(this); }
  /** `e ** this`. */
  exp(): Tensor { return unary.exp(this); }
  /** Natural logarithm. */
  log(): Tensor { return unary.log(this); }
  /** Square root. */
  sqrt(): Tensor { return unary.sqrt(this); }
  /** Absolute value. */
  abs(): Tensor { return unary.abs(this); }
  /** `1 / (1 + exp(-this))`. */
  sigmoid(): Tensor { return unary.sigmoid(this); }
  /** Hyperbolic tangent. */
  tanh(): Tensor { return unary.tanh(this); }
  /** `max(0, this)`. */
  relu(): Tensor { return unary.relu(this); }
  /** Clamps into `[min, max]` (either may be omitted), like `torch.clamp`. */
  clamp(min?: number | null, max?: number | null): Tensor { return unary.clamp(this, min, max); }

  // ---- elementwise math: trigonometric, exponential, rounding ----
  /** -1, 0 or 1 (0 for NaN), like `torch.sign`. */
  sign(): Tensor { return unary.sign(this); }
  /** Sine. */
  sin(): Tensor { return math.sin(this); }
  /** Cosine. */
  cos(): Tensor { return math.cos(this); }
  /** Tangent. */
  tan(): Tensor { return math.tan(this); }
  /** Arcsine. */
  asin(): Tensor { return math.asin(this); }
  /** Arccosine. */
  acos(): Tensor { return math.acos(this); }
  /** Arctangent. */
  atan(): Tensor { return math.atan(this); }
  /** `atan2(this, other)`, the angle of the point (other, this). */
  atan2(other: TensorLike): Tensor { return math.atan2(this, other); }
  /** Hyperbolic sine. */
  sinh(): Tensor { return math.sinh(this); }
  /** Hyperbolic cosine. */
  cosh(): Tensor { return math.cosh(this); }
  /** Inverse hyperbolic sine. */
  asinh(): Tensor { return math.asinh(this); }
  /** Inverse hyperbolic cosine. */
  acosh(): Tensor { return math.acosh(this); }
  /** Inverse hyperbolic tangent. */
  atanh(): Tensor { return math.atanh(this); }
  /** `log(1 + this)`. */
  log1p(): Tensor { return math.log1p(this); }
  /** `exp(this) - 1`. */
  expm1(): Tensor { return math.expm1(this); }
  /** Base-2 logarithm. */
  log2(): Tensor { return math.log2(this); }
  /** Base-10 logarithm. */
  log10(): Tensor { return math.log10(this); }
  /** `2 ** this`. */
  exp2(): Tensor { return math.exp2(this); }
  /** `1 / this`. */
  reciprocal(): Tensor { return math.reciprocal(this); }
  /** `1 / sqrt(this)`. */
  rsqrt(): Tensor { return math.rsqrt(this); }
  /** `this ** 2`. */
  square(): Tensor { return math.square(this); }
  /** Rounds down. */
  floor(): Tensor { return math.floor(this); }
  /** Rounds up. */
  ceil(): Tensor { return math.ceil(this); }
  /** Rounds half to even, or to `decimals` places. */
  round(decimals = 0): Tensor { return math.round(this, decimals); }
  /** Rounds toward zero. */
  trunc(): Tensor { return math.trunc(this); }
  /** `this - trunc(this)`. */
  frac(): Tensor { return math.frac(this); }
  /** Remainder with the sign of this (C's fmod). */
  fmod(other: TensorLike): Tensor { return math.fmod(this, other); }
  /** Remainder with the sign of other (Python's %). */
  remainder(other: TensorLike): Tensor { return math.remainder(this, other); }
  /** `floor(this / other)`. */
  floorDivide(other: TensorLike): Tensor { return math.floorDivide(this, other); }
  /** `sqrt(this² + other²)`. */
  hypot(other: TensorLike): Tensor { return math.hypot(this, other); }
  /** `this + weight * (end - this)`. */
  lerp(end: TensorLike, weight: TensorLike): Tensor { return math.lerp(this, end, weight); }

  // ---- comparisons (bool results, no gradient) ----
  /** `this == other` as bool. */
  eq(other: TensorLike): Tensor { return compare.eq(this, other); }
  /** `this != other` as bool. */
  ne(other: TensorLike): Tensor { return compare.ne(this, other); }
  /** `this > other` as bool. */
  gt(other: TensorLike): Tensor { return compare.gt(this, other); }
  /** `this < other` as bool. */
  lt(other: TensorLike): Tensor { return compare.lt(this, other); }
  /** `this >= other` as bool. */
  ge(other: TensorLike): Tensor { return compare.ge(this, other); }
  /** `this <= other` as bool. */
  le(other: TensorLike): Tensor { return compare.le(this, other); }

  // ---- logical ops and value tests ----
  /** `to("bool")`: true for every nonzero value (NaN included), like PyTorch's `bool()`. */
  bool(): Tensor { return cast(this, "bool"); }
  /** `this && other` elementwise (nonzero is true), bool. */
  logicalAnd(other: TensorLike): Tensor { return logical.logicalAnd(this, other); }
  /** `this || other` elementwise, bool. */
  logicalOr(other: TensorLike): Tensor { return logical.logicalOr(this, other); }
  /** Exactly one of `this`, `other` nonzero, bool. */
  logicalXor(other: TensorLike): Tensor { return logical.logicalXor(this, other); }
  /** True where this is zero, bool. */
  logicalNot(): Tensor { return logical.logicalNot(this); }
  /** True where NaN, bool. */
  isnan(): Tensor { return logical.isnan(this); }
  /** True where +inf or -inf, bool. */
  isinf(): Tensor { return logical.isinf(this); }
  /** True where +inf, bool. */
  isposinf(): Tensor { return logical.isposinf(this); }
  /** True where -inf, bool. */
  isneginf(): Tensor { return logical.isneginf(this); }
  /** True where finite, bool. */
  isfinite(): Tensor { return logical.isfinite(this); }
  /** NaN -> `nan` (0), +inf -> `posinf`, -inf -> `neginf` (default: the dtype's extremes), like `nan_to_num`. */
  nanToNum(nan = 0, posinf?: number | null, neginf?: number | null): Tensor { return logical.nanToNum(this, nan, posinf, neginf); }

  // ---- reductions ----
  /** Sum of all elements, or along `dim` (a number or a list; `[]` sums all, as PyTorch 1.13). */
  sum(dim?: number | number[] | null, keepdim = false): Tensor { return reduce.sum(this, dim, keepdim); }
  /** Mean of all elements, or along `dim` (a number or a list; `[]` averages all). */
  mean(dim?: number | number[] | null, keepdim = false): Tensor { return reduce.mean(this, dim, keepdim); }
  /** Max of all elements; along `dim` it returns `{values, indices}` like PyTorch. */
  max(): Tensor;
  max(dim: number, keepdim?: boolean): reduce.ValuesIndices;
  max(dim?: number, keepdim = false): Tensor | reduce.ValuesIndices {
    return dim === undefined ? reduce.maxAll(this) : reduce.maxDim(this, dim, keepdim);
  }
  /** Min of all elements; along `dim` it returns `{values, indices}` like PyTorch. */
  min(): Tensor;
  min(dim: number, keepdim?: boolean): reduce.ValuesIndices;
  min(dim?: number, keepdim = false): Tensor | reduce.ValuesIndices {
    return dim === undefined ? reduce.minAll(this) : reduce.minDim(this, dim, keepdim);
  }
  /** Index of the max (of the flattened tensor, or along `dim`), int32. */
  argmax(dim?: number, keepdim = false): Tensor { return reduce.argmax(this, dim, keepdim); }
  /** Index of the min (of the flattened tensor, or along `dim`), int32. */
  argmin(dim?: number, keepdim = false): Tensor { return reduce.argmin(this, dim, keepdim); }
  /** Softmax along `dim`, computed with the max subtracted (never overflows). */
  softmax(dim: number): Tensor { return softmax(this, dim); }
  /** Log-softmax along `dim`, `x - max - log(sum(exp(x - max)))`. */
  logSoftmax(dim: number): Tensor { return logSoftmax(this, dim); }

  // ---- statistics, scans and sorting ----
  /** Variance over `dim`, PyTorch's `(dim, unbiased, keepdim)` and `{correction}`. */
  var(dim?: statistics.Dims | boolean, unbiased?: boolean | null, keepdim = false, options: statistics.VarOptions = {}): Tensor {
    return statistics.variance(this, dim, unbiased, keepdim, options);
  }
  /** Standard deviation over `dim`, with var's arguments. */
  std(dim?: statistics.Dims | boolean, unbiased?: boolean | null, keepdim = false, options: statistics.VarOptions = {}): Tensor {
    return statistics.std(this, dim, unbiased, keepdim, options);
  }
  /** Product of all elements, or along `dim`. */
  prod(dim?: number | null, keepdim = false): Tensor { return statistics.prod(this, dim, keepdim); }
  /** `log(sum(exp(this)))` over `dim`, without overflow. */
  logsumexp(dim: number | readonly number[], keepdim = false): Tensor { return statistics.logsumexp(this, dim, keepdim); }
  /** Vector p-norm over `dim` (all elements by default); p = 2, 1, ±Infinity, 0, "fro" or any number. */
  norm(p: statistics.NormOrder = 2, dim?: statistics.Dims, keepdim = false): Tensor { return statistics.norm(this, p, dim, keepdim); }
  /** Max over `dim` (number or list), values only; ties share the gradient. */
  amax(dim?: statistics.Dims, keepdim = false): Tensor { return statistics.amax(this, dim, keepdim); }
  /** Min over `dim` (number or list), values only; ties share the gradient. */
  amin(dim?: statistics.Dims, keepdim = false): Tensor { return statistics.amin(this, dim, keepdim); }
  /** Whether all elements (along `dim`) are nonzero. */
  all(dim?: number | null, keepdim = false): Tensor { return statistics.all(this, dim, keepdim); }
  /** Whether any element (along `dim`) is nonzero. */
  any(dim?: number | null, keepdim = false): Tensor { return statistics.any(this, dim, keepdim); }
  /** The number of nonzero elements (over `dim`), int32. */
  countNonzero(dim?: statistics.Dims): Tensor { return statistics.countNonzero(this, dim); }
  /** Sum treating NaN as 0. */
  nansum(dim?: statistics.Dims, keepdim = false): Tensor { return statistics.nansum(this, dim, keepdim); }
  /** Mean of the values that are not NaN. */
  nanmean(dim?: statistics.Dims, keepdim = false): Tensor { return statistics.nanmean(this, dim, keepdim); }
  /** Running sums along `dim`. */
  cumsum(dim: number): Tensor { return scan.cumsum(this, dim); }
  /** Running products along `dim`. */
  cumprod(dim: number): Tensor { return scan.cumprod(this, dim); }
  /** Sorts along `dim`: `{values, indices}` (stable; NaN largest). */
  sort(dim = -1, descending = false, stable = false): reduce.ValuesIndices { return sorting.sort(this, dim, descending, stable); }
  /** The indices that sort along `dim`. */
  argsort(dim = -1, descending = false, stable = false): Tensor { return sorting.argsort(this, dim, descending, stable); }
  /** The k largest (or smallest) along `dim`: `{values, indices}`. */
  topk(k: number, dim = -1, largest = true, sorted = true): reduce.ValuesIndices { return sorting.topk(this, k, dim, largest, sorted); }
  /** The k-th smallest along `dim` (k from 1): `{values, indices}`. */
  kthvalue(k: number, dim = -1, keepdim = false): reduce.ValuesIndices { return sorting.kthvalue(this, k, dim, keepdim); }
  /** The lower median of all elements; along `dim`, `{values, indices}`. */
  median(): Tensor;
  median(dim: number, keepdim?: boolean): reduce.ValuesIndices;
  median(dim?: number, keepdim = false): Tensor | reduce.ValuesIndices {
    return dim === undefined ? sorting.median(this) : sorting.median(this, dim, keepdim);
  }
  /** The most frequent value along `dim` and the index of its last occurrence. */
  mode(dim = -1, keepdim = false): reduce.ValuesIndices { return sorting.mode(this, dim, keepdim); }
  /** The distinct values (ascending); `{values, inverseIndices, counts}` when either flag is set. */
  unique(sorted?: boolean, returnInverse?: false, returnCounts?: false, dim?: number | null): Tensor;
  unique(sorted: boolean, returnInverse: boolean, returnCounts: boolean, dim?: number | null): sorting.UniqueResult;
  unique(sorted = true, returnInverse = false, returnCounts = false, dim: number | null = null): Tensor | sorting.UniqueResult {
    return sorting.unique(this, sorted, returnInverse, returnCounts, dim);
  }

  // ---- linear algebra ----
  /** Matrix product with PyTorch's `matmul` rules (1-D, 2-D and broadcast batches). */
  matmul(other: Tensor): Tensor { return matmul(this, other); }

  // ---- products: mm, bmm, dot, outer, addmm, einsum ----
  /** Product of two matrices (2-D only), like `torch.mm`. */
  mm(mat2: Tensor): Tensor { return linalg.mm(this, mat2); }
  /** Batched product of `[b, n, m]` and `[b, m, p]` (3-D only), like `torch.bmm`. */
  bmm(mat2: Tensor): Tensor { return linalg.bmm(this, mat2); }
  /** Dot product of two 1-D tensors of the same size. */
  dot(other: Tensor): Tensor { return linalg.dot(this, other); }
  /** Outer product of two 1-D tensors, `[n] x [m] -> [n, m]`. */
  outer(vec2: Tensor): Tensor { return linalg.outer(this, vec2); }
  /** Matrix `[n, m]` times vector `[m]`. */
  mv(vec: Tensor): Tensor { return linalg.mv(this, vec); }
  /** `beta * this + alpha * (mat1 @ mat2)`. */
  addmm(mat1: Tensor, mat2: Tensor, options: linalg.ScaleOptions = {}): Tensor { return linalg.addmm(this, mat1, mat2, options); }
  /** `beta * this + alpha * bmm(batch1, batch2)`. */
  baddbmm(batch1: Tensor, batch2: Tensor, options: linalg.ScaleOptions = {}): Tensor { return linalg.baddbmm(this, batch1, batch2, options); }
  /** Sum of the main diagonal of a matrix. */
  trace(): Tensor { return linalg.trace(this); }
  /** Kronecker product with `other`. */
  kron(other: Tensor): Tensor { return linalg.kron(this, other); }

  // ---- shape ----
  /** Same data, new shape (one size may be -1). */
  reshape(...shape: (number | readonly number[])[]): Tensor { return shapeOps.reshape(this, shapeOps.shapeFromArgs(shape, "reshape")); }
  /** Same as `reshape` (storage here is always contiguous). */
  view(...shape: (number | readonly number[])[]): Tensor { return shapeOps.reshape(this, shapeOps.shapeFromArgs(shape, "view"), "view"); }
  /** Swaps two dimensions. */
  transpose(dim0: number, dim1: number): Tensor { return shapeOps.transpose(this, dim0, dim1); }
  /** Transpose of a matrix (`transpose(0, 1)`; 0-d and 1-d tensors are returned as they are). */
  t(): Tensor { return this.dim() < 2 ? this : shapeOps.transpose(this, 0, 1); }
  /** Reorders dimensions. */
  permute(...dims: (number | readonly number[])[]): Tensor { return shapeOps.permute(this, shapeOps.shapeFromArgs(dims, "permute")); }
  /** Flattens dimensions `startDim..endDim` into one. */
  flatten(startDim = 0, endDim = -1): Tensor { return shapeOps.flatten(this, startDim, endDim); }
  /** Inserts a dimension of size 1 at `dim`. */
  unsqueeze(dim: number): Tensor { return shapeOps.unsqueeze(this, dim); }
  /** Removes dimensions of size 1 (all, or just `dim`). */
  squeeze(dim?: number): Tensor { return shapeOps.squeeze(this, dim); }
  /** Broadcasts to a larger shape (-1 keeps a size). */
  expand(...shape: (number | readonly number[])[]): Tensor { return shapeOps.expand(this, shapeOps.shapeFromArgs(shape, "expand")); }
  /** The slice `start..start+length` along `dim`, like `torch.narrow` (`x[:10]` is `x.narrow(0, 0, 10)`). */
  narrow(dim: number, start: number, length: number): Tensor { return shapeOps.narrow(this, dim, start, length); }
  /** The slice at `index` along `dim`, dropping that dimension (`x[i]` is `x.select(0, i)`). */
  select(dim: number, index: number): Tensor { return shapeOps.select(this, dim, index); }
  /** Picks values along `dim` at `index` (int32, same rank), like `torch.gather`. */
  gather(dim: number, index: Tensor): Tensor { return indexing.gather(this, dim, index); }
  /** Picks whole slices along `dim` at the int32 indices of a 1-D `index`, like `torch.index_select`. */
  indexSelect(dim: number, index: Tensor): Tensor { return indexing.indexSelect(this, dim, index); }

  // ---- repeating, flipping, splitting, triangles and diagonals ----
  /** Repeats along each dimension (`sizes` as numbers or one array, at least `dim()` of them), like `torch.Tensor.repeat`. */
  repeat(...sizes: (number | readonly number[])[]): Tensor { return shapeOps.repeat(this, shapeOps.shapeFromArgs(sizes, "repeat")); }
  /** Like `repeat`, padding fewer `dims` with leading 1s, like `torch.tile`. */
  tile(...dims: (number | readonly number[])[]): Tensor { return shapeOps.tile(this, shapeOps.shapeFromArgs(dims, "tile")); }
  /** Reverses the order of elements along `dims`. */
  flip(...dims: (number | readonly number[])[]): Tensor { return shapeOps.flip(this, shapeOps.shapeFromArgs(dims, "flip")); }
  /** Rolls elements along `dims` by `shifts` (the flattened tensor without dims). */
  roll(shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor { return shapeOps.roll(this, shifts, dims); }
  /** Splits into `chunks` pieces along `dim` (copies). */
  chunk(chunks: number, dim = 0): Tensor[] { return shapeOps.chunk(this, chunks, dim); }
  /** Splits into pieces of a size, or of the given sizes, along `dim` (copies). */
  split(splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] { return shapeOps.split(this, splitSizeOrSections, dim); }
  /** The slices along `dim`, each without that dimension. */
  unbind(dim = 0): Tensor[] { return shapeOps.unbind(this, dim); }
  /** Lower triangle of the last two dims (`j - i <= diagonal`), zeros elsewhere. */
  tril(diagonal = 0): Tensor { return shapeOps.tril(this, diagonal); }
  /** Upper triangle of the last two dims (`j - i >= diagonal`), zeros elsewhere. */
  triu(diagonal = 0): Tensor { return shapeOps.triu(this, diagonal); }
  /** 1-D: a matrix with this on diagonal `diagonal`; 2-D: that diagonal as a vector. */
  diag(diagonal = 0): Tensor { return shapeOps.diag(this, diagonal); }
  /** Diagonal `offset` of the planes spanned by `dim1` and `dim2`, as the last dimension (a copy). */
  diagonal(offset = 0, dim1 = 0, dim2 = 1): Tensor { return shapeOps.diagonal(this, offset, dim1, dim2); }
  /** The last dimension put on the diagonal of new `dim1` x `dim2` planes. */
  diagEmbed(offset = 0, dim1 = -2, dim2 = -1): Tensor { return shapeOps.diagEmbed(this, offset, dim1, dim2); }
  /** Moves dims `source` to positions `destination`. */
  movedim(source: number | readonly number[], destination: number | readonly number[]): Tensor { return shapeOps.movedim(this, source, destination); }
  /** Same as `movedim`. */
  moveaxis(source: number | readonly number[], destination: number | readonly number[]): Tensor { return shapeOps.movedim(this, source, destination); }
  /** Same as `transpose`. */
  swapaxes(axis0: number, axis1: number): Tensor { return shapeOps.transpose(this, axis0, axis1); }
  /** Same as `transpose`. */
  swapdims(dim0: number, dim1: number): Tensor { return shapeOps.transpose(this, dim0, dim1); }
  /** All dims reversed (`permute(n-1, ..., 0)`), like `torch.Tensor.T`; 0-d and 1-d tensors are returned as they are. */
  get T(): Tensor { return this.dim() < 2 ? this : shapeOps.permute(this, this.shape.map((_, i) => this.dim() - 1 - i)); }
  /** The last two dims swapped (a batch of matrices transposed), like `torch.Tensor.mT`. */
  get mT(): Tensor {
    if (this.dim() < 2) throw new Error(`mT: only supported on matrices or batches of matrices, got a ${this.dim()}-D tensor`);
    return shapeOps.transpose(this, -2, -1);
  }
  /** This tensor itself: storage here is always contiguous (transpose, permute and expand copy). */
  contiguous(): Tensor { return this; }
  /** Splits dimension `dim` into `sizes` (one may be -1). */
  unflatten(dim: number, sizes: readonly number[]): Tensor { return shapeOps.unflatten(this, dim, sizes); }
  /** Broadcasts to the shape of `other`. */
  expandAs(other: Tensor): Tensor { return shapeOps.expand(this, other.shape); }
  /** Same data in the shape of `other`. */
  viewAs(other: Tensor): Tensor { return shapeOps.reshape(this, other.shape, "viewAs"); }
  /** Same data in the shape of `other`. */
  reshapeAs(other: Tensor): Tensor { return shapeOps.reshape(this, other.shape, "reshapeAs"); }
  /** Reverses the columns (dim 1). */
  fliplr(): Tensor { return shapeOps.fliplr(this); }
  /** Reverses the rows (dim 0). */
  flipud(): Tensor { return shapeOps.flipud(this); }
  /** Rotates by 90° `k` times in the plane of `dims` (default [0, 1]). */
  rot90(k = 1, dims: readonly number[] = [0, 1]): Tensor { return shapeOps.rot90(this, k, dims); }

  // ---- in-place (recorded in the graph like PyTorch's; refused on leaves that require grad in grad mode) ----
  /** Fills with zeros. */
  zero_(): this { return inplace.fill_(this, 0, "zero_"); }
  /** Fills with `value`. */
  fill_(value: number): this { return inplace.fill_(this, value, "fill_"); }
  /** `this += other` in place. */
  add_(other: TensorLike): this { return inplace.binary_(this, other, "add"); }
  /** `this -= other` in place. */
  sub_(other: TensorLike): this { return inplace.binary_(this, other, "sub"); }
  /** `this *= other` in place. */
  mul_(other: TensorLike): this { return inplace.binary_(this, other, "mul"); }
  /** `this /= other` in place. */
  div_(other: TensorLike): this { return inplace.binary_(this, other, "div"); }
  /** Copies `source` (broadcast) into this tensor's data. */
  copy_(source: Tensor): this { return inplace.copy_(this, source); }
  /** Clamps in place. */
  clamp_(min?: number | null, max?: number | null): this { return inplace.clamp_(this, min, max); }

  // ---- in-place activations and random fills ----
  /** `max(0, this)` in place (recorded on non-leaves; the gradient reads the result). */
  relu_(): this { return inplace.activation_(this, "relu"); }
  /** `1 / (1 + exp(-this))` in place. */
  sigmoid_(): this { return inplace.activation_(this, "sigmoid"); }
  /** Hyperbolic tangent in place. */
  tanh_(): this { return inplace.activation_(this, "tanh"); }
  /** `-this` in place. */
  neg_(): this { return inplace.neg_(this); }
  /** `this ** exponent` in place (a number exponent). */
  pow_(exponent: number): this { return inplace.pow_(this, exponent); }
  /** Fills with samples of N(mean, std²) (seeded by `manualSeed`), like `normal_`. */
  normal_(mean = 0, std = 1): this { return inplace.normal_(this, mean, std); }
  /** Fills with samples of U[from, to) (seeded by `manualSeed`), like `uniform_`. */
  uniform_(from = 0, to = 1): this { return inplace.uniform_(this, from, to); }
  /** Fills with exponential samples of rate `lambd`, like `exponential_`. */
  exponential_(lambd = 1): this { return inplace.exponential_(this, lambd); }
  /** Fills with 1 (probability p) or 0, like `bernoulli_(p)`. */
  bernoulli_(p = 0.5): this { return inplace.bernoulli_(this, p); }
  /** How many in-place writes this tensor's storage has had (shared by its views), PyTorch's `_version`. */
  get version(): number { return versionOf(this.data); }

  // ---- indexing ----
  /**
   * PyTorch's `x[...]`: each spec an integer, a slice string (`":"`, `"1:3"`, `"::2"`, `"-1:"`), `"..."`,
   * `null` (new axis), an int32 index tensor or integer array, or a bool mask; always a copy.
   * `x[:, 0]` is `x.index(":", 0)`; `x[mask]` is `x.index(mask)`.
   */
  index(...specs: IndexSpec[]): Tensor { return indexing.index(this, ...specs); }
  /** PyTorch's `x[specs] = value` (or `+=` with `{accumulate: true}`), in place. */
  indexPut_(specs: readonly IndexSpec[], value: Tensor | number, options: indexing.IndexPutOptions = {}): this { return indexing.indexPut_(this, specs, value, options); }
  /** `value` where the bool `mask` (broadcast) is true, like `masked_fill`. */
  maskedFill(mask: Tensor, value: Tensor | number): Tensor { return indexing.maskedFill(this, mask, value); }
  /** `maskedFill` in place. */
  maskedFill_(mask: Tensor, value: Tensor | number): this { return indexing.maskedFill_(this, mask, value); }
  /** The values where the bool `mask` is true, 1-D, like `masked_select`. */
  maskedSelect(mask: Tensor): Tensor { return indexing.maskedSelect(this, mask); }
  /** `src` (tensor or number) written along `dim` at `index`, like `scatter` (`{reduce}`: "add" / "multiply"). */
  scatter(dim: number, index: Tensor, src: Tensor | number, options: indexing.ScatterOptions = {}): Tensor { return indexing.scatter(this, dim, index, src, options); }
  /** `scatter` in place. */
  scatter_(dim: number, index: Tensor, src: Tensor | number, options: indexing.ScatterOptions = {}): this { return indexing.scatter_(this, dim, index, src, options); }
  /** src added along `dim` at `index` (repeats add up), like `scatter_add`. */
  scatterAdd(dim: number, index: Tensor, src: Tensor): Tensor { return indexing.scatterAdd(this, dim, index, src); }
  /** `scatterAdd` in place. */
  scatterAdd_(dim: number, index: Tensor, src: Tensor): this { return indexing.scatterAdd_(this, dim, index, src); }
  /** `alpha · source` slices added along `dim` at the 1-D `index`, like `index_add`. */
  indexAdd(dim: number, index: Tensor, source: Tensor, options: indexing.IndexAddOptions = {}): Tensor { return indexing.indexAdd(this, dim, index, source, options); }
  /** Values at flat positions `index`, like `take`. */
  take(index: Tensor): Tensor { return indexing.take(this, index); }
  /** Indices of the non-zero elements, int32 [n, ndim] (or one 1-D tensor per dim with `{asTuple: true}`). */
  nonzero(options: { asTuple: true }): Tensor[];
  nonzero(options?: indexing.NonzeroOptions): Tensor;
  nonzero(options: indexing.NonzeroOptions = {}): Tensor | Tensor[] { return indexing.nonzero(this, options); }

  /** PyTorch-style printout: `tensor([1.0000, 2.0000], requiresGrad=true)`. */
  toString(): string {
    const body = formatValues(this.data, this.shape, this.dtype);
    const extras: string[] = [];
    if (this.numel() === 0 && this.dim() !== 1) extras.push(`size=(${this.shape.join(", ")})`);
    // PyTorch names a bool tensor's dtype only when it is empty (there are no values to show it)
    if (this.dtype !== "float32" && (this.dtype !== "bool" || this.numel() === 0)) extras.push(`dtype=${this.dtype}`);
    if (this.gradFn !== null) extras.push(`gradFn=<${this.gradFn.name}Backward>`);
    else if (this.requiresGrad) extras.push("requiresGrad=true");
    return `tensor(${body}${extras.length > 0 ? ", " + extras.join(", ") : ""})`;
  }

  /** Lets `console.log(t)` print like PyTorch. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}

function dataOfOnes(dtype: DType, n: number): TypedArray {
  const d = dtype === "float64" ? new Float64Array(n) : dtype === "int32" ? new Int32Array(n) : new Float32Array(n);
  d.fill(1);
  return d;
}

/** True when ops on `inputs` would be recorded now. */
export function wouldRecord(...inputs: Tensor[]): boolean {
  return isGradEnabled() && inputs.some((t) => t.requiresGrad);
}
