/**
 * keras.optimizers against TensorFlow.js (tf.train.*, float32; test/fixtures/gen_keras_optimizers.mts):
 * the loss after each of the first 5 steps and the parameters after 5 and 50 steps of a small tanh MLP;
 * learningRate reaching the optim param groups; get / getConfig / serialize / deserialize.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as optimizers from "../../src/keras/optimizers.ts";
import { assertClose, assertThrowsWith } from "../helpers/parity.ts";

interface OptCase {
  keras: { className: string } & Record<string, number | boolean | string>;
  losses: number[];
  after5: number[][];
  after50: number[][];
}
interface Fixture {
  problem: { n: number; in: number; hidden: number; x: number[]; y: number[]; init: { w1: number[]; b1: number[]; w2: number[]; b2: number[] } };
  cases: Record<string, OptCase>;
}
const fx = JSON.parse(readFileSync(new URL("../fixtures/keras_optimizers.json", import.meta.url), "utf8")) as Fixture;

/** The fixture's MLP in float32 with Keras-layout kernels: loss() = mean((tanh(x w1 + b1) w2 + b2 - y)^2). */
function problem(): { params: bp.Tensor[]; loss: () => bp.Tensor } {
  const { n, in: inDim, hidden, x, y, init } = fx.problem;
  const xs = bp.tensor(x).reshape([n, inDim]);
  const ys = bp.tensor(y).reshape([n, 1]);
  const w1 = bp.tensor(init.w1).reshape([inDim, hidden]).detach().requiresGrad_();
  const b1 = bp.tensor(init.b1).requiresGrad_();
  const w2 = bp.tensor(init.w2).reshape([hidden, 1]).detach().requiresGrad_();
  const b2 = bp.tensor(init.b2).requiresGrad_();
  const params = [w1, b1, w2, b2];
  return { params, loss: () => xs.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sub(ys).pow(2).mean() };
}

/** Runs `steps` updates; returns the loss before the first and after each of the first 5 steps. */
function train(opt: optimizers.Optimizer, p: ReturnType<typeof problem>, steps: number, losses: number[] = []): number[] {
  for (let s = 0; s < steps; s++) {
    if (losses.length === 0) losses.push(bp.noGrad(() => p.loss()).item());
    opt.zeroGrad();
    p.loss().backward();
    opt.step();
    if (losses.length <= 5) losses.push(bp.noGrad(() => p.loss()).item());
  }
  return losses;
}

/*
 * Tolerances. Both sides run float32 with the same formulas but different op orders (TF.js's sum vs
 * backprop's), so each step differs by a few ulps (6e-8 at |θ| ~ 1). Losses: the 1e-5 (measured
 * <= 1.8e-7). Parameters: 1e-6 after 5 steps, 5e-6 after 50 (measured <= 4.2e-7 for every case). The cases
 * are chosen well conditioned: an RMSprop run at lr 0.01 near its optimum amplified rounding so much that
 * backprop's own float32 and float64 runs were 3e-2 apart after 50 steps, so it says nothing about parity.
 */
function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < b.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const [name, c] of Object.entries(fx.cases)) {
  test(`keras.optimizers ${name}: losses and parameters match TF.js`, () => {
    const { className, ...config } = c.keras;
    const opt = optimizers.deserialize({ className, config });
    const p = problem();
    opt.build(p.params);
    const losses = train(opt, p, 5);
    const after5 = p.params.map((t) => Array.from(t.data));
    train(opt, p, 45, losses);
    const after50 = p.params.map((t) => Array.from(t.data));
    const d5 = Math.max(...after5.map((a, i) => maxDiff(a, c.after5[i])));
    const d50 = Math.max(...after50.map((a, i) => maxDiff(a, c.after50[i])));
    assertClose(losses, c.losses, { atol: 1e-5, rtol: 0 }, `${name} losses`);
    assert.ok(d5 <= 1e-6, `${name}: parameters after 5 steps differ from TF.js by ${d5}`);
    assert.ok(d50 <= 5e-6, `${name}: parameters after 50 steps differ from TF.js by ${d50}`);
  });
}

test("keras.optimizers RMSprop: epsilon inside the root, as TF.js (one step by hand)", () => {
  // s = (1 - ρ) g² = 0.1 · 1e-8; TF: θ ← θ - lr g / sqrt(s + ε); PyTorch's sqrt(s) + ε would step 3x further
  const w = bp.tensor([1, 1, 1]).requiresGrad_();
  const opt = new optimizers.RMSprop({ learningRate: 0.1 });
  opt.build([w]);
  opt.zeroGrad();
  w.mul(bp.tensor([1e-4, 0, -1])).sum().backward();
  opt.step();
  const expected = [1e-4, 0, -1].map((g) => Math.fround(1 - (0.1 * g) / Math.sqrt(0.1 * g * g + 1e-7)));
  assertClose(w.data, expected, { atol: 1e-6, rtol: 0 }, "RMSprop step");
});

test("keras.optimizers Adagrad: accumulator starts at 0.1, epsilon inside the root", () => {
  const w = bp.tensor([0, 0]).requiresGrad_();
  const opt = new optimizers.Adagrad({ learningRate: 0.5 });
  opt.build([w]);
  opt.zeroGrad();
  w.mul(bp.tensor([0.3, -2])).sum().backward();
  opt.step();
  const expected = [0.3, -2].map((g) => Math.fround((-0.5 * g) / Math.sqrt(0.1 + g * g + 1e-7)));
  assertClose(w.data, expected, { atol: 1e-7, rtol: 1e-6 }, "Adagrad step");
});

test("keras.optimizers: learningRate get/set reaches every optim param group", () => {
  const opt = new optimizers.Adam({ learningRate: 0.01 });
  assert.equal(opt.built, false);
  opt.learningRate = 0.02; // before build: used by build
  const a = bp.zeros([2]).requiresGrad_();
  const b = bp.zeros([3]).requiresGrad_();
  opt.build([a, b]);
  assert.equal(opt.built, true);
  assert.equal(opt.optimizer.paramGroups[0].lr, 0.02);
  opt.optimizer.addParamGroup({ params: [bp.zeros([1]).requiresGrad_()] });
  opt.learningRate = 0.005;
  assert.deepEqual(opt.optimizer.paramGroups.map((g) => g.lr), [0.005, 0.005]);
  opt.optimizer.paramGroups[0].lr = 0.25; // a scheduler writing the group is seen by the getter
  assert.equal(opt.learningRate, 0.25);
  assert.equal(opt.getConfig().learningRate, 0.25);
  const sched = new bp.optim.lrScheduler.StepLR(opt.optimizer, 1, { gamma: 0.5 });
  opt.zeroGrad();
  a.sum().add(b.sum()).backward();
  opt.step();
  sched.step();
  assert.equal(opt.learningRate, 0.125);
  assertThrowsWith(() => { opt.learningRate = -1; }, "Adam.learningRate", "learningRate", "-1");
});

test("keras.optimizers: build, step counting, and the underlying optimizer", () => {
  const opt = new optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
  assertThrowsWith(() => opt.optimizer, "SGD.optimizer", "not built");
  assertThrowsWith(() => opt.step(), "SGD.optimizer", "not built");
  assertThrowsWith(() => opt.build([]), "SGD.build", "empty");
  const w = bp.tensor([1, 2]).requiresGrad_();
  opt.build([w]);
  const inner = opt.optimizer;
  assert.ok(inner instanceof bp.optim.SGD);
  assert.equal(inner.paramGroups[0].momentum, 0.9);
  opt.zeroGrad();
  w.sum().backward();
  opt.step();
  assert.equal(opt.iterations, 1);
  opt.build([w]); // same tensors: same optimizer and state
  assert.equal(opt.optimizer, inner);
  assert.equal(opt.iterations, 1);
  opt.build([w, bp.zeros([1]).requiresGrad_()]); // other tensors: a fresh one
  assert.notEqual(opt.optimizer, inner);
  assert.equal(opt.iterations, 0);
  // nesterov without momentum is plain SGD in Keras (PyTorch would refuse it)
  const plain = new optimizers.SGD({ nesterov: true });
  plain.build([bp.zeros([1]).requiresGrad_()]);
  assert.equal(plain.optimizer.paramGroups[0].lr, 0.01);
});

test("keras.optimizers.get: Keras's names in any case, Keras's defaults", () => {
  assert.deepEqual(optimizers.get("sgd").getConfig(), { name: "SGD", learningRate: 0.01, momentum: 0, nesterov: false });
  assert.deepEqual(optimizers.get("Adam").getConfig(), {
    name: "Adam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false,
  });
  assert.deepEqual(optimizers.get("RMSProp").getConfig(), {
    name: "RMSprop", learningRate: 0.001, rho: 0.9, momentum: 0, epsilon: 1e-7, centered: false,
  });
  assert.deepEqual(optimizers.get("ADAGRAD").getConfig(), {
    name: "Adagrad", learningRate: 0.001, initialAccumulatorValue: 0.1, epsilon: 1e-7,
  });
  assert.ok(optimizers.get("sgd") !== optimizers.get("sgd"), "fresh instances");
  const mine = new optimizers.Adam();
  assert.equal(optimizers.get(mine), mine);
  assert.ok(optimizers.get({ className: "SGD", config: { learningRate: 0.5 } }) instanceof optimizers.SGD);
  assertThrowsWith(() => optimizers.get("sgdd"), "keras.optimizers.get", 'unknown optimizer "sgdd"', "sgd, adam, rmsprop, adagrad");
  assertThrowsWith(() => optimizers.get(3 as unknown as string), "keras.optimizers.get", "number 3");
});

test("keras.optimizers: getConfig / serialize / deserialize round trip", () => {
  const opts: optimizers.Optimizer[] = [
    new optimizers.SGD({ learningRate: 0.3, momentum: 0.5, nesterov: true }),
    new optimizers.Adam({ learningRate: 0.02, beta1: 0.8, beta2: 0.99, epsilon: 1e-6, amsgrad: true }),
    new optimizers.RMSprop({ learningRate: 0.04, rho: 0.7, momentum: 0.2, epsilon: 1e-5, centered: true }),
    new optimizers.Adagrad({ learningRate: 0.05, initialAccumulatorValue: 0.2, epsilon: 1e-4 }),
  ];
  for (const o of opts) {
    const s = optimizers.serialize(o);
    assert.equal(s.className, o.name);
    assert.deepEqual(JSON.parse(JSON.stringify(s)), s, "JSON-safe");
    const back = optimizers.deserialize(s);
    assert.equal(back.constructor, o.constructor);
    assert.deepEqual(back.getConfig(), o.getConfig());
  }
  // Keras's snake_case keys and the legacy lr
  const k = optimizers.deserialize({ className: "adam", config: { name: "Adam", learning_rate: 0.1, beta_1: 0.5, beta_2: 0.6 } });
  assert.deepEqual(k.getConfig(), { name: "Adam", learningRate: 0.1, beta1: 0.5, beta2: 0.6, epsilon: 1e-7, amsgrad: false });
  assert.equal(optimizers.deserialize({ className: "SGD", config: { lr: 0.2 } }).learningRate, 0.2);
  assertThrowsWith(() => optimizers.deserialize({ className: "Nadam", config: {} }), "keras.optimizers.deserialize", '"Nadam"');
  assertThrowsWith(() => optimizers.deserialize({ className: "SGD", config: { dampening: 0.1 } }), "keras.optimizers.deserialize", 'no option "dampening"');
  assertThrowsWith(() => optimizers.deserialize({ className: "SGD", config: { momentum: "x" } }), "momentum", "number or boolean");
});

test("keras.optimizers: bad hyper-parameters name the class and the argument", () => {
  assertThrowsWith(() => new optimizers.SGD({ learningRate: -0.1 }), "SGD", "learningRate", "-0.1");
  assertThrowsWith(() => new optimizers.SGD({ momentum: 1.5 }), "SGD", "momentum", "[0, 1]");
  assertThrowsWith(() => new optimizers.Adam({ beta1: 1 }), "Adam", "beta1", "[0, 1)");
  assertThrowsWith(() => new optimizers.Adam({ epsilon: Number.NaN }), "Adam", "epsilon");
  assertThrowsWith(() => new optimizers.RMSprop({ rho: -0.1 }), "RMSprop", "rho");
  assertThrowsWith(() => new optimizers.Adagrad({ initialAccumulatorValue: -1 }), "Adagrad", "initialAccumulatorValue");
  assertThrowsWith(() => new optimizers.Adam({ amsgrad: 1 as unknown as boolean }), "Adam", "amsgrad", "boolean");
});

test("keras.optimizers: clipvalue, clipnorm, globalClipnorm (Keras's order and formulas)", () => {
  // plain SGD with lr 1: the parameter moves by minus the clipped gradient
  function stepWith(clip: optimizers.ClipOptions, grads: number[][]): number[][] {
    const params = grads.map((g) => bp.zeros([g.length]).requiresGrad_());
    const opt = new optimizers.SGD({ learningRate: 1, ...clip });
    opt.build(params);
    opt.zeroGrad();
    params.reduce((acc, p, i) => acc.add(p.mul(bp.tensor(grads[i])).sum()), bp.tensor(0)).backward();
    opt.step();
    return params.map((p) => Array.from(p.data, (v) => -v));
  }
  const tol = { atol: 1e-6, rtol: 0 };
  const v = stepWith({ clipvalue: 1 }, [[3, -0.5, -2]]);
  assertClose(v[0], [1, -0.5, -1], tol, "clipvalue");
  const n = stepWith({ clipnorm: 1 }, [[3, 4], [0.3, 0.4]]); // norms 5 (clipped to 1) and 0.5 (kept)
  assertClose(n.flat(), [0.6, 0.8, 0.3, 0.4], tol, "clipnorm");
  const g = stepWith({ globalClipnorm: 2.5 }, [[3, 4], [0]]); // global norm 5 → scaled by 0.5
  assertClose(g.flat(), [1.5, 2, 0], tol, "globalClipnorm");
  const kept = stepWith({ globalClipnorm: 10 }, [[3, 4]]);
  assertClose(kept[0], [3, 4], tol, "globalClipnorm below the norm");
  const both = stepWith({ clipvalue: 2, clipnorm: 1 }, [[3, 0]]); // value first: 2, then norm 1
  assertClose(both[0], [1, 0], tol, "clipvalue then clipnorm");
  assertThrowsWith(() => new optimizers.Adam({ clipnorm: 1, globalClipnorm: 1 }), "Adam", "clipnorm", "globalClipnorm", "not both");
  assertThrowsWith(() => new optimizers.SGD({ clipvalue: -1 }), "SGD", "clipvalue", "-1");
  const adam = new optimizers.Adam({ clipnorm: 1 });
  assert.deepEqual(adam.getConfig(), { name: "Adam", learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false, clipnorm: 1 });
  assert.deepEqual(optimizers.deserialize(optimizers.serialize(adam)).getConfig(), adam.getConfig());
  const keras = optimizers.deserialize({
    className: "SGD",
    config: { name: "SGD", learning_rate: 0.1, clipnorm: null as unknown as number, global_clipnorm: 2, clipvalue: null as unknown as number },
  });
  assert.deepEqual(keras.clip, { globalClipnorm: 2 });
});

test("keras.optimizers: a rebuild after a scheduler keeps the current learning rate", () => {
  const opt = new optimizers.SGD({ learningRate: 0.1 });
  opt.build([bp.zeros([1]).requiresGrad_()]);
  opt.optimizer.paramGroups[0].lr = 0.05;
  opt.build([bp.zeros([2]).requiresGrad_()]);
  assert.equal(opt.optimizer.paramGroups[0].lr, 0.05);
});

test("keras.optimizers RMSprop: centered uses Keras's sqrt(s - ḡ² + ε); rho 0 the same sqrt(s + ε) rule", () => {
  const grads = [0.5, -1e-3, 0];
  const w = bp.zeros([3]).requiresGrad_();
  const opt = new optimizers.RMSprop({ learningRate: 0.1, rho: 0.9, centered: true });
  opt.build([w]);
  opt.zeroGrad();
  w.mul(bp.tensor(grads)).sum().backward();
  opt.step();
  const centered = grads.map((g) => Math.fround((-0.1 * g) / Math.sqrt(0.1 * g * g - (0.1 * g) ** 2 + 1e-7)));
  assertClose(w.data, centered, { atol: 1e-6, rtol: 1e-5 }, "centered");
  const v = bp.zeros([2]).requiresGrad_();
  const zero = new optimizers.RMSprop({ learningRate: 0.1, rho: 0 });
  zero.build([v]);
  zero.zeroGrad();
  v.mul(bp.tensor([2, -1e-3])).sum().backward();
  zero.step();
  assertClose(v.data, [2, -1e-3].map((g) => Math.fround((-0.1 * g) / Math.sqrt(g * g + 1e-7))), { atol: 1e-7, rtol: 1e-6 }, "rho 0");
});

test("keras.optimizers: Keras 2's legacy decay and lr alias", () => {
  const w = bp.zeros([1]).requiresGrad_();
  const opt = new optimizers.SGD({ lr: 0.5, decay: 1 });
  assert.equal(opt.learningRate, 0.5);
  opt.build([w]);
  const moved: number[] = [];
  for (let t = 0; t < 3; t++) {
    const before = w.data[0];
    opt.zeroGrad();
    w.sum().backward(); // gradient 1: the step is the learning rate used
    opt.step();
    moved.push(before - w.data[0]);
  }
  // lr / (1 + decay t) for t = 0, 1, 2
  assertClose(moved, [0.5, 0.25, 0.5 / 3], { atol: 1e-7, rtol: 0 }, "decayed steps");
  assert.equal(opt.learningRate, 0.5, "learningRate stays the base rate, as Keras's");
  assert.deepEqual(opt.getConfig(), { name: "SGD", learningRate: 0.5, momentum: 0, nesterov: false, decay: 1 });
  assert.deepEqual(optimizers.deserialize(optimizers.serialize(opt)).getConfig(), opt.getConfig());
  opt.learningRate = 0.3; // a callback setting the base rate: the next step uses 0.3 / (1 + 3)
  const before = w.data[0];
  opt.zeroGrad();
  w.sum().backward();
  opt.step();
  assertClose([before - w.data[0]], [0.075], { atol: 1e-7, rtol: 0 }, "base rate changed");
  assert.equal(new optimizers.Adam({ lr: 0.02 }).learningRate, 0.02);
  assert.equal(new optimizers.Adam({ lr: 0.02, learningRate: 0.02 }).learningRate, 0.02);
  assertThrowsWith(() => new optimizers.Adam({ lr: 0.1, learningRate: 0.2 }), "Adam", "learningRate", "lr", "disagree");
  assertThrowsWith(() => new optimizers.RMSprop({ decay: -1 }), "RMSprop", "decay", "-1");
  assert.ok(!("decay" in optimizers.deserialize({ className: "SGD", config: { decay: 0 } }).getConfig()));
});
