import { Tensor } from "../../tensor/tensor.ts";
import { allocate } from "../../tensor/dtype.ts";
import { formatShape } from "../../tensor/shape.ts";
import { uniform } from "../../tensor/random.ts";
import { leakyRelu as leakyReluOp, elu as eluOp, gelu as geluOp, step as stepOp } from "../../ops/activation.ts";
import * as act from "../../ops/activation.ts";
import { where } from "../../ops/where.ts";
import { record } from "../../autograd/node.ts";
import { floatDType } from "./_common.ts";
import { checkFloatInput, checkTensorInput, numberOption, numberOrOption } from "../_checks.ts";

/*
 * nn.functional's activations, like torch.nn.functional's. The modules in nn/activation.ts hold the
 * options and delegate here; the derivatives live with the ops they are built from.
 */

function implicitDim(ndim: number): number {
  // PyTorch's legacy choice when softmax is called without dim
  return ndim === 0 || ndim === 1 || ndim === 3 ? 0 : 1;
}


/** `max(0, x)`, like `F.relu`. Shape: any. @example F.relu(bp.tensor([-1, 2])); // tensor([0., 2.]) */
export function relu(input: Tensor): Tensor {
  checkTensorInput("relu", input);
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
  checkTensorInput("leakyRelu", input);
  const slope = numberOrOption("leakyRelu", "negativeSlope", negativeSlope, 0.01);
  return leakyReluOp(input, slope);
}

/**
 * Parametric ReLU, like `F.prelu`: `x` for x > 0, `w * x` otherwise, with one learnable slope `w`
 * (weight of shape `[1]`) or one per channel (weight `[C]`, channel = dimension 1 of the input).
 * @example F.prelu(bp.tensor([-1, 2]), bp.tensor([0.25])); // tensor([-0.2500, 2.0000])
 */
export function prelu(input: Tensor, weight: Tensor): Tensor {
  checkTensorInput("prelu", input);
  checkTensorInput("prelu", weight, "weight");
  checkFloatInput("prelu", input);
  const c = weight.numel();
  const channels = input.dim() >= 2 ? input.shape[1] : 1;
  if (c !== 1 && c !== channels) {
    throw new Error(
      `PReLU: mismatch of parameter numbers and input channel size: found ${c} parameters and ${channels} channels ` +
        `(dimension 1 of input shape ${formatShape(input.shape)})`,
    );
  }
  const w = c === 1 ? weight.reshape([]) : weight.reshape([c, ...new Array<number>(input.dim() - 2).fill(1)]);
  const positive = input.gt(0);
  const out = where(positive, input.detach(), input.detach().mul(w.detach()));
  // d prelu/dx = 1 for x > 0, w otherwise; d prelu/dw = x for x <= 0, exactly 0 for x > 0 (PyTorch's
  // prelu_backward; summed over the positions that share a slope)
  return record(out, "Prelu", [input, w], (g) => [
    input.requiresGrad ? where(positive, g, w.mul(g)) : null,
    w.requiresGrad ? where(positive, 0, input.mul(g)) : null,
  ]);
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
  checkTensorInput("rrelu", input);
  const lower = numberOption("rrelu", "lower", options.lower, 1 / 8);
  const upper = numberOption("rrelu", "upper", options.upper, 1 / 3);
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
  checkTensorInput("elu", input);
  return eluOp(input, numberOrOption("elu", "alpha", alpha, 1));
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
  checkTensorInput("gelu", input);
  return geluOp(input, typeof approximate === "string" ? approximate : (approximate.approximate ?? "none"));
}

/** `1 / (1 + e^-x)`, like `F.sigmoid`. @example F.sigmoid(bp.tensor([0])); // tensor([0.5000]) */
export function sigmoid(input: Tensor): Tensor {
  checkTensorInput("sigmoid", input);
  return input.sigmoid();
}

/** Hyperbolic tangent, like `F.tanh`. @example F.tanh(bp.tensor([0])); // tensor([0.]) */
export function tanh(input: Tensor): Tensor {
  checkTensorInput("tanh", input);
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
  if (dim !== null && dim !== undefined && typeof dim !== "number" && typeof dim !== "object") {
    throw new Error(`softmax: dim must be a number, got ${typeof dim} ${String(dim).slice(0, 40)}`);
  }
  const d = typeof dim === "number" ? dim : (dim?.dim ?? null);
  return d === null ? implicitDim(input.dim()) : d;
}

/**
 * `softmax(x)_i = exp(x_i - max) / sum_j exp(x_j - max)` along `dim` (a number or `{dim}`), like
 * `F.softmax`; it never overflows. Without `dim`, PyTorch's legacy implicit choice (see `SoftmaxOptions`).
 * @example F.softmax(bp.tensor([[1, 2, 3]]), 1); // tensor([[0.0900, 0.2447, 0.6652]])
 */
export function softmax(input: Tensor, dim?: number | SoftmaxOptions | null): Tensor {
  checkTensorInput("softmax", input);
  return input.softmax(softmaxDim(input, dim));
}

/**
 * `log_softmax(x)_i = x_i - max - log(sum_j exp(x_j - max))` along `dim`, like `F.log_softmax`.
 * @example F.logSoftmax(bp.tensor([0, 0]), 0); // tensor([-0.6931, -0.6931])
 */
export function logSoftmax(input: Tensor, dim?: number | SoftmaxOptions | null): Tensor {
  checkTensorInput("logSoftmax", input);
  return input.logSoftmax(softmaxDim(input, dim));
}

/**
 * `x` where x > threshold, `value` elsewhere, like `F.threshold` (a NaN x stays NaN, its gradient passes).
 * @example F.threshold(bp.tensor([0.05, 0.5]), 0.1, 20); // tensor([20.0000, 0.5000])
 */
export function threshold(input: Tensor, threshold: number, value: number): Tensor {
  checkTensorInput("threshold", input);
  // d threshold/dx = 0 where x <= threshold, else 1 (PyTorch's test: so a NaN x stays NaN and passes g)
  return where(input.le(threshold), value, input);
}

/**
 * Unit step `1 if x >= 0 else 0`: the threshold unit of Rosenblatt's perceptron. Its gradient is zero.
 * @example F.step(bp.tensor([-0.5, 0, 2])); // tensor([0., 1., 1.])
 */
export function step(input: Tensor): Tensor {
  checkTensorInput("step", input);
  return stepOp(input);
}

// ---- more activations (softplus ... softshrink): each one backend kernel forward and backward, in ops/activation.ts

/** Options of `softplus` / `Softplus`. */
export interface SoftplusOptions {
  /** Sharpness (default 1). */
  beta?: number;
  /** Above `beta x > threshold` the function is `x` itself (default 20). */
  threshold?: number;
}

/**
 * `log(1 + e^(beta x)) / beta`, linear (`x`) where `beta x > threshold`; defaults beta 1, threshold 20,
 * like `F.softplus` (positional `softplus(x, beta, threshold)` or `{beta, threshold}`). Shape: any.
 * @example F.softplus(bp.tensor([0, 30])); // tensor([ 0.6931, 30.0000])
 */
export function softplus(input: Tensor, beta: number | SoftplusOptions = {}, threshold?: number): Tensor {
  checkTensorInput("softplus", input);
  const o: SoftplusOptions = typeof beta === "object" && beta !== null ? beta : { beta, threshold };
  return act.softplus(input, numberOption("softplus", "beta", o.beta, 1), numberOption("softplus", "threshold", o.threshold, 20));
}

/** `x sigmoid(x)`, like `F.silu` (swish). @example F.silu(bp.tensor([1])); // tensor([0.7311]) */
export function silu(input: Tensor): Tensor {
  checkTensorInput("silu", input);
  return act.silu(input);
}

/** `x tanh(softplus(x))`, like `F.mish`. @example F.mish(bp.tensor([1])); // tensor([0.8651]) */
export function mish(input: Tensor): Tensor {
  checkTensorInput("mish", input);
  return act.mish(input);
}

/**
 * `scale (max(0, x) + min(0, alpha (e^x - 1)))`, alpha ≈ 1.6733, scale ≈ 1.0507, like `F.selu`.
 * @example F.selu(bp.tensor([-1, 1])); // tensor([-1.1113, 1.0507])
 */
export function selu(input: Tensor): Tensor {
  checkTensorInput("selu", input);
  return act.selu(input);
}

/** Options of `celu` / `CELU`. */
export interface CELUOptions {
  /** Scale and softness of the negative part (default 1). */
  alpha?: number;
}

/** `max(0, x) + min(0, alpha (e^(x/alpha) - 1))`, default alpha 1, like `F.celu`. @example F.celu(bp.tensor([-1]), 2); // tensor([-0.7869]) */
export function celu(input: Tensor, alpha: number | CELUOptions = {}): Tensor {
  checkTensorInput("celu", input);
  return act.celu(input, numberOrOption("celu", "alpha", alpha, 1));
}

/** Options of `hardtanh` / `Hardtanh`. */
export interface HardtanhOptions {
  /** Lower edge (default -1). */
  minVal?: number;
  /** Upper edge (default 1). */
  maxVal?: number;
}

/**
 * `x` clamped to `[minVal, maxVal]` (defaults -1, 1; positional or `{minVal, maxVal}`), like
 * `F.hardtanh`; the gradient is 1 strictly inside and 0 at and beyond the edges, as PyTorch's.
 * @example F.hardtanh(bp.tensor([-2, 0.5, 3])); // tensor([-1.0000, 0.5000, 1.0000])
 */
export function hardtanh(input: Tensor, minVal: number | HardtanhOptions = {}, maxVal?: number): Tensor {
  checkTensorInput("hardtanh", input);
  const o: HardtanhOptions = typeof minVal === "object" && minVal !== null ? minVal : { minVal, maxVal };
  return act.hardtanh(input, numberOption("hardtanh", "minVal", o.minVal, -1), numberOption("hardtanh", "maxVal", o.maxVal, 1));
}

/** `min(max(0, x), 6)`, like `F.relu6`. @example F.relu6(bp.tensor([-1, 3, 7])); // tensor([0., 3., 6.]) */
export function relu6(input: Tensor): Tensor {
  checkTensorInput("relu6", input);
  return act.relu6(input);
}

/** `min(max(x + 3, 0), 6) / 6`, like `F.hardsigmoid`. @example F.hardsigmoid(bp.tensor([0])); // tensor([0.5000]) */
export function hardsigmoid(input: Tensor): Tensor {
  checkTensorInput("hardsigmoid", input);
  return act.hardsigmoid(input);
}

/** `x min(max(x + 3, 0), 6) / 6`, like `F.hardswish`. @example F.hardswish(bp.tensor([1])); // tensor([0.6667]) */
export function hardswish(input: Tensor): Tensor {
  checkTensorInput("hardswish", input);
  return act.hardswish(input);
}

/** `log(1 / (1 + e^-x))`, computed without overflow, like `F.logsigmoid`. @example F.logsigmoid(bp.tensor([0])); // tensor([-0.6931]) */
export function logsigmoid(input: Tensor): Tensor {
  checkTensorInput("logsigmoid", input);
  return act.logsigmoid(input);
}

/** `x / (1 + |x|)`, like `F.softsign`. @example F.softsign(bp.tensor([1])); // tensor([0.5000]) */
export function softsign(input: Tensor): Tensor {
  checkTensorInput("softsign", input);
  return act.softsign(input);
}

/** `x - tanh(x)`, like `F.tanhshrink`. @example F.tanhshrink(bp.tensor([1])); // tensor([0.2384]) */
export function tanhshrink(input: Tensor): Tensor {
  checkTensorInput("tanhshrink", input);
  return act.tanhshrink(input);
}

/** Options of `hardshrink` / `softshrink` and their modules. */
export interface ShrinkOptions {
  /** The half-width of the zeroed band (default 0.5). */
  lambd?: number;
}

/** `x` where `|x| > lambd`, else 0 (default 0.5), like `F.hardshrink`. @example F.hardshrink(bp.tensor([0.3, -1])); // tensor([ 0., -1.]) */
export function hardshrink(input: Tensor, lambd: number | ShrinkOptions = {}): Tensor {
  checkTensorInput("hardshrink", input);
  return act.hardshrink(input, numberOrOption("hardshrink", "lambd", lambd, 0.5));
}

/** `x - lambd` above lambd, `x + lambd` below -lambd, else 0 (default 0.5), like `F.softshrink`. @example F.softshrink(bp.tensor([0.3, -1])); // tensor([ 0.0000, -0.5000]) */
export function softshrink(input: Tensor, lambd: number | ShrinkOptions = {}): Tensor {
  checkTensorInput("softshrink", input);
  return act.softshrink(input, numberOrOption("softshrink", "lambd", lambd, 0.5));
}
