import type { Tensor } from "../../tensor/tensor.ts";
import type { Logs } from "../types.ts";
import { defaultStream, type OutputStream } from "../utils/progbar.ts";
import { Callback } from "./callback.ts";

/** Options of `new EarlyStopping(options)`; Keras 2's arguments and defaults in camelCase. */
export interface EarlyStoppingOptions {
  /** The log key to watch (default "val_loss"). */
  monitor?: string;
  /** Least change that counts as an improvement (default 0; its absolute value is used). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  /** 1 prints when it stops and restores (default 0). */
  verbose?: 0 | 1;
  /** "min", "max" or "auto" (default): max when the name ends in acc, accuracy or auc, else min. */
  mode?: "auto" | "min" | "max";
  /** A value the monitor must beat; epochs that do not beat it count towards patience (default null). */
  baseline?: number | null;
  /** On stopping, set the weights back to those of the best epoch (default false). */
  restoreBestWeights?: boolean;
  /** Epochs to let pass before watching (default 0). */
  startFromEpoch?: number;
  /** Where messages go (default `keras.utils.defaultStream()`; not in Keras). */
  stream?: OutputStream;
}

/**
 * Stops training when the monitored value stops improving (Keras 2.15's
 * `keras.callbacks.EarlyStopping`). At each epoch end, with `current = logs[monitor]`:
 *
 * ```text
 * improvement:  current + |minDelta| < best   (mode min)      current - |minDelta| > best   (mode max)
 * wait += 1; on improvement best = current, bestEpoch = epoch, and wait = 0 if it also beats baseline
 * otherwise, if wait >= patience and epoch > 0: stop (model.stopTraining = true, stoppedEpoch = epoch)
 * ```
 *
 * With `restoreBestWeights`, the weights of the best epoch (those after the first watched epoch if
 * none improved) are put back when it stops, as Keras 2 does; a run that reaches its last epoch
 * without stopping keeps its last weights (Keras 3 restores then too). A missing monitor key is a
 * warning (once per run), not an error.
 * @example
 * const stop = new keras.callbacks.EarlyStopping({ monitor: "val_loss", patience: 3, restoreBestWeights: true });
 * await model.fit(x, y, { epochs: 100, validationSplit: 0.2, callbacks: [stop] });
 * stop.stoppedEpoch; // 0-based epoch it stopped at, 0 if it never did
 */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: 0 | 1;
  readonly mode: "min" | "max";
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** Epochs since the last improvement. */
  wait = 0;
  /** The 0-based epoch training stopped at (0 if it did not stop). */
  stoppedEpoch = 0;
  /** The best value seen. */
  best = Infinity;
  /** The 0-based epoch of the best value. */
  bestEpoch = 0;
  /** The weights at the best epoch (with `restoreBestWeights`), else null. */
  bestWeights: Tensor[] | null = null;
  private readonly stream: OutputStream | undefined;
  private warned = false;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    const {
      monitor = "val_loss",
      minDelta = 0,
      patience = 0,
      verbose = 0,
      mode = "auto",
      baseline = null,
      restoreBestWeights = false,
      startFromEpoch = 0,
    } = options;
    const who = "keras.callbacks.EarlyStopping";
    if (typeof monitor !== "string" || monitor === "") throw new Error(`${who}: monitor must be a log key such as "val_loss", got ${String(monitor)}`);
    if (!Number.isFinite(minDelta)) throw new Error(`${who}: minDelta must be a finite number, got ${minDelta}`);
    if (!(Number.isInteger(patience) && patience >= 0)) throw new Error(`${who}: patience must be an integer >= 0, got ${patience}`);
    if (!(Number.isInteger(startFromEpoch) && startFromEpoch >= 0)) {
      throw new Error(`${who}: startFromEpoch must be an integer >= 0, got ${startFromEpoch}`);
    }
    if (mode !== "auto" && mode !== "min" && mode !== "max") throw new Error(`${who}: mode must be "auto", "min" or "max", got "${String(mode)}"`);
    if (baseline !== null && !Number.isFinite(baseline)) throw new Error(`${who}: baseline must be a finite number or null, got ${baseline}`);
    this.monitor = monitor;
    this.patience = patience;
    this.verbose = verbose;
    this.baseline = baseline;
    this.restoreBestWeights = restoreBestWeights;
    this.startFromEpoch = startFromEpoch;
    this.stream = options.stream;
    this.mode =
      mode !== "auto" ? mode : monitor.endsWith("acc") || monitor.endsWith("accuracy") || monitor.endsWith("auc") ? "max" : "min";
    this.minDelta = this.mode === "max" ? Math.abs(minDelta) : -Math.abs(minDelta);
  }

  override onTrainBegin(_logs?: Logs): void {
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = this.mode === "min" ? Infinity : -Infinity;
    this.bestWeights = null;
    this.bestEpoch = 0;
    this.warned = false;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const current = this.monitorValue(logs);
    if (current === undefined || epoch < this.startFromEpoch) return;
    const model = this.requireModel("keras.callbacks.EarlyStopping");
    if (this.restoreBestWeights && this.bestWeights === null) this.bestWeights = model.getWeights();
    this.wait += 1;
    if (this.isImprovement(current, this.best)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      if (this.baseline === null || this.isImprovement(current, this.baseline)) this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
      if (this.restoreBestWeights && this.bestWeights !== null) {
        if (this.verbose > 0) this.print(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.`);
        model.setWeights(this.bestWeights);
      }
    }
  }

  override onTrainEnd(_logs?: Logs): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0) this.print(`Epoch ${this.stoppedEpoch + 1}: early stopping`);
  }

  private isImprovement(value: number, reference: number): boolean {
    return this.mode === "max" ? value - this.minDelta > reference : value - this.minDelta < reference;
  }

  private monitorValue(logs: Logs): number | undefined {
    const v = logs[this.monitor];
    if (v === undefined && !this.warned) {
      this.warned = true;
      console.warn(
        `keras.callbacks.EarlyStopping: early stopping conditioned on metric \`${this.monitor}\` which is not available. ` +
          `Available metrics are: ${Object.keys(logs).join(",")}`,
      );
    }
    return v;
  }

  private print(line: string): void {
    (this.stream ?? defaultStream()).write(line + "\n");
  }
}
