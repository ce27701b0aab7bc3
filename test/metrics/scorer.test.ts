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

test("getScorer: f1 / precision / recall and their averages are scikit-learn's", () => {
  const y = bp.tensor([0, 1, 2, 2, 1, 0]);
  const pred = [0, 2, 1, 2, 1, 1];
  const est = stub(pred);
  for (const name of ["f1", "precision", "recall"] as const) {
    const fn = { f1: metrics.f1Score, precision: metrics.precisionScore, recall: metrics.recallScore }[name];
    for (const average of ["macro", "micro", "weighted"] as const) {
      assert.equal(metrics.getScorer(`${name}_${average}`)(est, X, y), fn(y, pred, { average }), `${name}_${average}`);
    }
    const yb = bp.tensor([0, 1, 1, 0, 1, 0]);
    assert.equal(metrics.getScorer(name)(stub([0, 1, 0, 0, 1, 1]), X, yb), fn(yb, [0, 1, 0, 0, 1, 1]), name);
  }
});

test("getScorer: roc_auc uses decisionFunction, else predictProba's positive column; neg_log_loss and roc_auc_ovr use predictProba", () => {
  const y = bp.tensor([0, 0, 1, 1]);
  const proba = [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]];
  const withProba = stub([0, 0, 0, 1], proba);
  assert.equal(metrics.getScorer("roc_auc")(withProba, X, y), 0.75);
  const withDecision = { ...withProba, decisionFunction: () => bp.tensor([4, 3, 2, 1]) };
  assert.equal(metrics.getScorer("roc_auc")(withDecision, X, y), 0);
  assert.equal(metrics.getScorer("neg_log_loss")(withProba, X, y), -metrics.logLoss(y, [0.1, 0.4, 0.35, 0.8]));
  assert.throws(() => metrics.getScorer("roc_auc")(stub([0, 1, 2, 0]), X, bp.tensor([0, 1, 2, 0])), /scorer: multiclass format is not supported/);
  assert.throws(() => metrics.getScorer("neg_log_loss")(stub([0, 1, 1, 0]), X, y), /has no predictProba/);
  const y3 = bp.tensor([0, 1, 2, 2]);
  const p3 = [[0.7, 0.2, 0.1], [0.2, 0.5, 0.3], [0.1, 0.3, 0.6], [0.3, 0.3, 0.4]];
  const est3 = stub([0, 1, 2, 2], p3);
  assert.equal(metrics.getScorer("roc_auc_ovr")(est3, X, y3), metrics.rocAucScore(y3, p3, { multiClass: "ovr" }));
  assert.equal(metrics.getScorer("roc_auc_ovo_weighted")(est3, X, y3), metrics.rocAucScore(y3, p3, { multiClass: "ovo", average: "weighted" }));
  assert.equal(metrics.getScorer("neg_log_loss")(est3, X, y3), -metrics.logLoss(y3, p3));
});

test("makeScorer wraps a metric: kwargs, greaterIsBetter, needsProba, needsThreshold", () => {
  const y = bp.tensor([0, 0, 1, 1]);
  const proba = [[0.9, 0.1], [0.6, 0.4], [0.65, 0.35], [0.2, 0.8]];
  const est = stub([0, 1, 1, 1], proba);
  assert.equal(metrics.makeScorer(metrics.f1Score, { kwargs: { average: "macro" as const } })(est, X, y), metrics.f1Score(y, [0, 1, 1, 1], { average: "macro" }));
  assert.equal(metrics.makeScorer(metrics.meanAbsoluteError, { greaterIsBetter: false })(est, X, y), -0.25);
  assert.equal(metrics.makeScorer(metrics.logLoss, { needsProba: true, greaterIsBetter: false })(est, X, y), metrics.getScorer("neg_log_loss")(est, X, y));
  assert.equal(metrics.makeScorer(metrics.rocAucScore, { needsThreshold: true })(est, X, y), 0.75);
  assert.throws(() => metrics.makeScorer(metrics.rocAucScore, { needsThreshold: true, needsProba: true }), /makeScorer: Set either needsProba or needsThreshold/);
});
