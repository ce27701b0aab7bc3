import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `ConstantLR`. */
export interface ConstantLROptions extends LRSchedulerOptions {
  /** The factor applied until `totalIters` (default 1/3, in [0, 1]). */
  factor?: number;
  /** The number of epochs the factor applies for (default 5). */
  totalIters?: number;
}

/**
 * Multiplies each group's learning rate by a constant `factor` until epoch `totalIters`, like
 * `torch.optim.lr_scheduler.ConstantLR`:
 *
 * ```text
 * lr_epoch = initialLr · factor   for epoch < totalIters
 *          = initialLr            from epoch totalIters
 * ```
 * (computed in PyTorch's chainable form: × factor at epoch 0, × 1/factor at epoch totalIters).
 * Defaults: factor 1/3, totalIters 5.
 * @example
 * const scheduler = new optim.lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 4 });
 */
export class ConstantLR extends LRScheduler {
  /** The factor applied until `totalIters`. */
  readonly factor: number;
  /** The number of epochs the factor applies for. */
  readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options: ConstantLROptions = {}) {
    super(optimizer, options);
    const factor = options.factor ?? 1 / 3;
    if (!(factor >= 0 && factor <= 1)) throw new Error("ConstantLR: Constant multiplicative factor expected to be between 0 and 1.");
    this.factor = factor;
    this.totalIters = options.totalIters ?? 5;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * this.factor);
    if (this.lastEpoch !== this.totalIters) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 / this.factor));
  }

  protected override closedFormLr(): number[] {
    const after = this.lastEpoch >= this.totalIters ? 1 : 0;
    return this.baseLrs.map((lr) => lr * (this.factor + after * (1 - this.factor)));
  }
}
