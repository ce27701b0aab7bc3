import { test } from "node:test";
import assert from "node:assert/strict";
import * as neighbors from "../../src/neighbors/index.ts";
import { assertClose, dataset, fixture } from "./fixture.ts";

test("iris: predictions and R² as scikit-learn's KNeighborsRegressor, every metric, k and weighting", () => {
  const d = dataset("iris");
  const y = fixture.regressor.y;
  for (const run of fixture.regressor.runs) {
    const reg = new neighbors.KNeighborsRegressor({ nNeighbors: run.k, metric: run.metric, p: run.p, weights: run.weights }).fit(d.X, y);
    const what = `${run.metric} p=${run.p} k=${run.k} ${run.weights}`;
    const pred = reg.predict(d.Xq);
    assert.equal(pred.dtype, "float64");
    // scikit-learn's euclidean GEMM form (BLAS with fused multiply-adds) rounds some exactly equal
    // iris distances apart; where the k-th and (k+1)-th neighbours tie, it may keep the other one
    const tied = (i: number): boolean => run.boundaryTie.includes(i);
    const skip = run.metric === "euclidean" || (run.metric === "minkowski" && run.p === 2) || run.metric === "cosine";
    const keep = run.predict.map((_, i) => i).filter((i) => !(skip && tied(i)));
    assert.ok(keep.length >= run.predict.length / 2, `${what}: most queries compared`);
    assertClose(keep.map((i) => pred.data[i]), keep.map((i) => run.predict[i]), 1e-9, 1e-10, what);
  }
});

test("distance weights: a query on training points takes the mean of their targets only", () => {
  const reg = new neighbors.KNeighborsRegressor({ nNeighbors: 2, weights: "distance" }).fit([[0], [0], [1], [4]], [1, 2, 10, 30]);
  // [0]: two training points at distance 0 -> their mean; [3]: 30 at distance 1, 10 at distance 2
  assertClose(reg.predict([[0], [3]]).data, [1.5, (30 + 10 / 2) / 1.5], 1e-12, 0, "weighted");
  const uniform = new neighbors.KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [2], [3]], [0, 0, 1, 1]);
  assertClose(uniform.predict([[1.4]]).data, [0.5], 0, 1e-15, "uniform");
});

test("kneighbors, score, and errors", () => {
  const reg = new neighbors.KNeighborsRegressor({ nNeighbors: 2 }).fit([[0], [1], [3]], [0, 1, 3]);
  const [dist, ind] = reg.kneighbors([[0.9]]);
  assert.deepEqual(Array.from(ind.data), [1, 0]);
  assertClose(dist.data, [0.1, 0.9], 1e-12, 0, "distances");
  assert.ok(reg.score([[0], [1], [3]], [0, 1, 3]) < 1);
  assert.throws(() => new neighbors.KNeighborsRegressor().predict([[0]]), /KNeighborsRegressor.predict: This KNeighborsRegressor instance is not fitted yet/);
  assert.throws(() => new neighbors.KNeighborsRegressor({ nNeighbors: 4 }).fit([[0], [1]], [0, 1]).predict([[0]]), /Expected n_neighbors <= n_samples, but n_samples = 2, n_neighbors = 4/);
});
