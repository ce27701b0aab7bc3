import type { FitParams, Logs } from "../types.ts";
import { Progbar, type OutputStream } from "../utils/progbar.ts";
import { Callback } from "./callback.ts";

/** Options of `new ProgbarLogger(options)`. */
export interface ProgbarLoggerOptions {
  /** Where the text goes (default `keras.utils.defaultStream()`: process.stdout, or console.log in a browser). */
  stream?: OutputStream;
  /** The clock in seconds (default `performance.now() / 1000`); tests pass a fake one. */
  now?: () => number;
}

/**
 * Prints training progress as Keras 2 does (`keras.callbacks.ProgbarLogger`, counting steps): at each
 * epoch begin `Epoch 3/10` (only when `epochs > 1`, as Keras), then with `params.verbose` 1 the live
 * bar, redrawn in place on a TTY and written once when the epoch ends elsewhere, and with verbose 2
 * one line per epoch:
 *
 * ```text
 * Epoch 3/10
 * 250/250 [==============================] - 1s 4ms/step - loss: 0.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000
 * 250/250 - 1s - loss: 0.3521 - acc: 0.8700 - val_loss: 0.3000 - val_acc: 0.9000 - 1s/epoch - 4ms/step
 * ```
 *
 * Batch logs are shown as given (they are running means already, Keras 2's TF2 semantics). Inside
 * `fit` the validation pass is silent; on its own (`evaluate`, `predict`) it draws a bar of its own.
 * @example
 * const list = new keras.callbacks.CallbackList([new keras.callbacks.ProgbarLogger()], {
 *   model, params: { epochs: 10, steps: 250, verbose: 1 },
 * });
 */
export class ProgbarLogger extends Callback {
  private readonly stream: OutputStream | undefined;
  private readonly now: (() => number) | undefined;
  private progbar: Progbar | null = null;
  private target: number | null = null;
  private verbose: 0 | 1 | 2 = 1;
  private epochs = 1;
  private seen = 0;
  private calledInFit = false;

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    this.stream = options.stream;
    this.now = options.now;
  }

  override setParams(params: FitParams): void {
    super.setParams(params);
    this.verbose = params.verbose;
    this.epochs = params.epochs;
    this.target = Number.isInteger(params.steps) && params.steps > 0 ? params.steps : null;
  }

  override onTrainBegin(_logs?: Logs): void {
    this.calledInFit = true; // validation inside fit is silent
  }

  override onTrainEnd(_logs?: Logs): void {
    this.calledInFit = false;
  }

  override onTestBegin(_logs?: Logs): void {
    if (!this.calledInFit) this.resetProgbar();
  }

  override onPredictBegin(_logs?: Logs): void {
    this.resetProgbar();
  }

  override onEpochBegin(epoch: number, _logs?: Logs): void {
    this.resetProgbar();
    this.bar();
    if (this.verbose !== 0 && this.epochs > 1) this.bar().stream.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onBatchEnd(batch: number, logs?: Logs): void {
    this.batchUpdate(batch, logs);
  }

  override onTestBatchEnd(batch: number, logs?: Logs): void {
    if (!this.calledInFit) this.batchUpdate(batch, logs);
  }

  override onPredictBatchEnd(batch: number, _logs?: Logs): void {
    this.batchUpdate(batch, undefined); // predictions are not shown
  }

  override onEpochEnd(_epoch: number, logs?: Logs): void {
    this.finalize(logs);
  }

  override onTestEnd(logs?: Logs): void {
    if (!this.calledInFit) this.finalize(logs);
  }

  override onPredictEnd(_logs?: Logs): void {
    this.finalize(undefined);
  }

  private resetProgbar(): void {
    this.seen = 0;
    this.progbar = null;
  }

  private bar(): Progbar {
    this.progbar ??= new Progbar({ target: this.target, verbose: this.verbose, stream: this.stream, now: this.now });
    return this.progbar;
  }

  /** Every key is shown as given: fit's batch logs are running means already (Keras's stateful metrics). */
  private entries(bar: Progbar, logs: Logs | undefined): [string, number][] {
    const entries = Object.entries(logs ?? {});
    for (const [k] of entries) bar.statefulMetrics.add(k);
    return entries;
  }

  private batchUpdate(batch: number, logs: Logs | undefined): void {
    if (this.verbose !== 1) return; // Keras calls the batch hooks only for the live bar
    const bar = this.bar();
    this.seen = batch + 1;
    bar.update(this.seen, this.entries(bar, logs), false);
  }

  private finalize(logs: Logs | undefined): void {
    const bar = this.bar();
    if (this.target === null) {
      this.target = this.seen > 0 ? this.seen : null;
      bar.target = this.target;
    }
    bar.update(this.target ?? Math.max(this.seen, 1), this.entries(bar, logs), true);
  }
}
