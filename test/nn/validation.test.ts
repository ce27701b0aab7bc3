import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

/* Inputs that PyTorch refuses and backprop used to accept or crash on (issue 13). */

test("Linear.forward says a Tensor is expected when given an array", () => {
  const fc = new nn.Linear(2, 2);
  assert.throws(() => fc.forward([1, 2] as unknown as bp.Tensor),
    /^Error: Linear\.forward: argument 'input' must be a Tensor, not an array \(wrap it with bp\.tensor\(\.\.\.\)\)$/);
  assert.throws(() => fc.forward(3 as unknown as bp.Tensor), /^Error: Linear\.forward: argument 'input' must be a Tensor, not number/);
});

test("Flatten, Unflatten and the common losses say a Tensor is expected", () => {
  const arr = [1, 2] as unknown as bp.Tensor;
  assert.throws(() => new nn.Flatten().forward(arr), /^Error: Flatten\.forward: argument 'input' must be a Tensor, not an array/);
  assert.throws(() => new nn.Unflatten(1, [2, 1]).forward(arr), /^Error: Unflatten\.forward: argument 'input' must be a Tensor/);
  assert.throws(() => new nn.Sequential(new nn.Linear(2, 2)).forward(arr), /^Error: Linear\.forward: argument 'input' must be a Tensor/);
  const x = bp.zeros(2, 3);
  assert.throws(() => new nn.CrossEntropyLoss().forward(x, [0, 1] as unknown as bp.Tensor),
    /^Error: CrossEntropyLoss\.forward: argument 'target' must be a Tensor, not an array/);
  assert.throws(() => new nn.NLLLoss().forward(arr, x), /^Error: NLLLoss\.forward: argument 'input' must be a Tensor/);
  assert.throws(() => new nn.MSELoss().forward(x, null as unknown as bp.Tensor), /^Error: MSELoss\.forward: argument 'target' must be a Tensor, not null$/);
});

test("class-index losses: float labels, NaN labels and out-of-range indices are clear errors", () => {
  const ce = new nn.CrossEntropyLoss();
  const logits = bp.zeros(2, 3);
  for (const target of [bp.tensor([0, 1]), bp.tensor([0, NaN])]) {
    assert.throws(() => ce.forward(logits, target),
      /^Error: CrossEntropyLoss: expected int32 class indices of shape \[2\] or float class probabilities of shape \[2, 3\], got a float32 target of shape \[2\] \(convert class labels with target\.int\(\)\)$/);
  }
  assert.throws(() => bp.tensor([0, NaN], { dtype: "int32" }), /cannot be converted to type int32/);
  for (const bad of [3, -1]) {
    assert.throws(() => ce.forward(logits, bp.tensor([0, bad], { dtype: "int32" })),
      new RegExp(`^Error: CrossEntropyLoss: target ${bad} is out of bounds for 3 classes$`));
    assert.throws(() => new nn.NLLLoss().forward(logits, bp.tensor([bad, 0], { dtype: "int32" })),
      new RegExp(`^Error: NLLLoss: target ${bad} is out of bounds for 3 classes$`));
  }
  // an empty batch gives NaN under "mean", as PyTorch's cross_entropy does
  assert.ok(Number.isNaN(ce.forward(bp.zeros(0, 3), bp.tensor([], { dtype: "int32" })).item()));
});

test("Linear: int32 inputs and bad sizes are clear errors", () => {
  assert.throws(() => new nn.Linear(2, 2).forward(bp.tensor([[1, 2]], { dtype: "int32" })),
    /^Error: linear: input is int32 but weight is float32/);
  for (const bad of [-1, 2.5, NaN]) {
    assert.throws(() => new nn.Linear(bad, 2), new RegExp(`^Error: Linear: inFeatures must be a non-negative integer, got ${bad}$`));
    assert.throws(() => new nn.Linear(2, bad), new RegExp(`^Error: Linear: outFeatures must be a non-negative integer, got ${bad}$`));
  }
});

test("every nn module and nn.functional form says which argument must be a Tensor", () => {
  const arr = [1, 2] as unknown as bp.Tensor;
  const x = bp.randn(2, 3);
  const F = nn.functional;
  const cases: Array<[string, () => unknown]> = [
    ["relu", () => new nn.ReLU().forward(arr)], ["leakyRelu", () => new nn.LeakyReLU().forward(arr)],
    ["prelu", () => new nn.PReLU().forward(arr)], ["rrelu", () => new nn.RReLU().forward(arr)], ["elu", () => new nn.ELU().forward(arr)],
    ["gelu", () => new nn.GELU().forward(arr)], ["sigmoid", () => new nn.Sigmoid().forward(arr)], ["tanh", () => new nn.Tanh().forward(arr)],
    ["softmax", () => new nn.Softmax(1).forward(arr)], ["logSoftmax", () => new nn.LogSoftmax(1).forward(arr)],
    ["threshold", () => new nn.Threshold(0.1, 0).forward(arr)], ["step", () => new nn.Step().forward(arr)],
    ["softplus", () => new nn.Softplus().forward(arr)], ["silu", () => new nn.SiLU().forward(arr)], ["mish", () => new nn.Mish().forward(arr)],
    ["selu", () => new nn.SELU().forward(arr)], ["celu", () => new nn.CELU().forward(arr)], ["hardtanh", () => new nn.Hardtanh().forward(arr)],
    ["hardswish", () => new nn.Hardswish().forward(arr)], ["logsigmoid", () => new nn.LogSigmoid().forward(arr)],
    ["softshrink", () => new nn.Softshrink().forward(arr)], ["hardshrink", () => new nn.Hardshrink().forward(arr)],
    ["dropout", () => new nn.Dropout().forward(arr)], ["dropout1d", () => new nn.Dropout1d().forward(arr)],
    ["dropout2d", () => new nn.Dropout2d().forward(arr)], ["alphaDropout", () => new nn.AlphaDropout().forward(arr)],
    ["BatchNorm1d\\.forward", () => new nn.BatchNorm1d(3).forward(arr)], ["layerNorm", () => new nn.LayerNorm(3).forward(arr)],
    ["embedding", () => new nn.Embedding(4, 2).forward(arr)], ["pad", () => new nn.ConstantPad1d(1, 0).forward(arr)],
    ["pad", () => new nn.ReflectionPad1d(1).forward(arr)], ["cosineSimilarity", () => new nn.CosineSimilarity().forward(arr, x)],
    ["pairwiseDistance", () => new nn.PairwiseDistance().forward(arr, x)],
    ["linear", () => F.linear(arr, bp.randn(2, 2))], ["batchNorm", () => F.batchNorm(arr, null, null)], ["normalize", () => F.normalize(arr)],
    ["L1Loss", () => new nn.L1Loss().forward(arr, x)], ["BCELoss", () => new nn.BCELoss().forward(arr, x)],
    ["BCEWithLogitsLoss", () => new nn.BCEWithLogitsLoss().forward(arr, x)], ["HuberLoss", () => new nn.HuberLoss().forward(arr, x)],
    ["SmoothL1Loss", () => new nn.SmoothL1Loss().forward(arr, x)], ["KLDivLoss", () => new nn.KLDivLoss().forward(arr, x)],
    ["PoissonNLLLoss", () => new nn.PoissonNLLLoss().forward(arr, x)], ["SoftMarginLoss", () => new nn.SoftMarginLoss().forward(arr, x)],
    ["MultiLabelSoftMarginLoss", () => new nn.MultiLabelSoftMarginLoss().forward(arr, x)],
    ["HingeEmbeddingLoss", () => new nn.HingeEmbeddingLoss().forward(arr, x)], ["MultiMarginLoss", () => new nn.MultiMarginLoss().forward(arr, x)],
    ["GaussianNLLLoss", () => new nn.GaussianNLLLoss().forward(arr, x, x)], ["CrossEntropyLoss", () => F.crossEntropy(arr, x)],
    ["NLLLoss", () => F.nllLoss(arr, x)], ["MSELoss", () => F.mseLoss(arr, x)],
  ];
  for (const [name, f] of cases) {
    assert.throws(f, new RegExp(`^Error: ${name}: argument '(input|x1)' must be a Tensor, not an array \\(wrap it with bp\\.tensor\\(\\.\\.\\.\\)\\)$`), name);
  }
  // the second (and third) tensor arguments are named too
  const named: Array<[RegExp, () => unknown]> = [
    [/^Error: L1Loss: argument 'target' must be a Tensor, not an array/, () => new nn.L1Loss().forward(x, arr)],
    [/^Error: GaussianNLLLoss: argument 'var' must be a Tensor, not number$/, () => new nn.GaussianNLLLoss().forward(x, x, 1 as unknown as bp.Tensor)],
    [/^Error: MultiMarginLoss: argument 'target' must be a Tensor, not null$/, () => F.multiMarginLoss(x, null as unknown as bp.Tensor)],
    [/^Error: NLLLoss: argument 'target' must be a Tensor, not an array/, () => F.nllLoss(x, arr)],
    [/^Error: CrossEntropyLoss: argument 'weight' must be a Tensor, not an array/, () => F.crossEntropy(x, bp.tensor([0, 1], { dtype: "int32" }), { weight: arr })],
    [/^Error: cosineSimilarity: argument 'x2' must be a Tensor, not undefined$/, () => (new nn.CosineSimilarity().forward as (a: bp.Tensor) => bp.Tensor)(x)],
    [/^Error: linear: argument 'weight' must be a Tensor, not an array/, () => F.linear(x, arr)],
    [/^Error: linear: argument 'bias' must be a Tensor, not an array/, () => F.linear(x, bp.randn(2, 3), arr)],
    [/^Error: prelu: argument 'weight' must be a Tensor, not number$/, () => F.prelu(x, 0.25 as unknown as bp.Tensor)],
    [/^Error: embedding: argument 'weight' must be a Tensor, not an array/, () => F.embedding(bp.tensor([0], { dtype: "int32" }), arr)],
    [/^Error: batchNorm: argument 'runningMean' must be a Tensor, not an array/, () => F.batchNorm(x, arr, null)],
    [/^Error: MarginRankingLoss: argument 'input2' must be a Tensor, not an array/, () => new nn.MarginRankingLoss().forward(x, arr, x)],
    [/^Error: CosineEmbeddingLoss: argument 'target' must be a Tensor, not an array/, () => new nn.CosineEmbeddingLoss().forward(x, x, arr)],
    [/^Error: TripletMarginLoss: argument 'negative' must be a Tensor, not an array/, () => new nn.TripletMarginLoss().forward(x, x, arr)],
  ];
  for (const [re, f] of named) assert.throws(f, re);
});

test("int32 or bool inputs where PyTorch needs floating point name the op and the argument", () => {
  const xi = bp.tensor([[1, 2, 3], [4, 5, 6]], { dtype: "int32" });
  const xf = bp.rand(2, 3);
  const labels = bp.tensor([0, 1], { dtype: "int32" });
  const F = nn.functional;
  const cases: Array<[string, () => unknown]> = [
    ["CrossEntropyLoss", () => new nn.CrossEntropyLoss().forward(xi, labels)],
    ["NLLLoss", () => new nn.NLLLoss().forward(xi, labels)],
    ["MultiMarginLoss", () => new nn.MultiMarginLoss().forward(xi, labels)],
    ["BCELoss", () => new nn.BCELoss().forward(xi, xf)],
    ["BCEWithLogitsLoss", () => new nn.BCEWithLogitsLoss().forward(xi, xf)],
    ["HuberLoss", () => new nn.HuberLoss().forward(xi, xf)],
    ["KLDivLoss", () => new nn.KLDivLoss().forward(xi, xf)],
    ["SoftMarginLoss", () => new nn.SoftMarginLoss().forward(xi, xf)],
    ["MultiLabelSoftMarginLoss", () => new nn.MultiLabelSoftMarginLoss().forward(xi, xf)],
    ["HingeEmbeddingLoss", () => new nn.HingeEmbeddingLoss().forward(xi, xf)],
    ["batchNorm", () => new nn.BatchNorm1d(3).forward(xi)],
    ["layerNorm", () => new nn.LayerNorm(3).forward(xi)],
    ["prelu", () => new nn.PReLU().forward(xi)],
    ["batchNorm", () => F.batchNorm(xi.bool(), null, null)],
  ];
  for (const [name, f] of cases) {
    assert.throws(f, new RegExp(`^Error: ${name}: argument 'input' must be a floating-point tensor, got (int32|bool) \\(convert it with input\\.float\\(\\)\\)$`), name);
  }
  assert.throws(() => new nn.KLDivLoss().forward(xf, xi), /^Error: KLDivLoss: argument 'target' must be a floating-point tensor, got int32/);
  // what PyTorch computes with integer tensors still works: regression losses and int targets
  assert.equal(new nn.MSELoss().forward(xi, xf).dtype, "float32");
  assert.equal(new nn.L1Loss().forward(xf, xi).dtype, "float32");
  assert.equal(new nn.BCEWithLogitsLoss().forward(xf, xi.clamp(0, 1)).dtype, "float32");
});

test("Linear(0, n) maps an empty feature axis to its bias, as PyTorch does", () => {
  // it used to fail in reshape with a NaN row count (numel / inFeatures = 0 / 0)
  const fc = new nn.Linear(0, 3);
  fc.bias!.data.set([1, 2, 3]);
  const x = bp.zeros([2, 0], { requiresGrad: true });
  const y = fc.forward(x);
  assert.deepEqual(y.shape, [2, 3]);
  assert.deepEqual([...y.data], [1, 2, 3, 1, 2, 3]);
  y.sum().backward();
  assert.deepEqual([...fc.bias!.grad!.data], [2, 2, 2]);
  assert.deepEqual(x.grad!.shape, [2, 0]);
});
