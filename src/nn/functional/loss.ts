import { Tensor } from "../../tensor/tensor.ts";
import { allocate, isFloating } from "../../tensor/dtype.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { record } from "../../autograd/node.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { softmaxCrossEntropy } from "../../ops/softmax.ts";
import { checkReduction } from "../_checks.ts";
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
  if (input.dim() === 0) throw new Error(`${op}: input must have at least 1 dimension ([C] or [N, C, ...]), got a scalar`);
  const classDim = input.dim() === 1 ? 0 : 1;
  return { classDim, classes: input.shape[classDim] };
}

function checkClassWeight(op: string, weight: Tensor | null | undefined, classes: number): void {
  if (weight === null || weight === undefined) return;
  if (weight.dim() !== 1 || weight.numel() !== classes) {
    throw new Error(`${op}: weight should have one value per class (${classes} classes), got shape ${formatShape(weight.shape)}`);
  }
}

/**
 * Negative log-likelihood of class indices given log-probabilities, with class weights, ignored
 * targets and label smoothing. `logp` is `[C]` or `[N, C, d1, ...]`; the loss is written as one
 * coefficient tensor K with `loss = sum(logp * K)` (K holds minus the weights, divided by the mean's
 * denominator), which keeps the graph to one multiply and one sum.
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
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) throw new Error(`${op}: labelSmoothing must be between 0.0 and 1.0, got ${smoothing}`);
  const weight = options.weight ?? null;
  checkClassWeight(op, weight, C);
  if (target.dtype !== "int32") {
    throw new Error(`${op}: class-index targets must be int32, got ${target.dtype} (convert them with target.int())`);
  }
  const expected = logp.dim() === 1 ? [] : [logp.shape[0], ...logp.shape.slice(2)];
  if (!sameShape(target.shape, expected)) {
    throw new Error(
      `${op}: expected target of shape ${formatShape(expected)} for input of shape ${formatShape(logp.shape)}, got ${formatShape(target.shape)}`,
    );
  }
  const N = logp.dim() === 1 ? 1 : logp.shape[0];
  const S = logp.shape.slice(2).reduce((a, b) => a * b, 1);
  const w = weight === null ? null : weight.data;
  const coef = allocate(floatDType(logp), logp.numel());
  const t = target.data;
  let denominator = 0;
  for (let n = 0; n < N; n++) {
    for (let s = 0; s < S; s++) {
      const y = t[n * S + s];
      if (y === ignoreIndex) continue;
      if (y < 0 || y >= C) throw new Error(`${op}: target ${y} is out of bounds for ${C} classes`);
      const wy = w === null ? 1 : w[y];
      denominator += wy;
      const base = n * C * S + s;
      coef[base + y * S] -= (1 - smoothing) * wy;
      if (smoothing > 0) {
        for (let c = 0; c < C; c++) coef[base + c * S] -= (smoothing / C) * (w === null ? 1 : w[c]);
      }
    }
  }
  if (reduction === "mean") {
    // PyTorch's weighted mean: divide by the summed weights of the (non-ignored) targets
    const scale = 1 / denominator;
    for (let i = 0; i < coef.length; i++) coef[i] *= scale;
  }
  // per element: l = -sum_c K_c logp_c; through logSoftmax's backward this gives
  // dCE/dlogits = softmax - onehot (times w[y] and the reduction's scale)
  const weighted = logp.mul(new Tensor(coef, logp.shape));
  return reduction === "none" ? weighted.sum(classDim) : weighted.sum();
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
  const smoothing = options.labelSmoothing ?? 0;
  if (!(smoothing >= 0 && smoothing <= 1)) throw new Error(`${op}: labelSmoothing must be between 0.0 and 1.0, got ${smoothing}`);
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
 * `BCE(sigmoid(x), y)`, `l = max(x, 0) - x y + log(1 + e^-|x|)`, finite for any x. With `posWeight` p,
 * `l = (1 - y) x + (1 + (p - 1) y) (log(1 + e^-|x|) + max(-x, 0))`. Then times `weight`, reduced.
 * Gradient: `dl/dx = sigmoid(x) - y` (with p: `(1 + (p - 1) y) sigmoid(x) - p y`).
 * @example F.binaryCrossEntropyWithLogits(bp.tensor([100, -100]), bp.tensor([1, 0])); // tensor(0.)
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, options: BCEWithLogitsLossOptions = {}): Tensor {
  const op = "BCEWithLogitsLoss";
  checkSameShape(op, input, target);
  const dtype = floatDType(input);
  const x = constantLike(op, "input", input, dtype);
  const t = constantLike(op, "target", target, dtype);
  const w = options.weight ? constantLike(op, "weight", options.weight, dtype, input.shape) : null;
  const pw = options.posWeight ? constantLike(op, "posWeight", options.posWeight, dtype, input.shape) : null;
  let logWeight: Tensor | null = null;
  let softplusNeg: Tensor | null = null;
  const out = noGrad(() => {
    const sp = x.abs().neg().exp().add(1).log(); // log(1 + e^-|x|)
    let l: Tensor;
    if (pw === null) l = x.relu().sub(x.mul(t)).add(sp);
    else {
      logWeight = pw.sub(1).mul(t).add(1);
      softplusNeg = sp.add(x.neg().relu()); // log(1 + e^-x)
      l = t.neg().add(1).mul(x).add(logWeight.mul(softplusNeg));
    }
    return w === null ? l : l.mul(w);
  });
  const scaled = (g: Tensor): Tensor => (w === null ? g : g.mul(w));
  const loss = record(out, "BinaryCrossEntropyWithLogits", [input, target], (g) => {
    const s = x.sigmoid();
    return [
      // dl/dx = sigmoid(x) - y  (with posWeight p: (1 + (p - 1) y) sigmoid(x) - p y)
      input.requiresGrad ? scaled(g).mul(pw === null ? s.sub(t) : logWeight!.mul(s).sub(pw.mul(t))) : null,
      // dl/dy = -x  (with posWeight p: -x + (p - 1) log(1 + e^-x))
      target.requiresGrad ? scaled(g).mul(pw === null ? x.neg() : x.neg().add(pw.sub(1).mul(softplusNeg!))) : null,
    ];
  });
  return reduceLoss(op, loss, options.reduction);
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
  const mask = allocate(floatDType(input), N * C);
  for (let n = 0; n < N; n++) {
    const y = target.data[n];
    if (y < 0 || y >= C) throw new Error(`${op}: target ${y} is out of bounds for ${C} classes`);
    const scale = (w === null ? 1 : w[y]) / C;
    for (let j = 0; j < C; j++) if (j !== y) mask[n * C + j] = scale;
  }
  const x = input.reshape(N, C);
  const xy = x.gather(1, target.reshape(N, 1));
  // hinge h_j = max(0, margin - x_y + x_j): dh/dx_j = 1 and dh/dx_y = -1 where h_j > 0
  const hinge = x.sub(xy).add(margin).relu();
  const terms = p === 2 ? hinge.mul(hinge) : hinge;
  const loss = terms.mul(new Tensor(mask, [N, C])).sum(1).reshape(target.dim() === 0 ? [] : [N]);
  return reduceLoss(op, loss, options.reduction);
}
