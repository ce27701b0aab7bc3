import { test } from "node:test";
import assert from "node:assert/strict";
import { SGDClassifier } from "../../src/linear_model/index.ts";
import { plainSgd, type PlainSgdOptions } from "../../src/linear_model/plain_sgd.ts";
import { fixture, standardize } from "./fixture.ts";

const irisX = standardize(fixture.iris.data);
const irisY = fixture.iris.target;
const digitsX = fixture.digits500.data16.map((r) => r.map((v) => v / 16));
const digitsY = fixture.digits500.target;

const base: PlainSgdOptions = {
  loss: "hinge", penalty: "l2", alpha: 0.1, l1Ratio: 0.15, fitIntercept: true, maxIter: 1, tol: null,
  nIterNoChange: 5, shuffle: false, learningRate: "constant", eta0: 0.5, powerT: 0.5, shuffleOrder: () => {},
};

test("plain SGD, one hinge step with L2 by hand: shrink w by (1 - eta alpha), then w += eta y x", () => {
  // sample 1: p = 0 < 1 -> update 0.5 * y; w = 0.5 * (2, 0) = (1, 0), b = 0.5 (shrinking 0 changes nothing)
  // sample 2: x = (0, 1), y = -1: p = 0 + 0.5 = 0.5, y p = -0.5 <= 1 -> update -0.5;
  //   w = (1, 0) * (1 - 0.5 * 0.1) - 0.5 (0, 1) = (0.95, -0.5); b = 0
  const r = plainSgd(Float64Array.of(2, 0, 0, 1), 2, Float64Array.of(1, -1), base);
  assert.ok(Math.abs(r.w[0] - 0.95) < 1e-15 && Math.abs(r.w[1] + 0.5) < 1e-15, String(r.w));
  assert.ok(Math.abs(r.b) < 1e-15);
});

test("plain SGD: log loss gradient -y / (e^{py} + 1), L1 truncation and the 'optimal' schedule", () => {
  const log = plainSgd(Float64Array.of(1), 1, Float64Array.of(1), { ...base, loss: "log_loss", penalty: null });
  // p = 0: dL/dp = -1/2 -> w = 0.25, b = 0.25
  assert.ok(Math.abs(log.w[0] - 0.25) < 1e-15 && Math.abs(log.b - 0.25) < 1e-15);
  // L1 with a huge alpha truncates the weight to exactly 0
  const l1 = plainSgd(Float64Array.of(1, 1), 1, Float64Array.of(1, 1), { ...base, penalty: "l1", alpha: 10, maxIter: 3 });
  assert.equal(l1.w[0], 0);
  // the optimal schedule's first step is 1 / (alpha t0) = sqrt(1 / sqrt(alpha)) for the hinge loss
  const opt = plainSgd(Float64Array.of(1), 1, Float64Array.of(1), { ...base, penalty: null, alpha: 0.01, learningRate: "optimal", fitIntercept: false });
  assert.ok(Math.abs(opt.w[0] - Math.sqrt(1 / Math.sqrt(0.01))) < 1e-12, String(opt.w[0]));
  // tol: stops after nIterNoChange epochs without improvement
  const early = plainSgd(Float64Array.of(1, -1), 1, Float64Array.of(1, -1), { ...base, penalty: null, maxIter: 100, tol: 1e-3 });
  // epoch 1 loses 2, epoch 2 loses 0 (best), epochs 3..7 are five without improvement
  assert.equal(early.nIter, 7);
});

test("SGDClassifier reaches scikit-learn's train accuracy for each loss and penalty (mean over randomState 0..9)", () => {
  const settings = {
    sgd_hinge: {},
    sgd_log: { loss: "log_loss" },
    sgd_hinge_l1: { penalty: "l1" },
    sgd_log_elasticnet: { loss: "log_loss", penalty: "elasticnet" },
  } as const;
  const report: string[] = [];
  for (const [name, X, y, slack] of [["iris", irisX, irisY, 0.05], ["digits", digitsX, digitsY, 0.02]] as const) {
    for (const [key, opts] of Object.entries(settings)) {
      let acc = 0;
      for (let s = 0; s < 10; s++) acc += new SGDClassifier({ ...opts, randomState: s }).fit(X, y).score(X, y) / 10;
      const ref = fixture.sgdAccuracy[`${name}_${key}`];
      report.push(`${name} ${key}: ${acc.toFixed(4)} (scikit-learn ${ref})`);
      assert.ok(acc >= ref - slack, report.join("; "));
    }
  }
});

test("SGDClassifier: predictProba for log_loss, determinism, errors", () => {
  const m = new SGDClassifier({ loss: "log_loss", randomState: 1 }).fit(irisX, irisY);
  const p = m.predictProba(irisX);
  assert.deepEqual(p.shape, [150, 3]);
  for (const s of p.sum(1).data) assert.ok(Math.abs(s - 1) < 1e-12);
  // one-vs-rest: σ(d) normalised
  const d = m.decisionFunction(irisX).sigmoid();
  const manual = d.div(d.sum(1, true));
  p.data.forEach((v, i) => assert.ok(Math.abs(v - manual.data[i]) < 1e-15));
  assert.ok(Math.abs(m.predictLogProba(irisX).exp().data[0] - p.data[0]) < 1e-15);
  const again = new SGDClassifier({ loss: "log_loss", randomState: 1 }).fit(irisX, irisY);
  assert.deepEqual(Array.from(again.coef!.data), Array.from(m.coef!.data));
  const binary = new SGDClassifier({ loss: "log_loss", randomState: 0 }).fit(irisX, irisY.map((t) => (t === 2 ? 1 : 0)));
  const pb = binary.predictProba(irisX);
  assert.deepEqual(pb.shape, [150, 2]);
  assert.ok(Math.abs(pb.data[1] - binary.decisionFunction(irisX).sigmoid().data[0]) < 1e-15);
  const hinge = new SGDClassifier({ randomState: 0 }).fit(irisX, irisY);
  assert.throws(() => hinge.predictProba(irisX), /SGDClassifier.predictProba: probability estimates are not available for loss="hinge"/);
  assert.throws(() => new SGDClassifier({ loss: "squared" as never }), /SGDClassifier: loss must be "hinge", "log_loss" or "perceptron", got "squared"/);
  assert.throws(() => new SGDClassifier({ learningRate: "constant" }).fit([[0], [1]], [0, 1]), /eta0 must be > 0 with learningRate "constant", got 0/);
  assert.throws(() => new SGDClassifier({ l1Ratio: 2 }), /SGDClassifier: l1Ratio must be in \[0, 1\], got 2/);
});
