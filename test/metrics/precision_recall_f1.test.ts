import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

const FNS: Record<string, unknown> = {
  precisionScore: metrics.precisionScore,
  recallScore: metrics.recallScore,
  f1Score: metrics.f1Score,
  precisionRecallFscoreSupport: metrics.precisionRecallFscoreSupport,
  fbetaScore: (t: never, p: never, o: metrics.FbetaOptions) => metrics.fbetaScore(t, p, o.beta!, o),
};

test("precision, recall, F1, F-beta and support match scikit-learn 1.2 (every average, posLabel, labels, zero division, weights)", () => {
  const cases = metricCases(...Object.keys(FNS));
  assert.ok(cases.length >= 150);
  for (const c of cases) {
    // backprop has no "samples" average (multilabel only), so its list differs
    const message = c.name.endsWith("bad average") ? /average has to be one of \[null, 'micro', 'macro', 'weighted', 'binary'\], got "mean"/ : undefined;
    checkCase(c, FNS[c.fn] as never, 1e-12, message);
  }
});

test("scikit-learn's UndefinedMetricWarning texts go to the console, once per ill-defined ratio", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  assert.equal(metrics.precisionScore([0, 1, 0, 1], [0, 0, 0, 0]), 0);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /^precisionScore: Precision is ill-defined and being set to 0.0 due to no predicted samples\. Use the `zeroDivision` option/);
  assert.equal(metrics.precisionScore([0, 1, 0, 1], [0, 0, 0, 0], { zeroDivision: 0 }), 0);
  assert.equal(warn.mock.callCount(), 1);
  metrics.f1Score([0, 1, 2], [0, 1, 1], { average: "macro", posLabel: 2 });
  assert.match(String(warn.mock.calls[1].arguments[0]), /Note that posLabel \(set to 2\) is ignored when average != 'binary'/);
});

test("per-class results are Tensors; support is int32 counts unless weighted", () => {
  const [p, r, f, s] = metrics.precisionRecallFscoreSupport([0, 1, 2, 0, 1, 2], [0, 2, 1, 0, 0, 1], { average: null });
  for (const x of [p, r, f]) assert.ok(x instanceof bp.Tensor && x.dtype === "float64");
  assert.equal(s!.dtype, "int32");
  assert.deepEqual(Array.from(s!.data), [2, 2, 2]);
  const [, , , sw] = metrics.precisionRecallFscoreSupport([0, 1], [0, 1], { average: null, sampleWeight: [1, 2] });
  assert.equal(sw!.dtype, "float64");
  assert.equal(metrics.precisionRecallFscoreSupport([0, 1], [0, 1], { average: "macro" })[3], null);
  assert.throws(() => metrics.fbetaScore([0, 1], [0, 1], -1), /fbetaScore: beta should be >=0 in the F-beta score, got -1/);
});
