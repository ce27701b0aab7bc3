import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { EarlyStopping } from "../../../src/keras/callbacks/early_stopping.ts";
import { History } from "../../../src/keras/callbacks/history.ts";
import { Capture, FakeModel, runFit } from "./_fake_model.ts";

const series = (key: string, values: number[]) => values.map((v) => ({ loss: 1, [key]: v }));

/** Fit with "training" that leaves every weight equal to epoch + 1 after each epoch. */
async function fitWith(stop: EarlyStopping, values: number[], key = "val_loss") {
  const model = new FakeModel();
  const history = new History();
  const ran = await runFit(model, [stop, history], { epochLogs: series(key, values), onEpochTrained: (e) => model.train(e + 1) });
  return { model, history, ran };
}

test("EarlyStopping stops once patience epochs pass without improvement", async () => {
  const stop = new EarlyStopping({ patience: 2 });
  const { model, ran, history } = await fitWith(stop, [1.0, 0.8, 0.9, 0.85, 0.95, 0.7]);
  assert.equal(ran, 4);
  assert.equal(stop.stoppedEpoch, 3);
  assert.equal(model.stopTraining, true);
  assert.equal(stop.best, 0.8);
  assert.equal(stop.bestEpoch, 1);
  assert.deepEqual(history.epoch, [0, 1, 2, 3]);
  // without restoreBestWeights the last weights stay
  assert.deepEqual(model.weights[1].toArray(), [4, 4, 4]);
});

test("restoreBestWeights puts back exactly the best epoch's weights when it stops", async () => {
  const stop = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const { model } = await fitWith(stop, [1.0, 0.8, 0.9, 0.85, 0.95]);
  assert.equal(stop.stoppedEpoch, 3);
  assert.deepEqual(model.weights[0].toArray(), [[2, 2, 2], [2, 2, 2]]);
  assert.deepEqual(model.weights[1].toArray(), [2, 2, 2]);
});

test("a run that ends without stopping keeps its last weights (Keras 2)", async () => {
  const stop = new EarlyStopping({ patience: 5, restoreBestWeights: true });
  const { model, ran } = await fitWith(stop, [1.0, 0.5, 0.7]);
  assert.equal(ran, 3);
  assert.equal(stop.stoppedEpoch, 0);
  assert.deepEqual(model.weights[1].toArray(), [3, 3, 3]);
});

test("patience 0 stops at the first epoch without improvement, never at epoch 0", async () => {
  const stop = new EarlyStopping();
  const { ran } = await fitWith(stop, [1.0, 1.0, 0.5]);
  assert.equal(ran, 2);
  assert.equal(stop.stoppedEpoch, 1);
});

test("minDelta: a change smaller than minDelta is no improvement", async () => {
  const stop = new EarlyStopping({ minDelta: 0.1, patience: 1 });
  const { ran } = await fitWith(stop, [1.0, 0.95, 0.5]);
  assert.equal(ran, 2);
  const loose = new EarlyStopping({ minDelta: 0.01, patience: 1 });
  assert.equal((await fitWith(loose, [1.0, 0.95, 0.5])).ran, 3);
});

test("mode auto maximises names ending in acc, accuracy or auc; min otherwise", async () => {
  assert.equal(new EarlyStopping({ monitor: "val_acc" }).mode, "max");
  assert.equal(new EarlyStopping({ monitor: "accuracy" }).mode, "max");
  assert.equal(new EarlyStopping({ monitor: "val_auc" }).mode, "max");
  assert.equal(new EarlyStopping({ monitor: "loss" }).mode, "min");
  assert.equal(new EarlyStopping({ monitor: "val_acc", mode: "min" }).mode, "min");
  const stop = new EarlyStopping({ monitor: "val_acc", patience: 1 });
  const { ran } = await fitWith(stop, [0.5, 0.6, 0.55, 0.9], "val_acc");
  assert.equal(ran, 3);
  assert.equal(stop.best, 0.6);
});

test("baseline: epochs that do not beat it count towards patience; the best of them is restored", async () => {
  const stop = new EarlyStopping({ baseline: 0.5, patience: 3, restoreBestWeights: true });
  const { model, ran } = await fitWith(stop, [0.9, 0.7, 0.8, 0.75, 0.1]);
  assert.equal(ran, 3);
  assert.equal(stop.stoppedEpoch, 2);
  assert.deepEqual(model.weights[1].toArray(), [2, 2, 2]);
});

test("startFromEpoch: the first epochs are not watched", async () => {
  const stop = new EarlyStopping({ startFromEpoch: 2 });
  const { ran } = await fitWith(stop, [1, 2, 3, 3, 2]);
  assert.equal(ran, 4);
  assert.equal(stop.stoppedEpoch, 3);
});

test("a missing monitor key warns once per run and never stops", async () => {
  const warn = mock.method(console, "warn", () => {});
  try {
    const stop = new EarlyStopping({ monitor: "val_loss" });
    const { ran } = await fitWith(stop, [1, 2, 3], "other");
    assert.equal(ran, 3);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0].arguments[0]), /EarlyStopping: .*`val_loss` which is not available\. Available metrics are: loss,other/);
  } finally {
    warn.mock.restore();
  }
});

test("verbose 1 prints Keras's messages", async () => {
  const stream = new Capture();
  const stop = new EarlyStopping({ patience: 1, restoreBestWeights: true, verbose: 1, stream });
  await fitWith(stop, [1, 0.5, 0.6, 0.7]);
  assert.equal(stream.text, "Restoring model weights from the end of the best epoch: 2.\nEpoch 3: early stopping\n");
});

test("the callback can be reused: train begin resets its state", async () => {
  const stop = new EarlyStopping({ patience: 1 });
  await fitWith(stop, [1, 2, 3]);
  assert.equal(stop.stoppedEpoch, 1);
  const again = await fitWith(stop, [5, 4, 3]);
  assert.equal(again.ran, 3);
  assert.equal(stop.stoppedEpoch, 0);
  assert.equal(stop.best, 3);
});

test("bad options are errors naming the option", () => {
  assert.throws(() => new EarlyStopping({ patience: -1 }), /keras\.callbacks\.EarlyStopping: patience must be an integer >= 0, got -1/);
  assert.throws(() => new EarlyStopping({ mode: "down" as "min" }), /keras\.callbacks\.EarlyStopping: mode must be "auto", "min" or "max", got "down"/);
  assert.throws(() => new EarlyStopping({ minDelta: Number.NaN }), /EarlyStopping: minDelta must be a finite number/);
  assert.throws(() => new EarlyStopping({ monitor: "" }), /EarlyStopping: monitor must be a log key/);
});
