import { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional/index.ts";
import type { Reduction } from "./functional/index.ts";
import { checkKLDivReduction, checkLabelSmoothing, checkReduction, checkTensorInput } from "./_checks.ts";

/*
 * Loss modules, like torch/nn/modules/loss.py: a base owning `reduction`, a weighted base owning the
 * `weight` buffer, and thin modules that delegate to nn.functional. Apply with
 * `loss.forward(input, target)`.
 */

/**
 * Base of every loss: holds `reduction` (`"none"`, `"mean"` (default) or `"sum"`), like PyTorch's `_Loss`.
 * Subclass it for a custom loss. (`R` widens the reduction names: KLDivLoss adds "batchmean".)
 * @example
 * class HuberLike extends nn.Loss {
 *   override forward(input: bp.Tensor, target: bp.Tensor): bp.Tensor {
 *     const l = input.sub(target).abs().clamp(null, 1);
 *     return this.reduction === "none" ? l : this.reduction === "sum" ? l.sum() : l.mean();
 *   }
 * }
 */
export class Loss<R extends string = Reduction> extends Module {
  /** How per-element losses are reduced. */
  reduction: R;

  constructor(options: F.LossOptions = {}) {
    super();
    this.reduction = checkReduction(this.constructor.name, options.reduction ?? "mean") as R;
  }

  /** Computes the loss of `input` against `target` (a few losses take a third tensor). */
  override forward(_input: Tensor, _target: Tensor, ..._more: Tensor[]): Tensor {
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
    checkTensorInput("MSELoss.forward", input);
    checkTensorInput("MSELoss.forward", target, "target");
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
    checkTensorInput("CrossEntropyLoss.forward", input);
    checkTensorInput("CrossEntropyLoss.forward", target, "target");
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
    checkTensorInput("NLLLoss.forward", input);
    checkTensorInput("NLLLoss.forward", target, "target");
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

/**
 * Huber loss: with `d = x - y`, `l = 0.5 d^2` where `|d| < delta`, else `delta (|d| - 0.5 delta)`
 * (see `F.huberLoss`). Options `delta` (default 1), `reduction`. Input and target of the same shape.
 * @example new nn.HuberLoss({ delta: 0.5 }).forward(bp.tensor([0, 3]), bp.tensor([0.5, 0])); // tensor(0.7500)
 */
export class HuberLoss extends Loss {
  /** Where the loss turns from quadratic to linear. */
  delta: number;

  constructor(options: F.HuberLossOptions = {}) {
    super(options);
    this.delta = options.delta ?? 1;
    if (!(this.delta > 0)) throw new Error(`HuberLoss: delta must be positive, got ${this.delta}`);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.huberLoss(input, target, { delta: this.delta, reduction: this.reduction });
  }
}

/**
 * Smooth L1 loss: `l = 0.5 d^2 / beta` where `|d| < beta`, else `|d| - 0.5 beta` (see
 * `F.smoothL1Loss`). Options `beta` (default 1; 0 gives L1), `reduction`.
 * @example new nn.SmoothL1Loss().forward(bp.tensor([0, 3]), bp.tensor([0.5, 0])); // tensor(1.3125)
 */
export class SmoothL1Loss extends Loss {
  /** Where the loss turns from quadratic to linear. */
  beta: number;

  constructor(options: F.SmoothL1LossOptions = {}) {
    super(options);
    this.beta = options.beta ?? 1;
    if (!(this.beta >= 0)) throw new Error(`SmoothL1Loss: beta must not be negative, got ${this.beta}`);
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.smoothL1Loss(input, target, { beta: this.beta, reduction: this.reduction });
  }
}

/**
 * Kullback-Leibler divergence of log-probabilities (input) from probabilities (target, or
 * log-probabilities with `logTarget`): `l = p (log p - log q)` (see `F.klDiv`). `reduction`
 * `"mean"` (default, over elements, as PyTorch), `"batchmean"` (the KL divergence per example),
 * `"sum"` or `"none"`.
 * @example
 * const loss = new nn.KLDivLoss({ reduction: "batchmean" });
 * loss.forward(bp.tensor([[0.5, 0.5]]).log(), bp.tensor([[0.9, 0.1]])); // tensor(0.3681)
 */
export class KLDivLoss extends Loss<F.KLDivReduction> {
  /** The target holds log-probabilities. */
  logTarget: boolean;

  constructor(options: F.KLDivLossOptions = {}) {
    super();
    this.reduction = checkKLDivReduction("KLDivLoss", options.reduction ?? "mean");
    this.logTarget = options.logTarget ?? false;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.klDiv(input, target, { reduction: this.reduction, logTarget: this.logTarget });
  }
}

/**
 * Poisson negative log-likelihood: `l = e^x - y x` (x the log-rate; `logInput: false`: `x - y log(x +
 * eps)`), plus Stirling's term with `full` (see `F.poissonNllLoss`). Defaults logInput true, full
 * false, eps 1e-8, reduction "mean".
 * @example new nn.PoissonNLLLoss().forward(bp.tensor([0, 1]), bp.tensor([1, 2])); // tensor(0.8591)
 */
export class PoissonNLLLoss extends Loss {
  /** The input is the log of the rate. */
  logInput: boolean;
  /** Adds Stirling's approximation of log(y!). */
  full: boolean;
  /** Added to the rate inside the log when logInput is false. */
  eps: number;

  constructor(options: F.PoissonNLLLossOptions = {}) {
    super(options);
    this.logInput = options.logInput ?? true;
    this.full = options.full ?? false;
    this.eps = options.eps ?? 1e-8;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.poissonNllLoss(input, target, { logInput: this.logInput, full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/**
 * Gaussian negative log-likelihood: `l = 0.5 (log var + (x - y)^2 / var)` with var clamped at eps
 * (see `F.gaussianNllLoss`); `forward(input, target, var)`, var of the input's shape or one per row.
 * Defaults full false, eps 1e-6, reduction "mean".
 * @example new nn.GaussianNLLLoss().forward(bp.tensor([0, 1]), bp.tensor([0.5, 1]), bp.tensor([1, 1])); // tensor(0.0625)
 */
export class GaussianNLLLoss extends Loss {
  /** Adds the constant 0.5 log(2 pi). */
  full: boolean;
  /** Lower clamp of the variance. */
  eps: number;

  constructor(options: F.GaussianNLLLossOptions = {}) {
    super(options);
    this.full = options.full ?? false;
    this.eps = options.eps ?? 1e-6;
  }

  override forward(input: Tensor, target: Tensor, variance: Tensor): Tensor {
    return F.gaussianNllLoss(input, target, variance, { full: this.full, eps: this.eps, reduction: this.reduction });
  }
}

/**
 * Two-class logistic loss for targets in {-1, 1}: `l = log(1 + e^(-y x))` (see `F.softMarginLoss`).
 * @example new nn.SoftMarginLoss().forward(bp.tensor([2, -1]), bp.tensor([1, -1])); // tensor(0.2201)
 */
export class SoftMarginLoss extends Loss {
  override forward(input: Tensor, target: Tensor): Tensor {
    return F.softMarginLoss(input, target, { reduction: this.reduction });
  }
}

/**
 * Multi-label one-versus-all logistic loss: input `[N, C]` logits, target `[N, C]` in [0, 1],
 * `l_n = -(1/C) sum_c w_c (y log sigmoid(x) + (1 - y) log sigmoid(-x))` (see
 * `F.multilabelSoftMarginLoss`). Options `weight` `[C]` (or passed alone), `reduction`.
 * @example new nn.MultiLabelSoftMarginLoss().forward(bp.tensor([[2, -1]]), bp.tensor([[1, 0]])); // tensor(0.2201)
 */
export class MultiLabelSoftMarginLoss extends WeightedLoss {
  constructor(options: F.MultiLabelSoftMarginLossOptions | Tensor = {}) {
    super(optionsWithWeight(options));
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.multilabelSoftMarginLoss(input, target, { weight: this.weight, reduction: this.reduction });
  }
}

/**
 * Cosine embedding loss: `1 - cos(x1, x2)` for target 1, `max(0, cos - margin)` for -1 (see
 * `F.cosineEmbeddingLoss`); `forward(input1, input2, target)` with `[N, D]`, `[N, D]`, `[N]`.
 * Options `margin` (default 0), `reduction`.
 * @example new nn.CosineEmbeddingLoss().forward(bp.tensor([[1, 0]]), bp.tensor([[1, 1]]), bp.tensor([1])); // tensor(0.2929)
 */
export class CosineEmbeddingLoss extends Loss {
  /** The margin of dissimilar pairs. */
  margin: number;

  constructor(options: F.MarginLossOptions = {}) {
    super(options);
    this.margin = options.margin ?? 0;
  }

  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.cosineEmbeddingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Margin ranking loss: `l = max(0, -y (x1 - x2) + margin)` (see `F.marginRankingLoss`);
 * `forward(input1, input2, target)`. Options `margin` (default 0), `reduction`.
 * @example new nn.MarginRankingLoss().forward(bp.tensor([0.8, 0.2]), bp.tensor([0.3, 0.4]), bp.tensor([1, 1])); // tensor(0.1000)
 */
export class MarginRankingLoss extends Loss {
  /** The margin. */
  margin: number;

  constructor(options: F.MarginLossOptions = {}) {
    super(options);
    this.margin = options.margin ?? 0;
  }

  override forward(input1: Tensor, input2: Tensor, target: Tensor): Tensor {
    return F.marginRankingLoss(input1, input2, target, { margin: this.margin, reduction: this.reduction });
  }
}

/**
 * Triplet margin loss: `l = max(0, margin + d(a, p) - d(a, n))` with the pairwise p-norm distance
 * (see `F.tripletMarginLoss`); `forward(anchor, positive, negative)`. Defaults margin 1, p 2,
 * eps 1e-6, swap false, reduction "mean".
 * @example new nn.TripletMarginLoss({ margin: 0.5 }).forward(bp.randn(4, 8), bp.randn(4, 8), bp.randn(4, 8));
 */
export class TripletMarginLoss extends Loss {
  /** The margin. */
  margin: number;
  /** The norm degree. */
  p: number;
  /** Added to the differences before the norm. */
  eps: number;
  /** Use min(d(a, n), d(p, n)) as the negative distance. */
  swap: boolean;

  constructor(options: F.TripletMarginLossOptions = {}) {
    super(options);
    this.margin = options.margin ?? 1;
    this.p = options.p ?? 2;
    this.eps = options.eps ?? 1e-6;
    this.swap = options.swap ?? false;
  }

  override forward(anchor: Tensor, positive: Tensor, negative: Tensor): Tensor {
    return F.tripletMarginLoss(anchor, positive, negative, {
      margin: this.margin, p: this.p, eps: this.eps, swap: this.swap, reduction: this.reduction,
    });
  }
}

/**
 * Hinge embedding loss: `l = x` for target 1, `max(0, margin - x)` for -1 (see
 * `F.hingeEmbeddingLoss`). Options `margin` (default 1), `reduction`.
 * @example new nn.HingeEmbeddingLoss().forward(bp.tensor([0.3, 2]), bp.tensor([1, -1])); // tensor(0.1500)
 */
export class HingeEmbeddingLoss extends Loss {
  /** The margin. */
  margin: number;

  constructor(options: F.MarginLossOptions = {}) {
    super(options);
    this.margin = options.margin ?? 1;
  }

  override forward(input: Tensor, target: Tensor): Tensor {
    return F.hingeEmbeddingLoss(input, target, { margin: this.margin, reduction: this.reduction });
  }
}
