import type { Tensor } from "../tensor/tensor.ts";
import { readSafetensorsFile } from "../io/safetensors.ts";
import { Layer, type LayerConfig } from "./layers/layer.ts";
import { Dense, type DenseOptions } from "./layers/dense.ts";
import { Activation } from "./layers/activation.ts";
import { Dropout } from "./layers/dropout.ts";
import { Flatten } from "./layers/flatten.ts";
import { Input } from "./layers/input.ts";
import { Sequential } from "./sequential.ts";
import type { MetricIdentifier } from "./model.ts";
import * as losses from "./losses.ts";
import * as metricsModule from "./metrics/index.ts";
import * as optimizers from "./optimizers.ts";
import * as initializers from "./initializers.ts";
import * as regularizers from "./regularizers.ts";
import { FORMAT_KEY, assignWeights, checkSavedArchitecture, readExtras, restoreRng, type ModelConfig, type TrainingConfig } from "./saving.ts";
import { shortText } from "../tensor/format.ts";

export { Sequential };

/** A user's own function, registered by name for `loadModel` (a custom loss, metric or activation). */
export type CustomObject = (...args: Tensor[]) => Tensor;

/** Options of `loadModel`. */
export interface LoadModelOptions {
  /** Compile the model with the saved loss, optimizer and metrics (default true). */
  compile?: boolean;
  /** Functions the model was built or compiled with, by name (Keras's `custom_objects`). */
  customObjects?: Record<string, CustomObject>;
  /**
   * Set the global random generator (`bp.manualSeed`'s) to the state saved with the model, so that a
   * resumed `fit` shuffles and drops out as the uninterrupted run would (default true; not in Keras).
   */
  restoreRngState?: boolean;
}

type Obj = { [key: string]: unknown };

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function parseJson(where: string, key: string, text: string | undefined): unknown {
  if (text === undefined) throw new Error(`${where}: the file has no "${key}" entry in its metadata`);
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new Error(`${where}: "${key}" in the metadata is not valid JSON (${shortText((err as Error).message, 120)})`);
  }
}

/** Rebuilds one layer from its saved class name and config. */
function layerFromConfig(where: string, className: string, config: LayerConfig, custom: Record<string, CustomObject>): Layer {
  const name = shortText(typeof config.name === "string" ? config.name : className);
  const cls = shortText(className);
  const activation = (v: unknown): string | ((x: Tensor) => Tensor) => {
    if (typeof v !== "string") throw new Error(`${where}: layer "${name}" (${cls}) has an activation that is not a name`);
    if (Object.hasOwn(custom, v)) return custom[v] as (x: Tensor) => Tensor;
    return v;
  };
  try {
    switch (className) {
      case "Dense": {
        const c = config as Obj;
        return new Dense({
          ...(c as unknown as DenseOptions),
          activation: activation(c.activation) as DenseOptions["activation"],
          kernelInitializer: initializers.deserialize(c.kernelInitializer as never),
          biasInitializer: initializers.deserialize(c.biasInitializer as never),
          kernelRegularizer: c.kernelRegularizer == null ? null : regularizers.deserialize(c.kernelRegularizer as never),
          biasRegularizer: c.biasRegularizer == null ? null : regularizers.deserialize(c.biasRegularizer as never),
        });
      }
      case "Activation":
        return new Activation({ ...(config as Obj), activation: activation(config.activation) } as never);
      case "Dropout":
        return new Dropout(config as never);
      case "Flatten":
        return new Flatten(config as never);
      default:
        throw new Error(`unknown layer class "${cls}" (known: Dense, Activation, Dropout, Flatten)`);
    }
  } catch (err) {
    throw new Error(`${where}: cannot rebuild layer "${name}" (${cls}): ${shortText((err as Error).message, 200)}`);
  }
}

/** The compiled loss, optimizer and metrics from a saved training config. */
function compileFromConfig(where: string, model: Sequential, training: TrainingConfig, custom: Record<string, CustomObject>): void {
  if (!isObj(training)) throw new Error(`${where}: training_config is not an object`);
  const lossConfig = training.loss;
  let loss: losses.Loss | losses.LossFunction;
  const lossName = isObj(lossConfig) && typeof lossConfig.name === "string" ? lossConfig.name : String(lossConfig);
  const shownLoss = shortText(lossName);
  if (Object.hasOwn(custom, lossName)) loss = custom[lossName] as losses.LossFunction;
  else {
    try {
      loss = losses.deserialize(lossConfig as never);
    } catch (err) {
      throw new Error(`${where}: cannot rebuild the loss "${shownLoss}" (${shortText((err as Error).message, 120)}); if it is your own function, pass it: loadModel(path, { customObjects: { ${shownLoss} } })`);
    }
  }
  const optimizer = optimizers.deserialize(training.optimizer as never);
  if (!Array.isArray(training.metrics)) throw new Error(`${where}: training_config.metrics is not a list`);
  const metrics: MetricIdentifier[] = training.metrics.map((m) => {
    if (typeof m === "string") return m;
    if (isObj(m) && typeof m.custom === "string") {
      if (!Object.hasOwn(custom, m.custom)) throw new Error(`${where}: the model was compiled with the custom metric "${shortText(m.custom)}"; pass it: loadModel(path, { customObjects: { ${shortText(m.custom)} } })`);
      return custom[m.custom] as (yTrue: Tensor, yPred: Tensor) => Tensor;
    }
    if (isObj(m) && typeof m.className === "string") return metricsModule.deserialize(m as never);
    throw new Error(`${where}: unreadable metric entry ${(JSON.stringify(m) ?? String(m)).slice(0, 80)}`);
  });
  model.compile({ loss, optimizer, metrics, lossWeights: training.lossWeight });
}

/**
 * Loads a model written by `model.save(path)`, Keras's `keras.models.load_model`: rebuilds the layers
 * from the saved architecture, loads the weights, and compiles it with the saved loss, optimizer and
 * metrics, so it predicts exactly as the saved model did. The optimizer gets its saved state back
 * (moments, momentum buffers, iterations), the global random generator its saved state (unless
 * `restoreRngState: false`), and a file from `keras.callbacks.ModelCheckpoint` sets
 * `model.trainingState` (epoch, batch, History), so `fit(..., {initialEpoch})` continues the run bit
 * for bit. A file that is not a backprop Keras model, truncated, or whose weights do not fit the
 * architecture, is an error naming what is wrong.
 * @example
 * model.save("runs/model.safetensors");
 * const same = keras.models.loadModel("runs/model.safetensors");
 * same.predict(x); // the same numbers as model.predict(x)
 */
export function loadModel(path: string, options: LoadModelOptions = {}): Sequential {
  const where = `keras.models.loadModel: ${path}`;
  let contents;
  try {
    contents = readSafetensorsFile(path);
  } catch (err) {
    throw new Error(`keras.models.loadModel: ${(err as Error).message}`);
  }
  const meta = contents.metadata;
  if (meta.format !== FORMAT_KEY) {
    throw new Error(`${where}: not a backprop Keras model (its metadata has no format "${FORMAT_KEY}"; model.save writes one; a file of weights only loads with model.loadWeights)`);
  }
  const architecture = parseJson(where, "model_config", meta.model_config) as ModelConfig;
  if (!isObj(architecture) || architecture.className !== "Sequential" || !isObj(architecture.config) || !Array.isArray(architecture.config.layers)) {
    throw new Error(`${where}: model_config does not describe a Sequential model`);
  }
  const custom = options.customObjects ?? {};
  const cfg = architecture.config;
  checkSavedArchitecture(where, cfg.inputShape, cfg.layers.filter((e) => isObj(e) && typeof e.className === "string" && isObj(e.config)), contents.tensors);
  const layers = cfg.layers.map((entry, i) => {
    if (!isObj(entry) || typeof entry.className !== "string" || !isObj(entry.config)) throw new Error(`${where}: layer ${i} of model_config is malformed`);
    return layerFromConfig(where, entry.className, entry.config, custom);
  });
  const model = new Sequential([], { name: typeof cfg.name === "string" ? cfg.name : undefined });
  if (Array.isArray(cfg.inputShape) && layers.length > 0 && layers[0].declaredInputShape === null) {
    model.add(new Input({ shape: cfg.inputShape as number[] }));
  }
  for (const l of layers) model.add(l);
  if (!model.built) throw new Error(`${where}: the saved model has no input shape, so its weights cannot be placed`);
  const extras = readExtras(where, meta, contents.tensors);
  assignWeights(model, where, contents.tensors, extras.extraTensors);
  if ((options.compile ?? true) && meta.training_config !== undefined) {
    const training = parseJson(where, "training_config", meta.training_config) as TrainingConfig;
    try {
      compileFromConfig(where, model, training, custom);
    } catch (err) {
      const message = (err as Error).message;
      throw new Error(message.startsWith(where) ? message : `${where}: cannot compile with the saved training_config: ${message.slice(0, 200)}`);
    }
    if (extras.optimizer !== null) {
      try {
        model.optimizer!.loadStateDict(extras.optimizer);
      } catch (err) {
        throw new Error(`${where}: optimizer_state: ${(err as Error).message.slice(0, 200)}`);
      }
    }
  }
  model.trainingState = extras.training;
  // last: rebuilding the layers drew initial weights from the generator
  if ((options.restoreRngState ?? true) && extras.rng !== null) restoreRng(where, extras.rng);
  return model;
}
