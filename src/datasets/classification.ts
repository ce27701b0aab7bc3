import { Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/matmul.ts";
import { indexSelect } from "../ops/indexing.ts";
import { checkRandomState, type RandomState } from "../random/random_state.ts";
import { sampleWithoutReplacement } from "../random/sample_without_replacement.ts";
import { checkInt, shuffleRows, type RandomStateLike } from "./generator_utils.ts";

/** Options of `makeClassification` (scikit-learn's `make_classification` parameters, camelCase). */
export interface MakeClassificationOptions {
  /** Rows of X (default 100). */
  nSamples?: number;
  /** Columns of X: informative, redundant, repeated, then noise (default 20). */
  nFeatures?: number;
  /** Columns that carry the class: Gaussian clusters around hypercube vertices (default 2). */
  nInformative?: number;
  /** Random linear combinations of the informative columns (default 2). */
  nRedundant?: number;
  /** Copies of informative / redundant columns (default 0). */
  nRepeated?: number;
  /** Number of classes (default 2). */
  nClasses?: number;
  /** Gaussian clusters per class (default 2). */
  nClustersPerClass?: number;
  /** Class proportions, nClasses values (or nClasses - 1, the last inferred); default null: balanced. */
  weights?: readonly number[] | null;
  /** Fraction of labels replaced by random ones (default 0.01). */
  flipY?: number;
  /** Half the side of the hypercube (default 1). */
  classSep?: number;
  /** Clusters on hypercube vertices (true, default) or on a random polytope. */
  hypercube?: boolean;
  /** Added to every feature: one number, one per feature, or null for U(-classSep, classSep) per feature (default 0). */
  shift?: number | readonly number[] | null;
  /** Multiplies every feature after the shift: one number, one per feature, or null for 1 + 100 U(0, 1) (default 1). */
  scale?: number | readonly number[] | null;
  /** Shuffle the rows and the columns (default true). */
  shuffle?: boolean;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: RandomStateLike;
}

/**
 * `samples` distinct vertices of the `dimensions`-cube as 0/1 rows (scikit-learn's `_generate_hypercube`):
 * vertex numbers from sampleWithoutReplacement(2^d, samples), written in binary, most significant bit
 * first; above 30 dimensions the extra leading columns are `randint(2)` draws made first.
 */
function hypercube(samples: number, dimensions: number, rs: RandomState): Float64Array {
  const out = new Float64Array(samples * dimensions);
  const extra = Math.max(0, dimensions - 30);
  if (extra > 0) {
    const bits = rs.randint(2, null, [samples, extra]).data;
    for (let i = 0; i < samples; i++) for (let j = 0; j < extra; j++) out[i * dimensions + j] = bits[i * extra + j];
  }
  const d = dimensions - extra;
  const vertices = sampleWithoutReplacement(2 ** d, samples, { randomState: rs });
  for (let i = 0; i < samples; i++) {
    for (let j = 0; j < d; j++) out[i * dimensions + extra + j] = (vertices[i] >>> (d - 1 - j)) & 1;
  }
  return out;
}

function perFeature(where: string, name: string, v: number | readonly number[], n: number): number[] {
  if (typeof v === "number") return new Array<number>(n).fill(v);
  if (v.length !== n) throw new Error(`${where}: ${name} must be a number or hold nFeatures (${n}) values, got ${v.length}`);
  return [...v];
}

/**
 * A random n-class classification problem, as scikit-learn 1.2's `make_classification` (Guyon's Madelon
 * design), with its draws in its order, so the same `randomState` gives scikit-learn's arrays:
 * cluster centroids on distinct vertices of a hypercube with side 2 * classSep (times random factors
 * when `hypercube` is false); informative columns standard normal, times a random matrix
 * A = 2 U(0, 1) - 1 per cluster, plus the centroid; redundant columns = informative B (B = 2 U - 1);
 * repeated columns copied from columns floor((n - 1) U + 0.5); the rest standard normal noise; then a
 * `flipY` fraction of labels redrawn, `X = (X + shift) * scale`, and rows and columns shuffled.
 * Samples go to the clusters as floor(nSamples * weight / nClustersPerClass), the remainder one each
 * from the first cluster on (weights summing above 1 leave the last clusters short: there are always
 * nSamples rows); clusters take classes 0, 1, ..., nClasses - 1, 0, ...
 * Returns `[X float64 [nSamples, nFeatures], y int32 [nSamples]]`.
 * @example
 * const [X, y] = datasets.makeClassification({ nSamples: 200, nFeatures: 5, nRedundant: 0, randomState: 0 });
 */
export function makeClassification(options: MakeClassificationOptions = {}): [Tensor, Tensor] {
  const W = "makeClassification";
  const nSamples = checkInt(W, "nSamples", options.nSamples ?? 100, 1);
  const nFeatures = checkInt(W, "nFeatures", options.nFeatures ?? 20, 1);
  const nInformative = checkInt(W, "nInformative", options.nInformative ?? 2, 1);
  const nRedundant = checkInt(W, "nRedundant", options.nRedundant ?? 2, 0);
  const nRepeated = checkInt(W, "nRepeated", options.nRepeated ?? 0, 0);
  const nClasses = checkInt(W, "nClasses", options.nClasses ?? 2, 1);
  const nClustersPerClass = checkInt(W, "nClustersPerClass", options.nClustersPerClass ?? 2, 1);
  const { flipY = 0.01, classSep = 1, hypercube: onCube = true, shuffle = true, randomState = null } = options;
  const shiftOpt = options.shift === undefined ? 0 : options.shift;
  const scaleOpt = options.scale === undefined ? 1 : options.scale;
  const rs = checkRandomState(randomState);
  if (nInformative + nRedundant + nRepeated > nFeatures) {
    throw new Error(`${W}: nInformative + nRedundant + nRepeated (${nInformative + nRedundant + nRepeated}) must be at most nFeatures (${nFeatures})`);
  }
  if (nInformative < Math.log2(nClasses * nClustersPerClass)) {
    throw new Error(`${W}: nClasses (${nClasses}) * nClustersPerClass (${nClustersPerClass}) must be at most 2**nInformative (${2 ** nInformative})`);
  }
  let weights: number[];
  if (options.weights !== undefined && options.weights !== null) {
    weights = [...options.weights];
    if (weights.length !== nClasses && weights.length !== nClasses - 1) {
      throw new Error(`${W}: weights must hold nClasses (${nClasses}) or nClasses - 1 values, got ${weights.length}`);
    }
    if (weights.length === nClasses - 1) weights.push(1 - weights.reduce((a, b) => a + b, 0));
  } else weights = new Array<number>(nClasses).fill(1 / nClasses);

  const nUseless = nFeatures - nInformative - nRedundant - nRepeated;
  const nClusters = nClasses * nClustersPerClass;
  const perCluster = Array.from({ length: nClusters }, (_, k) => Math.trunc((nSamples * weights[k % nClasses]) / nClustersPerClass));
  const assigned = perCluster.reduce((a, b) => a + b, 0);
  for (let i = 0; i < nSamples - assigned; i++) perCluster[i % nClusters]++;

  const X = new Float64Array(nSamples * nFeatures);
  const y = new Int32Array(nSamples);
  // centroids on hypercube vertices, scaled to [-classSep, classSep]
  const centroids = hypercube(nClusters, nInformative, rs);
  for (let i = 0; i < centroids.length; i++) centroids[i] = centroids[i] * (2 * classSep) - classSep;
  if (!onCube) {
    const a = rs.uniform(0, 1, [nClusters, 1]).data;
    for (let k = 0; k < nClusters; k++) for (let j = 0; j < nInformative; j++) centroids[k * nInformative + j] *= a[k];
    const b = rs.uniform(0, 1, [1, nInformative]).data;
    for (let k = 0; k < nClusters; k++) for (let j = 0; j < nInformative; j++) centroids[k * nInformative + j] *= b[j];
  }
  // informative columns: standard normal, then per cluster X_k A + centroid
  const informative = rs.standardNormal([nSamples, nInformative]).data as Float64Array;
  let stop = 0;
  for (let k = 0; k < nClusters; k++) {
    // weights summing above 1 overfill the clusters: as numpy's slicing, the last ones are cut at nSamples
    const start = stop;
    stop = Math.min(nSamples, stop + perCluster[k]);
    y.fill(k % nClasses, start, stop);
    const A = rs.uniform(0, 1, [nInformative, nInformative]);
    const Xk = new Tensor(informative.slice(start * nInformative, stop * nInformative), [stop - start, nInformative]);
    const moved = matmul(Xk, A.mul(2).sub(1)).data;
    for (let i = 0; i < moved.length; i++) informative[start * nInformative + i] = moved[i] + centroids[k * nInformative + (i % nInformative)];
  }
  const put = (col: number, width: number, src: ArrayLike<number>): void => {
    for (let i = 0; i < nSamples; i++) for (let j = 0; j < width; j++) X[i * nFeatures + col + j] = src[i * width + j];
  };
  put(0, nInformative, informative);
  if (nRedundant > 0) {
    const B = rs.uniform(0, 1, [nInformative, nRedundant]).mul(2).sub(1);
    put(nInformative, nRedundant, matmul(new Tensor(informative, [nSamples, nInformative]), B).data);
  }
  if (nRepeated > 0) {
    const n = nInformative + nRedundant;
    const u = rs.uniform(0, 1, nRepeated).data;
    for (let r = 0; r < nRepeated; r++) {
      const from = Math.trunc((n - 1) * u[r] + 0.5);
      for (let i = 0; i < nSamples; i++) X[i * nFeatures + n + r] = X[i * nFeatures + from];
    }
  }
  if (nUseless > 0) put(nFeatures - nUseless, nUseless, rs.standardNormal([nSamples, nUseless]).data);
  // flip a fraction of the labels
  if (flipY >= 0) {
    const u = rs.uniform(0, 1, nSamples).data;
    const flipped: number[] = [];
    for (let i = 0; i < nSamples; i++) if (u[i] < flipY) flipped.push(i);
    const labels = rs.randint(nClasses, null, flipped.length).data;
    flipped.forEach((i, k) => (y[i] = labels[k]));
  }
  // shift, then scale
  let shift: number[];
  if (shiftOpt === null) {
    const u = rs.uniform(0, 1, nFeatures).data;
    shift = Array.from(u, (v) => (2 * v - 1) * classSep);
  } else shift = perFeature(W, "shift", shiftOpt, nFeatures);
  let scale: number[];
  if (scaleOpt === null) {
    const u = rs.uniform(0, 1, nFeatures).data;
    scale = Array.from(u, (v) => 1 + 100 * v);
  } else scale = perFeature(W, "scale", scaleOpt, nFeatures);
  for (let i = 0; i < nSamples; i++) for (let j = 0; j < nFeatures; j++) X[i * nFeatures + j] = (X[i * nFeatures + j] + shift[j]) * scale[j];

  let Xt = new Tensor(X, [nSamples, nFeatures]);
  let yt = new Tensor(y, [nSamples]);
  if (shuffle) {
    [Xt, yt] = shuffleRows(rs, Xt, yt);
    const cols = new Int32Array(nFeatures).map((_, i) => i);
    rs.shuffle(cols);
    Xt = indexSelect(Xt, 1, new Tensor(cols, [nFeatures]));
  }
  return [Xt, yt];
}
