/** datasets.makeRegression / makeLowRankMatrix against scikit-learn 1.2 (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeLowRankMatrix, makeRegression, type MakeLowRankMatrixOptions, type MakeRegressionOptions } from "../../src/datasets/index.ts";
import { checkCases, fixture, type Case } from "./sklearn_fixture.ts";

const exact = (fixture.makeRegression as Case[]).filter((c) => c.kwargs.effectiveRank === undefined);
const lowRank = (fixture.makeRegression as Case[]).filter((c) => c.kwargs.effectiveRank !== undefined);

test("makeRegression gives scikit-learn's X, y and coef for the same randomState", () => {
  checkCases("makeRegression", exact, (o) => makeRegression(o as MakeRegressionOptions));
});

test("makeRegression with effectiveRank and makeLowRankMatrix match scikit-learn (LAPACK's QR signs) up to rounding", () => {
  for (const c of lowRank) checkCases("makeRegression", [c], (o) => makeRegression(o as MakeRegressionOptions));
  checkCases("makeLowRankMatrix", fixture.makeLowRankMatrix, (o) => makeLowRankMatrix(o as MakeLowRankMatrixOptions));
});

test("makeRegression: y = X coef + bias without noise", () => {
  const [X, y, w] = makeRegression({ nSamples: 8, nFeatures: 3, nInformative: 2, bias: 1.5, coef: true, randomState: 0 });
  assert.deepEqual(y.shape, [8]);
  assert.deepEqual(w.shape, [3]);
  assert.equal(Array.from(w.data).filter((v) => v === 0).length, 1);
  for (let i = 0; i < 8; i++) {
    let s = 1.5;
    for (let j = 0; j < 3; j++) s += X.data[i * 3 + j] * w.data[j];
    assert.ok(Math.abs(s - y.data[i]) < 1e-10);
  }
});

test("makeRegression rejects bad arguments", () => {
  assert.throws(() => makeRegression({ nSamples: 0 }), /makeRegression: nSamples must be a positive integer, got 0/);
  assert.throws(() => makeRegression({ noise: -1 }), /makeRegression: noise must be non-negative, got -1/);
  assert.throws(() => makeRegression({ effectiveRank: 0 }), /makeRegression: effectiveRank must be positive or null, got 0/);
  assert.throws(() => makeLowRankMatrix({ tailStrength: 2 }), /makeLowRankMatrix: tailStrength must be in \[0, 1\], got 2/);
});
