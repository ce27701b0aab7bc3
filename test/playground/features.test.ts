import { test } from "node:test";
import assert from "node:assert/strict";
import { FEATURES, featureGrid, featureMatrix, featureValue, gridPoints } from "../../playground/src/features.ts";
import { FEATURE_IDS } from "../../playground/src/state.ts";

test("the seven features at a point", () => {
  const [a, b] = [1.5, -2];
  const expected = { x1: a, x2: b, x1Squared: 2.25, x2Squared: 4, x1x2: -3, sinX1: Math.sin(a), sinX2: Math.sin(b) };
  assert.deepEqual(FEATURES.map((f) => f.id), FEATURE_IDS);
  for (const f of FEATURES) {
    assert.equal(f.fn(a, b), expected[f.id], f.id);
    assert.equal(featureValue(f.id, a, b), expected[f.id], f.id);
  }
  assert.deepEqual(FEATURES.map((f) => f.label), ["X₁", "X₂", "X₁²", "X₂²", "X₁X₂", "sin(X₁)", "sin(X₂)"]);
});

test("featureMatrix: one row per point, the features in the order asked", () => {
  const m = featureMatrix(new Float32Array([1, 2, -3, 0.5]), ["x1x2", "x1", "x2Squared"]);
  assert.deepEqual(Array.from(m), [2, 1, 4, -1.5, -3, 0.25]);
  assert.equal(featureMatrix([0, 0], []).length, 0);
});

test("gridPoints: row 0 at the top (x2 = hi), columns left to right", () => {
  assert.deepEqual(Array.from(gridPoints(2, [-6, 6])), [-6, 6, 6, 6, -6, -6, 6, -6]);
  const g = gridPoints(50, [-6, 6]);
  assert.equal(g.length, 5000);
  const cell = (row: number, col: number): number[] => [g[2 * (row * 50 + col)], g[2 * (row * 50 + col) + 1]];
  assert.deepEqual(cell(0, 49), [6, 6]);
  assert.deepEqual(cell(49, 0), [-6, -6]);
  assert.ok(Math.abs(cell(10, 20)[0] - (-6 + (12 * 20) / 49)) < 1e-6);
  const sq = featureGrid("x2Squared", 50, [-6, 6]);
  assert.equal(sq.length, 2500);
  assert.equal(sq[0], 36);
});
