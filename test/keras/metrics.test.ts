import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/keras/metrics/index.ts";
import * as losses from "../../src/keras/losses.ts";

/*
 * keras.metrics against TF.js's tf.metrics (test/fixtures/keras_losses.json, from gen_keras_losses.mts)
 * over several batches, weighted and not, and AUC against Keras's formula and scikit-learn
 * (test/fixtures/keras_auc.json, from gen_keras_auc.py).
 */

interface Arr {
  shape: number[];
  data: number[];
}
interface MetricCase {
  name: string;
  metric: string;
  options: Record<string, number>;
  batches: { yTrue: Arr; yPred: Arr; weight: number[] | null }[];
  after: number[];
}
interface AUCCase {
  name: string;
  yTrue: number[];
  yPred: number[];
  weight: number[] | null;
  numThresholds: number;
  curve: "ROC" | "PR";
  summationMethod: "interpolation" | "minoring" | "majoring";
  cuts: number[];
  keras: number;
  sklearn?: number;
}
const read = <T>(file: string): T => JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), "utf8")) as T;
const fixture = read<{ metrics: MetricCase[] }>("keras_losses.json");
const aucFixture = read<{ cases: AUCCase[] }>("keras_auc.json");

const MAKE: Record<string, (o: Record<string, number>) => metrics.Metric> = {
  binaryAccuracy: () => new metrics.BinaryAccuracy(),
  categoricalAccuracy: () => new metrics.CategoricalAccuracy(),
  sparseCategoricalAccuracy: () => new metrics.SparseCategoricalAccuracy(),
  meanSquaredError: () => new metrics.MeanSquaredError(),
  meanAbsoluteError: () => new metrics.MeanAbsoluteError(),
  precision: (o) => new metrics.Precision({ thresholds: o.thresholds }),
  recall: (o) => new metrics.Recall({ thresholds: o.thresholds }),
};
const t32 = (a: Arr): bp.Tensor => bp.tensor(a.data, { dtype: "float32" }).reshape(a.shape);
const close = (actual: number, expected: number, tol: number, what: string): void =>
  assert.ok(Math.abs(actual - expected) <= tol, `${what}: ${actual}, expected ${expected}`);

for (const c of fixture.metrics) {
  test(`TF.js parity: ${c.name} accumulated over ${c.batches.length} batches, then reset`, () => {
    const m = MAKE[c.metric](c.options);
    assert.equal(m.result(), 0, "0 before any update");
    c.batches.forEach((b, i) => {
      m.updateState(t32(b.yTrue), t32(b.yPred), b.weight === null ? null : bp.tensor(b.weight));
      close(m.result(), c.after[i], 1e-6, `${c.name} after batch ${i + 1}`);
    });
    m.resetState();
    assert.equal(m.result(), 0, "0 after resetState");
    const b = c.batches[0];
    m.updateState(t32(b.yTrue), t32(b.yPred), b.weight === null ? null : bp.tensor(b.weight));
    close(m.result(), c.after[0], 1e-6, `${c.name} first batch after reset`);
  });
}

test("every metric has a weighted and an unweighted TF.js case", () => {
  for (const metric of Object.keys(MAKE)) {
    assert.ok(fixture.metrics.some((c) => c.metric === metric && c.batches[0].weight === null), `${metric} unweighted`);
    assert.ok(fixture.metrics.some((c) => c.metric === metric && c.batches[0].weight !== null), `${metric} weighted`);
  }
});

for (const c of aucFixture.cases) {
  test(`AUC ${c.name}: Keras's formula within 1e-6${c.sklearn === undefined ? "" : ", scikit-learn's roc_auc_score within 1e-2"}`, () => {
    const m = new metrics.AUC({ numThresholds: c.numThresholds, curve: c.curve, summationMethod: c.summationMethod });
    let start = 0;
    for (const end of c.cuts) {
      const w = c.weight === null ? null : bp.tensor(c.weight.slice(start, end));
      m.updateState(bp.tensor(c.yTrue.slice(start, end)), bp.tensor(c.yPred.slice(start, end)), w);
      start = end;
    }
    close(m.result(), c.keras, 1e-6, c.name);
    if (c.sklearn !== undefined) close(m.result(), c.sklearn, 1e-2, `${c.name} vs sklearn`);
    m.resetState();
    assert.equal(m.result(), 0);
  });
}

test("AUC: worked by hand, columns [N, 1], predictions outside [0, 1] refused, config", () => {
  const m = new metrics.AUC();
  m.updateState(bp.tensor([[0], [0], [1], [1]]), bp.tensor([[0], [0.5], [0.3], [0.9]]));
  close(m.result(), 0.75, 1e-9, "3 of 4 pairs ordered");
  assert.throws(() => m.updateState(bp.tensor([1]), bp.tensor([1.5])), /keras\.metrics\.AUC: predictions must lie in \[0, 1\]/);
  assert.equal(m.name, "auc");
  assert.deepEqual(new metrics.AUC({ curve: "PR", numThresholds: 10 }).getConfig(), {
    className: "AUC", name: "auc", numThresholds: 10, curve: "PR", summationMethod: "interpolation",
  });
  assert.throws(() => new metrics.AUC({ numThresholds: 1 }), /numThresholds must be an integer > 1/);
});

test("binary accuracy: a prediction equal to the threshold is 0; threshold option; [N] labels against [N, 1]", () => {
  const acc = new metrics.BinaryAccuracy();
  acc.updateState(bp.tensor([0, 0, 0, 1]), bp.tensor([[0.5], [0.5], [0.2], [0.51]]));
  assert.equal(acc.result(), 1);
  const strict = new metrics.BinaryAccuracy({ threshold: 0.8 });
  strict.updateState(bp.tensor([[1], [1]]), bp.tensor([[0.7], [0.9]]));
  assert.equal(strict.result(), 0.5);
  assert.deepEqual(strict.getConfig(), { className: "BinaryAccuracy", name: "binary_accuracy", threshold: 0.8 });
});

test("categorical accuracy takes the first maximum on ties, as argmax does in Keras", () => {
  const acc = new metrics.CategoricalAccuracy();
  acc.updateState(bp.tensor([[1, 0, 0], [0, 1, 0]]), bp.tensor([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]]));
  assert.equal(acc.result(), 0.5);
  const sparse = new metrics.SparseCategoricalAccuracy();
  sparse.updateState(bp.tensor([0, 1], { dtype: "int32" }), bp.tensor([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2]]));
  assert.equal(sparse.result(), 0.5);
});

test("Mean: weighted running mean, add(value, weight), reset", () => {
  const m = new metrics.Mean();
  m.add(0.5, 32);
  m.add(0.2, 8);
  close(m.result(), (0.5 * 32 + 0.2 * 8) / 40, 1e-15, "add");
  m.resetState();
  assert.equal(m.result(), 0);
  m.updateState(bp.tensor([1, 2, 3]), bp.tensor([1, 0, 1]));
  assert.equal(m.result(), 2);
  m.updateState(bp.tensor([[10, 20]]), bp.tensor(0.5));
  assert.equal(m.result(), (1 + 3 + 5 + 10) / 3);
  assert.equal(m.name, "mean");
  assert.throws(() => m.updateState(bp.tensor([1, 2, 3]), bp.tensor([1, 2])), /keras\.metrics\.Mean: sampleWeight of shape \[2\] does not fit values of shape \[3\]/);
});

test("metrics record no graph: updating from an output that requires grad leaves it alone", () => {
  const w = bp.tensor([[0.3], [0.8]]).requiresGrad_();
  const yPred = w.mul(1);
  const m = new metrics.MeanSquaredError();
  m.updateState(bp.tensor([[0], [1]]), yPred);
  close(m.result(), (0.09 + 0.04) / 2, 1e-7, "mse");
  assert.equal(w.grad, null);
});

const binaryContext = { loss: "binary_crossentropy", yTrueShape: [8, 1], yPredShape: [8, 1] };
test("get: 'acc' and 'accuracy' keep the name written and pick the accuracy Keras picks", () => {
  const pick = (id: string, loss: string, t: number[], p: number[]): metrics.Metric => metrics.get(id, { loss, yTrueShape: t, yPredShape: p });
  const yTrue = bp.tensor([[0, 1, 0], [1, 0, 0]]);
  const yPred = bp.tensor([[0.2, 0.7, 0.1], [0.3, 0.6, 0.1]]);
  // categorical: one-hot targets, 3 outputs, categorical_crossentropy
  const cat = pick("accuracy", "categorical_crossentropy", [2, 3], [2, 3]);
  assert.equal(cat.name, "accuracy");
  cat.updateState(yTrue, yPred);
  assert.equal(cat.result(), 0.5);
  // sparse: class indices [N] or [N, 1]
  for (const t of [[2], [2, 1]]) {
    const sparse = pick("acc", "sparse_categorical_crossentropy", t, [2, 3]);
    assert.equal(sparse.name, "acc");
    sparse.updateState(bp.tensor([1, 0]).reshape(t), yPred);
    assert.equal(sparse.result(), 0.5);
  }
  // binary: one output column, or binary_crossentropy whatever the width
  for (const [loss, p] of [["mse", [4, 1]], ["binary_crossentropy", [4, 3]], ["BinaryCrossentropy", [4, 2]]] as [string, number[]][]) {
    const bin = pick("acc", loss, p, p);
    bin.updateState(bp.tensor([[1], [0], [1], [0]]).expand(p), bp.tensor([[0.9], [0.8], [0.4], [0.1]]).expand(p));
    assert.equal(bin.result(), 0.5, `${loss} ${p.join("x")}`);
  }
  const withLossObject = metrics.get("acc", { loss: new losses.BinaryCrossentropy(), yTrueShape: [4, 3], yPredShape: [4, 3] });
  withLossObject.updateState(bp.tensor([[1, 0, 0]]), bp.tensor([[0.9, 0.8, 0.1]]));
  close(withLossObject.result(), 2 / 3, 1e-7, "binary accuracy over 3 columns");
});

test("get: names History will use for strings, classes, functions and Metric objects", () => {
  const names: [string, string][] = [
    ["mae", "mae"], ["mse", "mse"], ["mean_absolute_error", "mean_absolute_error"], ["mean_squared_error", "mean_squared_error"],
    ["AUC", "auc"], ["Precision", "precision"], ["Recall", "recall"], ["auc", "auc"], ["binary_accuracy", "binary_accuracy"],
    ["BinaryAccuracy", "binary_accuracy"], ["crossentropy", "crossentropy"], ["MeanSquaredError", "mean_squared_error"],
  ];
  for (const [id, name] of names) assert.equal(metrics.get(id, binaryContext).name, name, id);
  assert.ok(metrics.get("AUC", binaryContext) instanceof metrics.AUC);
  assert.notEqual(metrics.get("mae", binaryContext), metrics.get("mae", binaryContext), "fresh each time");
  function myMetric(t: bp.Tensor, p: bp.Tensor): bp.Tensor {
    return p.sub(t).abs().amax(-1);
  }
  const custom = metrics.get(myMetric, binaryContext);
  assert.equal(custom.name, "myMetric");
  custom.updateState(bp.tensor([[0, 0], [1, 1]]), bp.tensor([[0.5, 0.1], [1, 0.75]]));
  assert.equal(custom.result(), 0.375);
  const asMetric = metrics.get(new losses.MeanAbsoluteError(), binaryContext);
  assert.equal(asMetric.name, "mean_absolute_error");
  asMetric.updateState(bp.tensor([[0], [1]]), bp.tensor([[1], [1]]));
  assert.equal(asMetric.result(), 0.5);
  const own = new metrics.Precision({ name: "p50" });
  assert.equal(metrics.get(own, binaryContext), own);
  assert.throws(() => metrics.get("acurracy", binaryContext), /keras\.metrics\.get: unknown metric "acurracy"; known metrics: acc, accuracy/);
  const ce = metrics.get("ce", { loss: "categorical_crossentropy", yTrueShape: [1, 2], yPredShape: [1, 2] });
  ce.updateState(bp.tensor([[0, 1]]), bp.tensor([[0.2, 0.8]]));
  close(ce.result(), -Math.log(0.8), 1e-6, "categorical crossentropy");
});

test("mae / mse metrics line up [N] targets with [N, 1] outputs and weight per sample", () => {
  const m = metrics.get("mae", binaryContext);
  m.updateState(bp.tensor([1, 2]), bp.tensor([[1], [4]]), bp.tensor([1, 3]));
  close(m.result(), (0 + 2 * 3) / 4, 1e-12, "weighted mae");
  assert.deepEqual(metrics.mse(bp.tensor([1, 2]), bp.tensor([1, 4])).shape, [2]);
});

test("deserialize rebuilds every built-in metric from getConfig", () => {
  const all: metrics.Metric[] = [
    new metrics.BinaryAccuracy({ threshold: 0.3 }), new metrics.CategoricalAccuracy(), new metrics.SparseCategoricalAccuracy({ name: "sa" }),
    new metrics.MeanSquaredError(), new metrics.MeanAbsoluteError(), new metrics.Precision({ thresholds: 0.7 }), new metrics.Recall(),
    new metrics.AUC({ curve: "PR", numThresholds: 20, summationMethod: "majoring" }), new metrics.Mean({ name: "loss" }),
  ];
  for (const m of all) {
    const back = metrics.deserialize(JSON.parse(JSON.stringify(m.getConfig())) as metrics.MetricConfig);
    assert.equal(back.constructor, m.constructor);
    assert.deepEqual(back.getConfig(), m.getConfig());
  }
  assert.throws(() => metrics.deserialize(metrics.get((t: bp.Tensor) => t, binaryContext).getConfig()), /cannot rebuild metric class "MeanMetricWrapper"/);
});
