import { Tensor } from "../tensor/tensor.ts";
import { checkRandomState } from "../random/random_state.ts";
import { checkInt, shuffleRows, type RandomStateLike } from "./generator_utils.ts";

/** Options of `makeBlobs` (scikit-learn's `make_blobs` parameters, camelCase). */
export interface MakeBlobsOptions {
  /** Total points, split evenly over the centers (the first `n % centers` get one more), or the count per center (default 100). */
  nSamples?: number | readonly number[];
  /** Columns of X when the centers are drawn (default 2). */
  nFeatures?: number;
  /** How many centers to draw (default 3, or one per entry of an `nSamples` array), or the centers themselves [nCenters, nFeatures]. */
  centers?: number | readonly (readonly number[])[] | Tensor | null;
  /** Standard deviation of each blob: one for all, or one per center (default 1). */
  clusterStd?: number | readonly number[];
  /** The box [min, max) the centers are drawn uniformly from (default [-10, 10]). */
  centerBox?: readonly [number, number];
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: RandomStateLike;
  /** Also return the centers (default false). */
  returnCenters?: boolean;
}

function centersFrom(where: string, centers: readonly (readonly number[])[] | Tensor): { data: Float64Array; n: number; f: number } {
  if (centers instanceof Tensor) {
    if (centers.dim() !== 2) throw new Error(`${where}: centers must be 2-D [nCenters, nFeatures], got shape [${centers.shape.join(", ")}]`);
    return { data: Float64Array.from(centers.data), n: centers.shape[0], f: centers.shape[1] };
  }
  const n = centers.length;
  const f = n > 0 ? centers[0].length : 0;
  if (n === 0 || f === 0 || centers.some((c) => !Array.isArray(c) || c.length !== f)) {
    throw new Error(`${where}: centers must be a non-empty [nCenters, nFeatures] array of rows of one length`);
  }
  return { data: Float64Array.from(centers.flat()), n, f };
}

/**
 * Isotropic Gaussian blobs, as scikit-learn 1.2's `make_blobs`: centers drawn uniformly from `centerBox`
 * (unless given), then for each center in turn its points `center + clusterStd * z` (z standard normal,
 * numpy's draws in row order), labelled by center index; then the rows shuffled. The same `randomState`
 * gives scikit-learn's arrays. Returns `[X float64 [n, nFeatures], y int32 [n]]`, and the centers
 * (float64 [nCenters, nFeatures]) third with `returnCenters`.
 * @example
 * const [X, y] = datasets.makeBlobs({ nSamples: 300, centers: 4, clusterStd: 0.6, randomState: 0 });
 */
export function makeBlobs(options: MakeBlobsOptions & { returnCenters: true }): [Tensor, Tensor, Tensor];
export function makeBlobs(options?: MakeBlobsOptions): [Tensor, Tensor];
export function makeBlobs(options: MakeBlobsOptions = {}): [Tensor, Tensor] | [Tensor, Tensor, Tensor] {
  const W = "makeBlobs";
  const { nSamples = 100, centers = null, clusterStd = 1, centerBox = [-10, 10], shuffle = true, randomState = null } = options;
  let nFeatures = checkInt(W, "nFeatures", options.nFeatures ?? 2, 1);
  const rs = checkRandomState(randomState);
  let nCenters: number;
  let centerData: Float64Array;
  const draw = (n: number): Float64Array => rs.uniform(centerBox[0], centerBox[1], [n, nFeatures]).data as Float64Array;
  if (typeof nSamples === "number") {
    checkInt(W, "nSamples", nSamples, 0);
    const c = centers ?? 3;
    if (typeof c === "number") {
      nCenters = checkInt(W, "centers", c, 1);
      centerData = draw(nCenters);
    } else {
      const got = centersFrom(W, c);
      [centerData, nCenters, nFeatures] = [got.data, got.n, got.f];
    }
  } else {
    if (!Array.isArray(nSamples) || nSamples.length === 0) throw new Error(`${W}: nSamples must be a number or a non-empty array of counts`);
    nSamples.forEach((v, i) => checkInt(W, `nSamples[${i}]`, v, 0));
    nCenters = nSamples.length;
    if (centers === null) centerData = draw(nCenters);
    else if (typeof centers === "number") throw new Error(`${W}: with an array nSamples, centers must be null or an array of ${nCenters} centers, got ${centers}`);
    else {
      const got = centersFrom(W, centers);
      if (got.n !== nCenters) throw new Error(`${W}: nSamples has ${nCenters} counts but centers has ${got.n} rows`);
      [centerData, nFeatures] = [got.data, got.f];
    }
  }
  let stds: number[];
  if (typeof clusterStd === "number") stds = new Array<number>(nCenters).fill(clusterStd);
  else {
    if (clusterStd.length !== nCenters) throw new Error(`${W}: clusterStd has ${clusterStd.length} values but there are ${nCenters} centers`);
    stds = [...clusterStd];
  }
  if (stds.some((s) => !(s >= 0))) throw new Error(`${W}: clusterStd must be non-negative, got ${JSON.stringify(clusterStd)}`);
  let counts: number[];
  if (typeof nSamples === "number") {
    counts = new Array<number>(nCenters).fill(Math.floor(nSamples / nCenters));
    for (let i = 0; i < nSamples % nCenters; i++) counts[i]++;
  } else counts = [...nSamples];
  const total = counts.reduce((a, b) => a + b, 0);
  const X = new Float64Array(total * nFeatures);
  const y = new Int32Array(total);
  let row = 0;
  for (let c = 0; c < nCenters; c++) {
    // numpy's normal(loc=centers[c], scale=std, size=(n, nFeatures)): loc broadcast along each row
    for (let i = 0; i < counts[c]; i++, row++) {
      for (let j = 0; j < nFeatures; j++) X[row * nFeatures + j] = rs.normal(centerData[c * nFeatures + j], stds[c]);
      y[row] = c;
    }
  }
  let Xt = new Tensor(X, [total, nFeatures]);
  let yt = new Tensor(y, [total]);
  if (shuffle) [Xt, yt] = shuffleRows(rs, Xt, yt);
  if (options.returnCenters) return [Xt, yt, new Tensor(centerData, [nCenters, nFeatures])];
  return [Xt, yt];
}
