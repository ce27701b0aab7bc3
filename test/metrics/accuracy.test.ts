import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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

test("seed: accuracy and balanced accuracy of the seed's test predictions print scikit-learn's lines (seed_iris.json)", () => {
  const seed = JSON.parse(readFileSync(new URL("../fixtures/seed_iris.json", import.meta.url), "utf8")) as {
    target: number[];
    test_indices: number[];
    test_predictions: number[];
    accuracy: number;
    balanced_accuracy: number;
    printed: string[];
  };
  const yTest = bp.tensor(seed.test_indices.map((i) => seed.target[i]), { dtype: "float64" });
  const yPred = bp.tensor(seed.test_predictions, { dtype: "int32" });
  const acc = metrics.accuracyScore(yTest, yPred);
  const bacc = metrics.balancedAccuracyScore(yTest, yPred);
  assert.equal(acc, seed.accuracy);
  assert.equal(bacc, seed.balanced_accuracy);
  // numpy's round(x * 100, 2) then str: 100.0 prints as "100.0"
  const pct = (v: number): string => {
    const r = Math.round(v * 100 * 100) / 100;
    return Number.isInteger(r) ? r.toFixed(1) : String(r);
  };
  assert.equal(`Percent correct predictions ${pct(acc)} %`, seed.printed[2]);
  assert.equal(`Percent correct predictions(balanced classes) ${pct(bacc)} %`, seed.printed[3]);
});
