import { test } from "node:test";
import assert from "node:assert/strict";
import * as neighbors from "../../src/neighbors/index.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { assertClose, dataset, fixture } from "./fixture.ts";

test("centroids and predictions as scikit-learn 1.2 (median for manhattan, shrinkage) and the seed's mean templates", () => {
  for (const c of fixture.nearestCentroid) {
    const d = dataset(c.data);
    const nc = new neighbors.NearestCentroid({ metric: c.metric, shrinkThreshold: c.shrinkThreshold, centroid: c.centroid }).fit(d.X, d.y);
    const what = `${c.data} ${c.metric} shrink=${c.shrinkThreshold} centroid=${c.centroid}`;
    assert.deepEqual(nc.centroids!.shape, [c.centroids.length, d.X[0].length]);
    assertClose(nc.centroids!.data, c.centroids.flat(), 1e-9, 1e-6, `${what} centroids`);
    assert.deepEqual(Array.from(nc.predict(d.Xq).data), c.predict, `${what} predict`);
  }
});

test("numpy's median for an even count, ties to the first class, float32 kept, errors", () => {
  const nc = new neighbors.NearestCentroid({ metric: "manhattan" }).fit([[0], [1], [4], [10], [20]], [0, 0, 0, 0, 1]);
  assert.deepEqual(Array.from(nc.centroids!.data), [2.5, 20]);
  // 11.25 is 8.75 from both centroids: the first class
  assert.deepEqual(Array.from(nc.predict([[11.25], [19]]).data), [0, 1]);
  const f32 = new neighbors.NearestCentroid({ centroid: "mean" }).fit(tensor([[0, 0], [2, 2], [10, 10]]), [1, 1, 2]);
  assert.equal(f32.centroids!.dtype, "float32");
  assert.deepEqual(Array.from(f32.centroids!.data), [1, 1, 10, 10]);
  assert.equal(f32.score([[0, 1], [9, 9]], [1, 2]), 1);
  assert.throws(() => new neighbors.NearestCentroid({ metric: "cosine" as never }), /NearestCentroid: metric must be "euclidean" or "manhattan", got "cosine"/);
  assert.throws(() => new neighbors.NearestCentroid().fit([[0], [1]], [3, 3]), /The number of classes has to be greater than one; got 1 class/);
  assert.throws(() => new neighbors.NearestCentroid().predict([[0]]), /not fitted yet/);
});
