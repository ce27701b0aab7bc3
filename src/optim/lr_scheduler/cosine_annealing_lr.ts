import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `CosineAnnealingLR`. */
export interface CosineAnnealingLROptions extends LRSchedulerOptions {
  /** The minimum learning rate (default 0). */
  etaMin?: number;
}

/**
 * Anneals each group's learning rate along a cosine from its initial rate to `etaMin` over `TMax`
 * epochs, then back up (without restarts), like `torch.optim.lr_scheduler.CosineAnnealingLR`:
 *
 * ```text
 * lr_epoch = η_min + (initialLr - η_min) · (1 + cos(π · epoch / T_max)) / 2
 * ```
 * computed in PyTorch's recursive form so that each value matches PyTorch's step by step (and a rate
 * changed by hand is annealed from where it is):
 *
 * ```text
 * epoch 0:                                 lr_0 = lr
 * (epoch - 1 - T_max) mod 2T_max = 0:      lr_e = lr_{e-1} + (initialLr - η_min)(1 - cos(π / T_max)) / 2
 * otherwise:  lr_e = η_min + (lr_{e-1} - η_min) (1 + cos(π e / T_max)) / (1 + cos(π (e - 1) / T_max))
 * ```
 * Default etaMin 0.
 * @example
 * const scheduler = new optim.lrScheduler.CosineAnnealingLR(opt, 100, { etaMin: 1e-5 });
 */
export class CosineAnnealingLR extends LRScheduler {
  /** The number of epochs from the initial rate down to `etaMin` (half a period). */
  readonly TMax: number;
  /** The minimum learning rate. */
  readonly etaMin: number;

  constructor(optimizer: AnyOptimizer, TMax: number, options: CosineAnnealingLROptions = {}) {
    super(optimizer, options);
    if (!(TMax > 0) || !Number.isFinite(TMax)) throw new Error(`CosineAnnealingLR: TMax must be positive, got ${TMax}`);
    const etaMin = options.etaMin ?? 0;
    if (!Number.isFinite(etaMin)) throw new Error(`CosineAnnealingLR: invalid etaMin ${etaMin}`);
    this.TMax = TMax;
    this.etaMin = etaMin;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const { TMax, etaMin, lastEpoch: e } = this;
    if (e === 0) return groups.map((g) => g.lr);
    // like Python's zip(base_lrs, param_groups): groups added later get no value in these two forms
    const zipped = groups.slice(0, this.baseLrs.length);
    if (this.stepCount === 1 && e > 0) {
      return zipped.map((_, i) => etaMin + ((this.baseLrs[i] - etaMin) * (1 + Math.cos((e * Math.PI) / TMax))) / 2);
    }
    if ((e - 1 - TMax) % (2 * TMax) === 0) {
      return zipped.map((g, i) => g.lr + ((this.baseLrs[i] - etaMin) * (1 - Math.cos(Math.PI / TMax))) / 2);
    }
    return groups.map(
      (g) => ((1 + Math.cos((Math.PI * e) / TMax)) / (1 + Math.cos((Math.PI * (e - 1)) / TMax))) * (g.lr - etaMin) + etaMin,
    );
  }

  protected override closedFormLr(): number[] {
    const { TMax, etaMin, lastEpoch: e } = this;
    return this.baseLrs.map((lr) => etaMin + ((lr - etaMin) * (1 + Math.cos((Math.PI * e) / TMax))) / 2);
  }
}
