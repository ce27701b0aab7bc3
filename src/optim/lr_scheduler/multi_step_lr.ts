import { LRScheduler, bisectRight, type AnyOptimizer, type LRSchedulerOptions, type LRSchedulerStateDict } from "./scheduler.ts";

/** Options of `MultiStepLR`. */
export interface MultiStepLROptions extends LRSchedulerOptions {
  /** Multiplicative factor of learning-rate decay (default 0.1). */
  gamma?: number;
}

/**
 * Decays each group's learning rate by `gamma` at each milestone epoch, like
 * `torch.optim.lr_scheduler.MultiStepLR`:
 *
 * ```text
 * lr_epoch = lr_{epoch-1} · γ^k   where k = how many times epoch appears in milestones
 * (with nothing else changing the rate: lr_epoch = initialLr · γ^(number of milestones <= epoch))
 * ```
 * A milestone listed twice decays twice, as with PyTorch's `Counter`. Default gamma 0.1.
 * @example
 * // lr = 0.05 for epochs 0..29, 0.005 for 30..79, 0.0005 from 80
 * const scheduler = new optim.lrScheduler.MultiStepLR(opt, [30, 80], { gamma: 0.1 });
 */
export class MultiStepLR extends LRScheduler {
  /** The milestone epochs, sorted (repeated ones kept). */
  readonly milestones: number[];
  /** Multiplicative factor of learning-rate decay. */
  readonly gamma: number;

  constructor(optimizer: AnyOptimizer, milestones: readonly number[], options: MultiStepLROptions = {}) {
    super(optimizer, options);
    if (!Array.isArray(milestones) || milestones.some((m) => !Number.isInteger(m))) {
      throw new Error(`MultiStepLR: milestones must be a list of integers, got ${JSON.stringify(milestones)}`);
    }
    const gamma = options.gamma ?? 0.1;
    if (!Number.isFinite(gamma)) throw new Error(`MultiStepLR: invalid gamma ${gamma}`);
    this.milestones = [...milestones].sort((a, b) => a - b);
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    const count = this.milestones.filter((m) => m === this.lastEpoch).length;
    if (count === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma ** count);
  }

  /** As PyTorch 1.13 (a `Counter`): `milestones` is `{epoch: how many times}`, e.g. `{"2": 1, "5": 2}`. */
  override stateDict(): LRSchedulerStateDict {
    const counts: Record<string, number> = {};
    for (const m of this.milestones) counts[String(m)] = (counts[String(m)] ?? 0) + 1;
    return { ...super.stateDict(), milestones: counts };
  }

  /** Takes `milestones` as PyTorch's counts or as a sorted list. */
  override loadStateDict(state: LRSchedulerStateDict): void {
    const { milestones, ...rest } = state;
    super.loadStateDict(rest);
    if (milestones === undefined) return;
    let list: number[];
    if (Array.isArray(milestones)) list = milestones.map(Number);
    else if (milestones !== null && typeof milestones === "object") {
      list = Object.entries(milestones).flatMap(([epoch, n]) => {
        if (!Number.isInteger(n) || (n as number) < 1 || (n as number) > 1e6) throw new Error(`MultiStepLR.loadStateDict: milestone ${epoch} has count ${String(n).slice(0, 20)}`);
        return new Array<number>(n as number).fill(Number(epoch));
      });
    } else throw new Error(`MultiStepLR.loadStateDict: milestones must be counts or a list, got ${typeof milestones}`);
    if (list.some((m) => !Number.isInteger(m))) throw new Error("MultiStepLR.loadStateDict: milestones must be integers");
    (this as { milestones: number[] }).milestones = list.sort((a, b) => a - b);
  }

  protected override closedFormLr(): number[] {
    return this.baseLrs.map((lr) => lr * this.gamma ** bisectRight(this.milestones, this.lastEpoch));
  }
}
