/**
 * keras.metrics: Keras's stateful metrics (updateState / result / resetState), the per-sample metric
 * functions, and `get`, which resolves what `compile({metrics})` was given.
 * @example
 * const acc = keras.metrics.get("acc", { loss: "binary_crossentropy", yTrueShape: [8, 1], yPredShape: [8, 1] });
 */
export { Metric, Mean, MeanMetricWrapper, type MetricConfig, type MetricFunction, type MetricOptions } from "./metric.ts";
export {
  BinaryAccuracy, CategoricalAccuracy, SparseCategoricalAccuracy, MeanSquaredError, MeanAbsoluteError,
  binaryAccuracy, categoricalAccuracy, sparseCategoricalAccuracy, mse, mae,
} from "./accuracy.ts";
export { Precision, Recall, AUC, type ThresholdOptions, type AUCOptions } from "./confusion.ts";
export { get, deserialize, METRIC_NAMES, type MetricContext } from "./get.ts";
