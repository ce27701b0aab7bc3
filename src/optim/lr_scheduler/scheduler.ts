import type { GroupOptions, Optimizer } from "../optimizer.ts";

/** Options every scheduler takes. */
export interface LRSchedulerOptions {
  /**
   * The index of the last epoch when resuming (default -1: start fresh, recording each group's
   * current `lr` as its `initialLr`). Resuming needs `initialLr` in every group.
   */
  lastEpoch?: number;
}

/** A value in a scheduler's state dict. */
export type LRSchedulerStateValue =
  | number
  | string
  | boolean
  | null
  | LRSchedulerStateValue[]
  | { [key: string]: LRSchedulerStateValue };

/** A scheduler's state, as `stateDict()` returns it (everything but the optimizer). */
export type LRSchedulerStateDict = Record<string, LRSchedulerStateValue>;

/** The optimizer type schedulers take: any optimizer (its groups have at least `lr`). */
export type AnyOptimizer = Optimizer<GroupOptions>;

/**
 * Base class of learning-rate schedulers, like PyTorch's `_LRScheduler` (`LRScheduler` from 2.0).
 * On construction it records each group's `initialLr` and `baseLrs`, then takes the initial step
 * (`lastEpoch` becomes 0). Each `step()` advances `lastEpoch` by one and writes the new learning rates
 * into the optimizer's groups; call it after `optimizer.step()`, usually once per epoch.
 * Subclasses implement `getLr()`, the chainable form: the next rates from the groups' current ones.
 *
 * Groups added with `addParamGroup` after the scheduler was built behave as in PyTorch: `baseLrs` is
 * not extended, so a scheduler whose rule multiplies each group's current rate (StepLR, MultiStepLR,
 * ExponentialLR, LinearLR, ConstantLR, PolynomialLR, CosineAnnealingLR's recursive steps) also scales
 * the new group, while rules computed from `baseLrs` or per-group lists (LambdaLR, MultiplicativeLR,
 * CyclicLR, CosineAnnealingWarmRestarts, CosineAnnealingLR's other steps) leave it as it is; OneCycleLR
 * and ReduceLROnPlateau refuse it, where PyTorch fails with a KeyError / IndexError. Build the
 * scheduler after adding the groups to schedule all of them from the start.
 * @example
 * class HalveEveryEpoch extends optim.lrScheduler.LRScheduler {
 *   protected getLr() { return this.optimizer.paramGroups.map((g) => (this.lastEpoch === 0 ? g.lr : g.lr / 2)); }
 * }
 */
export abstract class LRScheduler {
  /** The optimizer whose groups' `lr` this scheduler sets. */
  readonly optimizer: AnyOptimizer;
  /** Each group's learning rate when scheduling began (its `initialLr`). */
  baseLrs: number[];
  /** The number of `step()` calls so far, counting the initial one from 0 (PyTorch's `last_epoch`). */
  lastEpoch: number;
  /** The number of `step()` calls since the initial step was prepared (PyTorch's `_step_count`). */
  protected stepCount = 0;
  private lastLr: number[] = [];

  constructor(optimizer: AnyOptimizer, options: LRSchedulerOptions = {}) {
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
   * `lastEpoch`, which `step()` has already advanced). May return fewer values than there are groups
   * (the groups past the end keep their rate).
   */
  protected abstract getLr(): number[];

  /**
   * The learning rates at `lastEpoch` computed from `baseLrs` alone, used by `step(epoch)` (and so by
   * SequentialLR) where PyTorch has a closed form; null where it has none.
   */
  protected closedFormLr(): number[] | null {
    return null;
  }

  /**
   * Takes the initial step. Subclasses call this at the end of their constructor, once their own
   * fields are set (PyTorch does it in the base constructor). SequentialLR calls it again on its first
   * scheduler.
   */
  initialStep(): void {
    this.stepCount = 0;
    this.step();
  }

  /**
   * Advances one epoch and sets each group's `lr`. With `epoch` (PyTorch's deprecated form, which
   * SequentialLR uses) it jumps to that epoch and uses the closed form where there is one.
   * @example
   * for (let epoch = 0; epoch < 30; epoch++) { train(); scheduler.step(); }
   */
  step(epoch?: number): void {
    this.stepCount += 1;
    let values: number[];
    if (epoch === undefined) {
      this.lastEpoch += 1;
      values = this.getLr();
    } else {
      this.lastEpoch = epoch;
      values = this.closedFormLr() ?? this.getLr();
    }
    // like Python's zip: groups without a value keep their rate
    values.forEach((lr, i) => {
      if (i < this.optimizer.paramGroups.length) this.optimizer.paramGroups[i].lr = lr;
    });
    this.lastLr = this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** Records the rates `getLastLr()` returns, for subclasses with their own `step`. */
  protected setLastLr(values: number[]): void {
    this.lastLr = values;
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
    const aliases = this.stateAliases();
    for (const [key, value] of Object.entries(this)) {
      if (this.isStateKey(key) && typeof value !== "function") out[aliases[key] ?? key] = copyState(value as LRSchedulerStateValue);
    }
    return out;
  }

  /**
   * Fields whose state-dict key is not their name: PyTorch's attribute camelCased mechanically
   * (`T_cur` -> `TCur`) where the field is spelled otherwise. Field -> key.
   */
  protected stateAliases(): Record<string, string> {
    return {};
  }

  /** Whether the field `key` belongs in `stateDict()` (not the optimizer, nor functions or other schedulers). */
  protected isStateKey(key: string): boolean {
    return key !== "optimizer";
  }

  /**
   * Restores a state from `stateDict()` (the groups' `lr` are restored by the optimizer's own
   * `loadStateDict`).
   * @example
   * scheduler.loadStateDict(saved);
   */
  loadStateDict(state: LRSchedulerStateDict): void {
    const fields = Object.fromEntries(Object.entries(this.stateAliases()).map(([field, key]) => [key, field]));
    for (const [stateKey, value] of Object.entries(state)) {
      const key = fields[stateKey] ?? stateKey;
      if (!this.isStateKey(key) || !Object.hasOwn(this, key)) continue;
      (this as unknown as Record<string, unknown>)[key] = copyState(value);
    }
  }
}

/** A deep copy of a state value (arrays and plain records). */
export function copyState(value: LRSchedulerStateValue): LRSchedulerStateValue {
  if (Array.isArray(value)) return value.map(copyState);
  if (value !== null && typeof value === "object") {
    const out: Record<string, LRSchedulerStateValue> = {};
    for (const [k, v] of Object.entries(value)) out[k] = copyState(v);
    return out;
  }
  return value;
}

/** The value for each group: `value` itself, or a list with one value per group (PyTorch's `_format_param`). */
export function perGroup<T>(scheduler: string, optimizer: AnyOptimizer, name: string, value: T | readonly T[]): T[] {
  const n = optimizer.paramGroups.length;
  if (Array.isArray(value)) {
    if (value.length !== n) throw new Error(`${scheduler}: expected ${n} values for ${name}, got ${value.length}`);
    return [...(value as T[])];
  }
  return new Array<T>(n).fill(value as T);
}

/** Python's `bisect_right`: the number of entries of the sorted list `xs` that are <= x. */
export function bisectRight(xs: readonly number[], x: number): number {
  let lo = 0;
  let hi = xs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (x < xs[mid]) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
