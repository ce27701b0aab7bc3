import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { ReduceLROnPlateau } from "../../../src/keras/callbacks/reduce_lr_on_plateau.ts";
import { History } from "../../../src/keras/callbacks/history.ts";
import { Capture, FakeModel, runFit } from "./_fake_model.ts";

async function plateau(cb: ReduceLROnPlateau, valLoss: number[], model = new FakeModel()) {
  const history = new History();
  const rates: number[] = [];
  await runFit(model, [cb, history, { onEpochEnd: () => void rates.push(model.optimizer!.learningRate) }], {
    epochLogs: valLoss.map((v) => ({ loss: 1, val_loss: v })),
  });
  return { history, rates, model };
}

test("ReduceLROnPlateau multiplies the rate by factor after patience epochs without improvement", async () => {
  const { rates, history } = await plateau(new ReduceLROnPlateau({ factor: 0.5, patience: 2 }), [1, 0.9, 0.95, 0.92, 0.91, 0.8, 0.85]);
  // epochs 2 and 3 do not improve on 0.9: reduced at epoch 3; epoch 4 (0.91) and 6 do not improve either
  assert.deepEqual(rates, [0.01, 0.01, 0.01, 0.005, 0.005, 0.005, 0.005]);
  // the logs get the rate before the reduction, as Keras writes it
  assert.deepEqual(history.history.lr, [0.01, 0.01, 0.01, 0.01, 0.005, 0.005, 0.005]);
});

test("minDelta: smaller changes are no improvement; cooldown pauses counting; minLr floors the rate", async () => {
  const delta = await plateau(new ReduceLROnPlateau({ factor: 0.5, patience: 1, minDelta: 0.1 }), [1, 0.95, 0.5]);
  assert.deepEqual(delta.rates, [0.01, 0.005, 0.005]);
  const cool = await plateau(new ReduceLROnPlateau({ factor: 0.5, patience: 1, cooldown: 2, minDelta: 0 }), [1, 1, 1, 1, 1, 1]);
  // Keras's order: reduce at epoch 1 (counter 2); epoch 2 counts it down to 1 and is still in cooldown;
  // epoch 3 counts it down to 0 and, out of cooldown, counts a wait and reduces; and so on
  assert.deepEqual(cool.rates, [0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125]);
  const floor = await plateau(new ReduceLROnPlateau({ factor: 0.1, patience: 1, minLr: 0.004 }), [1, 1, 1, 1]);
  assert.deepEqual(floor.rates, [0.01, 0.004, 0.004, 0.004]);
});

test("mode auto watches accuracies upward", async () => {
  const cb = new ReduceLROnPlateau({ monitor: "val_acc", factor: 0.5, patience: 1 });
  assert.equal(cb.mode, "max");
  const model = new FakeModel();
  const rates: number[] = [];
  await runFit(model, [cb, { onEpochEnd: () => void rates.push(model.optimizer!.learningRate) }], {
    epochLogs: [0.5, 0.6, 0.55].map((a) => ({ val_acc: a })),
  });
  assert.deepEqual(rates, [0.01, 0.01, 0.005]);
});

test("a missing monitor key warns once and changes nothing", async () => {
  const warn = mock.method(console, "warn", () => {});
  try {
    const model = new FakeModel();
    await runFit(model, [new ReduceLROnPlateau({ patience: 0 })], { epochLogs: [{ loss: 1 }, { loss: 1 }] });
    assert.equal(model.optimizer!.learningRate, 0.01);
    assert.equal(warn.mock.callCount(), 1);
    assert.match(String(warn.mock.calls[0].arguments[0]), /ReduceLROnPlateau: .*`val_loss` which is not available\. Available metrics are: loss,lr/);
  } finally {
    warn.mock.restore();
  }
});

test("verbose 1 prints Keras's message", async () => {
  const stream = new Capture();
  await plateau(new ReduceLROnPlateau({ factor: 0.5, patience: 1, verbose: 1, stream }), [1, 1]);
  assert.equal(stream.text, "\nEpoch 2: ReduceLROnPlateau reducing learning rate to 0.005.\n");
});

test("bad options are errors naming the option", () => {
  assert.throws(() => new ReduceLROnPlateau({ factor: 1 }), /keras\.callbacks\.ReduceLROnPlateau: factor must be < 1\.0/);
  assert.throws(() => new ReduceLROnPlateau({ patience: 1.5 }), /ReduceLROnPlateau: patience must be an integer >= 0/);
  assert.throws(() => new ReduceLROnPlateau({ minLr: -1 }), /ReduceLROnPlateau: minLr must be >= 0/);
});
