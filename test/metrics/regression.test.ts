import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

test("meanAbsoluteError, meanSquaredError, r2Score match scikit-learn 1.2 (weights, multioutput, constant columns)", () => {
  const fns: Record<string, unknown> = { meanAbsoluteError: metrics.meanAbsoluteError, meanSquaredError: metrics.meanSquaredError, r2Score: metrics.r2Score };
  const cases = metricCases(...Object.keys(fns));
  assert.ok(cases.length >= 30);
  for (const c of cases) checkCase(c, fns[c.fn] as never, 1e-11);
});

test("rootMeanSquaredError is scikit-learn 1.2's meanSquaredError({squared: false})", () => {
  for (const c of metricCases("meanSquaredError").filter((x) => x.opts.squared === false)) {
    const { squared: _, ...rest } = c.opts;
    checkCase({ ...c, opts: rest }, metrics.rootMeanSquaredError as never, 1e-11);
  }
  assert.equal(metrics.rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]), Math.sqrt(0.375));
});

test("regression metrics take Tensors and warn on fewer than two samples", (t) => {
  assert.equal(metrics.meanAbsoluteError(bp.tensor([1, 2, 3]), bp.tensor([1, 2, 5])), 2 / 3);
  const warn = t.mock.method(console, "warn", () => {});
  assert.ok(Number.isNaN(metrics.r2Score([1], [2]) as number));
  assert.equal(warn.mock.callCount(), 1);
  assert.throws(() => metrics.meanSquaredError([1, 2], [1, NaN]), /meanSquaredError: Input yPred contains NaN/);
  assert.throws(() => metrics.r2Score([1, 2], [1, 2], { multioutput: "median" as never }), /r2Score: Allowed 'multioutput' string values are 'raw_values', 'uniform_average', 'variance_weighted'/);
});
