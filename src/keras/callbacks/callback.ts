import type { CallbackModel, FitParams, Logs } from "../types.ts";

/**
 * What `fit`, `evaluate` and `predict` accept as a callback: any object with some of these methods
 * (all optional). Each may return a Promise, which the loop awaits before going on. Batch and epoch
 * indices are 0-based, as in Keras; batch logs hold the running means over the epoch so far, epoch-end
 * logs `loss`, the metrics and the `val_` entries. `onBatchBegin`/`onBatchEnd` are Keras's
 * `on_train_batch_begin`/`on_train_batch_end`.
 * @example
 * const printer: keras.callbacks.CallbackLike = {
 *   onEpochEnd: (epoch, logs) => console.log(epoch, logs?.loss),
 * };
 */
export interface CallbackLike {
  onTrainBegin?(logs?: Logs): void | Promise<void>;
  onTrainEnd?(logs?: Logs): void | Promise<void>;
  onEpochBegin?(epoch: number, logs?: Logs): void | Promise<void>;
  onEpochEnd?(epoch: number, logs?: Logs): void | Promise<void>;
  onBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
  onTestBegin?(logs?: Logs): void | Promise<void>;
  onTestEnd?(logs?: Logs): void | Promise<void>;
  onTestBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onTestBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
  onPredictBegin?(logs?: Logs): void | Promise<void>;
  onPredictEnd?(logs?: Logs): void | Promise<void>;
  onPredictBatchBegin?(batch: number, logs?: Logs): void | Promise<void>;
  onPredictBatchEnd?(batch: number, logs?: Logs): void | Promise<void>;
  setModel?(model: CallbackModel): void;
  setParams?(params: FitParams): void;
}

/**
 * Base class of Keras's callbacks (`keras.callbacks.Callback`): every event is a no-op to override;
 * `model` and `params` are set by the `CallbackList` before training.
 * @example
 * class StopBelow extends keras.callbacks.Callback {
 *   override onEpochEnd(_epoch: number, logs: keras.Logs = {}): void {
 *     if (logs.loss < 0.1) this.model!.stopTraining = true;
 *   }
 * }
 */
export class Callback implements CallbackLike {
  /** The model being trained (null until `setModel`). */
  model: CallbackModel | null = null;
  /** `fit`'s parameters: epochs, steps per epoch, verbose (null until `setParams`). */
  params: FitParams | null = null;

  setModel(model: CallbackModel): void {
    this.model = model;
  }
  setParams(params: FitParams): void {
    this.params = params;
  }
  onTrainBegin(_logs?: Logs): void | Promise<void> {}
  onTrainEnd(_logs?: Logs): void | Promise<void> {}
  onEpochBegin(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onEpochEnd(_epoch: number, _logs?: Logs): void | Promise<void> {}
  onBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBegin(_logs?: Logs): void | Promise<void> {}
  onTestEnd(_logs?: Logs): void | Promise<void> {}
  onTestBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onTestBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBegin(_logs?: Logs): void | Promise<void> {}
  onPredictEnd(_logs?: Logs): void | Promise<void> {}
  onPredictBatchBegin(_batch: number, _logs?: Logs): void | Promise<void> {}
  onPredictBatchEnd(_batch: number, _logs?: Logs): void | Promise<void> {}

  /** The model, or an error naming `who` when the callback is used outside `fit`. */
  protected requireModel(who: string): CallbackModel {
    if (this.model === null) throw new Error(`${who}: no model is set (the callback runs inside fit, which calls setModel)`);
    return this.model;
  }
}

/** Options of `new CallbackList(callbacks, options)`. */
export interface CallbackListOptions {
  /** The model the callbacks act on. */
  model: CallbackModel;
  /** `fit`'s parameters, handed to every callback's `setParams`. */
  params: FitParams;
}

type EventName = Exclude<keyof CallbackLike, "setModel" | "setParams">;

function isPromise(x: unknown): x is PromiseLike<void> {
  return typeof x === "object" && x !== null && typeof (x as { then?: unknown }).then === "function";
}

/**
 * Fans each training event out to a list of callbacks, in list order, awaiting each before the next
 * (Keras's `CallbackList`). Every callback of one event gets the same `logs` object, so what one adds
 * (`lr` from `LearningRateScheduler`) the later ones see. Keras 2 orders a `fit`'s list
 * `[...userCallbacks, History, ProgbarLogger]`, so the history and the bar see what the user's
 * callbacks put into the logs.
 * @example
 * const history = new keras.callbacks.History();
 * const list = new keras.callbacks.CallbackList([...userCallbacks, history, new keras.callbacks.ProgbarLogger()], {
 *   model, params: { epochs: 10, steps: 250, verbose: 1 },
 * });
 * await list.onTrainBegin();
 * // ... await list.onEpochBegin(epoch); await list.onBatchEnd(batch, logs); ...
 */
export class CallbackList {
  /** The callbacks, in the order events reach them. */
  readonly callbacks: CallbackLike[];
  /** The model given to the callbacks. */
  readonly model: CallbackModel;
  /** The parameters given to the callbacks. */
  readonly params: FitParams;

  constructor(callbacks: readonly CallbackLike[], options: CallbackListOptions) {
    if (!Array.isArray(callbacks)) throw new Error("keras.callbacks.CallbackList: callbacks must be an array of callback objects");
    callbacks.forEach((cb, i) => {
      if (typeof cb !== "object" || cb === null) {
        throw new Error(`keras.callbacks.CallbackList: callbacks[${i}] is ${cb === null ? "null" : typeof cb}, not a callback object`);
      }
    });
    if (options === undefined || options.model === undefined || options.params === undefined) {
      throw new Error("keras.callbacks.CallbackList: options must hold the model and the params");
    }
    this.callbacks = [...callbacks];
    this.model = options.model;
    this.params = options.params;
    for (const cb of this.callbacks) cb.setModel?.(this.model);
    for (const cb of this.callbacks) cb.setParams?.(this.params);
  }

  /** Adds a callback at the end, giving it the model and the params. */
  append(callback: CallbackLike): void {
    callback.setModel?.(this.model);
    callback.setParams?.(this.params);
    this.callbacks.push(callback);
  }

  private async fire(event: EventName, args: [Logs] | [number, Logs]): Promise<void> {
    for (const cb of this.callbacks) {
      const fn = cb[event] as ((...a: unknown[]) => void | Promise<void>) | undefined;
      if (fn === undefined) continue;
      const r = fn.apply(cb, args);
      if (isPromise(r)) await r;
    }
  }

  async onTrainBegin(logs: Logs = {}): Promise<void> {
    await this.fire("onTrainBegin", [logs]);
  }
  async onTrainEnd(logs: Logs = {}): Promise<void> {
    await this.fire("onTrainEnd", [logs]);
  }
  async onEpochBegin(epoch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onEpochBegin", [epoch, logs]);
  }
  async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onEpochEnd", [epoch, logs]);
  }
  async onBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onBatchBegin", [batch, logs]);
  }
  async onBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onBatchEnd", [batch, logs]);
  }
  async onTestBegin(logs: Logs = {}): Promise<void> {
    await this.fire("onTestBegin", [logs]);
  }
  async onTestEnd(logs: Logs = {}): Promise<void> {
    await this.fire("onTestEnd", [logs]);
  }
  async onTestBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onTestBatchBegin", [batch, logs]);
  }
  async onTestBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onTestBatchEnd", [batch, logs]);
  }
  async onPredictBegin(logs: Logs = {}): Promise<void> {
    await this.fire("onPredictBegin", [logs]);
  }
  async onPredictEnd(logs: Logs = {}): Promise<void> {
    await this.fire("onPredictEnd", [logs]);
  }
  async onPredictBatchBegin(batch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onPredictBatchBegin", [batch, logs]);
  }
  async onPredictBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    await this.fire("onPredictBatchEnd", [batch, logs]);
  }
}
