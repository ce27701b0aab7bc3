import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { FUNCTIONAL, MODULES, fixture } from "./helpers.ts";

const F = nn.functional;
const same = (a: bp.Tensor, b: bp.Tensor): void => assert.deepEqual(Array.from(a.data), Array.from(b.data));

test("every fixture op has a functional and a module runner (the parity tests live in activation / loss / linear)", () => {
  assert.ok(fixture.cases.length > 90);
  assert.match(fixture.torch, /^1\.13/);
  for (const c of fixture.cases) {
    assert.ok(FUNCTIONAL[c.op] !== undefined && MODULES[c.op] !== undefined, `no runner for op ${c.op} (case ${c.name})`);
  }
  for (const op of Object.keys(FUNCTIONAL)) assert.ok(fixture.cases.some((c) => c.op === op), `no fixture case for ${op}`);
});

test("the first optional argument may be a number or an options object", () => {
  const x = bp.randn(3, 4);
  same(F.leakyRelu(x, 0.2), F.leakyRelu(x, { negativeSlope: 0.2 }));
  same(F.leakyRelu(x), F.leakyRelu(x, 0.01));
  same(F.elu(x, 0.5), F.elu(x, { alpha: 0.5 }));
  same(F.gelu(x, "tanh"), F.gelu(x, { approximate: "tanh" }));
  same(F.softmax(x, 0), F.softmax(x, { dim: 0 }));
  same(F.logSoftmax(x, 1), x.logSoftmax(1));
  bp.manualSeed(4);
  const a = F.dropout(x, 0.3);
  bp.manualSeed(4);
  same(a, F.dropout(x, { p: 0.3 }));
});

test("functional forms agree with the tensor methods and ops they wrap", () => {
  const x = bp.randn(5);
  same(F.relu(x), x.relu());
  same(F.sigmoid(x), x.sigmoid());
  same(F.tanh(x), x.tanh());
  same(F.softmax(x, 0), x.softmax(0));
  same(F.step(x), bp.step(x));
  same(F.rrelu(x), bp.leakyRelu(x, (1 / 8 + 1 / 3) / 2));
});

test("reduction 'none' keeps the per-sample shape for every input layout", () => {
  const int = (d: bp.NestedNumbers): bp.Tensor => bp.tensor(d, { dtype: "int32" });
  assert.deepEqual(F.crossEntropy(bp.randn(4, 3), int([0, 1, 2, 0]), { reduction: "none" }).shape, [4]);
  assert.deepEqual(F.crossEntropy(bp.randn(3), int(1), { reduction: "none" }).shape, []);
  assert.deepEqual(F.crossEntropy(bp.randn(2, 3, 5), bp.zeros(2, 5).int(), { reduction: "none" }).shape, [2, 5]);
  assert.deepEqual(F.crossEntropy(bp.randn(2, 3, 5), bp.rand(2, 3, 5), { reduction: "none" }).shape, [2, 5]);
  assert.deepEqual(F.nllLoss(bp.randn(4, 3), int([0, 1, 2, 0]), { reduction: "none" }).shape, [4]);
  assert.deepEqual(F.multiMarginLoss(bp.randn(4, 3), int([0, 1, 2, 0]), { reduction: "none" }).shape, [4]);
  assert.deepEqual(F.multiMarginLoss(bp.randn(3), int(1), { reduction: "none" }).shape, []);
  assert.deepEqual(F.mseLoss(bp.randn(2, 3), bp.randn(2, 3), { reduction: "none" }).shape, [2, 3]);
  assert.deepEqual(F.binaryCrossEntropyWithLogits(bp.randn(2, 3), bp.rand(2, 3), { reduction: "none" }).shape, [2, 3]);
  for (const r of ["mean", "sum"] as const) assert.deepEqual(F.l1Loss(bp.randn(2, 3), bp.randn(2, 3), { reduction: r }).shape, []);
});

test("nn exposes functional and init as namespaces", () => {
  assert.equal(typeof nn.functional.crossEntropy, "function");
  assert.equal(typeof nn.init.kaimingUniform_, "function");
});
