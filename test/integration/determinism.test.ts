/**
 * Same seed, same weights (an integration test, run once per `npm test`): a short seeded training
 * (scripts/determinism.ts: MLP with Dropout on the bundled MNIST digits, SGD with momentum, shuffled
 * batches) runs in fresh processes at once on the current BACKPROP_BACKEND: two with two threads, so
 * the wasm backend shares its products with a worker, and one with one thread. All three must end with
 * the same weight bytes (scripts/determinism.ts measured 1, 2 and 4 threads bit-identical on every
 * backend), and those must differ from the initial weights, so the comparison can fail.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../../scripts/determinism.ts";

const STEPS = 20;

test("fresh processes with the same seed train to bit-identical weights, on two threads and on one", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-determinism-test-"));
  try {
    const outs = [0, 1, 2].map((i) => join(dir, `run${i}.f32`));
    const [a, b, single] = await Promise.all([
      runChild(outs[0], STEPS, { BACKPROP_THREADS: "2" }), runChild(outs[1], STEPS, { BACKPROP_THREADS: "2" }),
      runChild(outs[2], STEPS, { BACKPROP_THREADS: "1" }),
    ]);
    // where the wasm backend runs, it must be on the threads asked for (the pool is in use)
    if (a.backend.startsWith("wasm")) {
      assert.match(a.backend, / x2$/);
      assert.doesNotMatch(single.backend, / x\d+$/);
    }
    assert.ok(Number.isFinite(a.loss), `loss ${a.loss}`);
    assert.notEqual(a.sha256, a.initialSha256, "training did not change the weights");
    assert.equal(a.initialSha256, single.initialSha256, "the seed gave different initial weights");
    const [wa, wb, ws] = outs.map((f) => readFileSync(f));
    assert.equal(wa.length, (784 * 256 + 256 + 256 * 10 + 10) * 4);
    assert.equal(a.sha256, b.sha256, `${a.backend}: the two runs' weights differ`);
    assert.ok(wa.equals(wb), `${a.backend}: the two runs' weight bytes differ`);
    assert.ok(ws.equals(wa), `${single.backend} (one thread) and ${a.backend} trained different weights`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
