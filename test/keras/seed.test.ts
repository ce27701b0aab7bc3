/**
 * Seed 002's Keras scripts, in backprop's TypeScript spelling, on small seeded synthetic sets: the
 * linear regression (Dense(1), mse, sgd) recovers the generating coefficients; logistic regression
 * and the seed's two-layer network (metrics ["acc"], validationData) reach >= 0.95 validation
 * accuracy on a separable set; Dense(3, softmax) with categorical_crossentropy does on three blobs.
 * Data come from a fixed generator (not the library's RNG); the initial weights from bp.manualSeed.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { lcg } from "../helpers/arrays.ts";

const { keras } = bp;

/** A seeded standard-normal generator (Box-Muller over the helpers' LCG). */
function gaussian(seed: number): () => number {
  const u = lcg(seed);
  return () => Math.sqrt(-2 * Math.log(u() + 0.5 + 1e-12)) * Math.cos(2 * Math.PI * (u() + 0.5));
}

/** n rows of f features; y = 1 where x . w + 0.3 > 0 (w = +1, -1, +1, ...), points within 1.5 of the plane dropped. */
function separable(n: number, f: number, seed: number): { x: bp.Tensor; y: bp.Tensor } {
  const g = gaussian(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  while (ys.length < n) {
    const p = Array.from({ length: f }, () => 3 * g());
    const s = p.reduce((a, v, j) => a + (j % 2 === 0 ? v : -v), 0.3);
    if (Math.abs(s) < 1.5) continue;
    xs.push(...p);
    ys.push(s > 0 ? 1 : 0);
  }
  return { x: bp.tensor(xs).reshape([n, f]), y: bp.tensor(ys).reshape([n, 1]) };
}

/** Three Gaussian blobs in 3-D, centred 4 apart on the axes; one-hot targets. */
function blobs(n: number, seed: number): { x: bp.Tensor; y: bp.Tensor } {
  const g = gaussian(seed);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    for (let j = 0; j < 3; j++) xs.push(g() + (j === c ? 4 : 0));
    ys.push(...[0, 1, 2].map((k) => (k === c ? 1 : 0)));
  }
  return { x: bp.tensor(xs).reshape([n, 3]), y: bp.tensor(ys).reshape([n, 3]) };
}

const last = (h: { history: Record<string, number[]> }, key: string): number => {
  const v = h.history[key];
  assert.ok(Array.isArray(v) && v.length > 0, `History has no "${key}": keys ${JSON.stringify(Object.keys(h.history))}`);
  return v[v.length - 1];
};

test("seed linear regression: Dense(1), mse, sgd recovers y = 2 x1 - 3 x2 + 0.5 x3 + 1", async () => {
  bp.manualSeed(1);
  const coef = [2, -3, 0.5];
  const g = gaussian(11);
  const n = 200;
  const xs = Array.from({ length: n * 3 }, () => g());
  const ys = Array.from({ length: n }, (_, i) => coef.reduce((a, c, j) => a + c * xs[i * 3 + j], 1) + 0.05 * g());
  const model = new keras.models.Sequential();
  model.add(new keras.layers.Dense({ units: 1, inputDim: 3 }));
  model.compile({ loss: "mean_squared_error", optimizer: "sgd" });
  const h = await model.fit(bp.tensor(xs).reshape([n, 3]), bp.tensor(ys).reshape([n, 1]), { epochs: 30, batchSize: 8, verbose: 0 });
  const [kernel, bias] = model.getWeights();
  assert.deepEqual([...kernel.shape], [3, 1], "Dense kernel in Keras's layout [in, units]");
  const k = Array.from(kernel.data as ArrayLike<number>);
  coef.forEach((c, j) => assert.ok(Math.abs(k[j] - c) < 0.05, `coefficient ${j}: ${k[j]}, generated with ${c}`));
  assert.ok(Math.abs(bias.item() - 1) < 0.05, `intercept ${bias.item()}, generated with 1`);
  assert.ok(last(h, "loss") < 0.01, `final mse ${last(h, "loss")} (noise variance 0.0025)`);
});

test("seed logistic regression: Dense(1, sigmoid), binary_crossentropy, acc >= 0.95 on validation", async () => {
  bp.manualSeed(2);
  const train = separable(200, 4, 21);
  const valid = separable(100, 4, 22);
  const model = new keras.Sequential();
  model.add(new keras.layers.Dense({ units: 1, inputDim: train.x.shape[1], activation: "sigmoid" }));
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
  const h = await model.fit(train.x, train.y, { epochs: 20, batchSize: 8, verbose: 0, validationData: [valid.x, valid.y] });
  assert.deepEqual(Object.keys(h.history).sort(), ["acc", "loss", "val_acc", "val_loss"]);
  assert.ok(last(h, "val_acc") >= 0.95, `val_acc ${last(h, "val_acc")} < 0.95; history ${JSON.stringify(h.history.val_acc)}`);
});

test("seed two-layer network: Dense(10, sigmoid) + Dense(1, sigmoid), sgd, metrics acc, val_acc >= 0.95", async () => {
  bp.manualSeed(3);
  const featuresTrain = separable(200, 4, 31);
  const featuresValid = separable(100, 4, 32);
  const model = new keras.Sequential();
  model.add(new keras.layers.Dense({ units: 10, inputDim: featuresTrain.x.shape[1], activation: "sigmoid" }));
  model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
  const h = await model.fit(featuresTrain.x, featuresTrain.y, {
    epochs: 20, batchSize: 8, verbose: 0, validationData: [featuresValid.x, featuresValid.y],
  });
  assert.equal(h.history.val_acc.length, 20, "one val_acc per epoch");
  assert.ok(last(h, "val_acc") >= 0.95, `val_acc ${last(h, "val_acc")} < 0.95; history ${JSON.stringify(h.history.val_acc)}`);
  const [loss, acc] = model.evaluate(featuresValid.x, featuresValid.y, { verbose: 0 }) as number[];
  assert.ok(Math.abs(acc - last(h, "val_acc")) < 1e-6, `evaluate's acc ${acc} equals the last val_acc`);
  assert.ok(Math.abs(loss - last(h, "val_loss")) < 1e-5, `evaluate's loss ${loss} equals the last val_loss`);
});

test("Dense(3, softmax) with categorical_crossentropy on three blobs: accuracy >= 0.95", async () => {
  bp.manualSeed(4);
  const train = blobs(150, 41);
  const valid = blobs(90, 42);
  const model = new keras.Sequential([new keras.layers.Dense({ units: 3, inputDim: 3, activation: "softmax" })]);
  model.compile({ loss: "categorical_crossentropy", optimizer: "sgd", metrics: ["accuracy"] });
  const h = await model.fit(train.x, train.y, { epochs: 20, batchSize: 8, verbose: 0, validationData: [valid.x, valid.y] });
  assert.ok(last(h, "val_accuracy") >= 0.95, `val_accuracy ${last(h, "val_accuracy")} < 0.95`);
  const p = model.predict(valid.x);
  assert.deepEqual([...p.shape], [90, 3]);
  const rowSums = Array.from(p.sum(1).data as ArrayLike<number>);
  rowSums.forEach((s, i) => assert.ok(Math.abs(s - 1) < 1e-5, `softmax row ${i} sums to ${s}`));
});
