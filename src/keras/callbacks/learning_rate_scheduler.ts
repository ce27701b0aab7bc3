import type { CallbackModel, Logs } from "../types.ts";
import { pyRepr } from "../utils/format.ts";
import { defaultStream, type OutputStream } from "../utils/progbar.ts";
import { Callback } from "./callback.ts";

/** Options of `new LearningRateScheduler(schedule, options)`. */
export interface LearningRateSchedulerOptions {
  /** 1 prints the rate set at each epoch (default 0). */
  verbose?: 0 | 1;
  /** Where messages go (default `keras.utils.defaultStream()`; not in Keras). */
  stream?: OutputStream;
}

/** The compiled optimizer of `model`, or an error naming `who`. */
export function optimizerOf(model: CallbackModel, who: string): { learningRate: number } {
  const opt = model.optimizer;
  if (opt === null || opt === undefined || typeof opt.learningRate !== "number") {
    throw new Error(`${who}: the model has no optimizer with a learningRate (compile the model first)`);
  }
  return opt;
}

/**
 * Sets the optimizer's learning rate at each epoch begin to `schedule(epoch, lr)` (Keras 2's
 * `keras.callbacks.LearningRateScheduler`), `epoch` 0-based and `lr` the current rate, and adds the
 * rate as `lr` to each epoch's logs, so History and the progress bar show it.
 * @example
 * const halve = new keras.callbacks.LearningRateScheduler((epoch, lr) => (epoch < 10 ? lr : lr * 0.5));
 * await model.fit(x, y, { epochs: 20, callbacks: [halve] });
 */
export class LearningRateScheduler extends Callback {
  readonly schedule: (epoch: number, lr: number) => number;
  readonly verbose: 0 | 1;
  private readonly stream: OutputStream | undefined;

  constructor(schedule: (epoch: number, lr: number) => number, options: LearningRateSchedulerOptions = {}) {
    super();
    if (typeof schedule !== "function") throw new Error("keras.callbacks.LearningRateScheduler: schedule must be a function (epoch, lr) => number");
    this.schedule = schedule;
    this.verbose = options.verbose ?? 0;
    this.stream = options.stream;
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    const who = "keras.callbacks.LearningRateScheduler";
    const opt = optimizerOf(this.requireModel(who), who);
    const lr: unknown = this.schedule(epoch, opt.learningRate);
    if (typeof lr !== "number" || !Number.isFinite(lr)) {
      throw new Error(`${who}: the schedule must return a finite number, got ${String(lr)} at epoch ${epoch}`);
    }
    opt.learningRate = lr;
    if (this.verbose > 0) {
      (this.stream ?? defaultStream()).write(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${pyRepr(lr)}.\n`);
    }
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    if (logs === undefined) return;
    logs.lr = optimizerOf(this.requireModel("keras.callbacks.LearningRateScheduler"), "keras.callbacks.LearningRateScheduler").learningRate;
  }
}
