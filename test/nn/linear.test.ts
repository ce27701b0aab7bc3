import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { MODULES, casesOf, checkCase, getCase } from "./helpers.ts";

for (const c of casesOf("linear")) {
  test(`torch parity: nn.Linear with torch's weights copied in, ${c.name} (forward, input/weight/bias gradients)`, () => {
    checkCase(c, MODULES.linear, { gradcheck: false });
  });
}

test("Linear forward is x W^T + b and works for [*, in] inputs", () => {
  const fc = new nn.Linear(3, 2);
  bp.noGrad(() => {
    fc.weight.copy_(bp.tensor([[1, 2, 3], [4, 5, 6]]));
    fc.bias!.copy_(bp.tensor([0.5, -0.5]));
  });
  assert.deepEqual(fc.forward(bp.tensor([[1, 0, -1]])).toArray(), [[-1.5, -2.5]]);
  assert.deepEqual(fc.forward(bp.tensor([1, 1, 1])).toArray(), [6.5, 14.5]);
  assert.deepEqual(fc.forward(bp.zeros(4, 5, 3)).shape, [4, 5, 2]);
  checkCase(getCase("linear/2d"), MODULES.linear, { gradcheck: false });
});

test("Linear init: weight and bias uniform in [-1/sqrt(in), 1/sqrt(in)] (kaiming-uniform, a = sqrt(5))", () => {
  bp.manualSeed(0);
  const fc = new nn.Linear(784, 128);
  const bound = 1 / Math.sqrt(784);
  assert.deepEqual(fc.weight.shape, [128, 784]);
  assert.deepEqual(fc.bias!.shape, [128]);
  const w = Array.from(fc.weight.data);
  assert.ok(w.every((v) => Math.abs(v) <= bound * (1 + 1e-6)));
  // the whole range is used, evenly: max near the bound, variance bound^2 / 3
  assert.ok(Math.max(...w) > 0.99 * bound && Math.min(...w) < -0.99 * bound);
  const mean = w.reduce((a, b) => a + b, 0) / w.length;
  const variance = w.reduce((a, b) => a + (b - mean) ** 2, 0) / w.length;
  assert.ok(Math.abs(mean) < 0.01 * bound);
  assert.ok(Math.abs(variance / (bound * bound / 3) - 1) < 0.02, `variance ${variance}`);
  assert.ok(Array.from(fc.bias!.data).every((v) => Math.abs(v) <= bound * (1 + 1e-6)));
  const small = new nn.Linear(4, 3);
  assert.ok(Array.from(small.weight.data).every((v) => Math.abs(v) <= 0.5 * (1 + 1e-6)));
  assert.ok(Array.from(small.bias!.data).some((v) => Math.abs(v) > 0.05));
});

test("Linear init is deterministic under manualSeed", () => {
  bp.manualSeed(42);
  const a = new nn.Linear(5, 3);
  bp.manualSeed(42);
  const b = new nn.Linear(5, 3);
  const c = new nn.Linear(5, 3);
  assert.deepEqual(Array.from(a.weight.data), Array.from(b.weight.data));
  assert.deepEqual(Array.from(a.bias!.data), Array.from(b.bias!.data));
  assert.notDeepEqual(Array.from(b.weight.data), Array.from(c.weight.data));
  const before = Array.from(a.weight.data);
  a.resetParameters();
  assert.notDeepEqual(Array.from(a.weight.data), before);
});

test("Linear options: bias false (as an option or positionally) and dtype", () => {
  const fc = new nn.Linear(2, 1, { bias: false });
  assert.equal(fc.bias, null);
  assert.deepEqual(fc.namedParameters().map(([n]) => n), ["weight"]);
  assert.equal(String(fc), "Linear(in_features=2, out_features=1, bias=False)");
  assert.equal(new nn.Linear(2, 1, false).bias, null);
  const f64 = new nn.Linear(2, 3, { dtype: "float64" });
  assert.equal(f64.weight.dtype, "float64");
  assert.equal(f64.bias!.dtype, "float64");
  assert.equal(f64.forward(bp.randn([4, 2], { dtype: "float64" })).dtype, "float64");
  assert.ok(bp.autograd.gradcheck((x) => f64.forward(x), [bp.randn([3, 2], { dtype: "float64", requiresGrad: true })]));
});

test("Linear parameters, names and repr follow PyTorch", () => {
  const fc = new nn.Linear(784, 128);
  assert.deepEqual(fc.namedParameters().map(([n]) => n), ["weight", "bias"]);
  assert.ok(fc.weight instanceof nn.Parameter && fc.weight.requiresGrad && fc.weight.isLeaf);
  assert.equal(fc.inFeatures, 784);
  assert.equal(fc.outFeatures, 128);
  assert.equal(String(fc), "Linear(in_features=784, out_features=128, bias=True)");
});

test("Linear names the mismatch when the input's last dimension is wrong", () => {
  const fc = new nn.Linear(784, 128);
  assert.throws(
    () => fc.forward(bp.zeros(64, 100)),
    { message: "linear: input of shape [64, 100] does not match weight of shape [128, 784] (last dimension 100 != in_features 784)" },
  );
  assert.throws(() => new nn.Linear(-1, 2), /Linear: inFeatures must be a non-negative integer, got -1/);
});

test("Identity returns its input itself", () => {
  const x = bp.randn(2, 3);
  assert.equal(new nn.Identity().forward(x), x);
  assert.equal(String(new nn.Identity()), "Identity()");
  assert.equal(new nn.Identity().parameters().length, 0);
});
