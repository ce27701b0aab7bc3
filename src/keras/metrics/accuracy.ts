import type { Tensor } from "../../tensor/tensor.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { meanAbsoluteError, meanSquaredError } from "../losses.ts";
import { MeanMetricWrapper, type MetricConfig, type MetricOptions } from "./metric.ts";

/*
 * Keras's accuracy metrics and the regression metrics: per-sample functions (as keras.metrics'
 * binary_accuracy, ...) and the MeanMetricWrapper classes that average them over an epoch.
 */

/** yTrue as yPred's shape when it is `[N]` against `[N, 1]` (or the reverse); rank-1 yPred read as a column. */
function lineUp(op: string, yTrue: Tensor, yPred: Tensor): [Tensor, Tensor] {
  let p = yPred.dim() === 1 ? yPred.unsqueeze(1) : yPred;
  let t = yTrue;
  if (!sameShape(t.shape, p.shape)) {
    if (t.numel() === p.numel() && (t.dim() === p.dim() + 1 || t.dim() + 1 === p.dim())) t = t.reshape(p.shape);
    else {
      throw new Error(`keras.metrics.${op}: y_true shape ${formatShape(yTrue.shape)} does not match y_pred shape ${formatShape(yPred.shape)}`);
    }
  }
  if (p.dtype !== "float32" && p.dtype !== "float64") p = p.float();
  return [t, p];
}

/**
 * Binary accuracy per sample: `mean(yTrue == (yPred > threshold), axis=-1)` (a prediction equal to
 * the threshold counts as 0, as in Keras). Labels 0/1. `[N, d]` gives `[N]`.
 * @example keras.metrics.binaryAccuracy(bp.tensor([[1], [0]]), bp.tensor([[0.8], [0.5]])); // tensor([1., 1.])
 */
export function binaryAccuracy(yTrue: Tensor, yPred: Tensor, threshold = 0.5): Tensor {
  const [t, p] = lineUp("binaryAccuracy", yTrue, yPred);
  return p.gt(threshold).to(p.dtype).eq(t.to(p.dtype)).to(p.dtype).mean(-1);
}

/**
 * Categorical accuracy per sample: 1 where `argmax(yTrue, -1) == argmax(yPred, -1)` (the first
 * maximum on ties), else 0. One-hot yTrue `[N, C]`, yPred `[N, C]`; gives `[N]`.
 * @example keras.metrics.categoricalAccuracy(bp.tensor([[0, 1], [1, 0]]), bp.tensor([[0.3, 0.7], [0.4, 0.6]])); // tensor([1., 0.])
 */
export function categoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  if (!sameShape(yTrue.shape, yPred.shape)) {
    throw new Error(
      `keras.metrics.categoricalAccuracy: y_true shape ${formatShape(yTrue.shape)} does not match y_pred shape ${formatShape(yPred.shape)} ` +
        "(one-hot rows expected; sparseCategoricalAccuracy takes class indices)",
    );
  }
  return yTrue.argmax(-1).eq(yPred.argmax(-1)).float();
}

/**
 * Sparse categorical accuracy per sample: 1 where the class index yTrue (`[N]` or `[N, 1]`) equals
 * `argmax(yPred, -1)`, else 0. yPred `[N, C]`; gives `[N]`.
 * @example keras.metrics.sparseCategoricalAccuracy(bp.tensor([1, 1]), bp.tensor([[0.3, 0.7], [0.4, 0.6]])); // tensor([1., 1.])
 */
export function sparseCategoricalAccuracy(yTrue: Tensor, yPred: Tensor): Tensor {
  const batch = yPred.shape.slice(0, -1);
  if (!(sameShape(yTrue.shape, batch) || sameShape(yTrue.shape, [...batch, 1]))) {
    throw new Error(
      `keras.metrics.sparseCategoricalAccuracy: labels of shape ${formatShape(yTrue.shape)} do not fit y_pred of shape ` +
        `${formatShape(yPred.shape)}; expected class indices of shape ${formatShape(batch)} or ${formatShape([...batch, 1])}`,
    );
  }
  const labels = yTrue.reshape(batch);
  return yPred.argmax(-1).double().eq(labels.double()).float();
}

/**
 * Mean squared error per sample as a metric (keras.metrics.mse): `mean((yPred - yTrue)^2, axis=-1)`,
 * with `[N]` targets lined up with `[N, 1]` predictions and rank-1 predictions read as one column.
 * @example keras.metrics.mse(bp.tensor([1, 2]), bp.tensor([[1], [4]])); // tensor([0., 4.])
 */
export function mse(yTrue: Tensor, yPred: Tensor): Tensor {
  return meanSquaredError(...lineUp("mse", yTrue, yPred));
}

/**
 * Mean absolute error per sample as a metric (keras.metrics.mae): `mean(|yPred - yTrue|, axis=-1)`,
 * shapes as `mse`.
 * @example keras.metrics.mae(bp.tensor([1, 2]), bp.tensor([[1], [4]])); // tensor([0., 2.])
 */
export function mae(yTrue: Tensor, yPred: Tensor): Tensor {
  return meanAbsoluteError(...lineUp("mae", yTrue, yPred));
}

/**
 * Binary accuracy over an epoch (keras.metrics.BinaryAccuracy): the weighted mean of
 * `binaryAccuracy(yTrue, yPred, threshold)`.
 * @example new keras.metrics.BinaryAccuracy({ threshold: 0.7 }).name; // "binary_accuracy"
 */
export class BinaryAccuracy extends MeanMetricWrapper {
  protected override readonly className = "BinaryAccuracy";
  /** Predictions above it count as 1. */
  readonly threshold: number;
  /** @param options `{threshold = 0.5, name = "binary_accuracy"}`. */
  constructor(options: MetricOptions & { threshold?: number } = {}) {
    const threshold = options.threshold ?? 0.5;
    super((t, p) => binaryAccuracy(t, p, threshold), { name: options.name ?? "binary_accuracy" });
    this.threshold = threshold;
  }
  override getConfig(): MetricConfig {
    return { ...super.getConfig(), threshold: this.threshold };
  }
}

/**
 * Categorical accuracy over an epoch (keras.metrics.CategoricalAccuracy), one-hot targets.
 * @example new keras.metrics.CategoricalAccuracy().name; // "categorical_accuracy"
 */
export class CategoricalAccuracy extends MeanMetricWrapper {
  protected override readonly className = "CategoricalAccuracy";
  /** @param options `{name = "categorical_accuracy"}`. */
  constructor(options: MetricOptions = {}) {
    super(categoricalAccuracy, { name: options.name ?? "categorical_accuracy" });
  }
}

/**
 * Sparse categorical accuracy over an epoch (keras.metrics.SparseCategoricalAccuracy), class-index targets.
 * @example new keras.metrics.SparseCategoricalAccuracy().name; // "sparse_categorical_accuracy"
 */
export class SparseCategoricalAccuracy extends MeanMetricWrapper {
  protected override readonly className = "SparseCategoricalAccuracy";
  /** @param options `{name = "sparse_categorical_accuracy"}`. */
  constructor(options: MetricOptions = {}) {
    super(sparseCategoricalAccuracy, { name: options.name ?? "sparse_categorical_accuracy" });
  }
}

/**
 * Mean squared error over an epoch (keras.metrics.MeanSquaredError): weighted mean of
 * `mean((yPred - yTrue)^2, axis=-1)`.
 * @example new keras.metrics.MeanSquaredError().name; // "mean_squared_error"
 */
export class MeanSquaredError extends MeanMetricWrapper {
  protected override readonly className = "MeanSquaredError";
  /** @param options `{name = "mean_squared_error"}`. */
  constructor(options: MetricOptions = {}) {
    super(mse, { name: options.name ?? "mean_squared_error" });
  }
}

/**
 * Mean absolute error over an epoch (keras.metrics.MeanAbsoluteError): weighted mean of
 * `mean(|yPred - yTrue|, axis=-1)`.
 * @example new keras.metrics.MeanAbsoluteError().name; // "mean_absolute_error"
 */
export class MeanAbsoluteError extends MeanMetricWrapper {
  protected override readonly className = "MeanAbsoluteError";
  /** @param options `{name = "mean_absolute_error"}`. */
  constructor(options: MetricOptions = {}) {
    super(mae, { name: options.name ?? "mean_absolute_error" });
  }
}
