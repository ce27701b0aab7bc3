/** SGD against PyTorch 1.13 (plain, momentum, dampening, Nesterov, weight decay, maximize, float32), and its errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("sgd_"))) checkOptimCase(name);

test("SGD: the update by hand: p - lr * g, then momentum buffers starting at the gradient", () => {
  const w = bp.tensor([1, 2, 3], { dtype: "float64", requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.1, momentum: 0.9 });
  const expected = [
    [0.8, 1.6, 2.4], // g = 2w = [2, 4, 6]; buf = g
    [0.46, 0.92, 1.38], // g = [1.6, 3.2, 4.8]; buf = 0.9 * 2 + 1.6 = 3.4
    [0.062, 0.124, 0.186], // buf = 0.9 * 3.4 + 0.92 = 3.98
  ];
  for (const e of expected) {
    opt.zeroGrad();
    w.pow(2).sum().backward();
    opt.step();
    e.forEach((v, i) => assert.ok(Math.abs(w.data[i] - v) < 1e-12, `got ${w.data[i]}, expected ${v}`));
  }
  const buf = opt.state.get(w)!.momentumBuffer as bp.Tensor;
  assert.deepEqual([...buf.shape], [3]);
  assert.ok(Math.abs(buf.data[0] - 3.98) < 1e-12);
});

test("SGD updates in place: the same tensor and typed array, still a leaf requiring grad", () => {
  const w = bp.tensor([[1, -1]], { requiresGrad: true });
  const data = w.data;
  const opt = new optim.SGD([w], { lr: 0.5 });
  w.sum().backward();
  opt.step();
  assert.equal(w.data, data);
  assert.deepEqual(w.toArray(), [[0.5, -1.5]]);
  assert.ok(w.isLeaf && w.requiresGrad);
  assert.deepEqual(w.grad!.toArray(), [[1, 1]], "step must not change the gradient");
});

test("SGD: step also works inside noGrad, and step(closure) returns the closure's loss (evaluated with grad on)", () => {
  const w = bp.tensor([2], { requiresGrad: true });
  const opt = new optim.SGD([w], { lr: 0.25 });
  const loss = bp.noGrad(() =>
    opt.step(() => {
      opt.zeroGrad();
      const l = w.pow(2).sum();
      l.backward();
      return l;
    }),
  );
  assert.equal(loss!.item(), 4);
  assert.equal(w.data[0], 1); // 2 - 0.25 * 4
  assert.equal(opt.step(), undefined);
});

test("SGD: parameters without a gradient are skipped", () => {
  const a = bp.tensor([1], { requiresGrad: true });
  const b = bp.tensor([1], { requiresGrad: true });
  const opt = new optim.SGD([a, b], { lr: 1, momentum: 0.9, weightDecay: 0.5 });
  a.mul(3).sum().backward();
  opt.step();
  assert.deepEqual([a.data[0], b.data[0]], [1 - 3.5, 1]);
  assert.equal(opt.state.has(b), false);
});

test("SGD: bad hyper-parameters are named with their value", () => {
  const w = bp.zeros([2], { requiresGrad: true });
  assertThrowsWith(() => new optim.SGD([w], { lr: -1 }), "SGD: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.SGD([w], { lr: NaN }), "SGD: Invalid learning rate: NaN");
  assertThrowsWith(() => new optim.SGD([w], { lr: 0.1, momentum: -0.5 }), "SGD: Invalid momentum value: -0.5");
  assertThrowsWith(() => new optim.SGD([w], { lr: 0.1, weightDecay: -1e-4 }), "SGD: Invalid weightDecay value: -0.0001");
  assertThrowsWith(() => new optim.SGD([w], { lr: 0.1, nesterov: true }), "SGD: Nesterov momentum requires a momentum and zero dampening");
  assertThrowsWith(
    () => new optim.SGD([w], { lr: 0.1, momentum: 0.9, dampening: 0.1, nesterov: true }),
    "SGD: Nesterov momentum requires a momentum and zero dampening",
    "dampening 0.1",
  );
  assertThrowsWith(() => new optim.SGD([{ params: [w], lr: -2 }], { lr: 0.1 }), "SGD: Invalid learning rate: -2");
});

test("SGD: lr is required, as in PyTorch 1.13 (in the options or in every group)", () => {
  const w = bp.zeros([2], { requiresGrad: true });
  const v = bp.zeros([2], { requiresGrad: true });
  assertThrowsWith(() => new optim.SGD([w], {} as { lr: number }), "SGD", "required optimization parameter lr");
  assertThrowsWith(() => new optim.SGD([{ params: [w], lr: 0.1 }, { params: [v] }]), "parameter group 1", "lr");
  const opt = new optim.SGD([{ params: [w], lr: 0.1 }, { params: [v], lr: 0.2 }]);
  assert.deepEqual(opt.paramGroups.map((g) => g.lr), [0.1, 0.2]);
});

test("SGD: a gradient whose size does not match its parameter is an error", () => {
  const w = bp.zeros([2], { requiresGrad: true });
  w.grad = bp.ones(3);
  const opt = new optim.SGD([w], { lr: 0.1 });
  assertThrowsWith(() => opt.step(), "SGD: gradient of shape [3] does not match parameter of shape [2]");
});
