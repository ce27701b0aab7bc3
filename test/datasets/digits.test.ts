/** datasets.loadDigits against scikit-learn 1.2's load_digits (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadDigits } from "../../src/datasets/index.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import { assertMatches, fixture } from "./sklearn_fixture.ts";

function rowSums(t: Tensor): number[] {
  const [n, f] = t.shape;
  return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * f, (i + 1) * f)).reduce((a, b) => a + b, 0));
}

test("loadDigits returns scikit-learn's 1797 images: row sums, targets, first image, names", () => {
  const d = loadDigits();
  assert.deepEqual(d.data.shape, fixture.digits.shape);
  assert.equal(d.data.dtype, "float64");
  assert.deepEqual(rowSums(d.data), fixture.digits.rowSums);
  assert.equal(d.target.dtype, "int32");
  assert.deepEqual(Array.from(d.target.data), fixture.digits.target);
  assert.deepEqual(d.images.shape, [1797, 8, 8]);
  assertMatches(d.images.reshape([1797, 64]).index("0:1").reshape([8, 8]), fixture.digits.first, "images[0]", 0);
  assert.deepEqual(Array.from(d.images.data), Array.from(d.data.data), "images hold the same pixels as data");
  assert.deepEqual(d.featureNames, fixture.digits.featureNames);
  assert.deepEqual(d.targetNames, ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"]);
  const max = Array.from(d.data.data).reduce((a, b) => Math.max(a, b), 0);
  assert.equal(max, 16);
});

test("loadDigits({nClass: 3}) keeps the digits 0, 1, 2 in order; returnXY gives [data, target]", () => {
  const d = loadDigits({ nClass: 3 });
  const e = fixture.digits.nClass3;
  assert.deepEqual(d.data.shape, e.shape);
  assert.deepEqual(rowSums(d.data), e.rowSums);
  assert.deepEqual(Array.from(d.target.data), e.target);
  const [X, y] = loadDigits({ nClass: 3, returnXY: true });
  assert.deepEqual(X.shape, e.shape);
  assert.deepEqual(y.shape, [e.shape[0]]);
});

test("loadDigits rejects a bad nClass", () => {
  assert.throws(() => loadDigits({ nClass: 0 }), /loadDigits: nClass must be an integer between 1 and 10, got 0/);
  assert.throws(() => loadDigits({ nClass: 11 }), /nClass must be an integer between 1 and 10/);
});
