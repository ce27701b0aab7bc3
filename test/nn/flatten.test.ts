import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

test("Flatten keeps the batch dimension by default: [N, 1, 28, 28] -> [N, 784]", () => {
  const x = bp.randn(4, 1, 28, 28);
  const y = new nn.Flatten().forward(x);
  assert.deepEqual(y.shape, [4, 784]);
  assert.deepEqual(Array.from(y.data.slice(0, 5)), Array.from(x.data.slice(0, 5)));
});

test("Flatten takes startDim and endDim positionally or as options", () => {
  const x = bp.zeros(2, 3, 4, 5);
  assert.deepEqual(new nn.Flatten(0).forward(x).shape, [120]);
  assert.deepEqual(new nn.Flatten(1, 2).forward(x).shape, [2, 12, 5]);
  assert.deepEqual(new nn.Flatten({ startDim: 2 }).forward(x).shape, [2, 3, 20]);
  assert.deepEqual(new nn.Flatten({ endDim: -2 }).forward(x).shape, [2, 12, 5]);
});

test("Flatten passes gradients back in the input's shape and prints like PyTorch", () => {
  const x = bp.randn([2, 3, 2], { requiresGrad: true });
  new nn.Flatten().forward(x).sum().backward();
  assert.deepEqual(x.grad!.shape, [2, 3, 2]);
  assert.ok(Array.from(x.grad!.data).every((v) => v === 1));
  assert.equal(String(new nn.Flatten()), "Flatten(start_dim=1, end_dim=-1)");
});

test("Unflatten splits one dimension (the inverse of Flatten), with -1 inferred, as torch.nn.Unflatten", () => {
  const x = bp.randn(4, 784);
  const y = new nn.Unflatten(1, [1, 28, 28]).forward(x);
  assert.deepEqual(y.shape, [4, 1, 28, 28]);
  assert.deepEqual(new nn.Flatten().forward(y).data, x.data);
  assert.deepEqual(new nn.Unflatten(1, [2, -1]).forward(bp.zeros(3, 8, 5)).shape, [3, 2, 4, 5]);
  assert.deepEqual(new nn.Unflatten(-1, [5, 1]).forward(bp.zeros(3, 8, 5)).shape, [3, 8, 5, 1]);
  assert.equal(String(new nn.Unflatten(1, [1, 28, 28])), "Unflatten(dim=1, unflattened_size=(1, 28, 28))");
  assert.equal(String(new nn.Unflatten(1, [4])), "Unflatten(dim=1, unflattened_size=(4,))");
  assert.throws(() => new nn.Unflatten(1, [3, 3]).forward(bp.zeros(2, 8)), /Unflatten: sizes \[3, 3\] don't multiply up to the size of dim 1 \(8\)/);
  assert.throws(() => new nn.Unflatten(3, [2]).forward(bp.zeros(2, 8)), /Unflatten: dim 3 is out of range/);
  assert.throws(() => new nn.Unflatten(1, []), /Unflatten: unflattenedSize must be a non-empty list/);
  // gradients flow back through the reshape
  const z = bp.randn([2, 6], { requiresGrad: true });
  new nn.Unflatten(1, [2, 3]).forward(z).mul(3).sum().backward();
  assert.deepEqual(Array.from(z.grad!.data), new Array(12).fill(3));
});
