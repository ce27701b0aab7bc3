/**
 * What the browser test runs inside Chromium (bundled by esbuild): the parts of backprop that need no
 * Node (tensors, ops, autograd, nn, optim), on whatever backend the page gets. `smoke()` waits for the
 * wasm backend when the engine compiles it asynchronously (a page's main thread does), then multiplies
 * two matrices and trains a small MLP for a few steps; the test compares the numbers with Node's.
 */
import * as bp from "../../src/tensor/index.ts";
import { matmul } from "../../src/ops/index.ts";
import { backend } from "../../src/backend/registry.ts";
import * as nn from "../../src/nn/index.ts";
import * as optim from "../../src/optim/index.ts";

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

/** Runs the smoke workload, waiting up to `waitMs` for the wasm backend to replace js. */
export async function smoke(waitMs = 10_000): Promise<SmokeResult> {
  const backendAtLoad = backend();
  const until = Date.now() + waitMs;
  while (backend() === "js" && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 10));
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
