import { Tensor } from "../tensor/tensor.ts";
import { formatShape, sameShape } from "../tensor/shape.ts";
import { where } from "../ops/where.ts";
import { binaryCrossEntropyWithLogits, crossEntropy } from "../nn/functional/loss.ts";

/*
 * Keras's losses (keras.losses), built from backprop's ops so autograd differentiates them w.r.t. the
 * prediction. A per-sample loss function maps (yTrue, yPred) to one value per sample (the mean, or the
 * sum, over the last axis, as Keras takes it); a `Loss` object wraps one and reduces it the way Keras's
 * `Loss.__call__` does (SUM_OVER_BATCH_SIZE). The formulas are Keras 2's and TF.js layers' (its Keras
 * port); where the two differ the choice is noted on the function.
 */

/** Keras's `backend.epsilon()`: the clip of probability losses, `[eps, 1 - eps]`. @example keras.losses.EPSILON; // 1e-7 */
export const EPSILON = 1e-7;

/**
 * Per-sample loss function: Keras's `loss_fn(y_true, y_pred)`, one value per sample (shape `yPred`'s
 * without its last axis), averaged over the last axis where Keras averages.
 * @example
 * const fn: keras.losses.LossFunction = (yTrue, yPred) => yPred.sub(yTrue).abs().mean(-1);
 */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * A loss's saved settings, as `getConfig()` returns them and `deserialize` takes them.
 * @example const config: keras.losses.LossConfig = { className: "Huber", name: "huber_loss", delta: 2 };
 */
export type LossConfig = Record<string, number | boolean | string>;

/**
 * Options of the probability losses.
 * @example new keras.losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: 0.1 });
 */
export interface CrossentropyOptions {
  /** Whether `yPred` holds logits rather than probabilities (default false). */
  fromLogits?: boolean;
  /** Mix the labels towards uniform: `y (1 - s) + s / K`, K = 2 for binary, the class count for categorical (default 0). */
  labelSmoothing?: number;
}

/**
 * Options of `huber` / `Huber`.
 * @example new keras.losses.Huber({ delta: 2 });
 */
export interface HuberOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** The float dtype a loss computes in: yPred's (float32 for integer predictions). */
function floatOf(t: Tensor): Tensor {
  return t.dtype === "float32" || t.dtype === "float64" ? t : t.float();
}

/**
 * yTrue converted to yPred's dtype and, when it is `[N]` against `[N, 1]` (or the reverse), reshaped to
 * yPred's shape, as Keras's `squeeze_or_expand_dimensions` lines them up; other shape differences throw.
 */
function aligned(op: string, yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  const p = floatOf(yPred);
  let t = yTrue.dtype === p.dtype ? yTrue : yTrue.to(p.dtype);
  if (!sameShape(t.shape, p.shape)) {
    const oneMore = (a: readonly number[], b: readonly number[]): boolean =>
      a.length === b.length + 1 && a[a.length - 1] === 1 && sameShape(a.slice(0, -1), b);
    if (oneMore(p.shape, t.shape) || oneMore(t.shape, p.shape)) t = t.reshape(p.shape);
    else {
      throw new Error(
        `keras.losses.${op}: y_true shape ${formatShape(yTrue.shape)} does not match y_pred shape ${formatShape(yPred.shape)}`,
      );
    }
  }
  return [t, p];
}

function checkSmoothing(op: string, s: number): number {
  if (!(s >= 0 && s <= 1)) throw new Error(`keras.losses.${op}: labelSmoothing must lie in [0, 1], got ${s}`);
  return s;
}

/**
 * Mean squared error per sample: `mean((yPred - yTrue)^2, axis=-1)`.
 * Shapes: yTrue and yPred `[N, d]` (or `[N]` against `[N, 1]`) give `[N]`.
 * @example keras.losses.meanSquaredError(bp.tensor([[0, 1]]), bp.tensor([[1, 1]])); // tensor([0.5000])
 */
export function meanSquaredError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = aligned("meanSquaredError", yTrue, yPred);
  const d = p.sub(t);
  return d.mul(d).mean(-1);
}

/**
 * Mean absolute error per sample: `mean(|yPred - yTrue|, axis=-1)`. Shapes as `meanSquaredError`.
 * @example keras.losses.meanAbsoluteError(bp.tensor([[0, 1]]), bp.tensor([[1, 1]])); // tensor([0.5000])
 */
export function meanAbsoluteError(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = aligned("meanAbsoluteError", yTrue, yPred);
  return p.sub(t).abs().mean(-1);
}

/**
 * Binary cross-entropy per sample, averaged over the last axis. With labels y (after smoothing,
 * `y (1 - s) + s / 2`) and probabilities p clipped to `[eps, 1 - eps]` (eps = 1e-7), it is
 * `mean(-(y log p + (1 - y) log(1 - p)), axis=-1)`, computed as TF.js layers computes it: the logit
 * `x = log(p / (1 - p))` through the stable sigmoid cross-entropy. With `fromLogits`, yPred holds x
 * and nothing is clipped. Keras 2.4+ writes `log(p + eps)` instead, which differs from this by at most
 * eps/p (and by log 2 only where p is clipped, where the gradient is 0 in both).
 * Gradient w.r.t. p (unclipped): `(p - y) / (p (1 - p))`, divided by the last axis's size.
 * @example keras.losses.binaryCrossentropy(bp.tensor([[1], [0]]), bp.tensor([[0.9], [0.2]])); // tensor([0.1054, 0.2231])
 */
export function binaryCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  const op = "binaryCrossentropy";
  const [t0, p] = aligned(op, yTrue, yPred);
  let t = t0;
  const s = checkSmoothing(op, options.labelSmoothing ?? 0);
  if (s > 0) t = t.mul(1 - s).add(0.5 * s);
  let logits = p;
  if (!(options.fromLogits ?? false)) {
    const c = p.clamp(EPSILON, 1 - EPSILON);
    logits = c.div(c.neg().add(1)).log();
  }
  return binaryCrossEntropyWithLogits(logits, t, { reduction: "none" }).mean(-1);
}

/**
 * Categorical cross-entropy per sample: `-sum(y log q, axis=-1)` with y one-hot rows (or any class
 * distribution), smoothed to `y (1 - s) + s / C`. Probabilities are first normalised so each row sums
 * to 1, then clipped: `q = clip(p / sum(p), eps, 1 - eps)`, as Keras and TF.js do. With `fromLogits`,
 * `log q = logSoftmax(yPred)` without clipping (Keras's `softmax_cross_entropy_with_logits`; TF.js
 * clips the softmax, which differs only when a probability falls below 1e-7).
 * Shapes: yTrue and yPred `[N, C]` give `[N]`.
 * @example keras.losses.categoricalCrossentropy(bp.tensor([[0, 1, 0]]), bp.tensor([[0.05, 0.95, 0]])); // tensor([0.0513])
 */
export function categoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: CrossentropyOptions = {}): Tensor {
  const op = "categoricalCrossentropy";
  const [t0, p] = aligned(op, yTrue, yPred);
  let t = t0;
  const s = checkSmoothing(op, options.labelSmoothing ?? 0);
  const C = p.shape[p.dim() - 1];
  if (s > 0) t = t.mul(1 - s).add(s / C);
  const logq = options.fromLogits ?? false
    ? p.logSoftmax(-1)
    : p.div(p.sum(-1, true)).clamp(EPSILON, 1 - EPSILON).log();
  return t.mul(logq).sum(-1).neg();
}

/** The predictions as rows `[M, C]` and the checked labels as int32 `[M]`, with the batch shape. */
function sparseTargets(yTrue: Tensor, yPred: Tensor): { flat: Tensor; index: Tensor; batch: number[] } {
  const op = "sparseCategoricalCrossentropy";
  const p = floatOf(yPred);
  if (p.dim() < 1) throw new Error(`keras.losses.${op}: y_pred must have a class axis, got shape ${formatShape(yPred.shape)}`);
  const C = p.shape[p.dim() - 1];
  const batch = p.shape.slice(0, -1);
  const labelsShapeOk = sameShape(yTrue.shape, batch) || sameShape(yTrue.shape, [...batch, 1]);
  if (!labelsShapeOk) {
    throw new Error(
      `keras.losses.${op}: labels of shape ${formatShape(yTrue.shape)} do not fit y_pred of shape ${formatShape(yPred.shape)}; ` +
        `expected class indices of shape ${formatShape(batch)} or ${formatShape([...batch, 1])}`,
    );
  }
  const labels = new Int32Array(yTrue.numel());
  for (let i = 0; i < labels.length; i++) {
    const v = Math.floor(yTrue.data[i]);
    if (!(v >= 0 && v < C)) {
      throw new Error(`keras.losses.${op}: label ${yTrue.data[i]} (sample ${i}) is out of range for ${C} classes; labels must lie in [0, ${C - 1}]`);
    }
    labels[i] = v;
  }
  return { flat: p.reshape([-1, C]), index: new Tensor(labels, [labels.length]), batch };
}

/**
 * Sparse categorical cross-entropy per sample: `-log q[label]` for integer class labels (`[N]` or
 * `[N, 1]`, int32 or float, floored as TF.js does) against predictions `[N, C]`. Probabilities are
 * clipped, renormalised and clipped again, `q = clip(c / sum(c), eps, 1 - eps)` with
 * `c = clip(p, eps, 1 - eps)` (TF.js layers' composition; Keras's `log(c / sum(c))` differs only where
 * q itself would be clipped). With `fromLogits`: `-logSoftmax(yPred)[label]` (no clipping).
 * A label outside `[0, C)` throws an error naming it.
 * @example keras.losses.sparseCategoricalCrossentropy(bp.tensor([1]), bp.tensor([[0.05, 0.95, 0]])); // tensor([0.0513])
 */
export function sparseCategoricalCrossentropy(yTrue: Tensor, yPred: Tensor, options: Pick<CrossentropyOptions, "fromLogits"> = {}): Tensor {
  const { flat, index, batch } = sparseTargets(yTrue, yPred);
  let loss: Tensor;
  if (options.fromLogits ?? false) {
    loss = crossEntropy(flat, index, { reduction: "none" });
  } else {
    const c = flat.clamp(EPSILON, 1 - EPSILON);
    const q = c.div(c.sum(-1, true)).clamp(EPSILON, 1 - EPSILON);
    loss = q.gather(1, index.unsqueeze(1)).squeeze(1).log().neg();
  }
  return loss.reshape(batch);
}

/** Keras's `_maybe_convert_labels`: labels that are all 0 or 1 become -1 / 1; others are kept. */
function signedLabels(t: Tensor): Tensor {
  const binary = t.eq(0).logicalOr(t.eq(1)).all().item() !== 0;
  return binary ? t.mul(2).sub(1) : t;
}

/**
 * Hinge loss per sample: `mean(max(1 - y yPred, 0), axis=-1)`, labels -1 / 1; labels given as 0 / 1
 * are converted to -1 / 1 first, as Keras does. Shapes as `meanSquaredError`.
 * @example keras.losses.hinge(bp.tensor([[1], [0]]), bp.tensor([[0.3], [-2]])); // tensor([0.7000, 0.0000])
 */
export function hinge(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = aligned("hinge", yTrue, yPred);
  return signedLabels(t).mul(p).neg().add(1).relu().mean(-1);
}

/**
 * Categorical hinge per sample: `max(0, 1 + max((1 - y) yPred) - sum(y yPred))` over the last axis,
 * y one-hot. Shapes: `[N, C]` give `[N]`.
 * @example keras.losses.categoricalHinge(bp.tensor([[0, 1]]), bp.tensor([[0.4, 0.6]])); // tensor([0.8000])
 */
export function categoricalHinge(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = aligned("categoricalHinge", yTrue, yPred);
  const pos = t.mul(p).sum(-1);
  const neg = t.neg().add(1).mul(p).amax(-1);
  return neg.sub(pos).add(1).relu();
}

/**
 * Huber loss per sample, with e = yPred - yTrue and delta d (default 1):
 * `mean(|e| <= d ? e^2 / 2 : d |e| - d^2 / 2, axis=-1)`. Shapes as `meanSquaredError`.
 * @example keras.losses.huber(bp.tensor([[0, 0]]), bp.tensor([[0.5, 3]])); // tensor([1.3125])
 */
export function huber(yTrue: Tensor, yPred: Tensor, options: HuberOptions = {}): Tensor {
  const delta = options.delta ?? 1;
  if (!(delta > 0)) throw new Error(`keras.losses.huber: delta must be positive, got ${delta}`);
  const [t, p] = aligned("huber", yTrue, yPred);
  const e = p.sub(t);
  const a = e.abs();
  return where(a.le(delta), e.mul(e).mul(0.5), a.mul(delta).sub(0.5 * delta * delta)).mean(-1);
}

/**
 * Kullback-Leibler divergence per sample: `sum(y log(clip(y) / clip(yPred)), axis=-1)`, both clipped
 * to `[eps, 1]`. As TF.js, the factor y is not clipped, so y = 0 adds exactly 0 (Keras 2 multiplies
 * by clip(y), adding about eps log(eps / p) per zero). Shapes: `[N, C]` give `[N]`.
 * @example keras.losses.klDivergence(bp.tensor([[0.5, 0.5]]), bp.tensor([[0.25, 0.75]])); // tensor([0.1438])
 */
export function klDivergence(yTrue: Tensor, yPred: Tensor): Tensor {
  const [t, p] = aligned("klDivergence", yTrue, yPred);
  return t.mul(t.clamp(EPSILON, 1).div(p.clamp(EPSILON, 1)).log()).sum(-1);
}

/** Alias of `meanSquaredError`, as Keras's `mse`. @example keras.losses.mse(yTrue, yPred); */
export const mse = meanSquaredError;
/** Alias of `meanAbsoluteError`, as Keras's `mae`. @example keras.losses.mae(yTrue, yPred); */
export const mae = meanAbsoluteError;
/** Alias of `klDivergence`, as Keras's `kld`. @example keras.losses.kld(yTrue, yPred); */
export const kld = klDivergence;

/**
 * Rank-1 predictions `[N]` read as one output column `[N, 1]` (and rank-1 targets with them), so the
 * losses that average over the last axis give one value per sample rather than a scalar.
 */
function columns(yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  if (yPred.dim() !== 1) return [yTrue, yPred];
  return [yTrue.dim() === 1 ? yTrue.unsqueeze(1) : yTrue, yPred.unsqueeze(1)];
}

/** Sample count, and whether the shapes are class indices `[N]` / `[N, 1]` against `[N, C]`, C > 1. */
function classIndicesAgainstRows(yTrueShape: readonly number[], yPredShape: readonly number[]): boolean {
  const C = yPredShape[yPredShape.length - 1];
  if (yPredShape.length < 2 || C === 1) return false;
  const batch = yPredShape.slice(0, -1);
  return sameShape(yTrueShape, batch) || sameShape(yTrueShape, [...batch, 1]);
}

/**
 * A Keras loss object (keras.losses.Loss): holds the options, computes the per-sample losses in `call`
 * and reduces them in `forward` as Keras's `Loss.__call__` with SUM_OVER_BATCH_SIZE:
 * `sum(call(yTrue, yPred) * sampleWeight) / numel(call(yTrue, yPred))`.
 * @example
 * const loss = new keras.losses.BinaryCrossentropy();
 * loss.forward(bp.tensor([[1], [0]]), bp.tensor([[0.9], [0.2]])); // tensor(0.1643)
 */
export abstract class Loss {
  /** Keras's snake_case name, e.g. "binary_crossentropy". */
  readonly name: string;

  /** @param name the loss's name (Keras's snake_case default of each class). */
  protected constructor(name: string) {
    this.name = name;
  }

  /** The class name `deserialize` rebuilds this loss from (e.g. "BinaryCrossentropy"). */
  protected abstract readonly className: string;

  /** Per-sample losses: one value per sample, shape yPred's batch shape (`[N]` for `[N, d]`). */
  abstract call(yTrue: Tensor, yPred: Tensor): Tensor;

  /**
   * The batch loss, a 0-d tensor: `sum(call(yTrue, yPred) * sampleWeight) / N` with N the number of
   * per-sample values (Keras's SUM_OVER_BATCH_SIZE; without weights, the mean). sampleWeight: a scalar,
   * `[N]` or `[N, 1]`.
   */
  forward(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null = null): Tensor {
    const per = this.call(yTrue, yPred);
    if (sampleWeight === null) return per.mean();
    let w = sampleWeight.dtype === per.dtype ? sampleWeight : sampleWeight.to(per.dtype);
    if (w.numel() === per.numel() && !sameShape(w.shape, per.shape)) w = w.reshape(per.shape);
    else if (w.numel() !== 1 && !sameShape(w.shape, per.shape)) {
      throw new Error(
        `${this.describe()}: sampleWeight of shape ${formatShape(sampleWeight.shape)} does not fit ` +
          `per-sample losses of shape ${formatShape(per.shape)}`,
      );
    }
    return per.mul(w).sum().div(Math.max(per.numel(), 1));
  }

  /** Settings to save: `{className, name, ...options}`; `deserialize` rebuilds the loss from them. */
  getConfig(): LossConfig {
    return { className: this.className, name: this.name };
  }

  /**
   * Throws before training when targets of shape yTrueShape cannot fit this loss against predictions
   * of shape yPredShape: the row counts differ, or the shapes differ other than `[N]` vs `[N, 1]`. The
   * message names the loss and both shapes.
   */
  checkTargets(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    this.checkRows(yTrueShape, yPredShape);
    if (sameShape(yTrueShape, yPredShape)) return;
    const one = (a: readonly number[], b: readonly number[]): boolean =>
      a.length === b.length + 1 && a[a.length - 1] === 1 && sameShape(a.slice(0, -1), b);
    if (one(yTrueShape, yPredShape) || one(yPredShape, yTrueShape)) return;
    throw new Error(
      `${this.describe()}: y of shape ${formatShape(yTrueShape)} does not match the model's output shape ${formatShape(yPredShape)}`,
    );
  }

  /** `loss "name"` for messages. */
  protected describe(): string {
    return `loss "${this.name}"`;
  }

  /** Throws when y and the predictions have different numbers of rows. */
  protected checkRows(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    if (yTrueShape.length === 0 || yPredShape.length === 0) {
      throw new Error(`${this.describe()}: y and predictions need a batch axis, got y ${formatShape(yTrueShape)} and output ${formatShape(yPredShape)}`);
    }
    if (yTrueShape[0] !== yPredShape[0]) {
      throw new Error(
        `${this.describe()}: y has ${yTrueShape[0]} rows but the input has ${yPredShape[0]} ` +
          `(y shape ${formatShape(yTrueShape)}, output shape ${formatShape(yPredShape)})`,
      );
    }
  }
}

/** Shared by the losses whose targets are one-hot rows (or distributions) of the output's shape. */
abstract class RowTargetLoss extends Loss {
  override checkTargets(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    this.checkRows(yTrueShape, yPredShape);
    if (classIndicesAgainstRows(yTrueShape, yPredShape)) {
      throw new Error(
        `${this.describe()}: expects one-hot rows of shape ${formatShape(yPredShape)}, got y of shape ${formatShape(yTrueShape)}, ` +
          "which looks like class indices; use sparse_categorical_crossentropy for class indices, or one-hot encode y",
      );
    }
    super.checkTargets(yTrueShape, yPredShape);
  }
}

/**
 * Options of every loss object.
 * @example new keras.losses.MeanSquaredError({ name: "mse" });
 */
export interface LossOptions {
  /** The loss's name (default Keras's snake_case name of the class). */
  name?: string;
}

/**
 * Mean squared error (keras.losses.MeanSquaredError): per sample `mean((yPred - yTrue)^2, axis=-1)`.
 * @example new keras.losses.MeanSquaredError().forward(bp.tensor([[0, 1]]), bp.tensor([[1, 1]])); // tensor(0.5000)
 */
export class MeanSquaredError extends Loss {
  protected readonly className = "MeanSquaredError";
  /** @param options `{name = "mean_squared_error"}`. */
  constructor(options: LossOptions = {}) {
    super(options.name ?? "mean_squared_error");
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanSquaredError(...columns(yTrue, yPred));
  }
}

/**
 * Mean absolute error (keras.losses.MeanAbsoluteError): per sample `mean(|yPred - yTrue|, axis=-1)`.
 * @example new keras.losses.MeanAbsoluteError().forward(bp.tensor([[0, 1]]), bp.tensor([[1, 1]])); // tensor(0.5000)
 */
export class MeanAbsoluteError extends Loss {
  protected readonly className = "MeanAbsoluteError";
  /** @param options `{name = "mean_absolute_error"}`. */
  constructor(options: LossOptions = {}) {
    super(options.name ?? "mean_absolute_error");
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return meanAbsoluteError(...columns(yTrue, yPred));
  }
}

/**
 * Binary cross-entropy (keras.losses.BinaryCrossentropy), see `binaryCrossentropy` for the formula.
 * Targets 0/1 of the output's shape (`[N]` or `[N, 1]` for one output unit).
 * @example new keras.losses.BinaryCrossentropy({ fromLogits: true }).forward(bp.tensor([[1]]), bp.tensor([[2]])); // tensor(0.1269)
 */
export class BinaryCrossentropy extends Loss {
  protected readonly className = "BinaryCrossentropy";
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing s: labels become `y (1 - s) + s / 2`. */
  readonly labelSmoothing: number;
  /** @param options `{fromLogits = false, labelSmoothing = 0, name = "binary_crossentropy"}`. */
  constructor(options: CrossentropyOptions & LossOptions = {}) {
    super(options.name ?? "binary_crossentropy");
    this.fromLogits = options.fromLogits ?? false;
    this.labelSmoothing = checkSmoothing("BinaryCrossentropy", options.labelSmoothing ?? 0);
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return binaryCrossentropy(...columns(yTrue, yPred), { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing });
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/**
 * Categorical cross-entropy (keras.losses.CategoricalCrossentropy), see `categoricalCrossentropy`.
 * Targets one-hot rows `[N, C]`; class indices belong to `SparseCategoricalCrossentropy`.
 * @example new keras.losses.CategoricalCrossentropy().forward(bp.tensor([[0, 1]]), bp.tensor([[0.2, 0.8]])); // tensor(0.2231)
 */
export class CategoricalCrossentropy extends RowTargetLoss {
  protected readonly className = "CategoricalCrossentropy";
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** Label smoothing s: labels become `y (1 - s) + s / C`. */
  readonly labelSmoothing: number;
  /** @param options `{fromLogits = false, labelSmoothing = 0, name = "categorical_crossentropy"}`. */
  constructor(options: CrossentropyOptions & LossOptions = {}) {
    super(options.name ?? "categorical_crossentropy");
    this.fromLogits = options.fromLogits ?? false;
    this.labelSmoothing = checkSmoothing("CategoricalCrossentropy", options.labelSmoothing ?? 0);
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing });
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits, labelSmoothing: this.labelSmoothing };
  }
}

/**
 * Sparse categorical cross-entropy (keras.losses.SparseCategoricalCrossentropy), see
 * `sparseCategoricalCrossentropy`. Targets class indices `[N]` or `[N, 1]` against outputs `[N, C]`.
 * @example new keras.losses.SparseCategoricalCrossentropy().forward(bp.tensor([1]), bp.tensor([[0.2, 0.8]])); // tensor(0.2231)
 */
export class SparseCategoricalCrossentropy extends Loss {
  protected readonly className = "SparseCategoricalCrossentropy";
  /** Whether predictions are logits. */
  readonly fromLogits: boolean;
  /** @param options `{fromLogits = false, name = "sparse_categorical_crossentropy"}`. */
  constructor(options: Pick<CrossentropyOptions, "fromLogits"> & LossOptions = {}) {
    super(options.name ?? "sparse_categorical_crossentropy");
    this.fromLogits = options.fromLogits ?? false;
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return sparseCategoricalCrossentropy(yTrue, yPred, { fromLogits: this.fromLogits });
  }
  /** Unweighted logits: the mean taken inside one cross-entropy op (the same number as `call(...).mean()`, fewer graph nodes). */
  override forward(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null = null): Tensor {
    if (sampleWeight !== null || !this.fromLogits) return super.forward(yTrue, yPred, sampleWeight);
    const { flat, index } = sparseTargets(yTrue, yPred);
    return crossEntropy(flat, index, { reduction: "mean" });
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), fromLogits: this.fromLogits };
  }
  /** Throws unless y holds one class index per row: `[N]` or `[N, 1]` against outputs `[N, C]`. */
  override checkTargets(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    this.checkRows(yTrueShape, yPredShape);
    if (classIndicesAgainstRows(yTrueShape, yPredShape)) return;
    const C = yPredShape[yPredShape.length - 1];
    if (yPredShape.length >= 2 && C === 1 && (sameShape(yTrueShape, yPredShape) || sameShape(yTrueShape, yPredShape.slice(0, -1)))) return;
    const oneHot = sameShape(yTrueShape, yPredShape);
    throw new Error(
      `${this.describe()}: expects class indices of shape ${formatShape(yPredShape.slice(0, -1))} or ` +
        `${formatShape([...yPredShape.slice(0, -1), 1])} against outputs ${formatShape(yPredShape)}, got y of shape ${formatShape(yTrueShape)}` +
        (oneHot ? ", which looks like one-hot rows; use categorical_crossentropy for one-hot targets, or pass class indices" : ""),
    );
  }
}

/**
 * Hinge loss (keras.losses.Hinge), see `hinge`; 0/1 labels are read as -1/1.
 * @example new keras.losses.Hinge().forward(bp.tensor([[1], [0]]), bp.tensor([[0.3], [-2]])); // tensor(0.3500)
 */
export class Hinge extends Loss {
  protected readonly className = "Hinge";
  /** @param options `{name = "hinge"}`. */
  constructor(options: LossOptions = {}) {
    super(options.name ?? "hinge");
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return hinge(...columns(yTrue, yPred));
  }
}

/**
 * Categorical hinge (keras.losses.CategoricalHinge), see `categoricalHinge`. Targets one-hot `[N, C]`.
 * @example new keras.losses.CategoricalHinge().forward(bp.tensor([[0, 1]]), bp.tensor([[0.4, 0.6]])); // tensor(0.8000)
 */
export class CategoricalHinge extends RowTargetLoss {
  protected readonly className = "CategoricalHinge";
  /** @param options `{name = "categorical_hinge"}`. */
  constructor(options: LossOptions = {}) {
    super(options.name ?? "categorical_hinge");
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return categoricalHinge(yTrue, yPred);
  }
}

/**
 * Huber loss (keras.losses.Huber), see `huber`.
 * @example new keras.losses.Huber({ delta: 1 }).forward(bp.tensor([[0, 0]]), bp.tensor([[0.5, 3]])); // tensor(1.3125)
 */
export class Huber extends Loss {
  protected readonly className = "Huber";
  /** Where the loss turns linear. */
  readonly delta: number;
  /** @param options `{delta = 1, name = "huber_loss"}` (Keras's default name). */
  constructor(options: HuberOptions & LossOptions = {}) {
    super(options.name ?? "huber_loss");
    this.delta = options.delta ?? 1;
    if (!(this.delta > 0)) throw new Error(`keras.losses.Huber: delta must be positive, got ${this.delta}`);
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return huber(...columns(yTrue, yPred), { delta: this.delta });
  }
  override getConfig(): LossConfig {
    return { ...super.getConfig(), delta: this.delta };
  }
}

/**
 * Kullback-Leibler divergence (keras.losses.KLDivergence), see `klDivergence`. Targets distributions `[N, C]`.
 * @example new keras.losses.KLDivergence().forward(bp.tensor([[0.5, 0.5]]), bp.tensor([[0.25, 0.75]])); // tensor(0.1438)
 */
export class KLDivergence extends RowTargetLoss {
  protected readonly className = "KLDivergence";
  /** @param options `{name = "kl_divergence"}`. */
  constructor(options: LossOptions = {}) {
    super(options.name ?? "kl_divergence");
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return klDivergence(yTrue, yPred);
  }
}

/**
 * A plain per-sample loss function as a Loss (Keras's LossFunctionWrapper). Its name is the function's
 * name (or "loss" for an anonymous one). It cannot be rebuilt by `deserialize`: pass the function again.
 * @example const loss = new keras.losses.LossFunctionWrapper((t, p) => p.sub(t).abs().mean(-1), { name: "l1" });
 */
export class LossFunctionWrapper extends Loss {
  protected readonly className = "LossFunctionWrapper";
  /** The wrapped per-sample function. */
  readonly fn: LossFunction;
  /** @param fn per-sample loss; @param options `{name = fn.name || "loss"}`. */
  constructor(fn: LossFunction, options: LossOptions = {}) {
    super(options.name ?? (fn.name !== "" ? fn.name : "loss"));
    this.fn = fn;
  }
  call(yTrue: Tensor, yPred: Tensor): Tensor {
    return this.fn(yTrue, yPred);
  }
  /** A custom function may accept any shapes: only the row counts are checked. */
  override checkTargets(yTrueShape: readonly number[], yPredShape: readonly number[]): void {
    this.checkRows(yTrueShape, yPredShape);
  }
}

const FACTORIES: Record<string, () => Loss> = {
  MeanSquaredError: () => new MeanSquaredError(),
  MeanAbsoluteError: () => new MeanAbsoluteError(),
  BinaryCrossentropy: () => new BinaryCrossentropy(),
  CategoricalCrossentropy: () => new CategoricalCrossentropy(),
  SparseCategoricalCrossentropy: () => new SparseCategoricalCrossentropy(),
  Hinge: () => new Hinge(),
  CategoricalHinge: () => new CategoricalHinge(),
  Huber: () => new Huber(),
  KLDivergence: () => new KLDivergence(),
};

/** Keras's strings (snake_case functions, aliases, class names) and TF.js's camelCase names, to classes. */
const ALIASES: Record<string, string> = {
  mean_squared_error: "MeanSquaredError", mse: "MeanSquaredError", MSE: "MeanSquaredError", meanSquaredError: "MeanSquaredError",
  mean_absolute_error: "MeanAbsoluteError", mae: "MeanAbsoluteError", MAE: "MeanAbsoluteError", meanAbsoluteError: "MeanAbsoluteError",
  binary_crossentropy: "BinaryCrossentropy", binaryCrossentropy: "BinaryCrossentropy",
  categorical_crossentropy: "CategoricalCrossentropy", categoricalCrossentropy: "CategoricalCrossentropy",
  sparse_categorical_crossentropy: "SparseCategoricalCrossentropy", sparseCategoricalCrossentropy: "SparseCategoricalCrossentropy",
  hinge: "Hinge",
  categorical_hinge: "CategoricalHinge", categoricalHinge: "CategoricalHinge",
  huber: "Huber", huber_loss: "Huber",
  kl_divergence: "KLDivergence", kld: "KLDivergence", KLD: "KLDivergence", kullback_leibler_divergence: "KLDivergence",
  klDivergence: "KLDivergence",
};

/**
 * Every string `get` accepts.
 * @example keras.losses.LOSS_NAMES.includes("mse"); // true
 */
export const LOSS_NAMES: readonly string[] = [...Object.keys(ALIASES), ...Object.keys(FACTORIES)];

/**
 * Resolves what `compile({loss})` was given to a fresh Loss (a Loss object is returned as it is).
 * Strings: "mean_squared_error"/"mse", "mean_absolute_error"/"mae", "binary_crossentropy",
 * "categorical_crossentropy", "sparse_categorical_crossentropy", "hinge", "categorical_hinge",
 * "huber", "kl_divergence"/"kld", Keras's class names ("MeanSquaredError", ...) and TF.js's camelCase
 * names ("meanSquaredError", ...). A plain function becomes a `LossFunctionWrapper` named after it.
 * @example keras.losses.get("binary_crossentropy").name; // "binary_crossentropy"
 */
export function get(identifier: string | Loss | LossFunction): Loss {
  if (identifier instanceof Loss) return identifier;
  if (typeof identifier === "function") return new LossFunctionWrapper(identifier);
  if (typeof identifier === "string") {
    const cls = Object.hasOwn(FACTORIES, identifier) ? identifier : Object.hasOwn(ALIASES, identifier) ? ALIASES[identifier] : undefined;
    if (cls !== undefined) return FACTORIES[cls]();
    const known = Object.keys(ALIASES).filter((k) => k.includes("_") || k.length <= 5 && k === k.toLowerCase());
    throw new Error(`keras.losses.get: unknown loss "${identifier}"; known losses: ${known.join(", ")} (or a class name such as "MeanSquaredError")`);
  }
  throw new Error(`keras.losses.get: expected a loss name, a Loss or a function, got ${identifier === null ? "null" : typeof identifier}`);
}

/**
 * Rebuilds a Loss from `getConfig()`'s output (its `className`, or else its `name`, picks the class).
 * @example keras.losses.deserialize(new keras.losses.Huber({ delta: 2 }).getConfig()); // a Huber with delta 2
 */
export function deserialize(config: LossConfig): Loss {
  const key = typeof config.className === "string" ? config.className : config.name;
  if (typeof key !== "string") throw new Error("keras.losses.deserialize: config has no className or name");
  if (key === "LossFunctionWrapper") {
    throw new Error(`keras.losses.deserialize: loss "${String(config.name)}" is a custom function and cannot be rebuilt from its config; pass the function again`);
  }
  const cls = Object.hasOwn(FACTORIES, key) ? key : Object.hasOwn(ALIASES, key) ? ALIASES[key] : undefined;
  if (cls === undefined) throw new Error(`keras.losses.deserialize: unknown loss class "${key}"`);
  const name = typeof config.name === "string" ? config.name : undefined;
  const bool = (k: string): boolean | undefined => (typeof config[k] === "boolean" ? (config[k] as boolean) : undefined);
  const num = (k: string): number | undefined => (typeof config[k] === "number" ? (config[k] as number) : undefined);
  switch (cls) {
    case "BinaryCrossentropy":
      return new BinaryCrossentropy({ name, fromLogits: bool("fromLogits"), labelSmoothing: num("labelSmoothing") });
    case "CategoricalCrossentropy":
      return new CategoricalCrossentropy({ name, fromLogits: bool("fromLogits"), labelSmoothing: num("labelSmoothing") });
    case "SparseCategoricalCrossentropy":
      return new SparseCategoricalCrossentropy({ name, fromLogits: bool("fromLogits") });
    case "Huber":
      return new Huber({ name, delta: num("delta") });
    case "MeanSquaredError":
      return new MeanSquaredError({ name });
    case "MeanAbsoluteError":
      return new MeanAbsoluteError({ name });
    case "Hinge":
      return new Hinge({ name });
    case "CategoricalHinge":
      return new CategoricalHinge({ name });
    default:
      return new KLDivergence({ name });
  }
}
