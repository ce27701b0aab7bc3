import { Tensor } from "../tensor/tensor.ts";
import { allocate, type DType } from "../tensor/dtype.ts";
import { broadcastShapes, formatShape } from "../tensor/shape.ts";
import { uniform } from "../tensor/random.ts";
import { record } from "../autograd/node.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { leakyRelu as leakyReluOp, elu as eluOp, gelu as geluOp, step as stepOp } from "../ops/activation.ts";
import { where } from "../ops/where.ts";
import { linear as linearOp } from "../ops/matmul.ts";
import { softmaxCrossEntropy } from "../ops/softmax.ts";
import { checkDropoutP, checkReduction } from "./_checks.ts";

/*
 * nn.functional: activations, dropout, linear and the losses as plain functions, like
 * torch.nn.functional. The modules in activation.ts, dropout.ts, linear.ts and loss.ts hold the
 * options and delegate here. Everything is composed of recorded ops, so gradients follow by the
 * chain rule; the two losses whose composed gradient would be wrong at an edge (BCE at p = 0 or 1,
 * BCE-with-logits at x = 0) record their own backward, matching PyTorch's formulas.
 */

// ---------------------------------------------------------------------------------------------
// helpers

/** How a loss reduces its per-element values: `"none"` keeps them, `"mean"` (default) averages, `"sum"` adds. */
export type Reduction = "none" | "mean" | "sum";

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((s, i) => s === b[i]);
}

function floatDType(t: Tensor): DType {
  return t.dtype === "int32" ? "float32" : t.dtype;
}

function reduce(op: string, loss: Tensor, reduction: Reduction | undefined): Tensor {
  const r = checkReduction(op, reduction ?? "mean");
  if (r === "none") return loss;
  return r === "mean" ? loss.mean() : loss.sum();
}

function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(
      `${op}: target shape ${formatShape(target.shape)} does not match input shape ${formatShape(input.shape)}; ` +
        "they must be the same size (reshape one of them)",
    );
  }
}

/** `t` detached and converted to `dtype`, broadcast-checked against `shape` when given. */
function constantLike(op: string, what: string, t: Tensor, dtype: DType, shape?: readonly number[]): Tensor {
  if (shape !== undefined) {
    let ok = true;
    try {
      ok = sameShape(broadcastShapes(op, shape, t.shape), shape);
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`${op}: ${what} of shape ${formatShape(t.shape)} does not broadcast to the input shape ${formatShape(shape)}`);
  }
  const d = t.detach();
  return d.dtype === dtype ? d : d.to(dtype);
}

function implicitDim(ndim: number): number {
  // PyTorch's legacy choice when softmax is called without dim
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}

// ---------------------------------------------------------------------------------------------
// linear

/**
 * `y = x W^T + b`, like `F.linear`. Shapes: input `[*, in]`, weight `[out, in]`, bias `[out]` (or
 * null), output `[*, out]`.
 * @example F.linear(bp.randn(64, 784), bp.randn(128, 784), bp.zeros(128)).shape; // [64, 128]
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.dim() !== 2) throw new Error(`linear: weight must be 2-D [out_features, in_features], got shape ${formatShape(weight.shape)}`);
  const inFeatures = weight.shape[1];
  const last = input.dim() === 0 ? undefined : input.shape[input.dim() - 1];
  if (last !== inFeatures) {
    throw new Error(
      `linear: input of shape ${formatShape(input.shape)} does not match weight of shape ${formatShape(weight.shape)} ` +
        `(last dimension ${last ?? "none"} != in_features ${inFeatures})`,
    );
  }
  return linearOp(input, weight, bias);
}

// ---------------------------------------------------------------------------------------------
// activations

/** `max(0, x)`, like `F.relu`. Shape: any. @example F.relu(bp.tensor([-1, 2])); // tensor([0., 2.]) */
export function relu(input: Tensor): Tensor {
  return input.relu();
}

/** Options of `leakyRelu` / `LeakyReLU`. */
export interface LeakyReLUOptions {
  /** Slope for x < 0 (default 0.01). */
  negativeSlope?: number;
}

/**
 * `x` for x > 0, `negativeSlope * x` otherwise (default slope 0.01), like `F.leaky_relu`. The slope may be
 * given as a number or as `{negativeSlope}`.
 * @example F.leakyRelu(bp.tensor([-1, 2]), 0.2); // tensor([-0.2000, 2.0000])
 */
export function leakyRelu(input: Tensor, negativeSlope: number | LeakyReLUOptions = {}): Tensor {
  const slope = typeof negativeSlope === "number" ? negativeSlope : (negativeSlope.negativeSlope ?? 0.01);
  return leakyReluOp(input, slope);
}

/**
 * Parametric ReLU, like `F.prelu`: `x` for x > 0, `w * x` otherwise, with one learnable slope `w`
 * (weight of shape `[1]`) or one per channel (weight `[C]`, channel = dimension 1 of the input).
 * @example F.prelu(bp.tensor([-1, 2]), bp.tensor([0.25])); // tensor([-0.2500, 2.0000])
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  const c = weight.numel();
  const channels = input.dim() >= 2 ? input.shape[1] : 1;
  if (c !== 1 && c !== channels) {
    throw new Error(
      `PReLU: mismatch of parameter numbers and input channel size: found ${c} parameters and ${channels} channels ` +
        `(dimension 1 of input shape ${formatShape(input.shape)})`,
    );
  }
  const w = c === 1 ? weight.reshape([]) : weight.reshape([c, ...new Array<number>(input.dim() - 2).fill(1)]);
  // d prelu/dx = 1 for x > 0, w otherwise; d prelu/dw = x for x <= 0 (summed over the shared positions)
  return where(input.gt(0), input, input.mul(w));
}

/** Options of `RReLU`. */
export interface RReLUOptions {
  /** Lower bound of the random slope (default 1/8). */
  lower?: number;
  /** Upper bound of the random slope (default 1/3). */
  upper?: number;
}

/** Options of `F.rrelu`. */
export interface RReLUFunctionalOptions extends RReLUOptions {
  /** Sample slopes (training) or use their mean (default false, like `F.rrelu`). */
  training?: boolean;
}

/**
 * Randomized leaky ReLU, like `F.rrelu`: `x` for x > 0; for x <= 0, `a * x` with `a ~ U(lower, upper)`
 * drawn per element in training, and `a = (lower + upper) / 2` otherwise. Defaults lower 1/8, upper 1/3,
 * training false. Seeded by `manualSeed`.
 * @example F.rrelu(bp.tensor([-1, 2]), { training: false }); // tensor([-0.2292, 2.0000])
 */
export function rrelu(input: Tensor, options: RReLUFunctionalOptions = {}): Tensor {
  const lower = options.lower ?? 1 / 8;
  const upper = options.upper ?? 1 / 3;
  if (!(lower <= upper)) throw new Error(`RReLU: lower bound ${lower} must be less than or equal to the upper bound ${upper}`);
  if (!(options.training ?? false)) return leakyReluOp(input, (lower + upper) / 2);
  const x = input.data;
  const noise = allocate(floatDType(input), input.numel());
  for (let i = 0; i < noise.length; i++) noise[i] = x[i] <= 0 ? lower + (upper - lower) * uniform() : 1;
  // d rrelu/dx = the sampled slope a where x <= 0, 1 elsewhere
  return input.mul(new Tensor(noise, input.shape));
}

/** Options of `elu` / `ELU`. */
export interface ELUOptions {
  /** Scale of the negative part (default 1). */
  alpha?: number;
}

/**
 * `x` for x > 0, `alpha (e^x - 1)` otherwise (default alpha 1), like `F.elu`.
 * @example F.elu(bp.tensor([-1, 2])); // tensor([-0.6321, 2.0000])
 */
export function elu(input: Tensor, alpha: number | ELUOptions = {}): Tensor {
  return eluOp(input, typeof alpha === "number" ? alpha : (alpha.alpha ?? 1));
}

/** Options of `gelu` / `GELU`. */
export interface GELUOptions {
  /** `"none"` (default): exact `x Phi(x)`; `"tanh"`: the tanh approximation. */
  approximate?: "none" | "tanh";
}

/**
 * Gaussian error linear unit, like `F.gelu`: `x Phi(x) = x/2 (1 + erf(x / sqrt 2))`, or with
 * `approximate: "tanh"`, `x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
 * @example F.gelu(bp.tensor([1])); // tensor([0.8413])
 */
export function gelu(input: Tensor, approximate: "none" | "tanh" | GELUOptions = {}): Tensor {
  return geluOp(input, typeof approximate === "string" ? approximate : (approximate.approximate ?? "none"));
}

/** `1 / (1 + e^-x)`, like `F.sigmoid`. @example F.sigmoid(bp.tensor([0])); // tensor([0.5000]) */
export function sigmoid(input: Tensor): Tensor {
  return input.sigmoid();
}

/** Hyperbolic tangent, like `F.tanh`. @example F.tanh(bp.tensor([0])); // tensor([0.]) */
export function tanh(input: Tensor): Tensor {
  return input.tanh();
}

/** Options of `softmax` / `logSoftmax` and their modules. */
export interface SoftmaxOptions {
  /**
   * The dimension that sums to one. When omitted, PyTorch's legacy implicit choice: 0 for 0-, 1- and
   * 3-dimensional inputs, 1 otherwise. Pass it explicitly.
   */
  dim?: number | null;
}

function softmaxDim(input: Tensor, dim: number | SoftmaxOptions | null | undefined): number {
  const d = typeof dim === "number" ? dim : (dim?.dim ?? null);
  return d === null ? implicitDim(input.dim()) : d;
}

/**
 * `softmax(x)_i = exp(x_i - max) / sum_j exp(x_j - max)` along `dim` (a number or `{dim}`), like
 * `F.softmax`; it never overflows. Without `dim`, PyTorch's legacy implicit choice (see `SoftmaxOptions`).
 * @example F.softmax(bp.tensor([[1, 2, 3]]), 1); // tensor([[0.0900, 0.2447, 0.6652]])
 */
export function softmax(input: Tensor, dim?: number | SoftmaxOptions | null): Tensor {
  return input.softmax(softmaxDim(input, dim));
}

/**
 * `log_softmax(x)_i = x_i - max - log(sum_j exp(x_j - max))` along `dim`, like `F.log_softmax`.
 * @example F.logSoftmax(bp.tensor([0, 0]), 0); // tensor([-0.6931, -0.6931])
 */
export function logSoftmax(input: Tensor, dim?: number | SoftmaxOptions | null): Tensor {
  return input.logSoftmax(softmaxDim(input, dim));
}

/**
 * `x` where x > threshold, `value` elsewhere, like `F.threshold`.
 * @example F.threshold(bp.tensor([0.05, 0.5]), 0.1, 20); // tensor([20.0000, 0.5000])
 */
export function threshold(input: Tensor, threshold: number, value: number): Tensor {
  // d threshold/dx = 1 where x > threshold, else 0
  return where(input.gt(threshold), input, value);
}

/**
 * Unit step `1 if x >= 0 else 0`: the threshold unit of Rosenblatt's perceptron. Its gradient is zero.
 * @example F.step(bp.tensor([-0.5, 0, 2])); // tensor([0., 1., 1.])
 */
export function step(input: Tensor): Tensor {
  return stepOp(input);
}

// ---------------------------------------------------------------------------------------------
// dropout

/** Options of `dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Apply dropout (default true, like `F.dropout`); false returns the input unchanged. */
  training?: boolean;
}

/**
 * Inverted dropout, like `F.dropout`: in training each element is zeroed with probability `p` and the
 * rest are scaled by `1 / (1 - p)`, so the expectation is unchanged; otherwise the identity. `p`
 * (default 0.5) may be given as a number. Seeded by `manualSeed`.
 * @example F.dropout(bp.ones(4), { p: 0.5 }); // e.g. tensor([2., 0., 2., 2.])
 */
export function dropout(input: Tensor, options: number | DropoutOptions = {}): Tensor {
  const o = typeof options === "number" ? { p: options } : options;
  const p = checkDropoutP("dropout", o.p ?? 0.5);
  if (!(o.training ?? true) || p === 0) return input;
  if (p === 1) return input.mul(0);
  const keep = 1 - p;
  const scale = 1 / keep;
  const mask = allocate(floatDType(input), input.numel());
  for (let i = 0; i < mask.length; i++) mask[i] = uniform() < keep ? scale : 0;
  // d dropout/dx = mask / (1 - p): kept elements pass the gradient scaled, dropped ones block it
  return input.mul(new Tensor(mask, input.shape));
}

// ---------------------------------------------------------------------------------------------
// losses

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
  return reduce("MSELoss", d.mul(d), options.reduction);
}

/**
 * Mean absolute error, like `F.l1_loss`: `l_i = |x_i - y_i|`, then reduced (mean by default).
 * @example F.l1Loss(bp.tensor([0.5, -0.25, 0.75]), bp.tensor([1, 0.25, 0.25])); // tensor(0.5000)
 */
export function l1Loss(input: Tensor, target: Tensor, options: LossOptions = {}): Tensor {
  checkSameShape("L1Loss", input, target);
  // d |x - y|/dx = sign(x - y) (0 where equal)
  return reduce("L1Loss", input.sub(target).abs(), options.reduction);
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
  if (input.dim() !== 2 || input.dtype === "int32" || target.dim() !== 1) return false;
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
  return reduce(op, loss, options.reduction);
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
  return reduce(op, loss, options.reduction);
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
  return reduce(op, loss, options.reduction);
}
