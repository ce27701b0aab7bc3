import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

test("datasets.mnist(): the 10 000 bundled digits as [n, 1, 28, 28] float32 images in [0, 1] and int32 labels", () => {
  const digits = bp.datasets.mnist();
  assert.equal(digits.length, 10000);
  const [images, labels] = digits.tensors;
  assert.deepEqual(images.shape, [10000, 1, 28, 28]);
  assert.equal(images.dtype, "float32");
  assert.deepEqual(labels.shape, [10000]);
  assert.equal(labels.dtype, "int32");
  assert.ok(images.min().item() >= 0 && images.max().item() <= 1);
  assert.deepEqual(labels.narrow(0, 0, 10).toArray(), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("datasets.mnist({root}): a missing folder is a clear error", () => {
  assert.throws(() => bp.datasets.mnist({ root: "/no/such/mnist" }), /^Error: mnist: /);
});
