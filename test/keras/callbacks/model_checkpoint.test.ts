import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { ModelCheckpoint } from "../../../src/keras/callbacks/model_checkpoint.ts";
import { Capture, FakeModel, runFit } from "./_fake_model.ts";

const logs = (valLoss: number[]) => valLoss.map((v, i) => ({ loss: 1 - i * 0.1, val_loss: v }));

test("saveBestOnly saves only on improvement, with the epoch (1-based) and logs in the name", async () => {
  const model = new FakeModel();
  const ckpt = new ModelCheckpoint({ filepath: "runs/w.{epoch:02d}-{val_loss:.2f}.safetensors", saveBestOnly: true, saveWeightsOnly: true });
  await runFit(model, [ckpt], { epochLogs: logs([0.9, 0.7, 0.8, 0.6, 0.6]) });
  assert.deepEqual(model.saves, [
    { kind: "saveWeights", path: "runs/w.01-0.90.safetensors" },
    { kind: "saveWeights", path: "runs/w.02-0.70.safetensors" },
    { kind: "saveWeights", path: "runs/w.04-0.60.safetensors" },
  ]);
  assert.equal(ckpt.best, 0.6);
});

test("without saveBestOnly every epoch is saved with model.save", async () => {
  const model = new FakeModel();
  await runFit(model, [new ModelCheckpoint({ filepath: "m-{epoch}-{loss:.4f}.bp" })], { epochLogs: logs([0.9, 0.95]) });
  assert.deepEqual(model.saves, [
    { kind: "save", path: "m-1-1.0000.bp" },
    { kind: "save", path: "m-2-0.9000.bp" },
  ]);
});

test("mode max (auto for accuracies) saves on increases", async () => {
  const model = new FakeModel();
  const ckpt = new ModelCheckpoint({ filepath: "best", monitor: "val_acc", saveBestOnly: true });
  assert.equal(ckpt.mode, "max");
  await runFit(model, [ckpt], { epochLogs: [0.5, 0.4, 0.7, 0.7].map((a) => ({ val_acc: a })) });
  assert.equal(model.saves.length, 2);
  assert.equal(new ModelCheckpoint({ filepath: "x", monitor: "val_auc" }).mode, "max");
  assert.equal(new ModelCheckpoint({ filepath: "x", monitor: "loss" }).mode, "min");
});

test("initialValueThreshold must be beaten by the first save", async () => {
  const model = new FakeModel();
  await runFit(model, [new ModelCheckpoint({ filepath: "w{epoch}", saveBestOnly: true, initialValueThreshold: 0.75 })], {
    epochLogs: logs([0.9, 0.7, 0.8]),
  });
  assert.deepEqual(model.saves.map((s) => s.path), ["w2"]);
});

test("a missing monitor key skips saving with a warning", async () => {
  const warn = mock.method(console, "warn", () => {});
  try {
    const model = new FakeModel();
    await runFit(model, [new ModelCheckpoint({ filepath: "w", saveBestOnly: true })], { epochLogs: [{ loss: 1 }] });
    assert.equal(model.saves.length, 0);
    assert.match(String(warn.mock.calls[0].arguments[0]), /ModelCheckpoint: can save best model only with val_loss available, skipping/);
  } finally {
    warn.mock.restore();
  }
});

test("a numeric saveFreq saves every N batches, counting across epochs, with {batch} 1-based", async () => {
  const model = new FakeModel();
  const ckpt = new ModelCheckpoint({ filepath: "w-e{epoch}-b{batch}", saveFreq: 3 });
  await runFit(model, [ckpt], { epochLogs: [{ loss: 1 }, { loss: 1 }], steps: 4 });
  // batches seen: 3 (epoch 1, batch 3), 6 (epoch 2, batch 2)
  assert.deepEqual(model.saves.map((s) => s.path), ["w-e1-b3", "w-e2-b2"]);
});

test("a field that no log holds is an error naming the field", async () => {
  const model = new FakeModel();
  const ckpt = new ModelCheckpoint({ filepath: "w-{val_acc:.2f}" });
  await assert.rejects(
    runFit(model, [ckpt], { epochLogs: [{ loss: 1, val_loss: 2 }] }),
    /keras\.callbacks\.ModelCheckpoint: filepath: "w-\{val_acc:\.2f\}" names field "val_acc", which is not available \(available: loss, val_loss, epoch\)/,
  );
  assert.equal(model.saves.length, 0);
});

test("a malformed filepath is refused at construction", () => {
  assert.throws(() => new ModelCheckpoint({ filepath: "w-{epoch" }), /keras\.callbacks\.ModelCheckpoint: filepath: unclosed "\{"/);
  assert.throws(() => new ModelCheckpoint({ filepath: "w-{epoch:q}" }), /ModelCheckpoint: filepath: field "epoch": invalid format spec "q"/);
  assert.throws(() => new ModelCheckpoint({ filepath: "" }), /ModelCheckpoint: filepath must be a non-empty string/);
  assert.throws(() => new ModelCheckpoint({ filepath: "w", saveFreq: 0 }), /ModelCheckpoint: saveFreq must be "epoch" or a positive integer/);
  assert.throws(() => new ModelCheckpoint({ filepath: "w", mode: "up" as "max" }), /ModelCheckpoint: mode must be/);
});

test("an integer format on a float log is Python's error", async () => {
  const ckpt = new ModelCheckpoint({ filepath: "w-{loss:02d}" });
  await assert.rejects(runFit(new FakeModel(), [ckpt], { epochLogs: [{ loss: 1 }] }), /field "loss": format code "d" does not apply to a float \(1\.0\)/);
});

test("verbose 1 prints Keras's messages", async () => {
  const stream = new Capture();
  const model = new FakeModel();
  await runFit(model, [new ModelCheckpoint({ filepath: "w{epoch}", saveBestOnly: true, verbose: 1, stream })], { epochLogs: logs([0.9, 0.95]) });
  await runFit(model, [new ModelCheckpoint({ filepath: "a", verbose: 1, stream })], { epochLogs: logs([0.9]) });
  assert.equal(
    stream.text,
    "\nEpoch 1: val_loss improved from inf to 0.90000, saving model to w1\n" +
      "\nEpoch 2: val_loss did not improve from 0.90000\n" +
      "\nEpoch 1: saving model to a\n",
  );
});
