/** `backprop train`'s option parsing (the command end to end is test/integration/cli_train.test.ts). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { parseTrainArgs } from "../../src/cli/train.ts";

test("parseTrainArgs: defaults follow the seed (batch 64, hidden 128) and options override them", () => {
  const defaults = parseTrainArgs([], new Date("2026-01-02T03:04:05Z"));
  assert.deepEqual(defaults, { epochs: 10, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, dataDir: undefined, out: join("runs", "mnist-20260102-030405") });
  const custom = parseTrainArgs(["--epochs", "3", "--batch-size", "32", "--lr", "0.05", "--hidden", "64", "--seed", "7", "--out", "x"]);
  assert.deepEqual(custom, { epochs: 3, batchSize: 32, lr: 0.05, hidden: 64, seed: 7, dataDir: undefined, out: "x" });
  assert.equal(parseTrainArgs(["--help"]), "help");
});

test("parseTrainArgs: wrong values are usage errors naming the option", () => {
  assert.throws(() => parseTrainArgs(["--epochs", "0"]), /--epochs must be a positive integer, got '0'/);
  assert.throws(() => parseTrainArgs(["--lr", "fast"]), /--lr must be a positive number, got 'fast'/);
  assert.throws(() => parseTrainArgs(["--bogus"]), /Unknown option '--bogus'/);
  assert.throws(() => parseTrainArgs(["--data-dir", "/no/such/folder"]), /--data-dir '\/no\/such\/folder' is not a folder/);
});

test("parseTrainArgs: bad numbers for --epochs and the other counts say what is wanted", () => {
  for (const value of ["-3", "0", "abc", "2.5", "1e3", "", " 4", "0x10", "-0", "Infinity"]) {
    assert.throws(() => parseTrainArgs(["--epochs", value]), (e: unknown) => e instanceof Error && e.message === `--epochs must be a positive integer, got '${value}'`, value);
  }
  assert.throws(() => parseTrainArgs(["--batch-size", "-64"]), /^Error: --batch-size must be a positive integer, got '-64'$/);
  assert.throws(() => parseTrainArgs(["--epochs=-1"]), /--epochs must be a positive integer, got '-1'/);
  assert.throws(() => parseTrainArgs(["--lr", "-0.1"]), /--lr must be a positive number, got '-0.1'/);
  assert.throws(() => parseTrainArgs(["--lr", ""]), /--lr must be a positive number, got ''/);
  assert.throws(() => parseTrainArgs(["--seed", "-1"]), /--seed must be a non-negative integer, got '-1'/);
  assert.throws(() => parseTrainArgs(["--epochs", "9".repeat(500)]), (e: unknown) => e instanceof Error && e.message.length < 120);
  assert.throws(() => parseTrainArgs(["--out", ""]), /--out must name a folder/);
});

test("parseTrainArgs: --detect-anomaly and --no-terminate-on-nan (absent by default)", () => {
  const o = parseTrainArgs(["--detect-anomaly", "--no-terminate-on-nan", "--out", "x"]);
  assert.deepEqual(o, { epochs: 10, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, dataDir: undefined, out: "x", terminateOnNan: false, detectAnomaly: true });
  assert.deepEqual(parseTrainArgs(["--resume", "runs/x", "--detect-anomaly"]), { epochs: 1, batchSize: 1, lr: 1, hidden: 1, seed: 0, out: "runs/x", resume: "runs/x", detectAnomaly: true });
  assert.throws(() => parseTrainArgs(["--resume", "runs/x", "--no-terminate-on-nan"]), /--resume takes every option from the checkpoint; drop --no-terminate-on-nan/);
  assert.throws(() => parseTrainArgs(["--detect-anomaly=yes"]), /--detect-anomaly' does not take an argument/);
});
