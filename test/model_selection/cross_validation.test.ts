import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { FIXTURE } from "./fixture.ts";
import { CentroidClassifier, ShiftedMean } from "./toy.ts";

const { crossValScore, crossValidate, checkCv, KFold, StratifiedKFold } = modelSelection;
const X = tensor(FIXTURE.iris.data, { dtype: "float64" });
const y = FIXTURE.iris.target;

test("crossValScore: scikit-learn's scores (an integer cv stratifies for a classifier; a splitter is used as is)", async () => {
  assert.deepEqual(await crossValScore(new CentroidClassifier({ power: 1 }), X, y), FIXTURE.cross_val_score.stratified5);
  assert.deepEqual(await crossValScore(new CentroidClassifier({ scale: 2 }), FIXTURE.iris.data, y, { cv: new KFold({ nSplits: 4 }) }), FIXTURE.cross_val_score.kfold4);
});

test("crossValidate: times, train scores, explicit splits", async () => {
  const splits: [number[], number[]][] = [[[0, 1, 2, 50, 51, 52, 100, 101, 102], [3, 53, 103]], [[3, 4, 5, 53, 54, 55, 103, 104, 105], [0, 50, 100]]];
  const r = await crossValidate(new CentroidClassifier(), X, y, { cv: splits, returnTrainScore: true, scoring: "accuracy" });
  assert.equal(r.testScore.length, 2);
  assert.equal(r.trainScore!.length, 2);
  assert.ok(r.fitTime.every((t) => t >= 0) && r.scoreTime.every((t) => t >= 0));
  assert.equal((await crossValidate(new CentroidClassifier(), X, y)).trainScore, undefined);
});

test("checkCv: scikit-learn's check_cv", () => {
  assert.ok(checkCv(3, tensor(y), true) instanceof StratifiedKFold);
  assert.ok(!(checkCv(3, tensor(y), false) instanceof StratifiedKFold));
  assert.ok(!(checkCv(3, tensor([0.5, 1.5]), true) instanceof StratifiedKFold));
  assert.equal(checkCv(undefined).getNSplits(), 5);
  const kf = new KFold({ nSplits: 4 });
  assert.equal(checkCv(kf), kf);
  assert.throws(() => checkCv("five" as never), /checkCv: Expected cv as an integer, cross-validation object/);
});

test("crossValScore: a regressor gets unshuffled KFold", async () => {
  const scores = await crossValScore(new ShiftedMean(), [[0], [0], [0], [0], [0], [0]], [1, 2, 3, 4, 5, 6], { cv: 3, scoring: "neg_mean_absolute_error" });
  // KFold(3) without shuffle: test folds [1,2], [3,4], [5,6]; train means 4.5, 3.5, 2.5
  assert.deepEqual(scores, [-3, -0.5, -3]);
  await assert.rejects(crossValScore(new ShiftedMean(), [[0], [1]], [1, 2], { nJobs: 1.5 }), /crossValidate: nJobs must be a nonzero integer/);
});
