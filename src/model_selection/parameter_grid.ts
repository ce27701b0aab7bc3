import { BaseEstimator, type ParamValue, type Params } from "../base/estimator.ts";
import { checkRandomState, type RandomState } from "../random/random_state.ts";
import { sampleWithoutReplacement } from "../random/sample_without_replacement.ts";
import { Tensor } from "../tensor/tensor.ts";
import type { RandomStateLike } from "./splitter.ts";

/** The values one parameter takes in a grid: an array (numbers, strings, estimators, ...) or a 1-D Tensor of numbers. */
export type ParamValues = readonly ParamValue[] | Tensor;

/** A parameter grid: parameter name -> the values to try; or a list of such grids (searched one after another). */
export type ParamGrid = Record<string, ParamValues> | readonly Record<string, ParamValues>[];

/**
 * A distribution to sample a parameter from, as scipy.stats' frozen distributions in scikit-learn:
 * `rvs(rs)` draws one value from the search's numpy RandomState (so draws are reproducible).
 * @example
 * const logUniform: modelSelection.Distribution = { rvs: (rs) => 10 ** rs.uniform(-3, 1) };
 */
export interface Distribution {
  rvs(randomState: RandomState): ParamValue;
}

/** Parameter distributions: name -> a list of values (drawn uniformly) or a Distribution; or a list of such objects. */
export type ParamDistributions = Record<string, ParamValues | Distribution> | readonly Record<string, ParamValues | Distribution>[];

function isDistribution(v: unknown): v is Distribution {
  return v !== null && typeof v === "object" && !(v instanceof Tensor) && !Array.isArray(v) && typeof (v as Distribution).rvs === "function";
}

/** The values as an array (a Tensor's numbers), or an error naming the parameter, as scikit-learn's grid check. */
function valuesOf(where: string, key: string, v: unknown): readonly ParamValue[] {
  let out: readonly ParamValue[];
  if (v instanceof Tensor) {
    if (v.dim() !== 1) throw new Error(`${where}: Parameter array for ${key} should be one-dimensional, got shape [${v.shape.join(", ")}]`);
    out = Array.from(v.data as ArrayLike<number>);
  } else if (Array.isArray(v)) out = v as readonly ParamValue[];
  else throw new Error(`${where}: Parameter grid for parameter '${key}' needs to be a list or a numpy array, but got ${v instanceof BaseEstimator ? v.estimatorName : JSON.stringify(v)} (of type ${typeof v})`);
  if (out.length === 0) throw new Error(`${where}: Parameter grid for parameter '${key}' need to be a non-empty sequence, got: []`);
  return out;
}

/**
 * scikit-learn's name for a camelCase parameter (`nNeighbors` -> `n_neighbors`; a leading capital, as in
 * `C`, is kept), the key scikit-learn sorts by.
 */
export function snakeCase(name: string): string {
  return name.slice(0, 1) + name.slice(1).replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

/** Parameter names in scikit-learn's order: sorted by their snake_case names (ties by the names as given). */
export function sortedKeys(obj: object): string[] {
  return Object.keys(obj)
    .map((k) => [snakeCase(k), k] as const)
    .sort(([a, x], [b, y]) => (a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0))
    .map(([, k]) => k);
}

function asList<T>(where: string, grid: T | readonly T[]): T[] {
  const list = Array.isArray(grid) ? [...(grid as readonly T[])] : [grid as T];
  for (const g of list) if (g === null || typeof g !== "object" || Array.isArray(g)) throw new Error(`${where}: Parameter grid is not a dict (${JSON.stringify(g)})`);
  return list;
}

/**
 * The combinations of a parameter grid, in scikit-learn's `ParameterGrid` order: grids of a list one
 * after another; within a grid the keys sorted as scikit-learn sorts its snake_case names (`nNeighbors`
 * as `n_neighbors`, `inner__power` as is), so that the order is scikit-learn's even where camelCase would
 * sort differently, and the last key varying fastest. An empty grid `{}` is one empty combination.
 * @example
 * const grid = new modelSelection.ParameterGrid({ nNeighbors: [1, 2], metric: ["euclidean", "manhattan"] });
 * [...grid]; // [{metric: "euclidean", nNeighbors: 1}, {metric: "euclidean", nNeighbors: 2}, {metric: "manhattan", ...}, ...]
 * grid.length; // 4
 */
export class ParameterGrid implements Iterable<Params> {
  /** Each grid's keys (sorted) and their values. */
  private readonly grids: { keys: string[]; values: (readonly ParamValue[])[] }[];

  constructor(paramGrid: ParamGrid) {
    const where = "ParameterGrid";
    this.grids = asList(where, paramGrid).map((g) => {
      const keys = sortedKeys(g);
      return { keys, values: keys.map((k) => valuesOf(where, k, g[k])) };
    });
  }

  /** Number of combinations. */
  get length(): number {
    return this.grids.reduce((total, g) => total + g.values.reduce((p, v) => p * v.length, 1), 0);
  }

  /** The combination at position `index` of the iteration order, without listing the ones before it. */
  at(index: number): Params {
    if (!Number.isInteger(index) || index < 0) throw new Error(`ParameterGrid.at: index must be a non-negative integer, got ${index}`);
    let ind = index;
    for (const g of this.grids) {
      const total = g.values.reduce((p, v) => p * v.length, 1);
      if (ind >= total) {
        ind -= total;
        continue;
      }
      const out: Params = {};
      for (let j = g.keys.length - 1; j >= 0; j--) {
        const n = g.values[j].length;
        out[g.keys[j]] = g.values[j][ind % n];
        ind = Math.floor(ind / n);
      }
      // keys in sorted order, as iteration gives them
      return Object.fromEntries(g.keys.map((k) => [k, out[k]]));
    }
    throw new Error(`ParameterGrid.at: index ${index} out of range (the grid has ${this.length} combinations)`);
  }

  *[Symbol.iterator](): Iterator<Params> {
    const n = this.length;
    for (let i = 0; i < n; i++) yield this.at(i);
  }
}

/**
 * Random parameter combinations, as scikit-learn's `ParameterSampler`: when every value is a list, nIter
 * distinct grid points (`random.sampleWithoutReplacement` over the `ParameterGrid`; at most the grid's size, with
 * a console warning if nIter is larger); otherwise, per draw, a dict chosen at random (`randint` when
 * there are several), then per key in sorted order (as ParameterGrid sorts them) either `dist.rvs(rng)` or `values[rng.randint(length)]`.
 * An integer `randomState` replays scikit-learn's draws.
 * @example
 * const draws = [...new modelSelection.ParameterSampler({ nNeighbors: [1, 3, 5, 7], p: [1, 2] }, 3, { randomState: 0 })];
 */
export class ParameterSampler implements Iterable<Params> {
  private readonly dists: Record<string, ParamValues | Distribution>[];
  readonly nIter: number;
  readonly randomState: RandomStateLike;

  constructor(paramDistributions: ParamDistributions, nIter: number, options: { randomState?: RandomStateLike } = {}) {
    const where = "ParameterSampler";
    this.dists = asList(where, paramDistributions);
    for (const d of this.dists) for (const [k, v] of Object.entries(d)) if (!isDistribution(v)) valuesOf(where, k, v);
    if (!Number.isInteger(nIter) || nIter < 1) throw new Error(`${where}: nIter must be a positive integer, got ${nIter}`);
    this.nIter = nIter;
    this.randomState = options.randomState ?? null;
  }

  private allLists(): boolean {
    return this.dists.every((d) => Object.values(d).every((v) => !isDistribution(v)));
  }

  /** Number of combinations the iteration yields. */
  get length(): number {
    return this.allLists() ? Math.min(this.nIter, new ParameterGrid(this.dists as Record<string, ParamValues>[]).length) : this.nIter;
  }

  *[Symbol.iterator](): Iterator<Params> {
    const rng = checkRandomState(this.randomState);
    if (this.allLists()) {
      const grid = new ParameterGrid(this.dists as Record<string, ParamValues>[]);
      let nIter = this.nIter;
      if (grid.length < nIter) {
        console.warn(`ParameterSampler: The total space of parameters ${grid.length} is smaller than n_iter=${nIter}. Running ${grid.length} iterations. For exhaustive searches, use GridSearchCV.`);
        nIter = grid.length;
      }
      for (const i of sampleWithoutReplacement(grid.length, nIter, { randomState: rng })) yield grid.at(i);
      return;
    }
    for (let it = 0; it < this.nIter; it++) {
      // numpy's choice(list) with replacement: randint(0, size), which draws nothing for one element
      const dist = this.dists[rng.randint(0, this.dists.length)];
      const out: Params = {};
      for (const k of sortedKeys(dist)) {
        const v = dist[k];
        if (isDistribution(v)) out[k] = v.rvs(rng);
        else {
          const values = valuesOf("ParameterSampler", k, v);
          out[k] = values[rng.randint(values.length)];
        }
      }
      yield out;
    }
  }
}
