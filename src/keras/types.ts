import type { Tensor } from "../tensor/tensor.ts";

/**
 * The numbers a training event carries, keyed as Keras keys them (`loss`, `acc`, `val_loss`, ...):
 * what callbacks receive and what `History` records.
 * @example
 * const logs: keras.Logs = { loss: 0.35, acc: 0.87 };
 */
export type Logs = Record<string, number>;

/**
 * What `fit` tells its callbacks before training (Keras's `callback.params`).
 * @example
 * const params: keras.FitParams = { epochs: 10, steps: 250, verbose: 1 };
 */
export interface FitParams {
  /** Epochs to run (the `epochs` given to `fit`). */
  epochs: number;
  /** Batches per epoch. */
  steps: number;
  /** Verbosity given to `fit`: 0 silent, 1 progress bar, 2 one line per epoch. */
  verbose: 0 | 1 | 2;
}

/**
 * The part of a Keras model that callbacks use: the stop flag, the weights, saving and the
 * optimizer's learning rate. `keras.Sequential` implements it.
 * @example
 * class StopAtOne extends keras.callbacks.Callback {
 *   override onEpochEnd(_epoch: number, logs: keras.Logs): void {
 *     if (logs.loss < 1) this.model!.stopTraining = true;
 *   }
 * }
 */
export interface CallbackModel {
  /** Set to true from a callback to stop `fit` after the current batch. */
  stopTraining: boolean;
  /** Copies of the weights, in Keras's layout and order (kernel [in, units], then bias, per layer). */
  getWeights(): Tensor[];
  /** Sets the weights from tensors in `getWeights()`'s layout and order. */
  setWeights(weights: Tensor[]): void;
  /** Saves architecture, compile settings, weights and optimizer state to `path` (atomically). */
  save(path: string, options?: SaveOptions): void;
  /** Saves only the weights to `path` as safetensors (atomically). */
  saveWeights(path: string): void;
  /** The compiled optimizer (null before `compile`); its `learningRate` can be read and set. */
  readonly optimizer: { learningRate: number } | null;
  /** The History of the `fit` in progress (its epochs so far), when the model keeps one. */
  readonly history?: HistoryRecord | null;
  /** At train begin: the checkpoint `fit` resumes from (see `keras.models.loadModel`), else null. */
  readonly trainingState?: TrainingState | null;
}

/**
 * A History's contents as plain data: the 0-based epoch indices run and each log key's values.
 * @example
 * const record: keras.HistoryRecord = { epoch: [0, 1], history: { loss: [0.9, 0.7] } };
 */
export interface HistoryRecord {
  epoch: number[];
  history: Record<string, number[]>;
}

/**
 * Where a training run stood when `keras.callbacks.ModelCheckpoint` saved it: what a resumed `fit`
 * needs besides the weights, the optimizer and the random state.
 * @example
 * const restored = keras.models.loadModel("ckpt.safetensors");
 * await restored.fit(x, y, { epochs: 10, initialEpoch: restored.trainingState!.epoch });
 */
export interface TrainingState {
  /** The epoch to go on with, 0-based: `fit`'s `initialEpoch` (after epoch index 2 ended: 3). */
  epoch: number;
  /** Batches of that epoch already trained: 0 at an epoch's end; with a numeric `saveFreq`, the position. */
  batch: number;
  /** The History of the finished epochs. */
  history: HistoryRecord;
  /** With `batch` > 0 and saved during `fit`: the epoch in progress, so `fit` goes on from that batch. */
  progress?: EpochProgress;
}

/**
 * An epoch in progress inside `fit`: its sample order, running loss and metrics' state.
 * @example
 * const p: keras.EpochProgress = { order: null, lossSum: 12.5, seen: 40, metrics: { acc: { total: 31, count: 40 } } };
 */
export interface EpochProgress {
  /** The epoch's shuffled sample order (null: not shuffled). */
  order: Int32Array | null;
  /** Sum of the batches' losses, each times its size. */
  lossSum: number;
  /** Samples trained on so far in the epoch. */
  seen: number;
  /** Each compiled metric's accumulated state (its numeric fields), by metric name. */
  metrics: Record<string, Record<string, number | number[]>>;
}

/**
 * Options of `model.save(path, options)`.
 * @example
 * model.save("model.safetensors", { includeOptimizer: false });
 */
export interface SaveOptions {
  /** Store the optimizer's state (moments, momentum buffers, iterations) too, as Keras does (default true). */
  includeOptimizer?: boolean;
  /** Where training stands (ModelCheckpoint passes it); `loadModel` gives it back as `model.trainingState`. */
  trainingState?: TrainingState | null;
}
