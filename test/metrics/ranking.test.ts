import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

test("rocAucScore matches scikit-learn 1.2 (binary, ties, weights, maxFpr, ovr / ovo averages, errors)", () => {
  const cases = metricCases("rocAucScore");
  assert.ok(cases.length >= 30);
  for (const c of cases) checkCase(c, metrics.rocAucScore as never, 1e-12);
});

test("rocCurve matches scikit-learn 1.2 (thresholds max + 1 first, ties merged, intermediate points dropped)", () => {
  const cases = metricCases("rocCurve");
  assert.ok(cases.length >= 6);
  for (const c of cases) checkCase(c, metrics.rocCurve as never, 1e-12);
});

test("rocAucScore counts a tie between a positive and a negative as half", () => {
  assert.equal(metrics.rocAucScore([0, 1], [0.5, 0.5]), 0.5);
  assert.equal(metrics.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]), 0.75);
  assert.equal(metrics.rocAucScore(bp.tensor([0, 1, 1]), bp.tensor([[0.2], [0.3], [0.3]])), 1);
  assert.throws(() => metrics.rocAucScore([0, 1], [[0.5, 0.5], [0.2, 0.8]]), /binary yTrue needs 1-D scores of the positive \(greater\) class/);
});

test("auc is the trapezoid; x must be monotonic", () => {
  assert.ok(Math.abs(metrics.auc([0, 0.5, 1], [0, 0.8, 1]) - 0.65) < 1e-15);
  assert.equal(metrics.auc([1, 0], [1, 1]), 1);
  assert.throws(() => metrics.auc([0, 1, 0.5], [0, 1, 1]), /auc: x is neither increasing nor decreasing/);
});
