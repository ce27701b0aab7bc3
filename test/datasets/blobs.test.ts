/** datasets.makeBlobs against scikit-learn 1.2's make_blobs (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeBlobs, type MakeBlobsOptions } from "../../src/datasets/index.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { checkCases, fixture } from "./sklearn_fixture.ts";

test("makeBlobs gives scikit-learn's X, y (and centers) for the same randomState", () => {
  checkCases("makeBlobs", fixture.makeBlobs, (o) => makeBlobs(o as MakeBlobsOptions));
});

test("makeBlobs takes centers as a Tensor as well as nested arrays", () => {
  const rows = [[0, 0], [5, 5], [-5, 2.5]];
  const [a] = makeBlobs({ nSamples: 9, centers: rows, randomState: 3 });
  const [b] = makeBlobs({ nSamples: 9, centers: tensor(rows, { dtype: "float64" }), randomState: 3 });
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
});

test("makeBlobs rejects inconsistent arguments", () => {
  assert.throws(() => makeBlobs({ centers: 3, clusterStd: [1, 2] }), /makeBlobs: clusterStd has 2 values but there are 3 centers/);
  assert.throws(() => makeBlobs({ nSamples: [2, 3], centers: [[0, 0]] }), /makeBlobs: nSamples has 2 counts but centers has 1 rows/);
  assert.throws(() => makeBlobs({ nSamples: [2, 3], centers: 2 }), /makeBlobs: with an array nSamples, centers must be null or an array/);
  assert.throws(() => makeBlobs({ centers: 0 }), /makeBlobs: centers must be a positive integer, got 0/);
  assert.throws(() => makeBlobs({ clusterStd: -1 }), /makeBlobs: clusterStd must be non-negative/);
  assert.throws(() => makeBlobs({ centers: [[0, 0], [1]] }), /makeBlobs: centers must be a non-empty \[nCenters, nFeatures\] array/);
});
