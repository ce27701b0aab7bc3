import type { Tensor } from "../tensor/tensor.ts";
import { full } from "../tensor/creation.ts";
import type { DType } from "../tensor/dtype.ts";
import { Module } from "./module.ts";
import { pyFloat } from "./_repr.ts";
import { Parameter } from "./parameter.ts";
import * as F from "./functional/index.ts";
import { numberOption, numberOrOption } from "./_checks.ts";

/*
 * Activation modules, like torch/nn/modules/activation.py: each keeps its options and delegates to
 * nn.functional. Shapes: any input shape, output of the same shape (Softmax / LogSoftmax normalise
 * along `dim`).
 */

/**
 * `ReLU(x) = max(0, x)`; derivative 1 for x > 0, else 0.
 * @example new nn.ReLU().forward(bp.tensor([-1, 2])); // tensor([0., 2.])
 */
export class ReLU extends Module {
  override forward(input: Tensor): Tensor {
    return F.relu(input);
  }
}

/**
 * `LeakyReLU(x) = x` for x > 0, `negativeSlope * x` otherwise; default slope 0.01. The slope may be
 * passed as a number, as PyTorch users do (`new nn.LeakyReLU(0.01)`), or as `{negativeSlope}`.
 * @example new nn.LeakyReLU(0.2).forward(bp.tensor([-1, 2])); // tensor([-0.2000, 2.0000])
 */
export class LeakyReLU extends Module {
  /** Slope for negative inputs. */
  negativeSlope: number;

  constructor(negativeSlope: number | F.LeakyReLUOptions = {}) {
    super();
    this.negativeSlope = numberOrOption("LeakyReLU", "negativeSlope", negativeSlope, 0.01);
  }

  override forward(input: Tensor): Tensor {
    return F.leakyRelu(input, this.negativeSlope);
  }

  override extraRepr(): string {
    return `negative_slope=${pyFloat(this.negativeSlope)}`;
  }
}

/** Options of `PReLU`. */
export interface PReLUOptions {
  /** Number of learnable slopes: 1 (default, shared) or the number of input channels (dimension 1). */
  numParameters?: number;
  /** Initial slope (default 0.25). */
  init?: number;
  /** dtype of the weight (default float32). */
  dtype?: DType;
}

/**
 * Parametric ReLU: `x` for x > 0, `a * x` otherwise, with learnable slope(s) `a` (the `weight`
 * Parameter, shape `[numParameters]`, initialised to `init`). Defaults numParameters 1, init 0.25.
 * `numParameters` may be passed as a number (`new nn.PReLU(3)`).
 * @example
 * const act = new nn.PReLU();
 * act.forward(bp.tensor([-1, 2])); // tensor([-0.2500, 2.0000])
 */
export class PReLU extends Module {
  /** Number of slopes. */
  readonly numParameters: number;
  /** The initial slope. */
  readonly init: number;
  /** The learnable slopes, shape `[numParameters]`. */
  weight: Parameter;

  constructor(numParameters: number | PReLUOptions = {}, options: PReLUOptions = {}) {
    super();
    const o = typeof numParameters === "number" ? { ...options, numParameters } : numParameters;
    this.numParameters = o.numParameters ?? 1;
    if (!Number.isInteger(this.numParameters) || this.numParameters < 1) {
      throw new Error(`PReLU: numParameters must be a positive integer, got ${this.numParameters}`);
    }
    this.init = o.init ?? 0.25;
    this.weight = new Parameter(full([this.numParameters], this.init, { dtype: o.dtype ?? "float32" }));
  }

  /** Refills the slopes with `init`. */
  resetParameters(): void {
    this.weight.data.fill(this.init);
  }

  override forward(input: Tensor): Tensor {
    return F.prelu(input, this.weight);
  }

  override extraRepr(): string {
    return `num_parameters=${this.numParameters}`;
  }
}

/**
 * Randomized leaky ReLU: `x` for x > 0; for x <= 0, `a * x` where in training `a ~ U(lower, upper)` is
 * drawn per element (seeded by `manualSeed`), and in eval `a = (lower + upper) / 2`. Defaults lower
 * 1/8, upper 1/3; both may be passed positionally (`new nn.RReLU(0.1, 0.3)`) or as `{lower, upper}`.
 * @example new nn.RReLU().eval().forward(bp.tensor([-1, 2])); // tensor([-0.2292, 2.0000])
 */
export class RReLU extends Module {
  /** Lower bound of the slope. */
  lower: number;
  /** Upper bound of the slope. */
  upper: number;

  constructor(lower: number | F.RReLUOptions = {}, upper?: number) {
    super();
    const o: F.RReLUOptions = typeof lower === "object" && lower !== null ? lower : { lower, upper };
    this.lower = numberOption("RReLU", "lower", o.lower, 1 / 8);
    this.upper = numberOption("RReLU", "upper", o.upper, 1 / 3);
    if (!(this.lower <= this.upper)) throw new Error(`RReLU: lower bound ${this.lower} must be less than or equal to the upper bound ${this.upper}`);
  }

  override forward(input: Tensor): Tensor {
    return F.rrelu(input, { lower: this.lower, upper: this.upper, training: this.training });
  }

  override extraRepr(): string {
    return `lower=${pyFloat(this.lower)}, upper=${pyFloat(this.upper)}`;
  }
}

/**
 * `ELU(x) = x` for x > 0, `alpha (e^x - 1)` otherwise; default alpha 1 (a number or `{alpha}`).
 * @example new nn.ELU().forward(bp.tensor([-1, 2])); // tensor([-0.6321, 2.0000])
 */
export class ELU extends Module {
  /** Scale of the negative part. */
  alpha: number;

  constructor(alpha: number | F.ELUOptions = {}) {
    super();
    this.alpha = numberOrOption(this.constructor.name, "alpha", alpha, 1);
  }

  override forward(input: Tensor): Tensor {
    return F.elu(input, this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/**
 * Gaussian error linear unit `x Phi(x)`; with `approximate: "tanh"` the tanh approximation
 * `x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`. Default `"none"`.
 * @example new nn.GELU({ approximate: "tanh" }).forward(bp.tensor([1])); // tensor([0.8412])
 */
export class GELU extends Module {
  /** `"none"` or `"tanh"`. */
  approximate: "none" | "tanh";

  constructor(approximate: "none" | "tanh" | F.GELUOptions = {}) {
    super();
    this.approximate = typeof approximate === "string" ? approximate : (approximate.approximate ?? "none");
    if (this.approximate !== "none" && this.approximate !== "tanh") {
      throw new Error(`GELU: approximate must be "none" or "tanh", got "${String(this.approximate)}"`);
    }
  }

  override forward(input: Tensor): Tensor {
    return F.gelu(input, this.approximate);
  }

  override extraRepr(): string {
    return `approximate='${this.approximate}'`;
  }
}

/**
 * `Sigmoid(x) = 1 / (1 + e^-x)`; derivative `s (1 - s)`.
 * @example new nn.Sigmoid().forward(bp.tensor([0])); // tensor([0.5000])
 */
export class Sigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.sigmoid(input);
  }
}

/**
 * `Tanh(x)`; derivative `1 - tanh^2`.
 * @example new nn.Tanh().forward(bp.tensor([0])); // tensor([0.])
 */
export class Tanh extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanh(input);
  }
}

function parseDim(op: string, dim: number | F.SoftmaxOptions | null | undefined): number | null {
  if (dim !== null && dim !== undefined && typeof dim !== "number" && typeof dim !== "object") {
    throw new Error(`${op}: dim must be a number, got ${typeof dim} ${String(dim).slice(0, 40)}`);
  }
  return typeof dim === "number" ? dim : (dim?.dim ?? null);
}

/**
 * `Softmax(x)_i = exp(x_i) / sum_j exp(x_j)` along `dim` (computed with the max subtracted), given as a
 * number (`new nn.Softmax(1)`) or `{dim}`. Without dim, PyTorch's legacy implicit choice: 0 for 0-, 1-
 * and 3-D inputs, else 1 — pass it explicitly.
 * @example new nn.Softmax(1).forward(bp.tensor([[1, 2, 3]])); // tensor([[0.0900, 0.2447, 0.6652]])
 */
export class Softmax extends Module {
  /** The normalised dimension (null: implicit). */
  dim: number | null;

  constructor(dim: number | F.SoftmaxOptions | null = {}) {
    super();
    this.dim = parseDim("Softmax", dim);
  }

  override forward(input: Tensor): Tensor {
    return F.softmax(input, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? "None"}`;
  }
}

/**
 * `LogSoftmax(x)_i = x_i - log(sum_j exp(x_j))` along `dim` (a number or `{dim}`; implicit choice as
 * `Softmax` when omitted).
 * @example new nn.LogSoftmax(1).forward(bp.tensor([[0, 0]])); // tensor([[-0.6931, -0.6931]])
 */
export class LogSoftmax extends Module {
  /** The normalised dimension (null: implicit). */
  dim: number | null;

  constructor(dim: number | F.SoftmaxOptions | null = {}) {
    super();
    this.dim = parseDim("LogSoftmax", dim);
  }

  override forward(input: Tensor): Tensor {
    return F.logSoftmax(input, this.dim);
  }

  override extraRepr(): string {
    return `dim=${this.dim ?? "None"}`;
  }
}

/**
 * `Threshold(x) = x` if x > threshold, else `value`; both required, in PyTorch's order.
 * @example new nn.Threshold(0.1, 20).forward(bp.tensor([0.05, 0.5])); // tensor([20.0000, 0.5000])
 */
export class Threshold extends Module {
  /** Values at or below this are replaced. */
  threshold: number;
  /** The replacement. */
  value: number;

  constructor(threshold: number, value: number) {
    super();
    if (typeof threshold !== "number" || typeof value !== "number") {
      throw new Error("Threshold: threshold and value are required numbers (new nn.Threshold(threshold, value))");
    }
    this.threshold = threshold;
    this.value = value;
  }

  override forward(input: Tensor): Tensor {
    return F.threshold(input, this.threshold, this.value);
  }

  override extraRepr(): string {
    return `threshold=${pyFloat(this.threshold)}, value=${pyFloat(this.value)}`;
  }
}

/**
 * Unit step, the threshold unit of Rosenblatt's perceptron: `Step(x) = 1` if x >= 0, else 0. Its
 * gradient is zero everywhere (train perceptrons with the perceptron rule, not backprop).
 * @example new nn.Step().forward(bp.tensor([-0.5, 0, 2])); // tensor([0., 1., 1.])
 */
export class Step extends Module {
  override forward(input: Tensor): Tensor {
    return F.step(input);
  }
}

// ---- more activations, each delegating to nn.functional (one kernel forward and backward)

/**
 * `Softplus(x) = log(1 + e^(beta x)) / beta`, and `x` where `beta x > threshold`; defaults beta 1,
 * threshold 20, given positionally (`new nn.Softplus(2, 10)`) or as `{beta, threshold}`.
 * @example new nn.Softplus().forward(bp.tensor([0])); // tensor([0.6931])
 */
export class Softplus extends Module {
  /** Sharpness. */
  beta: number;
  /** Where the function becomes linear (`beta x > threshold`). */
  threshold: number;

  constructor(beta: number | F.SoftplusOptions = {}, threshold?: number) {
    super();
    const o: F.SoftplusOptions = typeof beta === "object" && beta !== null ? beta : { beta, threshold };
    this.beta = numberOption("Softplus", "beta", o.beta, 1);
    this.threshold = numberOption("Softplus", "threshold", o.threshold, 20);
  }

  override forward(input: Tensor): Tensor {
    return F.softplus(input, this.beta, this.threshold);
  }

  override extraRepr(): string {
    return `beta=${this.beta}, threshold=${this.threshold}`;
  }
}

/**
 * `SiLU(x) = x sigmoid(x)` (swish).
 * @example new nn.SiLU().forward(bp.tensor([1])); // tensor([0.7311]);
 */
export class SiLU extends Module {
  override forward(input: Tensor): Tensor {
    return F.silu(input);
  }
}

/**
 * `Mish(x) = x tanh(softplus(x))`.
 * @example new nn.Mish().forward(bp.tensor([1])); // tensor([0.8651]);
 */
export class Mish extends Module {
  override forward(input: Tensor): Tensor {
    return F.mish(input);
  }
}

/**
 * `SELU(x) = scale (max(0, x) + min(0, alpha (e^x - 1)))` with alpha ≈ 1.6733, scale ≈ 1.0507.
 * @example new nn.SELU().forward(bp.tensor([-1, 1])); // tensor([-1.1113, 1.0507]);
 */
export class SELU extends Module {
  override forward(input: Tensor): Tensor {
    return F.selu(input);
  }
}

/**
 * `CELU(x) = max(0, x) + min(0, alpha (e^(x/alpha) - 1))`; default alpha 1 (a number or `{alpha}`).
 * @example new nn.CELU(2).forward(bp.tensor([-1])); // tensor([-0.7869])
 */
export class CELU extends Module {
  /** Scale of the negative part. */
  alpha: number;

  constructor(alpha: number | F.CELUOptions = {}) {
    super();
    this.alpha = numberOrOption(this.constructor.name, "alpha", alpha, 1);
  }

  override forward(input: Tensor): Tensor {
    return F.celu(input, this.alpha);
  }

  override extraRepr(): string {
    return `alpha=${pyFloat(this.alpha)}`;
  }
}

/**
 * `Hardtanh(x) = clamp(x, minVal, maxVal)`; defaults -1 and 1, given positionally
 * (`new nn.Hardtanh(-2, 2)`) or as `{minVal, maxVal}`. The gradient is 0 at the edges, as PyTorch's.
 * @example new nn.Hardtanh().forward(bp.tensor([-2, 0.5, 3])); // tensor([-1.0000, 0.5000, 1.0000])
 */
export class Hardtanh extends Module {
  /** Lower edge. */
  minVal: number;
  /** Upper edge. */
  maxVal: number;

  constructor(minVal: number | F.HardtanhOptions = {}, maxVal?: number) {
    super();
    const o: F.HardtanhOptions = typeof minVal === "object" && minVal !== null ? minVal : { minVal, maxVal };
    this.minVal = numberOption(this.constructor.name, "minVal", o.minVal, -1);
    this.maxVal = numberOption(this.constructor.name, "maxVal", o.maxVal, 1);
    if (!(this.minVal <= this.maxVal)) throw new Error(`Hardtanh: minVal ${this.minVal} must be less than or equal to maxVal ${this.maxVal}`);
  }

  override forward(input: Tensor): Tensor {
    return F.hardtanh(input, this.minVal, this.maxVal);
  }

  override extraRepr(): string {
    return `min_val=${pyFloat(this.minVal)}, max_val=${pyFloat(this.maxVal)}`;
  }
}

/**
 * `ReLU6(x) = min(max(0, x), 6)`: a `Hardtanh(0, 6)`, as in PyTorch.
 * @example new nn.ReLU6().forward(bp.tensor([-1, 3, 7])); // tensor([0., 3., 6.])
 */
export class ReLU6 extends Hardtanh {
  constructor() {
    super(0, 6);
  }

  override extraRepr(): string {
    return "";
  }
}

/**
 * `Hardsigmoid(x) = min(max(x + 3, 0), 6) / 6`.
 * @example new nn.Hardsigmoid().forward(bp.tensor([0])); // tensor([0.5000]);
 */
export class Hardsigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.hardsigmoid(input);
  }
}

/**
 * `Hardswish(x) = x min(max(x + 3, 0), 6) / 6`.
 * @example new nn.Hardswish().forward(bp.tensor([1])); // tensor([0.6667]);
 */
export class Hardswish extends Module {
  override forward(input: Tensor): Tensor {
    return F.hardswish(input);
  }
}

/**
 * `LogSigmoid(x) = log(1 / (1 + e^-x))`, computed without overflow.
 * @example new nn.LogSigmoid().forward(bp.tensor([0])); // tensor([-0.6931]);
 */
export class LogSigmoid extends Module {
  override forward(input: Tensor): Tensor {
    return F.logsigmoid(input);
  }
}

/**
 * `Softsign(x) = x / (1 + |x|)`.
 * @example new nn.Softsign().forward(bp.tensor([1])); // tensor([0.5000]);
 */
export class Softsign extends Module {
  override forward(input: Tensor): Tensor {
    return F.softsign(input);
  }
}

/**
 * `Tanhshrink(x) = x - tanh(x)`.
 * @example new nn.Tanhshrink().forward(bp.tensor([1])); // tensor([0.2384]);
 */
export class Tanhshrink extends Module {
  override forward(input: Tensor): Tensor {
    return F.tanhshrink(input);
  }
}

/**
 * `Hardshrink(x) = x` where `|x| > lambd`, else 0; default lambd 0.5 (a number or `{lambd}`).
 * @example new nn.Hardshrink().forward(bp.tensor([0.3, -1])); // tensor([ 0., -1.])
 */
export class Hardshrink extends Module {
  /** Half-width of the zeroed band. */
  lambd: number;

  constructor(lambd: number | F.ShrinkOptions = {}) {
    super();
    this.lambd = numberOrOption(this.constructor.name, "lambd", lambd, 0.5);
  }

  override forward(input: Tensor): Tensor {
    return F.hardshrink(input, this.lambd);
  }

  override extraRepr(): string {
    return String(this.lambd);
  }
}

/**
 * `Softshrink(x) = x - lambd` above lambd, `x + lambd` below -lambd, else 0; default lambd 0.5.
 * @example new nn.Softshrink().forward(bp.tensor([0.3, -1])); // tensor([ 0.0000, -0.5000])
 */
export class Softshrink extends Module {
  /** Half-width of the zeroed band. */
  lambd: number;

  constructor(lambd: number | F.ShrinkOptions = {}) {
    super();
    this.lambd = numberOrOption(this.constructor.name, "lambd", lambd, 0.5);
  }

  override forward(input: Tensor): Tensor {
    return F.softshrink(input, this.lambd);
  }

  override extraRepr(): string {
    return String(this.lambd);
  }
}
