import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseSafetensors, serializeSafetensors } from "../../src/io/safetensors.ts";
import * as keras from "../../src/keras/index.ts";
import { withTempDir } from "../helpers/idx.ts";
import { assertCleanFailure, assertReader, FUZZ_RUNS } from "./_fuzz.ts";
import { kerasSeed, kerasTarget } from "./_targets.ts";

const PREFIX = ["keras.models.loadModel: "];

test("fuzz: loadModel on mutated saved models and edited configs returns a working model or a short error naming it", () => {
  assertReader(kerasTarget, Math.max(1, Math.round(FUZZ_RUNS / 2)));
});

/** The seed model with the field at `path` of its metadata JSON set to `value` (undefined drops it). */
function edited(key: "model_config" | "training_config", path: (string | number)[], value: unknown): Uint8Array {
  const { tensors, metadata } = parseSafetensors(kerasSeed());
  const config = JSON.parse(metadata[key]) as Record<string | number, unknown>;
  let node = config;
  for (const p of path.slice(0, -1)) node = node[p] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
  return serializeSafetensors(tensors, { ...metadata, [key]: JSON.stringify(config) });
}

function load(bytes: Uint8Array): () => unknown {
  return () =>
    withTempDir("backprop-fuzz-keras-", (dir) => {
      const path = join(dir, "model.safetensors");
      writeFileSync(path, bytes);
      keras.models.loadModel(path);
    });
}

test("fuzz: a saved architecture claiming 2^40 weights fails before any layer is built", () => {
  const bytes = edited("model_config", ["config", "layers", 0, "config", "units"], 2 ** 40);
  assertCleanFailure(load(bytes), PREFIX, /layer "dense(_\d+)?" \(Dense\) brings the weights the saved architecture needs to 3298534883328, but the file holds \d+ values/);
});

test("fuzz regression: units 2^31 no longer allocates 8 GB (or hangs) before the weights are compared", () => {
  assertCleanFailure(load(edited("model_config", ["config", "layers", 3, "config", "units"], 2 ** 31)), PREFIX, /needs to 8589934601, but the file holds \d+/);
});

test("fuzz regression: units 1e308 is an error naming loadModel, not a RangeError 'Invalid typed array length'", () => {
  assertCleanFailure(load(edited("model_config", ["config", "layers", 0, "config", "units"], 1e308)), PREFIX, /layer "dense(_\d+)?" \(Dense\) makes samples of more than 2\^53 values/);
});

test("fuzz regression: inputDim 2^20 x 2^20 through Flatten is refused before it is built", () => {
  const flat = parseSafetensors(edited("model_config", ["config", "layers", 0, "config", "inputDim"], undefined));
  const bytes = serializeSafetensors(flat.tensors, {
    ...flat.metadata,
    model_config: flat.metadata.model_config.replace('"units":3', '"units":3,"inputShape":[1048576,1048576,2]'),
  });
  assertCleanFailure(load(bytes), PREFIX, /layer "dense(_\d+)?" \(Dense\) brings the weights .* to 6597069766667, but the file holds \d+/);
});

test("fuzz regression: a bad learningRate or lossWeight in training_config is an error naming loadModel", () => {
  assertCleanFailure(load(edited("training_config", ["optimizer", "config", "learningRate"], null)), PREFIX, /cannot compile with the saved training_config: keras.optimizers.deserialize: Adam option "learningRate"/);
  assertCleanFailure(load(edited("training_config", ["optimizer", "config", "learningRate"], -1)), PREFIX, /cannot compile with the saved training_config: Adam: learningRate must be a finite number >= 0, got -1/);
  assertCleanFailure(load(edited("training_config", ["lossWeight"], "3")), PREFIX, /cannot compile with the saved training_config: Sequential.compile: lossWeights/);
  assertCleanFailure(load(edited("training_config", ["metrics"], 5)), PREFIX, /training_config.metrics is not a list/);
});

test("fuzz regression: long layer names, tensor names and 300-dimension shapes give errors under 500 characters", () => {
  // a 600-character layer name was quoted twice (layer and weight name)
  assertCleanFailure(load(edited("model_config", ["config", "layers", 0, "config", "name"], "x".repeat(600))), PREFIX,
    /layer "x{60}\.\.\. \(600 chars\)" \(Dense\) needs weight "x{60}\.\.\. \(607 chars\)" of shape \[3, 2\], but the file has none/);
  // a weight stored as [1 x 300, 3] was shown whole (1057 characters)
  const { tensors, metadata } = parseSafetensors(kerasSeed());
  const bias = tensors["dense.bias"] ?? Object.entries(tensors).find(([k]) => k.endsWith(".bias"))![1];
  const name = Object.keys(tensors).find((k) => tensors[k] === bias)!;
  tensors[name] = { ...bias, shape: [...Array<number>(300).fill(1), bias.data.length] };
  assertCleanFailure(load(serializeSafetensors(tensors, metadata)), PREFIX, /but the file holds shape \[1, 1, 1, 1, 1, 1, 1, 1, \.\.\. \(301 dims\)\]/);
});

test("fuzz regression: an inputShape of 300 sevens through Flatten is refused, not a RangeError from Float32Array", () => {
  const { tensors, metadata } = parseSafetensors(kerasSeed());
  const config = metadata.model_config.replaceAll('"inputShape":[2]', `"inputShape":[${Array<number>(300).fill(7).join(",")}]`);
  const bytes = serializeSafetensors(tensors, { ...metadata, model_config: config });
  assertCleanFailure(load(bytes), PREFIX, /layer "flatten(_\d+)?" \(Flatten\) makes samples of more than 2\^53 values/);
});
