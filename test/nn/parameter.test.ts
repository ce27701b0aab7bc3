import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

test("a Parameter is a leaf Tensor that requires grad and shares the data it wraps", () => {
  const t = bp.tensor([1, 2, 3]);
  const p = new nn.Parameter(t);
  assert.ok(p instanceof bp.Tensor);
  assert.ok(p.requiresGrad && p.isLeaf);
  assert.equal(p.data, t.data);
  assert.deepEqual(p.shape, [3]);
  assert.equal(new nn.Parameter(t, false).requiresGrad, false);
  assert.deepEqual(new nn.Parameter().shape, [0]);
});

test("a Parameter made from a graph result is a fresh leaf, and collects gradients", () => {
  const x = bp.tensor([1, 2], { requiresGrad: true });
  const p = new nn.Parameter(x.mul(2));
  assert.ok(p.isLeaf);
  p.mul(p).sum().backward();
  assert.deepEqual(p.grad!.toArray(), [4, 8]);
  assert.equal(x.grad, null);
});

test("int32 data cannot be a Parameter that requires grad", () => {
  assert.throws(() => new nn.Parameter(bp.tensor([1], { dtype: "int32" })), /only floating point tensors can require gradients/);
});

test("a Parameter prints like PyTorch's", () => {
  assert.equal(String(new nn.Parameter(bp.tensor([1, 2]))), "Parameter containing:\ntensor([1., 2.], requiresGrad=true)");
});
