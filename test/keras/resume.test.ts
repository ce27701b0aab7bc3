import { after, test, mock } from "node:test";
import assert from "node:assert/strict";
import fs, { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as bp from "../../src/index.ts";

const { keras } = bp;

const made: string[] = [];
after(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, removed when the file's tests end. */
function tmp(): string {
  const dir = mkdtempSync(join(tmpdir(), "bp-keras-resume-"));
  made.push(dir);
  return dir;
}

type OptimizerKind = "adam" | "sgd-momentum";

function makeModel(kind: OptimizerKind): bp.keras.Sequential {
  bp.manualSeed(11);
  const model = new keras.Sequential([
    new keras.layers.Dense({ units: 16, inputDim: 5, activation: "relu" }),
    new keras.layers.Dropout(0.3),
    new keras.layers.Dense({ units: 3, activation: "softmax" }),
  ]);
  const optimizer = kind === "adam"
    ? new keras.optimizers.Adam({ learningRate: 0.01 })
    : new keras.optimizers.SGD({ learningRate: 0.05, momentum: 0.9 });
  model.compile({ loss: "categorical_crossentropy", optimizer, metrics: ["acc"] });
  return model;
}

function data(): [bp.Tensor, bp.Tensor] {
  bp.manualSeed(5);
  const x = bp.randn(50, 5);
  const y = bp.nn.functional.oneHot(bp.randint(0, 3, [50]), 3).to("float32");
  return [x, y];
}

const weightsOf = (m: bp.keras.Model): number[][] => m.getWeights().map((w) => Array.from(w.data));

for (const kind of ["adam", "sgd-momentum"] as const) {
  test(`${kind}: loadModel of the epoch-3 ModelCheckpoint, then fit(initialEpoch 3) equals 6 uninterrupted epochs bit for bit`, async () => {
    const [x, y] = data();
    const dir = tmp();
    const fitOptions = { batchSize: 8, shuffle: true, verbose: 0 as const, validationSplit: 0.2 };

    const whole = makeModel(kind);
    const wholeHistory = await whole.fit(x, y, { ...fitOptions, epochs: 6 });

    // the "killed" run: 3 epochs, a checkpoint after each
    const first = makeModel(kind);
    const ckpt = new keras.callbacks.ModelCheckpoint({ filepath: join(dir, "ckpt-{epoch:02d}.safetensors") });
    await first.fit(x, y, { ...fitOptions, epochs: 3, callbacks: [ckpt] });
    assert.deepEqual(readdirSync(dir).sort(), ["ckpt-01.safetensors", "ckpt-02.safetensors", "ckpt-03.safetensors"]);

    bp.manualSeed(999); // the new process starts from another random state
    const restored = keras.models.loadModel(join(dir, "ckpt-03.safetensors"));
    assert.deepEqual(restored.trainingState?.epoch, 3);
    assert.equal(restored.trainingState?.batch, 0);
    assert.equal(restored.optimizer!.iterations, 3 * 5, "5 batches of 8 from 40 training samples, 3 epochs");
    const later = new keras.callbacks.ModelCheckpoint({ filepath: join(dir, "ckpt-{epoch:02d}.safetensors") });
    const history = await restored.fit(x, y, { ...fitOptions, epochs: 6, initialEpoch: 3, callbacks: [later] });

    assert.deepEqual(weightsOf(restored), weightsOf(whole));
    assert.deepEqual(history.epoch, [0, 1, 2, 3, 4, 5], "the History goes on from the checkpoint's");
    assert.deepEqual(history.history, wholeHistory.history);
    // the last checkpoint of the resumed run holds the whole History too
    const last = keras.models.loadModel(join(dir, "ckpt-06.safetensors"));
    assert.deepEqual(last.trainingState?.history.history.loss, wholeHistory.history.loss);
    assert.deepEqual(weightsOf(last), weightsOf(whole));
  });
}

test("mid-epoch checkpoints (saveFreq 3 of 5 batches an epoch) resume from the next batch: same weights, History and later files", async () => {
  const [x, y] = data();
  const a = tmp();
  const fitOptions = { batchSize: 8, shuffle: true, verbose: 0 as const, validationSplit: 0.2, epochs: 4 };
  const whole = makeModel("adam");
  const wholeHistory = await whole.fit(x, y, { ...fitOptions, callbacks: [new keras.callbacks.ModelCheckpoint({ filepath: join(a, "ck-{epoch}-{batch}.safetensors"), saveFreq: 3 })] });
  const files = readdirSync(a).sort();
  assert.deepEqual(files, ["ck-1-3", "ck-2-1", "ck-2-4", "ck-3-2", "ck-3-5", "ck-4-3"].map((f) => `${f}.safetensors`));
  for (const start of ["ck-1-3", "ck-2-4", "ck-3-5"]) {
    bp.manualSeed(999);
    const restored = keras.models.loadModel(join(a, `${start}.safetensors`));
    const state = restored.trainingState!;
    const [epoch, batch] = start.split("-").slice(1).map(Number);
    assert.deepEqual([state.epoch, state.batch], [epoch - 1, batch], start);
    assert.equal(state.progress?.order?.length, 40, "the epoch's shuffled order is in the file");
    const b = tmp();
    const history = await restored.fit(x, y, {
      ...fitOptions, initialEpoch: state.epoch,
      callbacks: [new keras.callbacks.ModelCheckpoint({ filepath: join(b, "ck-{epoch}-{batch}.safetensors"), saveFreq: 3 })],
    });
    assert.deepEqual(weightsOf(restored), weightsOf(whole), `resumed from ${start}`);
    assert.deepEqual(history.history, wholeHistory.history, `resumed from ${start}: the partial epoch's loss and acc too`);
    // the resumed run saves when and what the uninterrupted one saved, byte for byte
    const later = files.filter((f) => f > `${start}.safetensors`);
    assert.deepEqual(readdirSync(b).sort(), later, start);
    for (const f of later) assert.ok(Buffer.compare(readFileSync(join(a, f)), readFileSync(join(b, f))) === 0, `${f} (resumed from ${start})`);
  }
  // other data than the checkpoint's, or a damaged order, is a clear error
  const restored = keras.models.loadModel(join(a, "ck-2-4.safetensors"));
  await assert.rejects(restored.fit(x, y, { ...fitOptions, validationSplit: 0.4, initialEpoch: 1 }), /Sequential\.fit: the checkpoint's epoch order has 40 samples, but x has 30 training samples/);
  const { tensors, metadata } = bp.io.parseSafetensors(readFileSync(join(a, "ck-2-4.safetensors")));
  (tensors["fit/order"].data as Int32Array)[0] = 40;
  bp.io.writeSafetensorsFile(join(a, "bad.safetensors"), tensors, metadata);
  assert.throws(() => keras.models.loadModel(join(a, "bad.safetensors")), /training state: the epoch's sample order holds an index out of \[0, 40\)/);
});

test("saveBestOnly after a resume compares with the best of the resumed History, as the uninterrupted run does", async () => {
  const [x, y] = data();
  const fitOptions = { batchSize: 8, verbose: 0 as const, validationSplit: 0.2, epochs: 6 };
  // on random labels val_loss rises after a few epochs: a checkpoint that forgot the best would save more
  const best = (dir: string) => new keras.callbacks.ModelCheckpoint({ filepath: join(dir, "best-{epoch}.safetensors"), saveBestOnly: true, saveWeightsOnly: true });
  const a = tmp();
  await makeModel("sgd-momentum").fit(x, y, { ...fitOptions, callbacks: [best(a)] });
  const b = tmp();
  const last = new keras.callbacks.ModelCheckpoint({ filepath: join(b, "last.safetensors") });
  await makeModel("sgd-momentum").fit(x, y, { ...fitOptions, epochs: 3, callbacks: [last, best(b)] });
  const restored = keras.models.loadModel(join(b, "last.safetensors"));
  await restored.fit(x, y, { ...fitOptions, initialEpoch: 3, callbacks: [best(b)] });
  const bestFiles = (dir: string) => readdirSync(dir).filter((f) => f.startsWith("best-")).sort();
  assert.ok(bestFiles(a).length < 6, `some epochs did not improve: ${bestFiles(a).join()}`);
  assert.deepEqual(bestFiles(b), bestFiles(a));
});

test("without the optimizer or RNG state the resumed run differs (the test above can fail)", async () => {
  const [x, y] = data();
  const dir = tmp();
  const opts = { batchSize: 8, shuffle: true, verbose: 0 as const };
  const whole = makeModel("adam");
  await whole.fit(x, y, { ...opts, epochs: 4 });
  const first = makeModel("adam");
  await first.fit(x, y, { ...opts, epochs: 2 });
  first.save(join(dir, "a.safetensors"), { includeOptimizer: false });
  const noOpt = keras.models.loadModel(join(dir, "a.safetensors"));
  assert.equal(noOpt.optimizer!.iterations, 0);
  await noOpt.fit(x, y, { ...opts, epochs: 4, initialEpoch: 2 });
  assert.notDeepEqual(weightsOf(noOpt), weightsOf(whole));

  first.save(join(dir, "b.safetensors"));
  bp.manualSeed(1);
  const noRng = keras.models.loadModel(join(dir, "b.safetensors"), { restoreRngState: false });
  await noRng.fit(x, y, { ...opts, epochs: 4, initialEpoch: 2 });
  assert.notDeepEqual(weightsOf(noRng), weightsOf(whole));
});

test("the saved file keeps the weights under their state-dict names; loadWeights skips the optimizer's tensors", async () => {
  const [x, y] = data();
  const model = makeModel("adam");
  await model.fit(x, y, { epochs: 1, batchSize: 10, verbose: 0 });
  const path = join(tmp(), "m.safetensors");
  model.save(path);
  const names = Object.keys(bp.load(path)).sort();
  const [d0, , d1] = model.layers.map((l) => l.name);
  assert.deepEqual(names.filter((k) => !k.startsWith("optimizer/")), [`${d0}.bias`, `${d0}.weight`, `${d1}.bias`, `${d1}.weight`].sort());
  assert.ok(names.includes("optimizer/0/expAvg") && names.includes("optimizer/3/expAvgSq"), names.join());
  const saved = weightsOf(model);
  const copy = new keras.Sequential(model.layers, { name: "copy" });
  copy.setWeights(copy.getWeights().map((w) => bp.zerosLike(w)));
  assert.notDeepEqual(weightsOf(copy), saved);
  copy.loadWeights(path);
  assert.deepEqual(weightsOf(copy), saved);
});

test("a truncated or half-written checkpoint is a clear error on load", async () => {
  const [x, y] = data();
  const dir = tmp();
  const model = makeModel("sgd-momentum");
  await model.fit(x, y, { epochs: 1, batchSize: 10, verbose: 0 });
  const good = join(dir, "good.safetensors");
  model.save(good);
  const bytes = readFileSync(good);
  for (const keep of [4, 12, 100, bytes.length >> 1, bytes.length - 1]) {
    const cut = join(dir, `cut-${keep}.safetensors`);
    writeFileSync(cut, bytes.subarray(0, keep));
    assert.throws(() => keras.models.loadModel(cut), (err: Error) => {
      assert.match(err.message, /^keras\.models\.loadModel: /);
      assert.match(err.message, /cut-\d+\.safetensors/);
      assert.ok(err.message.length < 400, err.message);
      return true;
    });
  }
  // metadata that lies: an optimizer tensor listed but missing, a malformed training state
  const meta = bp.io.parseSafetensors(bytes).metadata;
  const tensors = bp.io.parseSafetensors(bytes).tensors;
  const bad = (metadata: Record<string, string>, name: string, pattern: RegExp): void => {
    const path = join(dir, name);
    bp.io.writeSafetensorsFile(path, tensors, metadata);
    assert.throws(() => keras.models.loadModel(path), pattern);
  };
  const opt = JSON.parse(meta.optimizer_state) as { tensors: string[] };
  bad({ ...meta, optimizer_state: JSON.stringify({ ...opt, tensors: [...opt.tensors, "optimizer/9/momentum_buffer"] }) }, "o.safetensors", /optimizer_state: the file has no tensor "optimizer\/9\/momentum_buffer"/);
  bad({ ...meta, training_state: JSON.stringify({ epoch: -1, batch: 0, history: { epoch: [], history: {} } }) }, "t.safetensors", /training state: epoch must be a non-negative integer, got -1/);
  bad({ ...meta, rng_state: JSON.stringify({ words: [0, 0, 0, 0], spareNormal: null }) }, "r.safetensors", /rng_state: setRngState: an all-zero state/);
  bad({ ...meta, optimizer_state: "{" }, "j.safetensors", /"optimizer_state" in the metadata is not valid JSON/);
});

test("a failed checkpoint write leaves the previous checkpoint intact and no temporary file", async () => {
  const [x, y] = data();
  const dir = tmp();
  const path = join(dir, "ckpt.safetensors");
  const model = makeModel("adam");
  const ckpt = new keras.callbacks.ModelCheckpoint({ filepath: path });
  await model.fit(x, y, { epochs: 1, batchSize: 10, verbose: 0, callbacks: [ckpt] });
  const before = readFileSync(path);
  const fsync = mock.method(fs, "fsyncSync", () => {
    throw new Error("EIO: i/o error, fsync");
  });
  try {
    await assert.rejects(model.fit(x, y, { epochs: 2, initialEpoch: 1, batchSize: 10, verbose: 0, callbacks: [ckpt] }), /EIO/);
  } finally {
    fsync.mock.restore();
  }
  assert.ok(fsync.mock.callCount() > 0, "the write reached fsync");
  assert.deepEqual(readFileSync(path), before);
  assert.deepEqual(readdirSync(dir), ["ckpt.safetensors"]);
  assert.equal(keras.models.loadModel(path).trainingState?.epoch, 1);
});

test("ModelCheckpoint removes the temporary files a killed save left, and nothing else", async () => {
  const [x, y] = data();
  const dir = tmp();
  const old = new Date(Date.now() - 3_600_000);
  const names = [
    "ckpt-3.safetensors.tmp-999999-0123456789ab", // a killed save of this callback: removed
    "ckpt-10.safetensors.tmp-1-aaaaaaaaaaaa", // the same
    `ckpt-3.safetensors.tmp-${process.pid}-0123456789ab`, // this process's own: kept
    "other.safetensors.tmp-999999-0123456789ab", // another file's: kept
    "ckpt-3.safetensors.tmp-999999-xyz", // not writeFileAtomic's pattern: kept
  ];
  for (const n of names) {
    writeFileSync(join(dir, n), "half");
    utimesSync(join(dir, n), old, old);
  }
  writeFileSync(join(dir, "ckpt-4.safetensors.tmp-999999-0123456789ab"), "written after the run began"); // kept
  utimesSync(join(dir, "ckpt-4.safetensors.tmp-999999-0123456789ab"), new Date(Date.now() + 60_000), new Date(Date.now() + 60_000));
  const model = makeModel("adam");
  await model.fit(x, y, { epochs: 1, batchSize: 25, verbose: 0, callbacks: [new keras.callbacks.ModelCheckpoint({ filepath: join(dir, "ckpt-{epoch}.safetensors") })] });
  assert.deepEqual(readdirSync(dir).sort(), [
    "ckpt-1.safetensors",
    "ckpt-3.safetensors.tmp-999999-xyz",
    `ckpt-3.safetensors.tmp-${process.pid}-0123456789ab`,
    "ckpt-4.safetensors.tmp-999999-0123456789ab",
    "other.safetensors.tmp-999999-0123456789ab",
  ].sort());
});
