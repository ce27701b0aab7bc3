/** In-place ops: refused on leaves that require grad while recording, allowed inside noGrad. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith } from "../helpers/parity.ts";

test("in-place ops on a leaf requiring grad are refused outside noGrad", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  assertThrowsWith(() => w.sub_(1), "sub_", "leaf", "noGrad");
  assertThrowsWith(() => w.add_(1), "add_", "leaf");
  assertThrowsWith(() => w.mul_(2), "mul_", "leaf");
  assertThrowsWith(() => w.zero_(), "zero_", "leaf");
  assertThrowsWith(() => w.fill_(3), "fill_", "leaf");
  assert.deepEqual(Array.from(w.data), [1, 2], "a refused op changes nothing");
});

test("in-place ops on a leaf requiring grad are allowed inside noGrad (the SGD update)", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  w.mul(w).sum().backward();
  bp.noGrad(() => w.sub_(w.grad!.mul(0.5)));
  assertTensor(w, [2], [0, 0]);
  assert.equal(w.requiresGrad, true);
  assert.equal(w.isLeaf, true);
  w.grad!.zero_(); // grads never require grad: allowed anywhere
  assertTensor(w.grad!, [2], [0, 0]);
});

test("in-place ops on recorded results are recorded: the gradFn becomes the in-place node", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  const y = w.mul(2);
  const before = y.gradFn;
  y.add_(1);
  assert.equal(y.gradFn!.name, "AddInPlace");
  assert.equal(y.gradFn!.next[0], before, "input 0 flows on to the previous gradFn");
  assert.equal(y.isLeaf, false);
  y.mul(y).sum().backward();
  assertTensor(w.grad!, [2], [12, 20]); // d (2w + 1)^2 = 4(2w + 1)
});

test("in-place ops on plain tensors broadcast the other operand and keep the shape", () => {
  const x = bp.tensor([[1, 2], [3, 4]]);
  x.add_(bp.tensor([10, 20]));
  assertTensor(x, [2, 2], [11, 22, 13, 24]);
  x.mul_(0.5).sub_(1).div_(2);
  assertTensor(x, [2, 2], [2.25, 5, 2.75, 5.5]);
  assertThrowsWith(() => bp.tensor([1, 2]).add_(bp.ones(2, 2)), "add_", "[2, 2]", "[2]");
  x.clamp_(2.5, 5);
  assertTensor(x, [2, 2], [2.5, 5, 2.75, 5]);
  x.copy_(bp.tensor([7, 8]));
  assertTensor(x, [2, 2], [7, 8, 7, 8]);
});

test("in-place writes are seen by views sharing the storage", () => {
  const x = bp.tensor([1, 2, 3, 4]);
  const v = x.view(2, 2);
  const d = x.detach();
  x.add_(1);
  assertTensor(v, [2, 2], [2, 3, 4, 5]);
  assertTensor(d, [4], [2, 3, 4, 5]);
});
