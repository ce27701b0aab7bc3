import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { LinearClassifier, type LinearClassifierParams } from "../../src/linear_model/index.ts";
import { fixture, flat, maxRelErr } from "./fixture.ts";

const f64 = (x: number[][]) => bp.tensor(x, { dtype: "float64" });

// The seed's worked example: three images, three classes (cat, car, frog), their scores given.
// With X = I (one "pixel" per image) and a zero bias row, W's rows are the images' scores.
const scores = [
  [3.2, 5.1, -1.7], // a cat:  cat 3.2, car 5.1, frog -1.7
  [1.3, 4.9, 2.0], // a car
  [2.2, 2.5, -3.1], // a frog
];

test("the seed's SVM example: per-image losses 2.9, 0, 12.9 and their mean 5.27", () => {
  const clf = new LinearClassifier();
  clf.W = f64([...scores, [0, 0, 0]]);
  const X = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
  const each = [0, 1, 2].map((i) => clf.lossAndGrad([X[i]], [i]).loss);
  [2.9, 0, 12.9].forEach((v, i) => assert.ok(Math.abs(each[i] - v) < 1e-12, `image ${i}: ${each[i]}`));
  const { loss, grad } = clf.lossAndGrad(X, [0, 1, 2]);
  assert.equal(loss.toFixed(2), "5.27");
  assert.ok(Math.abs(loss - 15.8 / 3) < 1e-12);
  assert.deepEqual(grad.shape, [4, 3]);
  // cat image: only the car margin is positive -> +x/3 in the car column, -x/3 in the cat column
  // frog image: both wrong classes positive -> +x/3 for cat and car, -2x/3 for frog; the bias row sums them
  const expected = [[-1 / 3, 1 / 3, 0], [0, 0, 0], [1 / 3, 1 / 3, -2 / 3], [0, 2 / 3, -2 / 3]];
  assert.ok(maxRelErr(grad.data, expected.flat()) < 1e-15, String(Array.from(grad.data)));
});

/** The same loss built from backprop tensor ops with requiresGrad, differentiated by autograd. */
function autogradLoss(params: LinearClassifierParams, W0: bp.Tensor, X: bp.Tensor, y: number[]): { loss: number; grad: bp.Tensor } {
  const W = W0.detach().clone().requiresGrad_(true);
  const xb = bp.cat([X, bp.ones([X.shape[0], 1], { dtype: "float64" })], 1);
  const s = xb.matmul(W);
  const idx = bp.tensor(y, { dtype: "int32" }).unsqueeze(1);
  const n = X.shape[0];
  let loss: bp.Tensor;
  if (params.loss === "svm") {
    const correct = s.gather(1, idx);
    const mask = bp.oneHot(idx.squeeze(1), W.shape[1]).to("float64").neg().add(1);
    loss = s.sub(correct).add(1).relu().mul(mask).sum().div(n);
  } else {
    loss = s.logSoftmax(1).gather(1, idx).sum().neg().div(n);
  }
  const share = params.penalty === "l1" ? 1 : params.penalty === "l2" ? 0 : params.l1Ratio;
  if (params.penalty !== null) {
    loss = loss.add(W.abs().sum().mul(params.alpha * share)).add(W.mul(W).sum().mul(params.alpha * (1 - share)));
  }
  loss.backward();
  return { loss: loss.item(), grad: W.grad! };
}

test("lossAndGrad's analytic gradient equals autograd's and central finite differences (svm / softmax x every penalty)", () => {
  // fixed, well-spread values: no margin and no weight sits exactly at a kink
  const X = f64([[0.5, -1.2, 2.0, 0.3], [1.5, 0.2, -0.7, -1.1], [-0.3, 0.9, 0.4, 1.7], [2.2, -0.4, -1.6, 0.8], [-1.0, -2.1, 0.6, 0.1]]);
  const y = [0, 2, 1, 2, 0];
  const W0 = f64([[0.31, -0.52, 0.13], [-0.24, 0.45, 0.66], [0.07, -0.38, 0.29], [0.58, 0.11, -0.43], [-0.17, 0.22, 0.35]]);
  for (const loss of ["svm", "softmax"] as const) {
    for (const penalty of [null, "l2", "l1", "elasticnet"] as const) {
      const clf = new LinearClassifier({ loss, penalty, alpha: 0.3, l1Ratio: 0.4 });
      clf.W = W0.clone();
      const mine = clf.lossAndGrad(X, y);
      const auto = autogradLoss(clf.getParams() as LinearClassifierParams, W0, X, y);
      const what = `${loss} / ${penalty}`;
      assert.ok(Math.abs(mine.loss - auto.loss) < 1e-12, `${what}: loss ${mine.loss} vs ${auto.loss}`);
      assert.ok(maxRelErr(mine.grad.data, auto.grad.data) < 1e-12, `${what}: grad vs autograd`);
      // central differences, h = 1e-6
      const h = 1e-6;
      const w = W0.data as Float64Array;
      for (let i = 0; i < w.length; i++) {
        const plus = Float64Array.from(w);
        plus[i] += h;
        const minus = Float64Array.from(w);
        minus[i] -= h;
        clf.W = new bp.Tensor(plus, W0.shape);
        const fp = clf.lossAndGrad(X, y).loss;
        clf.W = new bp.Tensor(minus, W0.shape);
        const fm = clf.lossAndGrad(X, y).loss;
        const numeric = (fp - fm) / (2 * h);
        assert.ok(Math.abs(numeric - mine.grad.data[i]) < 1e-7, `${what}: dW[${i}] ${mine.grad.data[i]} vs numeric ${numeric}`);
      }
    }
  }
});

test("fit reproduces the seed's loop-by-loop numpy classifier driven by numpy's RandomState(777)", () => {
  const { X, y, runs } = fixture.linearClassifier;
  for (const r of runs) {
    const clf = new LinearClassifier({ loss: r.loss, penalty: r.penalty, alpha: r.alpha, learningRate: r.learningRate, batchSize: r.batchSize, epochs: r.epochs });
    clf.fit(X, y);
    assert.equal(clf.lossHistory.length, r.lossHistory.length);
    assert.ok(maxRelErr(clf.lossHistory, r.lossHistory, 1e-3) < 1e-9, `${r.loss}/${r.penalty}: ${clf.lossHistory} vs ${r.lossHistory}`);
    assert.ok(maxRelErr(clf.W!.data, flat(r.W), 1e-3) < 1e-9, `${r.loss}/${r.penalty}: W`);
  }
  // the initial W is np.random.seed(777); np.random.randn(features + 1, classes) * 0.0001
  const untrained = new LinearClassifier({ learningRate: 1e-300 }).fit(X, y);
  assert.ok(maxRelErr(untrained.W!.data, flat(runs[0].W0), 1e-12) < 1e-12);
});

test("fit reduces the loss on a toy set and predicts its classes; deterministic; the contract", () => {
  const X: number[][] = [];
  const y: number[] = [];
  const centres = [[2, 0], [-2, 1], [0, -2.5]];
  for (let i = 0; i < 60; i++) {
    const c = i % 3;
    X.push([centres[c][0] + Math.sin(i * 1.7) * 0.6, centres[c][1] + Math.cos(i * 2.3) * 0.6]);
    y.push([10, 20, 30][c]);
  }
  for (const loss of ["svm", "softmax"] as const) {
    const clf = new LinearClassifier({ loss, learningRate: 0.1, batchSize: 16, epochs: 20, penalty: "l2", alpha: 1e-3 });
    assert.equal(clf.fit(X, y), clf);
    assert.equal(clf.lossHistory.length, 20 * 4);
    const first = clf.lossHistory[0];
    const last = clf.lossHistory.at(-1)!;
    assert.ok(last < first / 4, `${loss}: ${first} -> ${last}`);
    assert.deepEqual(Array.from(clf.classes!.data), [10, 20, 30]);
    assert.equal(clf.score(X, y), 1);
    assert.deepEqual(clf.W!.shape, [3, 3]);
    const again = new LinearClassifier({ loss, learningRate: 0.1, batchSize: 16, epochs: 20, penalty: "l2", alpha: 1e-3 }).fit(X, y);
    assert.deepEqual(Array.from(again.W!.data), Array.from(clf.W!.data));
  }
  const clf = new LinearClassifier();
  assert.throws(() => clf.lossAndGrad([[1]], [0]), /LinearClassifier.lossAndGrad: W is not set; call fit or assign W/);
  assert.throws(() => clf.predict([[1, 2]]), /LinearClassifier.decisionFunction: This LinearClassifier instance is not fitted yet/);
  clf.fit(X, y);
  assert.throws(() => clf.lossAndGrad([[1, 2]], [3]), /y must hold class indices in \[0, 2\] \(W's columns\), got 3/);
  assert.throws(() => clf.lossAndGrad([[1, 2, 3]], [0]), /X has 3 features, but W has 3 rows \(features \+ 1 for the bias\)/);
  assert.throws(() => new LinearClassifier({ loss: "hinge" as never }), /LinearClassifier: loss must be "svm" or "softmax", got "hinge"/);
  assert.throws(() => new LinearClassifier({ batchSize: 0 }), /LinearClassifier: batchSize must be a positive integer, got 0/);
  assert.deepEqual(new LinearClassifier().getParams(), { loss: "svm", penalty: null, alpha: 0, l1Ratio: 0.5, learningRate: 1e-8, batchSize: 256, epochs: 1, randomState: 777 });
  // float32 tensors train in float32
  const f32 = new LinearClassifier({ learningRate: 0.1, epochs: 3 }).fit(bp.tensor(X), y);
  assert.equal(f32.W!.dtype, "float32");
  assert.equal(f32.predict(bp.tensor(X)).shape[0], 60);
});
