/**
 * Where the time of one training step of the seed's MLP goes (784-128-10, ReLU, cross-entropy, SGD
 * lr 0.1, batch 64, DataLoader over Fashion-MNIST, or the bundled digits when it is not installed).
 *
 *   npx tsx bench/profile.ts [--steps N] [--no-cpu-prof] [--save FILE.cpuprofile]
 *
 * 1. Phases: each phase of the step timed on its own over N steps (data loading, zeroGrad, forward
 *    fc1 / ReLU / fc2 / loss, backward split per graph node, the rest of backward, optimizer step).
 * 2. A V8 CPU profile of N more steps (no phase timers), summarised as the functions with the most
 *    self time and the files they live in. `--save` writes the raw profile for Chrome DevTools.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";
import * as bp from "../src/index.ts";
import { fashionUnavailable, FASHION_ROOT } from "./context.ts";
import { printAligned } from "./harness.ts";
import { Net } from "../src/cli/train.ts";

const { nn, optim, data } = bp;
const REPO = fileURLToPath(new URL("..", import.meta.url));

interface Options {
  steps: number;
  cpuProf: boolean;
  save: string | undefined;
}

function parseArgs(argv: string[]): Options {
  const options: Options = { steps: 300, cpuProf: true, save: undefined };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--steps") options.steps = Number(argv[++i]);
    else if (arg === "--no-cpu-prof") options.cpuProf = false;
    else if (arg === "--save") options.save = argv[++i];
    else {
      console.error("usage: npx tsx bench/profile.ts [--steps N] [--no-cpu-prof] [--save FILE.cpuprofile]");
      process.exit(2);
    }
  }
  if (!Number.isInteger(options.steps) || options.steps <= 0) {
    console.error(`profile: --steps must be a positive integer, got ${options.steps}`);
    process.exit(2);
  }
  return options;
}

/** An endless stream of batches: epoch after epoch of a shuffled DataLoader. */
function batches(loader: bp.data.DataLoader<bp.Tensor[]>): () => bp.Tensor[] {
  let it = loader[Symbol.iterator]();
  return () => {
    let next = it.next();
    if (next.done === true) {
      it = loader[Symbol.iterator]();
      next = it.next();
    }
    return next.value as bp.Tensor[];
  };
}

/** Every graph node reachable from `root`, each once. */
function graphNodes(root: bp.Tensor): bp.autograd.Node[] {
  const seen = new Set<bp.autograd.Node>();
  const stack = [root];
  while (stack.length > 0) {
    const node = stack.pop()!.gradFn;
    if (node === null || seen.has(node)) continue;
    seen.add(node);
    stack.push(...node.inputs);
  }
  return [...seen];
}

/** Adds `ms` to `key` of `acc`. */
function add(acc: Map<string, number>, key: string, ms: number): void {
  acc.set(key, (acc.get(key) ?? 0) + ms);
}

function timePhases(next: () => bp.Tensor[], net: Net, lossFn: bp.nn.CrossEntropyLoss, opt: bp.optim.SGD, steps: number): void {
  const acc = new Map<string, number>();
  let total = 0;
  for (let s = 0; s < steps; s++) {
    const start = performance.now();
    let t = start;
    const lap = (key: string): void => {
      const t2 = performance.now();
      add(acc, key, t2 - t);
      t = t2;
    };
    const [images, labels] = next();
    lap("data: DataLoader batch (shuffled gather + collate)");
    opt.zeroGrad();
    lap("optimizer.zeroGrad()");
    const x = images.view(-1, 28 * 28);
    const h1 = net.fc1.forward(x);
    lap("forward fc1: x W1^T + b1 (784 -> 128)");
    const h2 = nn.functional.relu(h1);
    lap("forward ReLU");
    const logits = net.fc2.forward(h2);
    lap("forward fc2: h W2^T + b2 (128 -> 10)");
    const loss = lossFn.forward(logits, labels);
    lap("forward cross-entropy loss");
    // time each graph node's backward closure; what is left of backward() is the engine's own work
    let inNodes = 0;
    for (const node of graphNodes(loss)) {
      const apply = node.apply.bind(node);
      const label = `backward ${node.name} (inputs ${node.inputs.map((i) => `[${i.shape.join(", ")}]`).join(" ")})`;
      node.apply = (g: bp.Tensor, into?: readonly (bp.Tensor | null)[]) => {
        const t0 = performance.now();
        const r = apply(g, into);
        const dt = performance.now() - t0;
        inNodes += dt;
        add(acc, label, dt);
        return r;
      };
    }
    loss.backward();
    const t2 = performance.now();
    add(acc, "backward: engine (ordering, grad accumulation)", t2 - t - inNodes);
    t = t2;
    opt.step();
    lap("optimizer.step() (SGD update)");
    total += performance.now() - start;
  }
  const perStep = total / steps;
  console.log("");
  console.log(`phases of one training step, mean over ${steps} steps: ${perStep.toFixed(3)} ms per step ` +
    `(${(1000 / perStep).toFixed(0)} steps/s, ${(perStep * 938 / 1000).toFixed(2)} s per 938-step epoch)`);
  const rows = [...acc.entries()].map(([k, ms]) => [k, (ms / steps).toFixed(3), ((100 * ms) / total).toFixed(1)]);
  printAligned(["phase", "ms/step", "% of step"], rows);
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** A file's path relative to the repository when it is inside it. */
function short(url: string): string {
  const path = url.startsWith("file://") ? fileURLToPath(url) : url;
  return path.startsWith(REPO) ? relative(REPO, path) : path;
}

/**
 * `src/backend/js.ts:120` for a function starting at 0-based `line`, `column` of `url`: tsx compiles
 * each file to other lines, so the position goes through the file's source map when there is one.
 */
function where(url: string, line: number, column: number): string {
  if (url === "") return "(native)";
  const map = url.startsWith("file://") ? findSourceMap(url) : undefined;
  const entry = map?.findEntry(line, column);
  if (entry !== undefined && "originalLine" in entry) return `${short(entry.originalSource)}:${entry.originalLine + 1}`;
  return `${short(url)}:${line + 1}`;
}

async function cpuProfile(next: () => bp.Tensor[], net: Net, lossFn: bp.nn.CrossEntropyLoss, opt: bp.optim.SGD, steps: number, save: string | undefined): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 100 });
  await session.post("Profiler.start");
  for (let s = 0; s < steps; s++) {
    const [images, labels] = next();
    opt.zeroGrad();
    lossFn.forward(net.forward(images), labels).backward();
    opt.step();
  }
  const { profile } = (await session.post("Profiler.stop")) as unknown as { profile: CpuProfile };
  session.disconnect();
  if (save !== undefined) {
    writeFileSync(save, JSON.stringify(profile));
    console.log(`  raw profile written to ${save} (open it in Chrome DevTools, Performance tab)`);
  }

  // self time: each sample's delta is charged to the node that was on top of the stack
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  let total = 0;
  for (const [id, ms] of self) {
    const frame = byId.get(id)!.callFrame;
    const name = frame.functionName === "" ? "(anonymous)" : frame.functionName;
    add(byFunction, `${name}  ${where(frame.url, frame.lineNumber, frame.columnNumber)}`, ms);
    add(byFile, frame.url === "" ? name : short(frame.url), ms);
    total += ms;
  }
  const top = (m: Map<string, number>, n: number): string[][] =>
    [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n)
      .map(([k, ms]) => [k, (ms / steps).toFixed(3), ((100 * ms) / total).toFixed(1)]);
  console.log("");
  console.log(`CPU profile of ${steps} more steps (V8 sampling every 100 us): ${(total / steps).toFixed(3)} ms per step sampled`);
  console.log("  top functions by self time:");
  printAligned(["function  location", "ms/step", "%"], top(byFunction, 20));
  console.log("  by file (or runtime entry):");
  printAligned(["file", "ms/step", "%"], top(byFile, 12));
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const missing = fashionUnavailable();
  const dataset = missing === undefined ? bp.datasets.mnist({ root: FASHION_ROOT }) : bp.datasets.mnist();
  console.log(`profile of one MLP training step: backprop backend ${bp.backend()}, node ${process.version}, ` +
    `data: ${missing === undefined ? `Fashion-MNIST (${FASHION_ROOT})` : "the bundled MNIST digits (Fashion-MNIST not installed)"}`);
  bp.manualSeed(0);
  const loader = new data.DataLoader(dataset, { batchSize: 64, shuffle: true });
  const next = batches(loader);
  const net = new Net();
  const lossFn = new nn.CrossEntropyLoss();
  const opt = new optim.SGD(net.parameters(), { lr: 0.1 });
  // warm-up: let V8 optimise the hot paths before anything is timed
  for (let s = 0; s < 100; s++) {
    const [images, labels] = next();
    opt.zeroGrad();
    lossFn.forward(net.forward(images), labels).backward();
    opt.step();
  }
  timePhases(next, net, lossFn, opt, options.steps);
  if (options.cpuProf) await cpuProfile(next, net, lossFn, opt, options.steps, options.save);
}

await main();
