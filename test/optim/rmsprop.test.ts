/** RMSprop against PyTorch 1.13 (every option that changes the arithmetic, float32), its state, options and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("rmsprop_"))) checkOptimCase(name);

test("RMSprop: stateDict / loadStateDict resumes exactly (centered + momentum, float32)", () => {
  checkResume("rmsprop_centered_momentum");
  checkResume("rmsprop_f32");
});

test("RMSprop: defaults are PyTorch's", () => {
  const opt = new optim.RMSprop([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false });
});

test("RMSprop: foreach is accepted and ignored, differentiable: true is refused", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  const opt = new optim.RMSprop(w, { foreach: true, differentiable: false });
  assert.equal("foreach" in opt.paramGroups[0], false);
  assertThrowsWith(() => new optim.RMSprop(w, { differentiable: true }), "RMSprop: differentiable=true is not supported");
});

test("RMSprop: bad hyper-parameters, with PyTorch's messages", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.RMSprop(w, { lr: -1 }), "RMSprop: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.RMSprop(w, { eps: -1 }), "RMSprop: Invalid epsilon value: -1");
  assertThrowsWith(() => new optim.RMSprop(w, { momentum: -0.1 }), "RMSprop: Invalid momentum value: -0.1");
  assertThrowsWith(() => new optim.RMSprop(w, { weightDecay: -1 }), "RMSprop: Invalid weightDecay value: -1");
  assertThrowsWith(() => new optim.RMSprop(w, { alpha: -0.5 }), "RMSprop: Invalid alpha value: -0.5");
});
