import { Tensor } from "../tensor/tensor.ts";
import { unique, sort } from "../ops/sort.ts";
import { tensor } from "../tensor/creation.ts";
import { stack } from "../ops/join.ts";
import { checkArray, checkTarget, type ArrayInput } from "../base/estimator.ts";
import { ClassifierMixin } from "../base/mixins.ts";
import { kneighborsBrute } from "./brute_force.ts";

/** The parameters of `NearestCentroid`. */
export type NearestCentroidParams = {
  /** `"euclidean"` (default) or `"manhattan"`: the distance to the centroids. */
  metric: "euclidean" | "manhattan";
  /** Shrinks the centroids toward the overall mean by this many within-class standard deviations (null: none). */
  shrinkThreshold: number | null;
  /**
   * How a class's centroid is made: null (default) follows scikit-learn 1.2 (the per-feature median for
   * manhattan, the mean for euclidean); `"mean"` or `"median"` forces one (`"mean"` with manhattan is the
   * seed's TemplateBasedClassifier: one mean image per class, L1 distance).
   */
  centroid: "mean" | "median" | null;
};

/**
 * Nearest-centroid (template) classifier, like scikit-learn 1.2's `NearestCentroid`: each class is
 * represented by its centroid `c_k` (the mean of its training rows, or the per-feature median for
 * `metric: "manhattan"`, numpy's median: the mean of the two middle values for an even count), and a
 * row x is given the class `argmin_k d(x, c_k)` (the first class on a tie). With `shrinkThreshold` t,
 * scikit-learn's shrunken centroids: `c_k = m + m_k s · softThreshold((c_k - m) / (m_k s), t)` with m
 * the overall mean, `m_k = sqrt(1/n_k - 1/n)`, `s = sqrt(Σ(x - c_y)² / (n - K)) + median(s)`.
 * Fitted: `centroids` `[nClasses, features]` (X's float dtype; draw them as templates), `classes`.
 * @example
 * const nc = new neighbors.NearestCentroid({ metric: "manhattan", centroid: "mean" }).fit(X, y);
 * nc.centroids; // one mean row per class
 * nc.predict(XTest);
 */
export class NearestCentroid extends ClassifierMixin<NearestCentroidParams> {
  /** One centroid per class, `[nClasses, features]`; null before fit. */
  centroids: Tensor | null = null;
  /** The class labels, sorted (y's dtype); null before fit. */
  classes: Tensor | null = null;

  /** `options`: any of `{metric, shrinkThreshold, centroid}` (see the class). */
  constructor(options: Partial<NearestCentroidParams> = {}) {
    super({ metric: "euclidean", shrinkThreshold: null, centroid: null }, options);
  }

  protected override checkParams(): void {
    const { metric, shrinkThreshold, centroid } = this.params;
    const name = this.estimatorName;
    if (metric !== "euclidean" && metric !== "manhattan") throw new Error(`${name}: metric must be "euclidean" or "manhattan", got ${JSON.stringify(metric)}`);
    if (shrinkThreshold !== null && !(typeof shrinkThreshold === "number" && shrinkThreshold > 0)) {
      throw new Error(`${name}: shrinkThreshold must be null or a number > 0, got ${String(shrinkThreshold)}`);
    }
    if (centroid !== null && centroid !== "mean" && centroid !== "median") {
      throw new Error(`${name}: centroid must be null, "mean" or "median", got ${JSON.stringify(centroid)}`);
    }
  }

  /** Computes one centroid per class from X `[n, features]` and labels y `[n]`; returns this. */
  fit(X: ArrayInput, y?: ArrayInput): this {
    const where = `${this.estimatorName}.fit`;
    const x = checkArray(where, X);
    if (y === undefined) throw new Error(`${where}: y is required`);
    const t = checkTarget(where, y, x.shape[0]);
    const { values: classes, inverseIndices } = unique(t, true, true, false);
    const nc = classes.shape[0];
    if (nc < 2) throw new Error(`${where}: The number of classes has to be greater than one; got ${nc} class`);
    const median = this.params.centroid === "median" || (this.params.centroid === null && this.params.metric === "manhattan");
    const members: number[][] = Array.from({ length: nc }, () => []);
    const yIndex = Array.from(inverseIndices!.data);
    yIndex.forEach((c, i) => members[c].push(i));
    const rows = members.map((idx) => {
      const part = x.indexSelect(0, tensor(idx, { dtype: "int32" }));
      return median ? numpyMedian(part) : part.mean(0);
    });
    let centroids = stack(rows);
    if (this.params.shrinkThreshold !== null) centroids = shrink(where, x, yIndex, members, centroids, this.params.shrinkThreshold);
    this.centroids = centroids;
    this.classes = classes;
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** The class of the nearest centroid for each row of X, `[n]` (the labels' dtype). */
  predict(X: ArrayInput): Tensor {
    const x = checkArray(`${this.estimatorName}.predict`, X);
    this.checkNFeatures("predict", x);
    const c = this.centroids!.dtype === x.dtype ? this.centroids! : this.centroids!.to(x.dtype);
    const metric = this.params.metric === "manhattan" ? { kind: "manhattan" as const, p: 1 } : { kind: "euclidean" as const, p: 2 };
    const { indices } = kneighborsBrute(x, c, 1, metric);
    return this.classes!.indexSelect(0, indices.reshape(-1));
  }
}

/** numpy's median along axis 0: the middle value, or the mean of the two middle values for an even count. */
function numpyMedian(x: Tensor): Tensor {
  const n = x.shape[0];
  const sorted = sort(x, 0).values;
  const hi = sorted.index(n >> 1);
  return n % 2 === 1 ? hi : sorted.index((n >> 1) - 1).add(hi).div(2);
}

/** scikit-learn's shrunken centroids (see the class). */
function shrink(where: string, x: Tensor, yIndex: number[], members: number[][], centroids: Tensor, threshold: number): Tensor {
  const [n] = x.shape;
  const nc = members.length;
  if (x.amax(0).sub(x.amin(0)).eq(0).all().item() === 1) throw new Error(`${where}: All features have zero variance. Division by zero.`);
  const overall = x.mean(0);
  const m = tensor(members.map((idx) => Math.sqrt(1 / idx.length - 1 / n)), { dtype: x.dtype }).unsqueeze(1);
  const own = centroids.indexSelect(0, tensor(yIndex, { dtype: "int32" }));
  let s = x.sub(own).pow(2).sum(0).div(n - nc).sqrt();
  s = s.add(numpyMedian(s.unsqueeze(1)).item());
  const ms = m.mul(s);
  const deviation = centroids.sub(overall).div(ms);
  const shrunk = deviation.abs().sub(threshold).clamp(0).mul(deviation.sign());
  return overall.unsqueeze(0).add(ms.mul(shrunk));
}
