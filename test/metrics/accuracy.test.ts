import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

test("accuracyScore and balancedAccuracyScore match scikit-learn 1.2 (binary, multiclass, weighted, strings, errors)", () => {
  const cases = metricCases("accuracyScore", "balancedAccuracyScore");
  assert.ok(cases.length >= 18);
  for (const c of cases) checkCase(c, c.fn === "accuracyScore" ? (metrics.accuracyScore as never) : (metrics.balancedAccuracyScore as never));
});

test("accuracyScore takes Tensors of any dtype, and [n, 1] columns", () => {
  const t = bp.tensor([0, 1, 2, 2], { dtype: "int32" });
  const p = bp.tensor([[0], [1], [1], [2]], { dtype: "float32" });
  assert.equal(metrics.accuracyScore(t, p), 0.75);
  assert.equal(metrics.accuracyScore(t, p, { sampleWeight: bp.tensor([1, 1, 2, 0]) }), 0.5);
  assert.throws(() => metrics.accuracyScore(bp.zeros(2, 2), [0, 1]), /accuracyScore: yTrue must be 1-D \[samples\], got shape \[2, 2\]/);
  assert.throws(() => metrics.accuracyScore([0, 1], ["a", "b"]), /Labels in yTrue and yPred should be of the same type/);
});

test("balancedAccuracyScore warns when yPred has a class yTrue lacks, and drops it", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  assert.equal(metrics.balancedAccuracyScore([0, 1, 0, 1], [0, 2, 0, 1]), 0.75);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /yPred contains classes not in yTrue/);
});
