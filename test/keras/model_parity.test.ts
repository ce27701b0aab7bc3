/**
 * Whole Keras models against TensorFlow.js layers (its Keras port): the same initial weights (set
 * with `setWeights` in Keras's layout) and the same batches give the same losses, histories,
 * evaluations, predictions and parameter counts. Reference numbers: test/fixtures/keras_models.json,
 * written by test/fixtures/gen_keras_models.mts (which says where TF.js and Keras differ and which
 * one the numbers follow).
 *
 * Tolerance: losses, metrics and predictions within 1e-5 absolute (float32 arithmetic on both sides,
 * a few optimizer steps); parameter counts exactly.
 */
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";

const { keras } = bp;

/** Losses, metrics and predictions agree with TF.js within this (absolute). */
const TOL = 1e-5;

interface Enc { shape: number[]; data: number[] }
type Act = "linear" | "sigmoid" | "tanh" | "relu" | "softmax";
interface LayerSpec { units: number; activation: Act; useBias?: boolean; kernelRegularizer?: { l1?: number; l2?: number } }
interface ModelSpec { inputDim: number; layers: LayerSpec[] }
interface FitFixture {
  name: string; metric: string; model: ModelSpec; weights: Enc[]; loss: string; x: Enc; y: Enc; xVal: Enc; yVal: Enc;
  epochs: number; batchSize: number; history: Record<string, number[]>; tfjsKeys: string[]; evaluate: number[]; predict: Enc;
  /** Fit with this validationSplit (Keras takes the tail before shuffling); xVal / yVal are that tail. */
  validationSplit?: number;
}
interface Fixture {
  tfjs: string;
  batchSize: number;
  binary: { x: Enc; y: Enc; xVal: Enc; yVal: Enc };
  seedNet: ModelSpec;
  seedWeights: Enc[];
  optimizers: { optimizer: string; losses: number[]; weightsAfter: Enc[] }[];
  losses: { loss: string; model: ModelSpec; weights: Enc[]; x: Enc; y: Enc; losses: number[]; evaluate: number; note?: string }[];
  trainOnBatchMetrics: { loss: number; acc: number }[];
  fit: FitFixture[];
  classWeight: {
    classWeight: Record<number, number>; epochs: number; batchSize: number; model: ModelSpec; weights: Enc[]; loss: string;
    metric: string; x: Enc; y: Enc; xVal: Enc; yVal: Enc; history: Record<string, number[]>; unweightedLoss: number[];
    weightedMetricAcc: number;
  };
  countParams: { name: string; count: number }[];
  regularizers: { regularizer: "l1" | "l2"; factor: number; model: ModelSpec; weights: Enc[]; losses: number[]; unregularizedFirstLoss: number }[];
}

const fx = JSON.parse(readFileSync(new URL("../fixtures/keras_models.json", import.meta.url), "utf8")) as Fixture;

const tensorOf = (e: Enc): bp.Tensor => bp.tensor(Float32Array.from(e.data)).reshape(e.shape);

/** Rows [start, end) of a fixture array. */
function rowsOf(e: Enc, start: number, end: number): bp.Tensor {
  const row = e.shape.slice(1).reduce((a, b) => a * b, 1);
  return bp.tensor(Float32Array.from(e.data.slice(start * row, end * row))).reshape([end - start, ...e.shape.slice(1)]);
}

/** A Sequential of Dense layers as the fixture describes it, with the fixture's Keras-layout weights. */
function buildModel(spec: ModelSpec, weights: Enc[]): InstanceType<typeof keras.Sequential> {
  keras.backend.clearSession();
  const model = new keras.Sequential(spec.layers.map((l, i) => new keras.layers.Dense({
    units: l.units,
    activation: l.activation,
    ...(l.useBias === false ? { useBias: false } : {}),
    ...(i === 0 ? { inputDim: spec.inputDim } : {}),
    ...(l.kernelRegularizer === undefined ? {}
      : { kernelRegularizer: l.kernelRegularizer.l1 !== undefined ? keras.regularizers.l1(l.kernelRegularizer.l1) : keras.regularizers.l2(l.kernelRegularizer.l2 ?? 0) }),
  })));
  model.setWeights(weights.map(tensorOf));
  return model;
}

/** The loss (first number) of what trainOnBatch / evaluate return. */
const lossOf = (r: number | number[]): number => (Array.isArray(r) ? r[0] : r);

/** Asserts |actual - expected| <= TOL for each, naming the case and the index. */
function assertClose(actual: readonly number[], expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, TF.js has ${expected.length}`);
  expected.forEach((e, i) => {
    const a = actual[i];
    assert.ok(Math.abs(a - e) <= TOL, `${what}[${i}]: backprop ${a}, TF.js ${e} (diff ${Math.abs(a - e).toExponential(2)} > ${TOL})\n  backprop ${JSON.stringify(actual)}\n  TF.js    ${JSON.stringify(expected)}`);
  });
}

/** trainOnBatch on batches [8i, 8i + 8) for i < n; the losses it returns (before each update). */
function trainSteps(model: InstanceType<typeof keras.Sequential>, x: Enc, y: Enc, n: number, batch = 8): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(lossOf(model.trainOnBatch(rowsOf(x, i * batch, (i + 1) * batch), rowsOf(y, i * batch, (i + 1) * batch))));
  return out;
}

function optimizerFor(name: string): string | bp.keras.optimizers.Optimizer {
  switch (name) {
    case "SGD(lr 0.1, momentum 0.9, nesterov)": return new keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
    case "Adam(lr 0.01)": return new keras.optimizers.Adam({ learningRate: 0.01 });
    default: return name;
  }
}

describe(`keras models vs TF.js ${fx.tfjs}: trainOnBatch losses of 5 steps, the seed's two-layer net, per optimizer`, () => {
  for (const c of fx.optimizers) {
    it(`optimizer ${c.optimizer}`, () => {
      const model = buildModel(fx.seedNet, fx.seedWeights);
      model.compile({ loss: "binary_crossentropy", optimizer: optimizerFor(c.optimizer) });
      assertClose(trainSteps(model, fx.binary.x, fx.binary.y, 5), c.losses, `${c.optimizer} losses`);
      const after = model.getWeights();
      assert.equal(after.length, c.weightsAfter.length, `${c.optimizer}: getWeights() gives ${after.length} tensors, TF.js ${c.weightsAfter.length}`);
      after.forEach((w, i) => {
        assert.deepEqual([...w.shape], c.weightsAfter[i].shape, `${c.optimizer}: weight ${i} shape`);
        // weights after 5 steps: looser than the losses (an optimizer's epsilon acts on tiny gradients)
        const d = Array.from(w.data as ArrayLike<number>).reduce((m, v, j) => Math.max(m, Math.abs(v - c.weightsAfter[i].data[j])), 0);
        assert.ok(d <= 1e-4, `${c.optimizer}: weight ${i} after 5 steps differs from TF.js by ${d.toExponential(2)} (> 1e-4)`);
      });
    });
  }
});

describe("keras models vs TF.js: each loss string, sgd, 5 trainOnBatch steps", () => {
  for (const c of fx.losses) {
    it(`loss ${c.loss}${c.note ? ` (${c.note})` : ""}`, () => {
      const model = buildModel(c.model, c.weights);
      model.compile({ loss: c.loss, optimizer: "sgd" });
      assertClose(trainSteps(model, c.x, c.y, 5), c.losses, `${c.loss} losses`);
      const ev = model.evaluate(tensorOf(c.x), tensorOf(c.y), { batchSize: 8, verbose: 0 });
      assert.equal(typeof ev, "number", `${c.loss}: evaluate without metrics returns the loss alone, got ${JSON.stringify(ev)}`);
      assertClose([ev as number], [c.evaluate], `${c.loss} evaluate after the steps (44 rows, batches of 8 and 4)`);
    });
  }
});

describe("keras models vs TF.js: trainOnBatch with a metric", () => {
  it("returns [loss, acc] of the batch, before the update", () => {
    const model = buildModel(fx.seedNet, fx.seedWeights);
    model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
    fx.trainOnBatchMetrics.forEach((e, i) => {
      const r = model.trainOnBatch(rowsOf(fx.binary.x, 8 * i, 8 * i + 8), rowsOf(fx.binary.y, 8 * i, 8 * i + 8));
      assert.ok(Array.isArray(r) && r.length === 2, `step ${i}: trainOnBatch with metrics ["acc"] returns [loss, acc], got ${JSON.stringify(r)}`);
      assertClose(r, [e.loss, e.acc], `step ${i} [loss, acc]`);
    });
  });
});

describe("keras models vs TF.js: fit (shuffle false, batchSize 8, validationData), then evaluate and predict", () => {
  for (const c of fx.fit) {
    it(`fit ${c.name} (${c.loss}): History under Keras's keys (${c.metric}), evaluate, predict`, async () => {
      const model = buildModel(c.model, c.weights);
      model.compile({ loss: c.loss, optimizer: "sgd", metrics: [c.metric] });
      const validation = c.validationSplit !== undefined ? { validationSplit: c.validationSplit }
        : { validationData: [tensorOf(c.xVal), tensorOf(c.yVal)] as [bp.Tensor, bp.Tensor] };
      const h = await model.fit(tensorOf(c.x), tensorOf(c.y), { epochs: c.epochs, batchSize: c.batchSize, shuffle: false, verbose: 0, ...validation });
      assert.deepEqual(Object.keys(h.history).sort(), Object.keys(c.history).sort(),
        `History keys: Keras keeps the metric's name as written ("${c.metric}"); TF.js's own keys were ${JSON.stringify(c.tfjsKeys)}`);
      for (const [k, v] of Object.entries(c.history)) assertClose(h.history[k], v, `history.${k}`);
      assert.deepEqual(h.epoch, Array.from({ length: c.epochs }, (_, i) => i), "History.epoch");

      const ev = model.evaluate(tensorOf(c.xVal), tensorOf(c.yVal), { batchSize: 8, verbose: 0 });
      assert.ok(Array.isArray(ev), `evaluate with metrics compiled returns [loss, ${c.metric}], got ${JSON.stringify(ev)}`);
      assertClose(ev, c.evaluate, "evaluate");
      const p = model.predict(tensorOf(c.xVal), { batchSize: 8 });
      assert.deepEqual([...p.shape], c.predict.shape, "predict shape");
      assertClose(Array.from(p.data as ArrayLike<number>), c.predict.data, "predict");
    });
  }
});

describe("keras models vs TF.js: classWeight", () => {
  const c = fx.classWeight;
  it(`classWeight ${JSON.stringify(c.classWeight)}: one epoch's loss`, async () => {
    const model = buildModel(c.model, c.weights);
    model.compile({ loss: c.loss, optimizer: "sgd", metrics: [c.metric] });
    const h = await model.fit(tensorOf(c.x), tensorOf(c.y), {
      epochs: c.epochs, batchSize: c.batchSize, shuffle: false, verbose: 0, classWeight: c.classWeight,
      validationData: [tensorOf(c.xVal), tensorOf(c.yVal)],
    });
    assert.ok(Math.abs(c.history.loss[0] - c.unweightedLoss[0]) > 0.1, "fixture: the weights change the loss");
    // compile's metrics are not weighted by the class weights, in TF.js and in Keras 2 alike
    // (only weighted_metrics would be: tensorflow#42922, keras#15373)
    for (const k of ["loss", "acc", "val_loss", "val_acc"]) assertClose(h.history[k], c.history[k], `classWeight history.${k}`);
  });
});

describe("keras models vs TF.js: countParams", () => {
  const build: Record<string, () => InstanceType<typeof keras.Sequential>> = {
    "Dense(1, inputDim 5)": () => new keras.Sequential([new keras.layers.Dense({ units: 1, inputDim: 5 })]),
    "Dense(10, inputDim 3, sigmoid) + Dense(1)": () => new keras.Sequential([
      new keras.layers.Dense({ units: 10, inputDim: 3, activation: "sigmoid" }), new keras.layers.Dense({ units: 1, activation: "sigmoid" })]),
    "Dense(10, inputDim 3)": () => new keras.Sequential([new keras.layers.Dense({ units: 10, inputDim: 3 })]),
    "Dense(64, inputShape [784], relu) + Dropout(0.2) + Dense(10, softmax)": () => new keras.Sequential([
      new keras.layers.Dense({ units: 64, inputShape: [784], activation: "relu" }), new keras.layers.Dropout(0.2),
      new keras.layers.Dense({ units: 10, activation: "softmax" })]),
    "Flatten(inputShape [28, 28]) + Dense(10)": () => new keras.Sequential([
      new keras.layers.Flatten({ inputShape: [28, 28] }), new keras.layers.Dense({ units: 10 })]),
    "Dense(4, useBias false, inputDim 3)": () => new keras.Sequential([new keras.layers.Dense({ units: 4, inputDim: 3, useBias: false })]),
  };
  for (const c of fx.countParams) {
    it(`countParams ${c.name} = ${c.count}`, () => {
      const make = build[c.name];
      assert.ok(make !== undefined, `no builder for fixture case ${c.name}`);
      keras.backend.clearSession();
      const model = make();
      assert.equal(model.countParams(), c.count, `${c.name}: countParams`);
      const table = model.summary({ print: false });
      const total = new RegExp(`Total params: (${c.count}|${c.count.toLocaleString("en-US")})\\b`);
      assert.match(table, total, `${c.name}: summary's total\n${table}`);
    });
  }
  it("Dense(10, inputDim 3) has 40 parameters (the issue's example)", () => {
    assert.equal(fx.countParams.find((c) => c.name === "Dense(10, inputDim 3)")?.count, 40);
  });
});

describe("keras models vs TF.js: regularizers add their penalty to the reported loss", () => {
  for (const c of fx.regularizers) {
    it(`kernelRegularizer ${c.regularizer}(${c.factor}) on the first Dense: 3 sgd steps`, () => {
      const spec: ModelSpec = {
        inputDim: c.model.inputDim,
        layers: c.model.layers.map((l, i) => (i === 0 ? { ...l, kernelRegularizer: { [c.regularizer]: c.factor } } : l)),
      };
      const model = buildModel(spec, c.weights);
      model.compile({ loss: "binary_crossentropy", optimizer: "sgd" });
      assert.ok(c.losses[0] - c.unregularizedFirstLoss > 0.01, "fixture: the penalty shows in the loss");
      assertClose(trainSteps(model, fx.binary.x, fx.binary.y, 3), c.losses, `${c.regularizer} losses`);
    });
  }
});
