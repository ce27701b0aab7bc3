/**
 * The runnable examples (an integration test, run once per `npm test`): each runs in a child process
 * as the README says and prints what it promises.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";

test("examples/keras_seed.ts: seed 002's Keras lesson runs and learns", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "examples/keras_seed.ts"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split("\n");
  const weights = /^linear regression: weights (\S+) (\S+) (\S+) (\S+) bias (\S+)$/.exec(lines[0]);
  assert.ok(weights, lines[0]);
  const expected = [2, -1, 0.5, 3, 4];
  weights.slice(1).forEach((w, i) => assert.ok(Math.abs(Number(w) - expected[i]) < 0.05, `${lines[0]}: coefficient ${i}`));
  assert.match(lines[1], /^logistic regression: validation \[loss, acc\] \d\.\d{4}, \d\.\d{4}$/);
  assert.ok(lines.includes('Model: "sequential_2"'));
  assert.equal(lines.filter((l) => /^Epoch \d+\/10$/.test(l)).length, 10);
  const epochLines = lines.filter((l) => l.startsWith("24/24 - "));
  assert.equal(epochLines.length, 10);
  for (const l of epochLines) assert.match(l, /^24\/24 - \d+s - loss: \d\.\d{4} - acc: \d\.\d{4} - val_loss: \d\.\d{4} - val_acc: \d\.\d{4} - \d+m?s\/epoch - \d+(ms|us|s)\/step$/);
});

test("examples/sklearn_seed.ts: seed 001's iris pipeline prints scikit-learn 1.2's lines", () => {
  const r = spawnSync(process.execPath, ["--import", "tsx", "examples/sklearn_seed.ts"], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split("\n");
  const seed = JSON.parse(readFileSync(new URL("../fixtures/seed_iris.json", import.meta.url), "utf8")) as { printed: string[] };
  assert.deepEqual(lines.slice(0, 4), seed.printed);
  const templates = /^Template classifier on digits: accuracy (\S+), templates 10x64$/.exec(lines[4]);
  assert.ok(templates !== null && Number(templates[1]) > 0.85, lines[4]);
  const svm = /^Linear SVM classifier on digits: loss (\S+) -> (\S+), accuracy (\S+)$/.exec(lines[5]);
  assert.ok(svm !== null && Number(svm[2]) < Number(svm[1]) && Number(svm[3]) > 0.9, lines[5]);
});
