import type { Logs } from "../types.ts";
import { pyRepr } from "../utils/format.ts";
import { defaultStream, type OutputStream } from "../utils/progbar.ts";
import { Callback } from "./callback.ts";
import { optimizerOf } from "./learning_rate_scheduler.ts";

/** Options of `new ReduceLROnPlateau(options)`; Keras 2's arguments and defaults in camelCase. */
export interface ReduceLROnPlateauOptions {
  /** The log key to watch (default "val_loss"). */
  monitor?: string;
  /** Multiplies the rate on a plateau: `newLr = max(lr * factor, minLr)` (default 0.1; must be < 1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  /** 1 prints each reduction (default 0). */
  verbose?: 0 | 1;
  /** "min", "max" or "auto" (default): max when the name holds "acc" or "auc", else min. */
  mode?: "auto" | "min" | "max";
  /** Least change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The rate is never reduced below this (default 0). */
  minLr?: number;
  /** Where messages go (default `keras.utils.defaultStream()`; not in Keras). */
  stream?: OutputStream;
}

/**
 * Reduces the learning rate when the monitored value stops improving (Keras 2's
 * `keras.callbacks.ReduceLROnPlateau`). At each epoch end it adds the current rate to the logs as
 * `lr`, then:
 *
 * ```text
 * improvement:  current < best - minDelta (mode min)      current > best + minDelta (mode max)
 * in cooldown:  cooldownCounter -= 1, wait = 0
 * improvement:  best = current, wait = 0
 * otherwise, out of cooldown:  wait += 1; if wait >= patience and lr > minLr:
 *     lr = max(lr * factor, minLr), cooldownCounter = cooldown, wait = 0
 * ```
 * @example
 * const plateau = new keras.callbacks.ReduceLROnPlateau({ monitor: "val_loss", factor: 0.5, patience: 2 });
 * await model.fit(x, y, { epochs: 50, validationSplit: 0.2, callbacks: [plateau] });
 */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly mode: "min" | "max";
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  /** The best value seen. */
  best = Infinity;
  /** Epochs since the last improvement. */
  wait = 0;
  /** Epochs of cooldown left. */
  cooldownCounter = 0;
  private readonly stream: OutputStream | undefined;
  private warned = false;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    const { monitor = "val_loss", factor = 0.1, patience = 10, verbose = 0, mode = "auto", minDelta = 1e-4, cooldown = 0, minLr = 0 } = options;
    const who = "keras.callbacks.ReduceLROnPlateau";
    if (typeof monitor !== "string" || monitor === "") throw new Error(`${who}: monitor must be a log key such as "val_loss", got ${String(monitor)}`);
    if (!(factor < 1.0)) throw new Error(`${who}: factor must be < 1.0 (ReduceLROnPlateau does not support a factor >= 1.0), got ${factor}`);
    if (!(factor >= 0)) throw new Error(`${who}: factor must be >= 0, got ${factor}`);
    if (!(Number.isInteger(patience) && patience >= 0)) throw new Error(`${who}: patience must be an integer >= 0, got ${patience}`);
    if (!(Number.isInteger(cooldown) && cooldown >= 0)) throw new Error(`${who}: cooldown must be an integer >= 0, got ${cooldown}`);
    if (!Number.isFinite(minDelta)) throw new Error(`${who}: minDelta must be a finite number, got ${minDelta}`);
    if (!(minLr >= 0)) throw new Error(`${who}: minLr must be >= 0, got ${minLr}`);
    if (mode !== "auto" && mode !== "min" && mode !== "max") throw new Error(`${who}: mode must be "auto", "min" or "max", got "${String(mode)}"`);
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.verbose = verbose;
    this.minDelta = minDelta;
    this.cooldown = cooldown;
    this.minLr = minLr;
    this.stream = options.stream;
    this.mode = mode !== "auto" ? mode : monitor.includes("acc") || monitor.includes("auc") ? "max" : "min";
    this.reset();
  }

  private reset(): void {
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
    this.warned = false;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.reset();
  }

  private inCooldown(): boolean {
    return this.cooldownCounter > 0;
  }

  private improves(current: number): boolean {
    return this.mode === "min" ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const who = "keras.callbacks.ReduceLROnPlateau";
    const opt = optimizerOf(this.requireModel(who), who);
    logs.lr = opt.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      if (!this.warned) {
        this.warned = true;
        console.warn(
          `${who}: learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. ` +
            `Available metrics are: ${Object.keys(logs).join(",")}`,
        );
      }
      return;
    }
    if (this.inCooldown()) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
    } else if (!this.inCooldown()) {
      this.wait += 1;
      if (this.wait >= this.patience) {
        const oldLr = opt.learningRate;
        if (oldLr > this.minLr) {
          const newLr = Math.max(oldLr * this.factor, this.minLr);
          opt.learningRate = newLr;
          if (this.verbose > 0) (this.stream ?? defaultStream()).write(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${pyRepr(newLr)}.\n`);
          this.cooldownCounter = this.cooldown;
          this.wait = 0;
        }
      }
    }
  }
}
