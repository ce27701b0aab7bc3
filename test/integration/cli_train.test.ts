/**
 * The `backprop train` command end to end (an integration test, run once per `npm test`): the CLI in a
 * child process rejects bad options with a one-line error and exit code 2, and npm start's job trains
 * the seed's network for 10 epochs, reaching the seed's accuracy, and saves its model, metrics and
 * pictures (loss.png, predictions.png), printing where they went.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as bp from "../../src/index.ts";
import { decode } from "fast-png";
import { Net, trainMnistWithPictures } from "../../src/cli/train.ts";
import { lossFigure, predictionsFigure } from "../../src/cli/pictures.ts";
import { idxU8 } from "../helpers/idx.ts";

function cli(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  // the timeout turns a hang (Node 20's recursive mkdir under /proc) into a failure, not a stuck suite
  const r = spawnSync(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { encoding: "utf8", timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

test("backprop train: wrong options and a missing or empty data folder give a one-line error and exit code 2", () => {
  const empty = mkdtempSync(join(tmpdir(), "backprop-empty-"));
  try {
    writeFileSync(join(empty, "a-file"), "x");
    for (const args of [
      ["--epochs", "-1"], ["--epochs", "-3"], ["--epochs", "0"], ["--epochs", "abc"], ["--frobnicate"],
      ["--data-dir", "/no/such/folder"], ["--data-dir", empty],
      ["--out", "/proc/x"], ["--out", join(empty, "a-file", "run")], ["--resume", join(empty, "no-run")],
    ]) {
      const r = cli("train", ...args);
      if (args[1] === "-3") assert.match(r.stderr, /--epochs must be a positive integer, got '-3'/);
      if (args[1] === "/proc/x") assert.match(r.stderr, /--out '\/proc\/x' is under \/proc/);
      assert.equal(r.status, 2, `${args.join(" ")}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split("\n").length, 1, r.stderr);
      assert.match(r.stderr, /^backprop train: /);
      assert.doesNotMatch(r.stdout, /epoch 1/, "found before any epoch");
    }
    const unknown = cli("fly");
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown command 'fly'/);
  } finally {
    rmSync(empty, { recursive: true, force: true });
  }
});

test("backprop train in a child process prints where model, metrics and pictures went", () => {
  const out = mkdtempSync(join(tmpdir(), "backprop-cli-"));
  try {
    const r = cli("train", "--epochs", "1", "--hidden", "16", "--out", out);
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split("\n");
    assert.ok(lines.includes(`saved ${join(out, "model.safetensors")} and ${join(out, "metrics.json")}`), r.stdout);
    assert.ok(lines.includes(`saved ${join(out, "loss.png")} and ${join(out, "predictions.png")}`), r.stdout);
    assert.deepEqual(readdirSync(out).sort(), ["loss.png", "metrics.json", "model.safetensors", "predictions.png"]);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test("backprop train stops a diverging run with exit code 1 and a one-line message; --detect-anomaly names the op", () => {
  const dir = mkdtempSync(join(tmpdir(), "backprop-diverge-"));
  try {
    const label = (k: number): number => (k * 7) % 10;
    for (const [name, count] of [["train", 48], ["t10k", 16]] as const) {
      writeFileSync(join(dir, `${name}-images-idx3-ubyte`), idxU8([count, 28, 28], (i) => (label(Math.floor(i / 784)) * 25 + (i % 13)) & 255));
      writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), idxU8([count], label));
    }
    const args = ["train", "--epochs", "2", "--batch-size", "8", "--hidden", "8", "--lr", "1e6", "--data-dir", dir];
    const stopped = cli(...args, "--out", join(dir, "a"));
    assert.equal(stopped.status, 1, stopped.stderr);
    assert.match(stopped.stderr, /^backprop train: epoch 1, batch \d\/6: the loss is NaN; training stopped .*Rerun with --detect-anomaly/);
    assert.equal(stopped.stderr.trim().split("\n").length, 1, stopped.stderr);
    assert.doesNotMatch(stopped.stdout, /saved/);

    const traced = cli(...args, "--out", join(dir, "b"), "--detect-anomaly");
    assert.equal(traced.status, 1, traced.stderr);
    assert.match(traced.stderr, /^backprop train: epoch 1, batch \d\/6: autograd\.detectAnomaly: Function 'Linear' returned inf values in its output \(forward\); input shapes: \[\[8, 8\], \[10, 8\], \[10\]\]\./);
    assert.match(traced.stderr, /The op was created at \(most recent call first\):\n[^]*Net\.forward/);

    // --no-terminate-on-nan trains on: test/cli/nan_stop.test.ts, in process
    const help = cli("train", "--help");
    assert.equal(help.status, 0);
    for (const flag of ["--lr-step-size", "--lr-gamma", "--detect-anomaly", "--no-terminate-on-nan"]) assert.ok(help.stdout.includes(flag), flag);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("npm start's job: 10 epochs on the bundled digits reach test accuracy >= 0.93 and save model, metrics and pictures", async () => {
  const out = mkdtempSync(join(tmpdir(), "backprop-run-"));
  try {
    const lines: string[] = [];
    const { metrics, net: trainedNet, test: testSet, pictures } = await trainMnistWithPictures(
      { epochs: 10, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out }, (l) => lines.push(l));
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
    assert.deepEqual(readdirSync(out).sort(), ["loss.png", "metrics.json", "model.safetensors", "predictions.png"], "no temporary files left");

    // the pictures: PNGs of the figures' sizes, their paths printed last
    assert.deepEqual(pictures, { loss: join(out, "loss.png"), predictions: join(out, "predictions.png") });
    assert.equal(lines[lines.length - 1], `saved ${pictures.loss} and ${pictures.predictions}`);
    const loss = decode(readFileSync(pictures.loss));
    const lossFig = lossFigure(metrics);
    assert.deepEqual([loss.width, loss.height], [Math.round(lossFig.width), Math.round(lossFig.height)]);
    const grid = decode(readFileSync(pictures.predictions));
    const gridFig = predictionsFigure(trainedNet, testSet);
    assert.deepEqual([grid.width, grid.height], [Math.round(gridFig.width), Math.round(gridFig.height)]);
    assert.equal(gridFig.layout.cells?.length, 32);
    const correct = Number(/first 32 test digits: (\d+) \/ 32 correct/.exec(gridFig.svg)?.[1]);
    assert.ok(correct >= 26 && correct <= 32, `correct of the first 32: ${correct}`);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
