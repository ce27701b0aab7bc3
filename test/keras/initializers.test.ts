/**
 * keras.initializers: statistics of each initializer over a large tensor (bounds exact, mean and std
 * within sampling tolerance), fans in backprop's layout, determinism under bp.manualSeed, and
 * get / serialize / deserialize.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as initializers from "../../src/keras/initializers.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

/* A Dense weight in backprop's layout [out, in] = [300, 500]: fanIn 500, fanOut 300; 150000 samples. */
const OUT = 300;
const IN = 500;

function stats(t: bp.Tensor): { mean: number; std: number; min: number; max: number } {
  return { mean: t.mean().item(), std: t.std(false).item(), min: t.min().item(), max: t.max().item() };
}

/*
 * Sampling tolerances for n = 150000 draws: the sample mean's std is σ / sqrt(n) = 0.0026 σ, so |mean|
 * <= 0.015 σ is about 6 standard errors; the sample std's relative error is about 1 / sqrt(2n) = 0.0018
 * (normal) and smaller for uniform, so 1.5% is about 8 standard errors. The seed is fixed, so these are
 * not flaky; a wrong formula (a factor sqrt(2), the wrong fan: 500 vs 300 is 29%) fails them by far.
 */
function assertStats(t: bp.Tensor, mean: number, std: number, bound: number | null, what: string): void {
  const s = stats(t);
  assert.ok(Math.abs(s.mean - mean) <= 0.015 * std, `${what}: mean ${s.mean}, expected ${mean}`);
  assert.ok(Math.abs(s.std / std - 1) <= 0.015, `${what}: std ${s.std}, expected ${std}`);
  if (bound !== null) {
    assert.ok(s.min >= mean - bound * (1 + 1e-6) && s.max <= mean + bound * (1 + 1e-6), `${what}: range [${s.min}, ${s.max}] exceeds ±${bound}`);
    assert.ok(s.max > mean + 0.99 * bound && s.min < mean - 0.99 * bound, `${what}: range [${s.min}, ${s.max}] does not reach ±${bound}`);
  }
}

function fill(i: initializers.Initializer, shape: number[] = [OUT, IN]): bp.Tensor {
  bp.manualSeed(123);
  return i.init_(bp.zeros(shape));
}

const TRUNC = 0.87962566103423978; // std of a standard normal truncated to ±2

test("keras.initializers: zeros, ones, constant", () => {
  assert.deepEqual(Array.from(fill(new initializers.Zeros(), [2, 2]).data), [0, 0, 0, 0]);
  assert.deepEqual(Array.from(initializers.get("ones").init_(bp.full([3], 7)).data), [1, 1, 1]);
  assert.deepEqual(Array.from(new initializers.Constant({ value: 0.5 }).init_(bp.zeros([2])).data), [0.5, 0.5]);
  assert.deepEqual(Array.from(new initializers.Constant().init_(bp.ones([2])).data), [0, 0]);
});

test("keras.initializers: random_uniform, random_normal, truncated_normal", () => {
  assertStats(fill(initializers.get("random_uniform")), 0, 0.1 / Math.sqrt(12), 0.05, "random_uniform defaults");
  assertStats(fill(new initializers.RandomUniform({ minval: 1, maxval: 3 })), 2, 2 / Math.sqrt(12), 1, "random_uniform [1, 3]");
  assertStats(fill(initializers.get("random_normal")), 0, 0.05, null, "random_normal defaults");
  assertStats(fill(new initializers.RandomNormal({ mean: 2, stddev: 0.5 })), 2, 0.5, null, "random_normal(2, 0.5)");
  assertStats(fill(initializers.get("truncated_normal")), 0, 0.05 * TRUNC, 0.1, "truncated_normal defaults");
  assertStats(fill(new initializers.TruncatedNormal({ mean: -1, stddev: 2 })), -1, 2 * TRUNC, 4, "truncated_normal(-1, 2)");
});

test("keras.initializers: glorot, he, lecun use Keras's formulas with fans in = 500, out = 300", () => {
  const glorotU = Math.sqrt(6 / (IN + OUT));
  assertStats(fill(initializers.get("glorot_uniform")), 0, glorotU / Math.sqrt(3), glorotU, "glorot_uniform");
  const glorotN = Math.sqrt(2 / (IN + OUT)); // samples' std; truncated at 2 σ, σ = this / TRUNC
  assertStats(fill(initializers.get("glorot_normal")), 0, glorotN, (2 * glorotN) / TRUNC, "glorot_normal");
  assertStats(fill(initializers.get("he_normal")), 0, Math.sqrt(2 / IN), (2 * Math.sqrt(2 / IN)) / TRUNC, "he_normal");
  assertStats(fill(initializers.get("he_uniform")), 0, Math.sqrt(2 / IN), Math.sqrt(6 / IN), "he_uniform");
  assertStats(fill(initializers.get("lecun_normal")), 0, Math.sqrt(1 / IN), (2 * Math.sqrt(1 / IN)) / TRUNC, "lecun_normal");
  assertStats(fill(initializers.get("lecun_uniform")), 0, Math.sqrt(1 / IN), Math.sqrt(3 / IN), "lecun_uniform");
  const vs = new initializers.VarianceScaling({ scale: 3, mode: "fan_out", distribution: "uniform" });
  assertStats(fill(vs), 0, Math.sqrt(3 / OUT), Math.sqrt(9 / OUT), "variance_scaling fan_out uniform");
  const vn = new initializers.VarianceScaling({ scale: 0.5, mode: "fanAvg", distribution: "untruncated_normal" });
  assertStats(fill(vn), 0, Math.sqrt(0.5 / 400), null, "variance_scaling fan_avg untruncated");
  assert.equal(new initializers.VarianceScaling({ distribution: "normal" }).distribution, "truncated_normal");
});

test("keras.initializers.computeFans: backprop's layout gives Keras's fans", () => {
  assert.deepEqual(initializers.computeFans(bp.zeros([10, 3])), [3, 10]); // Dense(10) on 3 inputs: Keras kernel [3, 10]
  assert.deepEqual(initializers.computeFans(bp.zeros([8, 4, 3, 3])), [36, 72]); // Conv2D: Keras kernel [3, 3, 4, 8]
  assert.deepEqual(initializers.computeFans(bp.zeros([5])), [5, 5]);
  assert.deepEqual(initializers.computeFans(bp.tensor(1)), [1, 1]);
  // a bias gets glorot_uniform bound sqrt(6 / (5 + 5)) as in Keras
  const b = fill(new initializers.GlorotUniform(), [5]);
  assert.ok(b.abs().max().item() <= Math.sqrt(6 / 10));
});

test("keras.initializers.Orthogonal: orthonormal rows or columns, times gain", () => {
  for (const shape of [[3, 5], [5, 3], [4, 4], [2, 3, 2]]) {
    const w = fill(new initializers.Orthogonal({ gain: 2 }), shape);
    const m = w.reshape([shape[0], -1]);
    const gram = shape[0] <= m.shape[1] ? m.matmul(m.t()) : m.t().matmul(m);
    const eye = bp.eye(gram.shape[0]).mul(4);
    assert.ok(gram.sub(eye).abs().max().item() < 1e-5, `orthogonal ${JSON.stringify(shape)}: gram ${gram.toString()}`);
  }
  assertThrowsWith(() => new initializers.Orthogonal().init_(bp.zeros([3])), "Orthogonal.init_", "at least 2 dimensions");
});

test("keras.initializers: bp.manualSeed repeats a draw; init_ works on parameters outside the graph", () => {
  for (const name of initializers.names) {
    const i = initializers.get(name);
    bp.manualSeed(7);
    const a = i.init_(bp.zeros([6, 4]));
    bp.manualSeed(7);
    const b = i.init_(bp.zeros([6, 4]));
    assert.deepEqual(Array.from(a.data), Array.from(b.data), name);
  }
  bp.manualSeed(8);
  const c = initializers.get("glorot_uniform").init_(bp.zeros([6, 4]));
  bp.manualSeed(7);
  const d = initializers.get("glorot_uniform").init_(bp.zeros([6, 4]));
  assert.notDeepEqual(Array.from(c.data), Array.from(d.data));
  const p = new bp.nn.Parameter(bp.zeros([4, 3]));
  const before = p.data;
  const out = initializers.get("orthogonal").init_(p);
  assert.equal(out, p);
  assert.equal(p.data, before, "filled in place");
  assert.ok(p.isLeaf && p.requiresGrad);
  assert.ok(p.abs().sum().item() > 0);
  assertThrowsWith(() => initializers.get("ones").init_(bp.zeros([2], { dtype: "int32" })), "Ones.init_", "floating point", "int32");
});

test("keras.initializers.get: Keras's names, class names and TF.js spellings", () => {
  assert.ok(initializers.get("glorot_uniform") instanceof initializers.GlorotUniform);
  assert.ok(initializers.get("GlorotUniform") instanceof initializers.GlorotUniform);
  assert.ok(initializers.get("glorotUniform") instanceof initializers.GlorotUniform);
  assert.ok(initializers.get("he_normal") instanceof initializers.HeNormal);
  assert.ok(initializers.get("zero") instanceof initializers.Zeros);
  assert.ok(initializers.get("normal") instanceof initializers.RandomNormal);
  const mine = new initializers.Constant({ value: 3 });
  assert.equal(initializers.get(mine), mine);
  assert.equal(initializers.get("glorot_uniform").name, "GlorotUniform");
  assertThrowsWith(() => initializers.get("glorot"), "keras.initializers.get", 'unknown initializer "glorot"', "glorot_uniform", "he_normal");
  assertThrowsWith(() => initializers.get("toString"), 'unknown initializer "toString"');
});

test("keras.initializers: getConfig / serialize / deserialize", () => {
  const all: initializers.Initializer[] = [
    new initializers.Zeros(), new initializers.Ones(), new initializers.Constant({ value: 0.3 }),
    new initializers.RandomNormal({ mean: 1, stddev: 2 }), new initializers.RandomUniform({ minval: -1, maxval: 2 }),
    new initializers.TruncatedNormal({ mean: 0.5, stddev: 0.1 }),
    new initializers.VarianceScaling({ scale: 2, mode: "fan_avg", distribution: "uniform" }),
    new initializers.GlorotUniform(), new initializers.GlorotNormal(), new initializers.HeNormal(), new initializers.HeUniform(),
    new initializers.LecunNormal(), new initializers.LecunUniform(), new initializers.Orthogonal({ gain: 1.5 }),
  ];
  for (const i of all) {
    const s = initializers.serialize(i);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s);
    const back = initializers.deserialize(s);
    assert.equal(back.constructor, i.constructor);
    assert.deepEqual(back.getConfig(), i.getConfig());
  }
  assert.deepEqual(new initializers.RandomNormal().getConfig(), { mean: 0, stddev: 0.05 });
  assert.deepEqual(new initializers.RandomUniform().getConfig(), { minval: -0.05, maxval: 0.05 });
  assert.deepEqual(new initializers.VarianceScaling().getConfig(), { scale: 1, mode: "fan_in", distribution: "truncated_normal" });
  // a Keras config (seed: null) loads
  const k = initializers.deserialize({ className: "RandomUniform", config: { minval: 0, maxval: 1, seed: null as unknown as number } });
  assert.deepEqual(k.getConfig(), { minval: 0, maxval: 1 });
  assertThrowsWith(() => initializers.deserialize({ className: "Zeros", config: { value: 1 } }), "keras.initializers.deserialize", 'no option "value"');
  assertThrowsWith(() => initializers.deserialize({ className: "GlorotUniform", config: { seed: 3 } }), "GlorotUniform", "seed", "bp.manualSeed");
});

test("keras.initializers: bad options name the class and the argument", () => {
  assertThrowsWith(() => new initializers.RandomNormal({ stddev: -1 }), "RandomNormal", "stddev", "-1");
  assertThrowsWith(() => new initializers.RandomUniform({ minval: 1, maxval: 0 }), "RandomUniform", "maxval", ">= minval");
  assertThrowsWith(() => new initializers.VarianceScaling({ scale: 0 }), "VarianceScaling", "scale");
  assertThrowsWith(() => new initializers.VarianceScaling({ mode: "fan" as "fan_in" }), "VarianceScaling", "mode", '"fan"');
  assertThrowsWith(() => new initializers.VarianceScaling({ distribution: "gauss" as "uniform" }), "VarianceScaling", "distribution");
  assertThrowsWith(() => new initializers.Constant({ value: Number.NaN }), "Constant", "value", "NaN");
});
