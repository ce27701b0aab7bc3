import { test } from "node:test";
import assert from "node:assert/strict";
import { Trainer } from "../../playground/src/trainer.ts";
import { DEFAULT_STATE, presetState, type PlaygroundState } from "../../playground/src/state.ts";

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
