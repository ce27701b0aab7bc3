import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import type { ArrayInput } from "../../src/base/estimator.ts";
import { ClassifierMixin } from "../../src/base/mixins.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { Ridge } from "../../src/linear_model/index.ts";
import { RandomState } from "../../src/random/random_state.ts";
import { cloneParams } from "../../src/model_selection/fit_and_score.ts";
import { FIXTURE } from "./fixture.ts";
import { CentroidClassifier, ShiftedMean } from "./toy.ts";

const { GridSearchCV, RandomizedSearchCV, KFold } = modelSelection;
const X = tensor(FIXTURE.iris.data, { dtype: "float64" });
const y = FIXTURE.iris.target;
const want = FIXTURE.grid_search;
const close = (a: number, b: number, tol = 1e-12): boolean => Math.abs(a - b) <= tol;

function gridSearch(nJobs: number, verbose = 0): modelSelection.GridSearchCV<CentroidClassifier> {
  return new GridSearchCV({
    estimator: new CentroidClassifier(),
    paramGrid: want.param_grid,
    cv: new KFold({ nSplits: 3, shuffle: true, randomState: 42 }),
    scoring: "accuracy",
    nJobs,
    verbose,
  });
}

test("GridSearchCV: scikit-learn's cv_results_, ranks and best_* on iris", async () => {
  const search = await gridSearch(1).fit(X, y);
  const r = search.cvResults!;
  assert.deepEqual(r.params, want.params);
  assert.deepEqual(r.rankTestScore, want.rank_test_score);
  r.meanTestScore.forEach((m, i) => assert.ok(close(m, want.mean_test_score[i]), `mean ${i}: ${m} vs ${want.mean_test_score[i]}`));
  r.stdTestScore.forEach((s, i) => assert.ok(close(s, want.std_test_score[i]), `std ${i}`));
  for (let s = 0; s < 3; s++) assert.deepEqual(r[`split${s}TestScore`], want.split_test_scores[s]);
  assert.equal(search.bestIndex, want.best_index);
  assert.deepEqual(search.bestParams, want.best_params);
  assert.ok(close(search.bestScore!, want.best_score));
  assert.equal(search.nSplits, 3);
  assert.equal(r.meanFitTime.length, 12);
  assert.ok(r.meanFitTime.every((t) => t >= 0) && search.refitTime! >= 0);
  // the fitted search is a model: the refit best estimator predicts and scores
  assert.ok(search.bestEstimator instanceof CentroidClassifier);
  assert.deepEqual(search.bestEstimator.getParams(), want.best_params);
  assert.ok(close(search.score(X, y), want.score));
  assert.deepEqual(Array.from(search.predict(X).data), Array.from(search.bestEstimator.predict(X).data));
  assert.deepEqual(Array.from(search.classes as Float64Array), [0, 1, 2]);
  assert.equal(search.nFeaturesIn, 4);
});

test("GridSearchCV with nJobs 2 on worker threads gives exactly nJobs 1's results", async () => {
  const seq = (await gridSearch(1).fit(X, y)).cvResults!;
  const before = CentroidClassifier.fits;
  const par = await gridSearch(2).fit(X, y);
  assert.equal(CentroidClassifier.fits - before, 1, "only the refit runs on this thread");
  const r = par.cvResults!;
  assert.deepEqual(r.params, seq.params);
  assert.deepEqual(r.meanTestScore, seq.meanTestScore);
  assert.deepEqual(r.stdTestScore, seq.stdTestScore);
  assert.deepEqual(r.rankTestScore, seq.rankTestScore);
  for (let s = 0; s < 3; s++) assert.deepEqual(r[`split${s}TestScore`], seq[`split${s}TestScore`]);
  assert.deepEqual(par.bestParams, want.best_params);
});

test("a library estimator (bp.linearModel.Ridge) goes to the workers without registering it", async () => {
  const Xr = tensor(FIXTURE.iris.data.map((r) => r.slice(0, 3)), { dtype: "float64" });
  const yr = FIXTURE.iris.data.map((r) => r[3]);
  const grid = (nJobs: number): modelSelection.GridSearchCV<Ridge> =>
    new GridSearchCV({ estimator: new Ridge(), paramGrid: { alpha: [0.01, 1, 100], fitIntercept: [true, false] }, cv: new KFold({ nSplits: 4, shuffle: true, randomState: 0 }), nJobs, verbose: 1 });
  const seq = await grid(1).fit(Xr, yr);
  const lines: string[] = [];
  const write = process.stderr.write;
  process.stderr.write = ((chunk: string) => lines.push(chunk) > 0) as typeof write;
  const par = await grid(2).fit(Xr, yr).finally(() => (process.stderr.write = write));
  assert.ok(!lines.join("").includes("sequentially"), lines.join(""));
  assert.deepEqual(par.cvResults!.meanTestScore, seq.cvResults!.meanTestScore);
  assert.deepEqual(par.bestParams, seq.bestParams);
});

test("GridSearchCV: an unknown parameter name fails before any fit, naming it and the valid ones", async () => {
  let fits = 0;
  class Counting extends CentroidClassifier {
    override fit(X: ArrayInput, y?: ArrayInput): this {
      fits++;
      return super.fit(X, y);
    }
  }
  const search = new GridSearchCV({ estimator: new Counting(), paramGrid: [{ power: [1] }, { nNeighbors: [3] }] });
  await assert.rejects(search.fit(X, y), /GridSearchCV: Counting: invalid parameter "nNeighbors"; valid parameters are: power, scale/);
  assert.equal(fits, 0);
});

test("GridSearchCV: errors before fit, without refit, and for bad options", async () => {
  const search = gridSearch(1);
  assert.throws(() => search.predict(X), /GridSearchCV.predict: This GridSearchCV instance is not fitted yet/);
  const noRefit = new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: { power: [1, 2] }, refit: false });
  await noRefit.fit(X, y);
  assert.equal(noRefit.bestEstimator, null);
  assert.ok(noRefit.bestParams !== null);
  assert.throws(() => noRefit.predict(X), /initialized with refit=false. predict is available only after refitting/);
  assert.throws(() => noRefit.transform(X), /transform is available only after refitting/);
  const fitted = await new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: { power: [1] } }).fit(X, y);
  assert.throws(() => fitted.predictProba(X), /the best estimator CentroidClassifier has no predictProba method/);
  assert.throws(() => new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: { power: [] } }), /Parameter grid for parameter 'power' need to be a non-empty sequence/);
  assert.throws(() => new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: {}, scoring: "acc" }), /"acc" is not a valid scoring value/);
  assert.throws(() => new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: {}, nJobs: 0 }), /GridSearchCV: nJobs must be a nonzero integer/);
  assert.throws(() => new GridSearchCV({ estimator: {} as never, paramGrid: {} }), /GridSearchCV: estimator must be an estimator/);
});

test("GridSearchCV: a failing fit scores errorScore with a warning; all failing is an error; 'raise' rethrows", async (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const grid = { power: [0, 1] };
  const search = await new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: grid, cv: 3 }).fit(X, y);
  assert.ok(search.cvResults!.meanTestScore[0] !== search.cvResults!.meanTestScore[0]); // NaN
  assert.deepEqual(search.cvResults!.rankTestScore, [2, 1]);
  assert.equal(search.bestIndex, 1);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /3 fits failed out of a total of 6[\s\S]*power must be positive, got 0/);
  await assert.rejects(new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: { power: [0] }, cv: 3 }).fit(X, y), /All the 3 fits failed/);
  await assert.rejects(new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: grid, cv: 3, errorScore: "raise" }).fit(X, y), /power must be positive, got 0/);
  const zero = await new GridSearchCV({ estimator: new CentroidClassifier(), paramGrid: grid, cv: 3, errorScore: 0 }).fit(X, y);
  assert.equal(zero.cvResults!.split0TestScore[0], 0);
});

test("GridSearchCV: ties share the lowest rank and the best is the first of them; train scores on request", async () => {
  const search = await new GridSearchCV({ estimator: new ShiftedMean(), paramGrid: { shift: [1, -1, 0, 2] }, cv: 3, returnTrainScore: true, scoring: "neg_mean_absolute_error" }).fit(X, y);
  const r = search.cvResults!;
  // shift 0 has the smallest error, 2 the largest
  assert.equal(search.bestIndex, 2);
  assert.equal(r.rankTestScore[2], 1);
  assert.equal(r.rankTestScore[3], 4);
  assert.equal(r.meanTrainScore!.length, 4);
  assert.equal(r.split2TrainScore.length, 4);
  const tie = await new GridSearchCV({ estimator: new ShiftedMean(), paramGrid: { shift: [5, 0, 0, 0] }, cv: 2 }).fit([[0], [0], [0], [0]], [1, 1, 1, 1]);
  assert.deepEqual(tie.cvResults!.rankTestScore, [4, 1, 1, 1]);
  assert.equal(tie.bestIndex, 1);
});

test("GridSearchCV verbose: scikit-learn's header and progress lines on stderr", async (t) => {
  const lines: string[] = [];
  t.mock.method(process.stderr, "write", (chunk: string) => {
    lines.push(chunk);
    return true;
  });
  await gridSearch(1, 1).fit(X, y);
  t.mock.restoreAll();
  const text = lines.join("");
  assert.match(text, /^Fitting 3 folds for each of 12 candidates, totalling 36 fits\n/);
  assert.match(text, /\[GridSearchCV\] 36\/36 fits, elapsed \d+\.\ds, ETA 0\.0s/);
});

test("an estimator class not registered for workers runs sequentially, with a note at verbose 1", async (t) => {
  class Unregistered extends CentroidClassifier {}
  const lines: string[] = [];
  t.mock.method(process.stderr, "write", (chunk: string) => {
    lines.push(chunk);
    return true;
  });
  const before = CentroidClassifier.fits;
  const search = await new GridSearchCV({ estimator: new Unregistered(), paramGrid: { power: [1, 2] }, cv: 3, nJobs: 2, verbose: 1 }).fit(X, y);
  t.mock.restoreAll();
  assert.equal(CentroidClassifier.fits - before, 7);
  assert.match(lines.join(""), /\[GridSearchCV\] Unregistered is not registered for worker threads .*; fitting sequentially/);
  assert.equal(search.cvResults!.params.length, 2);
});

/** A meta-estimator that fits its `inner` estimator itself (as a pipeline fits its steps). */
class Outer extends ClassifierMixin<{ inner: CentroidClassifier | null }> {
  constructor(options: Partial<{ inner: CentroidClassifier | null }> = {}) {
    super({ inner: null }, options);
  }
  fit(X: ArrayInput, y?: ArrayInput): this {
    this.params.inner!.fit(X, y);
    this.nFeaturesIn = this.params.inner!.nFeaturesIn;
    return this;
  }
  predict(X: ArrayInput): Tensor {
    return this.params.inner!.predict(X);
  }
}

test("GridSearchCV: estimators in the grid are cloned for each fit, never fitted themselves", async () => {
  const a = new CentroidClassifier({ power: 1 }), b = new CentroidClassifier({ power: 2 });
  const search = await new GridSearchCV({ estimator: new Outer(), paramGrid: { inner: [a, b] }, cv: 3 }).fit(X, y);
  assert.equal(a.nFeaturesIn, null);
  assert.equal(b.nFeaturesIn, null);
  const inner = search.bestEstimator!.getParams().inner as CentroidClassifier;
  assert.ok(inner instanceof CentroidClassifier);
  assert.notEqual(inner, search.bestParams!.inner);
  assert.equal(inner.nFeaturesIn, 4);
});

test("RandomizedSearchCV: scikit-learn's draws, scores and best index", async () => {
  const want = FIXTURE.randomized_search;
  const search = await new RandomizedSearchCV({
    estimator: new CentroidClassifier(),
    paramDistributions: { power: [1, 2, 3], scale: { rvs: (rs) => rs.uniform(0.5, 3) } },
    nIter: 5,
    cv: 3,
    randomState: 0,
  }).fit(X, y);
  const r = search.cvResults!;
  r.params.forEach((p, i) => {
    assert.equal(p.power, want.params[i].power);
    assert.ok(close(p.scale as number, want.params[i].scale));
  });
  r.meanTestScore.forEach((m, i) => assert.ok(close(m, want.mean_test_score[i])));
  assert.deepEqual(r.rankTestScore, want.rank_test_score);
  assert.equal(search.bestIndex, want.best_index);
});

test("each fit gets its own copy of a candidate's values: estimators cloned, a RandomState copied with its state", () => {
  const rs = new RandomState(7);
  rs.randint(0, 10);
  const inner = new CentroidClassifier();
  const copy = cloneParams({ randomState: rs, inner });
  assert.ok(copy.randomState instanceof RandomState);
  assert.notEqual(copy.randomState, rs);
  assert.equal((copy.randomState as RandomState).randint(0, 1000), rs.randint(0, 1000));
  assert.ok(copy.inner instanceof CentroidClassifier);
  assert.notEqual(copy.inner, inner);
});
