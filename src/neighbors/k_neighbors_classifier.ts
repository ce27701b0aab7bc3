import { Tensor } from "../tensor/tensor.ts";
import { allocate } from "../tensor/dtype.ts";
import { unique } from "../ops/sort.ts";
import { checkArray, checkTarget, type ArrayInput } from "../base/estimator.ts";
import { ClassifierMixin } from "../base/mixins.ts";
import type { Metric } from "./metric.ts";
import {
  KNEIGHBORS_DEFAULTS, checkKNeighborsParams, distanceWeights, kneighborsOf, type FittedPoints, type KNeighborsParams,
} from "./neighbors_base.ts";

/**
 * Classifier voting among the k nearest training points, like scikit-learn 1.2's
 * `KNeighborsClassifier` (its brute force; see `kneighbors` for the neighbour order). With
 * `weights: "uniform"` the prediction is the most common class among the k neighbours (the smallest
 * class on a tie, as scipy's `mode`); with `"distance"` each neighbour votes with weight 1 / distance (a
 * query equal to some training points takes only their votes) and the heaviest class wins (the smallest
 * on a tie). `predictProba` gives each class's share of the (weighted) votes.
 *
 * Defaults: `{nNeighbors: 5, weights: "uniform", metric: "minkowski", p: 2}` (minkowski with p = 2 is
 * euclidean; p = 1 manhattan). Metrics: `"minkowski"`, `"euclidean"` (`"l2"`), `"manhattan"`
 * (`"cityblock"`, `"l1"`), `"chebyshev"`, `"cosine"`. Nested arrays compute in float64; a float32 Tensor
 * stays float32 (the wasm kernels' fast path).
 * Fitted: `classes` (sorted labels, y's dtype), `nSamplesFit`, `nFeaturesIn`, `effectiveMetric`.
 * @example
 * const knn = new neighbors.KNeighborsClassifier({ nNeighbors: 3 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
 * knn.predict([[1.1]]); // tensor([0], dtype=float64)
 * knn.predictProba([[0.9]]); // tensor([[0.6667, 0.3333]], dtype=float64)
 */
export class KNeighborsClassifier extends ClassifierMixin<KNeighborsParams> {
  /** The class labels, sorted (y's dtype); null before fit. */
  classes: Tensor | null = null;
  /** Number of training points; null before fit. */
  nSamplesFit: number | null = null;
  /** The metric used, after resolving minkowski with p = 1 / 2 / Infinity (scikit-learn's `effective_metric_`). */
  effectiveMetric: string | null = null;
  private fitted: FittedPoints | null = null;
  /** Class index (into `classes`) of each training point. */
  private yIndex: Int32Array | null = null;

  /** `options`: any of `{nNeighbors, weights, metric, p}` (see the class). */
  constructor(options: Partial<KNeighborsParams> = {}) {
    super(KNEIGHBORS_DEFAULTS, options);
  }

  protected override checkParams(): void {
    checkKNeighborsParams(this.estimatorName, this.params);
  }

  /** Stores the training points X `[n, features]` and labels y `[n]`; returns this. */
  fit(X: ArrayInput, y?: ArrayInput): this {
    const where = `${this.estimatorName}.fit`;
    const metric: Metric = checkKNeighborsParams(this.estimatorName, this.params);
    const x = checkArray(where, X);
    if (y === undefined) throw new Error(`${where}: y is required`);
    const t = checkTarget(where, y, x.shape[0]);
    const { values: classes, inverseIndices } = unique(t, true, true, false);
    this.classes = classes;
    this.yIndex = inverseIndices!.data as Int32Array;
    this.fitted = { X: x, metric };
    this.nSamplesFit = x.shape[0];
    this.effectiveMetric = metric.kind;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /**
   * The k nearest training points of each row of X: `[distances, indices]`, each `[queries, k]`,
   * nearest first (distances in the fitted dtype, indices int32); with `returnDistance` false the
   * indices alone. X omitted (null): each training point's neighbours among the others. `nNeighbors`
   * defaults to the estimator's. Equal distances are ordered as scikit-learn 1.2's brute force orders
   * them (its ArgKmin heap on one thread; by index for cosine). More neighbours than training points is
   * scikit-learn's error.
   * @example const [dist, ind] = knn.kneighbors([[1.1]], 2);
   */
  kneighbors(X?: ArrayInput | null, nNeighbors?: number | null, returnDistance?: true): [Tensor, Tensor];
  kneighbors(X: ArrayInput | null | undefined, nNeighbors: number | null | undefined, returnDistance: false): Tensor;
  kneighbors(X?: ArrayInput | null, nNeighbors?: number | null, returnDistance = true): [Tensor, Tensor] | Tensor {
    this.checkIsFitted("kneighbors");
    const result = kneighborsOf(`${this.estimatorName}.kneighbors`, this.fitted!, X, nNeighbors ?? this.params.nNeighbors);
    return returnDistance ? result : result[1];
  }

  /** Class-index votes `[n, nClasses]` (float64) of the neighbours of X, and n. */
  private votes(where: string, X: ArrayInput): { votes: Float64Array; n: number } {
    const x = checkArray(`${this.estimatorName}.${where}`, X);
    this.checkNFeatures(where, x);
    const [dist, ind] = kneighborsOf(`${this.estimatorName}.${where}`, this.fitted!, x, this.params.nNeighbors);
    const [n, k] = ind.shape;
    const nc = this.classes!.shape[0];
    const w = this.params.weights === "distance" ? distanceWeights(dist.data, n, k) : null;
    const votes = new Float64Array(n * nc);
    const id = ind.data;
    const yi = this.yIndex!;
    // in neighbour order, as scikit-learn adds them up
    for (let j = 0; j < k; j++) {
      for (let i = 0; i < n; i++) votes[i * nc + yi[id[i * k + j]]] += w === null ? 1 : w[i * k + j];
    }
    return { votes, n };
  }

  /** The predicted class of each row of X, `[n]`, in the dtype of the labels given to `fit`. */
  predict(X: ArrayInput): Tensor {
    const { votes, n } = this.votes("predict", X);
    const classes = this.classes!;
    const nc = classes.shape[0];
    const out = allocate(classes.dtype, n);
    for (let i = 0; i < n; i++) {
      // the first (smallest) class with the most votes
      let best = 0;
      for (let c = 1; c < nc; c++) if (votes[i * nc + c] > votes[i * nc + best]) best = c;
      out[i] = classes.data[best];
    }
    return new Tensor(out, [n]);
  }

  /** Each class's share of the (weighted) neighbour votes, `[n, nClasses]` float64, columns in `classes` order. */
  predictProba(X: ArrayInput): Tensor {
    const { votes, n } = this.votes("predictProba", X);
    const nc = this.classes!.shape[0];
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let c = 0; c < nc; c++) s += votes[i * nc + c];
      if (s === 0) s = 1;
      for (let c = 0; c < nc; c++) votes[i * nc + c] /= s;
    }
    return new Tensor(votes, [n, nc]);
  }
}
