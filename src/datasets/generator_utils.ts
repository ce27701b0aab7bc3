/**
 * What the sample generators (make_blobs, make_moons, ...) share: the random state argument, numpy's
 * linspace, scikit-learn's `utils.shuffle` of (X, y), and argument checks.
 */
import { Tensor } from "../tensor/tensor.ts";
import { indexSelect } from "../ops/indexing.ts";
import type { RandomState } from "../random/random_state.ts";

/** scikit-learn's `random_state`: a seed, a RandomState (draws continue on it), or null / undefined (the global one). */
export type RandomStateLike = number | RandomState | null;

/**
 * numpy's `linspace(start, stop, num, endpoint)`: `i * step + start` with step = (stop - start) / div,
 * div = num - 1 (endpoint) or num; with endpoint the last value is exactly `stop`. float64 [num].
 */
export function linspace(start: number, stop: number, num: number, endpoint = true): Tensor {
  const out = new Float64Array(num);
  const div = endpoint ? num - 1 : num;
  const step = (stop - start) / div;
  for (let i = 0; i < num; i++) out[i] = div > 0 ? i * step + start : start;
  if (endpoint && num > 1) out[num - 1] = stop;
  return new Tensor(out, [num]);
}

/**
 * scikit-learn's `utils.shuffle(X, y, random_state=rs)`: one permutation of the rows (`arange(n)`
 * shuffled by numpy's legacy rule), applied to every array.
 */
export function shuffleRows(rs: RandomState, ...arrays: Tensor[]): Tensor[] {
  const idx = new Tensor(rs.permutation(arrays[0].shape[0]), [arrays[0].shape[0]]);
  return arrays.map((a) => indexSelect(a, 0, idx));
}

/** Throws unless `v` is an integer >= min: `<where>: <name> must be an integer >= <min>, got <v>`. */
export function checkInt(where: string, name: string, v: unknown, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    const what = min === 1 ? "a positive integer" : min === 0 ? "a non-negative integer" : `an integer >= ${min}`;
    throw new Error(`${where}: ${name} must be ${what}, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** make_moons / make_circles' n_samples: a total (split out = n // 2, in = n - out) or [out, in]. */
export function splitTwo(where: string, nSamples: number | readonly number[]): [number, number] {
  if (typeof nSamples === "number") {
    checkInt(where, "nSamples", nSamples, 0);
    const out = Math.floor(nSamples / 2);
    return [out, nSamples - out];
  }
  if (!Array.isArray(nSamples) || nSamples.length !== 2) {
    throw new Error(`${where}: nSamples must be a number or a two-element array, got ${JSON.stringify(nSamples)}`);
  }
  return [checkInt(where, "nSamples[0]", nSamples[0], 0), checkInt(where, "nSamples[1]", nSamples[1], 0)];
}
