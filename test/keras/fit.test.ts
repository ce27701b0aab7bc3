import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as bp from "../../src/index.ts";

const { keras } = bp;

/** A seeded, linearly separable binary set: label 1 when x0 + x1 > 0. */
function binarySet(n: number, seed: number): { x: bp.Tensor; y: bp.Tensor } {
  bp.manualSeed(seed);
  const x = bp.randn(n, 2);
  const y = x.index(":", 0).add(x.index(":", 1)).gt(0).to("float32");
  return { x, y };
}

function binaryModel(): bp.keras.Sequential {
  const model = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 2, activation: "sigmoid" })]);
  return model;
}

test("History keys follow what the user wrote: acc, accuracy, a custom metric, val_ entries", async () => {
  const { x, y } = binarySet(64, 1);
  function meanPrediction(_yTrue: bp.Tensor, yPred: bp.Tensor): bp.Tensor {
    return yPred.mean(-1);
  }
  for (const [metrics, keys] of [
    [["acc"], ["loss", "acc", "val_loss", "val_acc"]],
    [["accuracy", "mae"], ["loss", "accuracy", "mae", "val_loss", "val_accuracy", "val_mae"]],
    [[meanPrediction], ["loss", "meanPrediction", "val_loss", "val_meanPrediction"]],
  ] as const) {
    const model = binaryModel();
    model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: [...metrics] });
    const h = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, validationData: [x, y] });
    assert.deepEqual(Object.keys(h.history), keys);
    assert.deepEqual(h.epoch, [0, 1, 2]);
    for (const k of keys) assert.equal(h.history[k].length, 3);
    assert.equal(model.history, h);
  }
});

test("the epoch loss is the mean of the batch losses weighted by batch size, as Keras reports it", async () => {
  const { x, y } = binarySet(20, 2);
  const a = binaryModel();
  const b = binaryModel();
  b.setWeights(a.getWeights());
  a.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  b.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  const h = await a.fit(x, y, { epochs: 1, batchSize: 8, shuffle: false, verbose: 0 });
  const losses = [[0, 8], [8, 16], [16, 20]].map(([s, e]) => (b.trainOnBatch(x.index(`${s}:${e}`), y.index(`${s}:${e}`)) as number) * (e - s));
  const expected = losses.reduce((p, q) => p + q, 0) / 20;
  assert.ok(Math.abs(h.history.loss[0] - expected) < 1e-6, `${h.history.loss[0]} vs ${expected}`);
  assert.deepEqual(a.getWeights().map((w) => Array.from(w.data)), b.getWeights().map((w) => Array.from(w.data)));
});

test("validationSplit holds out the LAST fraction of the samples, before shuffling", async () => {
  const { x, y } = binarySet(50, 3);
  const model = binaryModel();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
  const seen: number[] = [];
  const h = await model.fit(x, y, {
    epochs: 2, batchSize: 7, verbose: 0, validationSplit: 0.2,
    callbacks: [{ onBatchBegin: (_b: number, logs?: bp.keras.Logs) => void seen.push(logs?.size ?? 0) }],
  });
  assert.equal(seen.slice(0, 6).reduce((p, q) => p + q, 0), 40, "40 training samples per epoch");
  const [valLoss, valAcc] = model.evaluate(x.index("40:"), y.index("40:"), { verbose: 0 }) as number[];
  assert.ok(Math.abs(h.history.val_loss[1] - valLoss) < 1e-7);
  assert.equal(h.history.val_acc[1], valAcc);
});

test("classWeight weights each sample's loss by its class, divided by the batch size (Keras's rule)", () => {
  const { x, y } = binarySet(16, 4);
  const model = binaryModel();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  const p = model.predict(x).reshape(-1).clamp(1e-7, 1 - 1e-7);
  const t = y;
  const perSample = t.mul(p.log()).add(t.neg().add(1).mul(p.neg().add(1).log())).neg();
  const w = t.mul(2).add(1); // class 0 -> 1, class 1 -> 3
  const expected = perSample.mul(w).sum().item() / 16;
  const loss = model.trainOnBatch(x, y, { classWeight: { 0: 1, 1: 3 } }) as number;
  assert.ok(Math.abs(loss - expected) < 1e-5, `${loss} vs ${expected}`);
  assert.throws(() => model.trainOnBatch(x, y, { classWeight: { 0: 1 } }), /classWeight has no weight for class 1/);
});

test("EarlyStopping with restoreBestWeights puts back the best epoch's weights", async () => {
  // a learning rate far too large: the loss grows every epoch, so the first epoch is the best
  bp.manualSeed(5);
  const x = bp.randn(32, 3);
  const y = x.matmul(bp.tensor([[1], [-2], [0.5]]));
  const model = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 3 })]);
  model.compile({ loss: "mse", optimizer: new keras.optimizers.SGD({ learningRate: 1.5 }) });
  const snapshots: bp.Tensor[][] = [];
  const record = { onEpochEnd: () => void snapshots.push(model.getWeights()) };
  const stopper = new keras.callbacks.EarlyStopping({ monitor: "loss", patience: 2, restoreBestWeights: true });
  const h = await model.fit(x, y, { epochs: 20, batchSize: 32, shuffle: false, verbose: 0, callbacks: [record, stopper] });
  const losses = h.history.loss;
  assert.equal(losses.length, 3, "stopped after patience 2 epochs without improvement");
  assert.ok(losses[1] > losses[0] && losses[2] > losses[0]);
  const best = losses.indexOf(Math.min(...losses));
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), snapshots[best].map((w) => Array.from(w.data)));
  assert.notDeepEqual(Array.from(snapshots[2][0].data), Array.from(snapshots[best][0].data));
});

test("ModelCheckpoint with saveBestOnly writes only when the monitored value improves", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-keras-ckpt-"));
  bp.manualSeed(6);
  const x = bp.randn(32, 3);
  const y = x.matmul(bp.tensor([[1], [-2], [0.5]]));
  const model = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 3 })]);
  model.compile({ loss: "mse", optimizer: new keras.optimizers.SGD({ learningRate: 1.5 }) });
  const checkpoint = new keras.callbacks.ModelCheckpoint({ filepath: join(dir, "model_{epoch:02d}_{loss:.2f}.safetensors"), monitor: "loss", saveBestOnly: true });
  const h = await model.fit(x, y, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0, callbacks: [checkpoint] });
  const files = readdirSync(dir);
  assert.deepEqual(files, [`model_01_${h.history.loss[0].toFixed(2)}.safetensors`], "only the first (best) epoch was written");
  const loaded = keras.models.loadModel(join(dir, files[0]));
  assert.equal(loaded.countParams(), 4);
  // a converging run improves every epoch and writes every epoch
  const dir2 = mkdtempSync(join(tmpdir(), "bp-keras-ckpt-"));
  const good = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 3 })]);
  good.compile({ loss: "mse", optimizer: new keras.optimizers.SGD({ learningRate: 0.1 }) });
  await good.fit(x, y, { epochs: 3, batchSize: 32, shuffle: false, verbose: 0, callbacks: [new keras.callbacks.ModelCheckpoint({ filepath: join(dir2, "m{epoch}.safetensors"), monitor: "loss", saveBestOnly: true })] });
  assert.deepEqual(readdirSync(dir2).sort(), ["m1.safetensors", "m2.safetensors", "m3.safetensors"]);
  assert.ok(!existsSync(join(dir2, "m4.safetensors")));
});

test("an AbortSignal stops fit after the current batch and resolves with the history so far", async () => {
  const { x, y } = binarySet(80, 7);
  const model = binaryModel();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  const controller = new AbortController();
  let batches = 0;
  const h = await model.fit(x, y, {
    epochs: 5, batchSize: 10, verbose: 0, signal: controller.signal,
    callbacks: [{
      onBatchEnd: () => {
        batches++;
        if (batches === 8 + 3) controller.abort(); // the 4th batch of the second epoch
      },
    }],
  });
  assert.equal(batches, 11, "no batch ran after the abort");
  assert.deepEqual(h.epoch, [0], "the first epoch finished; the aborted one is not recorded");
  assert.equal(h.history.loss.length, 1);
});

test("stopTraining set by a callback stops after the current batch", async () => {
  const { x, y } = binarySet(40, 8);
  const model = binaryModel();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  let batches = 0;
  const h = await model.fit(x, y, {
    epochs: 3, batchSize: 10, verbose: 0,
    callbacks: [{ onBatchEnd: (b: number) => { batches++; if (b === 1) model.stopTraining = true; } }],
  });
  assert.equal(batches, 2);
  assert.equal(h.history.loss.length, 1, "the epoch that was stopped still ends, as in Keras");
});

test("fit lets the event loop run between batches", async () => {
  const { x, y } = binarySet(40, 9);
  const model = binaryModel();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  let fired = false;
  setTimeout(() => (fired = true), 0);
  const firedAt: boolean[] = [];
  const busy = (ms: number): void => {
    const end = Date.now() + ms;
    while (Date.now() < end) { /* each batch takes longer than the 50 ms yield interval */ }
  };
  await model.fit(x, y, { epochs: 1, batchSize: 10, verbose: 0, callbacks: [{ onBatchEnd: () => { busy(60); firedAt.push(fired); } }] });
  assert.equal(firedAt.length, 4);
  assert.equal(firedAt[3], true, "a timer set before fit ran before the last batch ended");
});

test("bad targets and inputs are clear errors thrown before any training", async () => {
  const { x, y } = binarySet(12, 10);
  const model = new keras.Sequential([new keras.layers.Dense({ units: 3, inputDim: 2, activation: "softmax" })]);
  model.compile({ loss: "categorical_crossentropy", optimizer: "sgd" });
  const before = model.getWeights().map((w) => Array.from(w.data));
  await assert.rejects(model.fit(x, y, { verbose: 0 }), /Sequential.fit: loss "categorical_crossentropy": expects one-hot rows of shape \[12, 3\], got y of shape \[12\]/);
  await assert.rejects(model.fit(x, bp.zeros(11, 3), { verbose: 0 }), /x and y must have the same number of samples, got x with 12 \(shape \[12, 2\]\) and y with 11/);
  await assert.rejects(model.fit(bp.zeros(12, 5), bp.zeros(12, 3), { verbose: 0 }), /layer "dense\w*" expects samples of shape \[2\] \(inputDim 2\), but x has shape \[12, 5\]/);
  assert.deepEqual(model.getWeights().map((w) => Array.from(w.data)), before);
  const fresh = binaryModel();
  await assert.rejects(fresh.fit(x, y), /compile the model before training/);
  assert.throws(() => model.compile({ loss: "msee" }), /msee/);
});

test("evaluate returns the loss, or [loss, ...metrics]; predict returns a Tensor", () => {
  const { x, y } = binarySet(30, 11);
  const model = binaryModel();
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
  const loss = model.evaluate(x, y, { verbose: 0 });
  assert.equal(typeof loss, "number");
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc", "mse"] });
  const all = model.evaluate(x, y, { batchSize: 7, verbose: 0 }) as number[];
  assert.equal(all.length, 3);
  assert.ok(Math.abs(all[0] - (loss as number)) < 1e-6, "batching does not change the mean");
  const p = model.predict(x, { batchSize: 7 });
  assert.deepEqual(p.shape, [30, 1]);
  const acc = p.gt(0.5).to("float32").reshape(-1).eq(y).to("float32").mean().item();
  assert.ok(Math.abs(all[1] - acc) < 1e-6);
});

/** Runs `fn` with process.stdout captured (as a pipe: not a TTY); returns what was written. */
async function captureStdout(fn: () => Promise<unknown>): Promise<string> {
  const chunks: string[] = [];
  const write = process.stdout.write;
  const isTTY = process.stdout.isTTY;
  process.stdout.write = ((chunk: string | Uint8Array) => {
    chunks.push(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk));
    return true;
  }) as typeof process.stdout.write;
  Object.defineProperty(process.stdout, "isTTY", { value: false, configurable: true });
  try {
    await fn();
  } finally {
    process.stdout.write = write;
    Object.defineProperty(process.stdout, "isTTY", { value: isTTY, configurable: true });
  }
  return chunks.join("");
}

/** Masks the timing fields of Keras's progress lines. */
function maskTimes(text: string): string {
  return text.replace(/\d+(ms|us|s)\/(step|epoch)/g, "T/$2").replace(/ - \d+s/g, " - Ns");
}

test("fit's terminal output: verbose 2 prints one line per epoch, verbose 1 on a pipe the finished bars", async () => {
  const { x, y } = binarySet(40, 12);
  const run = async (verbose: 1 | 2): Promise<string> => {
    const model = binaryModel();
    model.setWeights([bp.tensor([[0.5], [-0.25]]), bp.tensor([0.1])]);
    model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
    return captureStdout(() => model.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose, validationData: [x, y] }));
  };
  const lines2 = maskTimes(await run(2)).split("\n");
  assert.equal(lines2.length, 5);
  assert.equal(lines2[0], "Epoch 1/2");
  assert.match(lines2[1], /^3\/3 - Ns - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4} - T\/epoch - T\/step$/);
  assert.equal(lines2[2], "Epoch 2/2");
  assert.equal(lines2[4], "");
  const lines1 = maskTimes(await run(1)).split("\n");
  assert.equal(lines1.length, 5);
  assert.match(lines1[1], /^3\/3 \[==============================\] - Ns T\/step - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4}$/);
  // the numbers printed are the History's
  const model = binaryModel();
  model.setWeights([bp.tensor([[0.5], [-0.25]]), bp.tensor([0.1])]);
  model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
  const h = await model.fit(x, y, { epochs: 2, batchSize: 16, shuffle: false, verbose: 0, validationData: [x, y] });
  assert.ok(lines2[3].includes(`loss: ${h.history.loss[1].toFixed(4)} - acc: ${h.history.acc[1].toFixed(4)}`));
  assert.equal(maskTimes(await captureStdout(async () => model.evaluate(x, y, { verbose: 0 }))), "");
});
