import { test } from "node:test";
import assert from "node:assert/strict";
import { TerminateOnNaN } from "../../../src/keras/callbacks/terminate_on_nan.ts";
import type { Logs } from "../../../src/keras/types.ts";
import { Capture, FakeModel, runFit } from "./_fake_model.ts";

for (const bad of [Number.NaN, Infinity, -Infinity]) {
  test(`TerminateOnNaN stops at the first batch whose loss is ${bad}`, async () => {
    const stream = new Capture();
    const model = new FakeModel();
    const batchesSeen: number[] = [];
    const ran = await runFit(model, [new TerminateOnNaN({ stream }), { onBatchEnd: (b) => void batchesSeen.push(b) }], {
      epochLogs: [{ loss: 1 }, { loss: 1 }, { loss: 1 }],
      steps: 5,
      batchLogs: (epoch, batch) => ({ loss: epoch === 1 && batch === 2 ? bad : 0.5 }),
    });
    assert.equal(model.stopTraining, true);
    assert.equal(ran, 2);
    assert.equal(stream.text, "Batch 2: Invalid loss, terminating training\n");
    assert.deepEqual(batchesSeen, [0, 1, 2, 3, 4, 0, 1, 2]);
  });
}

test("TerminateOnNaN lets finite losses and logs without a loss pass", async () => {
  const stream = new Capture();
  const model = new FakeModel();
  const ran = await runFit(model, [new TerminateOnNaN({ stream })], {
    epochLogs: [{ loss: 1 }, { loss: 1 }],
    batchLogs: (_e, b): Logs => (b === 0 ? { acc: Number.NaN } : { loss: 1e30 }),
  });
  assert.equal(ran, 2);
  assert.equal(model.stopTraining, false);
  assert.equal(stream.text, "");
});
