import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import { RandomState } from "../../src/random/random_state.ts";
import { FIXTURE, labels, plain } from "./fixture.ts";

const { KFold, StratifiedKFold } = modelSelection;
const zeros = (n: number): number[][] => Array.from({ length: n }, () => [0]);

test("KFold gives scikit-learn's folds, with and without shuffle", () => {
  for (const c of FIXTURE.kfold) {
    const cv = new KFold({ nSplits: c.n_splits, shuffle: c.shuffle, randomState: c.random_state });
    assert.deepEqual(plain(cv.split(zeros(c.n))), c.splits, `n=${c.n} k=${c.n_splits} rs=${c.random_state}`);
    // an integer seed replays the same folds on every split() call
    assert.deepEqual(plain(cv.split(zeros(c.n))), c.splits);
    assert.equal(cv.getNSplits(), c.n_splits);
  }
});

test("KFold with a RandomState continues its stream: the second split() call differs", () => {
  const cv = new KFold({ nSplits: 3, shuffle: true, randomState: new RandomState(42) });
  const first = plain(cv.split(zeros(150)));
  assert.deepEqual(first, FIXTURE.kfold.find((c) => c.n === 150 && c.random_state === 42)!.splits);
  assert.notDeepEqual(plain(cv.split(zeros(150))), first);
});

test("KFold: scikit-learn's errors", () => {
  assert.throws(() => new KFold({ nSplits: 1 }), /KFold: k-fold cross-validation requires at least one train\/test split by setting n_splits=2 or more, got n_splits=1/);
  assert.throws(() => new KFold({ nSplits: 2.5 }), /KFold: The number of folds must be of Integral type/);
  assert.throws(() => new KFold({ randomState: 0 }), /Setting a random_state has no effect since shuffle is False/);
  assert.throws(() => [...new KFold({ nSplits: 5 }).split(zeros(3))], /Cannot have number of splits n_splits=5 greater than the number of samples: n_samples=3/);
});

test("StratifiedKFold gives scikit-learn's folds (iris and an imbalanced, unsorted y)", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  for (const c of FIXTURE.stratified_kfold) {
    const y = labels(c.y);
    const cv = new StratifiedKFold({ nSplits: c.n_splits, shuffle: c.shuffle, randomState: c.random_state });
    assert.deepEqual(plain(cv.split(zeros(y.length), y)), c.splits, `${c.y} k=${c.n_splits} rs=${c.random_state}`);
  }
  // classes of the imbalanced y have 9, 5 and 3 members: k=5 warns but runs
  warn.mock.resetCalls();
  const folds = plain(new StratifiedKFold({ nSplits: 5 }).split(zeros(17), FIXTURE.y_imb));
  assert.equal(folds.length, 5);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /The least populated class in y has only 3 members, which is less than n_splits=5/);
});

test("StratifiedKFold: labels as a Tensor or strings give the same folds as numbers", async () => {
  const { tensor } = await import("../../src/tensor/creation.ts");
  const y = labels("imb");
  const want = plain(new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 0 }).split(zeros(17), y));
  const cv = new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 0 });
  assert.deepEqual(plain(cv.split(zeros(17), tensor(y, { dtype: "int32" }))), want);
  assert.deepEqual(plain(cv.split(zeros(17), y.map((v) => `c${v}`))), want);
});

test("StratifiedKFold: scikit-learn's errors", () => {
  const cv = new StratifiedKFold({ nSplits: 3 });
  assert.throws(() => [...cv.split(zeros(4), [0, 0, 1, 1])], /n_splits=3 cannot be greater than the number of members in each class/);
  assert.throws(() => [...cv.split(zeros(4), [0.5, 1, 2, 3])], /Supported target types are: \('binary', 'multiclass'\). Got 'continuous' instead/);
  assert.throws(() => [...cv.split(zeros(4))], /StratifiedKFold.split: y is required/);
  assert.throws(() => [...cv.split(zeros(4), [0, 1, 0])], /different numbers of samples: 4 and 3/);
});
