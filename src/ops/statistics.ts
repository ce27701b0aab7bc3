import { isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { formatShape } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { reduceKept, reducedDims as dimsOf, reducedShape as shapeWithout, sum } from "./reduce.ts";
import { sign } from "./unary.ts";
import { where } from "./where.ts";
import { checkTensorArg } from "./operands.ts";

/*
 * Statistics over dimensions: var / std, prod, logsumexp, vector norms, amax / amin, all / any. Each
 * reduces with the backend's reduce kernel (directly or through sum) and records PyTorch 1.13's
 * gradient formula; `dim` is a number or a list (all dimensions when omitted, null or empty).
 */

/** Dimensions to reduce: a number, a list, or null / undefined / [] for all of them. */
export type Dims = number | readonly number[] | null | undefined;

/** The number of elements reduced over `dims`. */
function countOf(x: Tensor, dims: readonly number[]): number {
  return dims.reduce((n, d) => n * x.shape[d], 1);
}

function requireFloat(op: string, x: Tensor): void {
  if (!isFloating(x.dtype)) throw new Error(`${op}: needs a floating point tensor, got ${x.dtype}`);
}

/** Options of `var` / `std`. */
export interface VarOptions {
  /** Subtracted from the count in the divisor: 1 is Bessel's (unbiased) estimate, 0 the population one. Default 1. */
  correction?: number;
}

/** The correction from `unbiased` or `{correction}` (not both), PyTorch 1.13's rule. */
function correctionOf(op: string, unbiased: boolean | null | undefined, options: VarOptions): number {
  if (options.correction !== undefined && unbiased !== undefined && unbiased !== null) {
    throw new Error(`${op}: give unbiased or correction, not both`);
  }
  if (options.correction !== undefined) {
    if (!Number.isInteger(options.correction)) throw new Error(`${op}: correction must be an integer, got ${options.correction}`);
    return options.correction;
  }
  return unbiased === false ? 0 : 1;
}

/** The sum of squared deviations over dims and what var needs for its gradient. */
function deviations(op: string, x: Tensor, dim: Dims | boolean, unbiased: boolean | null | undefined, options: VarOptions) {
  requireFloat(op, x);
  // var(x, unbiased) as torch.var(input, unbiased): a boolean first argument is `unbiased`
  const [d, u] = typeof dim === "boolean" ? [null, dim] : [dim, unbiased];
  const dims = dimsOf(op, x, d);
  const correction = correctionOf(op, u, options);
  const n = countOf(x, dims);
  const x0 = x.detach();
  const dev = x0.sub(sum(x0, dims, true).div(n));
  const divisor = Math.max(0, n - correction);
  return { dims, dev, divisor, ss: sum(dev.mul(dev), dims, true) };
}

/**
 * Variance over `dim`: `Σ (x - mean)² / (N - correction)`, with correction 1 (`unbiased`, the
 * default) or 0, or any `{correction}`; NaN or inf where `N <= correction`, as PyTorch. Arguments in
 * PyTorch's order `(dim, unbiased, keepdim)`; `x.var(false)` is `torch.var(x, False)`.
 * @example bp.tensor([1, 2, 3, 4]).var(); // tensor(1.6667)
 */
export function variance(x: Tensor, dim?: Dims | boolean, unbiased?: boolean | null, keepdim = false, options: VarOptions = {}): Tensor {
  checkTensorArg("var", x);
  const { dims, dev, divisor, ss } = deviations("var", x, dim, unbiased, options);
  const kept = ss.div(divisor);
  const out = kept.reshape(shapeWithout(x.shape, dims, keepdim));
  // d var/dx = 2 (x - mean) / (N - correction)
  return record(out, "Var", [x], (g) => [g.reshape(kept.shape).mul(dev).mul(2 / divisor)]);
}

/**
 * Standard deviation over `dim`, `sqrt(var)`, with var's arguments. The gradient is 0 where the
 * result is 0, as PyTorch.
 * @example bp.tensor([1, 2, 3, 4]).std(); // tensor(1.2910)
 */
export function std(x: Tensor, dim?: Dims | boolean, unbiased?: boolean | null, keepdim = false, options: VarOptions = {}): Tensor {
  checkTensorArg("std", x);
  const { dims, dev, divisor, ss } = deviations("std", x, dim, unbiased, options);
  const kept = ss.div(divisor).sqrt();
  const out = kept.reshape(shapeWithout(x.shape, dims, keepdim));
  // d std/dx = (x - mean) / ((N - correction) std), taken as 0 where std is 0
  return record(out, "Std", [x], (g) => {
    const scale = where(kept.eq(0), 0, g.reshape(kept.shape).div(kept.mul(2)));
    return [scale.mul(dev).mul(2 / divisor)];
  });
}

/**
 * Product of all elements, or along `dim` (one dimension, as `torch.prod`). int32 stays int32. The
 * gradient is exact with zeros (the product of the other elements).
 * @example bp.tensor([[1, 2], [3, 4]]).prod(1); // tensor([ 2., 12.])
 */
export function prod(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkTensorArg("prod", x);
  const dims = dimsOf("prod", x, dim);
  const kept = reduceKept("prod", x, dims);
  const out = new Tensor(kept.data, shapeWithout(x.shape, dims, keepdim));
  // d prod/dx_i = prod / x_i, or where x_i = 0 the product of the others (0 if another is also 0)
  return record(out, "Prod", [x], (g) => {
    const x0 = x.detach();
    const zero = x0.eq(0);
    const others = reduceKept("prod", where(zero, 1, x0), dims);
    const single = reduceKept("sum", zero.to("int32"), dims).eq(1);
    const local = where(zero, where(single, others, 0), kept.div(x0));
    return [g.reshape(kept.shape).mul(local)];
  });
}

/**
 * `log Σ exp(x)` over `dim`, computed with the max subtracted (never overflows), like `torch.logsumexp`.
 * @example bp.tensor([0, 0]).logsumexp(0); // tensor(0.6931)
 */
export function logsumexp(x: Tensor, dim: number | readonly number[], keepdim = false): Tensor {
  checkTensorArg("logsumexp", x);
  const x0 = x.dtype === "int32" ? x.to("float32") : x.detach();
  const dims = dimsOf("logsumexp", x0, dim);
  if (x0.numel() === 0) return sum(x0, dims, keepdim).log();
  const m = reduceKept("max", x0, dims);
  const shift = where(m.abs().eq(Infinity), 0, m); // an infinite max is not subtracted, as PyTorch
  const kept = sum(x0.sub(shift).exp(), dims, true).log().add(shift);
  const out = kept.reshape(shapeWithout(x.shape, dims, keepdim));
  // d lse/dx = exp(x - lse) (the softmax)
  return record(out, "Logsumexp", [x], (g) => [g.reshape(kept.shape).mul(x0.sub(kept).exp())]);
}

/** amax / amin: values and the even split of the gradient among ties. */
function extreme(op: "max" | "min", x: Tensor, dim: Dims, keepdim: boolean): Tensor {
  const name = op === "max" ? "amax" : "amin";
  const dims = dimsOf(name, x, dim);
  for (const d of dims) {
    if (x.shape[d] === 0) throw new Error(`${name}: cannot reduce dimension ${d} of size 0 (shape ${formatShape(x.shape)})`);
  }
  const kept = reduceKept(op, x, dims);
  const out = new Tensor(kept.data, shapeWithout(x.shape, dims, keepdim));
  // d amax/dx_i = 1/k at the k elements equal to the max, 0 elsewhere
  return record(out, op === "max" ? "Amax" : "Amin", [x], (g) => {
    const mask = x.detach().eq(kept);
    return [g.reshape(kept.shape).div(sum(mask, dims, true)).mul(mask)];
  });
}

/**
 * Max over `dim` (a number or a list; all when omitted), values only: ties share the gradient evenly,
 * NaN propagates. @example bp.tensor([[1, 5], [7, 2]]).amax(1); // tensor([5., 7.])
 */
export function amax(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkTensorArg("amax", x);
  return extreme("max", x, dim, keepdim);
}

/** Min over `dim`, values only, like `torch.amin`. @example bp.tensor([[1, 5], [7, 2]]).amin(1); // tensor([1., 2.]) */
export function amin(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkTensorArg("amin", x);
  return extreme("min", x, dim, keepdim);
}

/** all / any as min / max of `x != 0`, in the comparison's dtype (bool). */
function logical(op: "all" | "any", x: Tensor, dim: number | null | undefined, keepdim: boolean): Tensor {
  const dims = dimsOf(op, x, dim);
  const nonzero = x.ne(0); // NaN is true, as in PyTorch
  const kept = reduceKept(op === "all" ? "min" : "max", nonzero, dims);
  if (dims.some((d) => x.shape[d] === 0)) kept.data.fill(op === "all" ? 1 : 0);
  return new Tensor(kept.data, shapeWithout(x.shape, dims, keepdim));
}

/** Whether every element (along `dim`) is nonzero. No gradient. @example bp.tensor([1, 0]).all(); // false */
export function all(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkTensorArg("all", x);
  return logical("all", x, dim, keepdim);
}

/** Whether any element (along `dim`) is nonzero. No gradient. @example bp.tensor([1, 0]).any(); // true */
export function any(x: Tensor, dim?: number | null, keepdim = false): Tensor {
  checkTensorArg("any", x);
  return logical("any", x, dim, keepdim);
}

/** The order p of a vector norm: a number (±Infinity included) or "fro" (2). */
export type NormOrder = number | "fro";

/**
 * The vector p-norm over `dim` (all elements when omitted), `(Σ |x|^p)^(1/p)`, like `torch.norm` /
 * `torch.linalg.vector_norm`: p = 2 (default) or "fro", 1, Infinity (max |x|), -Infinity (min |x|),
 * 0 (the count of nonzeros), or any other number. Gradients as PyTorch's (0 where the norm is 0).
 * @example bp.tensor([3, 4]).norm(); // tensor(5.)
 */
export function norm(x: Tensor, p: NormOrder = 2, dim?: Dims, keepdim = false): Tensor {
  checkTensorArg("norm", x);
  requireFloat("norm", x);
  const order = p === "fro" ? 2 : p;
  if (typeof order !== "number" || Number.isNaN(order)) throw new Error(`norm: p must be a number or "fro", got ${String(p)}`);
  const dims = dimsOf("norm", x, dim);
  const x0 = x.detach();
  const ax = x0.abs();
  let kept: Tensor;
  if (order === Infinity || order === -Infinity) kept = reduceKept(order > 0 ? "max" : "min", ax, dims);
  else if (order === 0) kept = sum(ax.ne(0).to(x.dtype), dims, true);
  else if (order === 1) kept = sum(ax, dims, true);
  else if (order === 2) kept = sum(x0.mul(x0), dims, true).sqrt();
  else kept = sum(ax.pow(order), dims, true).pow(1 / order);
  const out = new Tensor(kept.data, shapeWithout(x.shape, dims, keepdim));
  return record(out, "Norm", [x], (gOut) => {
    const g = gOut.reshape(kept.shape);
    const sgn = sign(x0);
    if (order === 0) return [null]; // d (count)/dx = 0: no gradient reaches x, as in PyTorch
    // d ||x||_1/dx = sign x
    if (order === 1) return [sgn.mul(g)];
    // d ||x||_2/dx = x / ||x||, 0 where the norm is 0
    if (order === 2) return [x0.mul(where(kept.eq(0), 0, g.div(kept)))];
    if (!Number.isFinite(order)) {
      // d max|x|/dx = sign x / k at the k elements where |x| is the norm (or NaN), 0 elsewhere
      const mask = ax.eq(kept).add(ax.ne(ax)).ne(0);
      return [sgn.mul(g.div(sum(mask, dims, true)).mul(mask))];
    }
    // d ||x||_p/dx = sign x |x|^(p-1) / ||x||^(p-1)
    if (order < 1) return [where(x0.eq(0), 0, sgn.mul(ax.pow(order - 1))).mul(g).mul(kept.pow(1 - order))];
    const scaled = order < 2 ? sgn.mul(ax.pow(order - 1)) : x0.mul(ax.pow(order - 2));
    return [scaled.mul(where(kept.eq(0), 0, g.div(kept.pow(order - 1))))];
  });
}

/**
 * The number of nonzero elements (NaN counts), over `dim` (all when omitted), as int32, like
 * `torch.count_nonzero`. No gradient.
 * @example bp.tensor([[0, 1], [2, 0]]).countNonzero(0); // tensor([1, 1], dtype=int32)
 */
export function countNonzero(x: Tensor, dim?: Dims): Tensor {
  checkTensorArg("countNonzero", x);
  return sum(x.ne(0).to("int32"), dimsOf("countNonzero", x, dim));
}

/**
 * Sum over `dim` treating NaN as 0, like `torch.nansum`; the gradient is 0 at the NaNs.
 * @example bp.tensor([1, NaN, 2]).nansum(); // tensor(3.)
 */
export function nansum(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkTensorArg("nansum", x);
  const dims = dimsOf("nansum", x, dim);
  const x0 = x.detach();
  const kept = sum(where(x0.ne(x0), 0, x0), dims, true);
  const out = kept.reshape(shapeWithout(x.shape, dims, keepdim));
  // d nansum/dx = 1 where x is not NaN, else 0: PyTorch multiplies g by that mask (a NaN g stays NaN)
  return record(out, "Nansum", [x], (g) => [g.reshape(kept.shape).mul(x0.eq(x0))]);
}

/**
 * Mean over `dim` of the values that are not NaN, like `torch.nanmean` (NaN where all are NaN).
 * @example bp.tensor([1, NaN, 2]).nanmean(); // tensor(1.5000)
 */
export function nanmean(x: Tensor, dim?: Dims, keepdim = false): Tensor {
  checkTensorArg("nanmean", x);
  requireFloat("nanmean", x);
  const dims = dimsOf("nanmean", x, dim);
  // d nanmean/dx = 1/k at the k values that are not NaN, 0 at the NaNs
  return nansum(x, dims, keepdim).div(sum(x.eq(x).to(x.dtype), dims, keepdim));
}
