import { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { readSafetensorsFile, writeSafetensorsFile, type SafetensorsTensor } from "../io/safetensors.ts";
import type { Json, LayerConfig } from "./layers/layer.ts";
import type { Model } from "./model.ts";
import * as metricsModule from "./metrics/index.ts";
import * as optimizers from "./optimizers.ts";

/** The metadata key that marks a file as a backprop Keras model, and its format version. */
export const FORMAT_KEY = "backprop.keras";
/** The current format version of saved Keras models. */
export const FORMAT_VERSION = "1";

/** The architecture of a saved model: its class and config, each layer's class and config. */
export interface ModelConfig {
  className: string;
  config: { name: string; inputShape: number[] | null; layers: { className: string; config: LayerConfig }[] };
}

/** The compile settings of a saved model. */
export interface TrainingConfig {
  loss: Json;
  optimizer: Json;
  metrics: Json[];
  lossWeight: number;
}

/**
 * A name or other text from a saved file for an error message, cut to `max` characters: layer and
 * tensor names, class names and configs in a hostile file may run to megabytes.
 * @example shortText("x".repeat(100)); // "xxx...x... (100 chars)" (60 x)
 */
export function shortText(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
}

/** A shape for an error message: at most 8 dimensions shown. */
function shortShape(shape: readonly number[]): string {
  return shape.length <= 8 ? `[${shape.join(", ")}]` : `[${shape.slice(0, 8).join(", ")}, ... (${shape.length} dims)]`;
}

/** The model's weights as safetensors entries, keyed as `model.module.stateDict()` (`dense.weight`, ...). */
function weightEntries(model: Model): Record<string, SafetensorsTensor> {
  const out: Record<string, SafetensorsTensor> = {};
  for (const [name, t] of Object.entries(model.module.stateDict())) {
    out[name] = { dtype: t.dtype as SafetensorsTensor["dtype"], shape: [...t.shape], data: t.data };
  }
  return out;
}

function metricConfig(id: string | metricsModule.Metric | ((yTrue: Tensor, yPred: Tensor) => Tensor)): Json {
  if (typeof id === "string") return id;
  if (typeof id === "function") return { custom: id.name === "" ? "metric" : id.name };
  return { className: id.constructor.name, config: id.getConfig() };
}

/** The architecture of `model` as JSON-ready data. */
export function modelConfig(model: Model): ModelConfig {
  return {
    className: model.className,
    config: {
      name: model.name,
      inputShape: model.inputShape,
      layers: model.layers.map((l) => ({ className: l.className, config: l.getConfig() })),
    },
  };
}

/**
 * Saves a Keras model to one safetensors file at `path`, atomically: tensors named as
 * `model.module.stateDict()` (PyTorch's layout, readable by any safetensors tool), and in the metadata
 * the architecture (`model_config`) and compile settings (`training_config`) as JSON.
 */
export function saveModel(model: Model, path: string): void {
  const where = `${model.className}.save`;
  if (typeof path !== "string" || path === "") throw new Error(`${where}: path must be a non-empty string`);
  if (!model.built) throw new Error(`${where}: model "${model.name}" is not built yet, so it has no weights to save; give the first layer inputDim / inputShape or call fit first`);
  const metadata: Record<string, string> = { format: FORMAT_KEY, [FORMAT_KEY]: FORMAT_VERSION, model_config: JSON.stringify(modelConfig(model)) };
  const loss = model.loss;
  const optimizer = model.optimizer;
  if (loss !== null && optimizer !== null) {
    const training: TrainingConfig = {
      loss: loss.getConfig() as Json,
      optimizer: optimizers.serialize(optimizer) as unknown as Json,
      metrics: model.compiledMetrics.map(metricConfig),
      lossWeight: model.lossWeight,
    };
    metadata.training_config = JSON.stringify(training);
  }
  writeSafetensorsFile(path, weightEntries(model), metadata);
}

/** Saves only the weights of `model` (named as `model.module.stateDict()`) to a safetensors file, atomically. */
export function saveWeights(model: Model, path: string): void {
  const where = `${model.className}.saveWeights`;
  if (typeof path !== "string" || path === "") throw new Error(`${where}: path must be a non-empty string`);
  if (!model.built) throw new Error(`${where}: model "${model.name}" is not built yet, so it has no weights to save`);
  writeSafetensorsFile(path, weightEntries(model), { format: `${FORMAT_KEY}.weights` });
}

/**
 * Copies named tensors (as `saveWeights` writes them) into the model's layers. Every layer's weights
 * must be present with its shape; a mismatch is an error that names the layer and both shapes.
 */
export function assignWeights(model: Model, where: string, tensors: Record<string, SafetensorsTensor>): void {
  const used = new Set<string>();
  const copies: [Tensor, Tensor][] = [];
  for (const layer of model.layers) {
    for (const [pname, p] of Object.entries(layer.stateDict())) {
      const key = `${layer.name}.${pname}`;
      const entry = Object.hasOwn(tensors, key) ? tensors[key] : undefined;
      if (entry === undefined) throw new Error(`${where}: layer "${shortText(layer.name)}" (${layer.className}) needs weight "${shortText(key)}" of shape ${shortShape(p.shape)}, but the file has none`);
      if (entry.shape.join() !== p.shape.join()) {
        throw new Error(`${where}: layer "${shortText(layer.name)}" (${layer.className}) has weight "${shortText(key)}" of shape ${shortShape(p.shape)}, but the file holds shape ${shortShape(entry.shape)}`);
      }
      if (entry.dtype !== "float32" && entry.dtype !== "float64") throw new Error(`${where}: weight "${shortText(key)}" of layer "${shortText(layer.name)}" has dtype ${entry.dtype}, expected a float`);
      used.add(key);
      copies.push([p, new Tensor(entry.data, entry.shape)]);
    }
  }
  const extra = Object.keys(tensors).filter((k) => !used.has(k));
  if (extra.length > 0) throw new Error(`${where}: the file holds weights that no layer of model "${shortText(model.name)}" has: ${extra.slice(0, 3).map((k) => `"${shortText(k)}"`).join(", ")}${extra.length > 3 ? `, ... (${extra.length})` : ""}`);
  noGrad(() => {
    for (const [p, v] of copies) p.copy_(v);
  });
}

/**
 * Below this many weights an architecture is built before it is compared with the file (a few MB at
 * most), so that a plain mismatch gets the error naming the layer and both shapes.
 */
const CHEAP_WEIGHTS = 1 << 20;

/** A sample shape from a saved config: an array of positive safe integers (of any length), else null. */
function savedShape(value: unknown): number[] | null {
  if (!Array.isArray(value) || value.length === 0) return null;
  return value.every((d) => Number.isSafeInteger(d) && d > 0) ? (value as number[]) : null;
}

/**
 * Refuses, before any layer is built, a saved architecture whose weights the file cannot hold: the
 * sample shape is walked through the layers (Dense changes the last axis to `units`, Flatten
 * multiplies the axes, the others keep it) and the weights each Dense needs are counted; more than
 * the file's tensors hold in all (and more than 2^20, below which building is cheap and the weights'
 * comparison names both shapes) is an error naming the layer. Without it a hostile `units: 2^31`
 * or `inputShape: [2^20, 2^20]` allocated gigabytes (or hung) building the layers, long before the
 * weights were compared. Fields of the wrong type are left for the layers' own checks.
 * @example
 * checkSavedArchitecture("keras.models.loadModel: m.safetensors", [2], layers, contents.tensors);
 */
export function checkSavedArchitecture(
  where: string,
  modelInputShape: unknown,
  layers: readonly { className: string; config: Record<string, unknown> }[],
  tensors: Record<string, SafetensorsTensor>,
): void {
  let available = 0;
  for (const t of Object.values(tensors)) available += t.data.length;
  const first = layers[0]?.config;
  let shape = first === undefined ? null
    : first.inputDim !== undefined ? savedShape([first.inputDim])
      : first.inputShape !== undefined ? savedShape(first.inputShape)
        : savedShape(modelInputShape);
  let needed = 0;
  for (const { className, config } of layers) {
    if (shape === null) return;
    const name = shortText(typeof config.name === "string" ? config.name : className);
    if (className === "Dense") {
      const units = config.units;
      // a non-integer is the layer's error; an integer past 2^53 (1e308) is counted, and refused, here
      if (typeof units !== "number" || !Number.isInteger(units) || units <= 0) return;
      needed += (units as number) * (shape[shape.length - 1] + (config.useBias === false ? 0 : 1));
      shape = [...shape.slice(0, -1), units as number];
    } else if (className === "Flatten") {
      shape = [shape.reduce((a, b) => a * b, 1)];
    }
    if (!shape.every((d) => Number.isSafeInteger(d))) {
      throw new Error(`${where}: layer "${name}" (${shortText(className)}) makes samples of more than 2^53 values (a corrupt or hostile model_config)`);
    }
    if (!Number.isSafeInteger(needed) || (needed > available && needed > CHEAP_WEIGHTS)) {
      const count = Number.isSafeInteger(needed) ? `${needed}` : "more than 2^53";
      throw new Error(`${where}: layer "${name}" (${shortText(className)}) brings the weights the saved architecture needs to ${count}, ` +
        `but the file holds ${available} values in all (a corrupt or hostile model_config)`);
    }
  }
}

/** Reads a safetensors file of weights (as `saveWeights` / `save` write them) into `model`. */
export function loadWeights(model: Model, path: string): void {
  const where = `${model.className}.loadWeights`;
  if (!model.built) throw new Error(`${where}: model "${model.name}" is not built yet; give the first layer inputDim / inputShape first`);
  let contents;
  try {
    contents = readSafetensorsFile(path);
  } catch (err) {
    throw new Error(`${where}: ${(err as Error).message}`);
  }
  assignWeights(model, `${where}: ${path}`, contents.tensors);
}

