import { Tensor } from "../../tensor/tensor.ts";
import { copyState, perGroup, type AnyOptimizer, type LRSchedulerStateDict, type LRSchedulerStateValue } from "./scheduler.ts";

/** Options of `ReduceLROnPlateau`. */
export interface ReduceLROnPlateauOptions {
  /** `"min"` (default): reduce when the metric stops decreasing; `"max"`: when it stops increasing. */
  mode?: "min" | "max";
  /** Factor the rate is multiplied by on a plateau (default 0.1, must be < 1). */
  factor?: number;
  /** The number of epochs without improvement tolerated before reducing (default 10). */
  patience?: number;
  /** The least change that counts as an improvement (default 1e-4), relative or absolute per `thresholdMode`. */
  threshold?: number;
  /** `"rel"` (default): better than best · (1 ∓ threshold); `"abs"`: better than best ∓ threshold. */
  thresholdMode?: "rel" | "abs";
  /** The number of epochs to wait after a reduction before counting bad epochs again (default 0). */
  cooldown?: number;
  /** The lowest rate, one for all groups or one per group (default 0). */
  minLr?: number | number[];
  /** A reduction smaller than this is not made (default 1e-8). */
  eps?: number;
}

/**
 * Reduces the learning rate when a metric has stopped improving, like
 * `torch.optim.lr_scheduler.ReduceLROnPlateau`: pass the metric (e.g. the validation loss) to
 * `step(metric)` once per epoch.
 *
 * ```text
 * better(a, best) = a < best · (1 - threshold)   (mode min, rel)    a < best - threshold  (min, abs)
 *                   a > best · (1 + threshold)   (mode max, rel)    a > best + threshold  (max, abs)
 * each step: if better: best ← a, bad ← 0 else bad ← bad + 1
 *            in cooldown: cooldown ← cooldown - 1, bad ← 0
 *            if bad > patience: lr ← max(lr · factor, minLr) for each group where that lowers it by
 *                                more than eps; cooldown ← cooldown period; bad ← 0
 * ```
 * Defaults: mode "min", factor 0.1, patience 10, threshold 1e-4, thresholdMode "rel", cooldown 0,
 * minLr 0, eps 1e-8.
 * @example
 * const scheduler = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 3 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(validationLoss()); }
 */
export class ReduceLROnPlateau {
  /** The optimizer whose groups' `lr` this scheduler lowers. */
  readonly optimizer: AnyOptimizer;
  /** Factor the rate is multiplied by on a plateau. */
  factor: number;
  /** The lowest rate of each group. */
  minLrs: number[];
  /** The number of epochs without improvement tolerated. */
  patience: number;
  /** The cooldown period after a reduction, in epochs. */
  cooldown: number;
  /** Epochs left in the current cooldown. */
  cooldownCounter = 0;
  /** `"min"` or `"max"`. */
  mode: "min" | "max";
  /** The least change that counts as an improvement. */
  threshold: number;
  /** `"rel"` or `"abs"`. */
  thresholdMode: "rel" | "abs";
  /** The best metric so far (±Infinity before the first step). */
  best: number;
  /** Epochs since the last improvement (reset in cooldown and after a reduction). */
  numBadEpochs = 0;
  /** The worst value for the mode (Infinity for min, -Infinity for max). */
  modeWorse: number;
  /** A reduction smaller than this is not made. */
  eps: number;
  /** The number of `step()` calls so far. */
  lastEpoch = 0;
  private lastLr: number[];

  constructor(optimizer: AnyOptimizer, options: ReduceLROnPlateauOptions = {}) {
    const name = "ReduceLROnPlateau";
    const factor = options.factor ?? 0.1;
    if (!(factor < 1.0)) throw new Error(`${name}: Factor should be < 1.0.`);
    if (optimizer === null || typeof optimizer !== "object" || !Array.isArray(optimizer.paramGroups)) {
      throw new TypeError(`${name}: expected an Optimizer, got ${optimizer === null ? "null" : typeof optimizer}`);
    }
    this.optimizer = optimizer;
    this.factor = factor;
    const minLr = options.minLr ?? 0;
    if (Array.isArray(minLr) && minLr.length !== optimizer.paramGroups.length) {
      throw new Error(`${name}: expected ${optimizer.paramGroups.length} min_lrs, got ${minLr.length}`);
    }
    this.minLrs = perGroup(name, optimizer, "minLr", minLr);
    this.patience = options.patience ?? 10;
    this.cooldown = options.cooldown ?? 0;
    this.mode = options.mode ?? "min";
    this.threshold = options.threshold ?? 1e-4;
    this.thresholdMode = options.thresholdMode ?? "rel";
    if (this.mode !== "min" && this.mode !== "max") throw new Error(`${name}: mode ${String(this.mode)} is unknown!`);
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") {
      throw new Error(`${name}: threshold mode ${String(this.thresholdMode)} is unknown!`);
    }
    this.modeWorse = this.mode === "min" ? Infinity : -Infinity;
    this.best = this.modeWorse;
    this.eps = options.eps ?? 1e-8;
    this.lastLr = optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Records one epoch's metric (a number or a one-element tensor) and lowers the rates on a plateau.
   * @example
   * scheduler.step(valLoss);
   */
  step(metric: number | Tensor): void {
    const current = metric instanceof Tensor ? metric.item() : Number(metric);
    this.lastEpoch += 1;
    if (this.isBetter(current, this.best)) {
      this.best = current;
      this.numBadEpochs = 0;
    } else {
      this.numBadEpochs += 1;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.numBadEpochs = 0; // bad epochs in cooldown do not count
    }
    if (this.numBadEpochs > this.patience) {
      this.reduceLr();
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * Whether `a` improves on `best` by more than the threshold, in the scheduler's mode.
   * @example
   * scheduler.isBetter(0.5, 0.6); // true in mode "min"
   */
  isBetter(a: number, best: number): boolean {
    if (this.mode === "min" && this.thresholdMode === "rel") return a < best * (1 - this.threshold);
    if (this.mode === "min") return a < best - this.threshold;
    if (this.thresholdMode === "rel") return a > best * (this.threshold + 1);
    return a > best + this.threshold;
  }

  /** Whether a cooldown is running. */
  get inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  /**
   * The learning rate of each group after the last `step()` (the groups' rates before the first).
   * @example
   * scheduler.getLastLr();
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's state (all its fields but the optimizer).
   * @example
   * const saved = scheduler.stateDict();
   */
  stateDict(): LRSchedulerStateDict {
    const out: LRSchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) {
      if (key !== "optimizer") out[key] = copyState(value as LRSchedulerStateValue);
    }
    return out;
  }

  /**
   * Restores a state from `stateDict()`.
   * @example
   * scheduler.loadStateDict(saved);
   */
  loadStateDict(state: LRSchedulerStateDict): void {
    for (const [key, value] of Object.entries(state)) {
      if (key !== "optimizer") (this as unknown as Record<string, unknown>)[key] = copyState(value);
    }
  }

  private reduceLr(): void {
    this.optimizer.paramGroups.forEach((group, i) => {
      if (i >= this.minLrs.length) {
        throw new Error(`ReduceLROnPlateau: parameter group ${i} was added after the scheduler was built and has no minLr (PyTorch fails here too)`);
      }
      const oldLr = group.lr;
      const newLr = Math.max(oldLr * this.factor, this.minLrs[i]);
      if (oldLr - newLr > this.eps) group.lr = newLr;
    });
  }
}
