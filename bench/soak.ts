/**
 * (e) Soak: a long training run of the seed's MLP on random data (a fixed pool of batches, so that
 * only training allocates), printing resident memory every 2 000 steps, to show that memory stays
 * flat with no dispose() anywhere. Runs backprop alone, in a fresh Node process so that the memory
 * of the other benchmarks does not hide or inflate its own:
 *
 *   npx tsx bench/soak.ts [--quick]        # what `npm run bench -- --only soak` runs
 */
import { spawn } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as bp from "../src/index.ts";
import { fmtSeconds, printAligned } from "./harness.ts";
import type { BenchContext, Workload } from "./context.ts";
import { Net } from "../src/cli/train.ts";

const MB = 1024 * 1024;
/** Growth of resident memory after the first report below which the run counts as flat. */
const FLAT_MB = 32;

/** The soak itself, in this process. */
function soakHere(ctx: BenchContext): void {
  const steps = ctx.quick ? 2000 : 20_000;
  const capSeconds = ctx.quick ? 20 : 120;
  const every = steps / 10;

  bp.manualSeed(0);
  const pool = Array.from({ length: 16 }, () => [bp.randn(64, 1, 28, 28), bp.randint(0, 10, [64])]);
  const net = new Net();
  const lossFunction = new bp.nn.CrossEntropyLoss();
  const optimizer = new bp.optim.SGD(net.parameters(), { lr: 0.01 });
  const m0 = process.memoryUsage();

  console.log("");
  console.log(`soak: ${steps} training steps of the MLP (batch 64, random data, no dispose), memory every ${every} steps` +
    ` (stops early after ${capSeconds} s), in a fresh process`);
  console.log(`  before training: rss ${(m0.rss / MB).toFixed(1)} MB, heapUsed ${(m0.heapUsed / MB).toFixed(1)} MB, ` +
    `arrayBuffers ${(m0.arrayBuffers / MB).toFixed(1)} MB, external ${(m0.external / MB).toFixed(1)} MB`);
  const header = ["step", "elapsed", "steps/s", "rss MB", "heapUsed MB", "arrayBuffers MB", "external MB", "loss"];
  const rows: string[][] = [];
  const start = performance.now();
  let last = start;
  let lastStep = 0;
  let loss = 0;
  let done = 0;
  for (let step = 1; step <= steps; step++) {
    const [x, y] = pool[step % pool.length];
    optimizer.zeroGrad();
    const out = lossFunction.forward(net.forward(x), y);
    out.backward();
    optimizer.step();
    done = step;
    const t = performance.now();
    const timeUp = (t - start) / 1000 > capSeconds;
    if (step % every === 0 || timeUp) {
      loss = out.item();
      const m = process.memoryUsage();
      const row = [String(step), fmtSeconds((t - start) / 1000), ((step - lastStep) / ((t - last) / 1000)).toFixed(0),
        (m.rss / MB).toFixed(1), (m.heapUsed / MB).toFixed(1), (m.arrayBuffers / MB).toFixed(1), (m.external / MB).toFixed(1), loss.toFixed(4)];
      rows.push(row);
      ctx.log(`  soak ${row.join("  ")}`);
      last = t;
      lastStep = step;
    }
    if (timeUp) break;
  }
  printAligned(header, rows);
  if (done < steps) console.log(`  stopped after ${done} of ${steps} steps (the ${capSeconds} s cap)`);
  if (rows.length >= 2) {
    const first = Number(rows[0][3]);
    const lastRss = Number(rows[rows.length - 1][3]);
    const peak = Math.max(...rows.map((r) => Number(r[3])));
    const growth = lastRss - first;
    console.log(`  rss from step ${rows[0][0]} to step ${rows[rows.length - 1][0]}: ${first.toFixed(1)} -> ${lastRss.toFixed(1)} MB ` +
      `(${growth >= 0 ? "+" : ""}${growth.toFixed(1)} MB, peak ${peak.toFixed(1)} MB): ` +
      (growth < FLAT_MB ? `flat (under ${FLAT_MB} MB of growth)` : `GROWING (more than ${FLAT_MB} MB)`));
  }
}

/** Runs this file in a fresh Node process (with tsx's loader, as this one has) and waits for it. */
function run(ctx: BenchContext): Promise<void> {
  const args = [...process.execArgv, fileURLToPath(import.meta.url), ...(ctx.quick ? ["--quick"] : [])];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`soak process exited with ${signal ?? `code ${code}`}`)));
  });
}

/** The soak / memory workload. */
export const soak: Workload = { name: "soak", title: "soak (memory over a long run)", run };

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  soakHere({ quick: process.argv.includes("--quick"), log: (line) => console.error(line) });
}
