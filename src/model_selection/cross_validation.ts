import { BaseEstimator, checkArray, checkTarget, type ArrayInput } from "../base/estimator.ts";
import type { Scorer } from "../metrics/scorer.ts";
import { checkCv, isClassifier, type CvOption } from "./check_cv.ts";
import { reportFailures, type ErrorScore } from "./fit_and_score.ts";
import { effectiveJobs, runFits } from "./parallel.ts";

/** Options of `crossValidate` and `crossValScore` (scikit-learn's keyword arguments, camelCased). */
export interface CrossValidateOptions {
  /** Folds: a number (default 5: StratifiedKFold for classifiers, KFold otherwise), a splitter, or `[train, test]` pairs. */
  cv?: CvOption;
  /** A scorer name ("accuracy", "neg_mean_squared_error", ... see metrics.getScorer), a scorer function, or null for `estimator.score`. */
  scoring?: string | Scorer | null;
  /** Fits in parallel on Node worker threads: -1 all cores, 1 none (default 1); a browser runs them in turn. */
  nJobs?: number;
  /** Progress on stderr when >= 1 (default 0). */
  verbose?: number;
  /** Also score each fit on its training rows (default false). */
  returnTrainScore?: boolean;
  /** The score of a fit that throws: a number (default NaN, with a warning) or "raise". */
  errorScore?: ErrorScore;
}

/** Per split: the test score, the fit and score times in seconds, and the train score when asked for. */
export interface CrossValidateResult {
  testScore: number[];
  fitTime: number[];
  scoreTime: number[];
  trainScore?: number[];
}

/**
 * Cross-validates: fits a clone of `estimator` on each split's train rows and scores it on its test rows,
 * as scikit-learn's `cross_validate`. Async because with `nJobs` != 1 the fits run on worker threads
 * (Node; a browser runs them in turn); the scores are the same either way.
 * @example
 * const { testScore, fitTime } = await modelSelection.crossValidate(knn, X, y, { cv: 5 });
 */
export async function crossValidate(estimator: BaseEstimator, X: ArrayInput, y?: ArrayInput | null, options: CrossValidateOptions = {}): Promise<CrossValidateResult> {
  const where = "crossValidate";
  if (!(estimator instanceof BaseEstimator)) throw new Error(`${where}: estimator must be an estimator (a base.BaseEstimator), got ${String(estimator)}`);
  effectiveJobs(where, options.nJobs ?? 1);
  const x = checkArray(where, X);
  const target = y === undefined || y === null ? null : checkTarget(where, y, x.shape[0]);
  const cv = checkCv(options.cv, target, isClassifier(estimator));
  const splits = [...cv.split(x, target)];
  const returnTrainScore = options.returnTrainScore ?? false;
  const results = await runFits(
    { estimator, candidates: [{}], splits, X: x, y: target, scoring: options.scoring ?? null, returnTrainScore, errorScore: options.errorScore ?? NaN },
    { nJobs: options.nJobs ?? 1, verbose: options.verbose ?? 0, name: where },
  );
  reportFailures(where, results);
  const out: CrossValidateResult = {
    testScore: results.map((r) => r.testScore),
    fitTime: results.map((r) => r.fitTime),
    scoreTime: results.map((r) => r.scoreTime),
  };
  if (returnTrainScore) out.trainScore = results.map((r) => r.trainScore!);
  return out;
}

/**
 * The test score of each cross-validation split, as scikit-learn's `cross_val_score` (cross_validate's
 * testScore). Async (see crossValidate).
 * @example
 * const scores = await modelSelection.crossValScore(knn, X, y, { cv: 5, scoring: "accuracy" }); // 5 numbers
 */
export async function crossValScore(estimator: BaseEstimator, X: ArrayInput, y?: ArrayInput | null, options: Omit<CrossValidateOptions, "returnTrainScore"> = {}): Promise<number[]> {
  return (await crossValidate(estimator, X, y, { ...options, returnTrainScore: false })).testScore;
}
