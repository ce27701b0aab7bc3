import type { LRScheduler } from "./scheduler.ts";
import { ComposedScheduler } from "./composed_scheduler.ts";

/**
 * Steps several schedulers together at every `step()`, so that their changes combine, like
 * `torch.optim.lr_scheduler.ChainedScheduler` (each scheduler has taken its initial step when built).
 * @example
 * const scheduler = new optim.lrScheduler.ChainedScheduler([
 *   new optim.lrScheduler.ConstantLR(opt, { factor: 0.1, totalIters: 2 }),
 *   new optim.lrScheduler.ExponentialLR(opt, 0.9),
 * ]);
 */
export class ChainedScheduler extends ComposedScheduler {
  /** The schedulers, stepped in order. */
  readonly schedulers: LRScheduler[];

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
    this.setLastLr(this.getLr());
  }

  /**
   * Steps every scheduler once, in order.
   * @example
   * scheduler.step();
   */
  override step(): void {
    for (const s of this.schedulers) s.step();
    this.setLastLr(this.getLr());
  }

  /** As PyTorch 1.13: ChainedScheduler keeps no `lastEpoch` (its schedulers count their own). */
  protected override isStateKey(key: string): boolean {
    return key !== "lastEpoch" && super.isStateKey(key);
  }
}
