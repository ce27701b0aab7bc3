import { cloneParam, type BaseEstimator, type Params } from "../base/estimator.ts";
import type { Scorer, ScorableEstimator } from "../metrics/scorer.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { takeRows } from "./samples.ts";

/** What one fit on one split gives: the scores, the times (seconds), and the error message if it failed. */
export interface FitResult {
  testScore: number;
  trainScore: number | null;
  fitTime: number;
  scoreTime: number;
  /** The error's message when the fit or the scoring threw (the scores are then errorScore). */
  error: string | null;
}

/** A score where a fit fails: a number (scikit-learn's default NaN), or "raise" to rethrow the error. */
export type ErrorScore = number | "raise";

/**
 * A candidate's parameters with each value deep-copied by base's `cloneParam` (estimators cloned,
 * a RandomState copied with its state), so that fitting never touches the values of the grid itself.
 */
export function cloneParams(params: Params): Params {
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [k, cloneParam(v)]));
}

function now(): number {
  return performance.now() / 1000;
}

/**
 * Fits `estimator.setParams(params)` (the caller passes an unfitted clone) on the train rows and scores
 * it on the test rows (and the train rows with `returnTrainScore`), as scikit-learn's `_fit_and_score`:
 * `fitTime` covers the fit, `scoreTime` the scoring. A failure gives `errorScore` as the scores and
 * the message in `error`, or is rethrown with errorScore "raise".
 */
export function fitAndScore(
  estimator: BaseEstimator,
  X: Tensor,
  y: Tensor | null,
  train: Int32Array,
  test: Int32Array,
  params: Params,
  scorer: Scorer,
  returnTrainScore: boolean,
  errorScore: ErrorScore,
): FitResult {
  const XTrain = takeRows(X, train), XTest = takeRows(X, test);
  const yTrain = y === null ? undefined : takeRows(y, train);
  const yTest = y === null ? undefined : takeRows(y, test);
  const start = now();
  let fitTime = 0;
  try {
    estimator.setParams(cloneParams(params));
    estimator.fit(XTrain, yTrain);
    fitTime = now() - start;
    const scoreStart = now();
    const scorable = estimator as unknown as ScorableEstimator;
    const testScore = scorer(scorable, XTest, yTest as Tensor);
    const trainScore = returnTrainScore ? scorer(scorable, XTrain, yTrain as Tensor) : null;
    return { testScore, trainScore, fitTime, scoreTime: now() - scoreStart, error: null };
  } catch (err) {
    if (errorScore === "raise") throw err;
    if (fitTime === 0) fitTime = now() - start;
    const message = err instanceof Error ? err.message : String(err);
    return { testScore: errorScore, trainScore: returnTrainScore ? errorScore : null, fitTime, scoreTime: 0, error: message };
  }
}

/**
 * scikit-learn's `_warn_or_raise_about_fit_failures`: all fits failing is an error quoting the first
 * failure; some failing is a console warning with the count.
 */
export function reportFailures(where: string, results: readonly FitResult[]): void {
  const failed = results.filter((r) => r.error !== null);
  if (failed.length === 0) return;
  const total = results.length;
  const counts = new Map<string, number>();
  for (const r of failed) counts.set(r.error!, (counts.get(r.error!) ?? 0) + 1);
  const details = [...counts].map(([msg, n]) => `${n} fits failed with the following error:\n${msg}`).join("\n\n");
  if (failed.length === total) {
    throw new Error(`${where}: All the ${total} fits failed. It is very likely that your model is misconfigured. You can try to debug the error by setting errorScore: "raise".\n\nBelow are more details about the failures:\n${details}`);
  }
  console.warn(`${where}: ${failed.length} fits failed out of a total of ${total}. The score on these train-test partitions for these parameters will be set to ${results.find((r) => r.error !== null)!.testScore}. If these failures are not expected, you can try to debug them by setting errorScore: "raise".\n\nBelow are more details about the failures:\n${details}`);
}

