import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { randperm } from "../tensor/random.ts";
import { cat } from "../ops/join.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { Sequential as NnSequential } from "../nn/container.ts";
import type { Parameter } from "../nn/parameter.ts";
import * as losses from "./losses.ts";
import * as metricsModule from "./metrics/index.ts";
import * as optimizers from "./optimizers.ts";
import { CallbackList, History, ProgbarLogger, TerminateOnNaN, type CallbackLike } from "./callbacks/index.ts";
import type { Layer } from "./layers/layer.ts";
import type { CallbackModel, EpochProgress, FitParams, Logs, SaveOptions, TrainingState } from "./types.ts";
import {
  checkSameRows, classWeightsToSampleWeights, rows, toBatchTensor, type ArrayLike, type ClassWeight,
} from "./data_adapter.ts";

/** A metric as `compile` takes it: a name (`"acc"`, `"mae"`, `"AUC"`), a Metric, or a function `(yTrue, yPred) => per-sample Tensor`. */
export type MetricIdentifier = string | metricsModule.Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor);

/** Options of `compile`. */
export interface CompileOptions {
  /** The loss: a Keras name (`"binary_crossentropy"`, `"mse"`, ...), a `keras.losses.*` object, or a function `(yTrue, yPred) => per-sample Tensor`. */
  loss: string | losses.Loss | losses.LossFunction;
  /** The optimizer: `"sgd"`, `"adam"`, `"rmsprop"`, `"adagrad"` (Keras's defaults) or a `keras.optimizers.*` object. Default `"rmsprop"`, as Keras. */
  optimizer?: string | optimizers.Optimizer;
  /** Metrics reported besides the loss (`["acc"]`); History keys are the names written here. */
  metrics?: MetricIdentifier[];
  /** Scales the loss (Keras's `loss_weights` for a single output): a number or a one-element array. Default 1. */
  lossWeights?: number | number[];
}

/** Options of `fit`. */
export interface FitOptions {
  /** Samples per gradient step (default 32). */
  batchSize?: number;
  /** Passes over the training data (default 1). */
  epochs?: number;
  /** 0 silent, 1 progress bar (default), 2 one line per epoch. */
  verbose?: 0 | 1 | 2;
  /** Callbacks (`keras.callbacks.*` or any object with `onEpochEnd` etc.). */
  callbacks?: CallbackLike[];
  /** Fraction of the data, taken from the END before shuffling (as Keras), held out for validation. */
  validationSplit?: number;
  /** `[xVal, yVal]` (or `[xVal, yVal, sampleWeightVal]`) evaluated after each epoch; overrides `validationSplit`. */
  validationData?: [ArrayLike, ArrayLike] | [ArrayLike, ArrayLike, ArrayLike];
  /** Shuffle the training samples before each epoch (default true), with backprop's seeded generator. */
  shuffle?: boolean;
  /** Weight of each class in the loss (`{0: 1, 1: 3}`). */
  classWeight?: ClassWeight;
  /** Weight of each training sample in the loss, shape `[samples]`. */
  sampleWeight?: ArrayLike;
  /** Epoch to start from (to resume a run); epochs counted from 0. Default 0. */
  initialEpoch?: number;
  /** Stops training after the current batch when aborted; `fit` then resolves with the history so far. */
  signal?: AbortSignal;
  /**
   * Stop at the first batch whose loss is NaN or ±Infinity, as a `keras.callbacks.TerminateOnNaN` would
   * (default true, unlike Keras: training on garbage helps no one; the message is printed unless
   * `verbose` is 0). false trains on.
   */
  terminateOnNaN?: boolean;
}

/** Options of `evaluate`. */
export interface EvaluateOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
  /** 0 silent, 1 progress bar (default), 2 one line. */
  verbose?: 0 | 1 | 2;
  /** Weight of each sample in the loss, shape `[samples]`. */
  sampleWeight?: ArrayLike;
}

/** Options of `predict`. */
export interface PredictOptions {
  /** Samples per batch (default 32). */
  batchSize?: number;
}

/** Options of `trainOnBatch` / `testOnBatch`. */
export interface BatchOptions {
  /** Weight of each sample in the loss. */
  sampleWeight?: ArrayLike;
  /** Weight of each class in the loss (`trainOnBatch` only). */
  classWeight?: ClassWeight;
}

/** Inputs, targets and per-sample weights (or null) as tensors, ready for training or evaluation. */
interface Batch {
  x: Tensor;
  y: Tensor;
  sampleWeight: Tensor | null;
}

/** What `compile` fixed: the loss, optimizer, metric identifiers and loss scale. */
interface Compiled {
  loss: losses.Loss;
  optimizer: optimizers.Optimizer;
  metricIds: MetricIdentifier[];
  lossWeight: number;
}

/** How often `fit` lets the event loop run (a browser page stays live), in milliseconds. */
const YIELD_EVERY_MS = 50;

/** Lets pending events run (timers, I/O, a browser's rendering) before training goes on. */
function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => {
    if (typeof setImmediate === "function") setImmediate(resolve);
    else setTimeout(resolve, 0);
  });
}

function now(): number {
  return typeof performance !== "undefined" ? performance.now() : Date.now();
}

/** Whether `signal` was aborted (read afresh each time: an await may have changed it). */
function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** A metric's accumulated state: its own numeric fields (counts, totals, per-threshold arrays). */
function metricState(m: metricsModule.Metric): Record<string, number | number[]> {
  const out: Record<string, number | number[]> = {};
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === "number") out[k] = v;
    else if (v instanceof Float64Array || v instanceof Float32Array) out[k] = Array.from(v);
  }
  return out;
}

/** Puts back a state from `metricState`; a field the metric lacks, or of another kind or size, is an error. */
function setMetricState(where: string, m: metricsModule.Metric, state: Record<string, number | number[]>): void {
  const fields = m as unknown as Record<string, unknown>;
  for (const [k, v] of Object.entries(state)) {
    const current = Object.hasOwn(fields, k) ? fields[k] : undefined;
    if (typeof current === "number" && typeof v === "number") fields[k] = v;
    else if ((current instanceof Float64Array || current instanceof Float32Array) && Array.isArray(v) && v.length === current.length) current.set(v);
    else throw new Error(`${where}: the checkpoint's state of metric "${m.name}" has a field "${k.slice(0, 40)}" that does not fit it`);
  }
}

function checkPositiveInt(where: string, name: string, v: number): number {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${where}: ${name} must be a positive integer, got ${String(v)}`);
  return v;
}

/**
 * Keras's `Model`: the training API shared by models (`compile`, `fit`, `evaluate`, `predict`,
 * `trainOnBatch`, the weights and saving). Subclasses give the layers (`keras.Sequential`).
 * The model's weights are the layers' nn Parameters; `module` is the whole model as an nn.Module.
 * @example
 * const model = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 3 })]);
 * model.compile({ loss: "mse", optimizer: "sgd" });
 * await model.fit(x, y, { epochs: 10, verbose: 0 });
 */
export abstract class Model implements CallbackModel {
  /** The model's name (`sequential`, `sequential_1`, ...). */
  readonly name: string;
  /** Set to true (from a callback) to stop `fit` after the current batch. */
  stopTraining = false;
  /** The History of the last `fit`, or null. */
  history: History | null = null;
  /**
   * Where the run saved by `keras.callbacks.ModelCheckpoint` stood, set by `keras.models.loadModel`
   * (null otherwise): `fit` with `initialEpoch` equal to its `epoch` continues its History.
   */
  trainingState: TrainingState | null = null;
  /** The epoch `fit` is in (order, running loss, metrics), or null outside `fit`. */
  #progress: { order: Tensor | null; lossSum: number; seen: number; metrics: metricsModule.Metric[] } | null = null;
  #compiled: Compiled | null = null;
  #metrics: metricsModule.Metric[] | null = null;

  protected constructor(name: string) {
    this.name = name;
  }

  /** The model's layers in order (without the Input layer). */
  abstract get layers(): Layer[];

  /** The sample shape of the input (no batch axis), or null until known. */
  abstract get inputShape(): number[] | null;

  /** Creates the weights for samples of `inputShape` (no batch axis), as Keras's `build`. */
  abstract build(inputShape: readonly number[]): void;

  /** Whether every layer has its weights (the input size is known). */
  get built(): boolean {
    return this.inputShape !== null && this.layers.every((l) => l.built);
  }

  /** The sample shape of the output (no batch axis); an error before the model is built. */
  get outputShape(): number[] {
    const inputShape = this.inputShape;
    if (inputShape === null) throw new Error(`${this.className}: model "${this.name}" has no input shape yet; give the first layer inputDim / inputShape or call fit / predict`);
    return this.layers.reduce<number[]>((shape, l) => l.computeOutputShape(shape), inputShape);
  }

  /** Keras's class name of the model (`"Sequential"`). */
  get className(): string {
    return this.constructor.name;
  }

  /** Whether `compile` was called. */
  get compiled(): boolean {
    return this.#compiled !== null;
  }

  /** The compiled loss, or null before `compile`. */
  get loss(): losses.Loss | null {
    return this.#compiled?.loss ?? null;
  }

  /** The compiled optimizer, or null before `compile`; `model.optimizer.learningRate` reads and sets its rate. */
  get optimizer(): optimizers.Optimizer | null {
    return this.#compiled?.optimizer ?? null;
  }

  /** The metric identifiers given to `compile`. */
  get compiledMetrics(): MetricIdentifier[] {
    return this.#compiled?.metricIds ?? [];
  }

  /** The loss scale given to `compile` (`lossWeights`). */
  get lossWeight(): number {
    return this.#compiled?.lossWeight ?? 1;
  }

  /**
   * The whole model as an nn.Module: an `nn.Sequential` whose children are the layers under their
   * Keras names, so `model.module.stateDict()` has keys `dense.weight`, `dense_1.bias`, ... and the
   * tensors are the model's own parameters.
   * @example bp.save(model.module.stateDict(), "weights.safetensors");
   */
  get module(): NnSequential {
    const named: Record<string, Layer> = {};
    for (const l of this.layers) named[l.name] = l;
    return new NnSequential(named);
  }

  /** Applies the layers in turn (no batching, no mode change): `x` `[batch, ...inputShape]`. */
  forward(x: Tensor): Tensor {
    let out = x;
    for (const l of this.layers) out = l.forward(out);
    return out;
  }

  /** The Parameters that `fit` trains (the trainable layers'). */
  trainableParameters(): Parameter[] {
    return this.layers.filter((l) => l.trainable).flatMap((l) => l.weightParameters());
  }

  /**
   * Configures training: the loss, the optimizer and the metrics. After `compile` the layers are fixed
   * (`add` throws). Strings resolve as Keras resolves them; `"acc"` / `"accuracy"` become binary,
   * categorical or sparse accuracy from the loss and the shapes, under the name written.
   * @example
   * model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
   * model.compile({ loss: new keras.losses.CategoricalCrossentropy({ fromLogits: true }),
   *                 optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }) });
   */
  compile(options: CompileOptions): void {
    const where = `${this.className}.compile`;
    if (options === null || typeof options !== "object") throw new Error(`${where}: expected an options object, e.g. { loss: "mse", optimizer: "sgd" }`);
    if (options.loss === undefined) throw new Error(`${where}: loss is required (e.g. "mean_squared_error")`);
    const loss = losses.get(options.loss);
    const optimizer = optimizers.get(options.optimizer ?? "rmsprop");
    const metricIds = options.metrics ?? [];
    if (!Array.isArray(metricIds)) throw new Error(`${where}: metrics must be an array, e.g. ["acc"]`);
    let lossWeight = 1;
    if (options.lossWeights !== undefined) {
      const w = Array.isArray(options.lossWeights) ? options.lossWeights : [options.lossWeights];
      if (w.length !== 1 || typeof w[0] !== "number" || !Number.isFinite(w[0])) {
        throw new Error(`${where}: lossWeights must be one finite number for a model with one output, got ${JSON.stringify(options.lossWeights)}`);
      }
      lossWeight = w[0];
    }
    this.#compiled = { loss, optimizer, metricIds, lossWeight };
    this.#metrics = null;
    if (this.built) optimizer.build(this.trainableParameters());
  }

  #requireCompiled(where: string): Compiled {
    if (this.#compiled === null) throw new Error(`${where}: you must compile the model before training or evaluating it: call model.compile({ loss, optimizer })`);
    return this.#compiled;
  }

  /** Builds the model from `x`'s sample shape when needed, and checks that `x` fits it. */
  #prepare(where: string, x: Tensor): void {
    if (!this.built) this.build(x.shape.slice(1));
    const expected = this.inputShape!;
    const got = x.shape.slice(1);
    if (got.join() !== expected.join()) {
      const first = this.layers[0];
      throw new Error(
        `${where}: layer "${first?.name ?? "input"}" expects samples of shape [${expected.join(", ")}]` +
          `${expected.length === 1 ? ` (inputDim ${expected[0]})` : ""}, but x has shape [${x.shape.join(", ")}]`,
      );
    }
    const c = this.#compiled;
    if (c !== null && !c.optimizer.built) c.optimizer.build(this.trainableParameters());
  }

  /** y with Keras's rank fix (`[N]` against outputs `[N, 1]` becomes `[N, 1]`) and checked against the loss. */
  #targets(where: string, loss: losses.Loss, y: Tensor): Tensor {
    const out = this.outputShape;
    let t = y;
    if (t.dim() === out.length && out[out.length - 1] === 1) t = t.unsqueeze(-1);
    try {
      loss.checkTargets(t.shape, [t.shape[0], ...out]);
    } catch (err) {
      throw new Error(`${where}: ${(err as Error).message}`);
    }
    return t;
  }

  /**
   * x, y and the sample weights as tensors, checked against each other, the model (built from x's
   * shape when needed) and the loss; `classWeight` folds into the sample weights.
   */
  #data(where: string, c: Compiled, x: ArrayLike, y: ArrayLike, sampleWeight: ArrayLike | undefined, classWeight?: ClassWeight): Batch {
    const xs = toBatchTensor(where, "x", x);
    const ys = toBatchTensor(where, "y", y, true);
    let sw = sampleWeight === undefined ? null : toBatchTensor(where, "sampleWeight", sampleWeight);
    checkSameRows(where, xs, ys, sw);
    this.#prepare(where, xs);
    const targets = this.#targets(where, c.loss, ys);
    if (classWeight !== undefined) {
      const cw = classWeightsToSampleWeights(where, targets, classWeight);
      sw = sw === null ? cw : sw.mul(cw);
    }
    return { x: xs, y: targets, sampleWeight: sw };
  }

  /** Fresh metric objects for targets of `yShape` (created once per compile, reset per epoch). */
  #metricObjects(loss: losses.Loss, yShape: readonly number[]): metricsModule.Metric[] {
    if (this.#metrics === null) {
      const context = { loss, yTrueShape: yShape, yPredShape: [yShape[0], ...this.outputShape] };
      this.#metrics = this.compiledMetrics.map((id) => metricsModule.get(id, context));
      const names = new Set<string>(["loss"]);
      for (const m of this.#metrics) {
        if (names.has(m.name)) throw new Error(`${this.className}.compile: two metrics are named "${m.name}"; give each a distinct name`);
        names.add(m.name);
      }
    }
    return this.#metrics;
  }

  /** The loss of one batch: weighted loss, times the loss weight, plus the layers' penalties. */
  #batchLoss(c: Compiled, y: Tensor, yPred: Tensor, sampleWeight: Tensor | null): Tensor {
    let total = c.loss.forward(y, yPred, sampleWeight);
    if (c.lossWeight !== 1) total = total.mul(c.lossWeight);
    for (const l of this.layers) {
      const p = l.regularizationLoss();
      if (p !== null) total = total.add(p);
    }
    return total;
  }

  /** One optimizer step on a batch; returns the batch's loss (before the update). */
  #trainStep(c: Compiled, metrics: metricsModule.Metric[], x: Tensor, y: Tensor, sampleWeight: Tensor | null): number {
    c.optimizer.zeroGrad();
    const yPred = this.forward(x);
    const loss = this.#batchLoss(c, y, yPred, sampleWeight);
    loss.backward();
    c.optimizer.step();
    if (metrics.length > 0) {
      const pred = yPred.detach();
      noGrad(() => {
        for (const m of metrics) m.updateState(y, pred, null);
      });
    }
    return loss.item();
  }

  /**
   * Trains the model for `epochs` passes over `x`, `y`, Keras's `fit`. Resolves to the History:
   * `history.history.loss`, the metrics under the names given to `compile`, and `val_` entries when
   * there is validation data. Between batches the loop yields to the event loop at least every ~50 ms.
   * @example
   * const h = await model.fit(xTrain, yTrain, { epochs: 10, verbose: 2, validationData: [xVal, yVal] });
   * h.history.val_acc; // one number per epoch
   */
  async fit(x: ArrayLike, y: ArrayLike, options: FitOptions = {}): Promise<History> {
    const where = `${this.className}.fit`;
    const c = this.#requireCompiled(where);
    const epochs = options.epochs ?? 1;
    if (!Number.isInteger(epochs) || epochs < 0) throw new Error(`${where}: epochs must be a non-negative integer, got ${String(epochs)}`);
    const batchSize = checkPositiveInt(where, "batchSize", options.batchSize ?? 32);
    const verbose = options.verbose ?? 1;
    if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new Error(`${where}: verbose must be 0, 1 or 2, got ${String(verbose)}`);
    const initialEpoch = options.initialEpoch ?? 0;
    if (!Number.isInteger(initialEpoch) || initialEpoch < 0) throw new Error(`${where}: initialEpoch must be a non-negative integer, got ${String(initialEpoch)}`);
    const split = options.validationSplit ?? 0;
    if (typeof split !== "number" || !(split >= 0 && split < 1)) throw new Error(`${where}: validationSplit must be a number in [0, 1), got ${String(split)}`);

    let { x: xs, y: ys, sampleWeight: sw } = this.#data(where, c, x, y, options.sampleWeight, options.classWeight);
    let validation: Batch | null = null;
    if (options.validationData !== undefined) {
      const vd = options.validationData;
      if (!Array.isArray(vd) || (vd.length !== 2 && vd.length !== 3)) throw new Error(`${where}: validationData must be [xVal, yVal] or [xVal, yVal, sampleWeightVal]`);
      validation = this.#data(`${where} (validationData)`, c, vd[0], vd[1], vd.length === 3 ? vd[2] : undefined);
    } else if (split > 0) {
      const n = xs.shape[0];
      const at = Math.floor(n * (1 - split));
      if (at === 0 || at === n) throw new Error(`${where}: validationSplit ${split} of ${n} samples leaves ${at === 0 ? "no training" : "no validation"} samples`);
      validation = { x: rows(xs, at, n), y: rows(ys, at, n), sampleWeight: sw === null ? null : rows(sw, at, n) };
      xs = rows(xs, 0, at);
      ys = rows(ys, 0, at);
      if (sw !== null) sw = rows(sw, 0, at);
    }

    const n = xs.shape[0];
    const steps = Math.ceil(n / batchSize);
    const metrics = this.#metricObjects(c.loss, ys.shape);
    // a model loaded from a ModelCheckpoint file resumes its History too, and a mid-epoch one its epoch
    const saved = this.trainingState;
    const resumed = saved !== null && saved.epoch === initialEpoch && (initialEpoch > 0 || saved.batch > 0) ? saved : null;
    this.trainingState = resumed; // callbacks see it at train begin (ModelCheckpoint counts batches on from it)
    const history = new History(resumed?.history);
    const userCallbacks = options.callbacks ?? [];
    if (!Array.isArray(userCallbacks)) throw new Error(`${where}: callbacks must be an array`);
    const params: FitParams = { epochs, steps, verbose };
    const terminateOnNaN = options.terminateOnNaN ?? true;
    if (typeof terminateOnNaN !== "boolean") throw new Error(`${where}: terminateOnNaN must be a boolean, got ${String(terminateOnNaN).slice(0, 40)}`);
    const nanGuard = terminateOnNaN && !userCallbacks.some((cb) => cb instanceof TerminateOnNaN)
      ? [new TerminateOnNaN(verbose === 0 ? { stream: { write: () => undefined } } : {})]
      : [];
    const callbacks = new CallbackList(
      [...userCallbacks, ...nanGuard, history, ...(verbose === 0 ? [] : [new ProgbarLogger()])],
      { model: this, params },
    );
    this.history = history;
    this.stopTraining = false;
    const signal = options.signal;
    const stopped = (): boolean => this.stopTraining || isAborted(signal);

    await callbacks.onTrainBegin({});
    this.trainingState = null;
    let lastYield = now();
    let epochLogs: Logs = {};
    try {
      for (let epoch = initialEpoch; epoch < epochs && !stopped(); epoch++) {
        await callbacks.onEpochBegin(epoch, {});
        for (const m of metrics) m.resetState();
        for (const l of this.layers) l.train(); // evaluation switches back too; a callback may not
        const partial = resumed !== null && epoch === resumed.epoch && resumed.batch > 0 ? resumed.progress ?? null : null;
        let order: Tensor | null;
        let lossSum = 0;
        let seen = 0;
        let logs: Logs = {};
        let first = 0;
        if (partial !== null) {
          // the epoch the checkpoint was taken in: its order, sums and metrics, from the next batch on
          if (partial.order !== null && partial.order.length !== n) throw new Error(`${where}: the checkpoint's epoch order has ${partial.order.length} samples, but x has ${n} training samples`);
          if (resumed!.batch > steps) throw new Error(`${where}: the checkpoint was taken after batch ${resumed!.batch}, but an epoch has ${steps} batches`);
          order = partial.order === null ? null : tensor(partial.order, { dtype: "int32" });
          ({ lossSum, seen } = partial);
          for (const m of metrics) {
            const state = Object.hasOwn(partial.metrics, m.name) ? partial.metrics[m.name] : undefined;
            if (state === undefined) throw new Error(`${where}: the checkpoint holds no state for metric "${m.name}"`);
            setMetricState(where, m, state);
          }
          first = resumed!.batch;
          if (seen > 0) logs = { loss: lossSum / seen };
          for (const m of metrics) logs[m.name] = m.result();
        } else {
          order = options.shuffle ?? true ? tensor(randperm(n), { dtype: "int32" }) : null;
        }
        this.#progress = { order, lossSum, seen, metrics };
        let aborted = false;
        for (let step = first; step < steps; step++) {
          await callbacks.onBatchBegin(step, { batch: step, size: Math.min(batchSize, n - step * batchSize) });
          const start = step * batchSize;
          const end = Math.min(start + batchSize, n);
          let xb: Tensor, yb: Tensor, swb: Tensor | null;
          if (order === null) {
            xb = rows(xs, start, end);
            yb = rows(ys, start, end);
            swb = sw === null ? null : rows(sw, start, end);
          } else {
            const idx = rows(order, start, end);
            xb = xs.indexSelect(0, idx);
            yb = ys.indexSelect(0, idx);
            swb = sw === null ? null : sw.indexSelect(0, idx);
          }
          const batchLoss = this.#trainStep(c, metrics, xb, yb, swb);
          lossSum += batchLoss * (end - start);
          seen += end - start;
          this.#progress.lossSum = lossSum;
          this.#progress.seen = seen;
          logs = { loss: lossSum / seen };
          for (const m of metrics) logs[m.name] = m.result();
          await callbacks.onBatchEnd(step, logs);
          if (isAborted(signal)) {
            aborted = true;
            break;
          }
          if (this.stopTraining) break;
          if (now() - lastYield >= YIELD_EVERY_MS) {
            await yieldToEventLoop();
            lastYield = now();
            if (isAborted(signal)) {
              aborted = true;
              break;
            }
          }
        }
        if (aborted) break;
        epochLogs = { ...logs };
        if (validation !== null) {
          const valLogs = this.#evaluateLogs(c, validation.x, validation.y, validation.sampleWeight, batchSize, null);
          for (const [k, v] of Object.entries(valLogs)) epochLogs[`val_${k}`] = v;
        }
        await callbacks.onEpochEnd(epoch, epochLogs);
      }
    } finally {
      this.#progress = null;
    }
    await callbacks.onTrainEnd(epochLogs);
    return history;
  }

  /**
   * The epoch `fit` is in: its sample order, running loss sum, samples seen and each metric's state
   * (null outside `fit`). `model.save` stores it with a mid-epoch `trainingState`, so a resumed `fit`
   * goes on from the next batch exactly.
   * @example
   * model.epochProgress()?.seen; // samples trained on so far in this epoch
   */
  epochProgress(): EpochProgress | null {
    const p = this.#progress;
    if (p === null) return null;
    const metrics: Record<string, Record<string, number | number[]>> = {};
    for (const m of p.metrics) metrics[m.name] = metricState(m);
    return { order: p.order === null ? null : Int32Array.from(p.order.data as Int32Array), lossSum: p.lossSum, seen: p.seen, metrics };
  }

  /** Runs `fn` with every layer in evaluation mode (dropout off) and no gradients, then back in training mode. */
  #inference<T>(fn: () => T): T {
    for (const l of this.layers) l.eval();
    try {
      return noGrad(fn);
    } finally {
      for (const l of this.layers) l.train();
    }
  }

  /** Loss and metrics over all of `x`, `y` in batches, without training; `bar` (when given) draws the progress. */
  #evaluateLogs(c: Compiled, x: Tensor, y: Tensor, sampleWeight: Tensor | null, batchSize: number, bar: ProgbarLogger | null): Logs {
    // the training metrics are reused, as Keras does: the epoch's training values were read already
    const evalMetrics = this.#metricObjects(c.loss, y.shape);
    for (const m of evalMetrics) m.resetState();
    const n = x.shape[0];
    let lossSum = 0;
    this.#inference(() => {
      for (let start = 0, step = 0; start < n; start += batchSize, step++) {
        const end = Math.min(start + batchSize, n);
        const yb = rows(y, start, end);
        const yPred = this.forward(rows(x, start, end));
        const weights = sampleWeight === null ? null : rows(sampleWeight, start, end);
        lossSum += this.#batchLoss(c, yb, yPred, weights).item() * (end - start);
        for (const m of evalMetrics) m.updateState(yb, yPred, null);
        if (bar !== null) {
          const partial: Logs = { loss: lossSum / end };
          for (const m of evalMetrics) partial[m.name] = m.result();
          bar.onTestBatchEnd(step, partial);
        }
      }
    });
    const logs: Logs = {};
    logs.loss = lossSum / n;
    for (const m of evalMetrics) logs[m.name] = m.result();
    return logs;
  }

  /**
   * The loss (and metrics) on `x`, `y`, Keras's `evaluate`: returns the loss, or `[loss, ...metrics]`
   * when metrics were compiled, each averaged over all samples (dropout off, no gradients).
   * @example
   * const [loss, acc] = model.evaluate(xTest, yTest, { verbose: 0 }) as number[];
   */
  evaluate(x: ArrayLike, y: ArrayLike, options: EvaluateOptions = {}): number | number[] {
    const where = `${this.className}.evaluate`;
    const c = this.#requireCompiled(where);
    const batchSize = checkPositiveInt(where, "batchSize", options.batchSize ?? 32);
    const verbose = options.verbose ?? 1;
    const { x: xs, y: ys, sampleWeight: sw } = this.#data(where, c, x, y, options.sampleWeight);
    let bar: ProgbarLogger | null = null;
    if (verbose !== 0) {
      bar = new ProgbarLogger();
      bar.setParams({ epochs: 1, steps: Math.ceil(xs.shape[0] / batchSize), verbose });
      bar.onTestBegin();
    }
    const logs = this.#evaluateLogs(c, xs, ys, sw, batchSize, bar);
    bar?.onTestEnd(logs);
    const values = Object.values(logs);
    return values.length === 1 ? values[0] : values;
  }

  /**
   * The model's outputs for `x`, in batches, with dropout off and no gradients: a Tensor
   * `[samples, ...outputShape]` (Keras's `predict`).
   * @example
   * const probabilities = model.predict(xTest); // [n, 1] for a sigmoid output
   */
  predict(x: ArrayLike, options: PredictOptions = {}): Tensor {
    const where = `${this.className}.predict`;
    const batchSize = checkPositiveInt(where, "batchSize", options.batchSize ?? 32);
    const xs = toBatchTensor(where, "x", x);
    this.#prepare(where, xs);
    const outs: Tensor[] = [];
    this.#inference(() => {
      for (let start = 0; start < xs.shape[0]; start += batchSize) outs.push(this.forward(rows(xs, start, Math.min(start + batchSize, xs.shape[0]))));
    });
    if (outs.length === 0) return this.#inference(() => this.forward(xs));
    return outs.length === 1 ? outs[0] : cat(outs, 0);
  }

  /**
   * One gradient step on one batch, Keras's `train_on_batch`: returns the batch's loss computed before
   * the update, or `[loss, ...metrics]` when metrics were compiled (metrics of this batch only).
   * @example
   * const loss = model.trainOnBatch(xBatch, yBatch) as number;
   */
  trainOnBatch(x: ArrayLike, y: ArrayLike, options: BatchOptions = {}): number | number[] {
    const where = `${this.className}.trainOnBatch`;
    const c = this.#requireCompiled(where);
    const { x: xs, y: ys, sampleWeight: sw } = this.#data(where, c, x, y, options.sampleWeight, options.classWeight);
    const metrics = this.#metricObjects(c.loss, ys.shape);
    for (const m of metrics) m.resetState();
    for (const l of this.layers) l.train();
    const loss = this.#trainStep(c, metrics, xs, ys, sw);
    return metrics.length === 0 ? loss : [loss, ...metrics.map((m) => m.result())];
  }

  /**
   * The loss (and metrics) of one batch without training, Keras's `test_on_batch`.
   * @example const loss = model.testOnBatch(xBatch, yBatch) as number;
   */
  testOnBatch(x: ArrayLike, y: ArrayLike, options: BatchOptions = {}): number | number[] {
    const n = x instanceof Tensor ? x.shape[0] : Array.isArray(x) ? x.length : 1;
    return this.evaluate(x, y, { batchSize: Math.max(1, n), verbose: 0, sampleWeight: options.sampleWeight });
  }

  /** Copies of all weights in Keras's layout and order (per layer: kernel `[in, units]`, then bias). @example const w = model.getWeights(); */
  getWeights(): Tensor[] {
    return this.layers.flatMap((l) => l.getWeights());
  }

  /**
   * Sets all weights from tensors in `getWeights()`'s layout and order; a count or shape that does not
   * fit is an error naming the layer.
   * @example model.setWeights([kernel, bias]);
   */
  setWeights(weights: readonly Tensor[]): void {
    if (!this.built) throw new Error(`${this.className}.setWeights: model "${this.name}" is not built yet; give the first layer inputDim / inputShape`);
    const total = this.layers.reduce((k, l) => k + l.weightParameters().length, 0);
    if (!Array.isArray(weights) || weights.length !== total) {
      throw new Error(`${this.className}.setWeights: model "${this.name}" has ${total} weight tensors, got ${Array.isArray(weights) ? weights.length : typeof weights}`);
    }
    let i = 0;
    for (const l of this.layers) {
      const k = l.weightParameters().length;
      l.setWeights(weights.slice(i, i + k));
      i += k;
    }
  }

  /** Number of scalars in all weights (Keras's `count_params`); the model must be built. @example model.countParams(); // 51 */
  countParams(): number {
    if (!this.built) throw new Error(`${this.className}.countParams: model "${this.name}" is not built yet; give the first layer inputDim / inputShape`);
    return this.layers.reduce((n, l) => n + l.countParams(), 0);
  }

  /** Saves architecture, compile settings, weights and optimizer state to one safetensors file (see `keras.models.loadModel`). */
  abstract save(path: string, options?: SaveOptions): void;

  /** Saves only the weights (the `module.stateDict()`) to a safetensors file, atomically. */
  abstract saveWeights(path: string): void;
}
