import { Tensor } from "../tensor/tensor.ts";
import { checkArray, checkTarget, type ArrayInput } from "../base/estimator.ts";
import { RegressorMixin } from "../base/mixins.ts";
import type { Metric } from "./metric.ts";
import {
  KNEIGHBORS_DEFAULTS, checkKNeighborsParams, distanceWeights, kneighborsOf, type FittedPoints, type KNeighborsParams,
} from "./neighbors_base.ts";

/**
 * Regression by the k nearest training points, like scikit-learn 1.2's `KNeighborsRegressor`:
 * `ŷ = mean(y_neighbours)` with `weights: "uniform"`, `ŷ = Σ w_j y_j / Σ w_j` with `w_j = 1 / d_j` for
 * `"distance"` (a query equal to some training points takes the mean of their targets). Same
 * parameters, defaults, metrics and neighbour order as `KNeighborsClassifier`; `score` is R².
 * Fitted: `nSamplesFit`, `nFeaturesIn`, `effectiveMetric`.
 * @example
 * const reg = new neighbors.KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * reg.predict([[1.5]]); // tensor([0.5000], dtype=float64)
 */
export class KNeighborsRegressor extends RegressorMixin<KNeighborsParams> {
  /** Number of training points; null before fit. */
  nSamplesFit: number | null = null;
  /** The metric used, after resolving minkowski with p = 1 / 2 / Infinity. */
  effectiveMetric: string | null = null;
  private fitted: FittedPoints | null = null;
  private y: Float64Array | null = null;

  /** `options`: any of `{nNeighbors, weights, metric, p}` (see `KNeighborsClassifier`). */
  constructor(options: Partial<KNeighborsParams> = {}) {
    super(KNEIGHBORS_DEFAULTS, options);
  }

  protected override checkParams(): void {
    checkKNeighborsParams(this.estimatorName, this.params);
  }

  /** Stores the training points X `[n, features]` and targets y `[n]`; returns this. */
  fit(X: ArrayInput, y?: ArrayInput): this {
    const where = `${this.estimatorName}.fit`;
    const metric: Metric = checkKNeighborsParams(this.estimatorName, this.params);
    const x = checkArray(where, X);
    if (y === undefined) throw new Error(`${where}: y is required`);
    this.y = Float64Array.from(checkTarget(where, y, x.shape[0]).data);
    this.fitted = { X: x, metric };
    this.nSamplesFit = x.shape[0];
    this.effectiveMetric = metric.kind;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** As `KNeighborsClassifier.kneighbors`: `[distances, indices]`, or the indices alone. */
  kneighbors(X?: ArrayInput | null, nNeighbors?: number | null, returnDistance?: true): [Tensor, Tensor];
  kneighbors(X: ArrayInput | null | undefined, nNeighbors: number | null | undefined, returnDistance: false): Tensor;
  kneighbors(X?: ArrayInput | null, nNeighbors?: number | null, returnDistance = true): [Tensor, Tensor] | Tensor {
    this.checkIsFitted("kneighbors");
    const result = kneighborsOf(`${this.estimatorName}.kneighbors`, this.fitted!, X, nNeighbors ?? this.params.nNeighbors);
    return returnDistance ? result : result[1];
  }

  /** The predicted target of each row of X, `[n]` float64. */
  predict(X: ArrayInput): Tensor {
    const x = checkArray(`${this.estimatorName}.predict`, X);
    this.checkNFeatures("predict", x);
    const [dist, ind] = kneighborsOf(`${this.estimatorName}.predict`, this.fitted!, x, this.params.nNeighbors);
    const [n, k] = ind.shape;
    const w = this.params.weights === "distance" ? distanceWeights(dist.data, n, k) : null;
    const id = ind.data;
    const y = this.y!;
    const out = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let num = 0;
      let den = 0;
      for (let j = 0; j < k; j++) {
        const wj = w === null ? 1 : w[i * k + j];
        num += y[id[i * k + j]] * wj;
        den += wj;
      }
      out[i] = num / den;
    }
    return new Tensor(out, [n]);
  }
}
