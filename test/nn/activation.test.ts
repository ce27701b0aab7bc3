import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { FUNCTIONAL, MODULES, casesOf, checkCase, getCase } from "./helpers.ts";

const ACTIVATIONS = ["relu", "leakyRelu", "prelu", "rrelu", "elu", "gelu", "sigmoid", "tanh", "softmax", "logSoftmax", "threshold"];

for (const c of casesOf(...ACTIVATIONS)) {
  test(`torch parity: ${c.name} (functional + gradcheck)`, () => checkCase(c, FUNCTIONAL[c.op]));
  test(`torch parity: ${c.name} (module)`, () => checkCase(c, MODULES[c.op], { gradcheck: false }));
}

test("every activation has fixture cases in float64 and the common ones in float32", () => {
  for (const op of ACTIVATIONS) assert.ok(casesOf(op).length > 0, `no fixture case for ${op}`);
  for (const op of ["relu", "leakyRelu", "sigmoid", "tanh", "gelu", "softmax"]) {
    assert.ok(casesOf(op).some((c) => c.out.dtype === "float32"), `no float32 case for ${op}`);
  }
});

test("the seed's positional forms: LeakyReLU(0.01), ELU(alpha), Softmax(dim), LogSoftmax(dim), PReLU(n), RReLU(lower, upper)", () => {
  const x = bp.tensor([[-2, 0.5, 3]]);
  assert.deepEqual(new nn.LeakyReLU(0.01).forward(x).toArray(), new nn.LeakyReLU({ negativeSlope: 0.01 }).forward(x).toArray());
  assert.equal(new nn.LeakyReLU(0.2).negativeSlope, 0.2);
  assert.equal(new nn.LeakyReLU().negativeSlope, 0.01);
  assert.equal(new nn.ELU(1.5).alpha, 1.5);
  assert.equal(new nn.ELU({ alpha: 0.5 }).alpha, 0.5);
  assert.equal(new nn.ELU().alpha, 1);
  assert.equal(new nn.Softmax(1).dim, 1);
  assert.equal(new nn.Softmax({ dim: 0 }).dim, 0);
  assert.equal(new nn.LogSoftmax(-1).dim, -1);
  assert.equal(new nn.PReLU(3).weight.numel(), 3);
  assert.equal(new nn.PReLU({ numParameters: 2, init: 0.1 }).weight.data[1], Math.fround(0.1));
  const r = new nn.RReLU(0.1, 0.3);
  assert.equal(r.lower, 0.1);
  assert.equal(r.upper, 0.3);
  assert.equal(new nn.GELU("tanh").approximate, "tanh");
  assert.equal(new nn.GELU({ approximate: "tanh" }).approximate, "tanh");
});

test("defaults follow PyTorch: LeakyReLU 0.01, PReLU 0.25, RReLU 1/8..1/3, ELU 1, GELU none", () => {
  assert.equal(new nn.PReLU().weight.data[0], 0.25);
  assert.deepEqual(new nn.PReLU().weight.shape, [1]);
  assert.equal(new nn.RReLU().lower, 1 / 8);
  assert.equal(new nn.RReLU().upper, 1 / 3);
  assert.equal(new nn.GELU().approximate, "none");
  assert.equal(new nn.Softmax().dim, null);
});

test("RReLU in eval uses the slope (lower + upper) / 2", () => {
  const m = new nn.RReLU().eval();
  const out = m.forward(bp.tensor([-1, 0, 2], { dtype: "float64" }));
  assert.deepEqual(out.toArray(), [-(1 / 8 + 1 / 3) / 2, 0, 2]);
  const custom = new nn.RReLU({ lower: 0.2, upper: 0.4 }).eval().forward(bp.tensor([-10], { dtype: "float64" }));
  assert.ok(Math.abs(custom.item() + 3) < 1e-12);
});

test("RReLU in training draws a slope per element in [lower, upper], keeps x > 0, and its gradient is the slope", () => {
  const m = new nn.RReLU({ lower: 0.1, upper: 0.3 });
  assert.equal(m.training, true);
  const x = bp.tensor([-1, -2, -3, -4, -5, -6, 1, 2], { dtype: "float64", requiresGrad: true });
  bp.manualSeed(7);
  const y = m.forward(x);
  const slopes: number[] = [];
  for (let i = 0; i < 6; i++) {
    const a = y.data[i] / x.data[i];
    assert.ok(a >= 0.1 && a <= 0.3, `slope ${a} outside [0.1, 0.3]`);
    slopes.push(a);
  }
  assert.ok(new Set(slopes).size > 1, "slopes should differ per element");
  assert.deepEqual([y.data[6], y.data[7]], [1, 2]);
  y.sum().backward();
  for (let i = 0; i < 6; i++) assert.ok(Math.abs(x.grad!.data[i] - slopes[i]) < 1e-15);
  assert.deepEqual([x.grad!.data[6], x.grad!.data[7]], [1, 1]);
  // the same seed gives the same slopes
  bp.manualSeed(7);
  assert.deepEqual(Array.from(m.forward(x).data), Array.from(y.data));
  // gradcheck with the noise fixed by reseeding before each evaluation
  const x2 = bp.tensor([-0.5, 0.7, -1.2], { dtype: "float64", requiresGrad: true });
  assert.ok(bp.autograd.gradcheck((t) => { bp.manualSeed(3); return nn.functional.rrelu(t, { training: true }); }, [x2]));
});

test("RReLU rejects lower > upper", () => {
  assert.throws(() => new nn.RReLU(0.5, 0.1), /RReLU: lower bound 0.5 must be less than or equal to the upper bound 0.1/);
});

test("PReLU weight gradient matches torch (per channel and shared)", () => {
  checkCase(getCase("prelu/channels"), MODULES.prelu, { gradcheck: false });
  checkCase(getCase("prelu/shared"), MODULES.prelu, { gradcheck: false });
  const m = new nn.PReLU();
  assert.deepEqual(m.namedParameters().map(([n]) => n), ["weight"]);
});

test("PReLU with a per-channel weight that does not match the channels names both", () => {
  assert.throws(() => new nn.PReLU(3).forward(bp.randn(2, 4)), /PReLU: .*found 3 parameters and 4 channels/);
  assert.throws(() => new nn.PReLU(3).forward(bp.randn(3)), /found 3 parameters and 1 channels/);
});

test("Threshold takes threshold and value positionally: y = x if x > threshold else value", () => {
  const m = new nn.Threshold(0.1, 20);
  const x = bp.tensor([0.05, 0.1, 0.5], { requiresGrad: true });
  const y = m.forward(x);
  assert.deepEqual(Array.from(y.data), [20, 20, 0.5]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad!.data), [0, 0, 1]);
  assert.throws(() => new (nn.Threshold as unknown as new () => nn.Module)(), /Threshold: threshold and value are required/);
});

test("Step is the perceptron's unit step with zero gradient", () => {
  const x = bp.tensor([-0.5, 0, 2], { requiresGrad: true });
  const y = new nn.Step().forward(x);
  assert.deepEqual(Array.from(y.data), [0, 1, 1]);
  y.sum().backward();
  assert.deepEqual(Array.from(x.grad!.data), [0, 0, 0]);
  assert.deepEqual(Array.from(nn.functional.step(bp.tensor([-1, 1])).data), [0, 1]);
});

test("GELU rejects an unknown approximation", () => {
  assert.throws(() => new nn.GELU({ approximate: "fast" as "tanh" }), /GELU: approximate must be "none" or "tanh", got "fast"/);
});

test("Softmax without dim uses PyTorch's legacy implicit choice (0 for 0/1/3-D, else 1)", () => {
  const x2 = bp.randn(2, 3);
  assert.deepEqual(Array.from(new nn.Softmax().forward(x2).data), Array.from(x2.softmax(1).data));
  const x1 = bp.randn(4);
  assert.deepEqual(Array.from(new nn.Softmax().forward(x1).data), Array.from(x1.softmax(0).data));
  const x3 = bp.randn(2, 3, 4);
  assert.deepEqual(Array.from(new nn.LogSoftmax().forward(x3).data), Array.from(x3.logSoftmax(0).data));
  const x4 = bp.randn(2, 3, 4, 5);
  assert.deepEqual(Array.from(nn.functional.softmax(x4).data), Array.from(x4.softmax(1).data));
});

test("softmax([123, 456, 789]) does not overflow", () => {
  const s = new nn.Softmax(0).forward(bp.tensor([123, 456, 789]));
  assert.ok(Array.from(s.data).every(Number.isFinite));
  assert.equal(s.data[2], 1);
});

test("activation modules print like PyTorch", () => {
  assert.equal(String(new nn.ReLU()), "ReLU()");
  assert.equal(String(new nn.LeakyReLU(0.01)), "LeakyReLU(negative_slope=0.01)");
  assert.equal(String(new nn.LeakyReLU(1e-5)), "LeakyReLU(negative_slope=1e-05)");
  assert.equal(String(new nn.PReLU()), "PReLU(num_parameters=1)");
  assert.equal(String(new nn.RReLU()), "RReLU(lower=0.125, upper=0.3333333333333333)");
  assert.equal(String(new nn.ELU()), "ELU(alpha=1.0)");
  assert.equal(String(new nn.GELU()), "GELU(approximate='none')");
  assert.equal(String(new nn.Sigmoid()), "Sigmoid()");
  assert.equal(String(new nn.Tanh()), "Tanh()");
  assert.equal(String(new nn.Softmax(1)), "Softmax(dim=1)");
  assert.equal(String(new nn.Softmax()), "Softmax(dim=None)");
  assert.equal(String(new nn.LogSoftmax(1)), "LogSoftmax(dim=1)");
  assert.equal(String(new nn.Threshold(0.1, 20)), "Threshold(threshold=0.1, value=20.0)");
  assert.equal(String(new nn.Step()), "Step()");
});

test("activations have no parameters except PReLU", () => {
  for (const m of [new nn.ReLU(), new nn.LeakyReLU(), new nn.RReLU(), new nn.ELU(), new nn.GELU(), new nn.Sigmoid(), new nn.Tanh(), new nn.Softmax(1)]) {
    assert.equal(m.parameters().length, 0, String(m));
  }
  assert.equal(new nn.PReLU(4).parameters().length, 1);
});
