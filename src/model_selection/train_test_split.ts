import { Tensor } from "../tensor/tensor.ts";
import { arange, numSamples, takeRows, type Indexable, type Labels } from "./samples.ts";
import { ShuffleSplit, StratifiedShuffleSplit, validateShuffleSplit } from "./shuffle_split.ts";
import type { RandomStateLike } from "./splitter.ts";

/** Options of `trainTestSplit` (scikit-learn's keyword arguments, camelCased). */
export interface TrainTestSplitOptions {
  /** Test set size: a fraction in (0, 1) (rounded up) or an integer count; default 0.25 when trainSize is unset too. */
  testSize?: number | null;
  /** Train set size: a fraction in (0, 1) (rounded down) or an integer count; default: the complement of testSize. */
  trainSize?: number | null;
  /** Seed or RandomState for the shuffle; default null (unseeded). */
  randomState?: RandomStateLike;
  /** Shuffle before splitting (default true); without it the first rows train and the next ones test. */
  shuffle?: boolean;
  /** Labels to stratify by (StratifiedShuffleSplit), or null. */
  stratify?: Labels | null;
}

/** `[A, A, B, B, ...]` for inputs `[A, B, ...]`: each input's train part, then its test part. */
export type SplitPairs<T extends readonly Indexable[]> = T extends readonly [infer A, ...infer R extends readonly Indexable[]] ? [A, A, ...SplitPairs<R>] : T extends readonly [] ? [] : T[number][];

function isOptions(v: unknown): v is TrainTestSplitOptions {
  return v !== null && typeof v === "object" && !(v instanceof Tensor) && !Array.isArray(v);
}

/**
 * Splits arrays into random train and test subsets, as scikit-learn 1.2's `train_test_split`: the
 * same rows of every array go to each side. With `shuffle` (the default) it takes the first split of
 * `ShuffleSplit({testSize: nTest, trainSize: nTrain, randomState})` (test = the first nTest entries of
 * `rng.permutation(n)`, train = the next nTrain) or of `StratifiedShuffleSplit` with `stratify`, so
 * `randomState: 42` gives scikit-learn's split for `random_state=42`. Tensors are split with
 * `indexSelect(0, ·)`, plain arrays by picking items.
 * Returns `[aTrain, aTest, bTrain, bTest, ...]`.
 * @example
 * const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
 */
export function trainTestSplit<T extends Indexable[]>(...args: [...T, TrainTestSplitOptions]): SplitPairs<T>;
export function trainTestSplit<T extends Indexable[]>(...args: T): SplitPairs<T>;
export function trainTestSplit(...args: (Indexable | TrainTestSplitOptions)[]): Indexable[] {
  const where = "trainTestSplit";
  const last = args[args.length - 1];
  const options: TrainTestSplitOptions = isOptions(last) ? last : {};
  const arrays = (isOptions(last) ? args.slice(0, -1) : args) as Indexable[];
  if (arrays.length === 0) throw new Error(`${where}: At least one array required as input`);
  const n = numSamples(where, arrays[0]);
  arrays.forEach((a, i) => {
    const m = numSamples(where, a);
    if (m !== n) throw new Error(`${where}: Found input variables with inconsistent numbers of samples: [${arrays.map((b) => numSamples(where, b)).join(", ")}] (array ${i} has ${m})`);
  });
  const [nTrain, nTest] = validateShuffleSplit(where, n, options.testSize, options.trainSize, 0.25);
  let train: Int32Array, test: Int32Array;
  const stratify = options.stratify ?? null;
  if (options.shuffle === false) {
    if (stratify !== null) throw new Error(`${where}: Stratified train/test split is not implemented for shuffle=False`);
    const all = arange(nTrain + nTest);
    train = all.subarray(0, nTrain);
    test = all.subarray(nTrain);
  } else {
    const Splitter = stratify !== null ? StratifiedShuffleSplit : ShuffleSplit;
    const cv = new Splitter({ nSplits: 1, testSize: nTest, trainSize: nTrain, randomState: options.randomState ?? null });
    [train, test] = cv.split(arrays[0], stratify).next().value!;
  }
  return arrays.flatMap((a) => [takeRows(a, train), takeRows(a, test)]);
}
