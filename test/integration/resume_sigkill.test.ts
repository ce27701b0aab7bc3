/**
 * Resumable training under SIGKILL: `backprop train --checkpoint-every 1` in a child process is killed
 * at seeded random steps, inside a checkpoint write (a half-written temp file on disk) or just after
 * one (the child stops there through BACKPROP_TEST_CHECKPOINT_STALL and is killed, so no kill depends
 * on timing), resumed with `--resume` each time; every checkpoint seen between kills reads back, and the final model.safetensors is byte for byte
 * the uninterrupted run's. The run decays its learning rate with StepLR (`--lr-step-size 1`), whose
 * state the checkpoint carries too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fitMnist } from "../../src/cli/train.ts";
import { loadCheckpoint } from "../../src/cli/checkpoint.ts";
import { tinyMnist } from "../helpers/idx.ts";


/** mulberry32: the seeded source of the kill moments. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STEPS = 12; // 2 epochs of 48 / 8 batches

/**
 * Runs the CLI. With `stall` (`<step>:during` or `<step>:after`), the child stops inside (or right
 * after) that step's checkpoint write and says so on stderr (BACKPROP_TEST_CHECKPOINT_STALL), and is
 * killed there with SIGKILL: the kill lands where the seed put it, whatever the machine's speed.
 */
function run(args: string[], stall: string | null): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    if (stall !== null) env.BACKPROP_TEST_CHECKPOINT_STALL = stall;
    const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", "train", ...args], { env });
    let stderr = "";
    const guard = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (/^stalled at checkpoint \d+$/m.test(stderr)) child.kill("SIGKILL");
    });
    child.stdout.resume();
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stderr });
    });
  });
}

/** `count` distinct steps out of 1..max-1, ascending, drawn from `random`. */
function killSteps(random: () => number, count: number, max: number): number[] {
  const steps = new Set<number>();
  while (steps.size < count) steps.add(1 + Math.floor(random() * (max - 1)));
  return [...steps].sort((a, b) => a - b);
}

test("SIGKILL at seeded random moments, resumed each time: final weights equal the uninterrupted run's bit for bit", async () => {
  const root = mkdtempSync(join(tmpdir(), "backprop-kill-"));
  try {
    tinyMnist(root);
    const straight = join(root, "straight");
    const out = join(root, "killed");
    const options = ["--epochs", "2", "--batch-size", "8", "--hidden", "8", "--seed", "11", "--lr-step-size", "1", "--lr-gamma", "0.5", "--data-dir", root];
    // the uninterrupted run, keeping its model at every step to compare each checkpoint with
    const modelAt = new Map<number, string>();
    fitMnist({ epochs: 2, batchSize: 8, lr: 0.1, lrStepSize: 1, lrGamma: 0.5, hidden: 8, seed: 11, dataDir: root, out: straight, checkpointEvery: 1 }, () => undefined, true, {
      afterCheckpoint: (step) => modelAt.set(step, JSON.stringify(Object.entries(loadCheckpoint(straight).model).map(([k, t]) => [k, [...t.data]]))),
    });
    const want = readFileSync(join(straight, "model.safetensors"));

    // four kills at seeded steps: inside the checkpoint write (a half-written temp file on disk) or
    // just after it, the first and third always inside
    const random = seeded(20261201);
    const plan = killSteps(random, 4, STEPS).map((step, i) => `${step}:${i % 2 === 0 || random() < 0.5 ? "during" : "after"}`);
    let kills = 0;
    let finished = false;
    const stepsSeen: number[] = [];
    for (let attempt = 0; attempt <= plan.length && !finished; attempt++) {
      const resume = existsSync(join(out, "checkpoint.safetensors"));
      const args = resume ? ["--resume", out] : [...options, "--out", out, "--checkpoint-every", "1"];
      const r = await run(args, plan[attempt] ?? null);
      if (r.signal === "SIGKILL") {
        kills++;
      } else {
        assert.equal(r.code, 0, r.stderr);
        finished = true;
      }
      if (existsSync(join(out, "checkpoint.safetensors"))) {
        const ckpt = loadCheckpoint(out); // never half-written
        stepsSeen.push(ckpt.step);
        const model = JSON.stringify(Object.entries(ckpt.model).map(([k, t]) => [k, [...t.data]]));
        assert.equal(model, modelAt.get(ckpt.step), `the checkpoint of step ${ckpt.step} (after kill ${kills}, ${resume ? "resumed" : "fresh"}) differs from the uninterrupted run's`);
      }
    }
    assert.ok(finished, "the run finished");
    assert.equal(kills, plan.length, `killed ${kills} times, planned ${plan.join(", ")}`);
    assert.ok(stepsSeen.every((s, i) => i === 0 || s >= stepsSeen[i - 1]), `checkpoints move forward: ${stepsSeen.join(", ")}`);
    const got = readFileSync(join(out, "model.safetensors"));
    assert.ok(Buffer.compare(got, want) === 0, `model bytes differ (steps seen ${stepsSeen.join(", ")}): ${got.length} vs ${want.length} bytes, ${got.subarray(0, 400).toString("latin1")} vs ${want.subarray(0, 400).toString("latin1")}`);
    const left = readdirSync(out).filter((n) => /\.tmp-|^\.commit-|^\.probe-/.test(n));
    assert.deepEqual(left, [], "the killed runs' temp files are cleaned by the next run");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

/**
 * Runs the Keras child (test/keras/_resume_child.ts). With `stallAt`, the child stops after that batch
 * (counted from the start of training, 1-based; its checkpoint written) and says so, and is killed there.
 */
function runKeras(dir: string, stallAt: number | null): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/keras/_resume_child.ts", dir, String(stallAt ?? 0)]);
    let stdout = "";
    let stderr = "";
    const guard = setTimeout(() => child.kill("SIGKILL"), 120_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (/^stalled after batch \d+$/m.test(stdout)) child.kill("SIGKILL");
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code, signal) => {
      clearTimeout(guard);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const KERAS_BATCHES = 20; // 4 epochs of 36 / 8 batches

test("Keras: a fit with ModelCheckpoint(saveFreq 1) killed at random batches and resumed with loadModel ends with the uninterrupted weights", async () => {
  const root = mkdtempSync(join(tmpdir(), "backprop-keras-kill-"));
  try {
    const straight = join(root, "straight");
    const r0 = await runKeras(straight, null);
    assert.equal(r0.code, 0, r0.stderr);
    const want = readFileSync(join(straight, "final.safetensors"));
    const wantLoss = /^done (.*)$/m.exec(r0.stdout)?.[1];

    const out = join(root, "killed");
    const plan = killSteps(seeded(20261202), 3, KERAS_BATCHES);
    let kills = 0;
    let last = "";
    for (let attempt = 0; attempt <= plan.length && last === ""; attempt++) {
      const r = await runKeras(out, plan[attempt] ?? null);
      if (r.signal === "SIGKILL") kills++;
      else {
        assert.equal(r.code, 0, r.stderr);
        last = r.stdout;
      }
    }
    assert.equal(kills, plan.length, `killed ${kills} times, planned after batches ${plan.join(", ")}`);
    assert.match(last, /^resuming at epoch \d, batch \d/m);
    assert.ok(Buffer.compare(readFileSync(join(out, "final.safetensors")), want) === 0, "final weights differ from the uninterrupted run's");
    assert.equal(/^done (.*)$/m.exec(last)?.[1], wantLoss, "the History (all 4 epochs' losses) is the uninterrupted run's");
    assert.deepEqual(readdirSync(out).sort(), ["ckpt.safetensors", "final.safetensors"], "no temporary file left");
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
