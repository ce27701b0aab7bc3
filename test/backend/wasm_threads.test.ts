/**
 * The wasm backend's worker pool (src/backend/wasm/pool.ts) and its load-time choices: a gemm shared
 * out over 2 and 3 threads equals the single-threaded one bit for bit (the same arithmetic per element
 * whichever thread runs its block) on odd sizes, in all transpose cases, with offsets, and after the
 * shared memory grows; BACKPROP_THREADS picks the thread count (1: no pool) and BACKPROP_BACKEND the
 * tier, the relaxed-SIMD one running on Node 20 without a command-line flag; a process that used the
 * pool exits promptly. These build their own modules, so they run whatever the suite's backend is
 * (the child-process tests only once, under BACKPROP_BACKEND=wasm).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { Backend } from "../../src/backend/index.ts";
import { thresholds, wasmBackend } from "../../src/backend/wasm/backend.ts";
import { loadWasm, type WasmModule } from "../../src/backend/wasm/module.ts";
import { workerSpawner } from "../../src/backend/wasm/threads.ts";
import { assertSameBits, random } from "../helpers/arrays.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

const single = loadWasm(undefined, 1).module;
const skip = single === null || workerSpawner() === null ? "no WebAssembly SIMD or no worker threads here" : false;
const pools: WasmModule[] = [];

/** A module on `threads` threads with its workers up. */
function pooled(threads: number): Backend {
  const mod = loadWasm(undefined, threads).module as WasmModule;
  pools.push(mod);
  assert.ok(mod.parallel?.pool?.waitReady(), "the workers start");
  return wasmBackend(mod);
}

after(async () => {
  for (const mod of pools) await mod.parallel?.pool?.close();
});

/** Runs `fn` with every gemm of a pooled backend going to the pool. */
function allPooled(fn: () => void): void {
  const saved = thresholds.parallelGemmMacs;
  thresholds.parallelGemmMacs = 0;
  try {
    fn();
  } finally {
    thresholds.parallelGemmMacs = saved;
  }
}

/** op(A) op(B) (added to C when `accumulate`) on `be` and on the single-threaded module, compared bit for bit. */
function compare(be: Backend, m: number, k: number, n: number, transA: boolean, transB: boolean, what: string, accumulate = false): void {
  const [aOff, bOff, cOff] = [1, 2, 3];
  const a = random(aOff + m * k, m * 7 + k);
  const b = random(bOff + k * n, n * 13 + k);
  const threaded = random(cOff + m * n + 2, 11);
  const reference = threaded.slice();
  allPooled(() => be.gemm(a, aOff, transA, b, bOff, transB, threaded, cOff, m, k, n, accumulate));
  wasmBackend(single as WasmModule).gemm(a, aOff, transA, b, bOff, transB, reference, cOff, m, k, n, accumulate);
  assertSameBits(threaded, reference, `${what} ${m}x${k}x${n} transA=${transA} transB=${transB}`);
}

const ODD_SIZES: [number, number, number][] = [
  [1, 1, 1], // fewer micro-tiles than chunks: most chunks are empty
  [3, 5, 2],
  [37, 129, 65],
  [130, 7, 259], // split by columns, crossing the 120-row block
  [259, 300, 130], // split by rows, k in 2 slices
  [64, 784, 128], // the MLP's first layer
  [5, 513, 1030], // n crosses the 1024-column block
  [33, 0, 17], // k = 0: zeros
];

for (const threads of [2, 3]) {
  test(`a gemm shared over ${threads} threads equals the single-threaded one bit for bit on odd sizes`, { skip }, () => {
    const be = pooled(threads);
    assert.equal(be.name, `${(single as WasmModule).tier} x${threads}`);
    for (const [m, k, n] of ODD_SIZES) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          compare(be, m, k, n, transA, transB, `${threads} threads`);
          compare(be, m, k, n, transA, transB, `${threads} threads, accumulating`, true);
        }
      }
    }
    // on a busy machine a worker may wake after the caller has taken every chunk: give it a few more tries
    for (let i = 0; i < 50 && (pools.at(-1)?.parallel?.pool?.workerChunks ?? 0) === 0; i++) {
      compare(be, 256, 256, 256, false, false, `${threads} threads, until a worker takes a chunk`);
    }
    assert.ok((pools.at(-1)?.parallel?.pool?.workerChunks ?? 0) > 0, "the workers ran some of the chunks");
  });
}

test("cdist shared over 2 and 3 threads equals the single-threaded one bit for bit (L1 and L2, odd row counts)", { skip }, () => {
  for (const threads of [2, 3]) {
    const be = pooled(threads);
    const before = pools.at(-1)?.parallel?.pool?.workerChunks ?? 0;
    for (const [n, m, d] of [[7, 5, 3], [101, 64, 33], [64, 1000, 40]] as const) {
      const x1 = random(n * d, n + d);
      const x2 = random(m * d, m * 3 + d);
      for (const p of [1, 2] as const) {
        const threaded = new Float32Array(n * m);
        const reference = new Float32Array(n * m);
        allPooled(() => be.cdist(x1, x2, threaded, n, m, d, p));
        wasmBackend(single as WasmModule).cdist(x1, x2, reference, n, m, d, p);
        assertSameBits(threaded, reference, `cdist p=${p} ${n}x${m}x${d} on ${threads} threads`);
      }
    }
    // on a busy machine a worker may wake after the caller has taken every chunk: give it a few more tries
    const x = random(64 * 200, 1);
    for (let i = 0; i < 50 && (pools.at(-1)?.parallel?.pool?.workerChunks ?? 0) === before; i++) {
      allPooled(() => be.cdist(x, x, new Float32Array(64 * 64), 64, 64, 200, 2));
    }
    assert.ok((pools.at(-1)?.parallel?.pool?.workerChunks ?? 0) > before, "the workers ran some of the rows");
  }
});

test("pooled gemms stay right when the shared memory grows between them (every thread sees the new pages)", { skip }, () => {
  const be = pooled(2);
  compare(be, 20, 30, 10, false, false, "before growing");
  compare(be, 900, 400, 700, true, false, "growing"); // ~3.6 MB of operands: the memory grows
  compare(be, 50, 0, 3000, false, false, "k = 0 after growing");
  compare(be, 3, 2000, 5000, false, true, "growing again");
  compare(be, 20, 30, 10, false, false, "small after growing");
});

test("chunking: more or fewer chunks per thread give the same bits", { skip }, () => {
  const be = pooled(2);
  const saved = thresholds.gemmChunksPerThread;
  try {
    for (const perThread of [0.5, 1, 4, 16]) {
      thresholds.gemmChunksPerThread = perThread;
      compare(be, 131, 77, 45, false, true, `${perThread} chunks per thread`);
      compare(be, 45, 77, 131, true, false, `${perThread} chunks per thread`);
    }
  } finally {
    thresholds.gemmChunksPerThread = saved;
  }
});

test("a kernel that traps on any thread makes run() throw, and the pool keeps working after it", { skip }, () => {
  const be = pooled(2);
  const mod = pools.at(-1) as WasmModule;
  const pool = mod.parallel?.pool as NonNullable<WasmModule["pool"]>;
  // C at 2 GiB, far past the memory's end: every chunk traps, on whichever thread claims it
  const job = { kernel: 0, args: [0, 0, 0, 0, 2 ** 31, 64, 8, 64, 0, 0, 64, 0, 64, 0], work: 8, lo: 9, hi: 10, len: 64, unit: 4 };
  for (let i = 0; i < 20; i++) assert.throws(() => pool.run(job));
  compare(be, 70, 90, 50, false, false, "after the traps");
});

const once = process.env.BACKPROP_BACKEND === "js" ? "child-process tests run once, under BACKPROP_BACKEND=wasm" : skip;

/** Runs `code` (an ES module) in a child Node with tsx and `env`; returns its status, output and wall time. */
function child(code: string, env: Record<string, string>): { status: number | null; stdout: string; stderr: string; ms: number } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout.trim(), stderr: r.stderr, ms: performance.now() - t0 };
}

const PRINT_BACKEND = `import * as bp from "./src/index.ts"; console.log(bp.backend());`;

test("BACKPROP_THREADS sets the thread count, 1 turns the pool off; BACKPROP_BACKEND=wasm-simd forces the plain build", { skip: once }, () => {
  const tier = (single as WasmModule).tier;
  const cases: [Record<string, string>, string][] = [
    [{ BACKPROP_BACKEND: "wasm", BACKPROP_THREADS: "1" }, tier],
    [{ BACKPROP_BACKEND: "wasm", BACKPROP_THREADS: "2" }, `${tier} x2`],
    [{ BACKPROP_BACKEND: "wasm-simd", BACKPROP_THREADS: "3" }, "wasm-simd x3"],
    [{ BACKPROP_BACKEND: "wasm-simd", BACKPROP_THREADS: "1" }, "wasm-simd"],
    [{ BACKPROP_BACKEND: "js", BACKPROP_THREADS: "2" }, "js"],
  ];
  for (const [env, expected] of cases) {
    const r = child(PRINT_BACKEND, env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, expected, JSON.stringify(env));
  }
  const bad = child(PRINT_BACKEND, { BACKPROP_THREADS: "two" });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /BACKPROP_THREADS must be a whole number >= 1; got "two"/);
});

test("Node 20 runs the relaxed-SIMD build without a command-line flag (turned on at run time)", { skip }, () => {
  const gets = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === "function";
  if (gets) assert.equal((single as WasmModule).tier, "wasm-relaxed-simd");
  assert.equal(loadWasm("wasm-simd").module?.tier, "wasm-simd");
});

test("a process whose big matmuls ran on the pool exits promptly (workers are unref'd and never leak)", { skip: once }, () => {
  // a second of 512^3 products, so the pool starts and runs; then the script ends with the workers
  // spinning or parked, and must not hang
  const code = `
    import * as bp from "./src/index.ts";
    const a = bp.rand(512, 512), b = bp.rand(512, 512);
    const t = performance.now();
    while (performance.now() - t < 1000) bp.matmul(a, b);
    console.log(bp.backend(), Date.now());`;
  const r = child(code, { BACKPROP_BACKEND: "wasm", BACKPROP_THREADS: "2" });
  const exitedAt = Date.now();
  assert.equal(r.status, 0, r.stderr);
  const [name, endedAt] = r.stdout.split(" x2 ");
  assert.match(name, /^wasm-/);
  assert.ok(exitedAt - Number(endedAt) < 3000, `exited ${exitedAt - Number(endedAt)} ms after its last line`);
});
