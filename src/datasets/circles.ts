import { Tensor } from "../tensor/tensor.ts";
import { add, mul } from "../ops/binary.ts";
import { cos, sin } from "../ops/math.ts";
import { cat, stack } from "../ops/join.ts";
import { checkRandomState } from "../random/random_state.ts";
import { linspace, shuffleRows, splitTwo, type RandomStateLike } from "./generator_utils.ts";

/** Options of `makeCircles` (scikit-learn's `make_circles` parameters, camelCase). */
export interface MakeCirclesOptions {
  /** Total points (outer circle gets n // 2), or [outer, inner] (default 100). */
  nSamples?: number | readonly [number, number];
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (default null: none). */
  noise?: number | null;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: RandomStateLike;
  /** Inner radius over outer radius, in [0, 1) (default 0.8). */
  factor?: number;
}

/**
 * A large circle containing a smaller one, as scikit-learn 1.2's `make_circles`: the outer circle
 * (cos t, sin t) and the inner factor * (cos t, sin t), t = linspace(0, 2 pi) without the endpoint,
 * labels 0 and 1; then the rows shuffled and, with `noise`, normal(0, noise) added — scikit-learn's
 * draws. Returns `[X float64 [n, 2], y int32 [n]]`.
 * @example
 * const [X, y] = datasets.makeCircles({ nSamples: 200, noise: 0.05, factor: 0.5, randomState: 0 });
 */
export function makeCircles(options: MakeCirclesOptions = {}): [Tensor, Tensor] {
  const { nSamples = 100, shuffle = true, noise = null, randomState = null, factor = 0.8 } = options;
  if (!(factor >= 0 && factor < 1)) throw new Error(`makeCircles: factor must be in [0, 1), got ${factor}`);
  const [nOut, nIn] = splitTwo("makeCircles", nSamples);
  if (noise !== null && !(noise >= 0)) throw new Error(`makeCircles: noise must be a non-negative number or null, got ${noise}`);
  const rs = checkRandomState(randomState);
  const tOut = linspace(0, 2 * Math.PI, nOut, false);
  const tIn = linspace(0, 2 * Math.PI, nIn, false);
  const x0 = cat([cos(tOut), mul(cos(tIn), factor)]);
  const x1 = cat([sin(tOut), mul(sin(tIn), factor)]);
  let X = stack([x0, x1], 1);
  let y = new Tensor(new Int32Array(nOut + nIn).fill(1, nOut), [nOut + nIn]);
  if (shuffle) [X, y] = shuffleRows(rs, X, y);
  if (noise !== null) X = add(X, rs.normal(0, noise, X.shape));
  return [X, y];
}
