/** gradcheck itself: passes correct custom ops and catches wrong backward rules. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { record } from "../../src/autograd/node.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

/** x^2 built from a raw tensor and `record`, with the given derivative factor (correct: 2). */
function square(x: bp.Tensor, factor: number): bp.Tensor {
  const data = new Float64Array(x.numel());
  for (let i = 0; i < data.length; i++) data[i] = x.data[i] * x.data[i];
  const out = new bp.Tensor(data, x.shape);
  // d x^2/dx = 2x (or a deliberately wrong factor)
  return record(out, "Square", [x], (g) => [g.mul(x).mul(factor)]);
}

/** x * y, whose backward forgets the broadcast: a gradient that is wrong for the smaller input. */
function badBroadcastMul(x: bp.Tensor, y: bp.Tensor): bp.Tensor {
  const out = bp.noGrad(() => x.mul(y));
  // d xy/dy = x, but this returns y's own gradient as ones: wrong
  return record(out, "BadMul", [x, y], (g) => [g.mul(y), bp.onesLike(y)]);
}

test("gradcheck accepts a correct custom op built with record", () => {
  const x = bp.randn([3, 2], { dtype: "float64", requiresGrad: true });
  assert.equal(bp.autograd.gradcheck((a) => square(a, 2), [x]), true);
});

test("gradcheck throws on a wrong derivative, naming the input, the element and both values", () => {
  const x = bp.tensor([0.5, -1.5, 2], { dtype: "float64", requiresGrad: true });
  assertThrowsWith(() => bp.autograd.gradcheck((a) => square(a, 3), [x]), "gradcheck", "input 0", "numerical", "analytical");
});

test("gradcheck throws when only one input's gradient is wrong", () => {
  const x = bp.randn([3, 1], { dtype: "float64", requiresGrad: true });
  const y = bp.randn([4], { dtype: "float64", requiresGrad: true });
  assertThrowsWith(() => bp.autograd.gradcheck(badBroadcastMul, [x, y]), "input 1");
});

test("gradcheck throws on a tiny error beyond its tolerance and accepts it with looser atol/rtol", () => {
  const x = bp.tensor([1, 2], { dtype: "float64", requiresGrad: true });
  const slightly = (a: bp.Tensor): bp.Tensor => square(a, 2.01);
  assert.throws(() => bp.autograd.gradcheck(slightly, [x]));
  assert.equal(bp.autograd.gradcheck(slightly, [x], { atol: 1e-2, rtol: 2e-2 }), true);
});

test("gradcheck leaves the inputs' values and grads as they were", () => {
  const x = bp.tensor([1, 2], { dtype: "float64", requiresGrad: true });
  x.sum().backward();
  bp.autograd.gradcheck((a) => a.exp(), [x]);
  assert.deepEqual(Array.from(x.data), [1, 2]);
  assert.deepEqual(Array.from(x.grad!.data), [1, 1]);
});
