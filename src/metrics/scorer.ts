import type { Tensor } from "../tensor/tensor.ts";
import type { ArrayInput } from "../base/estimator.ts";
import { accuracyScore, balancedAccuracyScore } from "./accuracy.ts";
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from "./regression.ts";
import { f1Score, precisionScore, recallScore, type Average } from "./precision_recall_f1.ts";
import { rocAucScore } from "./ranking.ts";
import { logLoss } from "./log_loss.ts";
import { toLabels, typeOfTarget } from "./targets.ts";

/** What a scorer needs of an estimator: `predict`, and for some scorers `predictProba`, `decisionFunction` or `score`. */
export interface ScorableEstimator {
  predict(X: ArrayInput): Tensor;
  predictProba?(X: ArrayInput): Tensor;
  decisionFunction?(X: ArrayInput): Tensor;
  score?(X: ArrayInput, y: ArrayInput): number;
}

/**
 * A scorer, as scikit-learn's: scores a fitted estimator on (X, y), greater is better (losses are
 * negated: "neg_mean_squared_error").
 */
export type Scorer = (estimator: ScorableEstimator, X: Tensor, y: Tensor) => number;

const SCORERS = new Map<string, Scorer>();

function estimatorName(estimator: ScorableEstimator): string {
  return (estimator as { constructor?: { name?: string } }).constructor?.name ?? "estimator";
}

function targetType(where: string, y: Tensor): string {
  return typeOfTarget(where, "y", toLabels(where, "y", y));
}

/** The positive class's column of binary probabilities, as scikit-learn's `_select_proba_binary`. */
function selectProbaBinary(where: string, proba: Tensor): Tensor {
  if (proba.dim() === 2 && proba.shape[1] === 2) return proba.select(1, 1).contiguous();
  throw new Error(`${where}: Got predictProba of shape [${proba.shape.join(", ")}], but need classifier with two classes for ${where} scoring`);
}

/** A scorer on `predictProba(X)` (scikit-learn's `_ProbaScorer`): binary y with two columns keeps the positive one. */
function probaScorer(fn: (yTrue: Tensor, proba: Tensor) => number | Tensor, sign = 1): Scorer {
  return (estimator, X, y) => {
    if (typeof estimator.predictProba !== "function") throw new Error(`scorer: ${estimatorName(estimator)} has no predictProba, which this scoring needs`);
    let proba = estimator.predictProba(X);
    if (targetType("scorer", y) === "binary" && proba.dim() === 2 && proba.shape[1] <= 2) proba = selectProbaBinary("scorer", proba);
    return sign * (fn(y, proba) as number);
  };
}

/** A scorer on continuous scores (scikit-learn's `_ThresholdScorer`): binary y only; `decisionFunction(X)`, else the positive column of `predictProba(X)`. */
function thresholdScorer(fn: (yTrue: Tensor, score: Tensor) => number | Tensor, sign = 1): Scorer {
  return (estimator, X, y) => {
    const type = targetType("scorer", y);
    if (type !== "binary") throw new Error(`scorer: ${type} format is not supported`);
    let score: Tensor;
    if (typeof estimator.decisionFunction === "function") score = estimator.decisionFunction(X);
    else if (typeof estimator.predictProba === "function") score = selectProbaBinary("scorer", estimator.predictProba(X));
    else throw new Error(`scorer: ${estimatorName(estimator)} has neither decisionFunction nor predictProba`);
    return sign * (fn(y, score) as number);
  };
}

function predicting(fn: (yTrue: Tensor, yPred: Tensor) => number | Tensor, sign = 1): Scorer {
  return (estimator, X, y) => sign * (fn(y, estimator.predict(X)) as number);
}

SCORERS.set("accuracy", predicting((t, p) => accuracyScore(t, p)));
SCORERS.set("balanced_accuracy", predicting((t, p) => balancedAccuracyScore(t, p)));
for (const [name, fn] of [["precision", precisionScore], ["recall", recallScore], ["f1", f1Score]] as const) {
  SCORERS.set(name, predicting((t, p) => fn(t, p)));
  for (const average of ["macro", "micro", "weighted"] as const) SCORERS.set(`${name}_${average}`, predicting((t, p) => fn(t, p, { average: average as Average })));
}
SCORERS.set("roc_auc", thresholdScorer((t, p) => rocAucScore(t, p)));
SCORERS.set("roc_auc_ovr", probaScorer((t, p) => rocAucScore(t, p, { multiClass: "ovr" })));
SCORERS.set("roc_auc_ovo", probaScorer((t, p) => rocAucScore(t, p, { multiClass: "ovo" })));
SCORERS.set("roc_auc_ovr_weighted", probaScorer((t, p) => rocAucScore(t, p, { multiClass: "ovr", average: "weighted" })));
SCORERS.set("roc_auc_ovo_weighted", probaScorer((t, p) => rocAucScore(t, p, { multiClass: "ovo", average: "weighted" })));
SCORERS.set("neg_log_loss", probaScorer((t, p) => logLoss(t, p), -1));
SCORERS.set("r2", predicting((t, p) => r2Score(t, p)));
SCORERS.set("neg_mean_absolute_error", predicting((t, p) => meanAbsoluteError(t, p), -1));
SCORERS.set("neg_mean_squared_error", predicting((t, p) => meanSquaredError(t, p), -1));
SCORERS.set("neg_root_mean_squared_error", predicting((t, p) => rootMeanSquaredError(t, p), -1));

/**
 * The names `getScorer` accepts, sorted (scikit-learn's `get_scorer_names()` for the metrics backprop has).
 * @example metrics.getScorerNames().includes("f1_macro"); // true
 */
export function getScorerNames(): string[] {
  return [...SCORERS.keys()].sort();
}

/** The estimator's own `score(X, y)`: what scikit-learn uses when scoring is None. */
const passthroughScorer: Scorer = (estimator, X, y) => {
  if (typeof estimator.score !== "function") {
    throw new Error(`getScorer: If no scoring is specified, the estimator passed should have a 'score' method. The estimator ${estimatorName(estimator)} does not.`);
  }
  return estimator.score(X, y);
};

/**
 * A scorer from scikit-learn's name for it ("accuracy", "f1_macro", "neg_mean_squared_error", ...),
 * a scorer function (returned as is), or null / undefined for the estimator's own `score` method, as
 * `sklearn.metrics.get_scorer` and `check_scoring`. An unknown name is an error listing the valid ones.
 * @example
 * const scorer = metrics.getScorer("balanced_accuracy");
 * scorer(knn.fit(XTrain, yTrain), XTest, yTest); // 0.95...
 */
export function getScorer(scoring: string | Scorer | null | undefined): Scorer {
  if (scoring === null || scoring === undefined) return passthroughScorer;
  if (typeof scoring === "function") return scoring;
  if (typeof scoring !== "string") throw new Error(`getScorer: scoring must be a string, a scorer function or null, got ${typeof scoring}`);
  const scorer = SCORERS.get(scoring);
  if (scorer === undefined) {
    throw new Error(`getScorer: ${JSON.stringify(scoring)} is not a valid scoring value. Use metrics.getScorerNames() to get valid options: ${getScorerNames().join(", ")}`);
  }
  return scorer;
}

/** Options of `makeScorer`. */
export interface MakeScorerOptions<O> {
  /** Whether a greater score is better (default true); when false the scorer returns the negated value, as the "neg_*" scorers. */
  greaterIsBetter?: boolean;
  /** Score `predictProba(X)` instead of `predict(X)` (binary y: the positive column). */
  needsProba?: boolean;
  /** Score continuous outputs: `decisionFunction(X)`, else the positive column of `predictProba(X)` (binary y only). */
  needsThreshold?: boolean;
  /** Options passed to the score function as its third argument (scikit-learn's **kwargs). */
  kwargs?: O;
}

/**
 * A scorer from a metric, as `sklearn.metrics.make_scorer`: it calls
 * `scoreFunc(y, predict(X), kwargs)` (or on probabilities / decision values) and negates the result
 * when `greaterIsBetter` is false.
 * @example
 * const macroF1 = metrics.makeScorer(metrics.f1Score, { kwargs: { average: "macro" } });
 * const mae = metrics.makeScorer(metrics.meanAbsoluteError, { greaterIsBetter: false });
 */
export function makeScorer<O>(scoreFunc: (yTrue: Tensor, yPred: Tensor, options?: O) => number | Tensor, options: MakeScorerOptions<O> = {}): Scorer {
  if (typeof scoreFunc !== "function") throw new Error("makeScorer: scoreFunc must be a function (yTrue, yPred, options) => number");
  if (options.needsProba && options.needsThreshold) throw new Error("makeScorer: Set either needsProba or needsThreshold to true, but not both.");
  const sign = options.greaterIsBetter === false ? -1 : 1;
  const fn = (t: Tensor, p: Tensor): number | Tensor => (options.kwargs === undefined ? scoreFunc(t, p) : scoreFunc(t, p, options.kwargs));
  if (options.needsProba) return probaScorer(fn, sign);
  if (options.needsThreshold) return thresholdScorer(fn, sign);
  return predicting(fn, sign);
}
