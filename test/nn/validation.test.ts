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

test("issue 13's list, case by case: each a clear, short error naming the function, the argument and the value", () => {
  const logits = bp.zeros(2, 3);
  const i32 = (v: number[]): bp.Tensor => bp.tensor(v, { dtype: "int32" });
  const ds = new bp.data.TensorDataset(bp.zeros(4, 2), bp.zeros(4));
  const p = [new nn.Parameter(bp.zeros(2))];
  const table: Array<[string, () => unknown, RegExp]> = [
    ["float labels to CrossEntropyLoss", () => new nn.CrossEntropyLoss().forward(logits, bp.tensor([0, 1])),
      /^CrossEntropyLoss: expected int32 class indices of shape \[2\] .* got a float32 target/],
    ["float labels to NLLLoss", () => new nn.NLLLoss().forward(logits, bp.tensor([0, 1])), /^NLLLoss: class-index targets must be int32, got float32/],
    ["int32 inputs to a Linear", () => new nn.Linear(3, 2).forward(i32([1, 2, 3])), /^linear: input is int32 but weight is float32/],
    ["int32 scores to CrossEntropyLoss", () => new nn.CrossEntropyLoss().forward(logits.int(), i32([0, 1])),
      /^CrossEntropyLoss: argument 'input' must be a floating-point tensor, got int32/],
    ["NaN class index", () => bp.tensor([0, NaN], { dtype: "int32" }), /^tensor: value NaN at index 1 cannot be converted to type int32/],
    ["class index past the classes", () => new nn.CrossEntropyLoss().forward(logits, i32([0, 3])), /^CrossEntropyLoss: target 3 is out of bounds for 3 classes$/],
    ["negative class index", () => new nn.NLLLoss().forward(logits, i32([-1, 0])), /^NLLLoss: target -1 is out of bounds for 3 classes$/],
    ["embedding index past the table", () => new nn.Embedding(4, 2).forward(i32([4])), /^embedding: index 4 is out of range for 4 embeddings$/],
    ["oneHot class past numClasses", () => nn.functional.oneHot(i32([0, 3]), 3), /^oneHot: class values must be smaller than numClasses \(3\), got 3$/],
    ["gather index out of range", () => bp.gather(logits, 1, i32([0, 5]).reshape(2, 1)), /^gather: index 5 is out of bounds for dimension 1 with size 3$/],
    ["argmax of an empty tensor", () => bp.tensor([]).argmax(), /^argmax\(\): Expected reduction dim to be specified for input\.numel\(\) == 0\.$/],
    ["max of an empty tensor", () => bp.tensor([]).max(), /^max: cannot reduce an empty tensor \(shape \[0\]\)$/],
    ["item of an empty tensor", () => bp.tensor([]).item(), /^item: a Tensor with 0 elements cannot be converted to a number$/],
    ["empty data set to a DataLoader", () => new bp.data.DataLoader(new bp.data.TensorDataset(bp.zeros(0, 2))), /^DataLoader: dataset is empty \(length 0\)/],
    ["TensorDataset of nothing", () => new bp.data.TensorDataset(), /^TensorDataset: expected at least one tensor$/],
    ["TensorDataset of mismatched lengths", () => new bp.data.TensorDataset(bp.zeros(3, 2), bp.zeros(4)),
      /^TensorDataset: size mismatch between tensors: first dimensions are 3, 4/],
    ["batch size 0", () => new bp.data.DataLoader(ds, { batchSize: 0 }), /^DataLoader: batchSize should be a positive integer, got 0$/],
    ["batch size 2.5", () => new bp.data.DataLoader(ds, { batchSize: 2.5 }), /^DataLoader: batchSize should be a positive integer, got 2\.5$/],
    ["negative size", () => bp.zeros(2, -1), /^zeros: invalid shape \[2, -1\] \(sizes must be non-negative integers\)$/],
    ["non-integer size", () => bp.randn(2.5), /^randn: invalid shape \[2\.5\] \(sizes must be non-negative integers\)$/],
    ["negative layer size", () => new nn.Linear(-1, 2), /^Linear: inFeatures must be a non-negative integer, got -1$/],
    ["non-integer layer size", () => new nn.Embedding(2.5, 3), /^Embedding: numEmbeddings must be a non-negative integer, got 2\.5$/],
    ["negative arange", () => bp.arange(-5), /^arange: upper bound and lower bound inconsistent with step sign/],
    ["ragged nested array", () => bp.tensor([[1, 2, 3], [4, 5]]), /^tensor: ragged nested array at \[1\]: expected length 3, got 2$/],
    ["reshape to a different size", () => bp.arange(6).reshape(4), /^reshape: shape \[4\] is invalid for input of size 6 \(shape \[6\]\)$/],
    ["view to a different size", () => bp.arange(6).view(4, 2), /^view: shape \[4, 2\] is invalid for input of size 6/],
    ["split sizes that do not sum", () => bp.arange(6).split([2, 3]), /^split: sizes \[2, 3\] must be non-negative and sum exactly to 6/],
    ["randomSplit lengths that do not sum", () => bp.data.randomSplit(ds, [2, 3]),
      /^randomSplit: sum of input lengths \(5\) does not equal the length of the input dataset \(4\)$/],
    ["cat of nothing", () => bp.cat([]), /^cat: expected a non-empty list of tensors$/],
    ["cat of mismatched shapes", () => bp.cat([bp.zeros(2, 3), bp.zeros(2, 4)]), /^cat: tensor 1 has shape \[2, 4\], which does not match \[2, 3\] outside dimension 0$/],
    ["negative learning rate", () => new bp.optim.SGD(p, { lr: -1 }), /^SGD: Invalid learning rate: -1$/],
    ["NaN learning rate", () => new bp.optim.Adam(p, { lr: NaN }), /^Adam: Invalid learning rate: NaN$/],
    ["empty parameter list", () => new bp.optim.Adam([], { lr: 0.1 }), /^Adam: optimizer got an empty parameter list$/],
    ["an array for a Tensor", () => new nn.ReLU().forward([1] as unknown as bp.Tensor), /^relu: argument 'input' must be a Tensor, not an array/],
  ];
  for (const [what, f, re] of table) {
    assert.throws(f, (e: Error) => {
      assert.match(e.message, re, what);
      assert.ok(e.message.length < 300, `${what}: message of ${e.message.length} characters`);
      return true;
    }, what);
  }
});

test("number options given as strings are refused by name instead of read as a default", () => {
  const x = bp.randn(2, 3);
  const F = nn.functional;
  const bad = "a" as unknown as number;
  const cases: Array<[RegExp, () => unknown]> = [
    // each of these used to fall back to the default silently (or compute with the coerced string)
    [/^Error: LeakyReLU: negativeSlope must be a number, got string 0\.1$/, () => new nn.LeakyReLU("0.1" as unknown as number)],
    [/^Error: ELU: alpha must be a number, got string a$/, () => new nn.ELU({ alpha: bad })],
    [/^Error: elu: alpha must be a number, got string a$/, () => F.elu(x, bad)],
    [/^Error: CELU: alpha must be a number, got string a$/, () => new nn.CELU(bad)],
    [/^Error: Softplus: beta must be a number, got string a$/, () => new nn.Softplus({ beta: bad })],
    [/^Error: softplus: threshold must be a number, got string a$/, () => F.softplus(x, 1, bad)],
    [/^Error: Hardtanh: minVal must be a number, got string a$/, () => new nn.Hardtanh({ minVal: bad })],
    [/^Error: hardtanh: maxVal must be a number, got string a$/, () => F.hardtanh(x, -1, bad)],
    [/^Error: Hardshrink: lambd must be a number, got string a$/, () => new nn.Hardshrink(bad)],
    [/^Error: softshrink: lambd must be a number, got string a$/, () => F.softshrink(x, bad)],
    [/^Error: RReLU: upper must be a number, got string a$/, () => new nn.RReLU(0.1, bad)],
    [/^Error: Dropout: p must be a number, got string 0\.5$/, () => new nn.Dropout("0.5" as unknown as number)],
    [/^Error: Softmax: dim must be a number, got string 1$/, () => new nn.Softmax("1" as unknown as number)],
    [/^Error: LogSoftmax: dim must be a number, got string 1$/, () => new nn.LogSoftmax("1" as unknown as number)],
    [/^Error: softmax: dim must be a number, got string 1$/, () => F.softmax(x, "1" as unknown as number)],
    [/^Error: CrossEntropyLoss: ignoreIndex must be an integer, got 1\.5$/,
      () => F.crossEntropy(x, bp.tensor([0, 1], { dtype: "int32" }), { ignoreIndex: 1.5 })],
    [/^Error: NLLLoss: ignoreIndex must be an integer, got 1\.5$/, () => F.nllLoss(x, bp.tensor([0, 1], { dtype: "int32" }), { ignoreIndex: 1.5 })],
    [/^Error: SGD: Invalid learning rate: "0\.1" \(a string, expected a number\)$/,
      () => new bp.optim.SGD([new nn.Parameter(bp.zeros(2))], { lr: "0.1" as unknown as number })],
  ];
  for (const [re, f] of cases) assert.throws(f, re);
  // numbers and NaN pass (PyTorch accepts NaN slopes)
  assert.equal(new nn.LeakyReLU(NaN).negativeSlope, NaN);
  assert.equal(new nn.ELU({ alpha: 2 }).alpha, 2);
});

test("containers, Parameter, loadStateDict and init refuse what is not a Module or a Tensor", () => {
  // Sequential(3) used to build an empty model silently
  assert.throws(() => new nn.Sequential(3 as unknown as nn.Module), /^Error: Sequential: argument 0 is not a Module nor a \{name: Module\} object, got number$/);
  assert.throws(() => new nn.Sequential({ fc: 3 } as unknown as Record<string, nn.Module>), /^Error: Sequential: "fc" is not a Module$/);
  assert.throws(() => new nn.Sequential(new nn.ReLU(), 3 as unknown as nn.Module), /^Error: Sequential: argument 1 is not a Module$/);
  assert.throws(() => new nn.Parameter([1, 2] as unknown as bp.Tensor), /^Error: Parameter: argument 'data' must be a Tensor, not an array/);
  assert.throws(() => new nn.Linear(2, 2).loadStateDict(null as unknown as Record<string, bp.Tensor>),
    /^Error: loadStateDict: state must be an object of tensors, got null$/);
  assert.throws(() => nn.init.constant_([1] as unknown as bp.Tensor, 0), /^Error: init\.constant_: argument 'tensor' must be a Tensor, not an array/);
  assert.throws(() => nn.init.uniform_(bp.zeros(2), 1, 0), /^Error: init\.uniform_: expects a range \[a, b\) with a <= b, but got a=1, b=0$/);
  assert.throws(() => nn.init.normal_(bp.zeros(2), 0, -1), /^Error: init\.normal_: expects std >= 0, but got std=-1$/);
  assert.throws(() => nn.init.kaimingUniform_(null as unknown as bp.Tensor), /^Error: init\.kaimingUniform_: argument 'tensor' must be a Tensor, not null$/);
  assert.equal(new nn.Sequential({ fc: new nn.Linear(2, 2) }).length, 1);
});

test("loadStateDict's report stays short for a state dict of 100 000 wrong entries", () => {
  const state: Record<string, bp.Tensor> = { weight: bp.zeros(3, 2), bias: bp.zeros(2) };
  const junk = bp.zeros(1);
  for (let i = 0; i < 100_000; i++) state[`layer${i}.${"x".repeat(i === 0 ? 500 : 1)}`] = junk;
  assert.throws(() => new nn.Linear(2, 2).loadStateDict(state), (e: Error) => {
    assert.match(e.message, /^Error\(s\) in loading state_dict for Linear:\n\tUnexpected key\(s\) in state_dict: "layer0\.x{73}\.\.\.", "layer1\.x", /);
    assert.match(e.message, /\.\.\. \(100000 keys\)\.\n\tsize mismatch for weight: copying a param with shape \[3, 2\]/);
    assert.ok(e.message.length < 1000, `message of ${e.message.length} characters`);
    return true;
  });
  // the usual one-line report is unchanged
  assert.throws(() => new nn.Linear(2, 2).loadStateDict({ weight: bp.zeros(2, 2) }),
    /^Error: Error\(s\) in loading state_dict for Linear:\n\tMissing key\(s\) in state_dict: "bias"\.$/);
});
