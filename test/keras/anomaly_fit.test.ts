/** A diverging Keras fit: TerminateOnNaN stops it at the first bad batch; anomaly detection names the op. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

const { keras } = bp;

function diverging(): { model: bp.keras.Sequential; x: bp.Tensor; y: bp.Tensor } {
  bp.manualSeed(3);
  const x = bp.randn(32, 4).mul(100);
  const y = bp.randn(32, 1).mul(100);
  const model = new keras.Sequential([new keras.layers.Dense({ units: 8, inputDim: 4 }), new keras.layers.Dense({ units: 1 })]);
  // a learning rate this large overflows float32 within a few steps
  model.compile({ loss: "mse", optimizer: new keras.optimizers.SGD({ learningRate: 1e6 }) });
  return { model, x, y };
}

test("fit with TerminateOnNaN stops at the first NaN/Inf loss instead of training on garbage", async () => {
  const { model, x, y } = diverging();
  let text = "";
  const stream: bp.keras.utils.OutputStream = { write: (s) => void (text += s) };
  const losses: number[] = [];
  const h = await model.fit(x, y, {
    epochs: 20, batchSize: 4, verbose: 0, shuffle: false,
    callbacks: [new keras.callbacks.TerminateOnNaN({ stream }), { onBatchEnd: (_b: number, logs?: bp.keras.Logs) => void losses.push(logs!.loss) }],
  });
  assert.match(text, /^Batch \d+: Invalid loss, terminating training\n$/);
  assert.equal(h.epoch.length, 1, "stopped in the first epoch");
  assert.ok(!Number.isFinite(losses[losses.length - 1]));
  assert.ok(losses.slice(0, -1).every(Number.isFinite), "every batch before the last had a finite loss");
});

test("fit under setDetectAnomaly(true) rejects with the op that first made NaN/Inf", async () => {
  const { model, x, y } = diverging();
  bp.autograd.setDetectAnomaly(true);
  try {
    await assert.rejects(model.fit(x, y, { epochs: 20, batchSize: 4, verbose: 0, shuffle: false }), (e: Error) => {
      assert.match(e.message, /autograd\.detectAnomaly: Function '\w+' returned (nan|inf) values/);
      assert.match(e.message, /input shapes: /);
      return true;
    });
  } finally {
    bp.autograd.setDetectAnomaly(false);
  }
});

test("fit stops at a NaN/Inf loss by default; terminateOnNaN: false trains on (Keras's default)", async () => {
  {
    const { model, x, y } = diverging();
    const losses: number[] = [];
    const h = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, shuffle: false, callbacks: [{ onBatchEnd: (_b: number, logs?: bp.keras.Logs) => void losses.push(logs!.loss) }] });
    assert.equal(h.epoch.length, 1);
    assert.ok(losses.length < 8, `stopped within the first epoch, after ${losses.length} batches`);
    assert.ok(!Number.isFinite(losses[losses.length - 1]));
  }
  {
    const { model, x, y } = diverging();
    const h = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, shuffle: false, terminateOnNaN: false });
    assert.deepEqual(h.epoch, [0, 1, 2]);
    assert.ok(h.history.loss.every((l) => !Number.isFinite(l)));
  }
  const { model, x, y } = diverging();
  await assert.rejects(model.fit(x, y, { verbose: 0, terminateOnNaN: 1 as unknown as boolean }), /terminateOnNaN must be a boolean, got 1/);
});
