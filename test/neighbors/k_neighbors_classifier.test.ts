import { test } from "node:test";
import assert from "node:assert/strict";
import * as neighbors from "../../src/neighbors/index.ts";
import { clone } from "../../src/base/estimator.ts";
import { tensor } from "../../src/tensor/creation.ts";
import { assertClose, assertNeighbors, dataset, fixture, rows } from "./fixture.ts";

/** Where scikit-learn's euclidean (BLAS GEMM form) and cosine order equal distances differently from ours. */
const tieTolerant = (data: string, metric: string, p: number): boolean =>
  metric === "cosine" || (data === "iris" && (metric === "euclidean" || (metric === "minkowski" && p === 2)));

for (const name of ["iris", "digits"]) {
  const d = dataset(name);
  for (const c of d.cases) {
    test(`${name} ${c.metric} p=${c.p}: kneighbors(Xq, 15) as scikit-learn's brute force`, () => {
      const knn = new neighbors.KNeighborsClassifier({ nNeighbors: 15, metric: c.metric, p: c.p }).fit(d.X, d.y);
      const [dist, ind] = knn.kneighbors(d.Xq);
      assert.equal(ind.dtype, "int32");
      assert.equal(dist.dtype, "float64");
      assertNeighbors(dist, ind, c.kneighbors, `${name} ${c.metric}`, {
        ties: tieTolerant(name, c.metric, c.p), rtol: name === "digits" ? 1e-6 : 1e-7, atol: c.metric === "cosine" ? 1e-6 : 1e-9,
      });
      assert.deepEqual(rows(knn.kneighbors(d.Xq, 15, false)), rows(ind));
    });

    test(`${name} ${c.metric} p=${c.p}: predict, predictProba, score for k in 1, 5, 15, uniform and distance`, () => {
      for (const run of c.runs) {
        const knn = new neighbors.KNeighborsClassifier({ nNeighbors: run.k, metric: c.metric, p: c.p, weights: run.weights }).fit(d.X, d.y);
        const what = `k=${run.k} ${run.weights}`;
        assert.deepEqual(Array.from(knn.predict(d.Xq).data), run.predict, `${what} predict`);
        assert.ok(Math.abs(knn.score(d.Xq, d.yq) - run.score) < 1e-12, `${what} score`);
        if (run.proba !== undefined) assertClose(knn.predictProba(d.Xq).data, run.proba.flat(), 0, 1e-7, `${what} predictProba`);
      }
    });
  }
}

test("kneighbors() without X: each training point's neighbours among the others", () => {
  const d = dataset("iris");
  for (const c of fixture.selfKneighbors) {
    const knn = new neighbors.KNeighborsClassifier({ nNeighbors: c.k, metric: c.metric }).fit(d.X, d.y);
    const [dist, ind] = knn.kneighbors();
    assertNeighbors(dist, ind, c, `self ${c.metric}`, { ties: c.metric === "euclidean" });
    assert.deepEqual(knn.kneighbors(null, 3, false).shape, [d.X.length, 3]);
  }
});

test("iris: the default algorithm (a KD-tree in scikit-learn) predicts the same labels", () => {
  const d = dataset("iris");
  for (const c of fixture.irisAuto) {
    const knn = new neighbors.KNeighborsClassifier({ nNeighbors: c.k, metric: c.metric }).fit(d.X, d.y);
    assert.deepEqual(Array.from(knn.predict(d.Xq).data), c.predict, `${c.metric} k=${c.k}`);
  }
});

test("ties: integer grids and duplicated rows give scikit-learn's neighbours, votes and probabilities", () => {
  for (const c of fixture.ties) {
    const data = fixture.tieData[c.data];
    const knn = new neighbors.KNeighborsClassifier({ nNeighbors: c.k, metric: c.metric, p: c.p, weights: c.weights }).fit(data.X, data.y);
    const what = `${c.data} ${c.metric} k=${c.k} ${c.weights}`;
    const [dist, ind] = knn.kneighbors(data.Xq);
    assertNeighbors(dist, ind, c, what);
    assert.deepEqual(Array.from(knn.predict(data.Xq).data), c.predict, `${what} predict`);
    assertClose(knn.predictProba(data.Xq).data, c.proba.flat(), 0, 1e-8, `${what} predictProba`);
  }
});

test("vote ties go to the smallest label; labels keep fit's dtype", () => {
  const X = [[0], [1], [10], [11]];
  const knn = new neighbors.KNeighborsClassifier({ nNeighbors: 2 }).fit(X, [7, 7, 3, 3]);
  assert.deepEqual(Array.from(knn.classes!.data), [3, 7]);
  // neighbours of 5.5: 1 (label 7) and 10 (label 3), one vote each -> 3
  assert.deepEqual(Array.from(knn.predict([[5.5], [0.2]]).data), [3, 7]);
  const ints = new neighbors.KNeighborsClassifier({ nNeighbors: 1 }).fit(X, tensor([2, 2, 5, 5], { dtype: "int32" }));
  const pred = ints.predict([[9]]);
  assert.equal(pred.dtype, "int32");
  assert.deepEqual(Array.from(pred.data), [5]);
});

test("float32 Tensors stay float32 and find the same neighbours", () => {
  const d = dataset("digits");
  const c = d.cases.find((x) => x.metric === "manhattan")!;
  for (const metric of ["manhattan", "euclidean"] as const) {
    const knn = new neighbors.KNeighborsClassifier({ nNeighbors: 15, metric }).fit(tensor(d.X), d.y);
    const [dist, ind] = knn.kneighbors(tensor(d.Xq));
    assert.equal(dist.dtype, "float32");
    const want = metric === "manhattan" ? c.kneighbors : d.cases.find((x) => x.metric === "euclidean")!.kneighbors;
    // digits are integers: every distance and tie is exact in float32 too
    assertNeighbors(dist, ind, want, `float32 ${metric}`, { rtol: 1e-6 });
  }
});

test("parameters: defaults, getParams, clone, and the errors scikit-learn raises", () => {
  const knn = new neighbors.KNeighborsClassifier();
  assert.deepEqual(knn.getParams(), { nNeighbors: 5, weights: "uniform", metric: "minkowski", p: 2 });
  const copy = clone(new neighbors.KNeighborsClassifier({ nNeighbors: 3, metric: "manhattan" }));
  assert.deepEqual(copy.getParams(), { nNeighbors: 3, weights: "uniform", metric: "manhattan", p: 2 });
  assert.equal(copy.classes, null);
  assert.throws(() => new neighbors.KNeighborsClassifier({ nNeighbors: 0 }), /KNeighborsClassifier: nNeighbors must be a positive integer, got 0/);
  assert.throws(() => new neighbors.KNeighborsClassifier({ nNeighbors: 2.5 }), /nNeighbors must be a positive integer, got 2.5/);
  assert.throws(() => new neighbors.KNeighborsClassifier({ metric: "hamming" as never }), /KNeighborsClassifier: metric must be one of .*"cosine", got "hamming"/);
  assert.throws(() => new neighbors.KNeighborsClassifier({ weights: "gaussian" as never }), /weights must be "uniform" or "distance", got "gaussian"/);
  assert.throws(() => new neighbors.KNeighborsClassifier({ p: 0 }), /p must be a number > 0, got 0/);
  assert.throws(() => knn.predict([[1, 2]]), /KNeighborsClassifier.predict: This KNeighborsClassifier instance is not fitted yet/);
  const small = new neighbors.KNeighborsClassifier({ nNeighbors: 5 }).fit([[0, 0], [1, 1], [2, 2]], [0, 1, 1]);
  assert.throws(() => small.predict([[0, 0]]), /Expected n_neighbors <= n_samples, but n_samples = 3, n_neighbors = 5/);
  assert.throws(() => small.kneighbors(null, 3), /Expected n_neighbors <= n_samples, but n_samples = 3, n_neighbors = 4/);
  assert.throws(() => small.predict([[0, 0, 0]]), /X has 3 features, but KNeighborsClassifier is expecting 2 features as input/);
  assert.equal(new neighbors.KNeighborsClassifier({ metric: "minkowski", p: 1 }).fit([[0], [1]], [0, 1]).effectiveMetric, "manhattan");
});
