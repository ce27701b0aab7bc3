import { full } from "../../../src/tensor/creation.ts";
import type { Tensor } from "../../../src/tensor/tensor.ts";
import type { CallbackModel, FitParams, Logs } from "../../../src/keras/types.ts";
import { CallbackList, type CallbackLike } from "../../../src/keras/callbacks/callback.ts";
import type { OutputStream } from "../../../src/keras/utils/progbar.ts";

/** A model for callbacks: two weight tensors, a recorder of saves, an optimizer with a learning rate. */
export class FakeModel implements CallbackModel {
  stopTraining = false;
  weights: Tensor[] = [full([2, 3], 0), full([3], 0)];
  saves: { kind: "save" | "saveWeights"; path: string }[] = [];
  optimizer: { learningRate: number } | null = { learningRate: 0.01 };

  getWeights(): Tensor[] {
    return this.weights.map((w) => w.clone());
  }
  setWeights(weights: Tensor[]): void {
    this.weights = weights.map((w) => w.clone());
  }
  save(path: string): void {
    this.saves.push({ kind: "save", path });
  }
  saveWeights(path: string): void {
    this.saves.push({ kind: "saveWeights", path });
  }
  /** What one epoch of "training" leaves: every weight equal to `value`. */
  train(value: number): void {
    this.weights = [full([2, 3], value), full([3], value)];
  }
}

/** A stream that records what is written. */
export class Capture implements OutputStream {
  text = "";
  writes: string[] = [];
  constructor(readonly isTTY = false) {}
  write(s: string): void {
    this.text += s;
    this.writes.push(s);
  }
}

/**
 * Runs a fit-like loop: epochLogs[e] are the epoch-end logs; each epoch has `steps` batches whose
 * logs are `batchLogs(epoch, batch)`. Stops when the model's stopTraining is set, as fit does.
 * `onEpochTrained(epoch)` runs before the epoch-end event (where "training" changes the weights).
 */
export async function runFit(
  model: FakeModel,
  callbacks: CallbackLike[],
  options: {
    epochLogs: Logs[];
    steps?: number;
    verbose?: 0 | 1 | 2;
    batchLogs?: (epoch: number, batch: number) => Logs;
    onEpochTrained?: (epoch: number) => void;
    tick?: () => void;
  },
): Promise<number> {
  const steps = options.steps ?? 2;
  const params: FitParams = { epochs: options.epochLogs.length, steps, verbose: options.verbose ?? 0 };
  const list = new CallbackList(callbacks, { model, params });
  model.stopTraining = false;
  await list.onTrainBegin();
  let ran = 0;
  for (let epoch = 0; epoch < options.epochLogs.length; epoch++) {
    await list.onEpochBegin(epoch);
    for (let batch = 0; batch < steps; batch++) {
      await list.onBatchBegin(batch);
      options.tick?.();
      await list.onBatchEnd(batch, options.batchLogs?.(epoch, batch) ?? { loss: options.epochLogs[epoch].loss ?? 0 });
      if (model.stopTraining) break;
    }
    options.onEpochTrained?.(epoch);
    await list.onEpochEnd(epoch, { ...options.epochLogs[epoch] });
    ran += 1;
    if (model.stopTraining) break;
  }
  await list.onTrainEnd();
  return ran;
}
