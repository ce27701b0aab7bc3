import { LRScheduler, type LRSchedulerStateDict } from "./scheduler.ts";

/**
 * Steps several schedulers together at every `step()`, so that their changes combine, like
 * `torch.optim.lr_scheduler.ChainedScheduler` (each scheduler has taken its initial step when built).
 * @example
 * const scheduler = new optim.lrScheduler.ChainedScheduler([
 *   new optim.lrScheduler.ConstantLR(opt, { factor: 0.1, totalIters: 2 }),
 *   new optim.lrScheduler.ExponentialLR(opt, 0.9),
 * ]);
 */
export class ChainedScheduler extends LRScheduler {
  /** The schedulers, stepped in order. */
  readonly schedulers: LRScheduler[];
  private chainedLastLr: number[];

  constructor(schedulers: readonly LRScheduler[]) {
    if (!Array.isArray(schedulers) || schedulers.length === 0) throw new Error("ChainedScheduler: expected a non-empty list of schedulers");
    super(schedulers[0].optimizer);
    schedulers.forEach((s, i) => {
      if (s.optimizer !== schedulers[0].optimizer) {
        throw new Error(
          `ChainedScheduler: ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and ${i} to be different`,
        );
      }
    });
    this.schedulers = [...schedulers];
    this.chainedLastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  protected override getLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  protected override isStateKey(key: string): boolean {
    return key !== "schedulers" && super.isStateKey(key);
  }

  /**
   * Steps every scheduler once, in order.
   * @example
   * scheduler.step();
   */
  override step(): void {
    for (const s of this.schedulers) s.step();
    this.chainedLastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * The groups' learning rates after the last step.
   * @example
   * scheduler.getLastLr();
   */
  override getLastLr(): number[] {
    return [...this.chainedLastLr];
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
