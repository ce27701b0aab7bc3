import { checkRandomState } from "../random/random_state.ts";
import { arange, labelValues, numSamples, targetType, type Indexable, type Labels } from "./samples.ts";
import type { CrossValidator, RandomStateLike, Split } from "./splitter.ts";

/** Options of `KFold` and `StratifiedKFold`. */
export interface KFoldOptions {
  /** Number of folds, at least 2 (default 5). */
  nSplits?: number;
  /** Shuffle the samples before splitting them into folds (default false). */
  shuffle?: boolean;
  /** Seed or RandomState for the shuffle (only with shuffle: true); default null (unseeded). */
  randomState?: RandomStateLike;
}

/** The checks of scikit-learn's `_BaseKFold.__init__`, with its messages. */
function checkOptions(name: string, nSplits: number, shuffle: boolean, randomState: RandomStateLike): void {
  if (!Number.isInteger(nSplits)) throw new Error(`${name}: The number of folds must be of Integral type. ${nSplits} was passed.`);
  if (nSplits <= 1) throw new Error(`${name}: k-fold cross-validation requires at least one train/test split by setting n_splits=2 or more, got n_splits=${nSplits}.`);
  if (typeof shuffle !== "boolean") throw new Error(`${name}: shuffle must be True or False; got ${String(shuffle)}`);
  if (!shuffle && randomState !== null) {
    throw new Error(`${name}: Setting a random_state has no effect since shuffle is False. You should leave random_state to its default (None), or set shuffle=True.`);
  }
}

/** The train indices (ascending) and test indices (ascending) of the fold whose test mask is `inTest`. */
function fromMask(inTest: Uint8Array): Split {
  let nTest = 0;
  for (const m of inTest) nTest += m;
  const train = new Int32Array(inTest.length - nTest), test = new Int32Array(nTest);
  let a = 0, b = 0;
  for (let i = 0; i < inTest.length; i++) {
    if (inTest[i]) test[b++] = i;
    else train[a++] = i;
  }
  return [train, test];
}

/**
 * K-fold cross-validation, as scikit-learn's `KFold`: the rows (shuffled first with `shuffle`, by
 * numpy's `rng.shuffle(arange(n))`) are cut into nSplits consecutive folds, the first `n % nSplits` of
 * them one sample larger; each fold is the test set once. Both index arrays come out ascending, as in
 * scikit-learn. An integer `randomState` gives the same folds on every `split()` call and
 * scikit-learn's folds for the same seed.
 * @example
 * const cv = new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 42 });
 * for (const [train, test] of cv.split(X)) console.log(train.length, test.length);
 */
export class KFold implements CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomStateLike;

  constructor(options: KFoldOptions = {}) {
    this.nSplits = options.nSplits ?? 5;
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState ?? null;
    checkOptions(this.constructor.name, this.nSplits, this.shuffle, this.randomState);
  }

  /** Number of folds. */
  getNSplits(): number {
    return this.nSplits;
  }

  /** scikit-learn's check that there are at least as many samples as folds. */
  protected checkSamples(n: number): void {
    if (this.nSplits > n) {
      throw new Error(`${this.constructor.name}.split: Cannot have number of splits n_splits=${this.nSplits} greater than the number of samples: n_samples=${n}.`);
    }
  }

  /** Yields `[trainIndices, testIndices]` for each fold (y is ignored). */
  *split(X: Indexable, y?: Labels | null): Generator<Split> {
    void y;
    const n = numSamples("KFold.split", X);
    this.checkSamples(n);
    const indices = arange(n);
    if (this.shuffle) checkRandomState(this.randomState).shuffle(indices);
    let current = 0;
    for (let k = 0; k < this.nSplits; k++) {
      const size = Math.floor(n / this.nSplits) + (k < n % this.nSplits ? 1 : 0);
      const mask = new Uint8Array(n);
      for (let i = current; i < current + size; i++) mask[indices[i]] = 1;
      current += size;
      yield fromMask(mask);
    }
  }
}

/**
 * Stratified k-fold, as scikit-learn 1.2's `StratifiedKFold`: each fold keeps the class proportions of
 * y. Classes are numbered by first appearance; the per-fold allocation of each class comes from dealing
 * the sorted class codes round robin over the folds, and each class's members take their fold numbers in
 * blocks (the block order shuffled per class with `shuffle`, one `rng.shuffle` per class). A class with
 * fewer members than nSplits is a warning (console.warn, scikit-learn's text); all of them so small is an
 * error.
 * @example
 * const cv = new modelSelection.StratifiedKFold({ nSplits: 5 });
 * for (const [train, test] of cv.split(X, y)) console.log(test);
 */
export class StratifiedKFold extends KFold {
  /** Yields `[trainIndices, testIndices]` for each fold; y (required) gives the classes. */
  override *split(X: Indexable, y?: Labels | null): Generator<Split> {
    const where = "StratifiedKFold.split";
    const n = numSamples(where, X);
    if (y === undefined || y === null) throw new Error(`${where}: y is required for stratification`);
    this.checkSamples(n);
    const folds = this.testFolds(labelValues(where, y, n));
    for (let k = 0; k < this.nSplits; k++) yield fromMask(Uint8Array.from(folds, (f) => (f === k ? 1 : 0)));
  }

  /** The test fold of each sample (scikit-learn's `_make_test_folds`). */
  private testFolds(values: (number | string)[]): Int32Array {
    const where = "StratifiedKFold.split";
    const type = targetType(values);
    if (type === "continuous") throw new Error(`${where}: Supported target types are: ('binary', 'multiclass'). Got 'continuous' instead.`);
    // classes by order of first appearance
    const code = new Map<number | string, number>();
    const encoded = Int32Array.from(values, (v) => {
      let c = code.get(v);
      if (c === undefined) code.set(v, (c = code.size));
      return c;
    });
    const nClasses = code.size;
    const counts = new Int32Array(nClasses);
    for (const c of encoded) counts[c]++;
    const k = this.nSplits;
    if (counts.every((c) => k > c)) throw new Error(`${where}: n_splits=${k} cannot be greater than the number of members in each class.`);
    const minGroups = Math.min(...counts);
    if (k > minGroups) console.warn(`${where}: The least populated class in y has only ${minGroups} members, which is less than n_splits=${k}.`);
    // allocation[f][c]: members of class c in fold f, dealing the sorted codes round robin
    const sorted = Int32Array.from(encoded).sort();
    const allocation = Array.from({ length: k }, () => new Int32Array(nClasses));
    sorted.forEach((c, i) => allocation[i % k][c]++);
    const rng = this.shuffle ? checkRandomState(this.randomState) : null;
    const folds = new Int32Array(values.length);
    for (let c = 0; c < nClasses; c++) {
      const forClass = new Int32Array(counts[c]);
      let at = 0;
      for (let f = 0; f < k; f++) for (let j = 0; j < allocation[f][c]; j++) forClass[at++] = f;
      if (rng !== null) rng.shuffle(forClass);
      at = 0;
      for (let i = 0; i < encoded.length; i++) if (encoded[i] === c) folds[i] = forClass[at++];
    }
    return folds;
  }
}
