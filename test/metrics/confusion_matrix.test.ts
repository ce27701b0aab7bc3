import { test } from "node:test";
import assert from "node:assert/strict";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

test("confusionMatrix matches scikit-learn 1.2 (labels, weights, normalize, strings)", () => {
  const cases = metricCases("confusionMatrix");
  assert.ok(cases.length >= 13);
  for (const c of cases) checkCase(c, metrics.confusionMatrix as never);
});

test("confusionMatrix: int32 counts; errors name the function", () => {
  const cm = metrics.confusionMatrix([2, 0, 2, 2, 0, 1], [0, 0, 2, 2, 0, 2]);
  assert.equal(cm.dtype, "int32");
  assert.deepEqual(cm.toArray(), [[2, 0, 0], [0, 0, 1], [1, 0, 2]]);
  assert.throws(() => metrics.confusionMatrix([0, 1], [0, 1], { labels: [] }), /confusionMatrix: 'labels' should contains at least one label/);
  assert.throws(() => metrics.confusionMatrix([0, 1], [0, 1], { normalize: "rows" as never }), /confusionMatrix: normalize must be one of/);
});
