import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

const init = nn.init;

function stats(t: bp.Tensor): { min: number; max: number; mean: number; std: number } {
  const v = Array.from(t.data);
  const mean = v.reduce((a, b) => a + b, 0) / v.length;
  const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
  return { min: Math.min(...v), max: Math.max(...v), mean, std };
}

test("calculateGain matches torch.nn.init.calculate_gain", () => {
  assert.equal(init.calculateGain("linear"), 1);
  assert.equal(init.calculateGain("sigmoid"), 1);
  assert.equal(init.calculateGain("conv2d"), 1);
  assert.equal(init.calculateGain("tanh"), 5 / 3);
  assert.equal(init.calculateGain("relu"), Math.sqrt(2));
  assert.equal(init.calculateGain("leaky_relu"), Math.sqrt(2 / (1 + 0.01 ** 2)));
  assert.equal(init.calculateGain("leaky_relu", Math.sqrt(5)), Math.sqrt(1 / 3));
  assert.equal(init.calculateGain("leakyRelu", 0.2), Math.sqrt(2 / 1.04));
  assert.equal(init.calculateGain("selu"), 0.75);
  assert.throws(() => init.calculateGain("swish" as "relu"), /calculateGain: unsupported nonlinearity "swish"/);
});

test("fan in and fan out of [out, in, ...kernel]", () => {
  assert.deepEqual(init.calculateFanInAndFanOut(bp.zeros(128, 784)), [784, 128]);
  assert.deepEqual(init.calculateFanInAndFanOut(bp.zeros(16, 3, 5, 5)), [75, 400]);
  assert.throws(() => init.calculateFanInAndFanOut(bp.zeros(5)), /fewer than 2 dimensions \(shape \[5\]\)/);
});

test("uniform_, normal_, constant_, zeros_, ones_ fill in place and return the tensor", () => {
  bp.manualSeed(0);
  const w = bp.zeros(2000);
  assert.equal(init.uniform_(w, -0.1, 0.1), w);
  let s = stats(w);
  assert.ok(s.min >= -0.1 && s.max <= 0.1 && s.max > 0.099 && Math.abs(s.mean) < 0.005);
  init.uniform_(w);
  s = stats(w);
  assert.ok(s.min >= 0 && s.max < 1 && Math.abs(s.mean - 0.5) < 0.03);
  init.normal_(w, 3, 0.5);
  s = stats(w);
  assert.ok(Math.abs(s.mean - 3) < 0.05 && Math.abs(s.std - 0.5) < 0.03, JSON.stringify(s));
  init.constant_(w, 0.25);
  assert.ok(Array.from(w.data).every((v) => v === 0.25));
  init.zeros_(w);
  assert.ok(Array.from(w.data).every((v) => v === 0));
  init.ones_(w);
  assert.ok(Array.from(w.data).every((v) => v === 1));
  assert.throws(() => init.uniform_(bp.zeros([2], { dtype: "int32" })), /init.uniform_: expected a floating point tensor, got int32/);
});

test("init works on Parameters that require grad, outside the graph", () => {
  const fc = new nn.Linear(3, 2);
  init.zeros_(fc.weight);
  init.ones_(fc.bias!);
  assert.ok(fc.weight.requiresGrad && fc.weight.isLeaf && fc.weight.grad === null);
  assert.deepEqual(fc.forward(bp.ones(1, 3)).toArray(), [[1, 1]]);
});

test("xavier: uniform bound gain*sqrt(6/(fanIn+fanOut)), normal std gain*sqrt(2/(fanIn+fanOut))", () => {
  bp.manualSeed(1);
  const w = bp.zeros(200, 300);
  init.xavierUniform_(w);
  const b = Math.sqrt(6 / 500);
  let s = stats(w);
  assert.ok(s.min >= -b && s.max <= b && s.max > 0.99 * b);
  init.xavierUniform_(w, init.calculateGain("tanh"));
  s = stats(w);
  assert.ok(s.max <= (5 / 3) * b && s.max > 0.99 * (5 / 3) * b);
  init.xavierNormal_(w, { gain: 2 });
  s = stats(w);
  assert.ok(Math.abs(s.std / (2 * Math.sqrt(2 / 500)) - 1) < 0.02, JSON.stringify(s));
});

test("kaiming: std = gain / sqrt(fan) with mode fanIn / fanOut and the nonlinearity's gain", () => {
  bp.manualSeed(2);
  const w = bp.zeros(100, 400);
  init.kaimingNormal_(w, { nonlinearity: "relu" });
  let s = stats(w);
  assert.ok(Math.abs(s.std / (Math.sqrt(2) / 20) - 1) < 0.02, JSON.stringify(s));
  init.kaimingNormal_(w, { mode: "fanOut", nonlinearity: "relu" });
  s = stats(w);
  assert.ok(Math.abs(s.std / (Math.sqrt(2) / 10) - 1) < 0.02, JSON.stringify(s));
  init.kaimingUniform_(w, { mode: "fan_in", nonlinearity: "relu" });
  s = stats(w);
  const bound = Math.sqrt(2) * Math.sqrt(3 / 400);
  assert.ok(s.max <= bound && s.min >= -bound && s.max > 0.99 * bound);
  init.kaimingUniform_(w, Math.sqrt(5));
  s = stats(w);
  assert.ok(s.max <= 1 / 20 + 1e-7 && s.max > 0.99 / 20);
  init.kaimingUniform_(w);
  s = stats(w);
  // default a = 0: leaky_relu's gain with slope 0 is sqrt(2)
  assert.ok(s.max <= Math.sqrt(6 / 400) && s.max > 0.99 * Math.sqrt(6 / 400));
  assert.throws(() => init.kaimingUniform_(w, { mode: "fan_avg" as "fanIn" }), /mode fan_avg not supported/);
});

test("init is deterministic under manualSeed", () => {
  const a = bp.zeros(10, 10);
  const b = bp.zeros(10, 10);
  bp.manualSeed(77);
  init.kaimingUniform_(a);
  init.normal_(a);
  bp.manualSeed(77);
  init.kaimingUniform_(b);
  init.normal_(b);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  init.normal_(b);
  assert.notDeepEqual(Array.from(a.data), Array.from(b.data));
});
