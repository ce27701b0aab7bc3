/** AdamW (decoupled weight decay) against PyTorch 1.13, its defaults and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("adamw_"))) checkOptimCase(name);

test("AdamW: default weight decay is 1e-2, other defaults as Adam", () => {
  const opt = new optim.AdamW([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 1e-2, amsgrad: false, maximize: false });
});

test("AdamW: the decay is decoupled: with a zero gradient the parameter just shrinks by (1 - lr * weightDecay)", () => {
  const w = bp.tensor([2, -4], { dtype: "float64", requiresGrad: true });
  const opt = new optim.AdamW([w], { lr: 0.1, weightDecay: 0.5 });
  w.grad = bp.zeros([2], { dtype: "float64" });
  opt.step();
  assert.deepEqual([...w.data], [2 * 0.95, -4 * 0.95]);
  const adam = new optim.Adam([bp.tensor([2, -4], { dtype: "float64", requiresGrad: true })], { lr: 0.1, weightDecay: 0.5 });
  const p = adam.paramGroups[0].params[0];
  p.grad = bp.zeros([2], { dtype: "float64" });
  adam.step();
  // Adam's L2 penalty goes through the moments: a first step of about lr against the sign of p
  assert.ok(Math.abs(p.data[0] - 1.9) < 1e-6 && Math.abs(p.data[1] + 3.9) < 1e-6);
});

test("AdamW: errors name AdamW", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.AdamW(w, { lr: -0.5 }), "AdamW: Invalid learning rate: -0.5");
  assertThrowsWith(() => new optim.AdamW(w, { weightDecay: -1 }), "AdamW: Invalid weightDecay value: -1");
  assertThrowsWith(() => new optim.AdamW(w, { betas: [0.9, 1] }), "AdamW: Invalid beta parameter at index 1: 1");
});
