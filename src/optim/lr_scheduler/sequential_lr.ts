import { bisectRight, type AnyOptimizer, type LRScheduler, type LRSchedulerOptions } from "./scheduler.ts";
import { ComposedScheduler } from "./composed_scheduler.ts";

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
export class SequentialLR extends ComposedScheduler {
  /** The schedulers, in order. */
  readonly schedulers: LRScheduler[];
  /** The epochs at which the next scheduler takes over. */
  readonly milestones: number[];

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
    this.setLastLr(this.schedulers[0].getLastLr());
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
    this.setLastLr(scheduler.getLastLr());
  }
}
