import { Tensor } from "../../tensor/tensor.ts";
import { allocate, isFloating } from "../../tensor/dtype.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { record } from "../../autograd/node.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { softmaxCrossEntropy } from "../../ops/softmax.ts";
import { checkKLDivReduction, checkLabelSmoothing, checkReduction, checkFloatInput, checkTensorInput } from "../_checks.ts";
import { where } from "../../ops/where.ts";
import { pairwiseDistance } from "./distance.ts";
import { type Reduction, checkSameShape, constantLike, floatDType, reduceLoss } from "./_common.ts";

/*
 * nn.functional's losses, like torch.nn.functional's. The modules in nn/loss.ts hold the options and
 * delegate here. Everything is composed of recorded ops, so gradients follow by the chain rule; the
 * two losses whose composed gradient would be wrong at an edge (BCE at p = 0 or 1, BCE-with-logits at
 * x = 0) record their own backward, matching PyTorch's formulas.
 */


/** Options of every loss: how to reduce. */
export interface LossOptions {
  /** `"none"`, `"mean"` (default) or `"sum"`. */
  reduction?: Reduction;
}

/**
 * Mean squared error, like `F.mse_loss`: `l_i = (x_i - y_i)^2`, then reduced (mean by default).
 * Input and target must have the same shape.
 * @example F.mseLoss(bp.tensor([0.5, -0.25, 0.75]), bp.tensor([1, 0.25, 0.25])); // tensor(0.2500)
 */
export function mseLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkSameShape("MSELoss", input, target);
  const d = input.sub(target);
  // d (x - y)^2/dx = 2 (x - y)
  return reduceLoss("MSELoss", d.mul(d), options.reduction);
}

/**
 * Mean absolute error, like `F.l1_loss`: `l_i = |x_i - y_i|`, then reduced (mean by default).
 * @example F.l1Loss(bp.tensor([0.5, -0.25, 0.75]), bp.tensor([1, 0.25, 0.25])); // tensor(0.5000)
 */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkSameShape("L1Loss", input, target);
  // d |x - y|/dx = sign(x - y) (0 where equal)
  return reduceLoss("L1Loss", input.sub(target).abs(), options.reduction);
}

/** Options of `nllLoss` / `NLLLoss`. */
export interface NLLLossOptions extends LossOptions {
  /** A rescaling weight per class, shape `[C]` (default none: all 1). */
  weight?: Tensor | null;
  /** Targets equal to this value contribute nothing, to the loss or to the mean's denominator (default -100). */
  ignoreIndex?: number;
}

/** Options of `crossEntropy` / `CrossEntropyLoss`. */
export interface CrossEntropyLossOptions extends NLLLossOptions {
  /** Mix the target with the uniform distribution: `(1 - s) onehot + s / C` (default 0). */
  labelSmoothing?: number;
}

/** Class count and the dimension holding the classes, for inputs `[C]` or `[N, C, d1, ...]`. */
function classDims(op: string, input: Tensor): { classDim: number; classes: number } {
  checkTensorInput(op, input);
  checkFloatInput(op, input);
  if (input.dim() === 0) throw new Error(`${op}: input must have at least 1 dimension ([C] or [N, C, ...]), got a scalar`);
  const classDim = input.dim() === 1 ? 0 : 1;
  return { classDim, classes: input.shape[classDim] };
}

function checkClassWeight(op: string, weight: Tensor | null | undefined, classes: number): void {
  if (weight === null || weight === undefined) return;
  checkTensorInput(op, weight, "weight");
  if (weight.dim() !== 1 || weight.numel() !== classes) {
    throw new Error(`${op}: weight should have one value per class (${classes} classes), got shape ${formatShape(weight.shape)}`);
  }
}

/**
 * Negative log-likelihood of class indices given log-probabilities, with class weights, ignored
 * targets and label smoothing, composed as PyTorch's `nll_loss` and `cross_entropy` compose it:
 * `nll_n = -w[y_n] logp[n, y_n]` picks the target's log-probability with `gather` (a -inf elsewhere
 * in the row never meets a zero coefficient); with smoothing s, `smooth_n = -sum_c w_c logp[n, c]` and
 * `l_n = (1 - s) nll_n + (s / C) smooth_n`. Ignored targets give exactly 0 (selected by `where`, not
 * multiplied by 0); `"mean"` divides by the summed weights of the non-ignored targets.
 */
function classIndexLoss(
  op: string,
  logp: Tensor,
  target: Tensor,
  options: CrossEntropyLossOptions,
): Tensor {
  const { classDim, classes: C } = classDims(op, logp);
  const reduction = checkReduction(op, options.reduction ?? "mean");
  const ignoreIndex = options.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new Error(`${op}: ignoreIndex must be an integer, got ${String(ignoreIndex).slice(0, 40)}`);
  const smoothing = checkLabelSmoothing(op, options.labelSmoothing ?? 0);
  const weight = options.weight ?? null;
  checkClassWeight(op, weight, C);
  checkTensorInput(op, target, "target");
  if (target.dtype !== "int32") {
    throw new Error(`${op}: class-index targets must be int32, got ${target.dtype} (convert them with target.int())`);
  }
  const expected = logp.dim() === 1 ? [] : [logp.shape[0], ...logp.shape.slice(2)];
  if (!sameShape(target.shape, expected)) {
    throw new Error(
      `${op}: expected target of shape ${formatShape(expected)} for input of shape ${formatShape(logp.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const dtype = floatDType(logp);
  const w = weight === null ? null : weight.data;
  // per target: the class to pick (0 stands in for an ignored one), whether it counts, its weight
  const picked = new Int32Array(target.numel());
  const counts = allocate(dtype, target.numel());
  const targetWeight = allocate(dtype, target.numel());
  let ignored = 0;
  let denominator = 0;
  for (let i = 0; i < picked.length; i++) {
    const y = target.data[i];
    if (y === ignoreIndex) {
      ignored++;
      continue;
    }
    if (y < 0 || y >= C) throw new Error(`${op}: target ${y} is out of bounds for ${C} classes`);
    picked[i] = y;
    counts[i] = 1;
    targetWeight[i] = w === null ? 1 : w[y];
    denominator += targetWeight[i];
  }
  const keep = new Tensor(counts, target.shape).ne(0);
  // ignored targets contribute an exact 0, whatever their row holds (-inf included)
  const masked = (l: Tensor): Tensor => (ignored === 0 ? l : where(keep, l, 0));
  // nll_n = -w[y_n] logp[n, y_n]; d nll_n/d logp[n, y_n] = -w[y_n]
  const gathered = logp.gather(classDim, new Tensor(picked, target.shape).unsqueeze(classDim)).squeeze(classDim);
  let loss = masked(gathered).mul(new Tensor(targetWeight, target.shape)).neg();
  if (smoothing > 0) {
    // smooth_n = -sum_c w_c logp[n, c] (inf when a class of a counted row is -inf, as in PyTorch)
    const wc = weight === null ? null : constantLike(op, "weight", weight, dtype);
    const byClass = wc === null ? logp : logp.mul(logp.dim() === 1 ? wc : wc.reshape([C, ...new Array<number>(logp.dim() - 2).fill(1)]));
    const smooth = masked(byClass.sum(classDim).neg());
    loss = loss.mul(1 - smoothing).add(smooth.mul(smoothing / C));
  }
  if (reduction === "none") return loss;
  const total = loss.sum();
  if (reduction === "sum") return total;
  // PyTorch's weighted mean; with every target ignored it is 0/0 = NaN, and no gradient reaches the input
  return denominator === 0 ? total.mul(0).add(NaN) : total.div(denominator);
}

/**
 * Negative log-likelihood loss, like `F.nll_loss`: input holds log-probabilities `[N, C]` (also `[C]`
 * unbatched and `[N, C, d1, ...]`), target int32 class indices `[N]` (`[]`, `[N, d1, ...]`):
 * `l_n = -w[y_n] x[n, y_n]`; `"mean"` divides the sum by `sum_n w[y_n]`; targets equal to
 * `ignoreIndex` (default -100) count for nothing.
 * @example F.nllLoss(F.logSoftmax(bp.randn(3, 5), 1), bp.tensor([1, 0, 4], { dtype: "int32" }));
 */
export function nllLoss(input: Tensor, target: Tensor, options: NLLLossOptions = {}): Tensor {
  return classIndexLoss("NLLLoss", input, target, { ...options, labelSmoothing: 0 });
}

/**
 * Whether the fused softmax + cross-entropy kernel computes this case: float logits `[N, C]` with
 * N, C > 0, int32 targets `[N]` all in `[0, C)` and none equal to `ignoreIndex`, no weight, no label
 * smoothing. Everything else (and every error message) goes through the general path.
 */
function fusedCrossEntropyApplies(input: Tensor, target: Tensor, options: CrossEntropyLossOptions): boolean {
  if (input.dim() !== 2 || !isFloating(input.dtype) || target.dim() !== 1) return false;
  if ((options.weight ?? null) !== null || (options.labelSmoothing ?? 0) !== 0) return false;
  const [N, C] = input.shape;
  if (N === 0 || C === 0 || target.shape[0] !== N) return false;
  const ignoreIndex = options.ignoreIndex ?? -100;
  const t = target.data;
  for (let n = 0; n < N; n++) {
    const y = t[n];
    if (y === ignoreIndex || y < 0 || y >= C) return false;
  }
  return true;
}

/**
 * Cross-entropy of logits, like `F.cross_entropy` (`logSoftmax` then NLL). Input `[N, C]` logits (also
 * `[C]` and `[N, C, d1, ...]`). Target either int32 class indices `[N]` (`[]`, `[N, d1, ...]`), with
 * `l_n = -w[y_n] log softmax(x_n)[y_n]` and the weighted mean dividing by `sum_n w[y_n]` over
 * non-ignored targets; or float class probabilities of the input's shape, with
 * `l_n = -sum_c w_c p_nc log softmax(x_n)_c` and the mean dividing by N. With `labelSmoothing` s the
 * target becomes `(1 - s) onehot + s / C`. Gradient: `dCE/dlogits = softmax - onehot`.
 * @example
 * const loss = F.crossEntropy(bp.randn(3, 5), bp.tensor([1, 0, 4], { dtype: "int32" }));
 */
export function crossEntropy(input: Tensor, target: Tensor, options: CrossEntropyLossOptions = {}): Tensor {
  const op = "CrossEntropyLoss";
  const { classDim, classes: C } = classDims(op, input);
  checkTensorInput(op, target, "target");
  if (options.ignoreIndex !== undefined && !Number.isInteger(options.ignoreIndex)) {
    throw new Error(`${op}: ignoreIndex must be an integer, got ${String(options.ignoreIndex).slice(0, 40)}`);
  }
  if (target.dtype === "int32") {
    if (fusedCrossEntropyApplies(input, target, options)) {
      return softmaxCrossEntropy(input, target, checkReduction(op, options.reduction ?? "mean"));
    }
    return classIndexLoss(op, input.logSoftmax(classDim), target, options);
  }
  if (!sameShape(target.shape, input.shape)) {
    const expected = input.dim() === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
    throw new Error(
      `${op}: expected int32 class indices of shape ${formatShape(expected)} or float class probabilities of shape ` +
        `${formatShape(input.shape)}, got a ${target.dtype} target of shape ${formatShape(target.shape)} ` +
        "(convert class labels with target.int())",
    );
  }
  // class probabilities
  const reduction = checkReduction(op, options.reduction ?? "mean");
  const smoothing = checkLabelSmoothing(op, options.labelSmoothing ?? 0);
  checkClassWeight(op, options.weight, C);
  const logp = input.logSoftmax(classDim);
  let p = smoothing > 0 ? target.mul(1 - smoothing).add(smoothing / C) : target;
  if (options.weight) {
    const w = constantLike(op, "weight", options.weight, floatDType(input));
    p = p.mul(input.dim() === 1 ? w : w.reshape([C, ...new Array<number>(input.dim() - 2).fill(1)]));
  }
  // l_n = -sum_c p_nc logp_nc; dCE/dlogits = softmax - p (for probabilities summing to one)
  const weighted = logp.mul(p);
  if (reduction === "none") return weighted.sum(classDim).neg();
  const total = weighted.sum().neg();
  return reduction === "sum" ? total : total.div(input.numel() / C);
}

// PyTorch's EPSILON of the BCE backward is the float 1e-12
const BCE_EPSILON = Math.fround(1e-12);

/** Options of `binaryCrossEntropy` / `BCELoss`. */
export interface BCELossOptions extends LossOptions {
  /** A rescaling weight per element, broadcast to the input's shape (default none). */
  weight?: Tensor | null;
}

/**
 * Binary cross-entropy of probabilities, like `F.binary_cross_entropy`:
 * `l_i = -w_i (y_i log x_i + (1 - y_i) log(1 - x_i))`, each log clamped at -100 as PyTorch does, so
 * x = 0 or 1 gives a finite loss. Input values must lie in [0, 1]; target has the input's shape.
 * Gradient (PyTorch's): `dl/dx = w (x - y) / max(x (1 - x), 1e-12)`.
 * @example F.binaryCrossEntropy(bp.tensor([0.8, 0.2]), bp.tensor([1, 0])); // tensor(0.2231)
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, options: BCELossOptions = {}): Tensor {
  const op = "BCELoss";
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  const dtype = floatDType(input);
  const x = constantLike(op, "input", input, dtype);
  for (const v of x.data) {
    if (!(v >= 0 && v <= 1)) throw new Error(`${op}: all elements of input should be between 0 and 1, got ${v}`);
  }
  const t = constantLike(op, "target", target, dtype);
  const w = options.weight ? constantLike(op, "weight", options.weight, dtype, input.shape) : null;
  const out = noGrad(() => {
    const l = t.mul(x.log().clamp(-100)).add(t.neg().add(1).mul(x.neg().add(1).log().clamp(-100))).neg();
    return w === null ? l : l.mul(w);
  });
  const scaled = (g: Tensor): Tensor => (w === null ? g : g.mul(w));
  const loss = record(out, "BinaryCrossEntropy", [input, target], (g) => [
    // dl/dx = (x - y) / max(x (1 - x), 1e-12)
    input.requiresGrad ? scaled(g).mul(x.sub(t)).div(x.mul(x.neg().add(1)).clamp(BCE_EPSILON)) : null,
    // dl/dy = log(1 - x) - log(x)
    target.requiresGrad ? scaled(g).mul(x.neg().add(1).log().sub(x.log())) : null,
  ]);
  return reduceLoss(op, loss, options.reduction);
}

/** Options of `binaryCrossEntropyWithLogits` / `BCEWithLogitsLoss`. */
export interface BCEWithLogitsLossOptions extends BCELossOptions {
  /** Weight of the positive examples, broadcast along the last (class) dimension (default none: 1). */
  posWeight?: Tensor | null;
}

/**
 * Binary cross-entropy of logits, like `F.binary_cross_entropy_with_logits`: the stable form of
 * `BCE(sigmoid(x), y)`, written as PyTorch 1.13 writes it, with `m = max(-x, 0)`:
 * `l = (1 - y) x + m + log(e^-m + e^(-x - m))`, finite for any finite x; with `posWeight` p,
 * `l = (1 - y) x + (1 + (p - 1) y) (log(e^-m + e^(-x - m)) + m)`. Then times `weight`, reduced.
 * At infinite logits it gives what PyTorch gives (x = +inf: inf for y < 1 and NaN for y = 1; x = -inf: NaN).
 * Gradients (PyTorch's): `dl/dx = sigmoid(x) - y` (with p: `(1 + (p - 1) y) sigmoid(x) - p y`),
 * `dl/dy = -x` (with p: `logsigmoid(-x) - p logsigmoid(x)`).
 * @example F.binaryCrossEntropyWithLogits(bp.tensor([100, -100]), bp.tensor([1, 0])); // tensor(0.)
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BCEWithLogitsLossOptions = {}): Tensor {
  const op = "BCEWithLogitsLoss";
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  const dtype = floatDType(input);
  const x = constantLike(op, "input", input, dtype);
  const t = constantLike(op, "target", target, dtype);
  const w = options.weight ? constantLike(op, "weight", options.weight, dtype, input.shape) : null;
  const pw = options.posWeight ? constantLike(op, "posWeight", options.posWeight, dtype, input.shape) : null;
  const out = noGrad(() => {
    const m = x.neg().clamp(0);
    const logTerm = m.neg().exp().add(x.neg().sub(m).exp()).log(); // log(e^-m + e^(-x - m))
    const linear = t.neg().add(1).mul(x); // (1 - y) x
    const l = pw === null ? linear.add(m).add(logTerm) : linear.add(pw.sub(1).mul(t).add(1).mul(logTerm.add(m)));
    return w === null ? l : l.mul(w);
  });
  const scaled = (g: Tensor): Tensor => (w === null ? g : g.mul(w));
  const loss = record(out, "BinaryCrossEntropyWithLogits", [input, target], (g) => {
    const s = x.sigmoid();
    return [
      // dl/dx = sigmoid(x) - y  (with posWeight p: (1 + (p - 1) y) sigmoid(x) - p y)
      input.requiresGrad ? scaled(g).mul(pw === null ? s.sub(t) : pw.mul(t).add(1).sub(t).mul(s).sub(pw.mul(t))) : null,
      // dl/dy = -x  (with posWeight p: logsigmoid(-x) - p logsigmoid(x))
      target.requiresGrad ? scaled(g).mul(pw === null ? x.neg() : logSigmoid(x.neg()).sub(logSigmoid(x).mul(pw))) : null,
    ];
  });
  return reduceLoss(op, loss, options.reduction);
}

/** `log sigmoid(x) = min(x, 0) - log(1 + e^-|x|)`, PyTorch's form (-inf at -inf, 0 at +inf); no gradient. */
function logSigmoid(x: Tensor): Tensor {
  return x.clamp(null, 0).sub(x.abs().neg().exp().add(1).log());
}

/** Options of `multiMarginLoss` / `MultiMarginLoss`. */
export interface MultiMarginLossOptions extends LossOptions {
  /** Exponent of the hinge, 1 (default) or 2. */
  p?: number;
  /** The margin (default 1). */
  margin?: number;
  /** A rescaling weight per class `[C]`, applied by the target's class (default none). */
  weight?: Tensor | null;
}

/**
 * Multi-class hinge (SVM) loss, like `F.multi_margin_loss`: input `[N, C]` scores (or `[C]`), target
 * int32 `[N]` (or `[]`), `l_n = sum_{j != y} w[y] max(0, margin - x[y] + x[j])^p / C`.
 * Defaults p 1, margin 1.
 * @example F.multiMarginLoss(bp.tensor([[0.1, 0.2, 0.4, 0.8]]), bp.tensor([3], { dtype: "int32" })); // tensor(0.3250)
 */
export function multiMarginLoss(input: Tensor, target: Tensor, options: MultiMarginLossOptions = {}): Tensor {
  const op = "MultiMarginLoss";
  checkTensorInput(op, input);
  checkTensorInput(op, target, "target");
  checkFloatInput(op, input);
  const p = options.p ?? 1;
  const margin = options.margin ?? 1;
  if (p !== 1 && p !== 2) throw new Error(`${op}: only p == 1 and p == 2 supported, got ${p}`);
  if (input.dim() !== 1 && input.dim() !== 2) {
    throw new Error(`${op}: expected input of shape [N, C] or [C], got ${formatShape(input.shape)}`);
  }
  if (target.dtype !== "int32") throw new Error(`${op}: class-index targets must be int32, got ${target.dtype} (convert them with target.int())`);
  const C = input.shape[input.dim() - 1];
  const N = input.dim() === 1 ? 1 : input.shape[0];
  if (target.dim() > 1 || target.numel() !== N) {
    throw new Error(`${op}: expected target of shape [${N}] for input of shape ${formatShape(input.shape)}, got ${formatShape(target.shape)}`);
  }
  checkClassWeight(op, options.weight, C);
  const w = options.weight ? options.weight.data : null;
  // per (n, j): w[y] / C off the target class, 0 on it
  const scale = allocate(floatDType(input), N * C);
  for (let n = 0; n < N; n++) {
    const y = target.data[n];
    if (y < 0 || y >= C) throw new Error(`${op}: target ${y} is out of bounds for ${C} classes`);
    for (let j = 0; j < C; j++) if (j !== y) scale[n * C + j] = (w === null ? 1 : w[y]) / C;
  }
  const coef = new Tensor(scale, [N, C]);
  const x = input.reshape(N, C);
  const xy = x.gather(1, target.reshape(N, 1));
  // z_j = margin - x_y + x_j counts only where z_j > 0, as in PyTorch's loop: a NaN score or +inf on
  // the target class (z NaN or -inf) selects 0, never 0 * NaN; j = y has coefficient 0.
  // dz/dx_j = 1, dz/dx_y = -1
  const z = x.sub(xy).add(margin);
  const hinge = where(z.gt(0), z, 0);
  const terms = p === 2 ? hinge.mul(hinge) : hinge;
  const loss = terms.mul(coef).sum(1).reshape(target.dim() === 0 ? [] : [N]);
  return reduceLoss(op, loss, options.reduction);
}

// ------------------------------------------------------------------ the losses added in issue 8

/**
 * `log(1 + e^u)` computed stably as `max(u, 0) + log(1 + e^-|u|)`, with the exact derivative
 * `sigmoid(u)` (also at u = 0, where the composed form's kinks would give 0).
 */
function softplus(u: Tensor): Tensor {
  const out = noGrad(() => u.relu().add(u.abs().neg().exp().add(1).log()));
  // d softplus/du = sigmoid(u)
  return record(out, "Softplus", [u], (g) => [g.mul(u.detach().sigmoid())]);
}

/** `0.5 d^2` where `|d| < delta`, else `delta (|d| - delta / 2)`, written so that no branch overflows. */
function huber(d: Tensor, delta: number): Tensor {
  // with c = clamp(d, -delta, delta): 0.5 c^2 + delta (|d| - |c|); d huber/dd = clamp(d, -delta, delta)
  const c = d.clamp(-delta, delta);
  return c.mul(c).mul(0.5).add(d.abs().sub(c.abs()).mul(delta));
}

/** Options of `huberLoss` / `HuberLoss`. */
export interface HuberLossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; must be positive). */
  delta?: number;
}

/**
 * Huber loss, like `F.huber_loss`: with `d = x - y`, `l = 0.5 d^2` where `|d| < delta`, else
 * `delta (|d| - 0.5 delta)`; then reduced (mean by default). Input and target of the same shape.
 * Gradient: `dl/dx = clamp(d, -delta, delta)`.
 * @example F.huberLoss(bp.tensor([0, 3]), bp.tensor([0.5, 0])); // tensor(1.3125)
 */
export function huberLoss(input: Tensor, target: Tensor, options: HuberLossOptions = {}): Tensor {
  const op = "HuberLoss";
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new Error(`${op}: delta must be positive, got ${delta}`);
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  return reduceLoss(op, huber(input.sub(target), delta), options.reduction);
}

/** Options of `smoothL1Loss` / `SmoothL1Loss`. */
export interface SmoothL1LossOptions extends LossOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives the L1 loss; must not be negative). */
  beta?: number;
}

/**
 * Smooth L1 loss, like `F.smooth_l1_loss`: with `d = x - y`, `l = 0.5 d^2 / beta` where `|d| < beta`,
 * else `|d| - 0.5 beta` (Huber divided by beta; beta 0 is the L1 loss); then reduced (mean by default).
 * @example F.smoothL1Loss(bp.tensor([0, 3]), bp.tensor([0.5, 0])); // tensor(1.3125)
 */
export function smoothL1Loss(input: Tensor, target: Tensor, options: SmoothL1LossOptions = {}): Tensor {
  const op = "SmoothL1Loss";
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new Error(`${op}: beta must not be negative, got ${beta}`);
  checkSameShape(op, input, target);
  const d = input.sub(target);
  // beta 0: |d| with PyTorch's kernel's derivative, 1 for d > 0 and -1 otherwise (also at d = 0);
  // else d l/dd = clamp(d, -beta, beta) / beta
  return reduceLoss(op, beta === 0 ? where(d.gt(0), d, d.neg()) : huber(d, beta).div(beta), options.reduction);
}

/** How `klDiv` reduces: the loss reductions plus `"batchmean"` (the sum divided by the batch size). */
export type KLDivReduction = Reduction | "batchmean";

/** Options of `klDiv` / `KLDivLoss`. */
export interface KLDivLossOptions {
  /** `"none"`, `"mean"` (default, PyTorch's: over every element), `"sum"` or `"batchmean"` (the true KL divergence per example). */
  reduction?: KLDivReduction;
  /** The target holds log-probabilities (default false: probabilities). */
  logTarget?: boolean;
}

/**
 * Kullback-Leibler divergence, like `F.kl_div`: the input holds log-probabilities `log q`, the target
 * probabilities p (or `log p` with `logTarget`): `l = p (log p - log q)`, 0 where p = 0 (`xlogy`);
 * with logTarget `l = e^t (t - log q)`. Reductions: `"mean"` (default; PyTorch's element mean),
 * `"batchmean"` (sum / batch size, the KL divergence), `"sum"`, `"none"`. Input and target of the same shape.
 * Gradients: `dl/dlog q = -p`, `dl/dp = log p + 1 - log q`.
 * @example F.klDiv(bp.tensor([[0.5, 0.5]]).log(), bp.tensor([[0.9, 0.1]]), { reduction: "batchmean" }); // tensor(0.3681)
 */
export function klDiv(input: Tensor, target: Tensor, options: KLDivLossOptions = {}): Tensor {
  const op = "KLDivLoss";
  const reduction = checkKLDivReduction(op, options.reduction ?? "mean");
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  checkFloatInput(op, target, "target");
  const l = options.logTarget
    ? target.exp().mul(target.sub(input))
    : where(target.eq(0), 0, target.mul(target.log())).sub(target.mul(input)); // xlogy(p, p) - p log q
  if (reduction !== "batchmean") return reduceLoss(op, l, reduction);
  const total = l.sum();
  return input.dim() === 0 ? total : total.div(input.shape[0]);
}

/** Options of `poissonNllLoss` / `PoissonNLLLoss`. */
export interface PoissonNLLLossOptions extends LossOptions {
  /** The input is the log of the rate (default true): `l = e^x - y x`; else the rate: `l = x - y log(x + eps)`. */
  logInput?: boolean;
  /** Add Stirling's approximation of `log(y!)`, `y log y - y + 0.5 log(2 pi y)`, where y > 1 (default false). */
  full?: boolean;
  /** Added to the rate inside the log when `logInput` is false (default 1e-8). */
  eps?: number;
}

/**
 * Negative log-likelihood of a Poisson-distributed target, like `F.poisson_nll_loss`:
 * `l = e^x - y x` (default, x the log-rate) or `l = x - y log(x + eps)` (`logInput: false`), plus
 * with `full` Stirling's term `y log y - y + 0.5 log(2 pi y)` where y > 1; then reduced (mean by
 * default). Input and target of the same shape.
 * @example F.poissonNllLoss(bp.tensor([0, 1]), bp.tensor([1, 2])); // tensor(0.8591)
 */
export function poissonNllLoss(input: Tensor, target: Tensor, options: PoissonNLLLossOptions = {}): Tensor {
  const op = "PoissonNLLLoss";
  const eps = options.eps ?? 1e-8;
  checkReduction(op, options.reduction ?? "mean");
  checkSameShape(op, input, target);
  // d/dx: e^x - y (log input) or 1 - y / (x + eps)
  let l = (options.logInput ?? true) ? input.exp().sub(target.mul(input)) : input.sub(target.mul(input.add(eps).log()));
  if (options.full) {
    const stirling = target.mul(target.log()).sub(target).add(target.mul(2 * Math.PI).log().mul(0.5));
    l = l.add(where(target.gt(1), stirling, 0));
  }
  return reduceLoss(op, l, options.reduction);
}

/** Options of `gaussianNllLoss` / `GaussianNLLLoss`. */
export interface GaussianNLLLossOptions extends LossOptions {
  /** Add the constant `0.5 log(2 pi)` (default false). */
  full?: boolean;
  /** The variance is clamped to at least this, without a gradient through the clamp (default 1e-6). */
  eps?: number;
}

/**
 * Negative log-likelihood of a Gaussian target, like `F.gaussian_nll_loss`:
 * `l = 0.5 (log max(var, eps) + (x - y)^2 / max(var, eps))` (+ `0.5 log(2 pi)` with `full`); then
 * reduced (mean by default). `var` has the input's shape (one variance per element), or the input's
 * shape without its last dimension, or with last dimension 1 (one variance per row); entries must not
 * be negative. The clamp at eps is outside the graph, as in PyTorch: the gradient of var is computed at
 * the clamped value and passes the clamp unchanged.
 * @example F.gaussianNllLoss(bp.tensor([0, 1]), bp.tensor([0.5, 1]), bp.tensor([1, 1])); // tensor(0.0625)
 */
export function gaussianNllLoss(input: Tensor, target: Tensor, variance: Tensor, options: GaussianNLLLossOptions = {}): Tensor {
  const op = "GaussianNLLLoss";
  const eps = options.eps ?? 1e-6;
  checkReduction(op, options.reduction ?? "mean");
  checkSameShape(op, input, target);
  checkTensorInput(op, variance, "var");
  let v = variance;
  if (!sameShape(v.shape, input.shape)) {
    const rows = input.shape.slice(0, -1);
    if (input.dim() > 0 && sameShape(v.shape, rows)) v = v.unsqueeze(-1);
    else if (!(input.dim() > 0 && v.dim() === input.dim() && sameShape(v.shape.slice(0, -1), rows) && v.shape[v.dim() - 1] === 1)) {
      throw new Error(`${op}: var of shape ${formatShape(v.shape)} is of incorrect size for input of shape ${formatShape(input.shape)}`);
    }
  }
  for (const e of v.data) if (e < 0) throw new Error(`${op}: var has negative entry/entries`);
  const clamped = noGrad(() => v.clamp(eps));
  // PyTorch clamps a clone of var under no_grad: the clamp passes the gradient unchanged
  const vc = record(clamped, "ClampNoGrad", [v], (g) => [g]);
  // d l/dx = (x - y) / var, d l/dvar = 0.5 (1 / var - (x - y)^2 / var^2)
  const d = input.sub(target);
  let l = vc.log().add(d.mul(d).div(vc)).mul(0.5);
  if (options.full) l = l.add(0.5 * Math.log(2 * Math.PI));
  return reduceLoss(op, l, options.reduction);
}

/**
 * Two-class logistic loss for targets in {-1, 1}, like `F.soft_margin_loss`: `l = log(1 + e^(-y x))`,
 * then reduced (mean by default). Input and target of the same shape.
 * Gradient: `dl/dx = -y sigmoid(-y x)`.
 * @example F.softMarginLoss(bp.tensor([2, -1]), bp.tensor([1, -1])); // tensor(0.2201)
 */
export function softMarginLoss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  const op = "SoftMarginLoss";
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  return reduceLoss(op, softplus(input.mul(target).neg()), options.reduction);
}

/** Options of `multilabelSoftMarginLoss` / `MultiLabelSoftMarginLoss`. */
export interface MultiLabelSoftMarginLossOptions extends LossOptions {
  /** A rescaling weight per class `[C]` (broadcast to the input; default none). */
  weight?: Tensor | null;
}

/**
 * Multi-label one-versus-all logistic loss, like `F.multilabel_soft_margin_loss`: input `[N, C]`
 * logits (or `[C]`), target of the same shape with values in [0, 1]:
 * `l_n = -(1/C) sum_c w_c (y_c log sigmoid(x_c) + (1 - y_c) log sigmoid(-x_c))`, one value per
 * example, then reduced (mean by default).
 * @example F.multilabelSoftMarginLoss(bp.tensor([[2, -1]]), bp.tensor([[1, 0]])); // tensor(0.2201)
 */
export function multilabelSoftMarginLoss(input: Tensor, target: Tensor, options: MultiLabelSoftMarginLossOptions = {}): Tensor {
  const op = "MultiLabelSoftMarginLoss";
  checkReduction(op, options.reduction ?? "mean");
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  if (input.dim() === 0) throw new Error(`${op}: expected input of shape [N, C] or [C], got a scalar`);
  // -log sigmoid(x) = softplus(-x); d l/dx = sigmoid(x) - y (times w / C)
  let l = target.mul(softplus(input.neg())).add(target.neg().add(1).mul(softplus(input)));
  if (options.weight) l = l.mul(constantLike(op, "weight", options.weight, floatDType(input), input.shape));
  const C = input.shape[input.dim() - 1];
  return reduceLoss(op, l.sum(input.dim() - 1).div(C), options.reduction);
}

/** Options of `cosineEmbeddingLoss`, `marginRankingLoss` and `hingeEmbeddingLoss`. */
export interface MarginLossOptions extends LossOptions {
  /** The margin (default 0 for the cosine and ranking losses, 1 for the hinge embedding loss). */
  margin?: number;
}

// PyTorch's EPSILON of cosine_embedding_loss
const COSINE_EMBEDDING_EPSILON = 1e-12;

/**
 * Whether two inputs are similar (target 1) or dissimilar (-1) by their cosine, like
 * `F.cosine_embedding_loss`: inputs `[N, D]` with target `[N]` (or `[D]` with a 0-d target),
 * `cos = x1 . x2 / sqrt((|x1|^2 + 1e-12) (|x2|^2 + 1e-12))`, `l = 1 - cos` for y = 1,
 * `max(0, cos - margin)` for y = -1 (0 for other target values); then reduced (mean by default).
 * @example F.cosineEmbeddingLoss(bp.tensor([[1, 0]]), bp.tensor([[1, 1]]), bp.tensor([1])); // tensor(0.2929)
 */
export function cosineEmbeddingLoss(input1: Tensor, input2: Tensor, target: Tensor, options: MarginLossOptions = {}): Tensor {
  const op = "CosineEmbeddingLoss";
  checkTensorInput(op, input1, "input1");
  checkTensorInput(op, input2, "input2");
  checkTensorInput(op, target, "target");
  const margin = options.margin ?? 0;
  checkReduction(op, options.reduction ?? "mean");
  const td = target.dim();
  if (td > 1) throw new Error(`${op}: 0D or 1D target tensor expected, multi-target not supported (got shape ${formatShape(target.shape)})`);
  if (input1.dim() !== td + 1 || input2.dim() !== td + 1) {
    throw new Error(
      `${op}: ${td}D target tensor expects ${td + 1}D input tensors, but found inputs with sizes ` +
        `${formatShape(input1.shape)} and ${formatShape(input2.shape)}`,
    );
  }
  const dim = td;
  const prod = input1.mul(input2).sum(dim);
  const mag1 = input1.mul(input1).sum(dim).add(COSINE_EMBEDDING_EPSILON);
  const mag2 = input2.mul(input2).sum(dim).add(COSINE_EMBEDDING_EPSILON);
  const cos = prod.div(mag1.mul(mag2).sqrt());
  const pos = where(target.eq(1), cos.neg().add(1), 0);
  const neg = where(target.eq(-1), cos.sub(margin).clamp(0), 0);
  return reduceLoss(op, pos.add(neg), options.reduction);
}

/**
 * Ranking loss of two scores, like `F.margin_ranking_loss`: target 1 says input1 should rank higher,
 * -1 lower: `l = max(0, -y (x1 - x2) + margin)`, then reduced (mean by default). The three tensors must
 * have the same number of dimensions and broadcast together.
 * @example F.marginRankingLoss(bp.tensor([0.8, 0.2]), bp.tensor([0.3, 0.4]), bp.tensor([1, 1])); // tensor(0.1000)
 */
export function marginRankingLoss(input1: Tensor, input2: Tensor, target: Tensor, options: MarginLossOptions = {}): Tensor {
  const op = "MarginRankingLoss";
  checkTensorInput(op, input1, "input1");
  checkTensorInput(op, input2, "input2");
  checkTensorInput(op, target, "target");
  checkReduction(op, options.reduction ?? "mean");
  if (input1.dim() !== input2.dim() || input1.dim() !== target.dim()) {
    throw new Error(
      `${op}: all input tensors should have the same number of dimensions, but got sizes input1: ${formatShape(input1.shape)}, ` +
        `input2: ${formatShape(input2.shape)}, target: ${formatShape(target.shape)}`,
    );
  }
  // d l/dx1 = -y where the hinge is active
  return reduceLoss(op, target.neg().mul(input1.sub(input2)).add(options.margin ?? 0).clamp(0), options.reduction);
}

/** Options of `tripletMarginLoss` / `TripletMarginLoss`. */
export interface TripletMarginLossOptions extends LossOptions {
  /** The margin (default 1). */
  margin?: number;
  /** The norm degree of the distances (default 2). */
  p?: number;
  /** Added to the differences before the norm, as in `pairwiseDistance` (default 1e-6). */
  eps?: number;
  /** Use the smaller of d(a, n) and d(p, n) as the negative distance (default false). */
  swap?: boolean;
}

/**
 * Triplet loss, like `F.triplet_margin_loss`: anchor, positive and negative `[N, D]` (or `[D]`),
 * `l = max(0, margin + d(a, p) - d(a, n))` with `d` the `pairwiseDistance` of degree p (with `swap`,
 * `d(a, n)` becomes `min(d(a, n), d(p, n))`); then reduced (mean by default).
 * @example F.tripletMarginLoss(bp.tensor([[0, 0]]), bp.tensor([[0, 1]]), bp.tensor([[3, 4]])); // tensor(0.)
 */
export function tripletMarginLoss(anchor: Tensor, positive: Tensor, negative: Tensor, options: TripletMarginLossOptions = {}): Tensor {
  const op = "TripletMarginLoss";
  checkTensorInput(op, anchor, "anchor");
  checkTensorInput(op, positive, "positive");
  checkTensorInput(op, negative, "negative");
  checkReduction(op, options.reduction ?? "mean");
  if (anchor.dim() !== positive.dim() || positive.dim() !== negative.dim()) {
    throw new Error(
      `${op}: all anchor, positive and negative tensors are expected to have the same number of dimensions, but got: ` +
        `anchor ${anchor.dim()}D, positive ${positive.dim()}D, and negative ${negative.dim()}D inputs`,
    );
  }
  const distance = { p: options.p ?? 2, eps: options.eps ?? 1e-6 };
  const dPos = pairwiseDistance(anchor, positive, distance);
  let dNeg = pairwiseDistance(anchor, negative, distance);
  if (options.swap) dNeg = dNeg.minimum(pairwiseDistance(positive, negative, distance));
  return reduceLoss(op, dPos.sub(dNeg).add(options.margin ?? 1).clamp(0), options.reduction);
}

/**
 * Hinge embedding loss, like `F.hinge_embedding_loss`: for targets in {1, -1}, `l = x` where y = 1
 * and `max(0, margin - x)` where y = -1 (both terms for other values); then reduced (mean by
 * default). Input and target of the same shape. Default margin 1.
 * @example F.hingeEmbeddingLoss(bp.tensor([0.3, 2]), bp.tensor([1, -1])); // tensor(0.1500)
 */
export function hingeEmbeddingLoss(input: Tensor, target: Tensor, options: MarginLossOptions = {}): Tensor {
  const op = "HingeEmbeddingLoss";
  checkReduction(op, options.reduction ?? "mean");
  checkSameShape(op, input, target);
  checkFloatInput(op, input);
  const marginTerm = where(target.ne(1), input.neg().add(options.margin ?? 1).clamp(0), 0);
  const selfTerm = where(target.ne(-1), input, 0);
  return reduceLoss(op, marginTerm.add(selfTerm), options.reduction);
}
