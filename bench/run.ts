/**
 * `npm run bench`: races backprop against PyTorch (CPU, 1 and 2 threads), numpy and TensorFlow.js
 * (wasm and cpu backends) on the same work in one run, alternating rounds, and prints one table per
 * workload with medians and each peer's time over backprop's.
 *
 *   npm run bench                              # everything, about 10 minutes on 2 cores
 *   npm run bench -- --quick                   # a fast smoke run
 *   npm run bench -- --only mlp,matmul         # some workloads: mlp, matmul, elementwise, overhead, soak, knn, gridsearch
 *
 * Peers come from bench/setup.sh; a missing one gets a row saying so and the run goes on (exit 0).
 */
import { cpus } from "node:os";
import * as bp from "../src/index.ts";
import { fmtSeconds, loadText, message, now } from "./harness.ts";
import type { BenchContext, Workload } from "./context.ts";
import { mlp } from "./mlp.ts";
import { matmul } from "./matmul.ts";
import { elementwise } from "./elementwise.ts";
import { overhead } from "./overhead.ts";
import { soak } from "./soak.ts";
import { knn } from "./knn.ts";
import { gridsearch } from "./grid_search.ts";
import { stopTorchServers } from "./peers/torch.ts";

const WORKLOADS: Workload[] = [mlp, matmul, elementwise, overhead, soak, knn, gridsearch];

function usage(): never {
  console.error(`usage: npm run bench -- [--quick] [--only ${WORKLOADS.map((w) => w.name).join(",")}]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { quick: boolean; only: Workload[] } {
  let quick = false;
  let only = WORKLOADS;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--quick") quick = true;
    else if (arg === "--only" || arg.startsWith("--only=")) {
      const list = arg === "--only" ? argv[++i] : arg.slice("--only=".length);
      if (list === undefined) usage();
      const names = list.split(",").map((s) => s.trim()).filter((s) => s !== "");
      const unknown = names.filter((n) => !WORKLOADS.some((w) => w.name === n));
      if (unknown.length > 0) {
        console.error(`bench: unknown workload ${unknown.join(", ")}`);
        usage();
      }
      only = WORKLOADS.filter((w) => names.includes(w.name));
    } else if (arg === "--help" || arg === "-h") usage();
    else {
      console.error(`bench: unknown option ${arg}`);
      usage();
    }
  }
  return { quick, only };
}

async function main(): Promise<void> {
  const { quick, only } = parseArgs(process.argv.slice(2));
  const ctx: BenchContext = { quick, log: (line) => console.error(line) };
  const cpu = cpus();
  console.log(`backprop bench${quick ? " (--quick)" : ""}: ${new Date().toISOString()}`);
  console.log(`  machine: ${cpu[0]?.model ?? "?"}, ${cpu.length} cores; node ${process.version}; backprop backend: ${bp.backend()}` +
    `${process.env.BACKPROP_BACKEND === undefined ? "" : ` (BACKPROP_BACKEND=${process.env.BACKPROP_BACKEND})`}` +
    `${process.env.BACKPROP_THREADS === undefined ? "" : ` (BACKPROP_THREADS=${process.env.BACKPROP_THREADS})`}`);
  console.log("  times are medians over alternating rounds; peer/backprop > 1 means backprop is faster");
  const start = now();
  for (const w of only) {
    const t0 = now();
    ctx.log(`${w.title}: load average ${loadText()}`);
    console.log("");
    console.log(`== ${w.title} (load average before: ${loadText()})`);
    try {
      await w.run(ctx);
    } catch (e) {
      console.log(`  ${w.name} failed: ${message(e)}`);
      if (e instanceof Error && e.stack !== undefined) ctx.log(e.stack);
    }
    ctx.log(`${w.title}: ${fmtSeconds(now() - t0)}`);
  }
  await stopTorchServers();
  console.log("");
  console.log(`total ${fmtSeconds(now() - start)}; load average after: ${loadText()}`);
}

await main();
process.exit(0);
