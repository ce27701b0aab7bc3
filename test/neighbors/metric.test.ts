import { test } from "node:test";
import assert from "node:assert/strict";
import { reducedToDistance, resolveMetric } from "../../src/neighbors/metric.ts";

test("resolveMetric: scikit-learn's effective metric for minkowski p = 1, 2, Infinity; aliases; errors", () => {
  assert.deepEqual(resolveMetric("K", "minkowski", 1), { kind: "manhattan", p: 1 });
  assert.deepEqual(resolveMetric("K", "minkowski", 2), { kind: "euclidean", p: 2 });
  assert.deepEqual(resolveMetric("K", "minkowski", Infinity), { kind: "chebyshev", p: Infinity });
  assert.deepEqual(resolveMetric("K", "minkowski", 3), { kind: "minkowski", p: 3 });
  assert.equal(resolveMetric("K", "l1", 2).kind, "manhattan");
  assert.equal(resolveMetric("K", "cityblock", 2).kind, "manhattan");
  assert.equal(resolveMetric("K", "l2", 1).kind, "euclidean");
  assert.throws(() => resolveMetric("KNeighborsRegressor", "jaccard", 2), /KNeighborsRegressor: metric must be one of "minkowski", .*got "jaccard"/);
  assert.throws(() => resolveMetric("K", "minkowski", -1), /K: p must be a number > 0, got -1/);
  assert.equal(reducedToDistance({ kind: "euclidean", p: 2 }, 9), 3);
  assert.equal(reducedToDistance({ kind: "euclidean", p: 2 }, -1e-12), 0);
  assert.ok(Math.abs(reducedToDistance({ kind: "minkowski", p: 3 }, 27) - 3) < 1e-12);
});
