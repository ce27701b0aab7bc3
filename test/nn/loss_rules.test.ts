/**
 * PyTorch 1.13's rules at -inf, NaN and ignored targets for the losses that existed before issue 8
 * (cross-entropy and NLL on their general path, MultiMarginLoss, BCEWithLogitsLoss); every value and
 * gradient comes from test/fixtures/gen_losses.py.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import type { NLLLossOptions } from "../../src/nn/index.ts";
import { FUNCTIONAL, MODULES, type Runner, checkCase } from "./helpers.ts";
import { lossCase, lossCases } from "./loss_fixture.ts";

const F = nn.functional;
const RULE_OPS = ["crossEntropy", "nllLoss", "multiMarginLoss", "binaryCrossEntropyWithLogits", "nllLogSoftmax"];
const functional: Record<string, Runner> = {
  ...FUNCTIONAL,
  nllLogSoftmax: (t, k) => F.nllLoss(F.logSoftmax(t.input, 1), t.target, { ...(k as NLLLossOptions), weight: t.weight }),
};
const modules: Record<string, Runner> = {
  ...MODULES,
  nllLogSoftmax: (t, k) => new nn.NLLLoss({ ...(k as NLLLossOptions), weight: t.weight }).forward(new nn.LogSoftmax(1).forward(t.input), t.target),
};

for (const c of lossCases(RULE_OPS)) {
  test(`torch parity at -inf / NaN / ignored: ${c.name}`, () => checkCase(c, functional[c.op]));
  test(`torch parity at -inf / NaN / ignored: ${c.name} (module)`, () => checkCase(c, modules[c.op], { gradcheck: false }));
}

test("the issue's example: crossEntropy([[-inf, 0, 1]], [1], {weight: [1, 2, 0.5]}) is 1.3133 with a finite gradient", () => {
  const x = bp.tensor([[-Infinity, 0, 1]], { requiresGrad: true });
  const loss = F.crossEntropy(x, bp.tensor([1], { dtype: "int32" }), { weight: bp.tensor([1, 2, 0.5]) });
  assert.ok(Math.abs(loss.item() - 1.3132617) < 1e-6, `${loss.item()}`);
  loss.backward();
  assert.deepEqual(Array.from(x.grad!.data).map((v) => Math.round(v * 1e6) / 1e6), [0, -0.731059, 0.731059]);
});

test("every target ignored: mean NaN with zero gradients, sum 0", () => {
  for (const name of ["crossEntropy/all-ignored/mean", "crossEntropy/all-ignored/weight", "crossEntropy/all-ignored/smoothing", "nllLoss/all-ignored/mean"]) {
    assert.deepEqual(lossCase(name).out.data, ["nan"], name);
    assert.ok(lossCase(name).grads.input.data.every((v) => v === 0), name);
  }
  assert.deepEqual(lossCase("crossEntropy/all-ignored/sum").out.data, [0]);
});

test("label smoothing with a -inf logit in a counted row is inf, as in PyTorch; in an ignored row it is finite", () => {
  assert.deepEqual(lossCase("crossEntropy/-inf/smoothing/none").out.data[0], "inf");
  assert.ok(typeof lossCase("crossEntropy/-inf/smoothing+ignore/mean").out.data[0] === "number");
});

test("labelSmoothing is checked in one place, with the same message for the function and the module", () => {
  const x = bp.randn(2, 3);
  const y = bp.tensor([0, 1], { dtype: "int32" });
  assert.throws(() => F.crossEntropy(x, y, { labelSmoothing: -0.1 }), { message: "CrossEntropyLoss: labelSmoothing must be between 0.0 and 1.0, got -0.1" });
  assert.throws(() => F.crossEntropy(x, bp.rand(2, 3), { labelSmoothing: 2 }), { message: "CrossEntropyLoss: labelSmoothing must be between 0.0 and 1.0, got 2" });
  assert.throws(() => new nn.CrossEntropyLoss({ labelSmoothing: NaN }), { message: "CrossEntropyLoss: labelSmoothing must be between 0.0 and 1.0, got NaN" });
});
