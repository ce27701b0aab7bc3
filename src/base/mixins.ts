import type { Tensor } from "../tensor/tensor.ts";
import { BaseEstimator, checkArray, checkTarget, type ArrayInput, type Params } from "./estimator.ts";

/**
 * Base of classifiers, like scikit-learn's `ClassifierMixin`: `score(X, y)` is the mean accuracy of
 * `predict(X)` against y (weighted by `sampleWeight` when given).
 * @example
 * knn.fit(XTrain, yTrain).score(XTest, yTest); // 0.9666...
 */
export abstract class ClassifierMixin<P extends Params = Params> extends BaseEstimator<P> {
  /** The predicted class of each row of X, shape `[samples]`. */
  abstract predict(X: ArrayInput): Tensor;

  /** Mean accuracy of `predict(X)` against y (sample-weighted when `sampleWeight` is given). */
  score(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput): number {
    const x = checkArray(`${this.estimatorName}.score`, X);
    const truth = checkTarget(`${this.estimatorName}.score`, y, x.shape[0]).to("float64");
    const hit = this.predict(x).to("float64").eq(truth).to("float64");
    if (sampleWeight === undefined) return hit.mean().item();
    const w = checkTarget(`${this.estimatorName}.score (sampleWeight)`, sampleWeight, x.shape[0]).to("float64");
    return hit.mul(w).sum().item() / w.sum().item();
  }
}

/**
 * Base of regressors, like scikit-learn's `RegressorMixin`: `score(X, y)` is the coefficient of
 * determination R² = 1 - SS_res / SS_tot of `predict(X)` against y.
 * @example
 * new linearModel.LinearRegression().fit(X, y).score(X, y); // 1 for an exact fit
 */
export abstract class RegressorMixin<P extends Params = Params> extends BaseEstimator<P> {
  /** The predicted value of each row of X. */
  abstract predict(X: ArrayInput): Tensor;

  /** R² of `predict(X)` against y (1 is perfect; 0 is as good as predicting the mean). */
  score(X: ArrayInput, y: ArrayInput): number {
    const x = checkArray(`${this.estimatorName}.score`, X);
    const truth = checkTarget(`${this.estimatorName}.score`, y, x.shape[0]).to("float64");
    const pred = this.predict(x).to("float64").reshape(-1);
    const ssRes = pred.sub(truth).pow(2).sum().item();
    const ssTot = truth.sub(truth.mean()).pow(2).sum().item();
    if (ssTot === 0) return ssRes === 0 ? 1 : 0;
    return 1 - ssRes / ssTot;
  }
}

/**
 * Base of transformers, like scikit-learn's `TransformerMixin`: `fitTransform(X, y)` is
 * `fit(X, y).transform(X)` (transformers may override it with something cheaper).
 * @example
 * const Xs = new preprocessing.StandardScaler().fitTransform(X); // columns with mean 0 and std 1
 */
export abstract class TransformerMixin<P extends Params = Params> extends BaseEstimator<P> {
  /** X transformed by what `fit` learned. */
  abstract transform(X: ArrayInput): Tensor;

  /** Fits to X (and y), then transforms X. */
  fitTransform(X: ArrayInput, y?: ArrayInput): Tensor {
    return this.fit(X, y).transform(X);
  }
}
