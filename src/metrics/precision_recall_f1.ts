import { Tensor } from "../tensor/tensor.ts";
import { where as select } from "../ops/where.ts";
import { checkSampleWeight, checkTargets, encodeLabels, formatLabel, toLabels, uniqueLabels, type Label, type LabelInput, type WeightInput } from "./targets.ts";

/** How per-class scores are combined; null returns them per class. */
export type Average = "binary" | "micro" | "macro" | "weighted" | null;

/** What a zero division (no predicted / no true samples of a class) gives: 0 with a warning ("warn"), 0 or 1. */
export type ZeroDivision = "warn" | 0 | 1;

/** Options of `precisionScore`, `recallScore`, `f1Score`, `fbetaScore`, `precisionRecallFscoreSupport`. */
export interface PrecisionRecallOptions {
  /** The classes to score (and their order when `average` is null); default: all labels of yTrue and yPred, sorted. */
  labels?: LabelInput | null;
  /** The positive class when `average` is "binary" (default 1). */
  posLabel?: Label;
  /** "binary" (default: the positive class only), "micro", "macro", "weighted", or null for per-class Tensors. */
  average?: Average;
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** The value of an undefined ratio: "warn" (default; 0 and scikit-learn's UndefinedMetricWarning text on the console), 0 or 1. */
  zeroDivision?: ZeroDivision;
}

/** Options of `fbetaScore` and `precisionRecallFscoreSupport`. */
export interface FbetaOptions extends PrecisionRecallOptions {
  /** Weight of recall in the F-score: F_beta = (1 + beta²) P R / (beta² P + R) (default 1 here; fbetaScore requires it). */
  beta?: number;
}

/** scikit-learn's `(precision, recall, fscore, support)`: numbers when averaged (support null), per-class Tensors when `average` is null. */
export type PrecisionRecallFscoreSupport = [precision: number | Tensor, recall: number | Tensor, fscore: number | Tensor, support: Tensor | null];

type Metric = "precision" | "recall" | "f-score";

const AVERAGES = ["binary", "micro", "macro", "weighted", null];

function warnPrf(where: string, msgStart: string, modifier: string, size: number): void {
  const place = size === 1 ? "due to" : "in labels with";
  console.warn(`${where}: ${msgStart} ill-defined and being set to 0.0 ${place} no ${modifier} samples. Use the \`zeroDivision\` option to control this behavior.`);
}

/** numerator / denominator, with `zeroDivision` where the denominator is 0 (and scikit-learn's warning when "warn"). */
function prfDivide(where: string, num: Tensor, den: Tensor, metric: Metric, modifier: string, warnFor: readonly Metric[], zeroDivision: ZeroDivision): Tensor {
  const mask = den.eq(0);
  const result = select(mask, zeroDivision === 1 ? 1 : 0, num.div(select(mask, 1, den)));
  if (zeroDivision === "warn" && warnFor.includes(metric) && mask.any().item()) {
    const title = metric === "precision" ? "Precision" : "Recall";
    warnPrf(where, warnFor.includes("f-score") ? `${title} and F-score are` : `${title} is`, modifier, num.numel());
  }
  return result;
}

/** The labels to score, as scikit-learn's `_check_set_wise_labels`; also returns the checked targets. */
function setWiseLabels(where: string, yTrue: LabelInput, yPred: LabelInput, average: Average, labels: LabelInput | null | undefined, posLabel: Label): { t: Label[]; p: Label[]; labels: Label[] | null } {
  if (!AVERAGES.includes(average)) throw new Error(`${where}: average has to be one of [null, 'micro', 'macro', 'weighted', 'binary'], got ${JSON.stringify(average)}`);
  const { type, yTrue: t, yPred: p } = checkTargets(where, yTrue, yPred);
  const present = uniqueLabels(t, p);
  let chosen = labels === null || labels === undefined ? null : toLabels(where, "labels", labels);
  if (average === "binary") {
    if (type !== "binary") {
      throw new Error(`${where}: Target is ${type} but average='binary'. Please choose another average setting, one of [null, 'micro', 'macro', 'weighted'].`);
    }
    if (!present.includes(posLabel) && present.length >= 2) {
      throw new Error(`${where}: posLabel=${posLabel} is not a valid label. It should be one of [${present.map(formatLabel).join(", ")}]`);
    }
    chosen = [posLabel];
  } else if (posLabel !== 1) {
    console.warn(`${where}: Note that posLabel (set to ${formatLabel(posLabel)}) is ignored when average != 'binary' (got ${formatLabel(String(average))}). You may use labels: [posLabel] to specify a single positive class.`);
  }
  return { t, p, labels: chosen };
}

/** Per-label true-positive, predicted and true totals (weighted), as scikit-learn's multilabel_confusion_matrix for 1-D targets. */
function labelSums(t: readonly Label[], p: readonly Label[], labels: readonly Label[], weight: Tensor | null): { tp: Tensor; pred: Tensor; truth: Tensor } {
  const k = labels.length;
  const ti = encodeLabels(t, labels);
  const pi = encodeLabels(p, labels);
  const w = weight === null ? null : weight.data;
  const tp = new Float64Array(k);
  const pred = new Float64Array(k);
  const truth = new Float64Array(k);
  // bincount: one sequential pass over the samples
  for (let i = 0; i < ti.length; i++) {
    const wi = w === null ? 1 : w[i];
    if (pi[i] >= 0) pred[pi[i]] += wi;
    if (ti[i] >= 0) {
      truth[ti[i]] += wi;
      if (ti[i] === pi[i]) tp[ti[i]] += wi;
    }
  }
  return { tp: new Tensor(tp, [k]), pred: new Tensor(pred, [k]), truth: new Tensor(truth, [k]) };
}

function averaged(x: Tensor, weights: Tensor | null): number {
  return weights === null ? x.mean().item() : x.mul(weights).sum().item() / weights.sum().item();
}

/** The shared computation, with scikit-learn's `warn_for`. */
function prfs(where: string, yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions, warnFor: readonly Metric[]): PrecisionRecallFscoreSupport {
  const zeroDivision = options.zeroDivision ?? "warn";
  if (zeroDivision !== "warn" && zeroDivision !== 0 && zeroDivision !== 1) throw new Error(`${where}: Got zeroDivision=${JSON.stringify(zeroDivision)}. Must be one of ["warn", 0, 1]`);
  const beta = options.beta ?? 1;
  if (!(beta >= 0)) throw new Error(`${where}: beta should be >=0 in the F-beta score, got ${beta}`);
  const average = options.average === undefined ? "binary" : options.average;
  const { t, p, labels } = setWiseLabels(where, yTrue, yPred, average, options.labels, options.posLabel ?? 1);
  const weight = checkSampleWeight(where, options.sampleWeight, t.length);
  let { tp, pred, truth } = labelSums(t, p, labels ?? uniqueLabels(t, p), weight);
  if (average === "micro") {
    tp = tp.sum().reshape(1);
    pred = pred.sum().reshape(1);
    truth = truth.sum().reshape(1);
  }
  const precision = prfDivide(where, tp, pred, "precision", "predicted", warnFor, zeroDivision);
  const recall = prfDivide(where, tp, truth, "recall", "true", warnFor, zeroDivision);
  if (zeroDivision === "warn" && warnFor.length === 1 && warnFor[0] === "f-score") {
    if (truth.eq(0).logicalAnd(pred.eq(0)).any().item()) warnPrf(where, "F-score is", "true nor predicted", truth.numel());
  }
  let fscore: Tensor;
  if (beta === Infinity) fscore = recall;
  else {
    const beta2 = beta * beta;
    const denom = precision.mul(beta2).add(recall);
    fscore = precision.mul(recall).mul(1 + beta2).div(select(denom.eq(0), 1, denom));
  }
  if (average === null) {
    const integer = options.sampleWeight === null || options.sampleWeight === undefined;
    return [precision, recall, fscore, integer ? truth.to("int32") : truth];
  }
  let weights: Tensor | null = null;
  if (average === "weighted") {
    weights = truth;
    if (truth.sum().item() === 0) {
      const zd = zeroDivision === 1 ? 1 : 0;
      return pred.sum().item() === 0 ? [zd, zd, zd, null] : [0, zd, 0, null];
    }
  }
  return [averaged(precision, weights), averaged(recall, weights), averaged(fscore, weights), null];
}

/**
 * Precision, recall, F-beta and support per class, as `sklearn.metrics.precision_recall_fscore_support`:
 * P = tp / (tp + fp), R = tp / (tp + fn), F_beta = (1 + beta²) P R / (beta² P + R), support = the
 * (weighted) number of true samples of each class. Default average "binary" (the class `posLabel`);
 * null returns Tensors `[classes]` (support int32 unless weighted); "micro" pools the counts, "macro"
 * averages the classes, "weighted" averages them by support (support is then null).
 * @example
 * const [p, r, f, s] = metrics.precisionRecallFscoreSupport([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: null });
 * p.toArray(); // [0.6667, 0, 0]; s.toArray(): [2, 2, 2]
 */
export function precisionRecallFscoreSupport(yTrue: LabelInput, yPred: LabelInput, options: FbetaOptions = {}): PrecisionRecallFscoreSupport {
  return prfs("precisionRecallFscoreSupport", yTrue, yPred, { ...options, average: options.average === undefined ? null : options.average }, ["precision", "recall", "f-score"]);
}

/**
 * Precision tp / (tp + fp), as `sklearn.metrics.precision_score`: the fraction of the samples predicted
 * as a class that are of it. Averages as `precisionRecallFscoreSupport` (default "binary", class `posLabel`).
 * @example
 * metrics.precisionScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }); // 0.2222222222222222
 */
export function precisionScore(yTrue: LabelInput, yPred: LabelInput, options: PrecisionRecallOptions = {}): number | Tensor {
  return prfs("precisionScore", yTrue, yPred, options, ["precision"])[0];
}

/**
 * Recall tp / (tp + fn), as `sklearn.metrics.recall_score`: the fraction of the samples of a class that
 * are predicted as it. Averages as `precisionRecallFscoreSupport` (default "binary", class `posLabel`).
 * @example
 * metrics.recallScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }); // 0.3333333333333333
 */
export function recallScore(yTrue: LabelInput, yPred: LabelInput, options: PrecisionRecallOptions = {}): number | Tensor {
  return prfs("recallScore", yTrue, yPred, options, ["recall"])[1];
}

/**
 * The F1 score 2 P R / (P + R), the harmonic mean of precision and recall, as `sklearn.metrics.f1_score`.
 * Averages as `precisionRecallFscoreSupport` (default "binary", class `posLabel`; "macro" averages the
 * per-class F1, it is not the F1 of the averaged P and R).
 * @example
 * metrics.f1Score([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: "macro" }); // 0.26666666666666666
 */
export function f1Score(yTrue: LabelInput, yPred: LabelInput, options: PrecisionRecallOptions = {}): number | Tensor {
  return prfs("f1Score", yTrue, yPred, { ...options, beta: 1 }, ["f-score"])[2];
}

/**
 * The F-beta score (1 + beta²) P R / (beta² P + R), as `sklearn.metrics.fbeta_score`: beta > 1 favours
 * recall, beta < 1 precision. Averages as `f1Score`.
 * @example
 * metrics.fbetaScore([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], 0.5, { average: "macro" }); // 0.23809523809523805
 */
export function fbetaScore(yTrue: LabelInput, yPred: LabelInput, beta: number, options: PrecisionRecallOptions = {}): number | Tensor {
  return prfs("fbetaScore", yTrue, yPred, { ...options, beta }, ["f-score"])[2];
}
