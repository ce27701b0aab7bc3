import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `StepLR`. */
export interface StepLROptions extends LRSchedulerOptions {
  /** Multiplicative factor of learning-rate decay (default 0.1). */
  gamma?: number;
}

/**
 * Decays each group's learning rate by `gamma` every `stepSize` epochs, like `torch.optim.lr_scheduler.StepLR`:
 *
 * ```text
 * lr_epoch = lr_{epoch-1} · γ   if epoch > 0 and epoch mod stepSize = 0
 *          = lr_{epoch-1}       otherwise
 * (with nothing else changing the rate: lr_epoch = initialLr · γ^⌊epoch / stepSize⌋)
 * ```
 * Default gamma 0.1.
 * @example
 * // lr = 0.05 for epochs 0..29, 0.005 for 30..59, 0.0005 for 60..89, ...
 * const scheduler = new optim.lrScheduler.StepLR(opt, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); validate(); scheduler.step(); }
 */
export class StepLR extends LRScheduler {
  /** Period of learning-rate decay, in epochs. */
  readonly stepSize: number;
  /** Multiplicative factor of learning-rate decay. */
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, stepSize: number, options: StepLROptions = {}) {
    super(optimizer, options);
    if (!Number.isInteger(stepSize) || stepSize <= 0) throw new Error(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    const gamma = options.gamma ?? 0.1;
    if (!Number.isFinite(gamma)) throw new Error(`StepLR: invalid gamma ${gamma}`);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** Math.floor(this.lastEpoch / this.stepSize));
  }
}
