import type { Tensor } from "../tensor/tensor.ts";
import type { ArrayInput } from "../base/estimator.ts";
import { accuracyScore, balancedAccuracyScore } from "./accuracy.ts";
import { meanAbsoluteError, meanSquaredError, r2Score, rootMeanSquaredError } from "./regression.ts";

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

function predicting(fn: (yTrue: Tensor, yPred: Tensor) => number | Tensor, sign = 1): Scorer {
  return (estimator, X, y) => sign * (fn(y, estimator.predict(X)) as number);
}

SCORERS.set("accuracy", predicting((t, p) => accuracyScore(t, p)));
SCORERS.set("balanced_accuracy", predicting((t, p) => balancedAccuracyScore(t, p)));
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
    const name = (estimator as { constructor?: { name?: string } }).constructor?.name ?? "estimator";
    throw new Error(`getScorer: If no scoring is specified, the estimator passed should have a 'score' method. The estimator ${name} does not.`);
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
