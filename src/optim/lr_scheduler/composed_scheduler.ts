import { LRScheduler, type LRSchedulerStateDict } from "./scheduler.ts";

/**
 * What `ChainedScheduler` and `SequentialLR` share: they drive other schedulers of the same optimizer,
 * record the rates those left in the groups as their own last rates, and nest each scheduler's
 * `stateDict()` under `schedulers` (PyTorch's `_schedulers`) rather than in their flat state.
 */
export abstract class ComposedScheduler extends LRScheduler {
  /** The schedulers driven, in order. */
  abstract readonly schedulers: LRScheduler[];

  /** The groups' current rates: the schedulers have set them. */
  protected override getLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** As PyTorch 1.13: no `baseLrs` nor `stepCount` of its own (its schedulers hold theirs). */
  protected override isStateKey(key: string): boolean {
    return key !== "schedulers" && key !== "baseLrs" && key !== "stepCount" && super.isStateKey(key);
  }

  /**
   * Its own state and each scheduler's `stateDict()` under `schedulers`, as PyTorch's `_schedulers`.
   * @example
   * const saved = scheduler.stateDict();
   */
  override stateDict(): LRSchedulerStateDict {
    const out = super.stateDict();
    out.schedulers = this.schedulers.map((s) => s.stateDict());
    return out;
  }

  /**
   * Restores a state from `stateDict()`, each scheduler's included.
   * @example
   * scheduler.loadStateDict(saved);
   */
  override loadStateDict(state: LRSchedulerStateDict): void {
    const { schedulers, ...own } = state;
    super.loadStateDict(own);
    if (Array.isArray(schedulers)) schedulers.forEach((s, i) => this.schedulers[i]?.loadStateDict(s as LRSchedulerStateDict));
  }
}
