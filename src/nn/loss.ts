import { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional/index.ts";
import type { Reduction } from "./functional/index.ts";
import { checkLabelSmoothing, checkReduction } from "./_checks.ts";

/*
 * Loss modules, like torch/nn/modules/loss.py: a base owning `reduction`, a weighted base owning the
 * `weight` buffer, and thin modules that delegate to nn.functional. Apply with
 * `loss.forward(input, target)`.
 */

/**
 * Base of every loss: holds `reduction` (`"none"`, `"mean"` (default) or `"sum"`), like PyTorch's `_Loss`.
 * Subclass it for a custom loss.
 * @example
 * class HuberLike extends nn.Loss {
 *   override forward(input: bp.Tensor, target: bp.Tensor): bp.Tensor {
 *     const l = input.sub(target).abs().clamp(null, 1);
 *     return this.reduction === "none" ? l : this.reduction === "sum" ? l.sum() : l.mean();
 *   }
 * }
 */
export class Loss extends Module {
  /** How per-element losses are reduced. */
  reduction: Reduction;

  constructor(options: F.LossOptions = {}) {
    super();
    this.reduction = checkReduction(this.constructor.name, options.reduction ?? "mean");
  }

  /** Computes the loss of `input` against `target`. */
  override forward(_input: Tensor, _target: Tensor): Tensor {
    return super.forward();
  }
}

/**
 * Base of the losses with a rescaling `weight` (a buffer: in `stateDict`, not a parameter), like
 * PyTorch's `_WeightedLoss`.
 * @example
 * const loss = new nn.CrossEntropyLoss({ weight: bp.tensor([1, 10]) });
 * loss instanceof nn.WeightedLoss; // true
 * Object.keys(loss.stateDict()); // ["weight"]
 */
export class WeightedLoss extends Loss {
  /** The rescaling weight, or null. */
  declare weight: Tensor | null;

  constructor(options: F.LossOptions & { weight?: Tensor | null } = {}) {
    super(options);
    this.registerBuffer("weight", options.weight ?? null);
  }
}

function optionsWithWeight<T extends { weight?: Tensor | null }>(options: T | Tensor): T {
  return options instanceof Tensor ? ({ weight: options } as T) : options;
}

/**
 * Mean squared error: `l_i = (x_i - y_i)^2`, reduced by mean (default), sum or none. Input and target
 * of the same shape.
 * @example
 * const loss = new nn.MSELoss();
 * loss.forward(bp.tensor([0.5, -0.25, 0.75]), bp.tensor([1, 0.25, 0.25])); // tensor(0.2500)
 */
export class MSELoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.mseLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Mean absolute error: `l_i = |x_i - y_i|`, reduced by mean (default), sum or none.
 * @example
 * new nn.L1Loss().forward(bp.tensor([0.5, -0.25, 0.75]), bp.tensor([1, 0.25, 0.25])); // tensor(0.5000)
 */
export class L1Loss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.l1Loss(input, target, { reduction: this.reduction });
  }
}

/**
 * Cross-entropy of logits against class indices or class probabilities (see `F.crossEntropy`):
 * input `[N, C]` (also `[C]`, `[N, C, d1, ...]`), target int32 `[N]` or float `[N, C]`. Options:
 * `weight` per class `[C]`, `ignoreIndex` (default -100), `reduction` (default "mean": weighted mean
 * over non-ignored targets), `labelSmoothing` (default 0). The weight may also be passed alone
 * (`new nn.CrossEntropyLoss(weight)`).
 * @example
 * const loss = new nn.CrossEntropyLoss();
 * loss.forward(bp.rand(3, 5), bp.tensor([1, 0, 4], { dtype: "int32" }));
 */
export class CrossEntropyLoss extends WeightedLoss {
  /** Targets with this value are ignored. */
  ignoreIndex: number;
  /** Label smoothing amount in [0, 1]. */
  labelSmoothing: number;

  constructor(options: F.CrossEntropyLossOptions | Tensor = {}) {
    const o = optionsWithWeight(options);
    super(o);
    this.ignoreIndex = o.ignoreIndex ?? -100;
    this.labelSmoothing = checkLabelSmoothing("CrossEntropyLoss", o.labelSmoothing ?? 0);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.crossEntropy(input, target, {
      weight: this.weight,
      ignoreIndex: this.ignoreIndex,
      reduction: this.reduction,
      labelSmoothing: this.labelSmoothing,
    });
  }
}

/**
 * Negative log-likelihood of log-probabilities (pair it with `LogSoftmax`): input `[N, C]`, target
 * int32 `[N]`, `l_n = -w[y_n] x[n, y_n]`. Options `weight`, `ignoreIndex` (-100), `reduction`.
 * @example
 * const loss = new nn.NLLLoss();
 * loss.forward(new nn.LogSoftmax(1).forward(bp.randn(3, 5)), bp.tensor([1, 0, 4], { dtype: "int32" }));
 */
export class NLLLoss extends WeightedLoss {
  /** Targets with this value are ignored. */
  ignoreIndex: number;

  constructor(options: F.NLLLossOptions | Tensor = {}) {
    const o = optionsWithWeight(options);
    super(o);
    this.ignoreIndex = o.ignoreIndex ?? -100;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.nllLoss(input, target, { weight: this.weight, ignoreIndex: this.ignoreIndex, reduction: this.reduction });
  }
}

/**
 * Binary cross-entropy of probabilities in [0, 1]: `l_i = -w_i (y_i log x_i + (1 - y_i) log(1 - x_i))`,
 * logs clamped at -100 like PyTorch. Input and target of the same shape; `weight` broadcast to it.
 * Prefer `BCEWithLogitsLoss` on logits.
 * @example
 * new nn.BCELoss().forward(bp.tensor([0.8, 0.2, 0.6]), bp.tensor([1, 0, 1])); // tensor(0.3190)
 */
export class BCELoss extends WeightedLoss {
  constructor(options: F.BCELossOptions | Tensor = {}) {
    super(optionsWithWeight(options));
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropy(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Sigmoid + binary cross-entropy in one stable step: `l = max(x, 0) - x y + log(1 + e^-|x|)`, finite for
 * any logit; `posWeight` (broadcast along the last dimension) weighs positive examples:
 * `l = (1 - y) x + (1 + (p - 1) y) log(1 + e^-x)`. Options `weight`, `posWeight`, `reduction`.
 * @example new nn.BCEWithLogitsLoss().forward(bp.tensor([0]), bp.tensor([1])); // tensor(0.6931)
 */
export class BCEWithLogitsLoss extends WeightedLoss {
  /** The positive-example weight, or null (a buffer). */
  declare posWeight: Tensor | null;

  constructor(options: F.BCEWithLogitsLossOptions | Tensor = {}) {
    const o = optionsWithWeight(options);
    super(o);
    this.registerBuffer("posWeight", o.posWeight ?? null);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.binaryCrossEntropyWithLogits(input, target, {
      weight: this.weight,
      posWeight: this.posWeight,
      reduction: this.reduction,
    });
  }
}

/**
 * Multi-class hinge (SVM) loss: input `[N, C]`, target int32 `[N]`,
 * `l_n = sum_{j != y} w[y] max(0, margin - x[y] + x[j])^p / C`. Defaults p 1 (a number or in the
 * options), margin 1, no weight, reduction "mean".
 * @example
 * new nn.MultiMarginLoss().forward(bp.tensor([[0.1, 0.2, 0.4, 0.8]]), bp.tensor([3], { dtype: "int32" })); // tensor(0.3250)
 */
export class MultiMarginLoss extends WeightedLoss {
  /** Exponent of the hinge, 1 or 2. */
  p: number;
  /** The margin. */
  margin: number;

  constructor(p: number | F.MultiMarginLossOptions = {}, options: F.MultiMarginLossOptions = {}) {
    const o = typeof p === "number" ? { ...options, p } : p;
    super(o);
    this.p = o.p ?? 1;
    this.margin = o.margin ?? 1;
    if (this.p !== 1 && this.p !== 2) throw new Error(`MultiMarginLoss: only p == 1 and p == 2 supported, got ${this.p}`);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multiMarginLoss(input, target, { p: this.p, margin: this.margin, weight: this.weight, reduction: this.reduction });
  }
}
