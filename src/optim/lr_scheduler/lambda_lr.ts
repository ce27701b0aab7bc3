import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions, type LRSchedulerStateDict } from "./scheduler.ts";

/** Options of `LambdaLR`. */
export type LambdaLROptions = LRSchedulerOptions;

/** A function of the epoch giving the factor applied to a group's initial learning rate. */
export type LrLambda = (epoch: number) => number;

/**
 * Sets each group's learning rate to its initial rate times a function of the epoch, like
 * `torch.optim.lr_scheduler.LambdaLR`:
 *
 * ```text
 * lr_epoch = initialLr · λ(epoch)
 * ```
 * `lrLambda` is one function for every group or a list with one per group. The functions are not
 * part of `stateDict()` (PyTorch saves only callable objects' attributes; a TypeScript closure has none).
 * @example
 * const scheduler = new optim.lrScheduler.LambdaLR(opt, (epoch) => 0.95 ** epoch);
 */
export class LambdaLR extends LRScheduler {
  /** One function per group. */
  readonly lrLambdas: LrLambda[];

  constructor(optimizer: AnyOptimizer, lrLambda: LrLambda | readonly LrLambda[], options: LambdaLROptions = {}) {
    super(optimizer, options);
    const n = optimizer.paramGroups.length;
    if (Array.isArray(lrLambda)) {
      if (lrLambda.length !== n) throw new Error(`LambdaLR: Expected ${n} lr_lambdas, but got ${lrLambda.length}`);
      this.lrLambdas = [...(lrLambda as LrLambda[])];
    } else {
      this.lrLambdas = new Array<LrLambda>(n).fill(lrLambda as LrLambda);
    }
    this.lrLambdas.forEach((f, i) => {
      if (typeof f !== "function") throw new TypeError(`LambdaLR: lrLambda ${i} is not a function`);
    });
    this.initialStep();
  }

  protected override getLr(): number[] {
    // like Python's zip: as many values as there are both lambdas and base rates
    const n = Math.min(this.lrLambdas.length, this.baseLrs.length);
    return this.baseLrs.slice(0, n).map((lr, i) => lr * this.lrLambdas[i](this.lastEpoch));
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
