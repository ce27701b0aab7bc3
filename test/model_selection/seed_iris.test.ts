/**
 * The parts of the seed's iris pipeline (test/fixtures/seed_iris.json, gen_seed_iris.py) that model
 * selection owns: train_test_split(test_size=0.2, random_state=42), the KFold(3, shuffle=True,
 * random_state=42) folds of the training rows, the grid's candidate order, and the search itself over
 * neighbors.KNeighborsClassifier on the fixture's standardised X (the scaler is preprocessing's part).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as modelSelection from "../../src/model_selection/index.ts";
import { KNeighborsClassifier } from "../../src/neighbors/index.ts";
import { arange, tensor } from "../../src/tensor/creation.ts";

interface SeedIris {
  scaled: number[][];
  target: number[];
  train_indices: number[];
  test_indices: number[];
  folds: [number[], number[]][];
  cv_results: { params: { metric: string; n_neighbors: number }[]; mean_test_score: number[]; std_test_score: number[]; rank_test_score: number[]; split_test_scores: number[][] };
  best_params: { metric: string; n_neighbors: number };
  best_score: number;
  best_index: number;
  test_predictions: number[];
  accuracy: number;
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

test("seed: GridSearchCV over KNeighborsClassifier gives scikit-learn's cv_results_, best params and predictions", async () => {
  const X = tensor(SEED.scaled, { dtype: "float64" });
  const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit(X, SEED.target, { testSize: 0.2, randomState: 42 });
  const model = new modelSelection.GridSearchCV({
    estimator: new KNeighborsClassifier(),
    cv: new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 42 }),
    paramGrid: { nNeighbors: arange(1, 31), metric: ["euclidean", "manhattan"] },
    scoring: "accuracy",
  });
  await model.fit(XTrain, yTrain);
  const r = model.cvResults!;
  assert.deepEqual(r.rankTestScore, SEED.cv_results.rank_test_score);
  r.meanTestScore.forEach((m, i) => assert.ok(Math.abs(m - SEED.cv_results.mean_test_score[i]) < 1e-12, `candidate ${i}`));
  r.stdTestScore.forEach((s, i) => assert.ok(Math.abs(s - SEED.cv_results.std_test_score[i]) < 1e-12, `candidate ${i}`));
  for (let k = 0; k < 3; k++) assert.deepEqual(r[`split${k}TestScore`], SEED.cv_results.split_test_scores[k]);
  assert.deepEqual(model.bestParams, { metric: SEED.best_params.metric, nNeighbors: SEED.best_params.n_neighbors });
  assert.equal(model.bestScore, SEED.best_score);
  assert.equal(model.bestIndex, SEED.best_index);
  assert.deepEqual(Array.from(model.predict(XTest).data), SEED.test_predictions);
  assert.equal(model.score(XTest, yTest), SEED.accuracy);
});
