import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { FIXTURE, labels } from "./fixture.ts";

const { trainTestSplit } = modelSelection;
const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

test("trainTestSplit gives scikit-learn's indices (shuffle, no shuffle, stratify, fraction and count sizes)", () => {
  for (const c of FIXTURE.train_test_split) {
    const { n, test_size: testSize, train_size: trainSize, random_state: randomState, shuffle, stratify } = c.opts;
    const [train, test] = trainTestSplit(range(n), { testSize, trainSize, randomState, shuffle, stratify: stratify === undefined ? null : labels(stratify) });
    assert.deepEqual(train, c.train, JSON.stringify(c.opts));
    assert.deepEqual(test, c.test, JSON.stringify(c.opts));
  }
});

test("trainTestSplit splits Tensors by rows and arrays by items, the same rows for each", () => {
  const X = tensor(FIXTURE.iris.data, { dtype: "float64" });
  const y = FIXTURE.iris.target;
  const [XTrain, XTest, yTrain, yTest] = trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
  const want = FIXTURE.train_test_split[0];
  assert.ok(XTrain instanceof Tensor && XTest instanceof Tensor);
  assert.deepEqual(XTrain.shape, [120, 4]);
  assert.deepEqual(XTest.shape, [30, 4]);
  assert.deepEqual(XTest.toArray(), want.test.map((i) => FIXTURE.iris.data[i]));
  assert.deepEqual(yTrain, want.train.map((i) => y[i]));
  assert.deepEqual(yTest, want.test.map((i) => y[i]));
  // nested arrays stay nested arrays
  const [a, b] = trainTestSplit(FIXTURE.iris.data, { testSize: 0.2, randomState: 42 });
  assert.deepEqual(b, want.test.map((i) => FIXTURE.iris.data[i]));
  assert.equal(a.length, 120);
});

test("trainTestSplit: scikit-learn's errors", () => {
  assert.throws(() => trainTestSplit({ testSize: 0.2 } as never), /trainTestSplit: At least one array required as input/);
  assert.throws(() => trainTestSplit(range(10), range(9)), /inconsistent numbers of samples: \[10, 9\]/);
  assert.throws(() => trainTestSplit(range(10), { testSize: 0 }), /test_size=0 should be either positive/);
  assert.throws(() => trainTestSplit(range(10), { shuffle: false, stratify: range(10) }), /Stratified train\/test split is not implemented for shuffle=False/);
  assert.throws(() => trainTestSplit(range(3), { trainSize: 0.1 }), /With n_samples=3, test_size=None and train_size=0.1, the resulting train set will be empty/);
});
