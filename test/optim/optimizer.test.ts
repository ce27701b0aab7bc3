/** The Optimizer base: params and groups, zeroGrad, addParamGroup, stateDict / loadStateDict. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import * as nn from "../../src/nn/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

// addParamGroup in the middle of a run, with and without a scheduler, as PyTorch 1.13 (optim2.json)
for (const name of optimCaseNames().filter((n) => n.startsWith("addgroup_"))) checkOptimCase(name);

test("zeroGrad() zeroes gradients in place (PyTorch 1.13's default); null gradients stay null", () => {
  const a = bp.tensor([1, 2], { requiresGrad: true });
  const b = bp.tensor([3], { requiresGrad: true });
  const opt = new optim.SGD([a, b], { lr: 0.1 });
  a.mul(2).sum().backward();
  const g = a.grad!;
  opt.zeroGrad();
  assert.equal(a.grad, g, "the same gradient tensor");
  assert.deepEqual(a.grad!.toArray(), [0, 0]);
  assert.equal(b.grad, null);
  a.mul(3).sum().backward();
  assert.deepEqual(a.grad!.toArray(), [3, 3], "accumulates from zero again");
});

test("zeroGrad({ setToNone: true }) sets gradients to null, and step() then skips those parameters", () => {
  const a = bp.tensor([1, 2], { requiresGrad: true });
  const opt = new optim.SGD([a], { lr: 0.1, momentum: 0.9 });
  a.sum().backward();
  opt.zeroGrad({ setToNone: true });
  assert.equal(a.grad, null);
  opt.step();
  assert.deepEqual(a.toArray(), [1, 2]);
  assert.equal(opt.state.size, 0);
});

test("zeroGrad: a zeroed (not None) gradient still takes part in step, as in PyTorch", () => {
  const a = bp.tensor([1], { dtype: "float64", requiresGrad: true });
  const opt = new optim.SGD([a], { lr: 0.1, momentum: 0.5 });
  a.mul(2).sum().backward();
  opt.step(); // buf = 2, a = 0.8
  opt.zeroGrad();
  opt.step(); // buf = 0.5 * 2 + 0 = 1, a = 0.7
  assert.ok(Math.abs(a.data[0] - 0.7) < 1e-15);
});

test("Module.zeroGrad and Optimizer.zeroGrad share one rule: a recorded gradient is cut from its graph and zeroed in place", () => {
  for (const via of ["module", "optimizer"] as const) {
    const fc = new nn.Linear(2, 1);
    const opt = new optim.SGD(fc.parameters(), { lr: 0.1 });
    const x = bp.tensor([3, 4], { requiresGrad: true });
    const recorded = x.mul(2).reshape([1, 2]); // a gradient that is itself in a graph
    fc.weight.grad = recorded;
    if (via === "module") fc.zeroGrad();
    else opt.zeroGrad();
    assert.equal(fc.weight.grad, recorded, `${via}: the same tensor`);
    assert.equal(recorded.gradFn, null, `${via}: cut from the graph`);
    assert.equal(recorded.requiresGrad, false, `${via}: no longer requires grad`);
    assert.deepEqual(recorded.toArray(), [[0, 0]], `${via}: zeros`);
    assert.equal(fc.bias!.grad, null, `${via}: a null gradient stays null`);
    if (via === "module") fc.zeroGrad(true);
    else opt.zeroGrad({ setToNone: true });
    assert.equal(fc.weight.grad, null, `${via}: setToNone`);
  }
});

test("parameter groups: each group has its own lr; missing options come from the defaults", () => {
  const w = bp.tensor([1, 1], { requiresGrad: true });
  const b = bp.tensor([1], { requiresGrad: true });
  const opt = new optim.SGD([{ params: [w] }, { params: b, lr: 0.01, momentum: 0.5 }], { lr: 0.1 });
  assert.equal(opt.paramGroups.length, 2);
  assert.deepEqual(
    opt.paramGroups.map((g) => [g.lr, g.momentum, g.params.length]),
    [[0.1, 0, 1], [0.01, 0.5, 1]],
  );
  w.sum().add(b.sum()).backward();
  opt.step();
  assert.ok(Math.abs(w.data[0] - 0.9) < 1e-7 && Math.abs(b.data[0] - 0.99) < 1e-7);
  opt.paramGroups[1].lr = 1; // changing a group's hyper-parameter takes effect at the next step
  opt.zeroGrad();
  b.sum().backward();
  opt.step(); // buf = 0.5 * 1 + 1 = 1.5
  assert.ok(Math.abs(b.data[0] - (0.99 - 1.5)) < 1e-6);
});

test("params may be any iterable of tensors (e.g. a generator), and addParamGroup adds a group", () => {
  const ts = [bp.zeros([2], { requiresGrad: true }), bp.zeros([3], { requiresGrad: true })];
  function* gen() {
    yield* ts;
  }
  const opt = new optim.Adam(gen(), { lr: 0.5 });
  assert.equal(opt.paramGroups[0].params.length, 2);
  const extra = bp.zeros([1], { requiresGrad: true });
  opt.addParamGroup({ params: [extra], betas: [0.5, 0.6] });
  assert.deepEqual(opt.paramGroups[1].betas, [0.5, 0.6]);
  assert.equal(opt.paramGroups[1].lr, 0.5);
  assertThrowsWith(() => opt.addParamGroup({ params: [extra] }), "Adam: some parameters appear in more than one parameter group");
  assertThrowsWith(() => opt.addParamGroup({ params: [bp.zeros([1], { requiresGrad: true })], lr: -3 }), "Adam: Invalid learning rate: -3");
});

test("addParamGroup: defaults filled in (a copy of list values), the group checked, duplicates refused with PyTorch's message", () => {
  const w = bp.zeros([2], { requiresGrad: true });
  const opt = new optim.RMSprop([w], { lr: 0.05, momentum: 0.5 });
  const head = bp.zeros([3], { requiresGrad: true });
  opt.addParamGroup({ params: head, centered: true });
  const { params, ...group } = opt.paramGroups[1];
  assert.deepEqual(params, [head]);
  assert.deepEqual(group, { lr: 0.05, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0.5, centered: true, maximize: false });
  const adam = new optim.NAdam([w]);
  adam.addParamGroup({ params: [head] });
  assert.notEqual(adam.paramGroups[1].betas, adam.paramGroups[0].betas, "betas copied, not shared");
  assertThrowsWith(() => opt.addParamGroup({ params: [w] }), "RMSprop: some parameters appear in more than one parameter group");
  assertThrowsWith(() => opt.addParamGroup({ params: [bp.zeros([1], { requiresGrad: true })], alpha: -1 }), "RMSprop: Invalid alpha value: -1");
  assert.equal(opt.paramGroups.length, 2, "a refused group is not added");
});

test("addParamGroup after a scheduler: baseLrs keep the old groups (PyTorch); a scheduler built afterwards covers the new group", () => {
  const opt = new optim.SGD([bp.zeros([1], { requiresGrad: true })], { lr: 1 });
  const first = new optim.lrScheduler.LambdaLR(opt, (e) => 0.5 ** e);
  opt.addParamGroup({ params: [bp.zeros([1], { requiresGrad: true })], lr: 4 });
  first.step();
  assert.deepEqual(first.getLastLr(), [0.5, 4], "LambdaLR (computed from baseLrs) leaves the new group alone");
  assert.deepEqual(first.baseLrs, [1]);
  assert.equal(opt.paramGroups[1].initialLr, undefined);
  const second = new optim.lrScheduler.StepLR(opt, 1, { gamma: 0.5 });
  assert.deepEqual(second.baseLrs, [1, 4]);
  second.step();
  assert.deepEqual(second.getLastLr(), [0.25, 2]);
});

test("addParamGroup after OneCycleLR or ReduceLROnPlateau: a clear error where PyTorch fails with KeyError / IndexError", () => {
  const opt = new optim.SGD([bp.zeros([1], { requiresGrad: true })], { lr: 1, momentum: 0.9 });
  const oneCycle = new optim.lrScheduler.OneCycleLR(opt, 1, { totalSteps: 10 });
  const plateau = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 0 });
  opt.addParamGroup({ params: [bp.zeros([1], { requiresGrad: true })] });
  assertThrowsWith(() => oneCycle.step(), "OneCycleLR: parameter group 1 has no maxLr; it was added after the scheduler was built");
  plateau.step(1);
  assertThrowsWith(() => plateau.step(1), "ReduceLROnPlateau: parameter group 1 was added after the scheduler was built and has no minLr");
});

test("bad params: a bare Tensor, an empty list, non-tensors, non-leaves, duplicates", () => {
  const w = bp.zeros([2], { requiresGrad: true });
  assertThrowsWith(() => new optim.SGD(w as unknown as bp.Tensor[], { lr: 0.1 }), "SGD: params should be an iterable of Tensors", "got a Tensor");
  assertThrowsWith(() => new optim.SGD([], { lr: 0.1 }), "SGD: optimizer got an empty parameter list");
  assertThrowsWith(() => new optim.Adam([w, 3 as unknown as bp.Tensor]), "Adam: can only optimize Tensors", "parameter 1 of group 0 is a number");
  assertThrowsWith(() => new optim.Adam([w.mul(2)]), "Adam: can't optimize a non-leaf Tensor");
  assertThrowsWith(() => new optim.SGD([w, w], { lr: 0.1 }), "SGD: parameter group 0 contains the same parameter more than once");
  assertThrowsWith(() => new optim.SGD([{ params: new Set([w]) }], { lr: 0.1 }), "SGD", "use an array");
});

test("stateDict / loadStateDict round trip: 5 steps, save, restore into a fresh optimizer, 5 more = PyTorch's 10", () => {
  for (const name of ["sgd_momentum", "adam_amsgrad", "adamw_groups_steplr", "adam_f32"]) checkResume(name);
});

test("stateDict layout: state keyed by parameter index across groups, groups with indices", () => {
  const a = bp.tensor([1], { requiresGrad: true });
  const b = bp.tensor([2], { requiresGrad: true });
  const c = bp.tensor([3], { requiresGrad: true });
  const opt = new optim.SGD([{ params: [a, b] }, { params: [c], lr: 0.5 }], { lr: 0.1, momentum: 0.9 });
  c.mul(4).sum().backward();
  opt.step();
  const sd = opt.stateDict();
  assert.deepEqual(Object.keys(sd.state), ["2"]);
  assert.deepEqual((sd.state[2].momentumBuffer as bp.Tensor).toArray(), [4]);
  assert.deepEqual(sd.paramGroups.map((g) => g.params), [[0, 1], [2]]);
  assert.deepEqual(sd.paramGroups[1], { lr: 0.5, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, params: [2] });
});

test("loadStateDict: restores hyper-parameters, converts state to the parameter's dtype, and rejects mismatches", () => {
  const src = new optim.SGD([bp.tensor([1, 2], { dtype: "float64", requiresGrad: true })], { lr: 0.3, momentum: 0.9 });
  src.paramGroups[0].params[0].sum().backward();
  src.step();
  const sd = src.stateDict();
  const p = bp.tensor([0, 0], { requiresGrad: true });
  const dst = new optim.SGD([p], { lr: 0.1 });
  dst.loadStateDict(sd);
  assert.equal(dst.paramGroups[0].lr, 0.3);
  assert.equal(dst.paramGroups[0].momentum, 0.9);
  assert.equal(dst.paramGroups[0].params[0], p);
  assert.equal((dst.state.get(p)!.momentumBuffer as bp.Tensor).dtype, "float32");

  const two = new optim.SGD([{ params: [bp.zeros([2], { requiresGrad: true })] }, { params: [bp.zeros([1], { requiresGrad: true })] }], { lr: 0.1 });
  assertThrowsWith(() => two.loadStateDict(sd), "SGD.loadStateDict", "1 parameter groups", "2");
  const bigger = new optim.SGD([bp.zeros([2], { requiresGrad: true }), bp.zeros([2], { requiresGrad: true })], { lr: 0.1 });
  assertThrowsWith(() => bigger.loadStateDict(sd), "parameter group 0 has 1 parameters in the state dict, 2 in the optimizer");
  const wrongShape = new optim.SGD([bp.zeros([3], { requiresGrad: true })], { lr: 0.1 });
  assertThrowsWith(() => wrongShape.loadStateDict(sd), "state momentumBuffer of parameter 0 has shape [2], the parameter has shape [3]");
});

test("toString lists each group's hyper-parameters like PyTorch's repr", () => {
  const opt = new optim.SGD([bp.zeros([1], { requiresGrad: true })], { lr: 0.1 });
  assert.equal(
    opt.toString(),
    "SGD (\nParameter Group 0\n    dampening: 0\n    lr: 0.1\n    maximize: false\n    momentum: 0\n    nesterov: false\n    weightDecay: 0\n)",
  );
});
