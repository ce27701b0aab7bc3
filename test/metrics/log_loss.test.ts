import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

test("logLoss matches scikit-learn 1.2 (binary 1-D / 2-column, multiclass, labels, clipping, weights, errors)", () => {
  const cases = metricCases("logLoss");
  assert.ok(cases.length >= 17);
  for (const c of cases) checkCase(c, metrics.logLoss as never, 1e-12);
});

test("logLoss eps 'auto' follows yPred's dtype (float32: 2^-23)", () => {
  const eps32 = 2 ** -23;
  const got = metrics.logLoss([1, 0], bp.tensor([0, 0], { dtype: "float32" }));
  // the positive sample's probability is clipped to eps32, the negative one's 1 - eps32
  assert.ok(Math.abs(got - (-Math.log(eps32) - Math.log(1 - eps32)) / 2) < 1e-12);
  assert.throws(() => metrics.logLoss([0, 1], [0.5, 0.5], { eps: -1 }), /logLoss: eps must be "auto" or a non-negative number/);
});
