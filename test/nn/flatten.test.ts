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
