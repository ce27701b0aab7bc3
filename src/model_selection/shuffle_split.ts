import { checkRandomState, type RandomState } from "../random/random_state.ts";
import { encodeSorted, labelValues, numSamples, type Indexable, type Labels } from "./samples.ts";
import type { CrossValidator, RandomStateLike, Split } from "./splitter.ts";

/** Options of `ShuffleSplit` and `StratifiedShuffleSplit`. */
export interface ShuffleSplitOptions {
  /** Number of re-shuffling splits (default 10). */
  nSplits?: number;
  /** Test set size: a fraction in (0, 1) (rounded up) or an integer count; default: the complement of trainSize, or 0.1 when both are unset. */
  testSize?: number | null;
  /** Train set size: a fraction in (0, 1) (rounded down) or an integer count; default: the complement of testSize. */
  trainSize?: number | null;
  /** Seed or RandomState for the permutations (scikit-learn's `random_state`); default null (unseeded). */
  randomState?: RandomStateLike;
}

/**
 * The train and test sizes for `n` samples, as scikit-learn's `_validate_shuffle_split`: an integer
 * size is a count (1 <= count < n), a non-integer one a fraction in (0, 1); the test fraction is
 * rounded up (`ceil(testSize * n)`), the train fraction down; an unset size is the complement of the
 * other. Errors use scikit-learn's messages, prefixed by `where`.
 * @example modelSelection.validateShuffleSplit("mySplit", 150, 0.2, null, 0.25); // [120, 30]
 */
export function validateShuffleSplit(where: string, n: number, testSize: number | null | undefined, trainSize: number | null | undefined, defaultTestSize: number): [nTrain: number, nTest: number] {
  if ((testSize === null || testSize === undefined) && (trainSize === null || trainSize === undefined)) testSize = defaultTestSize;
  if (testSize !== null && testSize !== undefined && (typeof testSize !== "number" || Number.isNaN(testSize))) throw new Error(`${where}: Invalid value for test_size: ${String(testSize)}`);
  if (trainSize !== null && trainSize !== undefined && (typeof trainSize !== "number" || Number.isNaN(trainSize))) throw new Error(`${where}: Invalid value for train_size: ${String(trainSize)}`);
  // an integer is a count (numpy kind "i"), any other number a fraction ("f")
  const kind = (v: number | null | undefined): "i" | "f" | null => (v === null || v === undefined ? null : Number.isInteger(v) ? "i" : "f");
  const testKind = kind(testSize), trainKind = kind(trainSize);
  const ts = testSize as number, tr = trainSize as number;
  if ((testKind === "i" && (ts >= n || ts <= 0)) || (testKind === "f" && (ts <= 0 || ts >= 1))) {
    throw new Error(`${where}: test_size=${ts} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
  }
  if ((trainKind === "i" && (tr >= n || tr <= 0)) || (trainKind === "f" && (tr <= 0 || tr >= 1))) {
    throw new Error(`${where}: train_size=${tr} should be either positive and smaller than the number of samples ${n} or a float in the (0, 1) range`);
  }
  if (trainKind === "f" && testKind === "f" && tr + ts > 1) {
    throw new Error(`${where}: The sum of test_size and train_size = ${tr + ts}, should be in the (0, 1) range. Reduce test_size and/or train_size.`);
  }
  let nTest = testKind === "f" ? Math.ceil(ts * n) : testKind === "i" ? ts : 0;
  let nTrain = trainKind === "f" ? Math.floor(tr * n) : trainKind === "i" ? tr : 0;
  if (trainKind === null) nTrain = n - nTest;
  else if (testKind === null) nTest = n - nTrain;
  if (nTrain + nTest > n) {
    throw new Error(`${where}: The sum of train_size and test_size = ${nTrain + nTest}, should be smaller than the number of samples ${n}. Reduce test_size and/or train_size.`);
  }
  if (nTrain === 0) {
    throw new Error(`${where}: With n_samples=${n}, test_size=${testSize ?? "None"} and train_size=${trainSize ?? "None"}, the resulting train set will be empty. Adjust any of the aforementioned parameters.`);
  }
  return [nTrain, nTest];
}

function checkNSplits(where: string, nSplits: number): void {
  if (!Number.isInteger(nSplits) || nSplits < 1) throw new Error(`${where}: nSplits must be a positive integer, got ${nSplits}`);
}

/**
 * Random permutation cross-validator, as scikit-learn's `ShuffleSplit`: each split draws
 * `rng.permutation(n)` and takes its first nTest entries as the test set and the next nTrain as the
 * train set (so the sets are not sorted). With an integer `randomState` every `split()` call replays
 * the same permutations; with a RandomState they continue its stream.
 * @example
 * const ss = new modelSelection.ShuffleSplit({ nSplits: 3, testSize: 0.25, randomState: 0 });
 * for (const [train, test] of ss.split(X)) console.log(test);
 */
export class ShuffleSplit implements CrossValidator {
  readonly nSplits: number;
  readonly testSize: number | null;
  readonly trainSize: number | null;
  readonly randomState: RandomStateLike;
  /** scikit-learn's `_default_test_size`: 0.1 for the splitters (trainTestSplit uses 0.25). */
  protected defaultTestSize = 0.1;

  constructor(options: ShuffleSplitOptions = {}) {
    this.nSplits = options.nSplits ?? 10;
    checkNSplits(this.constructor.name, this.nSplits);
    this.testSize = options.testSize ?? null;
    this.trainSize = options.trainSize ?? null;
    this.randomState = options.randomState ?? null;
  }

  /** Number of splits `split` yields. */
  getNSplits(): number {
    return this.nSplits;
  }

  /** Yields `[trainIndices, testIndices]` for each of the nSplits random partitions of X's rows. */
  *split(X: Indexable, y?: Labels | null): Generator<Split> {
    void y;
    const n = numSamples("ShuffleSplit.split", X);
    const [nTrain, nTest] = validateShuffleSplit("ShuffleSplit", n, this.testSize, this.trainSize, this.defaultTestSize);
    const rng = checkRandomState(this.randomState);
    for (let i = 0; i < this.nSplits; i++) {
      const perm = rng.permutation(n);
      yield [perm.slice(nTest, nTest + nTrain), perm.slice(0, nTest)];
    }
  }
}

/**
 * How many of `n_draws` go to each class, as scikit-learn's `_approximate_mode` (the approximate mode
 * of the multivariate hypergeometric): floor(counts / total * draws), then the draws left over go to
 * the classes with the largest remainders, ties among them broken by `rng` (numpy's
 * `choice(replace=False)`, i.e. the first entries of a permutation).
 * @example modelSelection.approximateMode(Int32Array.from([4, 2]), 3, new random.RandomState(0)); // Int32Array [2, 1]
 */
export function approximateMode(counts: Int32Array, nDraws: number, rng: RandomState): Int32Array {
  let total = 0;
  for (const c of counts) total += c;
  const continuous = Array.from(counts, (c) => (c / total) * nDraws);
  const floored = continuous.map(Math.floor);
  let needToAdd = nDraws - floored.reduce((a, b) => a + b, 0);
  if (needToAdd > 0) {
    const remainder = continuous.map((c, i) => c - floored[i]);
    const values = Array.from(new Set(remainder)).sort((a, b) => b - a);
    for (const value of values) {
      const inds: number[] = [];
      remainder.forEach((r, i) => { if (r === value) inds.push(i); });
      const addNow = Math.min(inds.length, needToAdd);
      const picked = rng.permutation(inds.length).subarray(0, addNow);
      for (const p of picked) floored[inds[p]] += 1;
      needToAdd -= addNow;
      if (needToAdd === 0) break;
    }
  }
  return Int32Array.from(floored);
}

/**
 * Stratified random splits, as scikit-learn's `StratifiedShuffleSplit`: each split keeps the class
 * proportions of y (per-class sizes from `approximateMode`, leftovers to the classes with the largest
 * remainders), draws a permutation per class, then shuffles the train and the test set. Same draw order
 * as scikit-learn 1.2, so an integer `randomState` gives its indices.
 * @example
 * const sss = new modelSelection.StratifiedShuffleSplit({ nSplits: 1, testSize: 0.2, randomState: 42 });
 * const [[train, test]] = sss.split(X, y);
 */
export class StratifiedShuffleSplit extends ShuffleSplit {
  /** Yields `[trainIndices, testIndices]` for each split; y (required) gives the classes. */
  override *split(X: Indexable, y?: Labels | null): Generator<Split> {
    const where = "StratifiedShuffleSplit.split";
    const n = numSamples(where, X);
    if (y === undefined || y === null) throw new Error(`${where}: y is required for stratification`);
    const values = labelValues(where, y, n);
    const [nTrain, nTest] = validateShuffleSplit("StratifiedShuffleSplit", n, this.testSize, this.trainSize, this.defaultTestSize);
    const { codes, counts } = encodeSorted(values);
    const nClasses = counts.length;
    if (Math.min(...counts) < 2) {
      throw new Error(`${where}: The least populated class in y has only 1 member, which is too few. The minimum number of groups for any class cannot be less than 2.`);
    }
    if (nTrain < nClasses) throw new Error(`${where}: The train_size = ${nTrain} should be greater or equal to the number of classes = ${nClasses}`);
    if (nTest < nClasses) throw new Error(`${where}: The test_size = ${nTest} should be greater or equal to the number of classes = ${nClasses}`);
    // the members of each class in ascending order (a stable argsort of the codes)
    const classIndices: number[][] = Array.from({ length: nClasses }, () => []);
    codes.forEach((c, i) => classIndices[c].push(i));
    const rng = checkRandomState(this.randomState);
    for (let s = 0; s < this.nSplits; s++) {
      const nI = approximateMode(counts, nTrain, rng);
      const remaining = counts.map((c, k) => c - nI[k]);
      const tI = approximateMode(remaining, nTest, rng);
      const train: number[] = [], test: number[] = [];
      for (let k = 0; k < nClasses; k++) {
        const perm = rng.permutation(counts[k]);
        const members = Array.from(perm, (p) => classIndices[k][p]);
        train.push(...members.slice(0, nI[k]));
        test.push(...members.slice(nI[k], nI[k] + tI[k]));
      }
      const trainOut = Int32Array.from(train), testOut = Int32Array.from(test);
      rng.shuffle(trainOut);
      rng.shuffle(testOut);
      yield [trainOut, testOut];
    }
  }
}
