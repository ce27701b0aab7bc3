/**
 * (c) The fused elementwise op y = max(0, a x + b) on 10M float32 values (a = 1.5, b = -0.5 scalars),
 * written the way each library's users write it: backprop `x.mul(a).add(b).relu()`, PyTorch
 * `torch.relu(x * a + b)`, numpy `np.maximum(x * a + b, 0)`, TF.js `tf.relu(tf.add(tf.mul(x, a), b))`.
 * GB/s counts the bytes the fused op must move: 4 read + 4 written per value (80 MB), however many
 * passes the library makes. A plain JS loop writing into a reused array is the reference row.
 */
import * as bp from "../src/index.ts";
import { alternate, printTables, timeReps, type Contender } from "./harness.ts";
import type { BenchContext, Workload } from "./context.ts";
import { torchContenders } from "./peers/torch.ts";
import { tfContenders } from "./peers/tfjs.ts";

const SIZE = 10_000_000;
const A = 1.5;
const B = -0.5;
const KEY = String(SIZE);

async function run(ctx: BenchContext): Promise<void> {
  const reps = ctx.quick ? 3 : 10;
  const budget = ctx.quick ? 0.5 : 2;
  const rounds = ctx.quick ? 2 : 5;

  const x = bp.rand(SIZE).mul(2).sub(1);
  const op = (): number => bp.noGrad(() => x.mul(A).add(B).relu()).data[0];
  const backprop: Contender = {
    label: `backprop (${bp.backend()}) x.mul(a).add(b).relu()`,
    isBackprop: true,
    warmup: async () => void op(),
    round: async () => ({ [KEY]: timeReps(op, reps, budget) }),
  };

  const xs = x.data as Float32Array;
  const ys = new Float32Array(SIZE);
  const loop = (): void => {
    for (let i = 0; i < SIZE; i++) {
      const v = A * xs[i] + B;
      ys[i] = v > 0 ? v : 0;
    }
  };
  const plain: Contender = {
    label: "plain JS loop, one pass into a reused array",
    warmup: async () => loop(),
    round: async () => ({ [KEY]: timeReps(loop, reps, budget) }),
  };

  const torch = await torchContenders({ workload: "elementwise", quick: ctx.quick, size: SIZE }, true);
  const tfjs = await tfContenders((tf) => {
    const tx = tf.randomUniform([SIZE], -1, 1);
    const top = (): void => tf.tidy(() => tf.relu(tf.add(tf.mul(tx, A), B))).dispose();
    top();
    return () => ({ [KEY]: timeReps(top, reps, budget) });
  });

  const collected = await alternate([backprop, plain, ...torch, ...tfjs], rounds, ctx.log);
  printTables(collected, [{
    key: KEY,
    title: `elementwise y = max(0, a*x + b) on ${SIZE / 1e6}M float32`,
    note: "GB/s = 80 MB (read x, write y) / time",
    rate: { unit: "GB/s", work: (SIZE * 8) / 1e9 },
  }]);
}

/** The elementwise workload. */
export const elementwise: Workload = { name: "elementwise", title: "fused elementwise", run };
