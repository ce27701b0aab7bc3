/**
 * (e) Soak: a long training run of the seed's MLP (`backprop train`'s Net, SGD with momentum) on the
 * bundled MNIST digits, with a validation pass and a checkpoint (the CLI's atomic checkpoint writer)
 * at every report, once a minute. Each report gives resident memory, open file descriptors
 * (/proc/self/fd), threads (the backend's worker pool and the process's OS threads) and Node's active
 * handles (process.getActiveResourcesInfo()); the summary gives resident memory at start, peak and
 * end and a verdict: memory flat within FLAT_MB after the first report (the warm-up), descriptors,
 * threads and handles not growing, the last checkpoint readable, no temp file left.
 *
 * Training runs in a child process, which must end by itself when training ends (no process.exit:
 * the worker pool's threads and any handle left open would keep it alive); this process watches it
 * and says how long it took to exit, or kills it after EXIT_GRACE_S and says it hung.
 *
 *   npx tsx bench/soak.ts                      # the issue's soak: 30 minutes, a report every minute
 *   npx tsx bench/soak.ts --minutes 1          # a check: 1 minute, a report every 10 s
 *   npx tsx bench/soak.ts --quick              # 20 s (what `npm run bench -- --only soak --quick` runs)
 *
 * Reports come every 60 s, or every run/6 for runs shorter than 6 minutes; `--every S` sets it.
 * `npm run bench -- --only soak` runs 2 minutes.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as bp from "../src/index.ts";
import type { BenchContext, Workload } from "./context.ts";
import { Net, accuracy } from "../src/cli/train.ts";
import { loadCheckpoint, saveCheckpoint } from "../src/cli/checkpoint.ts";
import { getRngState } from "../src/tensor/random.ts";

const MB = 1024 * 1024;
/** Growth of resident memory after the first report (the warm-up) below which the run counts as flat. */
const FLAT_MB = 32;
/** How long the child may take to exit once training has ended before it counts as hung. */
const EXIT_GRACE_S = 30;
/** The line the child prints when training has ended (the parent times the exit from it). */
const DONE = "soak: training ended";

/** How long to train and how often to report (seconds). */
interface SoakPlan {
  seconds: number;
  every: number;
}

function parsePlan(argv: string[]): SoakPlan {
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--minutes" || argv[i] === "--every") i++;
    else if (argv[i] !== "--quick" && argv[i] !== "--child") {
      throw new Error(`soak: unknown option '${argv[i].slice(0, 40)}'; usage: npx tsx bench/soak.ts [--minutes M] [--every S] [--quick]`);
    }
  }
  const value = (name: string): number | undefined => {
    const i = argv.indexOf(name);
    if (i < 0) return undefined;
    const n = Number(argv[i + 1]);
    if (!(n > 0) || !Number.isFinite(n)) throw new Error(`soak: ${name} must be a positive number, got '${String(argv[i + 1]).slice(0, 20)}'`);
    return n;
  };
  const seconds = argv.includes("--quick") ? 20 : 60 * (value("--minutes") ?? 30);
  return { seconds, every: value("--every") ?? Math.min(60, seconds / 6) };
}

/** One line of /proc/self/status as a number (kB for memory), or -1 where /proc is not there. */
function procStatus(key: string): number {
  try {
    const m = new RegExp(`^${key}:\\s+(\\d+)`, "m").exec(readFileSync("/proc/self/status", "utf8"));
    return m === null ? -1 : Number(m[1]);
  } catch {
    return -1;
  }
}

/** Open file descriptors (Linux), or -1. */
function openFds(): number {
  try {
    return readdirSync("/proc/self/fd").length;
  } catch {
    return -1;
  }
}

/** process.getActiveResourcesInfo() as counts per kind, e.g. "TTYWrap:2 Timeout:1". */
function activeResources(): { count: number; text: string } {
  const kinds = process.getActiveResourcesInfo();
  const counts = new Map<string, number>();
  for (const k of kinds) counts.set(k, (counts.get(k) ?? 0) + 1);
  return { count: kinds.length, text: [...counts].map(([k, n]) => `${k}:${n}`).join(" ") || "none" };
}

/** Worker threads of the backend's pool: N - 1 for "... xN", else 0. */
function poolWorkers(): number {
  const m = / x(\d+)$/.exec(bp.backend());
  return m === null ? 0 : Number(m[1]) - 1;
}

interface Sample {
  label: string;
  rss: number;
  heap: number;
  buffers: number;
  fds: number;
  osThreads: number;
  handles: number;
}

function sample(label: string): Sample {
  const m = process.memoryUsage();
  return {
    label, rss: m.rss / MB, heap: m.heapUsed / MB, buffers: m.arrayBuffers / MB, fds: openFds(),
    osThreads: procStatus("Threads"), handles: activeResources().count,
  };
}

const HEADER = ["at", "steps", "epoch", "steps/s", "train loss", "val acc", "ckpt ms", "rss MB", "heap MB", "buffers MB",
  "fds", "OS threads", "pool workers", "active resources"];
const WIDTHS = [7, 7, 5, 7, 10, 7, 7, 7, 7, 10, 4, 10, 12, 0];

function row(cells: string[]): string {
  return cells.map((c, i) => (i === cells.length - 1 ? c : c.padStart(WIDTHS[i]))).join("  ");
}

function fmtTime(s: number): string {
  return `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;
}

/** The soak itself, in this process (the child). */
function soakHere(plan: SoakPlan): void {
  bp.manualSeed(0);
  const digits = bp.datasets.mnist();
  const [images, labels] = digits.tensors;
  const pixels = bp.data.transforms.normalize([0.5], [0.5])(images);
  const train = new bp.data.TensorDataset(pixels.index("0:8000"), labels.index("0:8000"));
  const validation = new bp.data.TensorDataset(pixels.index("8000:"), labels.index("8000:"));
  const trainLoader = new bp.data.DataLoader(train, { batchSize: 64, shuffle: true });
  const validationLoader = new bp.data.DataLoader(validation, { batchSize: 1000 });
  const net = new Net(128);
  const lossFunction = new bp.nn.CrossEntropyLoss();
  const optimizer = new bp.optim.SGD(net.parameters(), { lr: 0.01, momentum: 0.9 });
  const dir = mkdtempSync(join(tmpdir(), "bp-soak-"));

  console.log(`soak: ${fmtTime(plan.seconds)} of training the MLP 784-128-10 (SGD momentum 0.9, batch 64, 8000 MNIST digits), ` +
    `a validation pass (2000 digits) and an atomic checkpoint every ${plan.every.toFixed(0)} s; backend ${bp.backend()}, ` +
    `${poolWorkers()} pool worker thread(s); pid ${process.pid}`);
  console.log(row(HEADER));
  const report = (at: number, s: Sample, cells: string[]): void => {
    console.log(row([fmtTime(at), ...cells, s.rss.toFixed(1), s.heap.toFixed(1), s.buffers.toFixed(1), String(s.fds),
      String(s.osThreads), String(poolWorkers()), activeResources().text]));
  };
  const start = sample("start");
  report(0, start, ["0", "-", "-", "-", "-", "-"]);

  const samples: Sample[] = [];
  let peakAfterWarmup = 0;
  const t0 = performance.now();
  let nextReport = plan.every;
  let step = 0;
  let lastStep = 0;
  let lastTime = 0;
  let lossSum = 0;
  let lossCount = 0;
  let epoch = 0;
  let lastSaved = -1;
  let ended = false;
  while (!ended) {
    epoch++;
    const order = trainLoader.epochOrder();
    let batch = 0;
    net.train();
    for (const [x, y] of trainLoader.batches(order)) {
      optimizer.zeroGrad();
      const loss = lossFunction.forward(net.forward(x), y);
      loss.backward();
      optimizer.step();
      lossSum += loss.item();
      lossCount++;
      step++;
      batch++;
      if (samples.length > 0 && step % 50 === 0) peakAfterWarmup = Math.max(peakAfterWarmup, process.memoryUsage.rss() / MB);
      const t = (performance.now() - t0) / 1000;
      if (t < nextReport && t < plan.seconds) continue;
      net.eval();
      const valAccuracy = accuracy(net, validationLoader);
      net.train();
      const c0 = performance.now();
      saveCheckpoint(dir, {
        options: { soak: true }, epoch, batch, step, lossSum: 0, batches: 0, seen: 0, metrics: [],
        rng: getRngState(), order, model: net.stateDict(), optimizer: optimizer.stateDict(), scheduler: null,
      });
      lastSaved = step;
      const ckptMs = performance.now() - c0;
      const s = sample(fmtTime(t));
      samples.push(s);
      peakAfterWarmup = Math.max(peakAfterWarmup, s.rss);
      report(t, s, [String(step), String(epoch), ((step - lastStep) / (t - lastTime)).toFixed(0), (lossSum / lossCount).toFixed(4),
        valAccuracy.toFixed(4), ckptMs.toFixed(0)]);
      lastStep = step;
      lastTime = t;
      lossSum = 0;
      lossCount = 0;
      nextReport += plan.every;
      if (t >= plan.seconds) {
        ended = true;
        break;
      }
    }
  }

  // the last checkpoint reads back, and no temp file of an atomic write is left beside it
  const back = loadCheckpoint<{ soak: boolean }>(dir);
  const weights = net.stateDict();
  const same = back.step === lastSaved && Object.entries(weights).every(([k, t]) =>
    back.model[k] !== undefined && Buffer.from(back.model[k].data.buffer, back.model[k].data.byteOffset, back.model[k].data.byteLength)
      .equals(Buffer.from(t.data.buffer, t.data.byteOffset, t.data.byteLength)));
  const leftovers = readdirSync(dir).filter((f) => f !== "checkpoint.safetensors");
  rmSync(dir, { recursive: true, force: true });

  const end = samples[samples.length - 1] ?? start;
  const warm = samples[0] ?? start;
  const vmPeak = procStatus("VmHWM") / 1024;
  console.log("");
  console.log(`resident memory: start ${start.rss.toFixed(1)} MB, after warm-up (${warm.label}) ${warm.rss.toFixed(1)} MB, ` +
    `peak ${vmPeak.toFixed(1)} MB (VmHWM; ${peakAfterWarmup.toFixed(1)} MB after warm-up), end ${end.rss.toFixed(1)} MB`);
  console.log(`open fds ${start.fds} -> ${warm.fds} -> ${end.fds}; OS threads ${start.osThreads} -> ${warm.osThreads} -> ${end.osThreads}; ` +
    `pool workers ${poolWorkers()}; active resources ${start.handles} -> ${warm.handles} -> ${end.handles}`);
  console.log(`last checkpoint (step ${lastSaved}): ${same ? "reads back with the final weights" : "DOES NOT READ BACK AS WRITTEN"}; ` +
    `${leftovers.length === 0 ? "no temp files left" : `LEFT ${leftovers.join(", ")}`}`);
  const growth = Math.max(end.rss, peakAfterWarmup) - warm.rss;
  const fdsGrow = Math.max(...samples.map((s) => s.fds)) > warm.fds;
  const threadsGrow = Math.max(...samples.map((s) => s.osThreads)) > warm.osThreads;
  const handlesGrow = Math.max(...samples.map((s) => s.handles)) > warm.handles;
  const ok = samples.length >= 2 && growth < FLAT_MB && !fdsGrow && !threadsGrow && !handlesGrow && same && leftovers.length === 0;
  console.log(`verdict: ${ok ? "PASS" : "FAIL"}: memory ${growth < FLAT_MB ? "flat" : "GROWING"} (peak and end within ` +
    `${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB of the warm-up's ${warm.rss.toFixed(1)} MB, limit ${FLAT_MB} MB), ` +
    `fds ${fdsGrow ? "GROWING" : "not growing"}, threads ${threadsGrow ? "GROWING" : "not growing"}, ` +
    `active resources ${handlesGrow ? "GROWING" : "not growing"}${samples.length < 2 ? " (too short: fewer than 2 reports)" : ""}`);
  console.log(`${DONE} after ${step} steps (${epoch} epochs); the process should now exit by itself`);
  process.exitCode = ok ? 0 : 1;
}

/**
 * Runs the soak in a child Node process (with this one's loader), forwarding its output, and checks
 * that it exits by itself once training has ended. Resolves with the child's exit code.
 */
function runChild(args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), "--child", ...args],
      { stdio: ["ignore", "pipe", "inherit"] });
    let doneAt = 0;
    let guard: NodeJS.Timeout | undefined;
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        console.log(line);
        if (line.startsWith(DONE) && doneAt === 0) {
          doneAt = performance.now();
          guard = setTimeout(() => child.kill("SIGKILL"), EXIT_GRACE_S * 1000);
        }
      }
    });
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (guard !== undefined) clearTimeout(guard);
      if (pending !== "") console.log(pending);
      if (doneAt === 0) {
        console.log(`soak: the training process ended with ${signal ?? `code ${code}`} before training ended`);
        resolve(code ?? 1);
      } else if (signal !== null) {
        console.log(`exit: HUNG: the training process was still alive ${EXIT_GRACE_S} s after training ended and was killed`);
        resolve(1);
      } else {
        console.log(`exit: the training process exited by itself ${((performance.now() - doneAt) / 1000).toFixed(2)} s after training ended (code ${code})`);
        resolve(code ?? 1);
      }
    });
  });
}

/** `npm run bench -- --only soak`: 2 minutes (20 s with --quick), in a fresh process. */
async function run(ctx: BenchContext): Promise<void> {
  console.log("");
  const code = await runChild(ctx.quick ? ["--quick"] : ["--minutes", "2"]);
  if (code !== 0) throw new Error(`soak failed (exit code ${code})`);
}

/** The soak / memory workload. */
export const soak: Workload = { name: "soak", title: "soak (memory, descriptors and threads over a long run)", run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const argv = process.argv.slice(2);
  let plan: SoakPlan | null = null;
  try {
    plan = parsePlan(argv);
  } catch (e) {
    console.error(e instanceof Error ? e.message : String(e));
    process.exitCode = 2;
  }
  if (plan !== null && argv.includes("--child")) soakHere(plan);
  else if (plan !== null) process.exitCode = await runChild(argv);
}
