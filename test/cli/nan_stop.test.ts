/**
 * `backprop train` on a NaN or Inf: it stops by default with the epoch, batch and loss (as Keras's
 * TerminateOnNaN), `detectAnomaly` names the op, `terminateOnNan: false` trains on; and the check reads
 * the loss no more often than the progress line already did.
 */
import { test, mock } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import * as bp from "../../src/index.ts";
import { TrainingStopped, fitMnist, type TrainOptions } from "../../src/cli/train.ts";
import { loadCheckpoint } from "../../src/cli/checkpoint.ts";
import { tinyMnist, withTempDir } from "../helpers/idx.ts";

const quiet = (): void => undefined;

/** A run that diverges: lr 1e6 overflows fc2's outputs in the 5th step (of 6 an epoch). */
function diverging(dir: string, extra: Partial<TrainOptions> = {}): TrainOptions {
  return { epochs: 2, batchSize: 8, lr: 1e6, hidden: 8, seed: 11, dataDir: dir, out: join(dir, "out"), ...extra };
}

test("a NaN loss stops training with the epoch, batch, value and a hint; the last checkpoint is the last good state", () => {
  withTempDir("backprop-nan-", (dir) => {
    tinyMnist(dir);
    const checkpoints: number[] = [];
    assert.throws(
      () => fitMnist(diverging(dir, { checkpointEvery: 1 }), quiet, true, { afterCheckpoint: (step) => checkpoints.push(step) }),
      (err: Error) => {
        assert.ok(err instanceof TrainingStopped);
        assert.match(err.message, /^epoch 1, batch 5\/6: the loss is NaN; training stopped \(as Keras's TerminateOnNaN\), before this step changed the weights\. Rerun with --detect-anomaly/);
        assert.match(err.message, /--no-terminate-on-nan/);
        assert.ok(err.message.length < 400);
        return true;
      },
    );
    assert.deepEqual(checkpoints, [1, 2, 3, 4]);
    const weights = Object.values(loadCheckpoint(join(dir, "out")).model).flatMap((t) => Array.from(t.data));
    assert.ok(weights.every(Number.isFinite), "the checkpoint before the bad step holds finite weights");
    assert.equal(existsSync(join(dir, "out", "model.safetensors")), false, "no model of garbage is saved");
    // what the hint says: resumed from that checkpoint with --detect-anomaly, the same step names the op
    assert.throws(() => fitMnist({ ...diverging(dir), resume: join(dir, "out"), detectAnomaly: true }, quiet), /^Error: epoch 1, batch 5\/6: autograd\.detectAnomaly: Function 'Linear' returned inf values/);
  });
});

test("detectAnomaly names the op that made the Inf, its input shapes and where it was created, then turns off again", () => {
  withTempDir("backprop-nan-", (dir) => {
    tinyMnist(dir);
    assert.equal(bp.autograd.isAnomalyEnabled(), false);
    assert.throws(() => fitMnist(diverging(dir, { detectAnomaly: true }), quiet), (err: Error) => {
      assert.ok(err instanceof TrainingStopped);
      assert.match(err.message, /^epoch 1, batch 5\/6: autograd\.detectAnomaly: Function 'Linear' returned inf values in its output \(forward\); input shapes: \[\[8, 8\], \[10, 8\], \[10\]\]\./);
      assert.match(err.message, /The op was created at \(most recent call first\):\n {2}at .*nan_stop\.test\.ts/, "the caller's code (the CLI test checks the library's frames)");
      return true;
    });
    assert.equal(bp.autograd.isAnomalyEnabled(), false, "the setting comes back after the run");
    // on only while training runs, and only when asked for
    const seen: boolean[] = [];
    const hooks = { afterCheckpoint: () => seen.push(bp.autograd.isAnomalyEnabled()) };
    fitMnist({ ...diverging(dir, { checkpointEvery: 6, detectAnomaly: true }), lr: 0.1, epochs: 1 }, quiet, false, hooks);
    fitMnist({ ...diverging(dir, { checkpointEvery: 6 }), lr: 0.1, epochs: 1 }, quiet, false, hooks);
    assert.deepEqual(seen, [true, false]);
  });
});

test("terminateOnNan false trains on through the NaN, and the check adds no read of the loss", () => {
  withTempDir("backprop-nan-", (dir) => {
    tinyMnist(dir);
    const item = mock.method(bp.Tensor.prototype, "item");
    try {
      const { metrics } = fitMnist(diverging(dir, { terminateOnNan: false }), quiet);
      assert.equal(metrics.length, 2);
      assert.ok(Number.isNaN(metrics[1].trainLoss));
      // one read of the loss per step (12) and one per test batch per epoch (2): the same as before the check
      assert.equal(item.mock.callCount(), 12 + 2);
      item.mock.resetCalls();
      fitMnist({ ...diverging(dir), lr: 0.1 }, quiet);
      assert.equal(item.mock.callCount(), 12 + 2, "stopping on NaN (the default) reads nothing more");
    } finally {
      item.mock.restore();
    }
    assert.deepEqual(readdirSync(join(dir, "out")).sort(), ["metrics.json", "model.safetensors"]);
  });
});
