import { test } from "node:test";
import assert from "node:assert/strict";
import {
  ACTIVATIONS, ACTIVATION_LABELS, DEFAULT_STATE, FEATURE_IDS, LEARNING_RATES, OPTIMIZER_LABELS, REGULARIZATION_LABELS, REGULARIZATION_RATES, PRESETS, PROPERTIES, normalizeState, presetState, stateFromQuery, stateToQuery,
  updateState, type PlaygroundState,
} from "../../playground/src/state.ts";

/** A state where every field differs from DEFAULT_STATE. */
const OTHER: PlaygroundState = {
  dataset: "spiral", noise: 0.35, trainRatio: 0.7, batchSize: 25, seed: 12345, features: ["x2", "x1x2", "sinX1"],
  hidden: [8, 1, 3, 5, 2, 7], activation: "leakyRelu", learningRate: 0.003, regularization: "l1", regularizationRate: 0.03,
  optimizer: "adam", problem: "classification",
};

test("DEFAULT_STATE is TF Playground's: circle, 4+2 tanh, lr 0.03, batch 10, half for training", () => {
  assert.equal(DEFAULT_STATE.dataset, "circle");
  assert.deepEqual(DEFAULT_STATE.hidden, [4, 2]);
  assert.equal(DEFAULT_STATE.activation, "tanh");
  assert.equal(DEFAULT_STATE.learningRate, 0.03);
  assert.equal(DEFAULT_STATE.batchSize, 10);
  assert.equal(DEFAULT_STATE.trainRatio, 0.5);
  assert.deepEqual(DEFAULT_STATE.features, ["x1", "x2"]);
});

test("stateToQuery lists every property once, in a stable order", () => {
  const q = stateToQuery(DEFAULT_STATE);
  assert.equal(q, "?dataset=circle&noise=0&trainRatio=0.5&batchSize=10&seed=1&features=x1,x2&hidden=4,2&activation=tanh"
    + "&learningRate=0.03&regularization=none&regularizationRate=0&optimizer=sgd&problem=classification");
  assert.deepEqual([...new URLSearchParams(q).keys()], PROPERTIES.map((p) => p.key));
  assert.equal(stateToQuery({ ...OTHER }), stateToQuery(structuredClone(OTHER)));
});

test("every field round-trips through the URL", () => {
  assert.deepEqual(Object.keys(OTHER).sort(), Object.keys(DEFAULT_STATE).sort());
  for (const key of Object.keys(OTHER) as (keyof PlaygroundState)[]) {
    if (key === "dataset" || key === "problem") continue; // tied together: checked below
    assert.notDeepEqual(OTHER[key], DEFAULT_STATE[key], key);
    const one = { ...DEFAULT_STATE, [key]: OTHER[key] } as PlaygroundState;
    assert.deepEqual(stateFromQuery(stateToQuery(one)), one, key);
  }
  assert.deepEqual(stateFromQuery(stateToQuery(OTHER)), OTHER);
  const regression = { ...OTHER, dataset: "multiGaussian", problem: "regression" } as PlaygroundState;
  assert.deepEqual(stateFromQuery(stateToQuery(regression)), regression);
  assert.deepEqual(stateFromQuery(`https://host/playground/${stateToQuery(OTHER)}#x`), OTHER);
});

test("every preset round-trips and has its seed's setting", () => {
  assert.deepEqual(PRESETS.map((p) => p.id), ["deep-sigmoid", "deep-relu", "xor-hidden", "linear-collapse"]);
  for (const p of PRESETS) {
    const s = presetState(p.id);
    assert.deepEqual(stateFromQuery(stateToQuery(s)), s, p.id);
    for (const [k, v] of Object.entries(p.state)) assert.deepEqual(s[k as keyof PlaygroundState], v, `${p.id}.${k}`);
    assert.match(p.label, /^[A-Z][A-Za-z ]+$/);
  }
  const sigmoid = presetState("deep-sigmoid");
  const relu = presetState("deep-relu");
  assert.deepEqual(sigmoid.hidden, [8, 8, 8, 8, 8, 8]);
  assert.equal(sigmoid.activation, "sigmoid");
  assert.deepEqual({ ...sigmoid, activation: "relu" }, relu);
  assert.deepEqual(presetState("xor-hidden").hidden, []);
  assert.equal(presetState("linear-collapse").activation, "linear");
  assert.throws(() => presetState("nope"), /unknown preset "nope"/);
});

test("unknown or invalid values take their defaults", () => {
  const bad = "?dataset=moon&noise=0.9&trainRatio=abc&batchSize=2.5&seed=-1&features=x1,x3&hidden=4,9&activation=swish"
    + "&learningRate=0&regularization=l3&regularizationRate=-1&optimizer=rmsprop&problem=ranking&extra=1";
  assert.deepEqual(stateFromQuery(bad), DEFAULT_STATE);
  assert.deepEqual(stateFromQuery(""), DEFAULT_STATE);
  assert.deepEqual(stateFromQuery("?hidden=8,8,8,8,8,8,8").hidden, [4, 2]); // 7 layers: too many
  assert.deepEqual(stateFromQuery("?hidden=").hidden, []);
  assert.deepEqual(stateFromQuery("?features=").features, ["x1", "x2"]);
  assert.deepEqual(stateFromQuery("?features=sinX2,x1,x1").features, ["x1", "sinX2"]);
  assert.equal(stateFromQuery("?dataset=plane").problem, "regression");
  assert.equal(stateFromQuery("?dataset=plane&problem=classification").dataset, "circle");
});

test("normalizeState and updateState keep data set and problem of one kind", () => {
  assert.equal(normalizeState({ ...DEFAULT_STATE, problem: "regression" }).dataset, "plane");
  assert.equal(updateState(DEFAULT_STATE, { dataset: "multiGaussian" }).problem, "regression");
  assert.equal(updateState(DEFAULT_STATE, { problem: "regression" }).dataset, "plane");
  assert.deepEqual(updateState(DEFAULT_STATE, { hidden: [3] }).hidden, [3]);
  const s = updateState(DEFAULT_STATE, { features: [] });
  assert.deepEqual(s.features, ["x1", "x2"]);
  assert.equal(ACTIVATIONS.length, 7);
  assert.equal(FEATURE_IDS.length, 7);
});

test("menus: the defaults are on them, labels for every choice", () => {
  assert.ok(LEARNING_RATES.includes(DEFAULT_STATE.learningRate));
  assert.ok(REGULARIZATION_RATES.includes(DEFAULT_STATE.regularizationRate));
  assert.deepEqual(Object.keys(ACTIVATION_LABELS), [...ACTIVATIONS]);
  assert.equal(ACTIVATION_LABELS.relu, "ReLU");
  assert.equal(OPTIMIZER_LABELS.adam, "Adam");
  assert.equal(REGULARIZATION_LABELS.none, "None");
});
