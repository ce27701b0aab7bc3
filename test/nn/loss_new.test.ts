/**
 * The losses added in issue 8 (HuberLoss ... HingeEmbeddingLoss), functional and module forms, against
 * PyTorch 1.13 (test/fixtures/gen_losses.py): forward and backward in float32 and float64, gradcheck
 * on the float64 cases; plus their defaults and errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import type * as FT from "../../src/nn/functional/index.ts";
import { type Runner, checkCase } from "./helpers.ts";
import { lossCases } from "./loss_fixture.ts";

const F = nn.functional;

const FUNCTIONAL: Record<string, Runner> = {
  huberLoss: (t, k) => F.huberLoss(t.input, t.target, k as FT.HuberLossOptions),
  smoothL1Loss: (t, k) => F.smoothL1Loss(t.input, t.target, k as FT.SmoothL1LossOptions),
  klDiv: (t, k) => F.klDiv(t.input, t.target, k as FT.KLDivLossOptions),
  poissonNllLoss: (t, k) => F.poissonNllLoss(t.input, t.target, k as FT.PoissonNLLLossOptions),
  gaussianNllLoss: (t, k) => F.gaussianNllLoss(t.input, t.target, t.var, k as FT.GaussianNLLLossOptions),
  softMarginLoss: (t, k) => F.softMarginLoss(t.input, t.target, k as FT.LossOptions),
  multilabelSoftMarginLoss: (t, k) => F.multilabelSoftMarginLoss(t.input, t.target, { ...(k as FT.LossOptions), weight: t.weight }),
  cosineEmbeddingLoss: (t, k) => F.cosineEmbeddingLoss(t.input1, t.input2, t.target, k as FT.MarginLossOptions),
  marginRankingLoss: (t, k) => F.marginRankingLoss(t.input1, t.input2, t.target, k as FT.MarginLossOptions),
  tripletMarginLoss: (t, k) => F.tripletMarginLoss(t.anchor, t.positive, t.negative, k as FT.TripletMarginLossOptions),
  hingeEmbeddingLoss: (t, k) => F.hingeEmbeddingLoss(t.input, t.target, k as FT.MarginLossOptions),
};

const MODULES: Record<string, Runner> = {
  huberLoss: (t, k) => new nn.HuberLoss(k).forward(t.input, t.target),
  smoothL1Loss: (t, k) => new nn.SmoothL1Loss(k).forward(t.input, t.target),
  klDiv: (t, k) => new nn.KLDivLoss(k).forward(t.input, t.target),
  poissonNllLoss: (t, k) => new nn.PoissonNLLLoss(k).forward(t.input, t.target),
  gaussianNllLoss: (t, k) => new nn.GaussianNLLLoss(k).forward(t.input, t.target, t.var),
  softMarginLoss: (t, k) => new nn.SoftMarginLoss(k).forward(t.input, t.target),
  multilabelSoftMarginLoss: (t, k) => new nn.MultiLabelSoftMarginLoss({ ...k, weight: t.weight }).forward(t.input, t.target),
  cosineEmbeddingLoss: (t, k) => new nn.CosineEmbeddingLoss(k).forward(t.input1, t.input2, t.target),
  marginRankingLoss: (t, k) => new nn.MarginRankingLoss(k).forward(t.input1, t.input2, t.target),
  tripletMarginLoss: (t, k) => new nn.TripletMarginLoss(k).forward(t.anchor, t.positive, t.negative),
  hingeEmbeddingLoss: (t, k) => new nn.HingeEmbeddingLoss(k).forward(t.input, t.target),
};

const OPS = Object.keys(FUNCTIONAL);

for (const c of lossCases(OPS)) {
  test(`torch parity: ${c.name} (functional + gradcheck)`, () => checkCase(c, FUNCTIONAL[c.op]));
  test(`torch parity: ${c.name} (module)`, () => checkCase(c, MODULES[c.op], { gradcheck: false }));
}

test("every new loss has float32 and float64 cases, each reduction, and gradchecked cases", () => {
  for (const op of OPS) {
    const cases = lossCases([op]);
    assert.ok(cases.some((c) => c.out.dtype === "float32"), `${op}: no float32 case`);
    assert.ok(cases.some((c) => c.gradcheck), `${op}: no gradcheck case`);
    for (const r of ["mean", "sum", "none"]) assert.ok(cases.some((c) => (c.kwargs.reduction ?? "mean") === r), `${op}: no ${r} case`);
  }
  assert.ok(lossCases(["klDiv"]).some((c) => c.kwargs.reduction === "batchmean"));
});

test("defaults are PyTorch's", () => {
  assert.equal(new nn.HuberLoss().delta, 1);
  assert.equal(new nn.SmoothL1Loss().beta, 1);
  const kl = new nn.KLDivLoss();
  assert.equal(kl.reduction, "mean");
  assert.equal(kl.logTarget, false);
  assert.equal(new nn.KLDivLoss({ reduction: "batchmean" }).reduction, "batchmean");
  const poisson = new nn.PoissonNLLLoss();
  assert.deepEqual([poisson.logInput, poisson.full, poisson.eps], [true, false, 1e-8]);
  const gauss = new nn.GaussianNLLLoss();
  assert.deepEqual([gauss.full, gauss.eps], [false, 1e-6]);
  assert.equal(new nn.CosineEmbeddingLoss().margin, 0);
  assert.equal(new nn.MarginRankingLoss().margin, 0);
  assert.equal(new nn.HingeEmbeddingLoss().margin, 1);
  const triplet = new nn.TripletMarginLoss();
  assert.deepEqual([triplet.margin, triplet.p, triplet.eps, triplet.swap], [1, 2, 1e-6, false]);
  const ml = new nn.MultiLabelSoftMarginLoss(bp.ones(3));
  assert.ok(ml instanceof nn.WeightedLoss);
  assert.deepEqual(Object.keys(ml.stateDict()), ["weight"]);
  for (const m of [kl, poisson, gauss, triplet, new nn.SoftMarginLoss()]) assert.ok(m instanceof nn.Loss);
});

test("the JSDoc examples give the values they print", () => {
  const close = (t: bp.Tensor, v: number): void => assert.ok(Math.abs(t.item() - v) < 1e-4, `${t.item()} vs ${v}`);
  close(F.huberLoss(bp.tensor([0, 3]), bp.tensor([0.5, 0])), 1.3125);
  close(new nn.HuberLoss({ delta: 0.5 }).forward(bp.tensor([0, 3]), bp.tensor([0.5, 0])), 0.75);
  close(F.smoothL1Loss(bp.tensor([0, 3]), bp.tensor([0.5, 0])), 1.3125);
  close(F.klDiv(bp.tensor([[0.5, 0.5]]).log(), bp.tensor([[0.9, 0.1]]), { reduction: "batchmean" }), 0.3681);
  close(F.poissonNllLoss(bp.tensor([0, 1]), bp.tensor([1, 2])), 0.8591);
  close(F.gaussianNllLoss(bp.tensor([0, 1]), bp.tensor([0.5, 1]), bp.tensor([1, 1])), 0.0625);
  close(F.softMarginLoss(bp.tensor([2, -1]), bp.tensor([1, -1])), 0.2201);
  close(F.multilabelSoftMarginLoss(bp.tensor([[2, -1]]), bp.tensor([[1, 0]])), 0.2201);
  close(F.cosineEmbeddingLoss(bp.tensor([[1, 0]]), bp.tensor([[1, 1]]), bp.tensor([1])), 0.2929);
  close(F.marginRankingLoss(bp.tensor([0.8, 0.2]), bp.tensor([0.3, 0.4]), bp.tensor([1, 1])), 0.1);
  close(F.tripletMarginLoss(bp.tensor([[0, 0]]), bp.tensor([[0, 1]]), bp.tensor([[3, 4]])), 0);
  close(F.hingeEmbeddingLoss(bp.tensor([0.3, 2]), bp.tensor([1, -1])), 0.15);
});

test("bad options and shapes name the loss and what is wrong", () => {
  const x = bp.randn(2, 3);
  assert.throws(() => new nn.HuberLoss({ delta: 0 }), /HuberLoss: delta must be positive, got 0/);
  assert.throws(() => F.huberLoss(x, x, { delta: -1 }), /HuberLoss: delta must be positive, got -1/);
  assert.throws(() => new nn.SmoothL1Loss({ beta: -0.5 }), /SmoothL1Loss: beta must not be negative, got -0.5/);
  assert.throws(() => new nn.KLDivLoss({ reduction: "avg" as "mean" }), /KLDivLoss: "avg" is not a valid value for reduction/);
  assert.throws(() => new nn.HuberLoss({ reduction: "batchmean" as "mean" }), /HuberLoss: "batchmean" is not a valid value for reduction/);
  assert.throws(() => F.huberLoss(x, bp.randn(3)), /HuberLoss: target shape \[3\] does not match input shape \[2, 3\]/);
  assert.throws(() => F.gaussianNllLoss(x, x, bp.ones(3)), /GaussianNLLLoss: var of shape \[3\] is of incorrect size for input of shape \[2, 3\]/);
  assert.throws(() => F.gaussianNllLoss(x, x, bp.tensor([1, -1])), /GaussianNLLLoss: var has negative entry/);
  assert.throws(
    () => F.cosineEmbeddingLoss(bp.randn(3), bp.randn(3), bp.ones(3)),
    /CosineEmbeddingLoss: 1D target tensor expects 2D input tensors, but found inputs with sizes \[3\] and \[3\]/,
  );
  assert.throws(() => F.cosineEmbeddingLoss(x, x, bp.ones(2, 1)), /CosineEmbeddingLoss: 0D or 1D target tensor expected/);
  assert.throws(() => F.marginRankingLoss(bp.randn(3), bp.randn(3, 1), bp.ones(3)), /MarginRankingLoss: all input tensors should have the same number of dimensions/);
  assert.throws(
    () => F.tripletMarginLoss(x, x, bp.randn(3)),
    /TripletMarginLoss: all anchor, positive and negative tensors are expected to have the same number of dimensions, but got: anchor 2D, positive 2D, and negative 1D inputs/,
  );
  assert.throws(() => F.multilabelSoftMarginLoss(x, x, { weight: bp.ones(4) }), /MultiLabelSoftMarginLoss: weight of shape \[4\] does not broadcast to the input shape \[2, 3\]/);
});

test("a loss takes the reduction 'sum' and 'none' with the shapes PyTorch gives", () => {
  const x = bp.randn(4, 3);
  assert.deepEqual(F.multilabelSoftMarginLoss(x, bp.rand(4, 3), { reduction: "none" }).shape, [4]);
  assert.deepEqual(F.cosineEmbeddingLoss(x, x, bp.ones(4), { reduction: "none" }).shape, [4]);
  assert.deepEqual(F.tripletMarginLoss(x, x, x, { reduction: "none" }).shape, [4]);
  assert.deepEqual(F.klDiv(x, bp.rand(4, 3), { reduction: "none" }).shape, [4, 3]);
  assert.deepEqual(F.huberLoss(x, x, { reduction: "sum" }).shape, []);
});
