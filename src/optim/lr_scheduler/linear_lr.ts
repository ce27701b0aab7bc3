import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `LinearLR`. */
export interface LinearLROptions extends LRSchedulerOptions {
  /** The factor at epoch 0 (default 1/3, in [0, 1]). */
  startFactor?: number;
  /** The factor from epoch `totalIters` on (default 1, in [0, 1]). */
  endFactor?: number;
  /** The number of epochs over which the factor changes (default 5). */
  totalIters?: number;
}

/**
 * Changes each group's learning rate linearly from `startFactor · initialLr` to `endFactor · initialLr`
 * over `totalIters` epochs (a warm-up, typically), like `torch.optim.lr_scheduler.LinearLR`:
 *
 * ```text
 * lr_epoch = initialLr · (s + (e - s) · min(epoch, totalIters) / totalIters)
 * ```
 * computed in PyTorch's chainable form (`lr · (1 + (e - s) / (totalIters · s + (epoch - 1)(e - s)))`), so
 * the values match PyTorch's to the last bit. Defaults: startFactor 1/3, endFactor 1, totalIters 5.
 * @example
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 10 });
 */
export class LinearLR extends LRScheduler {
  /** The factor at epoch 0. */
  readonly startFactor: number;
  /** The factor from epoch `totalIters` on. */
  readonly endFactor: number;
  /** The number of epochs over which the factor changes. */
  readonly totalIters: number;

  constructor(optimizer: AnyOptimizer, options: LinearLROptions = {}) {
    super(optimizer, options);
    const startFactor = options.startFactor ?? 1 / 3;
    const endFactor = options.endFactor ?? 1;
    if (!(startFactor >= 0 && startFactor <= 1)) throw new Error("LinearLR: Starting multiplicative factor expected to be between 0 and 1.");
    if (!(endFactor >= 0 && endFactor <= 1)) throw new Error("LinearLR: Ending multiplicative factor expected to be between 0 and 1.");
    this.startFactor = startFactor;
    this.endFactor = endFactor;
    this.totalIters = options.totalIters ?? 5;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr * s);
    if (this.lastEpoch > n) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * (1 + (e - s) / (n * s + (this.lastEpoch - 1) * (e - s))));
  }

  protected override closedFormLr(): number[] {
    const { startFactor: s, endFactor: e, totalIters: n } = this;
    return this.baseLrs.map((lr) => lr * (s + ((e - s) * Math.min(n, this.lastEpoch)) / n));
  }
}
