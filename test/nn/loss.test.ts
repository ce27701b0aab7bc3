import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { FUNCTIONAL, MODULES, casesOf, checkCase, getCase } from "./helpers.ts";

const LOSSES = ["mseLoss", "l1Loss", "crossEntropy", "nllLoss", "binaryCrossEntropy", "binaryCrossEntropyWithLogits", "multiMarginLoss"];
const F = nn.functional;
const int = (data: bp.NestedNumbers): bp.Tensor => bp.tensor(data, { dtype: "int32" });

for (const c of casesOf(...LOSSES)) {
  test(`torch parity: ${c.name} (functional + gradcheck)`, () => checkCase(c, FUNCTIONAL[c.op]));
  test(`torch parity: ${c.name} (module)`, () => checkCase(c, MODULES[c.op], { gradcheck: false }));
}

test("every loss has fixture cases for each reduction", () => {
  for (const op of LOSSES) {
    for (const r of ["mean", "sum", "none"]) {
      assert.ok(casesOf(op).some((c) => (c.kwargs.reduction ?? "mean") === r), `${op}: no ${r} case`);
    }
  }
});

test("the seed's MSELoss and L1Loss example: input [0.5, -0.25, 0.75], target [1, 0.25, 0.25]", () => {
  const input = bp.tensor([0.5, -0.25, 0.75]);
  const target = bp.tensor([1, 0.25, 0.25]);
  // PyTorch 1.13 prints tensor(0.2500) and tensor(0.5000): every difference is 0.5 in size
  assert.equal(new nn.MSELoss().forward(input, target).item(), 0.25);
  assert.equal(new nn.L1Loss().forward(input, target).item(), 0.5);
  checkCase(getCase("mseLoss/seed/mean"), MODULES.mseLoss);
  checkCase(getCase("l1Loss/seed/mean"), MODULES.l1Loss);
});

test("the seed's CrossEntropyLoss on a 3x5 input and BCELoss on 3 probabilities match torch", () => {
  checkCase(getCase("crossEntropy/seed/f32"), MODULES.crossEntropy);
  checkCase(getCase("binaryCrossEntropy/seed/f32"), MODULES.binaryCrossEntropy);
  const loss = new nn.CrossEntropyLoss();
  const out = loss.forward(bp.rand(3, 5), bp.randint(0, 5, [3]));
  assert.deepEqual(out.shape, []);
  assert.ok(out.item() > 0);
});

test("cross-entropy gradient is (softmax - onehot) / N", () => {
  const x = bp.randn([4, 3], { dtype: "float64", requiresGrad: true });
  const y = int([2, 0, 1, 1]);
  F.crossEntropy(x, y).backward();
  const p = x.detach().softmax(1);
  for (let n = 0; n < 4; n++) {
    for (let c = 0; c < 3; c++) {
      const expected = (p.data[n * 3 + c] - (y.data[n] === c ? 1 : 0)) / 4;
      assert.ok(Math.abs(x.grad!.data[n * 3 + c] - expected) < 1e-15);
    }
  }
});

test("cross-entropy with every target ignored is NaN, like PyTorch's 0/0", () => {
  const out = F.crossEntropy(bp.randn(2, 3), int([-100, -100]));
  assert.ok(Number.isNaN(out.item()));
  assert.equal(F.crossEntropy(bp.randn(2, 3), int([-100, -100]), { reduction: "sum" }).item(), 0);
});

test("CrossEntropyLoss: a class index out of range names it and the number of classes", () => {
  const loss = new nn.CrossEntropyLoss();
  assert.throws(() => loss.forward(bp.randn(2, 10), int([3, 10])), { message: "CrossEntropyLoss: target 10 is out of bounds for 10 classes" });
  assert.throws(() => loss.forward(bp.randn(2, 10), int([-1, 0])), /CrossEntropyLoss: target -1 is out of bounds for 10 classes/);
  assert.throws(() => new nn.NLLLoss().forward(bp.randn(1, 3), int([5])), /NLLLoss: target 5 is out of bounds for 3 classes/);
  assert.throws(() => new nn.MultiMarginLoss().forward(bp.randn(1, 3), int([3])), /MultiMarginLoss: target 3 is out of bounds for 3 classes/);
});

test("CrossEntropyLoss and NLLLoss need int32 class indices and say so", () => {
  assert.throws(
    () => new nn.CrossEntropyLoss().forward(bp.randn(3, 5), bp.tensor([1, 0, 4])),
    /CrossEntropyLoss: expected int32 class indices of shape \[3\] or float class probabilities of shape \[3, 5\], got a float32 target of shape \[3\]/,
  );
  assert.throws(() => new nn.NLLLoss().forward(bp.randn(3, 5), bp.tensor([1, 0, 4])), /NLLLoss: class-index targets must be int32, got float32/);
  assert.throws(() => new nn.MultiMarginLoss().forward(bp.randn(3, 5), bp.tensor([1, 0, 4])), /MultiMarginLoss: class-index targets must be int32/);
});

test("target shape mismatches name the loss and both shapes", () => {
  assert.throws(() => new nn.CrossEntropyLoss().forward(bp.randn(3, 5), int([1, 2])), /CrossEntropyLoss: expected target of shape \[3\] for input of shape \[3, 5\], got \[2\]/);
  assert.throws(() => new nn.MSELoss().forward(bp.randn(3, 1), bp.randn(3)), /MSELoss: target shape \[3\] does not match input shape \[3, 1\]/);
  assert.throws(() => new nn.L1Loss().forward(bp.randn(3), bp.randn(4)), /L1Loss: target shape \[4\] does not match input shape \[3\]/);
  assert.throws(() => new nn.BCELoss().forward(bp.rand(3, 1), bp.rand(3)), /BCELoss: target shape \[3\] does not match input shape \[3, 1\]/);
  assert.throws(() => new nn.BCEWithLogitsLoss().forward(bp.randn(2), bp.rand(2, 2)), /BCEWithLogitsLoss: target shape \[2, 2\] does not match input shape \[2\]/);
  assert.throws(() => new nn.MultiMarginLoss().forward(bp.randn(3, 4), int([1])), /MultiMarginLoss: expected target of shape \[3\] for input of shape \[3, 4\], got \[1\]/);
});

test("class weights of the wrong length are refused", () => {
  assert.throws(() => new nn.CrossEntropyLoss({ weight: bp.ones(4) }).forward(bp.randn(2, 5), int([0, 1])), /CrossEntropyLoss: weight should have one value per class \(5 classes\), got shape \[4\]/);
  assert.throws(() => new nn.BCELoss({ weight: bp.ones(4) }).forward(bp.rand(3), bp.rand(3)), /BCELoss: weight of shape \[4\] does not broadcast to the input shape \[3\]/);
});

test("BCELoss refuses probabilities outside [0, 1] and clamps its logs at -100", () => {
  assert.throws(() => new nn.BCELoss().forward(bp.tensor([0.5, 1.5]), bp.tensor([1, 0])), /BCELoss: all elements of input should be between 0 and 1, got 1.5/);
  assert.equal(new nn.BCELoss().forward(bp.tensor([0]), bp.tensor([1])).item(), 100);
  assert.equal(new nn.BCELoss().forward(bp.tensor([1, 1]), bp.tensor([1, 0])).item(), 50);
  checkCase(getCase("binaryCrossEntropy/edges"), FUNCTIONAL.binaryCrossEntropy, { gradcheck: false });
});

test("BCEWithLogitsLoss is finite for huge logits and its gradient is sigmoid(x) - y", () => {
  const x = bp.tensor([1000, -1000, 0, 30], { dtype: "float64", requiresGrad: true });
  const y = bp.tensor([0, 1, 1, 1], { dtype: "float64" });
  const l = F.binaryCrossEntropyWithLogits(x, y, { reduction: "none" });
  assert.deepEqual(Array.from(l.data).slice(0, 2), [1000, 1000]);
  assert.ok(Math.abs(l.data[2] - Math.LN2) < 1e-15);
  l.sum().backward();
  const s = (v: number): number => 1 / (1 + Math.exp(-v));
  assert.deepEqual(Array.from(x.grad!.data), [1, -1, 0.5 - 1, s(30) - 1]);
});

test("BCEWithLogitsLoss posWeight multiplies the positive term", () => {
  const x = bp.tensor([[0.3, -1.2]], { dtype: "float64" });
  const y = bp.tensor([[1, 1]], { dtype: "float64" });
  const pw = bp.tensor([2, 3], { dtype: "float64" });
  const out = new nn.BCEWithLogitsLoss({ posWeight: pw, reduction: "none" }).forward(x, y);
  const sp = (v: number): number => Math.log1p(Math.exp(-v));
  assert.ok(Math.abs(out.data[0] - 2 * sp(0.3)) < 1e-15);
  assert.ok(Math.abs(out.data[1] - 3 * sp(-1.2)) < 1e-15);
});

test("invalid options fail clearly", () => {
  assert.throws(() => new nn.MSELoss({ reduction: "avg" as "mean" }), /MSELoss: "avg" is not a valid value for reduction/);
  assert.throws(() => F.l1Loss(bp.ones(2), bp.ones(2), { reduction: "total" as "sum" }), /L1Loss: "total" is not a valid value for reduction/);
  assert.throws(() => new nn.MultiMarginLoss({ p: 3 }), /MultiMarginLoss: only p == 1 and p == 2 supported, got 3/);
  assert.throws(() => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }), /CrossEntropyLoss: labelSmoothing must be between 0.0 and 1.0, got 1.5/);
  assert.throws(() => F.crossEntropy(bp.tensor(1), int(0)), /CrossEntropyLoss: input must have at least 1 dimension/);
});

test("the multiclass SVM example of the seed: per-example hinge sums 2.9, 0, 12.9, divided by C", () => {
  const scores = bp.tensor([[3.2, 5.1, -1.7], [1.3, 4.9, 2.0], [2.2, 2.5, -3.1]], { dtype: "float64" });
  const out = new nn.MultiMarginLoss({ reduction: "none" }).forward(scores, int([0, 1, 2]));
  const expected = [2.9 / 3, 0, 12.9 / 3];
  expected.forEach((e, i) => assert.ok(Math.abs(out.data[i] - e) < 1e-12, `${out.data[i]} vs ${e}`));
  const mean = new nn.MultiMarginLoss({ p: 1 }).forward(scores, int([0, 1, 2])).item();
  assert.ok(Math.abs(mean - 15.8 / 9) < 1e-12);
  assert.equal(new nn.MultiMarginLoss(2).p, 2);
});

test("loss modules: reduction defaults to mean, weights are buffers in stateDict, no parameters, PyTorch names", () => {
  const w = bp.tensor([1, 2, 3]);
  const ce = new nn.CrossEntropyLoss({ weight: w, ignoreIndex: 1, labelSmoothing: 0.1 });
  assert.equal(ce.reduction, "mean");
  assert.equal(ce.ignoreIndex, 1);
  assert.equal(ce.labelSmoothing, 0.1);
  assert.equal(ce.parameters().length, 0);
  assert.deepEqual(Object.keys(ce.stateDict()), ["weight"]);
  assert.equal(new nn.CrossEntropyLoss(w).weight, w);
  assert.equal(new nn.NLLLoss(w).weight, w);
  assert.equal(new nn.BCELoss(w).weight, w);
  assert.equal(new nn.CrossEntropyLoss().weight, null);
  assert.deepEqual(Object.keys(new nn.CrossEntropyLoss().stateDict()), []);
  const bce = new nn.BCEWithLogitsLoss({ posWeight: bp.ones(3), reduction: "sum" });
  assert.deepEqual(Object.keys(bce.stateDict()), ["posWeight"]);
  assert.equal(bce.reduction, "sum");
  assert.equal(String(ce), "CrossEntropyLoss()");
  assert.ok(ce instanceof nn.WeightedLoss && ce instanceof nn.Loss && ce instanceof nn.Module);
  assert.ok(new nn.MSELoss() instanceof nn.Loss);
});

test("losses accept float64 inputs with float32 weights and keep the input's dtype", () => {
  const x = bp.randn([2, 3], { dtype: "float64" });
  assert.equal(F.crossEntropy(x, int([0, 2]), { weight: bp.ones(3) }).dtype, "float64");
  assert.equal(F.binaryCrossEntropyWithLogits(x, bp.ones(2, 3), { weight: bp.ones(3), posWeight: bp.ones(3) }).dtype, "float64");
  assert.equal(F.binaryCrossEntropy(x.sigmoid(), bp.ones(2, 3), { weight: bp.ones(3) }).dtype, "float64");
});
