import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

const { keras } = bp;

test("the seed's model: names, shapes inferred from the layer before, Keras's parameter counts", () => {
  keras.backend.clearSession();
  const model = new keras.models.Sequential();
  assert.ok(model instanceof keras.Sequential, "keras.models.Sequential is keras.Sequential");
  model.add(new keras.layers.Dense({ units: 10, inputDim: 3, activation: "sigmoid" }));
  model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
  assert.equal(model.name, "sequential");
  assert.deepEqual(model.layers.map((l) => l.name), ["dense", "dense_1"]);
  assert.deepEqual(model.inputShape, [3]);
  assert.deepEqual(model.outputShape, [1]);
  assert.equal(model.layers[0].countParams(), 40);
  assert.equal(model.countParams(), 51);
  assert.deepEqual(model.getWeights().map((w) => w.shape), [[3, 10], [10], [10, 1], [1]]);
  const again = new keras.Sequential();
  assert.equal(again.name, "sequential_1");
});

test("the constructor takes a layer array; an Input layer gives the input size and is not listed", () => {
  keras.backend.clearSession();
  const model = new keras.Sequential([
    new keras.layers.Input({ shape: [28, 28] }),
    new keras.layers.Flatten(),
    new keras.layers.Dense({ units: 64, activation: "relu" }),
    new keras.layers.Dropout(0.2),
    new keras.layers.Dense({ units: 10, activation: "softmax" }),
  ]);
  assert.deepEqual(model.layers.map((l) => l.className), ["Flatten", "Dense", "Dropout", "Dense"]);
  assert.deepEqual(model.outputShape, [10]);
  assert.equal(model.countParams(), 784 * 64 + 64 + 64 * 10 + 10);
  assert.deepEqual(model.predict(bp.rand(5, 28, 28)).shape, [5, 10]);
});

test("a model without an input size is built on the first predict", () => {
  const model = new keras.Sequential([new keras.layers.Dense({ units: 4 }), new keras.layers.Dense({ units: 2 })]);
  assert.equal(model.built, false);
  assert.throws(() => model.countParams(), /not built yet/);
  assert.throws(() => model.summary({ print: false }), /has not yet been built/);
  assert.deepEqual(model.predict([[1, 2, 3], [4, 5, 6]]).shape, [2, 2]);
  assert.equal(model.built, true);
  assert.equal(model.countParams(), 3 * 4 + 4 + 4 * 2 + 2);
});

test("after compile the structure is fixed: add and pop say the model is compiled", () => {
  const model = new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 2 })]);
  model.compile({ loss: "mse", optimizer: "sgd" });
  assert.throws(() => model.add(new keras.layers.Dense({ units: 1 })), /Sequential.add: model "sequential\w*" is already compiled/);
  assert.throws(() => model.pop(), /already compiled/);
});

test("add and pop before compile; bad layers and duplicate names are clear errors", () => {
  const model = new keras.Sequential();
  model.add(new keras.layers.Dense({ units: 3, inputDim: 2, name: "hidden" }));
  model.add(new keras.layers.Dense({ units: 1 }));
  model.pop();
  assert.equal(model.layers.length, 1);
  assert.throws(() => model.add(new keras.layers.Dense({ units: 2, name: "hidden" })), /unique names; "hidden"/);
  assert.throws(() => model.add({} as never), /Sequential.add: expected a keras layer/);
  assert.throws(() => model.add(new keras.layers.Dense({ units: 2, inputDim: 5 })), /declares input shape \(None, 5\) but the layer before outputs \(None, 3\)/);
  assert.throws(() => new keras.layers.Dense({ units: 0 }), /keras.layers.Dense: units must be a positive integer, got 0/);
  assert.throws(() => new keras.layers.Dropout(1), /keras.layers.Dropout: rate must be a number in \[0, 1\), got 1/);
  assert.throws(() => new keras.layers.Dense({ units: 2, inputDim: 3, inputShape: [3] }), /inputDim or inputShape, not both/);
});

test("Keras's defaults: glorot-uniform kernel, zero bias, linear activation", () => {
  bp.manualSeed(1);
  const d = new keras.layers.Dense({ units: 200, inputDim: 300 });
  const [kernel, bias] = d.getWeights();
  const limit = Math.sqrt(6 / (300 + 200));
  const k = Array.from(kernel.data);
  assert.ok(k.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...k) > 0.95 * limit && Math.min(...k) < -0.95 * limit);
  assert.ok(Array.from(bias.data).every((v) => v === 0));
  assert.equal(d.activation.name, "linear");
  const x = bp.randn(4, 300);
  assert.deepEqual(Array.from(d.forward(x).data), Array.from(x.matmul(kernel).data));
});

test("getWeights / setWeights use Keras's layout (kernel [in, units]) and copy", () => {
  const model = new keras.Sequential([new keras.layers.Dense({ units: 2, inputDim: 3 })]);
  const kernel = bp.tensor([[1, 2], [3, 4], [5, 6]]);
  const bias = bp.tensor([0.5, -0.5]);
  model.setWeights([kernel, bias]);
  const out = model.predict([[1, 1, 1]]);
  assert.deepEqual(Array.from(out.data), [9.5, 11.5]);
  const [k2, b2] = model.getWeights();
  assert.deepEqual(k2.toArray(), [[1, 2], [3, 4], [5, 6]]);
  assert.deepEqual(Array.from(b2.data), [0.5, -0.5]);
  k2.data[0] = 100; // a copy: the model is unchanged
  assert.deepEqual(Array.from(model.predict([[1, 1, 1]]).data), [9.5, 11.5]);
  const dense = model.layers[0] as bp.keras.layers.Dense;
  assert.deepEqual(dense.weight!.shape, [2, 3], "the nn Parameter keeps PyTorch's layout");
  assert.throws(() => model.setWeights([kernel]), /model "sequential\w*" has 2 weight tensors, got 1/);
  assert.throws(() => model.setWeights([kernel.t(), bias]), /weight 0 of layer "dense\w*" has shape \[2, 3\], got \[3, 2\]/);
});

test("the weights are nn Parameters: model.module is an nn.Module keyed by layer names", () => {
  keras.backend.clearSession();
  const model = new keras.Sequential([
    new keras.layers.Dense({ units: 4, inputDim: 3, activation: "relu" }),
    new keras.layers.Dense({ units: 2 }),
  ]);
  const module = model.module;
  assert.ok(module instanceof bp.nn.Module);
  assert.deepEqual(Object.keys(module.stateDict()), ["dense.weight", "dense.bias", "dense_1.weight", "dense_1.bias"]);
  const x = bp.randn(5, 3);
  assert.deepEqual(Array.from(module.forward(x).data), Array.from(model.predict(x).data));
  // the same tensors: an nn optimizer on module.parameters() trains the Keras model
  const opt = new bp.optim.SGD(module.parameters(), { lr: 0.1 });
  const before = model.getWeights()[0].clone();
  module.forward(x).pow(2).mean().backward();
  opt.step();
  assert.notDeepEqual(Array.from(model.getWeights()[0].data), Array.from(before.data));
  // and it loads into plain nn.Linear layers
  const linear = new bp.nn.Sequential({ dense: new bp.nn.Linear(3, 4), dense_1: new bp.nn.Linear(4, 2) });
  linear.loadStateDict(module.stateDict());
  const [first, second] = [...linear];
  assert.deepEqual(Array.from(second.forward(first.forward(x).relu()).data), Array.from(model.predict(x).data));
});

test("a fusable activation runs as one fused graph node; others after the linear op", () => {
  const x = bp.randn(4, 3, { requiresGrad: true });
  for (const activation of ["relu", "sigmoid", "tanh"] as const) {
    const d = new keras.layers.Dense({ units: 2, inputDim: 3, activation });
    const y = d.forward(x);
    const plain = bp.nn.functional.linear(x, d.weight!, d.bias)[activation]();
    assert.deepEqual(Array.from(y.data), Array.from(plain.data));
    assert.match(String(y.gradFn?.name ?? ""), /[Ll]inear/, `${activation}: one fused node`);
  }
  const d = new keras.layers.Dense({ units: 3, inputDim: 3, activation: "softmax" });
  const y = d.forward(x);
  const rowSums = y.sum(1).toArray() as number[];
  for (const s of rowSums) assert.ok(Math.abs(s - 1) < 1e-6);
});

test("summary() prints Keras's table and returns it", () => {
  keras.backend.clearSession();
  const model = new keras.Sequential();
  model.add(new keras.layers.Dense({ units: 10, inputDim: 3, activation: "sigmoid" }));
  model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
  const printed: string[] = [];
  const text = model.summary({ printFn: (line) => printed.push(line) });
  assert.equal(printed.join("\n"), text);
  const expected = [
    'Model: "sequential"',
    "_________________________________________________________________",
    "Layer (type)                 Output Shape              Param #   ",
    "=================================================================",
    "dense (Dense)                (None, 10)                40        ",
    "_________________________________________________________________",
    "dense_1 (Dense)              (None, 1)                 11        ",
    "=================================================================",
    "Total params: 51",
    "Trainable params: 51",
    "Non-trainable params: 0",
    "_________________________________________________________________",
  ].join("\n");
  assert.equal(text, expected);
});

test("summary() counts frozen layers as non-trainable and writes thousands with commas", () => {
  keras.backend.clearSession();
  const model = new keras.Sequential([
    new keras.layers.Flatten({ inputShape: [28, 28] }),
    new keras.layers.Dense({ units: 128, activation: "relu", trainable: false }),
    new keras.layers.Dense({ units: 10 }),
  ]);
  const text = model.summary({ print: false });
  assert.match(text, /^flatten \(Flatten\) {12}\(None, 784\) {15}0 {9}$/m);
  assert.match(text, /^Total params: 101,770$/m);
  assert.match(text, /^Trainable params: 1,290$/m);
  assert.match(text, /^Non-trainable params: 100,480$/m);
});
