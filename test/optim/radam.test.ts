/** RAdam against PyTorch 1.13 (both branches of the rectification, betas, eps, weight decay, float32), errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("radam_"))) checkOptimCase(name);

test("RAdam: stateDict / loadStateDict resumes exactly (across the switch to the rectified update at step 6)", () => {
  checkResume("radam_weight_decay");
  checkResume("radam_f32");
});

test("RAdam: the first steps (rho_t <= 5) are plain bias-corrected momentum steps", () => {
  const w = bp.tensor([1], { dtype: "float64", requiresGrad: true });
  const opt = new optim.RAdam([w], { lr: 0.1 });
  w.mul(3).sum().backward();
  opt.step(); // m̂ = g = 3: w = 1 - 0.1 · 3
  assert.ok(Math.abs(w.data[0] - 0.7) < 1e-15, String(w.data[0]));
});

test("RAdam: defaults are PyTorch's", () => {
  const opt = new optim.RAdam([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0 });
});

test("RAdam: bad hyper-parameters, with PyTorch's messages", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.RAdam(w, { lr: -1 }), "RAdam: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.RAdam(w, { eps: -1 }), "RAdam: Invalid epsilon value: -1");
  assertThrowsWith(() => new optim.RAdam(w, { betas: [-0.1, 0.9] }), "RAdam: Invalid beta parameter at index 0: -0.1");
  assertThrowsWith(() => new optim.RAdam(w, { weightDecay: -1 }), "RAdam: Invalid weightDecay value: -1");
});
