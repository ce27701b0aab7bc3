import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `ExponentialLR`. */
export type ExponentialLROptions = LRSchedulerOptions;

/**
 * Decays each group's learning rate by `gamma` every epoch, like `torch.optim.lr_scheduler.ExponentialLR`:
 *
 * ```text
 * lr_epoch = lr_{epoch-1} · γ   for epoch > 0   (so lr_epoch = initialLr · γ^epoch)
 * ```
 * @example
 * const scheduler = new optim.lrScheduler.ExponentialLR(opt, 0.95);
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(); }
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor of learning-rate decay. */
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, gamma: number, options: ExponentialLROptions = {}) {
    super(optimizer, options);
    if (!Number.isFinite(gamma)) throw new Error(`ExponentialLR: invalid gamma ${gamma}`);
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** this.lastEpoch);
  }
}
