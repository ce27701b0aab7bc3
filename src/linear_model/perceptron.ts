import { BaseSgdClassifier, type SgdClassifierParams } from "./sgd_classifier.ts";

/** Parameters of {@link Perceptron} (scikit-learn's, camelCased). */
export type PerceptronParams = {
  /** null (default), "l2", "l1" or "elasticnet". */
  penalty: SgdClassifierParams["penalty"];
  /** Strength of the penalty, if any; default 0.0001. */
  alpha: number;
  /** Share of L1 in "elasticnet"; default 0.15. */
  l1Ratio: number;
  /** Fit an intercept; default true. */
  fitIntercept: boolean;
  /** Most epochs; default 1000. */
  maxIter: number;
  /** Stop after nIterNoChange epochs whose summed perceptron loss does not fall below best - tol * samples; null: run maxIter epochs. Default 0.001. */
  tol: number | null;
  /** Reshuffle the samples before each epoch; default true. */
  shuffle: boolean;
  /** Step of the update w += eta0 y x; default 1. */
  eta0: number;
  /** Seed of the shuffles (bp.random.RandomState); default 0. */
  randomState: number | null;
  /** Epochs without improvement before stopping; default 5. */
  nIterNoChange: number;
};

/**
 * Rosenblatt's perceptron, like `sklearn.linear_model.Perceptron` (an SGDClassifier with the
 * perceptron loss max(0, -y (w·x + b)) and a constant learning rate): going through the (shuffled)
 * samples, every mistake y (w·x + b) <= 0 (y = ±1) moves the plane, w += eta0 y x, b += eta0 y.
 * One-vs-rest for more than two classes. Deterministic for a given `randomState` (bp.random's shuffles,
 * not scikit-learn's C generator, so the weights differ from scikit-learn's while the accuracy is alike).
 * @example
 * const clf = new linearModel.Perceptron({ randomState: 0 }).fit([[0, 0], [1, 1], [2, 2], [3, 3]], [0, 0, 1, 1]);
 * clf.predict([[3, 2]]); // tensor([1.])
 */
export class Perceptron extends BaseSgdClassifier<PerceptronParams> {
  constructor(options: Partial<PerceptronParams> = {}) {
    super({ penalty: null, alpha: 0.0001, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, shuffle: true, eta0: 1, randomState: 0, nIterNoChange: 5 }, options);
  }

  protected sgdSettings(): SgdClassifierParams {
    return { ...this.params, loss: "perceptron", learningRate: "constant", powerT: 0.5 };
  }
}
