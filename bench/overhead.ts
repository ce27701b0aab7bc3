/**
 * (d) Per-op overhead: a chain of 1000 tiny ops, adding 1 to a [4] tensor 1000 times, first with no
 * autograd, then with the input requiring grad so that every op is recorded (no backward). Reported
 * in microseconds per op. TF.js runs the chain in tf.tidy, as its users must to free the tensors, and
 * records a tape only inside tf.grad, so it has no "recording" row.
 */
import * as bp from "../src/index.ts";
import { alternate, printTables, timeReps, type CaseView, type Contender } from "./harness.ts";
import type { BenchContext, Workload } from "./context.ts";
import { torchContenders } from "./peers/torch.ts";
import { tfContenders } from "./peers/tfjs.ts";

const CHAIN = 1000;
const NO_GRAD = "add [4], no grad";
const GRAD = "add [4], recording autograd";

async function run(ctx: BenchContext): Promise<void> {
  const reps = ctx.quick ? 5 : 30;
  const budget = ctx.quick ? 0.3 : 1;
  const rounds = ctx.quick ? 2 : 5;

  const noGradChain = (): void => {
    bp.noGrad(() => {
      let t = bp.zeros(4);
      for (let i = 0; i < CHAIN; i++) t = t.add(1);
      return t;
    });
  };
  const gradChain = (): void => {
    const w = bp.zeros(4, { requiresGrad: true });
    let t = w;
    for (let i = 0; i < CHAIN; i++) t = t.add(1);
  };
  const backprop: Contender = {
    label: `backprop (${bp.backend()}) t = t.add(1)`,
    isBackprop: true,
    warmup: async () => {
      noGradChain();
      gradChain();
    },
    round: async () => ({ [NO_GRAD]: timeReps(noGradChain, reps, budget), [GRAD]: timeReps(gradChain, reps, budget) }),
  };

  const torch = await torchContenders({ workload: "overhead", quick: ctx.quick, chain: CHAIN }, false);
  const tfjs = await tfContenders((tf) => {
    const one = tf.scalar(1);
    const chain = (): void => {
      tf.tidy(() => {
        let t = tf.zeros([4]);
        for (let i = 0; i < CHAIN; i++) t = tf.add(t, one);
        return t;
      }).dispose();
    };
    chain();
    return () => ({ [NO_GRAD]: timeReps(chain, reps, budget) });
  }, { notes: { [GRAD]: "n/a (TF.js records a tape only inside tf.grad)" } });

  const collected = await alternate([backprop, ...torch, ...tfjs], rounds, ctx.log);
  const views: CaseView[] = [NO_GRAD, GRAD].map((k) => ({
    key: k,
    title: `per-op overhead: ${CHAIN} x ${k}`,
    note: "time per op",
    perRepDivisor: CHAIN,
    timeUnit: "us",
  }));
  printTables(collected, views);
}

/** The per-op overhead workload. */
export const overhead: Workload = { name: "overhead", title: "per-op overhead", run };
