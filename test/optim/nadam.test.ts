/** NAdam against PyTorch 1.13 (betas, eps, weight decay, momentum decay, float32), its float32 muProduct, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("nadam_"))) checkOptimCase(name);

test("NAdam: stateDict / loadStateDict resumes exactly", () => {
  checkResume("nadam_momentum_decay");
  checkResume("nadam_f32");
});

test("NAdam: muProduct is kept rounded to float32, as PyTorch's float32 tensor, even for float64 parameters", () => {
  const w = bp.tensor([1, -1], { dtype: "float64", requiresGrad: true });
  const opt = new optim.NAdam([w]);
  for (let i = 0; i < 3; i++) {
    opt.zeroGrad();
    w.pow(2).sum().backward();
    opt.step();
  }
  const mp = opt.state.get(w)!.muProduct as number;
  assert.equal(Math.fround(mp), mp);
  const mu = (t: number) => 0.9 * (1 - 0.5 * 0.96 ** (t * 4e-3));
  assert.ok(Math.abs(mp - mu(1) * mu(2) * mu(3)) < 1e-7);
  assert.deepEqual(Object.keys(opt.state.get(w)!).sort(), ["expAvg", "expAvgSq", "muProduct", "step"]);
});

test("NAdam: defaults are PyTorch's", () => {
  const opt = new optim.NAdam([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 2e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, momentumDecay: 4e-3 });
});

test("NAdam: bad hyper-parameters, with PyTorch's messages", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.NAdam(w, { lr: -1 }), "NAdam: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.NAdam(w, { eps: -1 }), "NAdam: Invalid epsilon value: -1");
  assertThrowsWith(() => new optim.NAdam(w, { betas: [0.9, 1] }), "NAdam: Invalid beta parameter at index 1: 1");
  assertThrowsWith(() => new optim.NAdam(w, { weightDecay: -1 }), "NAdam: Invalid weightDecay value: -1");
  assertThrowsWith(() => new optim.NAdam(w, { momentumDecay: -1 }), "NAdam: Invalid momentumDecay value: -1");
});
