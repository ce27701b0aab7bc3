import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

const f64 = { dtype: "float64" as const, requiresGrad: true };

test("linear: equals x.matmul(W.t()).add(b), batched input included", () => {
  bp.manualSeed(1);
  const x = bp.randn([2, 3, 4], { dtype: "float64" });
  const w = bp.randn([5, 4], { dtype: "float64" });
  const b = bp.randn([5], { dtype: "float64" });
  const fused = bp.linear(x, w, b);
  const composed = x.matmul(w.t()).add(b);
  assert.deepEqual(fused.shape, [2, 3, 5]);
  fused.data.forEach((v, i) => assert.ok(Math.abs(v - composed.data[i]) < 1e-12));
});

test("linear: gradcheck with and without bias", () => {
  bp.manualSeed(2);
  const x = bp.randn([2, 3, 4], f64);
  const w = bp.randn([5, 4], f64);
  const b = bp.randn([5], f64);
  assert.equal(bp.autograd.gradcheck((p, q, r) => bp.linear(p, q, r), [x, w, b]), true);
  assert.equal(bp.autograd.gradcheck((p, q) => bp.linear(p, q), [x, w]), true);
});

test("linear: a feature-size mismatch names the op and both shapes", () => {
  assert.throws(() => bp.linear(bp.ones(64, 784), bp.ones(128, 100)), /linear: input of shape \[64, 784\] and weight of shape \[128, 100\] do not align/);
});
