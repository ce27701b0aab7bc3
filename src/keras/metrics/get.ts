import {
  Loss, binaryCrossentropy, categoricalCrossentropy, categoricalHinge, hinge, klDivergence, sparseCategoricalCrossentropy,
} from "../losses.ts";
import { Mean, MeanMetricWrapper, Metric, type MetricConfig, type MetricFunction } from "./metric.ts";
import {
  BinaryAccuracy, CategoricalAccuracy, MeanAbsoluteError, MeanSquaredError, SparseCategoricalAccuracy, binaryAccuracy,
  categoricalAccuracy, mae, mse, sparseCategoricalAccuracy,
} from "./accuracy.ts";
import { AUC, Precision, Recall } from "./confusion.ts";

/**
 * What `get` needs to resolve "acc" / "accuracy" / "crossentropy" as Keras does: the loss and the shapes.
 * @example const context: keras.metrics.MetricContext = { loss: "binary_crossentropy", yTrueShape: [8, 1], yPredShape: [8, 1] };
 */
export interface MetricContext {
  /** The compiled loss: its name ("binary_crossentropy", ...) or the Loss itself. */
  loss: string | Loss;
  /** Shape of the targets y, e.g. `[N, 1]`. */
  yTrueShape: readonly number[];
  /** Shape of the model's output, e.g. `[N, 1]`. */
  yPredShape: readonly number[];
}

/** The rank-1 output `[N]` reads as one column. */
function lastDim(shape: readonly number[]): number {
  return shape.length <= 1 ? 1 : shape[shape.length - 1];
}

function isBinaryLoss(loss: string | Loss): boolean {
  const name = typeof loss === "string" ? loss : loss.getConfig().className;
  return ["binary_crossentropy", "BinaryCrossentropy", "binaryCrossentropy"].includes(String(name));
}

/**
 * Keras's choice for "acc" / "accuracy" and "crossentropy" / "ce" (keras/engine/compile_utils.py):
 * binary if the loss is binary cross-entropy or the output's last axis is 1; sparse if y is rank 1 or
 * its last axis is 1 (while the output's is not); else categorical.
 */
function kind(context: MetricContext): "binary" | "sparse" | "categorical" {
  const pLast = lastDim(context.yPredShape);
  if (pLast === 1 || isBinaryLoss(context.loss)) return "binary";
  const t = context.yTrueShape;
  if (t.length === 1 || t[t.length - 1] === 1) return "sparse";
  return "categorical";
}

/** Per-sample functions by Keras's snake_case name: the metric keeps the string as its name. */
const FUNCTIONS: Record<string, MetricFunction> = {
  binary_accuracy: (t, p) => binaryAccuracy(t, p),
  categorical_accuracy: categoricalAccuracy,
  sparse_categorical_accuracy: sparseCategoricalAccuracy,
  mse,
  mean_squared_error: mse,
  mae,
  mean_absolute_error: mae,
  binary_crossentropy: (t, p) => binaryCrossentropy(t, p),
  categorical_crossentropy: (t, p) => categoricalCrossentropy(t, p),
  sparse_categorical_crossentropy: (t, p) => sparseCategoricalCrossentropy(t, p),
  hinge,
  categorical_hinge: categoricalHinge,
  kl_divergence: klDivergence,
  kld: klDivergence,
};

/** Classes by Keras's class name (and the lower-case names of AUC, Precision, Recall): named by the class. */
const CLASSES: Record<string, () => Metric> = {
  BinaryAccuracy: () => new BinaryAccuracy(),
  CategoricalAccuracy: () => new CategoricalAccuracy(),
  SparseCategoricalAccuracy: () => new SparseCategoricalAccuracy(),
  MeanSquaredError: () => new MeanSquaredError(),
  MeanAbsoluteError: () => new MeanAbsoluteError(),
  AUC: () => new AUC(),
  auc: () => new AUC(),
  Precision: () => new Precision(),
  precision: () => new Precision(),
  Recall: () => new Recall(),
  recall: () => new Recall(),
};

/**
 * Every string `get` accepts.
 * @example keras.metrics.METRIC_NAMES.includes("AUC"); // true
 */
export const METRIC_NAMES: readonly string[] = ["acc", "accuracy", "crossentropy", "ce", ...Object.keys(FUNCTIONS), ...Object.keys(CLASSES)];

/**
 * Resolves one entry of `compile({metrics})` to a fresh Metric whose `name` is the key History uses:
 * - "acc" / "accuracy": binary, sparse categorical or categorical accuracy, chosen from the loss and
 *   the shapes as Keras 2 chooses, named exactly as written ("acc" or "accuracy");
 *   "crossentropy" / "ce" likewise pick the matching cross-entropy;
 * - Keras's function names ("mae", "mse", "mean_absolute_error", "binary_accuracy", ...): named as written;
 * - class names ("AUC", "Precision", "Recall", "BinaryAccuracy", ...): named by the class ("auc", ...);
 * - a function: wrapped in a MeanMetricWrapper named after it ("metric" when anonymous);
 * - a keras.losses.Loss: its per-sample losses averaged, under the loss's name (as Keras allows);
 * - a Metric: returned as it is, under its own name.
 * @example
 * keras.metrics.get("acc", { loss: "binary_crossentropy", yTrueShape: [100, 1], yPredShape: [100, 1] }).name; // "acc"
 */
export function get(identifier: string | Metric | Loss | MetricFunction, context: MetricContext): Metric {
  if (identifier instanceof Metric) return identifier;
  if (identifier instanceof Loss) {
    const loss = identifier;
    return new MeanMetricWrapper((t, p) => loss.call(t, p), { name: loss.name });
  }
  if (typeof identifier === "function") return new MeanMetricWrapper(identifier);
  if (typeof identifier !== "string") {
    throw new Error(`keras.metrics.get: expected a metric name, a Metric or a function, got ${identifier === null ? "null" : typeof identifier}`);
  }
  if (identifier === "acc" || identifier === "accuracy") {
    const k = kind(context);
    const fn = k === "binary" ? FUNCTIONS.binary_accuracy : k === "sparse" ? sparseCategoricalAccuracy : categoricalAccuracy;
    return new MeanMetricWrapper(fn, { name: identifier });
  }
  if (identifier === "crossentropy" || identifier === "ce") {
    const k = kind(context);
    const fn = FUNCTIONS[k === "binary" ? "binary_crossentropy" : k === "sparse" ? "sparse_categorical_crossentropy" : "categorical_crossentropy"];
    return new MeanMetricWrapper(fn, { name: identifier });
  }
  if (Object.hasOwn(FUNCTIONS, identifier)) return new MeanMetricWrapper(FUNCTIONS[identifier], { name: identifier });
  if (Object.hasOwn(CLASSES, identifier)) return CLASSES[identifier]();
  throw new Error(
    `keras.metrics.get: unknown metric "${identifier}"; known metrics: ${METRIC_NAMES.join(", ")} (or a function or a keras.metrics.Metric)`,
  );
}

/**
 * Rebuilds a built-in Metric from `getConfig()`'s output (its className picks the class; options and
 * name are restored). MeanMetricWrapper around a custom function cannot be rebuilt: pass it again.
 * @example keras.metrics.deserialize(new keras.metrics.AUC({ curve: "PR" }).getConfig()); // an AUC on the PR curve
 */
export function deserialize(config: MetricConfig): Metric {
  const cls = config.className;
  const name = typeof config.name === "string" ? config.name : undefined;
  const num = (k: string): number | undefined => (typeof config[k] === "number" ? (config[k] as number) : undefined);
  switch (cls) {
    case "BinaryAccuracy":
      return new BinaryAccuracy({ name, threshold: num("threshold") });
    case "CategoricalAccuracy":
      return new CategoricalAccuracy({ name });
    case "SparseCategoricalAccuracy":
      return new SparseCategoricalAccuracy({ name });
    case "MeanSquaredError":
      return new MeanSquaredError({ name });
    case "MeanAbsoluteError":
      return new MeanAbsoluteError({ name });
    case "Precision":
      return new Precision({ name, thresholds: num("thresholds") });
    case "Recall":
      return new Recall({ name, thresholds: num("thresholds") });
    case "Mean":
      return new Mean({ name });
    case "AUC":
      return new AUC({
        name, numThresholds: num("numThresholds"),
        curve: config.curve === "PR" ? "PR" : "ROC",
        summationMethod: config.summationMethod === "minoring" || config.summationMethod === "majoring" ? config.summationMethod : "interpolation",
      });
    default:
      throw new Error(`keras.metrics.deserialize: cannot rebuild metric class "${String(cls)}" (custom metrics must be passed again)`);
  }
}
