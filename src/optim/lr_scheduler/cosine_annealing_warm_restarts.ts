import { LRScheduler, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `CosineAnnealingWarmRestarts`. */
export interface CosineAnnealingWarmRestartsOptions extends LRSchedulerOptions {
  /** Each period is this many times the previous one (default 1, an integer >= 1). */
  TMult?: number;
  /** The minimum learning rate (default 0). */
  etaMin?: number;
}

/**
 * Cosine annealing with warm restarts (SGDR), like `torch.optim.lr_scheduler.CosineAnnealingWarmRestarts`:
 *
 * ```text
 * lr = η_min + (initialLr - η_min) · (1 + cos(π · T_cur / T_i)) / 2
 * ```
 * where `T_cur` counts epochs since the last restart and the period `T_i` starts at `T0` and is
 * multiplied by `TMult` at each restart. `step(epoch)` accepts fractional epochs (e.g. `epoch + i / iters`
 * after each batch), as PyTorch's. Defaults: TMult 1, etaMin 0.
 * @example
 * const scheduler = new optim.lrScheduler.CosineAnnealingWarmRestarts(opt, 10, { TMult: 2 });
 */
export class CosineAnnealingWarmRestarts extends LRScheduler {
  /** The first period, in epochs. */
  readonly T0: number;
  /** The factor between successive periods. */
  readonly TMult: number;
  /** The minimum learning rate. */
  readonly etaMin: number;
  /** The current period. */
  Ti: number;
  /** Epochs since the last restart. */
  Tcur: number;

  constructor(optimizer: AnyOptimizer, T0: number, options: CosineAnnealingWarmRestartsOptions = {}) {
    super(optimizer, options);
    const TMult = options.TMult ?? 1;
    if (!Number.isInteger(T0) || T0 <= 0) throw new Error(`CosineAnnealingWarmRestarts: Expected positive integer T0, but got ${T0}`);
    if (!Number.isInteger(TMult) || TMult < 1) throw new Error(`CosineAnnealingWarmRestarts: Expected integer TMult >= 1, but got ${TMult}`);
    this.T0 = T0;
    this.Ti = T0;
    this.TMult = TMult;
    this.etaMin = options.etaMin ?? 0;
    this.Tcur = this.lastEpoch;
    this.initialStep();
  }

  protected override getLr(): number[] {
    return this.baseLrs.map((lr) => this.etaMin + ((lr - this.etaMin) * (1 + Math.cos((Math.PI * this.Tcur) / this.Ti))) / 2);
  }

  /** PyTorch's `T_i` and `T_cur`, camelCased as state keys. */
  protected override stateAliases(): Record<string, string> {
    return { Ti: "TI", Tcur: "TCur" };
  }

  /**
   * Advances one epoch, or jumps to `epoch` (fractional allowed), and sets each group's `lr`.
   * @example
   * for (let i = 0; i < iters; i++) { trainBatch(); scheduler.step(epoch + i / iters); }
   */
  override step(epoch?: number): void {
    // no stepCount += 1: PyTorch 1.13's own step() leaves _step_count at 0
    let e = epoch;
    if (e === undefined && this.lastEpoch < 0) e = 0;
    if (e === undefined) {
      e = this.lastEpoch + 1;
      this.Tcur += 1;
      if (this.Tcur >= this.Ti) {
        this.Tcur -= this.Ti;
        this.Ti *= this.TMult;
      }
    } else {
      if (e < 0) throw new Error(`CosineAnnealingWarmRestarts: Expected non-negative epoch, but got ${e}`);
      if (e >= this.T0) {
        if (this.TMult === 1) {
          this.Tcur = e % this.T0;
        } else {
          const n = Math.trunc(Math.log((e / this.T0) * (this.TMult - 1) + 1) / Math.log(this.TMult));
          this.Tcur = e - (this.T0 * (this.TMult ** n - 1)) / (this.TMult - 1);
          this.Ti = this.T0 * this.TMult ** n;
        }
      } else {
        this.Ti = this.T0;
        this.Tcur = e;
      }
    }
    this.lastEpoch = Math.floor(e);
    this.getLr().forEach((lr, i) => {
      if (i < this.optimizer.paramGroups.length) this.optimizer.paramGroups[i].lr = lr;
    });
    this.setLastLr(this.optimizer.paramGroups.map((g) => g.lr));
  }
}
