import { Tensor } from "../../tensor/tensor.ts";
import { broadcastShapes, normalizeDim, sameShape } from "../../tensor/shape.ts";
import { record } from "../../autograd/node.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { sign } from "../../ops/unary.ts";
import { zerosLike } from "../../tensor/creation.ts";
import { where } from "../../ops/where.ts";
import { checkTensorInput } from "../_checks.ts";

/*
 * nn.functional's distances, like torch.nn.functional's `normalize`, `cosine_similarity` and
 * `pairwise_distance`. All three rest on one vector p-norm along a dimension whose backward is
 * PyTorch's `norm_backward` (0 where the norm is 0, ties of the max norm sharing the gradient).
 */

/** A norm degree: a positive number, 0 (count of non-zeros) or +-Infinity (max / min of |x|). */
function checkP(op: string, p: number): number {
  if (typeof p !== "number" || Number.isNaN(p)) throw new Error(`${op}: p must be a number, got ${String(p)}`);
  return p;
}

/**
 * `(sum |x|^p)^(1/p)` along `dim` (max |x| for p = inf, min for -inf, the count of non-zeros for 0),
 * with PyTorch's gradient. `clampMin` raises the result to at least that value outside the graph (the
 * saved norm is the clamped one, as after PyTorch's in-place `clamp_min_` under no_grad).
 */
function vectorNorm(x: Tensor, p: number, dim: number, keepdim: boolean, clampMin?: number): Tensor {
  const out = noGrad(() => {
    const a = x.abs();
    let n: Tensor;
    if (p === Infinity) n = a.max(dim, keepdim).values;
    else if (p === -Infinity) n = a.min(dim, keepdim).values;
    else if (p === 0) n = x.ne(0).to(x.dtype).sum(dim, keepdim);
    else if (p === 1) n = a.sum(dim, keepdim);
    else if (p === 2) n = x.mul(x).sum(dim, keepdim).sqrt();
    else n = a.pow(p).sum(dim, keepdim).pow(1 / p);
    return clampMin === undefined ? n : n.clamp(clampMin);
  });
  return record(out, "Norm", [x], (g) => {
    const n = keepdim ? out : out.unsqueeze(dim);
    const gk = keepdim ? g : g.unsqueeze(dim);
    // d |x|_0/dx = 0; d |x|_1/dx = sign x; d |x|_inf/dx = sign x on the maxima, shared among ties
    if (p === 0) return [zerosLike(x)];
    if (p === 1) return [sign(x).mul(gk)];
    if (p === Infinity || p === -Infinity) {
      const hit = x.abs().eq(n).to(x.dtype);
      return [sign(x).mul(hit).mul(gk.div(hit.sum(dim, true)))];
    }
    // d |x|_p/dx = sign(x) |x|^(p-1) / |x|_p^(p-1); for p < 1 written as ... * |x|_p^(1-p), 0 where x = 0
    if (p < 1) return [where(x.eq(0), 0, sign(x).mul(x.abs().pow(p - 1))).mul(gk.mul(n.pow(1 - p)))];
    // elsewhere 0 where the norm is 0
    const scale = where(n.eq(0), 0, gk.div(p === 2 ? n : n.pow(p - 1)));
    const scaled = p === 2 ? x : p < 2 ? sign(x).mul(x.abs().pow(p - 1)) : x.mul(x.abs().pow(p - 2));
    return [scaled.mul(scale)];
  });
}

/** Options of `normalize`. */
export interface NormalizeOptions {
  /** The norm degree (default 2). */
  p?: number;
  /** The dimension to normalise (default 1). */
  dim?: number;
  /** Lower bound of the norm, against division by zero (default 1e-12). */
  eps?: number;
}

/**
 * Divides by the p-norm along `dim`, like `F.normalize`: `x / max(|x|_p, eps)`. Defaults p 2, dim 1,
 * eps 1e-12. Any shape with that dimension.
 * @example F.normalize(bp.tensor([[3, 4]])); // tensor([[0.6000, 0.8000]])
 */
export function normalize(input: Tensor, options: NormalizeOptions = {}): Tensor {
  checkTensorInput("normalize", input);
  const op = "normalize";
  const p = checkP(op, options.p ?? 2);
  const dim = normalizeDim(op, options.dim ?? 1, input.dim());
  // d/dx through the norm (where |x|_p > eps) and the division
  return input.div(vectorNorm(input, p, dim, true).clamp(options.eps ?? 1e-12));
}

/** Options of `cosineSimilarity` / `CosineSimilarity`. */
export interface CosineSimilarityOptions {
  /** The dimension holding the vectors (default 1). */
  dim?: number;
  /** Lower bound of each norm (default 1e-8). */
  eps?: number;
}

/**
 * Cosine of the angle between x1 and x2 along `dim`, like `F.cosine_similarity`:
 * `sum(x1 / max(|x1|, eps) * x2 / max(|x2|, eps))` over `dim` (PyTorch 1.13's form; the clamp is
 * outside the graph). x1 and x2 broadcast together; the result drops `dim`. Defaults dim 1, eps 1e-8.
 * @example F.cosineSimilarity(bp.tensor([[1, 0]]), bp.tensor([[1, 1]])); // tensor([0.7071])
 */
export function cosineSimilarity(x1: Tensor, x2: Tensor, options: CosineSimilarityOptions = {}): Tensor {
  checkTensorInput("cosineSimilarity", x1, "x1");
  checkTensorInput("cosineSimilarity", x2, "x2");
  const op = "cosineSimilarity";
  const eps = options.eps ?? 1e-8;
  const shape = broadcastShapes(op, x1.shape, x2.shape);
  const a = sameShape(x1.shape, shape) ? x1 : x1.expand(shape);
  const b = sameShape(x2.shape, shape) ? x2 : x2.expand(shape);
  const dim = normalizeDim(op, options.dim ?? 1, shape.length);
  return a.div(vectorNorm(a, 2, dim, true, eps)).mul(b.div(vectorNorm(b, 2, dim, true, eps))).sum(dim);
}

/** Options of `pairwiseDistance` / `PairwiseDistance`. */
export interface PairwiseDistanceOptions {
  /** The norm degree (default 2). */
  p?: number;
  /** Added to the difference, against a zero norm (default 1e-6). */
  eps?: number;
  /** Keep the last dimension, of size 1 (default false). */
  keepdim?: boolean;
}

/**
 * p-norm distance between the rows of x1 and x2, like `F.pairwise_distance`: `|x1 - x2 + eps|_p`
 * along the last dimension of the broadcast shape. `[N, D]` and `[N, D]` (or `[D]`) give `[N]`.
 * Defaults p 2, eps 1e-6, keepdim false.
 * @example F.pairwiseDistance(bp.tensor([[0, 0]]), bp.tensor([[3, 4]]), { eps: 0 }); // tensor([5.])
 */
export function pairwiseDistance(x1: Tensor, x2: Tensor, options: PairwiseDistanceOptions = {}): Tensor {
  checkTensorInput("pairwiseDistance", x1, "x1");
  checkTensorInput("pairwiseDistance", x2, "x2");
  const op = "pairwiseDistance";
  const p = checkP(op, options.p ?? 2);
  const ndim = Math.max(x1.dim(), x2.dim());
  if (ndim === 0) throw new Error(`${op}: expected inputs with at least 1 dimension, got two scalars`);
  return vectorNorm(x1.sub(x2).add(options.eps ?? 1e-6), p, ndim - 1, options.keepdim ?? false);
}
