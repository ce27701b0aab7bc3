/**
 * The `backprop train` command end to end (an integration test, run once per `npm test`): the CLI in a
 * child process rejects bad options with a one-line error and exit code 2, and npm start's job trains
 * the seed's network for 10 epochs, reaching the seed's accuracy, and saves its model and metrics.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as bp from "../../src/index.ts";
import { Net, trainMnist } from "../../src/cli/train.ts";

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("backprop train: wrong options and a missing or empty data folder give a one-line error and exit code 2", () => {
  const empty = mkdtempSync(join(tmpdir(), "backprop-empty-"));
  try {
    for (const args of [["--epochs", "-1"], ["--frobnicate"], ["--data-dir", "/no/such/folder"], ["--data-dir", empty]]) {
      const r = cli("train", ...args);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^backprop train: /);
    }
    const unknown = cli("fly");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command 'fly'/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test("npm start's job: 10 epochs on the bundled digits reach test accuracy >= 0.93 and save model and metrics", () => {
  const out = mkdtempSync(join(tmpdir(), "backprop-run-"));
  try {
    const lines: string[] = [];
    const metrics = trainMnist({ epochs: 10, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out }, (l) => lines.push(l));
    assert.equal(metrics.length, 10);
    const final = metrics[9].testAccuracy;
    assert.ok(final >= 0.93, `test accuracy ${final}`);
    assert.ok(metrics[9].trainLoss < metrics[0].trainLoss);
    assert.ok(lines.includes(`test accuracy: ${final.toFixed(3)}`), lines.join("\n"));
    assert.match(lines.find((l) => l.startsWith("epoch 1:")) ?? "", /^epoch 1: train loss \d\.\d{4}, test accuracy 0\.\d{4}/);

    const saved = JSON.parse(readFileSync(join(out, "metrics.json"), "utf8")) as { epochs: { testAccuracy: number }[] };
    assert.equal(saved.epochs[9].testAccuracy, final);
    const net = new Net(128);
    net.loadStateDict(bp.load(join(out, "model.safetensors")));
    const x = bp.randn(5, 1, 28, 28);
    const trained = new Net(128);
    assert.notDeepEqual(net.forward(x).toArray(), trained.forward(x).toArray());
    assert.ok(!existsSync(join(out, "model.safetensors.tmp")));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
