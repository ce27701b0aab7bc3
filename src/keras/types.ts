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
  /** Saves architecture, compile settings and weights to `path` (atomically). */
  save(path: string): void;
  /** Saves only the weights to `path` as safetensors (atomically). */
  saveWeights(path: string): void;
  /** The compiled optimizer (null before `compile`); its `learningRate` can be read and set. */
  readonly optimizer: { learningRate: number } | null;
}
