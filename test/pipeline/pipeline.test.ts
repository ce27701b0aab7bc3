import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { BaseEstimator, ClassifierMixin, checkArray, checkTarget, clone, type ArrayInput } from "../../src/base/index.ts";
import * as metrics from "../../src/metrics/index.ts";
import * as pipeline from "../../src/pipeline/index.ts";
import * as preprocessing from "../../src/preprocessing/index.ts";

type CentroidParams = { shrink: number };

/** A toy nearest-centroid classifier (squared euclidean), with softmax(-d) probabilities; no decisionFunction. */
class ToyCentroid extends ClassifierMixin<CentroidParams> {
  classes: bp.Tensor | null = null;
  centroids: bp.Tensor | null = null;
  constructor(options: Partial<CentroidParams> = {}) {
    super({ shrink: 0 }, options);
  }
  fit(X: ArrayInput, y?: ArrayInput): this {
    const x = checkArray("ToyCentroid.fit", X).to("float64");
    const t = checkTarget("ToyCentroid.fit", y!, x.shape[0]).to("float64");
    this.classes = t.unique();
    this.centroids = bp.stack(Array.from(this.classes.data, (c) => x.index(t.eq(c)).mean(0).mul(1 - this.params.shrink)));
    this.nFeaturesIn = x.shape[1];
    return this;
  }
  private dist(X: ArrayInput): bp.Tensor {
    const x = checkArray("ToyCentroid.predict", X).to("float64");
    this.checkNFeatures("predict", x);
    return bp.cdist(x, this.centroids!).pow(2);
  }
  predict(X: ArrayInput): bp.Tensor {
    return this.classes!.indexSelect(0, this.dist(X).argmin(1));
  }
  predictProba(X: ArrayInput): bp.Tensor {
    return this.dist(X).neg().softmax(1);
  }
}

/** A regressor-like final step without predictProba (to check method availability). */
class ToyMean extends BaseEstimator<Record<string, never>> {
  m = 0;
  constructor(options: Record<string, never> = {}) {
    super({}, options);
  }
  fit(X: ArrayInput, y?: ArrayInput): this {
    const x = checkArray("ToyMean.fit", X);
    this.m = checkTarget("ToyMean.fit", y!, x.shape[0]).mean().item();
    this.nFeaturesIn = x.shape[1];
    return this;
  }
  predict(X: ArrayInput): bp.Tensor {
    return bp.full([checkArray("ToyMean.predict", X).shape[0]], this.m, { dtype: "float64" });
  }
}

// two clusters, features on very different scales
const X = [
  [1, 200], [2, 180], [1.5, 260], [2.2, 210], [0.8, 190], [1.7, 240],
  [6, 20], [7, 50], [6.5, 10], [5.8, 40], [7.2, 30], [6.1, 60],
];
const y = [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1];

test("makePipeline names steps by lower-cased class names, numbering repeats like scikit-learn", () => {
  const p = pipeline.makePipeline(new preprocessing.StandardScaler(), new preprocessing.MinMaxScaler(), new preprocessing.StandardScaler(), new ToyCentroid());
  assert.deepEqual(p.steps.map(([n]) => n), ["standardscaler-1", "minmaxscaler", "standardscaler-2", "toycentroid"]);
  assert.deepEqual(pipeline.nameEstimators(["passthrough", null, new ToyCentroid()]).map(([n]) => n), ["passthrough", "nonetype", "toycentroid"]);
});

test("getParams(deep) exposes name__param; setParams reaches the steps; clone gives fresh, unfitted steps", () => {
  const scaler = new preprocessing.StandardScaler();
  const clf = new ToyCentroid();
  const p = pipeline.makePipeline(scaler, clf);
  const params = p.getParams();
  assert.equal(params.standardscaler__withMean, true);
  assert.equal(params.toycentroid__shrink, 0);
  assert.equal(params.toycentroid, clf);
  assert.deepEqual(Object.keys(p.getParams(false)), ["steps"]);
  p.setParams({ standardscaler__withMean: false, toycentroid__shrink: 0.5 });
  assert.equal(scaler.getParams().withMean, false);
  assert.equal(clf.getParams().shrink, 0.5);
  assert.throws(() => p.setParams({ knn__nNeighbors: 3 }), /Pipeline.setParams: invalid parameter "knn"; valid parameters are: steps, standardscaler, toycentroid/);
  assert.throws(() => p.setParams({ scaler: null }), /Pipeline: invalid parameter "scaler"/);
  p.fit(X, y);
  const c = clone(p);
  assert.ok(c instanceof pipeline.Pipeline);
  assert.equal(c.nFeaturesIn, null);
  const [[, cs], [, cc]] = c.steps;
  assert.notEqual(cs, scaler);
  assert.notEqual(cc, clf);
  assert.equal((cs as preprocessing.StandardScaler).mean, null);
  assert.deepEqual(c.getParams(true).toycentroid__shrink, 0.5);
  c.setParams({ toycentroid__shrink: 0.1 });
  assert.equal(clf.getParams().shrink, 0.5);
});

test("fit on a training part does not leak: the scaler's mean is the training part's, the score matches the manual chain", () => {
  const train = [0, 1, 2, 6, 7, 8, 9];
  const testIdx = [3, 4, 5, 10, 11];
  const pick = <T>(a: T[], idx: number[]): T[] => idx.map((i) => a[i]);
  const p = pipeline.makePipeline(new preprocessing.StandardScaler(), new ToyCentroid());
  p.fit(pick(X, train), pick(y, train));
  const scaler = p.namedSteps.standardscaler as preprocessing.StandardScaler;
  const own = new preprocessing.StandardScaler().fit(pick(X, train));
  assert.deepEqual(Array.from(scaler.mean!.data), Array.from(own.mean!.data));
  const whole = new preprocessing.StandardScaler().fit(X);
  assert.notDeepEqual(Array.from(scaler.mean!.data), Array.from(whole.mean!.data));
  const manual = new ToyCentroid().fit(own.transform(pick(X, train)), pick(y, train));
  const expected = manual.score(own.transform(pick(X, testIdx)), pick(y, testIdx));
  assert.equal(p.score(pick(X, testIdx), pick(y, testIdx)), expected);
  assert.equal(metrics.getScorer("accuracy")(p, bp.tensor(pick(X, testIdx), { dtype: "float64" }), bp.tensor(pick(y, testIdx))), expected);
  assert.deepEqual(p.predictProba(pick(X, testIdx)).toArray(), manual.predictProba(own.transform(pick(X, testIdx))).toArray());
  assert.equal(p.nFeaturesIn, 2);
  assert.deepEqual(Array.from((p.classes as bp.Tensor).data), [0, 1]);
});

test("methods exist only when the steps have them (scikit-learn's available_if); roc_auc falls back to predictProba", () => {
  const clf = pipeline.makePipeline(new preprocessing.StandardScaler(), new ToyCentroid()).fit(X, y);
  assert.equal(typeof clf.predictProba, "function");
  assert.equal(typeof clf.decisionFunction, "undefined");
  assert.equal(typeof clf.transform, "undefined");
  const auc = metrics.getScorer("roc_auc")(clf, bp.tensor(X, { dtype: "float64" }), bp.tensor(y));
  assert.equal(auc, metrics.rocAucScore(y, clf.predictProba(X).index(":", 1)));
  const reg = pipeline.makePipeline(new preprocessing.MinMaxScaler(), new ToyMean()).fit(X, y);
  assert.equal(typeof reg.predictProba, "undefined");
  assert.equal(typeof reg.score, "undefined");
  assert.deepEqual(Array.from(reg.predict([[0, 0]]).data), [0.5]);
  // replacing the last step brings predictProba back
  reg.setParams({ toymean: new ToyCentroid() });
  assert.equal(typeof reg.predictProba, "function");
});

test("transform / fitTransform / inverseTransform chain the transformers; passthrough steps are skipped", () => {
  const p = new pipeline.Pipeline({ steps: [["std", new preprocessing.StandardScaler()], ["skip", "passthrough"], ["mm", new preprocessing.MinMaxScaler({ featureRange: [-1, 1] })]] });
  const out = p.fitTransform(X);
  const manual = new preprocessing.MinMaxScaler({ featureRange: [-1, 1] }).fitTransform(new preprocessing.StandardScaler().fitTransform(X));
  assert.deepEqual(out.toArray(), manual.toArray());
  assert.deepEqual(p.transform(X).toArray(), manual.toArray());
  const back = p.inverseTransform(out);
  Array.from(back.data).forEach((v, i) => assert.ok(Math.abs(v - X.flat()[i]) < 1e-9));
  const tail = new pipeline.Pipeline({ steps: [["std", new preprocessing.StandardScaler()], ["end", "passthrough"]] });
  assert.deepEqual(tail.fitTransform(X).toArray(), new preprocessing.StandardScaler().fitTransform(X).toArray());
});

test("bad steps are errors naming the problem", () => {
  const s = new preprocessing.StandardScaler();
  assert.throws(() => new pipeline.Pipeline(), /Pipeline: steps must be a non-empty array of \[name, estimator\] pairs/);
  assert.throws(() => new pipeline.Pipeline({ steps: [["a", s], ["a", new ToyCentroid()]] }), /Pipeline: Names provided are not unique: \['a', 'a'\]/);
  assert.throws(() => new pipeline.Pipeline({ steps: [["a__b", s], ["c", new ToyCentroid()]] }), /Estimator names must not contain __/);
  assert.throws(() => new pipeline.Pipeline({ steps: [["clf", new ToyCentroid()], ["std", s]] }), /All intermediate steps should be transformers and implement fit and transform/);
  const p = pipeline.makePipeline(s, new ToyCentroid());
  assert.throws(() => p.predict(X), /Pipeline.predict: This Pipeline instance is not fitted yet/);
  p.fit(X, y);
  assert.throws(() => p.predict([[1, 2, 3]]), /StandardScaler.transform: X has 3 features, but StandardScaler is expecting 2 features/);
  assert.match(p.toString(), /^Pipeline\(steps=\[\('standardscaler', StandardScaler\(withMean=true, withStd=true\)\), \('toycentroid', ToyCentroid\(shrink=0\)\)\]\)$/);
});
