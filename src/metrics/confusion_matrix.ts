import { Tensor } from "../tensor/tensor.ts";
import { checkSampleWeight, checkTargets, encodeLabels, toLabels, uniqueLabels, type Label, type LabelInput, type WeightInput } from "./targets.ts";

/** Options of `confusionMatrix`. */
export interface ConfusionMatrixOptions {
  /** The classes, in the order of the rows and columns (default: the sorted labels of yTrue and yPred). */
  labels?: LabelInput | null;
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** Divide by the true counts (rows, "true"), the predicted counts (columns, "pred") or the total ("all"); default null. */
  normalize?: "true" | "pred" | "all" | null;
}

/**
 * Counts of (true class, predicted class) pairs over `labels`: the classes, the sample order ignored,
 * samples whose label is not in `labels` dropped; weighted by `sampleWeight` when given.
 * @internal
 */
export function confusionCounts(yTrue: readonly Label[], yPred: readonly Label[], labels: readonly Label[], weight: Tensor | null): Float64Array {
  const k = labels.length;
  const t = encodeLabels(yTrue, labels);
  const p = encodeLabels(yPred, labels);
  const w = weight === null ? null : weight.data;
  const cm = new Float64Array(k * k);
  // vote counting: one sequential pass over the samples
  for (let i = 0; i < t.length; i++) {
    if (t[i] < 0 || p[i] < 0) continue;
    cm[t[i] * k + p[i]] += w === null ? 1 : w[i];
  }
  return cm;
}

/** Whether scikit-learn would accumulate these weights in integers (no weights, or integer weights given as ints). */
export function integerWeights(sampleWeight: WeightInput | null | undefined): boolean {
  if (sampleWeight === null || sampleWeight === undefined) return true;
  if (sampleWeight instanceof Tensor) return sampleWeight.dtype === "int32" || sampleWeight.dtype === "bool";
  return (sampleWeight as readonly number[]).every((v) => Number.isInteger(v));
}

/**
 * The confusion matrix C, as `sklearn.metrics.confusion_matrix`: C[i][j] is the number (or total
 * weight) of samples of true class `labels[i]` predicted as `labels[j]`.
 *
 * Returns a `[classes, classes]` Tensor: int32 when counting (no weights or integer weights), float64
 * with float weights or `normalize` ("true": rows sum to 1, "pred": columns sum to 1, "all": the whole
 * matrix sums to 1; 0/0 gives 0).
 * @example
 * metrics.confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]).toArray();
 * // [[2, 0, 0], [0, 0, 1], [1, 0, 2]]
 */
export function confusionMatrix(yTrue: LabelInput, yPred: LabelInput, options: ConfusionMatrixOptions = {}): Tensor {
  const where = "confusionMatrix";
  const { yTrue: t, yPred: p } = checkTargets(where, yTrue, yPred);
  const normalize = options.normalize ?? null;
  if (normalize !== null && !["true", "pred", "all"].includes(normalize)) throw new Error(`${where}: normalize must be one of {'true', 'pred', 'all', null}, got ${JSON.stringify(normalize)}`);
  let labels: Label[];
  if (options.labels === null || options.labels === undefined) labels = uniqueLabels(t, p);
  else {
    labels = toLabels(where, "labels", options.labels);
    if (labels.length === 0) throw new Error(`${where}: 'labels' should contains at least one label.`);
    if (t.length > 0 && !t.some((v) => labels.includes(v))) throw new Error(`${where}: At least one label specified must be in yTrue`);
  }
  const w = checkSampleWeight(where, options.sampleWeight, t.length);
  const k = labels.length;
  const cm = new Tensor(confusionCounts(t, p, labels, w), [k, k]);
  if (normalize === null) return integerWeights(options.sampleWeight) ? cm.to("int32") : cm;
  const total = normalize === "true" ? cm.sum(1, true) : normalize === "pred" ? cm.sum(0, true) : cm.sum();
  return cm.div(total).nanToNum(0);
}
