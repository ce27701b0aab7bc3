import { Tensor } from "../tensor/tensor.ts";
import { matmul } from "../ops/matmul.ts";
import { add, mul } from "../ops/binary.ts";
import { indexSelect } from "../ops/indexing.ts";
import { checkRandomState, type RandomState } from "../random/random_state.ts";
import { checkInt, shuffleRows, type RandomStateLike } from "./generator_utils.ts";
import { householderQ } from "./householder_qr.ts";

/** Options of `makeRegression` (scikit-learn's `make_regression` parameters, camelCase). */
export interface MakeRegressionOptions {
  /** Rows of X (default 100). */
  nSamples?: number;
  /** Columns of X (default 100). */
  nFeatures?: number;
  /** Columns with a nonzero coefficient (default 10; at most nFeatures). */
  nInformative?: number;
  /** Columns of y (default 1: y is 1-D). */
  nTargets?: number;
  /** Added to every target (default 0). */
  bias?: number;
  /** null: X standard normal (default); a number: X from `makeLowRankMatrix` with about this many dominant singular values. */
  effectiveRank?: number | null;
  /** Weight of the fat tail of the singular values with `effectiveRank`, in [0, 1] (default 0.5). */
  tailStrength?: number;
  /** Standard deviation of the Gaussian noise added to y (default 0). */
  noise?: number;
  /** Shuffle the rows and the columns (default true). */
  shuffle?: boolean;
  /** Also return the true coefficients (default false). */
  coef?: boolean;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: RandomStateLike;
}

/** Options of `makeLowRankMatrix` (scikit-learn's `make_low_rank_matrix`). */
export interface MakeLowRankMatrixOptions {
  /** Rows (default 100). */
  nSamples?: number;
  /** Columns (default 100). */
  nFeatures?: number;
  /** About how many singular values carry most of the data (default 10). */
  effectiveRank?: number;
  /** Weight of the slowly decaying tail of the singular values, in [0, 1] (default 0.5). */
  tailStrength?: number;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: RandomStateLike;
}

function lowRank(rs: RandomState, nSamples: number, nFeatures: number, effectiveRank: number, tailStrength: number): Tensor {
  const n = Math.min(nSamples, nFeatures);
  const u = householderQ(rs.standardNormal([nSamples, n]).data as Float64Array, nSamples, n);
  const v = householderQ(rs.standardNormal([nFeatures, n]).data as Float64Array, nFeatures, n);
  const s = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const lowRankPart = (1 - tailStrength) * Math.exp(-1.0 * (i / effectiveRank) ** 2);
    const tail = tailStrength * Math.exp((-0.1 * i) / effectiveRank);
    s[i] = lowRankPart + tail;
  }
  // u diag(s) v^T
  const us = mul(new Tensor(u, [nSamples, n]), new Tensor(s, [n]));
  return matmul(us, new Tensor(v, [nFeatures, n]).t());
}

/**
 * A matrix with a bell-shaped singular-value profile, as scikit-learn 1.2's `make_low_rank_matrix`:
 * U and V the thin-QR Q factors of standard normal matrices, singular values
 * s_i = (1 - tailStrength) * exp(-(i / effectiveRank)^2) + tailStrength * exp(-0.1 i / effectiveRank),
 * X = U diag(s) V^T. The same draws as scikit-learn; the QR follows LAPACK's sign convention, so X
 * matches scikit-learn's up to rounding. float64 [nSamples, nFeatures].
 * @example const X = datasets.makeLowRankMatrix({ nSamples: 50, nFeatures: 20, effectiveRank: 5, randomState: 0 });
 */
export function makeLowRankMatrix(options: MakeLowRankMatrixOptions = {}): Tensor {
  const W = "makeLowRankMatrix";
  const nSamples = checkInt(W, "nSamples", options.nSamples ?? 100, 1);
  const nFeatures = checkInt(W, "nFeatures", options.nFeatures ?? 100, 1);
  const { effectiveRank = 10, tailStrength = 0.5, randomState = null } = options;
  if (!(effectiveRank > 0)) throw new Error(`${W}: effectiveRank must be positive, got ${effectiveRank}`);
  if (!(tailStrength >= 0 && tailStrength <= 1)) throw new Error(`${W}: tailStrength must be in [0, 1], got ${tailStrength}`);
  return lowRank(checkRandomState(randomState), nSamples, nFeatures, effectiveRank, tailStrength);
}

/** Drops every dimension of size 1, as numpy's `squeeze`. */
function squeeze(t: Tensor): Tensor {
  return t.reshape(t.shape.filter((s) => s !== 1));
}

/**
 * A random linear regression problem, as scikit-learn 1.2's `make_regression`: X standard normal
 * [nSamples, nFeatures] (or `makeLowRankMatrix` with `effectiveRank`), coefficients 100 * U(0, 1) on the
 * first `nInformative` columns and 0 elsewhere, y = X coef + bias (+ normal(0, noise)); then rows and
 * columns shuffled. scikit-learn's draws, so the same `randomState` gives its arrays. Returns
 * `[X float64 [n, f], y float64 [n] (or [n, nTargets])]`, and coef (float64 [f] or [f, nTargets]) third
 * with `coef: true`; like numpy's squeeze, every size-1 dimension of y and coef is dropped.
 * @example
 * const [X, y, w] = datasets.makeRegression({ nSamples: 50, nFeatures: 3, noise: 1, coef: true, randomState: 0 });
 */
export function makeRegression(options: MakeRegressionOptions & { coef: true }): [Tensor, Tensor, Tensor];
export function makeRegression(options?: MakeRegressionOptions): [Tensor, Tensor];
export function makeRegression(options: MakeRegressionOptions = {}): [Tensor, Tensor] | [Tensor, Tensor, Tensor] {
  const W = "makeRegression";
  const nSamples = checkInt(W, "nSamples", options.nSamples ?? 100, 1);
  const nFeatures = checkInt(W, "nFeatures", options.nFeatures ?? 100, 1);
  const nInformative = Math.min(nFeatures, checkInt(W, "nInformative", options.nInformative ?? 10, 0));
  const nTargets = checkInt(W, "nTargets", options.nTargets ?? 1, 1);
  const { bias = 0, effectiveRank = null, tailStrength = 0.5, noise = 0, shuffle = true, randomState = null } = options;
  if (!(noise >= 0)) throw new Error(`${W}: noise must be non-negative, got ${noise}`);
  if (effectiveRank !== null && !(effectiveRank > 0)) throw new Error(`${W}: effectiveRank must be positive or null, got ${effectiveRank}`);
  const rs = checkRandomState(randomState);
  let X = effectiveRank === null ? rs.standardNormal([nSamples, nFeatures]) : lowRank(rs, nSamples, nFeatures, effectiveRank, tailStrength);
  const truth = new Float64Array(nFeatures * nTargets);
  const informative = rs.uniform(0, 1, [nInformative, nTargets]).data;
  for (let i = 0; i < informative.length; i++) truth[i] = 100 * informative[i];
  let groundTruth = new Tensor(truth, [nFeatures, nTargets]);
  let y = add(matmul(X, groundTruth), bias);
  if (noise > 0) y = add(y, rs.normal(0, noise, y.shape));
  if (shuffle) {
    [X, y] = shuffleRows(rs, X, y);
    const cols = new Int32Array(nFeatures).map((_, i) => i);
    rs.shuffle(cols);
    const idx = new Tensor(cols, [nFeatures]);
    X = indexSelect(X, 1, idx);
    groundTruth = indexSelect(groundTruth, 0, idx);
  }
  if (options.coef) return [X, squeeze(y), squeeze(groundTruth)];
  return [X, squeeze(y)];
}
