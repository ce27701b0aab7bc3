/**
 * (b) Matrix multiply C = A B in float32 at the sizes the MLP uses (64x784 by 784x128) and two square
 * ones, against PyTorch and numpy (1 and 2 threads) and TF.js wasm and cpu. Inputs are uniform in
 * [-1, 1]; GFLOP/s counts 2mnk per product.
 */
import * as bp from "../src/index.ts";
import { alternate, printTables, timeReps, type CaseView, type RoundResult } from "./harness.ts";
import type { BenchContext, Workload } from "./context.ts";
import { torchContenders } from "./peers/torch.ts";
import { tfContenders, TFJS_THREADS_NOTE } from "./peers/tfjs.ts";

/** [m, k, n]: A is m x k, B is k x n. */
const SIZES: [number, number, number][] = [[64, 784, 128], [256, 256, 256], [1024, 1024, 1024]];

const key = ([m, k, n]: [number, number, number]): string => `${m}x${k}x${n}`;
const flops = ([m, k, n]: [number, number, number]): number => 2 * m * k * n;

/** Repetitions per round: about 2 GFLOP of work, 3 to 200 products, cut short by the time budget. */
function reps(size: [number, number, number], quick: boolean): number {
  return quick ? 3 : Math.max(3, Math.min(200, Math.floor(2e9 / flops(size))));
}

async function run(ctx: BenchContext): Promise<void> {
  const budget = ctx.quick ? 0.5 : 1.5;
  const rounds = ctx.quick ? 2 : 5;

  const inputs = SIZES.map(([m, k, n]) => ({ a: bp.rand(m, k).mul(2).sub(1), b: bp.rand(k, n).mul(2).sub(1) }));
  const backprop = {
    label: `backprop (${bp.backend()}) bp.matmul`,
    isBackprop: true,
    warmup: async () => {
      for (const { a, b } of inputs) bp.matmul(a, b);
    },
    round: async () => {
      const out: RoundResult = {};
      SIZES.forEach((size, i) => {
        const { a, b } = inputs[i];
        out[key(size)] = timeReps(() => void bp.matmul(a, b).data[0], reps(size, ctx.quick), budget);
      });
      return out;
    },
  };
  const torch = await torchContenders({ workload: "matmul", quick: ctx.quick, sizes: SIZES }, true);
  const tfjs = await tfContenders((tf) => {
    const tin = SIZES.map(([m, k, n]) => ({ a: tf.randomUniform([m, k], -1, 1), b: tf.randomUniform([k, n], -1, 1) }));
    for (const { a, b } of tin) tf.matMul(a, b).dispose(); // warm-up
    return () => {
      const out: RoundResult = {};
      SIZES.forEach((size, i) => {
        const { a, b } = tin[i];
        out[key(size)] = timeReps(() => tf.matMul(a, b).dispose(), reps(size, ctx.quick), budget);
      });
      return out;
    };
  });

  const collected = await alternate([backprop, ...torch, ...tfjs], rounds, ctx.log);
  const views: CaseView[] = SIZES.map((size) => ({
    key: key(size),
    title: `matmul ${size[0]}x${size[1]} @ ${size[1]}x${size[2]} (float32)`,
    rate: { unit: "GFLOP/s", work: flops(size) / 1e9 },
  }));
  printTables(collected, views, [{ label: "TF.js wasm, 2 threads", text: TFJS_THREADS_NOTE }]);
}

/** The matmul workload. */
export const matmul: Workload = { name: "matmul", title: "matmul", run };
