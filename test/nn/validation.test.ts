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
