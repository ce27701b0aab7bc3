/**
 * `backprop train --checkpoint-every N` / `--resume DIR` in process, on a tiny IDX data set: a run
 * stopped after any step and resumed ends with the same model.safetensors bytes (and metrics) as a
 * run never stopped.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitMnist, parseTrainArgs, type TrainOptions } from "../../src/cli/train.ts";
import { decodeCheckpoint, encodeCheckpoint, loadCheckpoint } from "../../src/cli/checkpoint.ts";
import { serializeSafetensors } from "../../src/io/safetensors.ts";
import { tinyMnist } from "../helpers/idx.ts";


function withDirs(fn: (data: string, a: string, b: string) => void): void {
  const root = mkdtempSync(join(tmpdir(), "backprop-ckpt-"));
  try {
    tinyMnist(root);
    fn(root, join(root, "straight"), join(root, "stopped"));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const quiet = (): void => undefined;
const stop = new Error("stopped by the test");

function options(dataDir: string, out: string): TrainOptions {
  return { epochs: 2, batchSize: 16, lr: 0.1, hidden: 8, seed: 3, dataDir, out, checkpointEvery: 1 };
}

function withoutSeconds(path: string): unknown {
  const m = JSON.parse(readFileSync(path, "utf8")) as { options: { out?: string }; epochs: { seconds?: number }[] };
  return { options: { ...m.options, out: undefined }, epochs: m.epochs.map(({ seconds: _s, ...rest }) => rest) };
}

test("--resume after a stop at any step gives the uninterrupted run's model bytes and metrics", () => {
  withDirs((dataDir, a, b) => {
    fitMnist(options(dataDir, a), quiet);
    const want = readFileSync(join(a, "model.safetensors"));
    // 3 batches an epoch, 6 steps: stop mid-epoch, at an epoch's end, and at the very last step
    for (const k of [1, 2, 3, 4, 6]) {
      rmSync(b, { recursive: true, force: true });
      assert.throws(() => fitMnist(options(dataDir, b), quiet, true, {
        afterCheckpoint: (step) => {
          if (step === k) throw stop;
        },
      }), stop);
      assert.equal(loadCheckpoint(b).step, k);
      fitMnist({ ...options(dataDir, "ignored"), resume: b, out: b }, quiet);
      assert.ok(Buffer.compare(readFileSync(join(b, "model.safetensors")), want) === 0, `stopped after step ${k}: model bytes differ`);
      assert.deepEqual(withoutSeconds(join(b, "metrics.json")), withoutSeconds(join(a, "metrics.json")), `step ${k}`);
    }
    // stopped twice: resumed runs checkpoint and resume again
    rmSync(b, { recursive: true, force: true });
    const stopAt = (k: number) => ({ afterCheckpoint: (step: number) => { if (step === k) throw stop; } });
    assert.throws(() => fitMnist(options(dataDir, b), quiet, true, stopAt(2)), stop);
    assert.throws(() => fitMnist({ ...options(dataDir, b), resume: b }, quiet, true, stopAt(5)), stop);
    fitMnist({ ...options(dataDir, b), resume: b }, quiet);
    assert.ok(Buffer.compare(readFileSync(join(b, "model.safetensors")), want) === 0, "stopped twice: model bytes differ");
  });
});

test("--lr-step-size: the StepLR state goes in the checkpoint and --resume stays bit for bit", () => {
  withDirs((dataDir, a, b) => {
    const withScheduler = (out: string): TrainOptions => ({ ...options(dataDir, out), epochs: 3, lrStepSize: 1, lrGamma: 0.5 });
    const lines: string[] = [];
    fitMnist(withScheduler(a), (line) => lines.push(line));
    assert.deepEqual(lines.filter((l) => /^epoch \d/.test(l)).map((l) => /lr ([0-9.e-]+)/.exec(l)?.[1]), ["0.1000", "0.05000", "0.02500"]);
    const want = readFileSync(join(a, "model.safetensors"));
    const plain = join(b, "plain");
    fitMnist({ ...options(dataDir, plain), epochs: 3 }, quiet);
    assert.ok(Buffer.compare(readFileSync(join(plain, "model.safetensors")), want) !== 0, "the scheduler changes the model");
    // 3 batches an epoch: stop mid-epoch 2, at the end of epoch 1 (before its scheduler step), mid-epoch 3
    for (const k of [4, 3, 8]) {
      rmSync(b, { recursive: true, force: true });
      assert.throws(() => fitMnist(withScheduler(b), quiet, true, { afterCheckpoint: (step) => { if (step === k) throw stop; } }), stop);
      const ckpt = loadCheckpoint<TrainOptions>(b);
      assert.equal(ckpt.scheduler?.lastEpoch, Math.floor((k - 1) / 3), `step ${k}`);
      fitMnist({ ...withScheduler("ignored"), resume: b, out: b }, quiet);
      assert.ok(Buffer.compare(readFileSync(join(b, "model.safetensors")), want) === 0, `stopped after step ${k}: model bytes differ`);
      assert.deepEqual(withoutSeconds(join(b, "metrics.json")), withoutSeconds(join(a, "metrics.json")), `step ${k}`);
    }
    // a checkpoint whose scheduler state is missing or broken is refused
    const path = join(b, "checkpoint.safetensors");
    rmSync(b, { recursive: true, force: true });
    assert.throws(() => fitMnist(withScheduler(b), quiet, true, { afterCheckpoint: (step) => { if (step === 2) throw stop; } }), stop);
    const ckpt = decodeCheckpoint<TrainOptions>(readFileSync(path), "c");
    writeFileSync(path, encodeCheckpoint({ ...ckpt, scheduler: null }));
    assert.throws(() => fitMnist({ ...withScheduler(b), resume: b }, quiet), /checkpoint: .*: the scheduler state does not match the options/);
    writeFileSync(path, encodeCheckpoint({ ...ckpt, options: { ...ckpt.options, lrGamma: -1 } }));
    assert.throws(() => fitMnist({ ...withScheduler(b), resume: b }, quiet), /checkpoint: .*: option lrGamma is missing or invalid/);
  });
});

test("parseTrainArgs: --lr-step-size and --lr-gamma", () => {
  const o = parseTrainArgs(["--lr-step-size", "3", "--lr-gamma", "0.5", "--out", "x"]) as TrainOptions;
  assert.deepEqual([o.lrStepSize, o.lrGamma], [3, 0.5]);
  assert.equal((parseTrainArgs(["--lr-step-size", "2", "--out", "x"]) as TrainOptions).lrGamma, 0.1, "PyTorch's default gamma");
  assert.equal("lrStepSize" in (parseTrainArgs(["--out", "x"]) as TrainOptions), false, "no scheduler by default");
  assert.throws(() => parseTrainArgs(["--lr-gamma", "0.5"]), /--lr-gamma needs --lr-step-size/);
  assert.throws(() => parseTrainArgs(["--lr-step-size", "0"]), /--lr-step-size must be a positive integer, got '0'/);
  assert.throws(() => parseTrainArgs(["--lr-step-size", "2", "--lr-gamma", "-1"]), /--lr-gamma must be a positive number, got '-1'/);
  assert.throws(() => parseTrainArgs(["--lr-step-size", "2", "--lr-gamma", "x"]), /--lr-gamma must be a positive number, got 'x'/);
});

test("a checkpoint round-trips through its bytes, holding the position, the metrics and the generator", () => {
  withDirs((dataDir, a) => {
    assert.throws(() => fitMnist(options(dataDir, a), quiet, true, { afterCheckpoint: (step) => { if (step === 4) throw stop; } }), stop);
    const bytes = readFileSync(join(a, "checkpoint.safetensors"));
    const ckpt = decodeCheckpoint<TrainOptions>(bytes, "c");
    assert.deepEqual([ckpt.epoch, ckpt.batch, ckpt.step, ckpt.batches, ckpt.seen, ckpt.metrics.length], [2, 1, 4, 1, 16, 1]);
    assert.equal(ckpt.order?.length, 48);
    assert.equal(ckpt.options.hidden, 8);
    assert.deepEqual(Object.keys(ckpt.model).sort(), ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]);
    assert.ok(Buffer.compare(Buffer.from(encodeCheckpoint(ckpt)), bytes) === 0);
  });
});

test("checkpoint reader: a plain safetensors file or a broken metadata is a clear error", () => {
  const plain = serializeSafetensors({ w: { dtype: "float32", shape: [1], data: new Float32Array([1]) } });
  assert.throws(() => decodeCheckpoint(plain, "x.safetensors"), /^Error: checkpoint: x\.safetensors: no "backprop\.checkpoint" metadata/);
  const bad = serializeSafetensors({}, { "backprop.checkpoint": "{not json" });
  assert.throws(() => decodeCheckpoint(bad, "y"), /checkpoint: y: the checkpoint metadata is not JSON/);
  assert.throws(() => loadCheckpoint("/no/such/run"), /checkpoint: .*no checkpoint \(train with --checkpoint-every N first\)/);
  assert.equal(typeof encodeCheckpoint, "function");
});

test("parseTrainArgs: --checkpoint-every and --resume", () => {
  assert.equal((parseTrainArgs(["--checkpoint-every", "5", "--out", "x"]) as TrainOptions).checkpointEvery, 5);
  assert.throws(() => parseTrainArgs(["--checkpoint-every", "0"]), /--checkpoint-every must be a positive integer, got '0'/);
  assert.equal((parseTrainArgs(["--resume", "runs/x"]) as TrainOptions).resume, "runs/x");
  assert.throws(() => parseTrainArgs(["--resume", "runs/x", "--epochs", "3"]), /--resume takes every option from the checkpoint; drop --epochs/);
});

test("--resume refuses a checkpoint whose options are damaged", () => {
  withDirs((dataDir, a) => {
    assert.throws(() => fitMnist(options(dataDir, a), quiet, true, { afterCheckpoint: (step) => { if (step === 2) throw stop; } }), stop);
    const path = join(a, "checkpoint.safetensors");
    const ckpt = decodeCheckpoint<TrainOptions>(readFileSync(path), "c");
    writeFileSync(path, encodeCheckpoint({ ...ckpt, options: { ...ckpt.options, hidden: -4 } }));
    assert.throws(() => fitMnist({ ...options(dataDir, a), resume: a }, quiet), /checkpoint: .*: option hidden is missing or invalid/);
    writeFileSync(path, encodeCheckpoint({ ...ckpt, epoch: 99 }));
    assert.throws(() => fitMnist({ ...options(dataDir, a), resume: a }, quiet), /checkpoint: .*: epoch 99 is past the run's 2 epochs/);
  });
});
