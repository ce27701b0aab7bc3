import type { Logs } from "../types.ts";
import { defaultStream, type OutputStream } from "../utils/progbar.ts";
import { Callback } from "./callback.ts";

/** Options of `new TerminateOnNaN(options)` (not in Keras: where the message goes). */
export interface TerminateOnNaNOptions {
  /** Where the message goes (default `keras.utils.defaultStream()`). */
  stream?: OutputStream;
}

/**
 * Stops training when a batch's loss is NaN or ±Infinity (Keras's `keras.callbacks.TerminateOnNaN`):
 * prints `Batch 12: Invalid loss, terminating training` and sets `model.stopTraining`.
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [new keras.callbacks.TerminateOnNaN()] });
 */
export class TerminateOnNaN extends Callback {
  private readonly stream: OutputStream | undefined;

  constructor(options: TerminateOnNaNOptions = {}) {
    super();
    this.stream = options.stream;
  }

  override onBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss === undefined) return;
    if (Number.isNaN(loss) || loss === Infinity || loss === -Infinity) {
      (this.stream ?? defaultStream()).write(`Batch ${batch}: Invalid loss, terminating training\n`);
      this.requireModel("keras.callbacks.TerminateOnNaN").stopTraining = true;
    }
  }
}
