import { Tensor } from "../tensor/tensor.ts";
import { shortText } from "../tensor/format.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { readSafetensorsFile, writeSafetensorsFile, type SafetensorsTensor } from "../io/safetensors.ts";
import { getRngState, setRngState, type RngState } from "../tensor/random.ts";
import type { OptimizerStateDict, ParamState } from "../optim/optimizer.ts";
import type { Json, LayerConfig } from "./layers/layer.ts";
import type { Model } from "./model.ts";
import type { EpochProgress, HistoryRecord, SaveOptions, TrainingState } from "./types.ts";
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

/*
 * Besides the architecture and compile settings, `model.save` stores (as Keras saves the optimizer with
 * the model) what a resumed `fit` needs to continue bit for bit:
 *   tensors  optimizer/<param index>/<key>   the optimizer's tensor state (moments, momentum buffers)
 *   metadata optimizer_state   JSON {iterations, paramGroups, numberState, tensors: [the names above]}
 *   metadata rng_state         JSON of the global generator's state (shuffling and dropout draw from it)
 *   metadata training_state    JSON {epoch, batch, history, progress?} (ModelCheckpoint only; progress:
 *                              the epoch in progress when saved mid-epoch: loss sum, samples, metrics)
 *   tensor   fit/order         that epoch's shuffled sample order (int32), when it has one
 * The weights keep their state-dict names, so `model.loadWeights` and safetensors tools still read them.
 */

/** A shape for an error message: at most 8 dimensions shown. */
function shortShape(shape: readonly number[]): string {
  return shape.length <= 8 ? `[${shape.join(", ")}]` : `[${shape.slice(0, 8).join(", ")}, ... (${shape.length} dims)]`;
}

/** The model's weights as safetensors entries, keyed as `model.module.stateDict()` (`dense.weight`, ...). */
function weightEntries(model: Model): Record<string, SafetensorsTensor> {
  const out: Record<string, SafetensorsTensor> = Object.create(null) as Record<string, SafetensorsTensor>;
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
export function saveModel(model: Model, path: string, options: SaveOptions = {}): void {
  const where = `${model.className}.save`;
  if (typeof path !== "string" || path === "") throw new Error(`${where}: path must be a non-empty string`);
  if (!model.built) throw new Error(`${where}: model "${model.name}" is not built yet, so it has no weights to save; give the first layer inputDim / inputShape or call fit first`);
  if (options === null || typeof options !== "object") throw new Error(`${where}: options must be an object, got ${String(options).slice(0, 40)}`);
  const includeOptimizer = options.includeOptimizer ?? true;
  if (typeof includeOptimizer !== "boolean") throw new Error(`${where}: includeOptimizer must be a boolean, got ${String(includeOptimizer).slice(0, 40)}`);
  const metadata: Record<string, string> = { format: FORMAT_KEY, [FORMAT_KEY]: FORMAT_VERSION, model_config: JSON.stringify(modelConfig(model)) };
  const tensors = weightEntries(model);
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
    if (includeOptimizer && optimizer.built) metadata.optimizer_state = JSON.stringify(optimizerEntries(optimizer.stateDict(), tensors));
  }
  metadata.rng_state = JSON.stringify(getRngState());
  const state = options.trainingState ?? null;
  if (state !== null) {
    const checked = checkTrainingState(where, state);
    // mid-epoch: the epoch in progress comes from fit, so that a resumed fit goes on from the next batch
    const progress = checked.batch > 0 ? (checked.progress ?? model.epochProgress() ?? undefined) : undefined;
    if (progress !== undefined && progress.order !== null) tensors[ORDER_TENSOR] = { dtype: "int32", shape: [progress.order.length], data: progress.order };
    const json = { ...checked, progress: progress === undefined ? undefined : { ...progress, order: undefined, shuffled: progress.order !== null } };
    metadata.training_state = JSON.stringify(json);
  }
  writeSafetensorsFile(path, tensors, metadata);
}

/** The name of the tensor that holds a mid-epoch checkpoint's sample order. */
const ORDER_TENSOR = "fit/order";

/** The optimizer state as JSON, its tensors added to `tensors` as `optimizer/<index>/<key>`. */
function optimizerEntries(saved: { iterations: number; optimizer: OptimizerStateDict }, tensors: Record<string, SafetensorsTensor>): Json {
  const numberState: Record<string, Record<string, number>> = {};
  const names: string[] = [];
  for (const [index, s] of Object.entries(saved.optimizer.state)) {
    for (const [k, v] of Object.entries(s)) {
      if (v instanceof Tensor) {
        const name = `optimizer/${index}/${k}`;
        tensors[name] = { dtype: v.dtype as SafetensorsTensor["dtype"], shape: [...v.shape], data: v.contiguous().data };
        names.push(name);
      } else (numberState[index] ??= {})[k] = v;
    }
  }
  return { iterations: saved.iterations, paramGroups: saved.optimizer.paramGroups as unknown as Json, numberState, tensors: names };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

function isCount(v: unknown): v is number {
  return typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
}

/** `state` checked (a clear error naming what is wrong), as plain data. */
export function checkTrainingState(where: string, state: unknown): TrainingState {
  const bad = (what: string): never => {
    throw new Error(`${where}: training state: ${what}`);
  };
  if (!isRecord(state)) bad("must be an object {epoch, batch, history}");
  const s = state as Record<string, unknown>;
  if (!isCount(s.epoch)) bad(`epoch must be a non-negative integer, got ${String(s.epoch).slice(0, 40)}`);
  if (!isCount(s.batch)) bad(`batch must be a non-negative integer, got ${String(s.batch).slice(0, 40)}`);
  const h = s.history;
  if (!isRecord(h) || !Array.isArray(h.epoch) || !h.epoch.every(isCount) || !isRecord(h.history)) bad("history must be {epoch: integers, history: {key: numbers}}");
  const record = h as unknown as HistoryRecord;
  const history: Record<string, number[]> = Object.create(null) as Record<string, number[]>;
  for (const [k, v] of Object.entries(record.history)) {
    // JSON writes NaN and Infinity as null
    if (!Array.isArray(v) || !v.every((x) => x === null || typeof x === "number")) bad(`history "${k.slice(0, 40)}" must be a list of numbers`);
    history[k] = v.map((x: number | null) => (x === null ? NaN : x));
  }
  const out: TrainingState = { epoch: s.epoch as number, batch: s.batch as number, history: { epoch: [...record.epoch], history: { ...history } } };
  if (s.progress !== undefined) out.progress = checkProgress(bad, s.progress);
  return out;
}

/** An epoch's progress checked; the order is filled in from the file by the reader (null here from JSON). */
function checkProgress(bad: (what: string) => never, p: unknown): EpochProgress {
  if (!isRecord(p)) bad("progress must be an object {lossSum, seen, metrics}");
  const r = p as Record<string, unknown>;
  if (typeof r.lossSum !== "number" && r.lossSum !== null) bad("progress.lossSum must be a number");
  if (!isCount(r.seen)) bad("progress.seen must be a non-negative integer");
  if (!isRecord(r.metrics)) bad("progress.metrics must be an object");
  const metrics: Record<string, Record<string, number | number[]>> = Object.create(null) as Record<string, Record<string, number | number[]>>;
  for (const [name, state] of Object.entries(r.metrics as Record<string, unknown>)) {
    if (!isRecord(state)) bad(`progress.metrics "${name.slice(0, 40)}" must be an object`);
    const fields: Record<string, number | number[]> = {};
    for (const [k, v] of Object.entries(state as Record<string, unknown>)) {
      // JSON writes NaN as null
      if (v === null) fields[k] = NaN;
      else if (typeof v === "number" || (Array.isArray(v) && v.every((x) => typeof x === "number" || x === null))) fields[k] = Array.isArray(v) ? v.map((x: number | null) => x ?? NaN) : (v as number);
      else bad(`progress.metrics "${name.slice(0, 40)}".${k.slice(0, 40)} must be a number or a list of numbers`);
    }
    metrics[name] = fields;
  }
  const order = r.order instanceof Int32Array ? r.order : null;
  return { order, lossSum: r.lossSum === null ? NaN : (r.lossSum as number), seen: r.seen as number, metrics: { ...metrics } };
}

/** What `model.save` stored besides weights and configs: the optimizer state, RNG state, training state. */
export interface SavedExtras {
  optimizer: { iterations: number; optimizer: OptimizerStateDict } | null;
  rng: RngState | null;
  training: TrainingState | null;
  /** The names of the tensors in the file that are not weights (the optimizer's, the epoch's order). */
  extraTensors: Set<string>;
}

function parseMeta(where: string, key: string, text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`${where}: "${key}" in the metadata is not valid JSON (${(err as Error).message.slice(0, 80)})`);
  }
}

/** Reads and checks the optimizer, RNG and training state of a saved model (each null when absent). */
export function readExtras(where: string, metadata: Record<string, string>, tensors: Record<string, SafetensorsTensor>): SavedExtras {
  const extras: SavedExtras = { optimizer: null, rng: null, training: null, extraTensors: new Set() };
  const bad = (what: string): never => {
    throw new Error(`${where}: optimizer_state: ${what}`);
  };
  if (metadata.optimizer_state !== undefined) {
    const o = parseMeta(where, "optimizer_state", metadata.optimizer_state);
    if (!isRecord(o) || !isCount(o.iterations) || !Array.isArray(o.paramGroups) || !isRecord(o.numberState) || !Array.isArray(o.tensors)) {
      bad("must be {iterations, paramGroups, numberState, tensors}");
    }
    const rec = o as Record<string, unknown>;
    const state: Record<number, ParamState> = {};
    for (const name of rec.tensors as unknown[]) {
      const m = typeof name === "string" ? /^optimizer\/(\d+)\/([A-Za-z0-9_]+)$/.exec(name) : null;
      if (m === null) bad(`tensor name ${JSON.stringify(name).slice(0, 60)} is not optimizer/<index>/<key>`);
      const entry = Object.hasOwn(tensors, name as string) ? tensors[name as string] : undefined;
      if (entry === undefined) bad(`the file has no tensor "${name as string}"`);
      (state[Number(m![1])] ??= {})[m![2]] = new Tensor(entry!.data, entry!.shape);
      extras.extraTensors.add(name as string);
    }
    for (const [index, s] of Object.entries(rec.numberState as Record<string, unknown>)) {
      if (!/^\d+$/.test(index) || !isRecord(s)) bad(`numberState entry "${index.slice(0, 20)}" is malformed`);
      for (const [k, v] of Object.entries(s as Record<string, unknown>)) {
        if (typeof v !== "number") bad(`numberState ${index}.${k.slice(0, 20)} is not a number`);
        (state[Number(index)] ??= {})[k] = v as number;
      }
    }
    extras.optimizer = { iterations: rec.iterations as number, optimizer: { state, paramGroups: rec.paramGroups as OptimizerStateDict["paramGroups"] } };
  }
  if (metadata.rng_state !== undefined) extras.rng = parseMeta(where, "rng_state", metadata.rng_state) as RngState;
  if (metadata.training_state !== undefined) {
    const raw = parseMeta(where, "training_state", metadata.training_state);
    extras.training = checkTrainingState(where, raw);
    const progress = extras.training.progress;
    if (progress !== undefined && isRecord(raw) && isRecord(raw.progress) && raw.progress.shuffled === true) {
      const entry = Object.hasOwn(tensors, ORDER_TENSOR) ? tensors[ORDER_TENSOR] : undefined;
      if (entry === undefined || entry.dtype !== "int32" || entry.shape.length !== 1) throw new Error(`${where}: training state: the epoch's sample order (a 1-D int32 tensor "${ORDER_TENSOR}") is missing`);
      const order = entry.data as Int32Array;
      if (!order.every((i) => i >= 0 && i < order.length)) throw new Error(`${where}: training state: the epoch's sample order holds an index out of [0, ${order.length})`);
      progress.order = order;
      extras.extraTensors.add(ORDER_TENSOR);
    }
  }
  return extras;
}

/** Restores the global generator from a saved state; a malformed one is an error naming `where`. */
export function restoreRng(where: string, rng: RngState): void {
  try {
    setRngState(rng);
  } catch (err) {
    throw new Error(`${where}: rng_state: ${(err as Error).message}`);
  }
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
export function assignWeights(model: Model, where: string, tensors: Record<string, SafetensorsTensor>, skip: ReadonlySet<string> = new Set()): void {
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
  const extra = Object.keys(tensors).filter((k) => !used.has(k) && !skip.has(k));
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
  // a file from model.save also holds the optimizer's tensors: those are not weights
  const skip = readExtras(`${where}: ${path}`, contents.metadata, contents.tensors).extraTensors;
  assignWeights(model, `${where}: ${path}`, contents.tensors, skip);
}

