/**
 * The wasm backend's worker pool (src/backend/wasm/pool.ts) and its load-time choices: a gemm shared
 * out over 2 and 3 threads equals the single-threaded one bit for bit (the same arithmetic per element
 * whichever thread runs its block) on odd sizes, in all transpose cases, with offsets, and after the
 * shared memory grows; the relaxed-SIMD tier runs on Node 20 without a command-line flag. These build
 * their own modules, so they run whatever the suite's backend is. The environment variables and a
 * pooled process's exit are tested in child processes by test/integration/wasm_process.test.ts.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import type { Backend } from "../../src/backend/index.ts";
import { thresholds, wasmBackend } from "../../src/backend/wasm/backend.ts";
import { loadWasm, type WasmModule } from "../../src/backend/wasm/module.ts";
import { workerSpawner } from "../../src/backend/wasm/threads.ts";
import { assertSameBits, random } from "../helpers/arrays.ts";

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

/**
 * Runs `fn` with the newest pool's calling thread claiming no chunk, so the workers run them all
 * (the pool's `workersOnly`), and checks that they did.
 */
function workersOnly(fn: () => void): void {
  const pool = pools.at(-1)?.parallel?.pool;
  assert.ok(pool, "a pool is running");
  const before = pool.workerChunks;
  pool.workersOnly = true;
  try {
    fn();
  } finally {
    pool.workersOnly = false;
  }
  assert.ok(pool.workerChunks > before, "the workers ran the chunks");
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
    // the workers' own results, whichever thread would have won the race for a chunk
    workersOnly(() => compare(be, 256, 256, 256, false, false, `${threads} threads, every chunk on a worker`));
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
    // the workers' own rows, whichever thread would have won the race for them
    const [n, m, d] = [64, 100, 200];
    const x1 = random(n * d, 1);
    const x2 = random(m * d, 2);
    const threaded = new Float32Array(n * m);
    const reference = new Float32Array(n * m);
    workersOnly(() => allPooled(() => be.cdist(x1, x2, threaded, n, m, d, 2)));
    wasmBackend(single as WasmModule).cdist(x1, x2, reference, n, m, d, 2);
    assertSameBits(threaded, reference, `cdist ${n}x${m}x${d}, every row on a worker of ${threads} threads`);
    assert.ok((pools.at(-1)?.parallel?.pool?.workerChunks ?? 0) > before, "the workers ran the rows");
  }
});

/**
 * gemmBlocks on `be`: every block, stitched into C by its place, against A·Bᵀ by the single-threaded
 * gemm, bit for bit; and the blocks' order (column blocks ascending, then row blocks) and sizes.
 */
function compareBlocks(be: Backend, m: number, k: number, n: number, rows: number, cols: number, what: string): void {
  const a = random(m * k, m + 5 * k);
  const b = random(n * k, n + 3 * k);
  const reference = new Float32Array(m * n);
  wasmBackend(single as WasmModule).gemm(a, 0, false, b, 0, true, reference, 0, m, k, n);
  const stitched = new Float32Array(m * n).fill(NaN);
  const order: string[] = [];
  allPooled(() => be.gemmBlocks(a, b, m, k, n, rows, cols, (block, offset, i0, j0, nr, nc) => {
    order.push(`${i0},${j0},${nr},${nc}`);
    for (let r = 0; r < nr; r++) for (let c = 0; c < nc; c++) stitched[(i0 + r) * n + j0 + c] = block[offset + r * nc + c];
  }));
  const expected: string[] = [];
  for (let j0 = 0; j0 < n; j0 += cols) for (let i0 = 0; i0 < m; i0 += rows) expected.push(`${i0},${j0},${Math.min(rows, m - i0)},${Math.min(cols, n - j0)}`);
  assert.deepEqual(order, expected, `${what}: blocks by column block, then row block`);
  assertSameBits(stitched, reference, `${what}: gemmBlocks ${m}x${k}x${n} in ${rows}x${cols} blocks`);
}

test("gemmBlocks on 2 threads (the next block computed while one is visited) equals A·Bᵀ bit for bit, block by block", { skip }, () => {
  const be = pooled(2);
  for (const [m, k, n, rows, cols] of [[37, 129, 65, 10, 16], [130, 7, 259, 64, 100], [5, 513, 1030, 5, 1030], [1, 3, 1, 4, 4], [200, 64, 300, 1000, 1000]] as const) {
    compareBlocks(be, m, k, n, rows, cols, "2 threads");
  }
  workersOnly(() => compareBlocks(be, 64, 100, 90, 16, 40, "2 threads, every chunk on a worker"));
  // one thread (no pool) and the js reference block the same way
  compareBlocks(wasmBackend(single as WasmModule), 37, 129, 65, 10, 16, "1 thread");
});

/** argKminEuclidean's heaps on `be` (pooled) and on the single-threaded module, compared bit for bit. */
function compareArgKmin(be: Backend, n: number, d: number, m: number, k: number, rows: number, cols: number, what: string): void {
  // small integers: many equal distances, so the heaps' tie rule is exercised
  const q = Float32Array.from(random(n * d, n + d), (v) => Math.round(v * 3));
  const x = Float32Array.from(random(m * d, m + 2 * d), (v) => Math.round(v * 3));
  const norms = (a: Float32Array, count: number): Float64Array => Float64Array.from({ length: count }, (_, i) => {
    let s = 0;
    for (let j = 0; j < d; j++) s += a[i * d + j] * a[i * d + j];
    return s;
  });
  const qn = norms(q, n), fn = norms(x, m);
  const heaps = (): [Float64Array, Int32Array] => [new Float64Array(n * k).fill(Infinity), new Int32Array(n * k).fill(-1)];
  const [v1, i1] = heaps();
  const [v2, i2] = heaps();
  allPooled(() => be.argKminEuclidean(q, x, n, d, m, qn, fn, v1, i1, k, rows, cols));
  wasmBackend(single as WasmModule).argKminEuclidean(q, x, n, d, m, qn, fn, v2, i2, k, rows, cols);
  assert.deepEqual(Array.from(i1), Array.from(i2), `${what}: neighbour indices`);
  assert.deepEqual(Array.from(v1), Array.from(v2), `${what}: squared distances (float64, exactly)`);
  assert.ok(i1.every((j) => j >= 0 && j < m), `${what}: every heap filled`);
}

test("argKminEuclidean on 2 threads (wasm heap kernel) equals the one-thread heaps bit for bit, ties included", { skip }, () => {
  const be = pooled(2);
  for (const [n, d, m, k, rows, cols] of [[37, 5, 300, 5, 10, 64], [130, 16, 259, 3, 64, 100], [9, 3, 50, 7, 4, 7], [200, 8, 1030, 1, 1000, 1000]] as const) {
    compareArgKmin(be, n, d, m, k, rows, cols, `${n}x${d} vs ${m}, k ${k}, blocks ${rows}x${cols}`);
  }
  workersOnly(() => compareArgKmin(be, 64, 10, 90, 5, 16, 40, "every chunk on a worker"));
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

test("Node 20 runs the relaxed-SIMD build without a command-line flag (turned on at run time)", { skip }, () => {
  const gets = typeof (process as { getBuiltinModule?: unknown }).getBuiltinModule === "function";
  if (gets) assert.equal((single as WasmModule).tier, "wasm-relaxed-simd");
  assert.equal(loadWasm("wasm-simd").module?.tier, "wasm-simd");
});
