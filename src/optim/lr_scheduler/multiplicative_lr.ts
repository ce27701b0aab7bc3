import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions, type LRSchedulerStateDict } from "./scheduler.ts";
import type { LrLambda } from "./lambda_lr.ts";

/** Options of `MultiplicativeLR`. */
export type MultiplicativeLROptions = LRSchedulerOptions;

/**
 * Multiplies each group's learning rate by a function of the epoch at every step, like
 * `torch.optim.lr_scheduler.MultiplicativeLR`:
 *
 * ```text
 * lr_epoch = lr_{epoch-1} · λ(epoch)   for epoch > 0
 * ```
 * `lrLambda` is one function for every group or a list with one per group; the functions are not part
 * of `stateDict()`.
 * @example
 * const scheduler = new optim.lrScheduler.MultiplicativeLR(opt, () => 0.95);
 */
export class MultiplicativeLR extends LRScheduler {
  /** One function per group. */
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | readonly LrLambda[], options: MultiplicativeLROptions = {}) {
    super(optimizer, options);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(lrLambda)) {
      if (lrLambda.length !== n) throw new Error(`MultiplicativeLR: Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
      this.lrLambdas = [...(lrLambda as LrLambda[])];
    } else {
      this.lrLambdas = new Array<LrLambda>(n).fill(lrLambda as LrLambda);
    }
    this.lrLambdas.forEach((f, i) => {
      if (typeof f !== "function") throw new TypeError(`MultiplicativeLR: lrLambda ${i} is not a function`);
    });
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch <= 0) return groups.map((g) => g.lr);
    const n = Math.min(this.lrLambdas.length, groups.length);
    return groups.slice(0, n).map((g, i) => g.lr * this.lrLambdas[i](this.lastEpoch));
  }

  /** The functions are not part of the state (PyTorch keeps only callable objects' attributes). */
  protected override isStateKey(key: string): boolean {
    return key !== "lrLambdas" && super.isStateKey(key);
  }

  /** As PyTorch 1.13: `lrLambdas` holds null for each function (a function is not state). */
  override stateDict(): LRSchedulerStateDict {
    return { ...super.stateDict(), lrLambdas: this.lrLambdas.map(() => null) };
  }
}
