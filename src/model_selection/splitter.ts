import type { ArrayInput } from "../base/estimator.ts";
import type { RandomState } from "../random/random_state.ts";
import type { Indexable, Labels } from "./samples.ts";

/** One split: `[trainIndices, testIndices]`, row numbers into X. */
export type Split = [train: Int32Array, test: Int32Array];

/** What a random-state option takes: an integer seed (a fresh numpy RandomState each time), a RandomState (used as is), or null (unseeded). */
export type RandomStateLike = number | RandomState | null;

/**
 * A cross-validation splitter, as scikit-learn's CV splitters: `split(X, y?)` yields the
 * `[trainIndices, testIndices]` of each split; `getNSplits()` says how many it yields.
 * @example
 * for (const [train, test] of new modelSelection.KFold({ nSplits: 3 }).split(X)) console.log(train, test);
 */
export interface CrossValidator {
  split(X: Indexable | ArrayInput, y?: Labels | null): Generator<Split>;
  getNSplits(): number;
}
