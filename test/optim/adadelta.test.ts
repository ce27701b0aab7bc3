/** Adadelta against PyTorch 1.13 (rho, eps, weight decay, maximize, float32), state and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("adadelta_"))) checkOptimCase(name);

test("Adadelta: stateDict / loadStateDict resumes exactly", () => {
  checkResume("adadelta_weight_decay");
  checkResume("adadelta_f32");
});

test("Adadelta: defaults are PyTorch's", () => {
  const opt = new optim.Adadelta([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 1.0, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false });
});

test("Adadelta: bad hyper-parameters, with PyTorch's messages", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.Adadelta(w, { lr: -1 }), "Adadelta: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.Adadelta(w, { rho: 1.5 }), "Adadelta: Invalid rho value: 1.5");
  assertThrowsWith(() => new optim.Adadelta(w, { eps: -1 }), "Adadelta: Invalid epsilon value: -1");
  assertThrowsWith(() => new optim.Adadelta(w, { weightDecay: -1 }), "Adadelta: Invalid weightDecay value: -1");
});
