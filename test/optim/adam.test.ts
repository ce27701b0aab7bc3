/** Adam against PyTorch 1.13 (plain, defaults, weight decay, amsgrad, maximize, float32), its state and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("adam_"))) checkOptimCase(name);

test("Adam: first step moves each coordinate by about lr (bias-corrected m/sqrt(v) = sign(g))", () => {
  const w = bp.tensor([1, -2, 3e-3], { dtype: "float64", requiresGrad: true });
  const opt = new optim.Adam([w], { lr: 0.01 });
  w.grad = bp.tensor([0.5, -4, 1e-3], { dtype: "float64" });
  opt.step();
  // m̂ = g, v̂ = g², denom = |g| + eps  =>  Δ = -lr * g / (|g| + eps)
  const g = [0.5, -4, 1e-3];
  [1, -2, 3e-3].forEach((p0, i) => {
    const expected = p0 - 0.01 * (g[i] / (Math.abs(g[i]) + 1e-8));
    assert.ok(Math.abs(w.data[i] - expected) < 1e-15, `w[${i}] = ${w.data[i]}, expected ${expected}`);
  });
});

test("Adam: per-parameter state holds step, expAvg, expAvgSq (and maxExpAvgSq with amsgrad) in the parameter's dtype", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  const opt = new optim.Adam([w], { amsgrad: true });
  for (let i = 0; i < 3; i++) {
    opt.zeroGrad();
    w.pow(2).sum().backward();
    opt.step();
  }
  const s = opt.state.get(w)!;
  assert.equal(s.step, 3);
  for (const key of ["expAvg", "expAvgSq", "maxExpAvgSq"]) {
    const t = s[key] as bp.Tensor;
    assert.equal(t.dtype, "float32", key);
    assert.deepEqual([...t.shape], [2], key);
  }
});

test("Adam: defaults are PyTorch's", () => {
  const opt = new optim.Adam([bp.zeros([1], { requiresGrad: true })]);
  const { params: _, ...group } = opt.paramGroups[0];
  assert.deepEqual(group, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false });
});

test("Adam: bad hyper-parameters are named with their value", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  assertThrowsWith(() => new optim.Adam(w, { lr: -1 }), "Adam: Invalid learning rate: -1");
  assertThrowsWith(() => new optim.Adam(w, { eps: -1e-8 }), "Adam: Invalid epsilon value: -1e-8");
  assertThrowsWith(() => new optim.Adam(w, { betas: [1, 0.999] }), "Adam: Invalid beta parameter at index 0: 1");
  assertThrowsWith(() => new optim.Adam(w, { betas: [0.9, -0.1] }), "Adam: Invalid beta parameter at index 1: -0.1");
  assertThrowsWith(() => new optim.Adam(w, { weightDecay: -1 }), "Adam: Invalid weightDecay value: -1");
});

test("Adam / AdamW / SGD: foreach is accepted and ignored; capturable, differentiable, fused refused when true", () => {
  const w = [bp.zeros([2], { requiresGrad: true })];
  const opt = new optim.Adam(w, { foreach: true, capturable: false, differentiable: false, fused: false });
  assert.equal("foreach" in opt.paramGroups[0], false);
  assertThrowsWith(() => new optim.Adam(w, { capturable: true }), "Adam: capturable=true is not supported");
  assertThrowsWith(() => new optim.Adam(w, { fused: true }), "Adam: fused=true is not supported");
  assertThrowsWith(() => new optim.AdamW(w, { differentiable: true }), "AdamW: differentiable=true is not supported");
  assert.doesNotThrow(() => new optim.SGD(w, { lr: 0.1, foreach: false }));
  assertThrowsWith(() => new optim.SGD(w, { lr: 0.1, differentiable: true }), "SGD: differentiable=true is not supported");
});
