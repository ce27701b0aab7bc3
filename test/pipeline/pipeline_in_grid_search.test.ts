/**
 * A scaled kNN tuned the leak-free way (test/fixtures/pipeline.json, gen_pipeline.py): the seed's iris
 * search with StandardScaler inside the model, so that every fold's scaler sees only that fold's training
 * rows. GridSearchCV (model_selection) tunes `kneighborsclassifier__nNeighbors` and `__metric` through the
 * pipeline's parameters, clones it per fit, and must reproduce scikit-learn 1.2's scores.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadIris } from "../../src/datasets/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import * as modelSelection from "../../src/model_selection/index.ts";
import { KNeighborsClassifier } from "../../src/neighbors/index.ts";
import * as pipeline from "../../src/pipeline/index.ts";
import { StandardScaler } from "../../src/preprocessing/index.ts";
import { arange } from "../../src/tensor/creation.ts";

interface PipelineFixture {
  step_names: string[];
  params: { metric: string; n_neighbors: number }[];
  mean_test_score: number[];
  std_test_score: number[];
  rank_test_score: number[];
  best_params: { metric: string; n_neighbors: number };
  best_score: number;
  scaler_mean: number[];
  scaler_scale: number[];
  test_predictions: number[];
  accuracy: number;
  balanced_accuracy: number;
}
const FIX = JSON.parse(readFileSync(new URL("../fixtures/pipeline.json", import.meta.url), "utf8")) as PipelineFixture;

function close(a: readonly number[], b: readonly number[], tol: number, what: string): void {
  assert.equal(a.length, b.length, what);
  a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) <= tol, `${what}[${i}]: ${v} vs ${b[i]}`));
}

test("GridSearchCV over makePipeline(StandardScaler, KNeighborsClassifier) gives scikit-learn 1.2's scores", async () => {
  const { data, target } = loadIris();
  const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit(data, target, { testSize: 0.2, randomState: 42 });
  const model = pipeline.makePipeline(new StandardScaler(), new KNeighborsClassifier());
  assert.deepEqual(model.steps.map(([n]) => n), FIX.step_names);
  const search = new modelSelection.GridSearchCV({
    estimator: model,
    paramGrid: { kneighborsclassifier__nNeighbors: arange(1, 16), kneighborsclassifier__metric: ["euclidean", "manhattan"] },
    cv: new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 42 }),
    scoring: "accuracy",
  });
  await search.fit(XTrain, yTrain);
  const r = search.cvResults!;
  assert.deepEqual(
    r.params.map((p) => ({ metric: p.kneighborsclassifier__metric, n_neighbors: p.kneighborsclassifier__nNeighbors })),
    FIX.params,
  );
  close(r.meanTestScore, FIX.mean_test_score, 1e-12, "meanTestScore");
  close(r.stdTestScore, FIX.std_test_score, 1e-12, "stdTestScore");
  assert.deepEqual(r.rankTestScore, FIX.rank_test_score);
  assert.deepEqual(search.bestParams, { kneighborsclassifier__metric: FIX.best_params.metric, kneighborsclassifier__nNeighbors: FIX.best_params.n_neighbors });
  assert.ok(Math.abs(search.bestScore! - FIX.best_score) < 1e-12, `bestScore ${search.bestScore}`);
  // the refitted best pipeline's scaler learnt the 120 training rows, not all 150
  const best = search.bestEstimator as unknown as pipeline.Pipeline;
  const scaler = best.namedSteps.standardscaler as StandardScaler;
  close(Array.from(scaler.mean!.data), FIX.scaler_mean, 1e-12, "scaler mean");
  close(Array.from(scaler.scale!.data), FIX.scaler_scale, 1e-12, "scaler scale");
  // the estimator given to the search is left unfitted (each fit works on a clone)
  assert.equal((model.namedSteps.standardscaler as StandardScaler).mean, null);
  const pred = search.predict(XTest);
  assert.deepEqual(Array.from(pred.data, Number), FIX.test_predictions);
  assert.equal(metrics.accuracyScore(yTest, pred), FIX.accuracy);
  assert.equal(metrics.balancedAccuracyScore(yTest, pred), FIX.balanced_accuracy);
});
