import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as bp from "../../src/index.ts";

const { keras } = bp;

function tmp(): string {
  return mkdtempSync(join(tmpdir(), "bp-keras-save-"));
}

function trainedModel(seed = 3): bp.keras.Sequential {
  bp.manualSeed(seed);
  const model = new keras.Sequential([
    new keras.layers.Dense({ units: 8, inputDim: 4, activation: "tanh", kernelRegularizer: keras.regularizers.l2(0.01) }),
    new keras.layers.Dropout(0.1),
    new keras.layers.Dense({ units: 3, activation: "softmax", useBias: false }),
  ]);
  model.compile({ loss: "categorical_crossentropy", optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), metrics: ["acc"] });
  return model;
}

test("save / loadModel round trip: same architecture, weights, compile settings and predictions", async () => {
  const model = trainedModel();
  const x = bp.randn(20, 4);
  const y = bp.nn.functional.oneHot(bp.randint(0, 3, [20]), 3).to("float32");
  await model.fit(x, y, { epochs: 2, batchSize: 5, verbose: 0 });
  const path = join(tmp(), "model.safetensors");
  model.save(path);
  const loaded = keras.models.loadModel(path);
  assert.deepEqual(loaded.layers.map((l) => [l.name, l.className]), model.layers.map((l) => [l.name, l.className]));
  assert.deepEqual(Array.from(loaded.predict(x).data), Array.from(model.predict(x).data));
  assert.equal(loaded.compiled, true);
  assert.equal(loaded.loss!.name, "categorical_crossentropy");
  assert.equal(loaded.optimizer!.className, "Adam");
  assert.ok(Math.abs(loaded.optimizer!.learningRate - 0.01) < 1e-12);
  const [l1, a1] = model.evaluate(x, y, { verbose: 0 }) as number[];
  const [l2, a2] = loaded.evaluate(x, y, { verbose: 0 }) as number[];
  assert.equal(l2, l1, "the regularizer came back too (it is part of the loss)");
  assert.equal(a2, a1);
  // the file is a plain safetensors file with the module's state-dict names (and, as Keras saves the
  // optimizer with the model, the optimizer's tensors under optimizer/<index>/<key>)
  const tensors = bp.load(path);
  const [d0, , d1] = model.layers.map((l) => l.name);
  assert.deepEqual(Object.keys(tensors).filter((k) => !k.startsWith("optimizer/")).sort(), [`${d0}.bias`, `${d0}.weight`, `${d1}.weight`].sort());
  assert.deepEqual(readdirSync(join(path, "..")), ["model.safetensors"], "no temporary file left behind");
});

test("saveWeights / loadWeights move weights between two models of the same architecture", () => {
  const a = trainedModel();
  const b = trainedModel(4);
  const x = bp.randn(3, 4);
  assert.notDeepEqual(Array.from(a.predict(x).data), Array.from(b.predict(x).data));
  const path = join(tmp(), "w.safetensors");
  a.saveWeights(path);
  assert.throws(() => b.loadWeights(path), /the file has none|holds weights that no layer/, "names differ between the two models");
  const c = new keras.Sequential(a.layers.map((l) => l), { name: "copy" });
  c.loadWeights(path);
  assert.deepEqual(Array.from(c.predict(x).data), Array.from(a.predict(x).data));
});

test("loadModel refuses files that are not backprop Keras models, naming what is wrong", () => {
  const dir = tmp();
  const plain = join(dir, "plain.safetensors");
  bp.save({ w: bp.ones(2) }, plain);
  assert.throws(() => keras.models.loadModel(plain), /not a backprop Keras model/);
  const junk = join(dir, "junk.safetensors");
  writeFileSync(junk, "hello");
  assert.throws(() => keras.models.loadModel(junk), /keras.models.loadModel: safetensors/);
  assert.throws(() => keras.models.loadModel(join(dir, "missing.safetensors")), /file does not exist/);
});

test("loadModel names the layer whose weights do not fit the architecture", () => {
  keras.backend.clearSession();
  const model = new keras.Sequential([new keras.layers.Dense({ units: 2, inputDim: 3 }), new keras.layers.Dense({ units: 1 })]);
  const path = join(tmp(), "m.safetensors");
  model.save(path);
  const { tensors, metadata } = bp.io.readSafetensorsFile(path);
  const config = JSON.parse(metadata.model_config) as { config: { layers: { config: { units: number } }[] } };
  config.config.layers[1].config.units = 4; // the architecture now says 4 units, the weights hold 1
  const bad = join(tmp(), "bad.safetensors");
  bp.io.writeSafetensorsFile(bad, tensors, { ...metadata, model_config: JSON.stringify(config) });
  assert.throws(() => keras.models.loadModel(bad), /layer "dense_1" \(Dense\) has weight "dense_1.weight" of shape \[4, 2\], but the file holds shape \[1, 2\]/);
  const missing = join(tmp(), "missing.safetensors");
  const { "dense_1.bias": _dropped, ...rest } = tensors;
  bp.io.writeSafetensorsFile(missing, rest, metadata);
  assert.throws(() => keras.models.loadModel(missing), /layer "dense_1" \(Dense\) needs weight "dense_1.bias"/);
});

test("a custom loss or metric must be passed back through customObjects", async () => {
  function myLoss(yTrue: bp.Tensor, yPred: bp.Tensor): bp.Tensor {
    return yPred.sub(yTrue).abs().mean(-1);
  }
  const model = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 2 })]);
  model.compile({ loss: myLoss, optimizer: "sgd" });
  const path = join(tmp(), "custom.safetensors");
  model.save(path);
  assert.throws(() => keras.models.loadModel(path), /customObjects: \{ myLoss \}/);
  const loaded = keras.models.loadModel(path, { customObjects: { myLoss } });
  const x = bp.randn(4, 2);
  const y = bp.randn(4, 1);
  assert.equal(loaded.evaluate(x, y, { verbose: 0 }), model.evaluate(x, y, { verbose: 0 }));
  assert.equal(keras.models.loadModel(path, { compile: false }).compiled, false);
});
