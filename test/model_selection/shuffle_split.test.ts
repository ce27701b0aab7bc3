import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import { RandomState } from "../../src/random/random_state.ts";
import { FIXTURE, labels, plain } from "./fixture.ts";

const { ShuffleSplit, StratifiedShuffleSplit, approximateMode } = modelSelection;
const zeros = (n: number): number[][] => Array.from({ length: n }, () => [0]);

test("ShuffleSplit gives scikit-learn's splits (default, fraction and count sizes)", () => {
  for (const c of FIXTURE.shuffle_split) {
    const cv = new ShuffleSplit({ nSplits: c.n_splits, testSize: c.test_size, trainSize: c.train_size, randomState: c.random_state });
    assert.deepEqual(plain(cv.split(zeros(c.n))), c.splits, `n=${c.n} test=${c.test_size} train=${c.train_size}`);
    assert.equal(cv.getNSplits(), c.n_splits);
  }
});

test("StratifiedShuffleSplit gives scikit-learn's splits", () => {
  for (const c of FIXTURE.stratified_shuffle_split) {
    const y = labels(c.y);
    const cv = new StratifiedShuffleSplit({ nSplits: c.n_splits, testSize: c.test_size, randomState: c.random_state });
    assert.deepEqual(plain(cv.split(zeros(y.length), y)), c.splits, `${c.y} test=${c.test_size} rs=${c.random_state}`);
  }
});

test("approximateMode: scikit-learn's documented examples", () => {
  const am = (counts: number[], n: number, seed: number): number[] => Array.from(approximateMode(Int32Array.from(counts), n, new RandomState(seed)));
  assert.deepEqual(am([4, 2], 3, 0), [2, 1]);
  assert.deepEqual(am([5, 2], 4, 0), [3, 1]);
  assert.deepEqual(am([2, 2, 2, 1], 2, 0), [0, 1, 1, 0]);
  assert.deepEqual(am([2, 2, 2, 1], 2, 42), [1, 1, 0, 0]);
});

test("ShuffleSplit / StratifiedShuffleSplit: scikit-learn's errors", () => {
  assert.throws(() => [...new ShuffleSplit({ testSize: 1.5 }).split(zeros(10))], /test_size=1.5 should be either positive and smaller than the number of samples 10 or a float in the \(0, 1\) range/);
  assert.throws(() => [...new ShuffleSplit({ testSize: 10 }).split(zeros(10))], /test_size=10 should be either positive/);
  assert.throws(() => [...new ShuffleSplit({ trainSize: 0 }).split(zeros(10))], /train_size=0 should be either positive/);
  assert.throws(() => [...new ShuffleSplit({ testSize: 0.6, trainSize: 0.6 }).split(zeros(10))], /The sum of test_size and train_size = 1.2, should be in the \(0, 1\) range/);
  assert.throws(() => [...new ShuffleSplit({ testSize: 6, trainSize: 5 }).split(zeros(10))], /The sum of train_size and test_size = 11, should be smaller than the number of samples 10/);
  assert.throws(() => new ShuffleSplit({ nSplits: 0 }), /ShuffleSplit: nSplits must be a positive integer, got 0/);
  const sss = new StratifiedShuffleSplit({ testSize: 0.5 });
  assert.throws(() => [...sss.split(zeros(5), [0, 0, 1, 1, 2])], /The least populated class in y has only 1 member/);
  assert.throws(() => [...new StratifiedShuffleSplit({ testSize: 2 }).split(zeros(9), [0, 0, 0, 1, 1, 1, 2, 2, 2])], /The test_size = 2 should be greater or equal to the number of classes = 3/);
  assert.throws(() => [...sss.split(zeros(4))], /y is required/);
});
