import { LRScheduler, perGroup, type AnyOptimizer, type LRSchedulerOptions } from "./scheduler.ts";

/** Options of `CyclicLR`. */
export interface CyclicLROptions extends LRSchedulerOptions {
  /** Steps in the increasing half of a cycle (default 2000). */
  stepSizeUp?: number;
  /** Steps in the decreasing half (default: stepSizeUp). */
  stepSizeDown?: number | null;
  /** `"triangular"` (default), `"triangular2"` (amplitude halved each cycle) or `"exp_range"` (× γ^iteration). */
  mode?: "triangular" | "triangular2" | "exp_range";
  /** The constant of `"exp_range"` (default 1). */
  gamma?: number;
  /** A custom amplitude scale, replacing `mode`'s. */
  scaleFn?: ((x: number) => number) | null;
  /** What `scaleFn` is applied to: the cycle number (`"cycle"`, default) or the iteration (`"iterations"`). */
  scaleMode?: "cycle" | "iterations";
  /** Cycle the momentum inversely to the rate (default true; the optimizer needs `momentum`). */
  cycleMomentum?: boolean;
  /** The lowest momentum (default 0.8; one per group or one for all). */
  baseMomentum?: number | number[];
  /** The highest momentum (default 0.9; one per group or one for all). */
  maxMomentum?: number | number[];
}

/**
 * Cycles each group's learning rate between `baseLr` and `maxLr` (a cyclical learning rate), like
 * `torch.optim.lr_scheduler.CyclicLR`; call `step()` after every batch.
 *
 * ```text
 * cycle = ⌊1 + t / (up + down)⌋,  x = 1 + t / (up + down) - cycle
 * s = x / r  if x <= r  else (x - 1) / (r - 1)          (r = up / (up + down))
 * lr = baseLr + (maxLr - baseLr) · s · scale(cycle or t)
 * momentum = maxMomentum - (maxMomentum - baseMomentum) · s · scale(...)
 * scale: triangular 1, triangular2 1 / 2^(cycle - 1), exp_range γ^t
 * ```
 * As in PyTorch 1.13, momentum cycling needs an optimizer with `momentum` (SGD, RMSprop); for Adam-like
 * optimizers pass `cycleMomentum: false`. Custom `scaleFn` functions are not part of `stateDict()`.
 * Defaults: stepSizeUp 2000, stepSizeDown = stepSizeUp, mode "triangular", gamma 1, scaleMode "cycle",
 * cycleMomentum true, baseMomentum 0.8, maxMomentum 0.9.
 * @example
 * const scheduler = new optim.lrScheduler.CyclicLR(opt, 0.01, 0.1, { stepSizeUp: 500 });
 */
export class CyclicLR extends LRScheduler {
  /** The upper bound of each group's rate. */
  readonly maxLrs: number[];
  /** Steps in a whole cycle. */
  readonly totalSize: number;
  /** The fraction of the cycle spent increasing. */
  readonly stepRatio: number;
  /** The amplitude policy. */
  readonly mode: "triangular" | "triangular2" | "exp_range";
  /** The constant of `"exp_range"`. */
  readonly gamma: number;
  /** What the scale function is applied to. */
  readonly scaleMode: "cycle" | "iterations";
  /** Whether momentum is cycled. */
  readonly cycleMomentum: boolean;
  /** The lower bound of each group's momentum. */
  baseMomentums: number[] = [];
  /** The upper bound of each group's momentum. */
  maxMomentums: number[] = [];
  private readonly customScaleFn: ((x: number) => number) | null;

  constructor(optimizer: AnyOptimizer, baseLr: number | number[], maxLr: number | number[], options: CyclicLROptions = {}) {
    const name = "CyclicLR";
    const baseLrs = perGroup(name, optimizer, "baseLr", baseLr);
    const lastEpoch = options.lastEpoch ?? -1;
    if (lastEpoch === -1) optimizer.paramGroups.forEach((g, i) => (g.lr = baseLrs[i]));
    const maxLrs = perGroup(name, optimizer, "maxLr", maxLr);
    const up = options.stepSizeUp ?? 2000;
    const down = options.stepSizeDown ?? up;
    const mode = options.mode ?? "triangular";
    const scaleFn = options.scaleFn ?? null;
    if (!["triangular", "triangular2", "exp_range"].includes(mode) && scaleFn === null) {
      throw new Error(`${name}: mode is invalid and scaleFn is null`);
    }
    const cycleMomentum = options.cycleMomentum ?? true;
    let baseMomentums: number[] = [];
    let maxMomentums: number[] = [];
    if (cycleMomentum) {
      if (!("momentum" in (optimizer.defaults as Record<string, unknown>))) {
        throw new Error(`${name}: optimizer must support momentum with \`cycleMomentum\` option enabled`);
      }
      const base = perGroup(name, optimizer, "baseMomentum", options.baseMomentum ?? 0.8);
      const groups = optimizer.paramGroups as unknown as Record<string, number>[];
      if (lastEpoch === -1) groups.forEach((g, i) => (g.momentum = base[i]));
      baseMomentums = groups.map((g) => g.momentum);
      maxMomentums = perGroup(name, optimizer, "maxMomentum", options.maxMomentum ?? 0.9);
    }
    super(optimizer, options);
    this.maxLrs = maxLrs;
    this.totalSize = up + down;
    this.stepRatio = up / this.totalSize;
    this.mode = mode;
    this.gamma = options.gamma ?? 1;
    this.customScaleFn = scaleFn;
    this.scaleMode = scaleFn === null ? (mode === "exp_range" ? "iterations" : "cycle") : (options.scaleMode ?? "cycle");
    this.cycleMomentum = cycleMomentum;
    this.baseMomentums = baseMomentums;
    this.maxMomentums = maxMomentums;
    this.initialStep();
    // like PyTorch, the initial step used the groups' initialLr; from now on the given base rates
    this.baseLrs = baseLrs;
  }

  /**
   * The amplitude scale at `x` (the cycle number or the iteration, per `scaleMode`).
   * @example
   * scheduler.scaleFn(2); // 0.5 in mode "triangular2"
   */
  scaleFn(x: number): number {
    if (this.customScaleFn !== null) return this.customScaleFn(x);
    if (this.mode === "triangular2") return 1 / 2.0 ** (x - 1);
    if (this.mode === "exp_range") return this.gamma ** x;
    return 1;
  }

  protected override isStateKey(key: string): boolean {
    return key !== "customScaleFn" && super.isStateKey(key);
  }

  protected override getLr(): number[] {
    const t = this.lastEpoch;
    const cycle = Math.floor(1 + t / this.totalSize);
    const x = 1 + t / this.totalSize - cycle;
    const scaleFactor = x <= this.stepRatio ? x / this.stepRatio : (x - 1) / (this.stepRatio - 1);
    const scale = this.scaleFn(this.scaleMode === "cycle" ? cycle : t);
    const n = Math.min(this.baseLrs.length, this.maxLrs.length);
    const lrs = this.baseLrs.slice(0, n).map((base, i) => base + (this.maxLrs[i] - base) * scaleFactor * scale);
    if (this.cycleMomentum) {
      const groups = this.optimizer.paramGroups as unknown as Record<string, number>[];
      const m = Math.min(this.baseMomentums.length, this.maxMomentums.length, groups.length);
      for (let i = 0; i < m; i++) {
        const max = this.maxMomentums[i];
        groups[i].momentum = max - (max - this.baseMomentums[i]) * scaleFactor * scale;
      }
    }
    return lrs;
  }
}
