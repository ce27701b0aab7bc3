import { Tensor } from "../tensor/tensor.ts";
import { add, sub } from "../ops/binary.ts";
import { cos, sin } from "../ops/math.ts";
import { cat, stack } from "../ops/join.ts";
import { checkRandomState } from "../random/random_state.ts";
import { linspace, shuffleRows, splitTwo, type RandomStateLike } from "./generator_utils.ts";

/** Options of `makeMoons` (scikit-learn's `make_moons` parameters, camelCase). */
export interface MakeMoonsOptions {
  /** Total points (outer moon gets n // 2), or [outer, inner] (default 100). */
  nSamples?: number | readonly [number, number];
  /** Shuffle the rows (default true). */
  shuffle?: boolean;
  /** Standard deviation of Gaussian noise added to every coordinate (default null: none). */
  noise?: number | null;
  /** Seed or RandomState (default null: the global generator). */
  randomState?: RandomStateLike;
}

/**
 * Two interleaving half circles, as scikit-learn 1.2's `make_moons`: the outer moon
 * (cos t, sin t) and the inner (1 - cos t, 1 - sin t - 0.5) for t = linspace(0, pi), labels 0 and 1;
 * then the rows shuffled and, with `noise`, normal(0, noise) added — the same draws as scikit-learn, so
 * the same `randomState` gives its arrays. Returns `[X float64 [n, 2], y int32 [n]]`.
 * @example
 * const [X, y] = datasets.makeMoons({ nSamples: 200, noise: 0.1, randomState: 0 });
 */
export function makeMoons(options: MakeMoonsOptions = {}): [Tensor, Tensor] {
  const { nSamples = 100, shuffle = true, noise = null, randomState = null } = options;
  const [nOut, nIn] = splitTwo("makeMoons", nSamples);
  if (noise !== null && !(noise >= 0)) throw new Error(`makeMoons: noise must be a non-negative number or null, got ${noise}`);
  const rs = checkRandomState(randomState);
  const tOut = linspace(0, Math.PI, nOut);
  const tIn = linspace(0, Math.PI, nIn);
  const x0 = cat([cos(tOut), sub(1, cos(tIn))]);
  const x1 = cat([sin(tOut), sub(sub(1, sin(tIn)), 0.5)]);
  let X = stack([x0, x1], 1);
  const labels = new Int32Array(nOut + nIn).fill(1, nOut);
  let y = new Tensor(labels, [nOut + nIn]);
  if (shuffle) [X, y] = shuffleRows(rs, X, y);
  if (noise !== null) X = add(X, rs.normal(0, noise, X.shape));
  return [X, y];
}
