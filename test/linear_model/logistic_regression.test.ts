import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { LogisticRegression } from "../../src/linear_model/index.ts";
import { fixture, flat, maxRelErr } from "./fixture.ts";

const iris = fixture.iris;
const binaryRows = iris.target.map((t, i) => (t > 0 ? i : -1)).filter((i) => i >= 0);
const data = {
  multinomial: { X: iris.data, y: iris.target },
  binary: { X: binaryRows.map((i) => iris.data[i]), y: binaryRows.map((i) => iris.target[i]) },
};

function maxAbsErr(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// The fixtures hold the optimum of scikit-learn's lbfgs objective (its newton-cg at tol 1e-12: its lbfgs
// stops up to 3.5e-4 short of it); with the default tol 1e-4 this lbfgs lands within 1e-4 of it.
for (const c of fixture.logistic) {
  test(`LogisticRegression matches scikit-learn's probabilities: ${c.name}`, () => {
    const { X, y } = data[c.data];
    const m = new LogisticRegression({ C: c.C, penalty: c.penalty, fitIntercept: c.fitIntercept ?? true, maxIter: 1000 }).fit(X, y);
    const proba = m.predictProba(X);
    assert.deepEqual(proba.shape, [X.length, c.data === "binary" ? 2 : 3]);
    const err = maxAbsErr(proba.data, flat(c.proba));
    assert.ok(err < 1e-4, `max |Δp| = ${err}`);
    assert.deepEqual(Array.from(m.predict(X).data), c.predict);
    assert.deepEqual(m.coef!.shape, [c.coef.length, 4]);
    // the coefficients are less well determined than the probabilities (C=100 on unscaled iris)
    assert.ok(maxRelErr(m.coef!.data, flat(c.coef)) < 1e-2, `coef ${Array.from(m.coef!.data)} vs ${flat(c.coef)}`);
    assert.ok(maxRelErr(m.intercept!.data, c.intercept) < 1e-2, `intercept ${Array.from(m.intercept!.data)} vs ${c.intercept}`);
  });
}

test("LogisticRegression with scikit-learn's defaults (maxIter 1000) agrees with its lbfgs result within 1e-4", () => {
  const m = new LogisticRegression({ maxIter: 1000 }).fit(iris.data, iris.target);
  const err = maxAbsErr(m.predictProba(iris.data).data, flat(fixture.logisticDefault.probaDefault));
  assert.ok(err < 1e-4, `max |Δp| = ${err}`);
  // a tight fit is at the optimum: two independent solvers agree to 1e-6
  const tight = new LogisticRegression({ tol: 1e-7, maxIter: 10000 }).fit(iris.data, iris.target);
  const opt = fixture.logistic.find((c) => c.name === "multinomial_C1")!;
  assert.ok(maxAbsErr(tight.predictProba(iris.data).data, flat(opt.proba)) < 1e-6);
});

test("LogisticRegression: predictLogProba, decisionFunction, classes, nIter and the contract", () => {
  const { X, y } = data.binary;
  const m = new LogisticRegression();
  assert.throws(() => m.predictProba(X), /LogisticRegression.decisionFunction: This LogisticRegression instance is not fitted yet/);
  assert.equal(m.fit(X, y), m);
  assert.deepEqual(Array.from(m.classes!.data), [1, 2]);
  const d = m.decisionFunction(X);
  assert.deepEqual(d.shape, [100]);
  const p = m.predictProba(X);
  // P(class 2) = σ(d); log-probabilities are their logs
  assert.ok(maxAbsErr(p.index(":", 1).data, d.sigmoid().data) < 1e-15);
  assert.ok(maxAbsErr(m.predictLogProba(X).data, p.log().data) < 1e-15);
  assert.equal(m.nIter!.length, 1);
  assert.ok(m.nIter![0] > 0 && m.nIter![0] <= 100);
  assert.ok(m.score(X, y) > 0.9);
  assert.throws(() => m.predict([[1, 2]]), /X has 2 features, but LogisticRegression is expecting 4 features as input/);
  assert.throws(() => new LogisticRegression({ C: 0 }), /LogisticRegression: C must be a positive number, got 0/);
  assert.throws(() => new LogisticRegression({ penalty: "l1" as never }), /penalty must be "l2" or null/);
  assert.throws(() => m.fit([[1], [2]], [3, 3]), /at least 2 classes in the data, but the data contains only one class: 3/);
});

test("LogisticRegression one-vs-rest: one binary problem per class, probabilities normalised", () => {
  const { X, y } = data.multinomial;
  const ovr = new LogisticRegression({ multiClass: "ovr", maxIter: 1000 }).fit(X, y);
  assert.deepEqual(ovr.coef!.shape, [3, 4]);
  assert.equal(ovr.nIter!.length, 3);
  const p = ovr.predictProba(X);
  const sums = p.sum(1).data;
  for (const s of sums) assert.ok(Math.abs(s - 1) < 1e-12);
  // the row for class c is the binary problem "c vs the rest"
  const c1 = new LogisticRegression({ maxIter: 1000 }).fit(X, y.map((t) => (t === 1 ? 1 : 0)));
  assert.ok(maxRelErr(ovr.coef!.index(1).data, c1.coef!.data) < 1e-3);
  assert.ok(ovr.score(X, y) > 0.9);
});

test("LogisticRegression multinomial with two classes keeps the second row (scikit-learn's layout)", () => {
  const { X, y } = data.binary;
  const multi = new LogisticRegression({ multiClass: "multinomial", tol: 1e-8, maxIter: 10000 }).fit(X, y);
  assert.deepEqual(multi.coef!.shape, [1, 4]);
  const p = multi.predictProba(X);
  // softmax([-d, d]) = σ(2d)
  assert.ok(maxAbsErr(p.index(":", 1).data, multi.decisionFunction(X).mul(2).sigmoid().data) < 1e-14);
  // the symmetric softmax fit with C equals the binary fit with 2C, halved
  const bin = new LogisticRegression({ C: 2, tol: 1e-8, maxIter: 10000 }).fit(X, y);
  assert.ok(maxRelErr(multi.coef!.data, bin.coef!.mul(0.5).data) < 1e-4);
});

test("LogisticRegression accepts float32 tensors and int32 labels", () => {
  const X = bp.tensor(data.multinomial.X);
  const y = bp.tensor(data.multinomial.y, { dtype: "int32" });
  const m = new LogisticRegression({ maxIter: 1000 }).fit(X, y);
  assert.ok(m.score(X, y) > 0.95);
});
