import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { Perceptron } from "../../src/linear_model/index.ts";
import { plainSgd } from "../../src/linear_model/plain_sgd.ts";
import { fixture, standardize } from "./fixture.ts";

const irisX = standardize(fixture.iris.data);
const irisY = fixture.iris.target;
const digitsX = fixture.digits500.data16.map((r) => r.map((v) => v / 16));
const digitsY = fixture.digits500.target;

test("the perceptron rule on a hand example: w += eta0 y x on each mistake, nothing otherwise", () => {
  // samples in this order: (1, 2) +1, (-1, -2) -1, (1, -1) -1
  const X = Float64Array.of(1, 2, -1, -2, 1, -1);
  const y = Float64Array.of(1, -1, -1);
  const r = plainSgd(X, 2, y, {
    loss: "perceptron", penalty: null, alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 1, tol: null,
    nIterNoChange: 5, shuffle: false, learningRate: "constant", eta0: 0.5, powerT: 0.5, shuffleOrder: () => {},
  });
  // 1st: w·x + b = 0 -> a mistake (y (w·x + b) <= 0): w = 0.5 (1, 2), b = 0.5
  // 2nd: w·x + b = -2.5 + 0.5 = -2 -> right (y = -1), no change
  // 3rd: w·x + b = 0.5 - 1 + 0.5 = 0 -> a mistake: w -= 0.5 (1, -1) -> (0, 1.5), b = 0
  assert.deepEqual(Array.from(r.w), [0, 1.5]);
  assert.equal(r.b, 0);
  assert.equal(r.nIter, 1);
  assert.equal(r.t, 4);
});

test("Perceptron separates linearly separable data (100% train accuracy)", () => {
  // two blobs far apart, and iris setosa vs the rest (separable)
  const X: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < 40; i++) {
    const a = (i * 0.37) % 1;
    const b = (i * 0.61) % 1;
    X.push([a + (i % 2 ? 3 : -3), b - a]);
    y.push(i % 2);
  }
  const m = new Perceptron().fit(X, y);
  assert.equal(m.score(X, y), 1);
  assert.ok(m.nIter! < 50);
  const setosa = irisY.map((t) => (t === 0 ? 1 : 0));
  assert.equal(new Perceptron({ randomState: 3 }).fit(irisX, setosa).score(irisX, setosa), 1);
});

test("Perceptron is deterministic for a randomState and depends on it", () => {
  const a = new Perceptron({ randomState: 7 }).fit(irisX, irisY);
  const b = new Perceptron({ randomState: 7 }).fit(irisX, irisY);
  assert.deepEqual(Array.from(a.coef!.data), Array.from(b.coef!.data));
  assert.deepEqual(Array.from(a.intercept!.data), Array.from(b.intercept!.data));
  const c = new Perceptron({ randomState: 8 }).fit(irisX, irisY);
  assert.notDeepEqual(Array.from(a.coef!.data), Array.from(c.coef!.data));
  assert.deepEqual(a.coef!.shape, [3, 4]);
  assert.deepEqual(Array.from(a.classes!.data), [0, 1, 2]);
});

test("Perceptron reaches scikit-learn's train accuracy on iris and digits (mean over randomState 0..9)", () => {
  for (const [name, X, y, slack] of [["iris", irisX, irisY, 0.05], ["digits", digitsX, digitsY, 0.02]] as const) {
    let acc = 0;
    for (let s = 0; s < 10; s++) acc += new Perceptron({ randomState: s }).fit(X, y).score(X, y) / 10;
    const ref = fixture.sgdAccuracy[`${name}_perceptron`];
    assert.ok(acc >= ref - slack, `${name}: ${acc} vs scikit-learn ${ref}`);
  }
});

test("Perceptron: the estimator contract and parameter checks", () => {
  const m = new Perceptron();
  assert.deepEqual(Object.keys(m.getParams()).sort(), ["alpha", "eta0", "fitIntercept", "l1Ratio", "maxIter", "nIterNoChange", "penalty", "randomState", "shuffle", "tol"]);
  assert.throws(() => m.predict([[1, 2]]), /Perceptron.decisionFunction: This Perceptron instance is not fitted yet/);
  assert.throws(() => new Perceptron({ eta0: -1 }), /Perceptron: eta0 must be a number >= 0, got -1/);
  assert.throws(() => new Perceptron({ eta0: 0 }).fit([[0], [1]], [0, 1]), /Perceptron.fit: eta0 must be > 0 with learningRate "constant", got 0/);
  assert.throws(() => new Perceptron().fit([[0], [1]], [1, 1]), /the number of classes has to be greater than one; got 1 class/);
  const fitted = new Perceptron().fit(bp.tensor([[0, 1], [1, 0], [2, 2], [3, 3]]), bp.tensor([5, 5, 9, 9], { dtype: "int32" }));
  assert.deepEqual(Array.from(fitted.classes!.data), [5, 9]);
  assert.deepEqual(fitted.coef!.shape, [1, 2]);
  assert.deepEqual(fitted.decisionFunction([[1, 1]]).shape, [1]);
  assert.throws(() => fitted.predict([[1]]), /X has 1 features, but Perceptron is expecting 2 features as input/);
  assert.equal(bp.base.clone(fitted).getParams().randomState, 0);
});
