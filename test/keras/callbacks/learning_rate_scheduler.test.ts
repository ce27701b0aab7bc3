import { test } from "node:test";
import assert from "node:assert/strict";
import { LearningRateScheduler } from "../../../src/keras/callbacks/learning_rate_scheduler.ts";
import { History } from "../../../src/keras/callbacks/history.ts";
import { Capture, FakeModel, runFit } from "./_fake_model.ts";

test("LearningRateScheduler sets the rate at each epoch begin from (epoch, lr) and logs it as lr", async () => {
  const model = new FakeModel();
  const seenAtBatch: number[] = [];
  const calls: [number, number][] = [];
  const history = new History();
  const sched = new LearningRateScheduler((epoch, lr) => {
    calls.push([epoch, lr]);
    return epoch < 2 ? lr : lr * 0.5;
  });
  await runFit(model, [sched, { onBatchBegin: (b) => void (b === 0 && seenAtBatch.push(model.optimizer!.learningRate)) }, history], {
    epochLogs: [{ loss: 1 }, { loss: 1 }, { loss: 1 }, { loss: 1 }],
  });
  assert.deepEqual(calls, [[0, 0.01], [1, 0.01], [2, 0.01], [3, 0.005]]);
  assert.deepEqual(seenAtBatch, [0.01, 0.01, 0.005, 0.0025]);
  assert.deepEqual(history.history.lr, [0.01, 0.01, 0.005, 0.0025]);
  assert.equal(model.optimizer!.learningRate, 0.0025);
});

test("verbose 1 prints Keras's message with Python's float repr", async () => {
  const stream = new Capture();
  await runFit(new FakeModel(), [new LearningRateScheduler(() => 1e-5, { verbose: 1, stream })], { epochLogs: [{ loss: 1 }] });
  assert.equal(stream.text, "\nEpoch 1: LearningRateScheduler setting learning rate to 1e-05.\n");
});

test("a schedule that returns no finite number, or a model without optimizer, is an error", async () => {
  await assert.rejects(
    runFit(new FakeModel(), [new LearningRateScheduler(() => Number.NaN)], { epochLogs: [{ loss: 1 }] }),
    /keras\.callbacks\.LearningRateScheduler: the schedule must return a finite number, got NaN at epoch 0/,
  );
  await assert.rejects(
    runFit(new FakeModel(), [new LearningRateScheduler(() => "0.1" as unknown as number)], { epochLogs: [{ loss: 1 }] }),
    /schedule must return a finite number, got 0\.1/,
  );
  const bare = new FakeModel();
  bare.optimizer = null;
  await assert.rejects(
    runFit(bare, [new LearningRateScheduler((_e, lr) => lr)], { epochLogs: [{ loss: 1 }] }),
    /LearningRateScheduler: the model has no optimizer with a learningRate \(compile the model first\)/,
  );
  assert.throws(() => new LearningRateScheduler(0.1 as unknown as () => number), /LearningRateScheduler: schedule must be a function/);
});
