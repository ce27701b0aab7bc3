/**
 * The parts of the seed's iris pipeline (test/fixtures/seed_iris.json, gen_seed_iris.py) that model
 * selection owns: train_test_split(test_size=0.2, random_state=42), the KFold(3, shuffle=True,
 * random_state=42) folds of the training rows, and the grid's candidate order. The whole pipeline with
 * KNeighborsClassifier is the integrator's test.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as modelSelection from "../../src/model_selection/index.ts";
import { arange, tensor } from "../../src/tensor/creation.ts";

interface SeedIris {
  scaled: number[][];
  target: number[];
  train_indices: number[];
  test_indices: number[];
  folds: [number[], number[]][];
  cv_results: { params: { metric: string; n_neighbors: number }[] };
}
const SEED = JSON.parse(readFileSync(new URL("../fixtures/seed_iris.json", import.meta.url), "utf8")) as SeedIris;

test("seed: trainTestSplit(X, y, {testSize: 0.2, randomState: 42}) takes scikit-learn's rows", () => {
  const X = tensor(SEED.scaled, { dtype: "float64" });
  const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit(X, SEED.target, { testSize: 0.2, randomState: 42 });
  assert.deepEqual(XTrain.toArray(), SEED.train_indices.map((i) => SEED.scaled[i]));
  assert.deepEqual(XTest.toArray(), SEED.test_indices.map((i) => SEED.scaled[i]));
  assert.deepEqual(yTrain, SEED.train_indices.map((i) => SEED.target[i]));
  assert.deepEqual(yTest, SEED.test_indices.map((i) => SEED.target[i]));
});

test("seed: KFold(3, shuffle, 42) on the 120 training rows gives scikit-learn's folds", () => {
  const XTrain = SEED.train_indices.map((i) => SEED.scaled[i]);
  const cv = new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 42 });
  assert.deepEqual(Array.from(cv.split(XTrain), ([a, b]) => [Array.from(a), Array.from(b)]), SEED.folds);
});

test("seed: the grid {nNeighbors: arange(1, 31), metric} comes out in cv_results_'s order", () => {
  const grid = new modelSelection.ParameterGrid({ nNeighbors: arange(1, 31), metric: ["euclidean", "manhattan"] });
  assert.deepEqual([...grid], SEED.cv_results.params.map((p) => ({ metric: p.metric, nNeighbors: p.n_neighbors })));
});
