import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as metrics from "../../src/metrics/index.ts";

/** A stub estimator that predicts fixed labels and fixed probabilities. */
function stub(pred: number[], proba?: number[][]): metrics.ScorableEstimator {
  return {
    predict: () => bp.tensor(pred, { dtype: "float64" }),
    ...(proba ? { predictProba: () => bp.tensor(proba, { dtype: "float64" }) } : {}),
    score: () => 0.123,
  };
}

const X = bp.zeros(4, 2);

test("getScorer: scikit-learn's names; losses negated; null is the estimator's score", () => {
  const y = bp.tensor([0, 1, 1, 0]);
  const est = stub([0, 1, 0, 0]);
  assert.equal(metrics.getScorer("accuracy")(est, X, y), 0.75);
  assert.equal(metrics.getScorer("balanced_accuracy")(est, X, y), 0.75);
  assert.equal(metrics.getScorer("neg_mean_absolute_error")(est, X, y), -0.25);
  assert.equal(metrics.getScorer("neg_mean_squared_error")(est, X, y), -0.25);
  assert.equal(metrics.getScorer("neg_root_mean_squared_error")(est, X, y), -0.5);
  assert.equal(metrics.getScorer("r2")(est, X, y), 0);
  assert.equal(metrics.getScorer(null)(est, X, y), 0.123);
  assert.equal(metrics.getScorer(undefined)(est, X, y), 0.123);
  const mine: metrics.Scorer = () => 42;
  assert.equal(metrics.getScorer(mine), mine);
});

test("getScorer: an unknown name lists the valid ones; no score method is scikit-learn's error", () => {
  assert.throws(() => metrics.getScorer("acuracy"), /getScorer: "acuracy" is not a valid scoring value\. .*accuracy, balanced_accuracy/);
  assert.throws(() => metrics.getScorer(null)({ predict: () => bp.zeros(4) }, X, bp.zeros(4)), /should have a 'score' method/);
  assert.ok(metrics.getScorerNames().includes("neg_root_mean_squared_error"));
});
