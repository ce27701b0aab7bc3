import type { GroupOptions, Optimizer } from "./optimizer.ts";

/** Options every scheduler takes. */
export interface LRSchedulerOptions {
  /**
   * The index of the last epoch when resuming (default -1: start fresh, recording each group's
   * current `lr` as its `initialLr`). Resuming needs `initialLr` in every group.
   */
  lastEpoch?: number;
}

/** A scheduler's state, as `stateDict()` returns it (everything but the optimizer). */
export type LRSchedulerStateDict = Record<string, number | number[] | boolean | string>;

/**
 * Base class of learning-rate schedulers, like PyTorch's `_LRScheduler` (`LRScheduler` from 2.0).
 * On construction it records each group's `initialLr` and `baseLrs`, then takes the initial step
 * (`lastEpoch` becomes 0). Each `step()` advances `lastEpoch` by one and writes the new learning rates
 * into the optimizer's groups; call it after `optimizer.step()`, usually once per epoch.
 * Subclasses implement `getLr()`, the chainable form: the next rates from the groups' current ones.
 * @example
 * class HalveEveryEpoch extends optim.lrScheduler.LRScheduler {
 *   protected getLr() { return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2)); }
 * }
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: Optimizer<GroupOptions>;
  /** Each group's learning rate when scheduling began (its `initialLr`). */
  baseLrs: number[];
  /** The number of `step()` calls so far, counting the initial one from 0 (PyTorch's `last_epoch`). */
  lastEpoch: number;
  private lastLr: number[] = [];

  constructor(optimizer: Optimizer<GroupOptions>, options: LRSchedulerOptions = {}) {
    const name = this.constructor.name;
    if (optimizer === null || typeof optimizer !== "object" || !Array.isArray(optimizer.paramGroups)) {
      throw new TypeError(`${name}: expected an Optimizer, got ${optimizer === null ? "null" : typeof optimizer}`);
    }
    this.optimizer = optimizer;
    const lastEpoch = options.lastEpoch ?? -1;
    if (!Number.isInteger(lastEpoch) || lastEpoch < -1) throw new Error(`${name}: invalid lastEpoch ${lastEpoch}`);
    if (lastEpoch === -1) {
      for (const group of optimizer.paramGroups) group.initialLr ??= group.lr;
    } else {
      optimizer.paramGroups.forEach((group, i) => {
        if (group.initialLr === undefined) {
          throw new Error(`${name}: param 'initialLr' is not specified in paramGroups[${i}] when resuming an optimizer`);
        }
      });
    }
    this.baseLrs = optimizer.paramGroups.map((g) => g.initialLr as number);
    this.lastEpoch = lastEpoch;
  }

  /**
   * The next learning rate of each group (chainable form: computed from the groups' current rates and
   * `lastEpoch`, which `step()` has already advanced).
   */
  protected abstract getLr(): number[];

  /**
   * Takes the initial step. Subclasses call this at the end of their constructor, once their own
   * fields are set (PyTorch does it in the base constructor).
   */
  protected initialStep(): void {
    this.step();
  }

  /**
   * Advances one epoch and sets each group's `lr`.
   * @example
   * for (let epoch = 0; epoch < 30; epoch++) { train(); scheduler.step(); }
   */
  step(): void {
    this.lastEpoch += 1;
    const values = this.getLr();
    this.optimizer.paramGroups.forEach((group, i) => {
      group.lr = values[i];
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /**
   * The learning rate of each group as last set by this scheduler, like `get_last_lr()`.
   * @example
   * scheduler.getLastLr(); // [0.1]
   */
  getLastLr(): number[] {
    return [...this.lastLr];
  }

  /**
   * The scheduler's state (all its fields but the optimizer), like `state_dict()`.
   * @example
   * const saved = scheduler.stateDict(); later.loadStateDict(saved);
   */
  stateDict(): LRSchedulerStateDict {
    const out: LRSchedulerStateDict = {};
    for (const [key, value] of Object.entries(this)) {
      if (key === "optimizer") continue;
      out[key] = Array.isArray(value) ? [...value] : value;
    }
    return out;
  }

  /**
   * Restores a state from `stateDict()` (the groups' `lr` are restored by the optimizer's own
   * `loadStateDict`).
   */
  loadStateDict(state: LRSchedulerStateDict): void {
    for (const [key, value] of Object.entries(state)) {
      if (key === "optimizer") continue;
      (this as unknown as Record<string, unknown>)[key] = Array.isArray(value) ? [...value] : value;
    }
  }
}

/** Options of `StepLR`. */
export interface StepLROptions extends LRSchedulerOptions {
  /** Multiplicative factor of learning-rate decay (default 0.1). */
  gamma?: number;
}

/**
 * Decays each group's learning rate by `gamma` every `stepSize` epochs, like `torch.optim.lr_scheduler.StepLR`:
 *
 * ```text
 * lr_epoch = lr_{epoch-1} · γ   if epoch > 0 and epoch mod stepSize = 0
 *          = lr_{epoch-1}       otherwise
 * (with nothing else changing the rate: lr_epoch = initialLr · γ^⌊epoch / stepSize⌋)
 * ```
 * Default gamma 0.1.
 * @example
 * // lr = 0.05 for epochs 0..29, 0.005 for 30..59, 0.0005 for 60..89, ...
 * const scheduler = new optim.lrScheduler.StepLR(opt, 30, { gamma: 0.1 });
 * for (let epoch = 0; epoch < 100; epoch++) { train(); validate(); scheduler.step(); }
 */
export class StepLR extends LRScheduler {
  /** Period of learning-rate decay, in epochs. */
  readonly stepSize: number;
  /** Multiplicative factor of learning-rate decay. */
  readonly gamma: number;

  constructor(optimizer: Optimizer<GroupOptions>, stepSize: number, options: StepLROptions = {}) {
    super(optimizer, options);
    if (!Number.isInteger(stepSize) || stepSize <= 0) throw new Error(`StepLR: stepSize must be a positive integer, got ${stepSize}`);
    const gamma = options.gamma ?? 0.1;
    if (!Number.isFinite(gamma)) throw new Error(`StepLR: invalid gamma ${gamma}`);
    this.stepSize = stepSize;
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0 || this.lastEpoch % this.stepSize !== 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
}

/** Options of `ExponentialLR`. */
export type ExponentialLROptions = LRSchedulerOptions;

/**
 * Decays each group's learning rate by `gamma` every epoch, like `torch.optim.lr_scheduler.ExponentialLR`:
 *
 * ```text
 * lr_epoch = lr_{epoch-1} · γ   for epoch > 0   (so lr_epoch = initialLr · γ^epoch)
 * ```
 * @example
 * const scheduler = new optim.lrScheduler.ExponentialLR(opt, 0.95);
 * for (let epoch = 0; epoch < 100; epoch++) { train(); scheduler.step(); }
 */
export class ExponentialLR extends LRScheduler {
  /** Multiplicative factor of learning-rate decay. */
  readonly gamma: number;

  constructor(optimizer: Optimizer<GroupOptions>, gamma: number, options: ExponentialLROptions = {}) {
    super(optimizer, options);
    if (!Number.isFinite(gamma)) throw new Error(`ExponentialLR: invalid gamma ${gamma}`);
    this.gamma = gamma;
    this.initialStep();
  }

  protected override getLr(): number[] {
    const groups = this.optimizer.paramGroups;
    if (this.lastEpoch === 0) return groups.map((g) => g.lr);
    return groups.map((g) => g.lr * this.gamma);
  }
}
