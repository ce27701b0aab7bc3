import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `PolynomialLR`. */
export interface PolynomialLROptions extends LRSchedulerOptions {
  /** The number of epochs over which the rate decays to 0 (default 5). */
  totalIters?: number;
  /** The power of the polynomial (default 1). */
  power?: number;
}

/**
 * Decays each group's learning rate along a polynomial to 0 over `totalIters` epochs, like
 * `torch.optim.lr_scheduler.PolynomialLR`:
 *
 * ```text
 * lr_epoch = initialLr · (1 - min(epoch, totalIters) / totalIters)^power
 * ```
 * computed in PyTorch's chainable form (`lr · ((1 - e/T) / (1 - (e-1)/T))^power`). Defaults: totalIters
 * 5, power 1.
 * @example
 * const scheduler = new optim.lrScheduler.PolynomialLR(opt, { totalIters: 100, power: 2 });
 */
export class PolynomialLR extends LRScheduler {
  /** The number of epochs over which the rate decays. */
  readonly totalIters: number;
  /** The power of the polynomial. */
  readonly power: number;

  constructor(optimizer: AnyOptimizer, options: PolynomialLROptions = {}) {
    super(optimizer, options);
    this.totalIters = options.totalIters ?? 5;
    this.power = options.power ?? 1.0;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { totalIters: n, lastEpoch: e } = this;
    if (e === 0 || e > n) return groups.map((g) => g.lr);
    const decay = ((1.0 - e / n) / (1.0 - (e - 1) / n)) ** this.power;
    return groups.map((g) => g.lr * decay);
  }

  protected override closedFormLr(): number[] {
    const { totalIters: n, lastEpoch: e } = this;
    return this.baseLrs.map((lr) => lr * (1.0 - Math.min(n, e) / n) ** this.power);
  }
}
