import type { HistoryRecord, Logs } from "../types.ts";
import { Callback } from "./callback.ts";

/**
 * Records every epoch's logs (Keras's `keras.callbacks.History`); `fit` resolves to it. `history` maps
 * each key the epoch logs carry (`loss`, `acc`, `val_loss`, ...; first-seen order) to its value per
 * epoch; `epoch` lists the 0-based epoch indices run, reset at each train begin (to `previous`'s, when
 * given: a resumed run's History goes on from the checkpoint's).
 * @example
 * const history = await model.fit(x, y, { epochs: 10, verbose: 0 });
 * history.history.loss;  // 10 numbers
 * history.epoch;         // [0, 1, ..., 9]
 */
export class History extends Callback {
  /** The 0-based indices of the epochs run. */
  epoch: number[] = [];
  /** Each log key's value per epoch, in the order the keys first appeared. */
  history: Record<string, number[]> = {};
  readonly #previousEpochs: number[];

  constructor(previous?: HistoryRecord) {
    super();
    this.#previousEpochs = previous === undefined ? [] : [...previous.epoch];
    if (previous !== undefined) for (const [k, v] of Object.entries(previous.history)) this.history[k] = [...v];
  }

  override onTrainBegin(_logs?: Logs): void {
    this.epoch = [...this.#previousEpochs];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [k, v] of Object.entries(logs)) {
      if (!Object.prototype.hasOwnProperty.call(this.history, k)) this.history[k] = [];
      this.history[k].push(v);
    }
  }
}
