import { test } from "node:test";
import assert from "node:assert/strict";
import { History } from "../../../src/keras/callbacks/history.ts";
import { FakeModel, runFit } from "./_fake_model.ts";

test("History records each epoch's logs under their keys, in first-seen order, and the epoch indices", async () => {
  const history = new History();
  const logs = [
    { loss: 0.9, acc: 0.5, val_loss: 1.0, val_acc: 0.4 },
    { loss: 0.7, acc: 0.6, val_loss: 0.8, val_acc: 0.5 },
    { loss: 0.5, acc: 0.7, val_loss: 0.6, val_acc: 0.6 },
  ];
  await runFit(new FakeModel(), [history], { epochLogs: logs });
  assert.deepEqual(history.epoch, [0, 1, 2]);
  assert.deepEqual(Object.keys(history.history), ["loss", "acc", "val_loss", "val_acc"]);
  assert.deepEqual(history.history.loss, [0.9, 0.7, 0.5]);
  assert.deepEqual(history.history.val_acc, [0.4, 0.5, 0.6]);
});

test("a key that appears later gets a list from that epoch on (as Keras's setdefault)", async () => {
  const history = new History();
  await runFit(new FakeModel(), [history], { epochLogs: [{ loss: 1 }, { loss: 2, val_loss: 3 }] });
  assert.deepEqual(history.history, { loss: [1, 2], val_loss: [3] });
});

test("epoch restarts at each train begin", async () => {
  const history = new History();
  const model = new FakeModel();
  await runFit(model, [history], { epochLogs: [{ loss: 1 }] });
  await runFit(model, [history], { epochLogs: [{ loss: 2 }, { loss: 3 }] });
  assert.deepEqual(history.epoch, [0, 1]);
});
