/** Adamax against PyTorch 1.13 (betas, eps, weight decay, maximize, float32), state and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("adamax_"))) checkOptimCase(name);

test("Adamax: stateDict / loadStateDict resumes exactly", () => {
  checkResume("adamax_maximize");
  checkResume("adamax_f32");
});

test("Adamax: defaults are PyTorch's", () => {
  const opt = new optim.Adamax([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, maximize: false });
});

test("Adamax: bad hyper-parameters, with PyTorch's messages", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.Adamax(w, { lr: -1 }), "Adamax: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.Adamax(w, { eps: -1 }), "Adamax: Invalid epsilon value: -1");
  assertThrowsWith(() => new optim.Adamax(w, { betas: [1, 0.9] }), "Adamax: Invalid beta parameter at index 0: 1");
  assertThrowsWith(() => new optim.Adamax(w, { betas: [0.9, -1] }), "Adamax: Invalid beta parameter at index 1: -1");
  assertThrowsWith(() => new optim.Adamax(w, { weightDecay: -1 }), "Adamax: Invalid weightDecay value: -1");
});
