import { Tensor } from "../tensor/tensor.ts";
import { confusionCounts } from "./confusion_matrix.ts";
import { checkSampleWeight, checkTargets, uniqueLabels, type LabelInput, type WeightInput } from "./targets.ts";

/** Options of `accuracyScore`. */
export interface AccuracyOptions {
  /** Return the fraction of correct predictions (default true) or their number (total weight) when false. */
  normalize?: boolean;
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
}

/**
 * Accuracy, as `sklearn.metrics.accuracy_score`: the (weighted) fraction of samples with
 * yPred == yTrue, acc = sum_i w_i [yPred_i = yTrue_i] / sum_i w_i; with `normalize: false` the
 * (weighted) number of hits. Labels may be any numbers or strings.
 * @example
 * metrics.accuracyScore([0, 1, 2, 3], [0, 2, 1, 3]); // 0.5
 * metrics.accuracyScore([0, 1, 2, 3], [0, 2, 1, 3], { normalize: false }); // 2
 */
export function accuracyScore(yTrue: LabelInput, yPred: LabelInput, options: AccuracyOptions = {}): number {
  const where = "accuracyScore";
  const { yTrue: t, yPred: p } = checkTargets(where, yTrue, yPred);
  const w = checkSampleWeight(where, options.sampleWeight, t.length);
  const hits = new Float64Array(t.length);
  for (let i = 0; i < t.length; i++) hits[i] = t[i] === p[i] ? 1 : 0;
  const hit = new Tensor(hits, [t.length]);
  const normalize = options.normalize ?? true;
  if (w === null) return normalize ? hit.mean().item() : hit.sum().item();
  const correct = hit.mul(w).sum().item();
  return normalize ? correct / w.sum().item() : correct;
}

/** Options of `balancedAccuracyScore`. */
export interface BalancedAccuracyOptions {
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** Rescale so that chance scores 0 and perfect 1: (score - 1/k) / (1 - 1/k) (default false). */
  adjusted?: boolean;
}

/**
 * Balanced accuracy, as `sklearn.metrics.balanced_accuracy_score`: the mean over classes of the recall
 * C[i][i] / sum_j C[i][j] (C the weighted confusion matrix). Classes that appear only in yPred have no
 * recall and are left out, with scikit-learn's warning "yPred contains classes not in yTrue".
 * `adjusted` maps chance (1 / classes) to 0.
 * @example
 * metrics.balancedAccuracyScore([0, 1, 0, 0, 1, 0], [0, 1, 0, 0, 0, 1]); // 0.625
 */
export function balancedAccuracyScore(yTrue: LabelInput, yPred: LabelInput, options: BalancedAccuracyOptions = {}): number {
  const where = "balancedAccuracyScore";
  const { yTrue: t, yPred: p } = checkTargets(where, yTrue, yPred);
  const w = checkSampleWeight(where, options.sampleWeight, t.length);
  const labels = uniqueLabels(t, p);
  const k = labels.length;
  const cm = new Tensor(confusionCounts(t, p, labels, w), [k, k]);
  const perClass = cm.diagonal().div(cm.sum(1));
  const defined = perClass.isnan().logicalNot();
  let kept = perClass;
  if (defined.sum().item() < k) {
    console.warn("balancedAccuracyScore: yPred contains classes not in yTrue");
    kept = perClass.index(defined);
  }
  let score = kept.numel() === 0 ? NaN : kept.mean().item();
  if (options.adjusted) {
    const chance = 1 / kept.numel();
    score = (score - chance) / (1 - chance);
  }
  return score;
}
