import type { Tensor } from "../tensor/tensor.ts";

/**
 * A bundled data set as scikit-learn's `Bunch` holds it (`load_iris()`, `load_digits()`): the samples,
 * their classes, and the names of both.
 * @example
 * const { data, target, targetNames, featureNames } = datasets.loadIris();
 */
export interface Bunch {
  /** The samples, float64 [nSamples, nFeatures]. */
  data: Tensor;
  /** The class of each sample, int32 [nSamples]. */
  target: Tensor;
  /** The name of each class, indexed by target value. */
  targetNames: string[];
  /** The name of each feature (column of `data`). */
  featureNames: string[];
}

/** Options of the loaders: `returnXY` gives `[data, target]` instead of the Bunch (scikit-learn's `return_X_y`). */
export interface LoadOptions {
  /** Return `[data, target]` (default false). */
  returnXY?: boolean;
}
