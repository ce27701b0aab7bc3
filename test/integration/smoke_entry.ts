/**
 * What the browser test runs inside Chromium (bundled by esbuild): the parts of backprop that need no
 * Node (tensors, ops, autograd, nn, optim), on whatever backend the page gets. `smoke()` waits for the
 * wasm backend when the engine compiles it asynchronously (a page's main thread does), then multiplies
 * two matrices and trains a small MLP for a few steps; the test compares the numbers with Node's.
 */
import * as bp from "../../src/tensor/index.ts";
import { matmul } from "../../src/ops/index.ts";
import { backend, backendReady } from "../../src/backend/registry.ts";
import * as nn from "../../src/nn/index.ts";
import * as optim from "../../src/optim/index.ts";
import { loadWasm } from "../../src/backend/wasm/module.ts";
import { thresholds, wasmBackend } from "../../src/backend/wasm/backend.ts";

/** What one run reports. */
export interface SmokeResult {
  /** `bp.backend()` before waiting, and after. */
  backendAtLoad: string;
  backend: string;
  /** 64x784 @ 784x128 of seeded uniform values: the sum and a few entries of the product. */
  productSum: number;
  productSample: number[];
  /** The cross-entropy losses of 5 SGD steps of Linear(784,128)-ReLU-Linear(128,10), seed 0. */
  losses: number[];
}

/** Runs the smoke workload once the backend is settled (after an asynchronous compile of the wasm module). */
export async function smoke(): Promise<SmokeResult> {
  const backendAtLoad = backend();
  await backendReady;
  bp.manualSeed(0);
  const a = bp.rand([64, 784]);
  const b = bp.rand([784, 128]);
  const product = matmul(a, b);
  const data = product.data;
  const x = bp.rand([64, 784]);
  const y = bp.randint(0, 10, [64]);
  const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const lossFn = new nn.CrossEntropyLoss();
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    opt.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  return {
    backendAtLoad,
    backend: backend(),
    productSum: product.sum().item(),
    productSample: [data[0], data[777], data[data.length - 1]],
    losses,
  };
}

/** What `poolSmoke` reports. */
export interface PoolSmokeResult {
  /** Whether a pool was made here, and whether its workers came up. */
  pooled: boolean;
  ready: boolean;
  /** Chunks the workers ran, and whether every pooled product equalled the one-thread product bit for bit. */
  workerChunks: number;
  sameBits: boolean;
}

/**
 * Makes a wasm module with a `threads`-thread pool, waits for its workers, and checks pooled gemms
 * against one thread's, bit for bit, on a few shapes and transposes; then one product with every
 * chunk left to the workers (the pool's `workersOnly`), so that they are seen to run whichever thread
 * would have won the race for a chunk. A pool whose workers never come up hangs here, and the test's
 * own timeout reports it.
 */
export async function poolSmoke(threads: number): Promise<PoolSmokeResult> {
  const mod = loadWasm(undefined, threads).module;
  const pool = mod?.parallel?.pool ?? null;
  const single = loadWasm(undefined, 1).module;
  if (mod === null || pool === null || single === null) return { pooled: false, ready: false, workerChunks: 0, sameBits: false };
  while (!pool.ready()) await new Promise((resolve) => setTimeout(resolve, 10));
  const [pooled, one] = [wasmBackend(mod), wasmBackend(single)];
  const sameProduct = (m: number, k: number, n: number, transA: boolean, transB: boolean): boolean => {
    const a = bp.rand([m * k]).data as Float32Array;
    const b = bp.rand([k * n]).data as Float32Array;
    const [c1, c2] = [new Float32Array(m * n), new Float32Array(m * n)];
    pooled.gemm(a, 0, transA, b, 0, transB, c1, 0, m, k, n);
    one.gemm(a, 0, transA, b, 0, transB, c2, 0, m, k, n);
    return c1.every((v, i) => Object.is(v, c2[i]));
  };
  const saved = thresholds.parallelGemmMacs;
  thresholds.parallelGemmMacs = 0;
  let sameBits = true;
  try {
    for (const [m, k, n] of [[64, 784, 128], [131, 77, 45], [45, 77, 131]]) {
      for (const [transA, transB] of [[false, false], [true, false], [false, true]]) sameBits &&= sameProduct(m, k, n, transA, transB);
    }
    pool.workersOnly = true;
    sameBits &&= sameProduct(256, 256, 256, false, false);
  } finally {
    pool.workersOnly = false;
    thresholds.parallelGemmMacs = saved;
  }
  const result = { pooled: true, ready: pool.ready(), workerChunks: pool.workerChunks, sameBits };
  await pool.close();
  return result;
}
