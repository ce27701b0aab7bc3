import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { exportCode } from "../../playground/src/export.ts";
import { DEFAULT_STATE, type PlaygroundState } from "../../playground/src/state.ts";
import { Trainer } from "../../playground/src/trainer.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BACKPROP = pathToFileURL(join(ROOT, "src/index.ts")).href;

/** Runs the exported program with tsx in a child process; its printed [train, test] losses per epoch. */
function run(code: string): number[][] {
  const dir = mkdtempSync(join(tmpdir(), "bp-export-"));
  try {
    const file = join(dir, "playground.mts");
    writeFileSync(file, code);
    const out = execFileSync(process.execPath, ["--import", "tsx", file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
    return out.trim().split("\n").map((line) => {
      const m = /^epoch (\d+) {2}train loss ([\d.]+) {2}test loss ([\d.]+)$/.exec(line);
      assert.ok(m, `unexpected line ${JSON.stringify(line)}`);
      return [Number(m[2]), Number(m[3])];
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the exported code runs with tsx, its loss falls, and it prints the Trainer's losses", () => {
  const state: PlaygroundState = {
    ...DEFAULT_STATE, hidden: [5, 3], activation: "relu", features: ["x1", "x2", "x1Squared"], optimizer: "momentum",
    regularization: "l2", regularizationRate: 0.001, batchSize: 8, seed: 7,
  };
  const losses = run(exportCode(state, { epochs: 6, importFrom: BACKPROP }));
  assert.equal(losses.length, 6);
  assert.ok(losses[5][0] < 0.5 * losses[0][0], `train loss ${losses.map((l) => l[0])}`);
  const t = new Trainer(state);
  for (const [train, test] of losses) {
    t.step();
    const l = t.losses();
    assert.ok(Math.abs(l.train - train) < 1e-4 && Math.abs(l.test - test) < 1e-4, `epoch ${t.epoch}: ${train}/${test} vs ${l.train}/${l.test}`);
  }
});

test("exportCode: every choice is written out", () => {
  const code = exportCode({
    ...DEFAULT_STATE, dataset: "multiGaussian", problem: "regression", activation: "gelu", optimizer: "adam",
    regularization: "l1", regularizationRate: 0.01, features: ["sinX1", "x1x2"], hidden: [],
  });
  assert.match(code, /^import \* as bp from "backprop";$/m);
  assert.match(code, /bp\.datasets\.playground\("multiGaussian", \{ n: 1200, noise: 0, seed: 1 \}\)/);
  assert.match(code, /new bp\.optim\.Adam\(model\.parameters\(\), \{ lr: 0\.03 \}\)/);
  assert.match(code, /l\.weight\.abs\(\)\.sum\(\)\.mul\(0\.01\)/);
  assert.match(code, /const model = new bp\.nn\.Sequential\(linears\[0\]\);/); // no hidden layer, linear output
  assert.match(code, /Math\.sin\(x1\)/);
  assert.doesNotMatch(code, /GELU/); // no hidden layer, so no activation
  assert.match(exportCode({ ...DEFAULT_STATE, activation: "gelu" }), /linears\[0\], new bp\.nn\.GELU\(\), linears\[1\], new bp\.nn\.GELU\(\), linears\[2\], new bp\.nn\.Tanh\(\)/);
  assert.throws(() => exportCode(DEFAULT_STATE, { epochs: 0 }), /epochs/);
});
