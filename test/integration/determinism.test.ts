/**
 * Same seed, same weights (an integration test, run once per `npm test`): a short seeded training
 * (scripts/determinism.ts: MLP with Dropout on the bundled MNIST digits, SGD with momentum, shuffled
 * batches) runs in two fresh processes at once on the current BACKPROP_BACKEND with two threads, so the
 * wasm backend shares its products with a worker; the weight bytes must be identical. A third process
 * with another seed must differ, so the comparison can fail.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runChild } from "../../scripts/determinism.ts";

const STEPS = 30;

test("two fresh processes with the same seed train to bit-identical weights (BACKPROP_THREADS=2)", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-determinism-test-"));
  try {
    const env = { BACKPROP_THREADS: "2" };
    const outs = [0, 1, 2].map((i) => join(dir, `run${i}.f32`));
    const [a, b, other] = await Promise.all([
      runChild(outs[0], STEPS, env, 0), runChild(outs[1], STEPS, env, 0), runChild(outs[2], STEPS, env, 1),
    ]);
    // where the wasm backend runs, it must be on the two threads asked for (the pool is in use)
    if (a.backend.startsWith("wasm")) assert.match(a.backend, / x2$/);
    assert.ok(Number.isFinite(a.loss), `loss ${a.loss}`);
    const [wa, wb, wo] = outs.map((f) => readFileSync(f));
    assert.equal(wa.length, (784 * 256 + 256 + 256 * 10 + 10) * 4);
    assert.equal(a.sha256, b.sha256, `${a.backend}: the two runs' weights differ`);
    assert.ok(wa.equals(wb), `${a.backend}: the two runs' weight bytes differ`);
    assert.notEqual(other.sha256, a.sha256, "another seed gave the same weights");
    assert.ok(!wo.equals(wa));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
