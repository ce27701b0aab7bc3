/** Adagrad against PyTorch 1.13 (lr decay, weight decay, initial accumulator, maximize, float32), state and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("adagrad_"))) checkOptimCase(name);

test("Adagrad: stateDict / loadStateDict resumes exactly", () => {
  checkResume("adagrad_maximize");
  checkResume("adagrad_f32");
});

test("Adagrad: state is created when a parameter joins (constructor or addParamGroup), as PyTorch's constructor does", () => {
  const w = bp.tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const opt = new optim.Adagrad([w], { initialAccumulatorValue: 0.25 });
  assert.equal(opt.state.get(w)!.step, 0);
  assert.deepEqual((opt.state.get(w)!.sum as bp.Tensor).toArray(), [0.25, 0.25]);
  assert.equal((opt.state.get(w)!.sum as bp.Tensor).dtype, "float64");
  const extra = bp.zeros([3], { requiresGrad: true });
  opt.addParamGroup({ params: [extra], initialAccumulatorValue: 1 });
  assert.deepEqual((opt.state.get(extra)!.sum as bp.Tensor).toArray(), [1, 1, 1]);
  extra.sum().backward();
  opt.step(); // sum = 1 + 1; Δ = -0.01 · 1 / (sqrt(2) + 1e-10)
  assert.ok(Math.abs(extra.data[0] + 0.01 / Math.SQRT2) < 1e-8, String(extra.data[0]));
  assert.deepEqual(Object.keys(opt.stateDict().state), ["0", "1"]);
});

test("Adagrad: defaults are PyTorch's", () => {
  const opt = new optim.Adagrad([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false });
});

test("Adagrad: bad hyper-parameters, with PyTorch's messages", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.Adagrad(w, { lr: -1 }), "Adagrad: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.Adagrad(w, { lrDecay: -1 }), "Adagrad: Invalid lrDecay value: -1");
  assertThrowsWith(() => new optim.Adagrad(w, { weightDecay: -1 }), "Adagrad: Invalid weightDecay value: -1");
  assertThrowsWith(() => new optim.Adagrad(w, { initialAccumulatorValue: -1 }), "Adagrad: Invalid initialAccumulatorValue value: -1");
  assertThrowsWith(() => new optim.Adagrad(w, { eps: -1 }), "Adagrad: Invalid epsilon value: -1");
});
