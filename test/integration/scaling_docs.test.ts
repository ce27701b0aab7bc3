/**
 * docs/scaling.md's scripts (an integration test, run once per `npm test`): the example it shows,
 * examples/scaling/export_onnx.ts, runs as the doc says; ONNX Runtime serves the exported model with
 * backprop's outputs (within 1e-5) and accuracy, and the safetensors weights it writes for PyTorch hold
 * the names the doc's DDP script loads; the on-disk data set example trains from its files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import * as bp from "../../src/index.ts";
import { withTempDir } from "../helpers/idx.ts";

const doc = readFileSync(new URL("../../docs/scaling.md", import.meta.url), "utf8");

test("examples/scaling/export_onnx.ts trains, exports, and ONNX Runtime gives backprop's outputs within 1e-5", () => {
  assert.ok(doc.includes("npx tsx examples/scaling/export_onnx.ts"), "the doc shows the command this test runs");
  withTempDir("bp-scaling-", (out) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "examples/scaling/export_onnx.ts", "--out", out], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.trim().split("\n");
    const ours = /^backprop: trained 784-64-10 MLP \(Dropout 0\.1\) for 2 epochs on 8000 digits; test accuracy (\d\.\d{4})$/.exec(lines[0]);
    assert.ok(ours, lines[0]);
    assert.ok(Number(ours[1]) > 0.8, `backprop's accuracy ${ours[1]}`);
    const served = /^onnxruntime-web \S*: inputs \[input\], outputs \[output\], output shape \[2000, 10\], test accuracy (\d\.\d{4})$/.exec(lines[2]);
    assert.ok(served, lines[2]);
    assert.equal(served[1], ours[1], "ONNX Runtime's accuracy is backprop's");
    const diff = /^max \|onnxruntime - backprop\| over 20000 logits: (\S+)$/.exec(lines[3]);
    assert.ok(diff, lines[3]);
    assert.ok(Number(diff[1]) <= 1e-5, `largest difference ${diff[1]}`);
    assert.ok(existsSync(join(out, "model.onnx")));
    const weights = bp.load(join(out, "model.safetensors"));
    assert.deepEqual(Object.keys(weights).sort(), ["fc1.bias", "fc1.weight", "fc2.bias", "fc2.weight"]);
    assert.deepEqual(weights["fc1.weight"].shape, [64, 784]);
  });
});

test("examples/scaling/lazy_dataset.ts trains an epoch from disk, one positioned read per sample and label", () => {
  assert.ok(doc.includes("npx tsx examples/scaling/lazy_dataset.ts"), "the doc shows the command this test runs");
  withTempDir("bp-scaling-", (out) => {
    const r = spawnSync(process.execPath, ["--import", "tsx", "examples/scaling/lazy_dataset.ts", "--out", out], { encoding: "utf8" });
    assert.equal(r.status, 0, r.stderr);
    const line = r.stdout.trim();
    const m = /^one shuffled epoch from disk: 157 batches, 10000 samples, 7\.85 MB read by positioned reads, mean loss (\d+\.\d{4})$/.exec(line);
    assert.ok(m, line);
    assert.ok(Number(m[1]) < 1.5, `mean loss ${m[1]}: the epoch did not learn`);
    // the files it wrote are valid IDX (the library's reader agrees with the record layout it assumed)
    assert.deepEqual([...bp.data.readIdx(join(out, "digits-images.idx")).shape], [10000, 28, 28]);
  });
});
