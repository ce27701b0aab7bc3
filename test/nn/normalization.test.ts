/**
 * F.batchNorm / F.layerNorm and the modules BatchNorm1d / LayerNorm against PyTorch 1.13
 * (test/fixtures/layers.json, gen_layers.py): outputs, input and parameter gradients in float64 and
 * float32 with gradcheck of the float64 functional forms; BatchNorm1d over three training steps with
 * PyTorch's weights (outputs, gradients and the running statistics after each step), then eval.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { functional as F } from "../../src/nn/index.ts";
import { type Encoded, type Inputs, assertClose, checkCase, decode, layerCasesOf, layersFixture } from "./helpers.ts";

const batchNormF = (t: Inputs, k: Record<string, unknown>): bp.Tensor =>
  F.batchNorm(t.input, t.runningMean ?? null, t.runningVar ?? null, { ...(k as F.BatchNormOptions), weight: t.weight, bias: t.bias });

function layerNormModule(t: Inputs, k: Record<string, unknown>): bp.Tensor {
  const m = new nn.LayerNorm(k.normalizedShape as number[], {
    eps: k.eps as number | undefined, elementwiseAffine: t.weight !== undefined, dtype: t.input.dtype,
  });
  if (t.weight !== undefined) {
    m.loadStateDict({ weight: t.weight, bias: t.bias });
    t.weight = m.weight!; // the module's parameters are what get the gradients
    t.bias = m.bias!;
  }
  return m.forward(t.input);
}

for (const c of layerCasesOf("batchNorm")) {
  test(`torch parity: ${c.name} (F.batchNorm${c.gradcheck ? " + gradcheck" : ""})`, () => checkCase(c, batchNormF));
}
for (const c of layerCasesOf("layerNorm")) {
  test(`torch parity: ${c.name} (F.layerNorm${c.gradcheck ? " + gradcheck" : ""})`, () =>
    checkCase(c, (t, k) => F.layerNorm(t.input, k.normalizedShape as number[], { weight: t.weight, bias: t.bias, eps: k.eps as number | undefined })));
  test(`torch parity: ${c.name} (nn.LayerNorm)`, () => checkCase(c, layerNormModule, { gradcheck: false }));
}

interface BNStep {
  x: Encoded;
  upstream: Encoded;
  out: Encoded;
  gradX: Encoded;
  grads: Record<string, Encoded>;
  state: Record<string, Encoded>;
}
interface BNRun {
  name: string;
  shape: number[];
  kwargs: { eps?: number; momentum?: number | null; affine?: boolean; trackRunningStats?: boolean };
  dtype: "float32" | "float64";
  start: Record<string, Encoded>;
  steps: BNStep[];
  evalX: Encoded;
  evalOut: Encoded;
}

const runs = (layersFixture as unknown as { batchNorm: BNRun[] }).batchNorm;

for (const r of runs) {
  test(`torch parity: BatchNorm1d ${r.name}: three training steps (outputs, gradients, running stats), then eval`, () => {
    const m = new nn.BatchNorm1d(r.shape[1], { ...r.kwargs, dtype: r.dtype });
    assert.deepEqual(Object.keys(m.stateDict()), Object.keys(r.start), "state-dict keys as PyTorch's");
    m.loadStateDict(Object.fromEntries(Object.entries(r.start).map(([k, v]) => [k, decode(v)])));
    r.steps.forEach((s, i) => {
      m.zeroGrad();
      const x = decode(s.x, true);
      const y = m.forward(x);
      assertClose(y, s.out, `step ${i} out`);
      y.backward(decode(s.upstream));
      assertClose(x.grad!, s.gradX, `step ${i} grad x`);
      for (const [k, p] of m.namedParameters()) assertClose(p.grad!, s.grads[k], `step ${i} grad ${k}`);
      const state = m.stateDict();
      for (const [k, v] of Object.entries(s.state)) assertClose(state[k], v, `step ${i} ${k}`);
    });
    m.eval();
    assertClose(m.forward(decode(r.evalX)), r.evalOut, "eval out");
  });
}

test("BatchNorm1d: defaults, fields and state-dict keys as PyTorch; buffers follow loadStateDict and to()", () => {
  const bn = new nn.BatchNorm1d(4);
  assert.deepEqual(Object.keys(bn.stateDict()), ["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
  assert.deepEqual([bn.eps, bn.momentum, bn.affine, bn.trackRunningStats], [1e-5, 0.1, true, true]);
  assert.deepEqual(Array.from(bn.runningMean!.data), [0, 0, 0, 0]);
  assert.deepEqual(Array.from(bn.runningVar!.data), [1, 1, 1, 1]);
  assert.equal(bn.numBatchesTracked!.dtype, "int32");
  assert.deepEqual(bn.namedBuffers().map(([n]) => n), ["running_mean", "running_var", "num_batches_tracked"]);
  bn.forward(bp.randn(5, 4));
  assert.equal(bn.numBatchesTracked!.item(), 1);
  bn.double();
  assert.equal(bn.runningMean!.dtype, "float64");
  assert.equal(bn.numBatchesTracked!.dtype, "int32", "an integer buffer is not converted, as in PyTorch");
  assert.equal(String(bn), "BatchNorm1d(4, eps=1e-05, momentum=0.1, affine=True, track_running_stats=True)");
  assert.equal(String(new nn.BatchNorm1d(2, { momentum: null, affine: false })), "BatchNorm1d(2, eps=1e-05, momentum=None, affine=False, track_running_stats=True)");
  const noTrack = new nn.BatchNorm1d(2, { trackRunningStats: false });
  assert.deepEqual(Object.keys(noTrack.stateDict()), ["weight", "bias"]);
  assert.equal(noTrack.runningMean, null);
  bn.resetRunningStats();
  assert.equal(bn.numBatchesTracked!.item(), 0);
  // a model holding a BatchNorm1d names its buffers with the prefix
  const model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4));
  assert.deepEqual(Object.keys(model.stateDict()), [
    "0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked",
  ]);
});

test("BatchNorm1d and F.batchNorm errors name the function and the problem", () => {
  assert.throws(() => new nn.BatchNorm1d(3).forward(bp.randn(2, 3, 4, 5)), /BatchNorm1d: expected 2D or 3D input \(got 4D input\)/);
  assert.throws(() => new nn.BatchNorm1d(3).forward(bp.randn(1, 3)), /batchNorm: expected more than 1 value per channel when training, got input size \[1, 3\]/);
  assert.throws(() => new nn.BatchNorm1d(3).forward(bp.randn(4, 5)), /batchNorm: runningMean should contain 5 elements not 3/);
  assert.throws(() => F.batchNorm(bp.randn(4, 3), null, null), /batchNorm: runningMean and runningVar are required when not training/);
  assert.throws(() => new nn.BatchNorm1d(0), /BatchNorm1d: numFeatures must be a positive integer, got 0/);
  // eval with a single sample is fine (running statistics)
  assert.deepEqual(new nn.BatchNorm1d(3).eval().forward(bp.randn(1, 3)).shape, [1, 3]);
});

test("LayerNorm: defaults, printout, errors", () => {
  const ln = new nn.LayerNorm([3, 5]);
  assert.deepEqual(Object.keys(ln.stateDict()), ["weight", "bias"]);
  assert.deepEqual(ln.weight!.shape, [3, 5]);
  assert.equal(String(new nn.LayerNorm(5)), "LayerNorm((5,), eps=1e-05, elementwise_affine=True)");
  assert.equal(String(ln), "LayerNorm((3, 5), eps=1e-05, elementwise_affine=True)");
  assert.equal(new nn.LayerNorm(4, { elementwiseAffine: false }).parameters().length, 0);
  assert.throws(() => ln.forward(bp.randn(2, 4, 5)), /layerNorm: given normalizedShape=\[3, 5\], expected input with shape \[\*, 3, 5\], but got input of size \[2, 4, 5\]/);
  assert.throws(() => new nn.LayerNorm([]), /LayerNorm: normalizedShape must be a positive size/);
  // the same in training and eval
  const x = bp.randn(2, 3, 5);
  assert.deepEqual(ln.forward(x).data, ln.eval().forward(x).data);
});
