import { ClassifierMixin } from "../base/mixins.ts";
import type { BaseEstimator } from "../base/estimator.ts";
import { KFold, StratifiedKFold } from "./k_fold.ts";
import { targetType, type Labels } from "./samples.ts";
import type { CrossValidator, Split } from "./splitter.ts";
import { Tensor } from "../tensor/tensor.ts";

/** What `cv` options take: a number of folds, a splitter, or the splits themselves (`[train, test]` index pairs). */
export type CvOption = number | CrossValidator | Iterable<readonly [ArrayLike<number>, ArrayLike<number>]> | null;

function isSplitter(v: unknown): v is CrossValidator {
  return v !== null && typeof v === "object" && typeof (v as CrossValidator).split === "function" && typeof (v as CrossValidator).getNSplits === "function";
}

/**
 * The splitter for a `cv` option, as scikit-learn's `check_cv`: null means 5; a number k gives
 * `StratifiedKFold({nSplits: k})` when the estimator is a classifier (a ClassifierMixin) and y is
 * binary or multiclass, else `KFold({nSplits: k})`; a splitter is used as is; an iterable of
 * `[train, test]` pairs is used as those splits.
 * @example modelSelection.checkCv(3, y, true); // StratifiedKFold({nSplits: 3})
 */
export function checkCv(cv: CvOption | undefined, y: Labels | null = null, classifier = false): CrossValidator {
  const value = cv ?? 5;
  if (typeof value === "number") {
    if (classifier && y !== null) {
      const values = y instanceof Tensor ? Array.from(y.data as ArrayLike<number>) : y;
      if (targetType(values) !== "continuous") return new StratifiedKFold({ nSplits: value });
    }
    return new KFold({ nSplits: value });
  }
  if (isSplitter(value)) return value;
  if (value !== null && typeof value === "object" && typeof (value as Iterable<unknown>)[Symbol.iterator] === "function") {
    const splits = Array.from(value as Iterable<readonly [ArrayLike<number>, ArrayLike<number>]>, ([train, test]) => [Int32Array.from(train), Int32Array.from(test)] as Split);
    return {
      getNSplits: () => splits.length,
      *split() {
        yield* splits;
      },
    };
  }
  throw new Error(`checkCv: Expected cv as an integer, cross-validation object (from modelSelection) or an iterable. Got ${String(value)}.`);
}

/** Whether scikit-learn would treat the estimator as a classifier (stratified folds for an integer cv). */
export function isClassifier(estimator: BaseEstimator): boolean {
  return estimator instanceof ClassifierMixin;
}
