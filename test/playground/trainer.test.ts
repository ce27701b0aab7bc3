import { test } from "node:test";
import assert from "node:assert/strict";
import { Trainer } from "../../playground/src/trainer.ts";
import { gridPoints } from "../../playground/src/features.ts";
import { DEFAULT_STATE, presetState, stateFromQuery, stateToQuery, type PlaygroundState } from "../../playground/src/state.ts";

const RELU_2X4: PlaygroundState = { ...DEFAULT_STATE, hidden: [4, 4], activation: "relu" };

test("a 2x4 ReLU net on circle brings test loss below 0.1 within 1000 steps (deterministic)", () => {
  const t = new Trainer(RELU_2X4);
  const start = t.losses().test;
  assert.ok(start > 0.3, `start ${start}`);
  t.step(1000);
  const end = t.losses().test;
  assert.ok(end < 0.1, `test loss after 1000 steps ${end}`);
  assert.equal(t.steps, 1000);
  assert.equal(t.epoch, 40); // 250 training points, batches of 10
  const again = new Trainer(RELU_2X4);
  again.step(1000);
  assert.equal(again.losses().test, end);
});

test("deep sigmoid: first layer's gradient >= 100x smaller than the last's, loss flat; ReLU halves it", () => {
  const sigmoid = new Trainer(presetState("deep-sigmoid"));
  const relu = new Trainer(presetState("deep-relu"));
  const s0 = sigmoid.losses().train;
  const r0 = relu.losses().train;
  for (let i = 0; i < 10; i++) {
    sigmoid.step(200);
    const l = sigmoid.losses().train;
    assert.ok(Math.abs(l / s0 - 1) < 0.02, `sigmoid loss ${l} vs ${s0} after ${sigmoid.steps} steps`);
    const g = sigmoid.snapshot(1).gradMagnitudes;
    assert.equal(g.length, 7);
    assert.ok(g[6] >= 100 * g[0], `gradients ${g}`);
  }
  relu.step(2000);
  assert.ok(relu.losses().train < r0 / 2, `relu ${relu.losses().train} vs ${r0}`);
});

test("heat maps come from one batched forward and equal per-point forwards", () => {
  const t = new Trainer({ ...DEFAULT_STATE, hidden: [3, 2], activation: "elu", features: ["x1", "x2", "x1x2", "sinX2"] });
  t.step(30);
  const s = t.snapshot(7);
  assert.equal(s.gridSize, 7);
  assert.deepEqual(s.domain, [-6, 6]);
  assert.deepEqual(s.neuronGrids.map((layer) => layer.length), [3, 2]);
  const g = gridPoints(7, s.domain);
  for (let i = 0; i < 49; i++) {
    const one = t.evaluate(g[2 * i], g[2 * i + 1]);
    assert.ok(Math.abs(s.outputGrid[i] - one.output) < 1e-5, `output at ${i}`);
    one.hidden.forEach((layer, l) => layer.forEach((v, j) => assert.ok(Math.abs(s.neuronGrids[l][j][i] - v) < 1e-5, `neuron ${l}.${j} at ${i}`)));
  }
  // one batched forward: the network runs once on all 1600 grid points (and once per data set for the losses)
  const net = t.network;
  const forward = net.forward.bind(net);
  const rows: number[] = [];
  net.forward = (x, hidden) => { rows.push(x.shape[0]); return forward(x, hidden); };
  t.snapshot(40);
  assert.deepEqual(rows.sort((a, b) => a - b), [250, 250, 1600]);
});

test("snapshot: shapes, targets -1 / +1, weights [out][in], gradient per layer before any step", () => {
  const t = new Trainer({ ...DEFAULT_STATE, seed: 3 });
  const s = t.snapshot();
  assert.equal(s.epoch, 0);
  assert.equal(s.outputGrid.length, 2500);
  assert.deepEqual(s.weights.map((w) => [w.length, w[0].length]), [[4, 2], [2, 4], [1, 2]]);
  assert.deepEqual(s.biases.map((b) => b.length), [4, 2, 1]);
  assert.ok(s.biases.flat().every((b) => Math.abs(b - 0.1) < 1e-7));
  assert.ok(s.weights.flat(2).every((w) => Math.abs(w) <= 0.5));
  assert.equal(s.gradMagnitudes.length, 3);
  assert.ok(s.gradMagnitudes.every((g) => g > 0));
  assert.equal(s.train.x.length, 250);
  assert.equal(s.test.y.length, 250);
  assert.deepEqual([...new Set(s.train.y)].sort(), [-1, 1]);
  assert.ok(Math.abs(s.trainLoss - t.losses().train) < 1e-12);
  assert.equal(new Trainer({ ...DEFAULT_STATE, seed: 3 }).snapshot().trainLoss, s.trainLoss);
  const r = new Trainer({ ...DEFAULT_STATE, dataset: "plane", problem: "regression", trainRatio: 0.3 });
  assert.equal(r.snapshot(2).train.x.length, 360);
  t.step();
  assert.equal(t.epoch, 1);
  assert.equal(t.steps, 25);
});

test("update: learning rate, penalty, optimizer, batch size in place; anything else refused", () => {
  const t = new Trainer(DEFAULT_STATE);
  t.step(10);
  const before = t.snapshot(1).weights;
  assert.equal(t.update({ ...DEFAULT_STATE, learningRate: 0.3, optimizer: "adam", regularization: "l2", regularizationRate: 0.01, batchSize: 5 }), true);
  assert.equal(t.state.learningRate, 0.3);
  assert.equal(t.steps, 10);
  assert.deepEqual(t.snapshot(1).weights, before);
  assert.equal(t.batchesPerEpoch, 50);
  t.step(1);
  assert.notDeepEqual(t.snapshot(1).weights, before);
  for (const change of [{ hidden: [4] }, { activation: "relu" }, { seed: 2 }, { noise: 0.1 }, { features: ["x1"] }, { dataset: "xor" }] as Partial<PlaygroundState>[]) {
    assert.equal(t.update({ ...t.state, ...change }), false, JSON.stringify(change));
  }
  assert.equal(t.state.optimizer, "adam");
});

test("L1 and L2 shrink the weights; the gradient chart shows the data term", () => {
  const norm = (s: PlaygroundState): number => {
    const t = new Trainer(s);
    t.step(500);
    return t.snapshot(1).weights.flat(2).reduce((a, w) => a + Math.abs(w), 0);
  };
  const base = { ...DEFAULT_STATE, hidden: [6], learningRate: 0.1 };
  const none = norm(base);
  assert.ok(norm({ ...base, regularization: "l2", regularizationRate: 0.03 }) < 0.8 * none);
  assert.ok(norm({ ...base, regularization: "l1", regularizationRate: 0.01 }) < 0.8 * none);
  const a = new Trainer(base).snapshot(1).gradMagnitudes;
  const b = new Trainer({ ...base, regularization: "l2", regularizationRate: 1 }).snapshot(1).gradMagnitudes;
  assert.deepEqual(a, b);
});

test("regression: linear output, raw targets; plane and multiGaussian are learned", () => {
  for (const [dataset, below] of [["plane", 0.01], ["multiGaussian", 0.05]] as const) {
    const t = new Trainer({ ...DEFAULT_STATE, dataset, problem: "regression", hidden: [8, 8] });
    const s = t.snapshot(3);
    assert.equal(s.train.x.length, 600);
    assert.ok(s.train.y.some((y) => y !== 1 && y !== -1), "targets are values, not labels");
    const start = s.testLoss;
    t.step(2000);
    const end = t.losses().test;
    assert.ok(end < below && end < start / 3, `${dataset}: ${start} -> ${end}`);
  }
});

test("a state read back from its URL gives the same data, weights and first-step loss", () => {
  const s: PlaygroundState = { ...presetState("deep-relu"), noise: 0.2, trainRatio: 0.6, features: ["x1", "x2", "sinX1"], seed: 42 };
  const a = new Trainer(s);
  const b = new Trainer(stateFromQuery(stateToQuery(s)));
  const [sa, sb] = [a.snapshot(4), b.snapshot(4)];
  assert.deepEqual(sb.train, sa.train);
  assert.deepEqual(sb.weights, sa.weights);
  a.step(1);
  b.step(1);
  assert.equal(b.losses().train, a.losses().train);
  const other = new Trainer({ ...s, seed: 43 });
  assert.notDeepEqual(other.snapshot(1).weights, sa.weights);
});
