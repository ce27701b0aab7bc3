import { LRScheduler, perGroup, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `OneCycleLR`: the length (`totalSteps`, or `epochs` and `stepsPerEpoch`) and the shape of the cycle. */
export interface OneCycleLROptions extends LRSchedulerOptions {
  /** The number of steps in the cycle (or give `epochs` and `stepsPerEpoch`). */
  totalSteps?: number;
  /** The number of epochs, with `stepsPerEpoch`, when `totalSteps` is not given. */
  epochs?: number;
  /** The number of steps per epoch, with `epochs`. */
  stepsPerEpoch?: number;
  /** The fraction of the cycle spent increasing the rate (default 0.3). */
  pctStart?: number;
  /** `"cos"` (default) or `"linear"` annealing. */
  annealStrategy?: "cos" | "linear";
  /** Cycle the momentum (SGD's `momentum`, Adam-like optimizers' beta1) inversely to the rate (default true). */
  cycleMomentum?: boolean;
  /** The lowest momentum, at the peak rate (default 0.85; one per group or one for all). */
  baseMomentum?: number | number[];
  /** The highest momentum, at the start and end (default 0.95; one per group or one for all). */
  maxMomentum?: number | number[];
  /** initialLr = maxLr / divFactor (default 25). */
  divFactor?: number;
  /** minLr = initialLr / finalDivFactor (default 1e4). */
  finalDivFactor?: number;
  /** Three phases (up, down to initialLr, down to minLr) instead of two (default false). */
  threePhase?: boolean;
}

interface Phase {
  endStep: number;
  startLr: string;
  endLr: string;
  startMomentum: string;
  endMomentum: string;
}

/**
 * The 1cycle policy, like `torch.optim.lr_scheduler.OneCycleLR`: the rate rises from
 * `initialLr = maxLr / divFactor` to `maxLr` over the first `pctStart` of the cycle, then falls to
 * `minLr = initialLr / finalDivFactor`; the momentum moves the opposite way between `maxMomentum` and
 * `baseMomentum`. Call `step()` after every batch; stepping past `totalSteps` is an error.
 *
 * ```text
 * phase 1: steps 0 .. pctStart·total - 1     lr: initialLr → maxLr      momentum: max → base
 * phase 2: .. total - 1                      lr: maxLr → minLr          momentum: base → max
 * (threePhase: maxLr → initialLr until 2·pctStart·total - 2, then initialLr → minLr, momentum held at max)
 * cos annealing: end + (start - end)/2 · (1 + cos(π pct));  linear: start + (end - start) · pct
 * ```
 * Sets `initialLr`, `maxLr`, `minLr` (and `maxMomentum`, `baseMomentum`) in each group, as PyTorch does.
 * Defaults: pctStart 0.3, annealStrategy "cos", cycleMomentum true, baseMomentum 0.85, maxMomentum 0.95,
 * divFactor 25, finalDivFactor 1e4, threePhase false.
 * @example
 * const scheduler = new optim.lrScheduler.OneCycleLR(opt, 0.1, { totalSteps: epochs * batchesPerEpoch });
 * // after each batch: opt.step(); scheduler.step();
 */
export class OneCycleLR extends LRScheduler {
  /** The number of steps in the cycle. */
  readonly totalSteps: number;
  /** `"cos"` or `"linear"`. */
  readonly annealStrategy: "cos" | "linear";
  /** Whether the momentum (or beta1) is cycled. */
  readonly cycleMomentum: boolean;
  /** Whether the optimizer's momentum is beta1 of `betas` (Adam-like) rather than `momentum`. */
  readonly useBeta1: boolean;
  private readonly phases: Phase[];

  /** PyTorch's `_schedule_phases` (the group keys in them camelCased, as backprop's groups spell them). */
  protected override stateAliases(): Record<string, string> {
    return { phases: "schedulePhases" };
  }

  constructor(optimizer: AnyOptimizer, maxLr: number | number[], options: OneCycleLROptions = {}) {
    const name = "OneCycleLR";
    const { totalSteps, epochs, stepsPerEpoch } = options;
    let total: number;
    if (totalSteps === undefined && epochs === undefined && stepsPerEpoch === undefined) {
      throw new Error(`${name}: You must define either totalSteps OR (epochs AND stepsPerEpoch)`);
    } else if (totalSteps !== undefined) {
      if (!Number.isInteger(totalSteps) || totalSteps <= 0) throw new Error(`${name}: Expected positive integer totalSteps, but got ${totalSteps}`);
      total = totalSteps;
    } else {
      if (!Number.isInteger(epochs) || (epochs as number) <= 0) throw new Error(`${name}: Expected positive integer epochs, but got ${epochs}`);
      if (!Number.isInteger(stepsPerEpoch) || (stepsPerEpoch as number) <= 0) {
        throw new Error(`${name}: Expected positive integer stepsPerEpoch, but got ${stepsPerEpoch}`);
      }
      total = (epochs as number) * (stepsPerEpoch as number);
    }
    const pctStart = options.pctStart ?? 0.3;
    if (!(pctStart >= 0 && pctStart <= 1)) throw new Error(`${name}: Expected float between 0 and 1 pctStart, but got ${pctStart}`);
    const annealStrategy = options.annealStrategy ?? "cos";
    if (annealStrategy !== "cos" && annealStrategy !== "linear") {
      throw new Error(`${name}: annealStrategy must be one of 'cos' or 'linear', instead got ${String(annealStrategy)}`);
    }
    const lastEpoch = options.lastEpoch ?? -1;
    const divFactor = options.divFactor ?? 25;
    const finalDivFactor = options.finalDivFactor ?? 1e4;
    const groups = optimizer.paramGroups as unknown as Record<string, unknown>[];
    const maxLrs = perGroup(name, optimizer, "maxLr", maxLr);
    if (lastEpoch === -1) {
      groups.forEach((g, i) => {
        g.initialLr = maxLrs[i] / divFactor;
        g.maxLr = maxLrs[i];
        g.minLr = (g.initialLr as number) / finalDivFactor;
      });
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    let useBeta1 = false;
    if (cycleMomentum) {
      const defaults = optimizer.defaults as Record<string, unknown>;
      if (!("momentum" in defaults) && !("betas" in defaults)) {
        throw new Error(`${name}: optimizer must support momentum with \`cycleMomentum\` option enabled`);
      }
      useBeta1 = "betas" in defaults;
      const maxMomenta = perGroup(name, optimizer, "maxMomentum", options.maxMomentum ?? 0.95);
      const baseMomenta = perGroup(name, optimizer, "baseMomentum", options.baseMomentum ?? 0.85);
      if (lastEpoch === -1) {
        groups.forEach((g, i) => {
          setMomentum(g, useBeta1, maxMomenta[i]);
          g.maxMomentum = maxMomenta[i];
          g.baseMomentum = baseMomenta[i];
        });
      }
    }
    super(optimizer, options);
    this.totalSteps = total;
    this.annealStrategy = annealStrategy;
    this.cycleMomentum = cycleMomentum;
    this.useBeta1 = useBeta1;
    this.phases = options.threePhase
      ? [
        { endStep: pctStart * total - 1, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" },
        { endStep: 2 * pctStart * total - 2, startLr: "maxLr", endLr: "initialLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
        { endStep: total - 1, startLr: "initialLr", endLr: "minLr", startMomentum: "maxMomentum", endMomentum: "maxMomentum" },
      ]
      : [
        { endStep: pctStart * total - 1, startLr: "initialLr", endLr: "maxLr", startMomentum: "maxMomentum", endMomentum: "baseMomentum" },
        { endStep: total - 1, startLr: "maxLr", endLr: "minLr", startMomentum: "baseMomentum", endMomentum: "maxMomentum" },
      ];
    this.initialStep();
  }

  protected override getLr(): number[] {
    const stepNum = this.lastEpoch;
    if (stepNum > this.totalSteps) {
      throw new Error(`OneCycleLR: Tried to step ${stepNum + 1} times. The specified number of total steps is ${this.totalSteps}`);
    }
    const anneal = this.annealStrategy === "cos" ? annealCos : annealLinear;
    const groups = this.optimizer.paramGroups as unknown as Record<string, unknown>[];
    return groups.map((g, index) => {
      if (typeof g.maxLr !== "number") {
        throw new Error(`OneCycleLR: parameter group ${index} has no maxLr; it was added after the scheduler was built (PyTorch fails here too)`);
      }
      let startStep = 0;
      let lr = 0;
      for (let i = 0; i < this.phases.length; i++) {
        const phase = this.phases[i];
        if (stepNum <= phase.endStep || i === this.phases.length - 1) {
          const pct = (stepNum - startStep) / (phase.endStep - startStep);
          lr = anneal(g[phase.startLr] as number, g[phase.endLr] as number, pct);
          if (this.cycleMomentum) {
            setMomentum(g, this.useBeta1, anneal(g[phase.startMomentum] as number, g[phase.endMomentum] as number, pct));
          }
          break;
        }
        startStep = phase.endStep;
      }
      return lr;
    });
  }
}

function setMomentum(group: Record<string, unknown>, useBeta1: boolean, value: number): void {
  if (useBeta1) group.betas = [value, (group.betas as number[])[1]];
  else group.momentum = value;
}

/** Cosine anneal from `start` to `end` as pct goes from 0 to 1. */
function annealCos(start: number, end: number, pct: number): number {
  const cosOut = Math.cos(Math.PI * pct) + 1;
  return end + ((start - end) / 2.0) * cosOut;
}

/** Linear anneal from `start` to `end` as pct goes from 0 to 1. */
function annealLinear(start: number, end: number, pct: number): number {
  return (end - start) * pct + start;
}
