import { Tensor } from "../tensor/tensor.ts";
import { allocate } from "../tensor/dtype.ts";
import { checkArray, type ArrayInput } from "../base/estimator.ts";
import { kneighborsBrute } from "./brute_force.ts";
import { resolveMetric, type Metric, type MetricName } from "./metric.ts";

/*
 * What KNeighborsClassifier and KNeighborsRegressor share (scikit-learn's KNeighborsMixin): the
 * parameters and their checks, the fitted points, `kneighbors`, and the distance weights.
 */

/** The parameters of the k-nearest-neighbours estimators (scikit-learn's names, camelCased). */
export type KNeighborsParams = {
  /** Neighbours per query (default 5). */
  nNeighbors: number;
  /** `"uniform"` (every neighbour counts the same, the default) or `"distance"` (weight 1 / distance). */
  weights: "uniform" | "distance";
  /** Distance metric (default `"minkowski"`, which with p = 2 is euclidean). */
  metric: MetricName;
  /** Power of the minkowski metric (default 2). */
  p: number;
};

/** scikit-learn 1.2's defaults. */
export const KNEIGHBORS_DEFAULTS: KNeighborsParams = { nNeighbors: 5, weights: "uniform", metric: "minkowski", p: 2 };

/** Checks the parameters; returns the resolved metric. `where` is the class name. */
export function checkKNeighborsParams(where: string, params: KNeighborsParams): Metric {
  const k = params.nNeighbors;
  if (typeof k !== "number" || !Number.isInteger(k) || k < 1) throw new Error(`${where}: nNeighbors must be a positive integer, got ${String(k)}`);
  if (params.weights !== "uniform" && params.weights !== "distance") {
    throw new Error(`${where}: weights must be "uniform" or "distance", got ${JSON.stringify(params.weights)}`);
  }
  return resolveMetric(where, params.metric, params.p);
}

/** The fitted search: the points (a float Tensor `[nSamplesFit, features]`) and the resolved metric. */
export interface FittedPoints {
  X: Tensor;
  metric: Metric;
}

/**
 * scikit-learn's `kneighbors`: `[distances, indices]` (each `[queries, k]`, nearest first) of the k
 * nearest fitted points of each row of X; with X omitted, of each fitted point among the others (it is
 * queried with k + 1 and its own index removed; where equal points push it out of the first k + 1, the
 * first column is dropped instead).
 */
export function kneighborsOf(
  where: string, fitted: FittedPoints, X: ArrayInput | null | undefined, nNeighbors: number,
): [Tensor, Tensor] {
  const nFit = fitted.X.shape[0];
  if (typeof nNeighbors !== "number" || !Number.isInteger(nNeighbors) || nNeighbors < 1) {
    throw new Error(`${where}: nNeighbors must be a positive integer, got ${String(nNeighbors)}`);
  }
  const self = X === null || X === undefined;
  const k = self ? nNeighbors + 1 : nNeighbors;
  if (k > nFit) throw new Error(`${where}: Expected n_neighbors <= n_samples, but n_samples = ${nFit}, n_neighbors = ${k}`);
  let query = self ? fitted.X : checkArray(where, X);
  if (query.shape[1] !== fitted.X.shape[1]) {
    throw new Error(`${where}: X has ${query.shape[1]} features, but the estimator is expecting ${fitted.X.shape[1]} features as input`);
  }
  if (query.dtype !== fitted.X.dtype) query = query.to(fitted.X.dtype);
  const { distances, indices } = kneighborsBrute(query, fitted.X, k, fitted.metric);
  if (!self) return [distances, indices];
  // drop each point's own index (or the first column when it is not among the k + 1)
  const n = query.shape[0];
  const dist = distances.data;
  const ind = indices.data as Int32Array;
  const outD = allocate(distances.dtype, n * nNeighbors);
  const outI = new Int32Array(n * nNeighbors);
  for (let i = 0; i < n; i++) {
    let skip = 0;
    for (let j = 0; j < k; j++) {
      if (ind[i * k + j] === i) {
        skip = j;
        break;
      }
    }
    for (let j = 0, o = i * nNeighbors; j < k; j++) {
      if (j === skip) continue;
      outD[o] = dist[i * k + j];
      outI[o++] = ind[i * k + j];
    }
  }
  return [new Tensor(outD, [n, nNeighbors]), new Tensor(outI, [n, nNeighbors])];
}

/**
 * The neighbour weights of `weights: "distance"`, scikit-learn's `_get_weights`: `1 / distance`, except
 * that a query at distance 0 from some fitted points gets weight 1 for those and 0 for the others.
 * `dist` is `[n, k]` row-major; the result is float64.
 */
export function distanceWeights(dist: ArrayLike<number>, n: number, k: number): Float64Array {
  const w = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    let zero = false;
    for (let j = 0; j < k; j++) if (dist[i * k + j] === 0) zero = true;
    for (let j = 0; j < k; j++) {
      const d = dist[i * k + j];
      w[i * k + j] = zero ? (d === 0 ? 1 : 0) : 1 / d;
    }
  }
  return w;
}
