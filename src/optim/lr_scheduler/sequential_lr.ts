import { LRScheduler, bisectRight, type AnyOptimizer, type LRSchedulerOptions, type LRSchedulerStateDict } from "./scheduler.ts";

/** Options of `SequentialLR`. */
export type SequentialLROptions = LRSchedulerOptions;

/**
 * Runs several schedulers one after another, switching at the milestone epochs, like
 * `torch.optim.lr_scheduler.SequentialLR`: scheduler `i` is in charge from `milestones[i - 1]`, and at
 * its milestone it restarts from epoch 0 (with its closed form where it has one, as PyTorch's
 * `step(0)`). On construction the groups' rates are reset to their `initialLr`, the other schedulers'
 * initial steps undone and the first scheduler's initial step taken again, as in PyTorch.
 * @example
 * const warmup = new optim.lrScheduler.LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
 * const decay = new optim.lrScheduler.CosineAnnealingLR(opt, 95);
 * const scheduler = new optim.lrScheduler.SequentialLR(opt, [warmup, decay], [5]);
 */
export class SequentialLR extends LRScheduler {
  /** The schedulers, in order. */
  readonly schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  readonly milestones: number[];
  private sequentialLastLr: number[];

  constructor(optimizer: AnyOptimizer, schedulers: readonly LRScheduler[], milestones: readonly number[], options: SequentialLROptions = {}) {
    super(optimizer, options);
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new Error("SequentialLR: expected a non-empty list of schedulers");
    schedulers.forEach((s, i) => {
      if (s.optimizer !== optimizer) {
        throw new Error(
          "SequentialLR: Sequential Schedulers expects all schedulers to belong to the same optimizer, but " +
            `got schedulers at index ${i} to be different than the optimizer passed in.`,
        );
      }
    });
    if (!Array.isArray(milestones) || milestones.length !== schedulers.length - 1) {
      throw new Error(
        "SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of " +
          `milestone points, but got number of schedulers ${schedulers.length} and the number of milestones to be equal to ${Array.isArray(milestones) ? milestones.length : milestones}`,
      );
    }
    this.schedulers = [...schedulers];
    this.milestones = [...milestones];
    this.lastEpoch = (options.lastEpoch ?? -1) + 1;
    // reset the rates, undo the other schedulers' initial steps, redo the first one's
    for (const group of optimizer.paramGroups) group.lr = group.initialLr as number;
    for (const s of this.schedulers) s.lastEpoch -= 1;
    this.schedulers[0].initialStep();
    this.sequentialLastLr = this.schedulers[0].getLastLr();
  }

  protected override getLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  protected override isStateKey(key: string): boolean {
    return key !== "schedulers" && super.isStateKey(key);
  }

  /**
   * Advances one epoch: the scheduler in charge steps (restarting at 0 on its milestone).
   * @example
   * scheduler.step();
   */
  override step(): void {
    this.lastEpoch += 1;
    const idx = bisectRight(this.milestones, this.lastEpoch);
    const scheduler = this.schedulers[idx];
    if (idx > 0 && this.milestones[idx - 1] === this.lastEpoch) scheduler.step(0);
    else scheduler.step();
    this.sequentialLastLr = scheduler.getLastLr();
  }

  /**
   * The learning rate of each group as last set by the scheduler in charge.
   * @example
   * scheduler.getLastLr();
   */
  override getLastLr(): number[] {
    return [...this.sequentialLastLr];
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
    if (Array.isArray(schedulers)) {
      schedulers.forEach((s, i) => this.schedulers[i]?.loadStateDict(s as LRSchedulerStateDict));
    }
  }
}
