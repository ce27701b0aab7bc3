/**
 * F.embedding and nn.Embedding against PyTorch 1.13 (test/fixtures/layers.json, gen_layers.py): the
 * lookup and the weight's gradient in float64 and float32, with paddingIdx (also negative, also with
 * a NaN upstream gradient), scaleGradByFreq, maxNorm's in-place renormalisation, and gradcheck.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { functional as F } from "../../src/nn/index.ts";
import { type Encoded, type Inputs, assertClose, checkCase, decode, layerCasesOf, layersFixture } from "./helpers.ts";

function embeddingModule(t: Inputs, k: Record<string, unknown>): bp.Tensor {
  const [rows, dim] = t.weight.shape;
  const m = new nn.Embedding(rows, dim, { ...(k as F.EmbeddingOptions), dtype: t.weight.dtype });
  m.loadStateDict({ weight: t.weight });
  t.weight = m.weight;
  return m.forward(t.input);
}

for (const c of layerCasesOf("embedding")) {
  test(`torch parity: ${c.name} (F.embedding${c.gradcheck ? " + gradcheck" : ""})`, () =>
    checkCase(c, (t, k) => F.embedding(t.input, t.weight, k as F.EmbeddingOptions)));
  test(`torch parity: ${c.name} (nn.Embedding)`, () => checkCase(c, embeddingModule, { gradcheck: false }));
}

interface MaxNormCase {
  maxNorm: number;
  normType: number | "inf";
  input: Encoded;
  weight: Encoded;
  upstream: Encoded;
  out: Encoded;
  weightAfter: Encoded;
  grad: Encoded;
}

for (const c of (layersFixture as unknown as { embeddingMaxNorm: MaxNormCase[] }).embeddingMaxNorm) {
  test(`torch parity: embedding maxNorm ${c.maxNorm} normType ${c.normType}: looked-up rows renormalised in place, output, gradient`, () => {
    const normType = c.normType === "inf" ? Infinity : c.normType;
    const w = decode(c.weight, true);
    const out = F.embedding(decode(c.input), w, { maxNorm: c.maxNorm, normType });
    assertClose(out, c.out, "out");
    assertClose(w, c.weightAfter, "weight after");
    out.backward(decode(c.upstream));
    assertClose(w.grad!, c.grad, "grad");
    // the module form does the same
    const m = new nn.Embedding(c.weight.shape[0], c.weight.shape[1], { maxNorm: c.maxNorm, normType, dtype: "float64" });
    m.loadStateDict({ weight: decode(c.weight) });
    assertClose(m.forward(decode(c.input)), c.out, "module out");
    assertClose(m.weight, c.weightAfter, "module weight after");
  });
}

test("Embedding: init N(0, 1) seeded with the padding row zeroed, fromPretrained, printout", () => {
  bp.manualSeed(4);
  const e = new nn.Embedding(10, 3, { paddingIdx: -1 });
  assert.equal(e.paddingIdx, 9);
  assert.deepEqual(Array.from(e.weight.data.slice(27)), [0, 0, 0]);
  bp.manualSeed(4);
  const again = new nn.Embedding(10, 3, { paddingIdx: -1 });
  assert.deepEqual(again.weight.data, e.weight.data);
  assert.equal(String(e), "Embedding(10, 3, padding_idx=9)");
  assert.equal(String(new nn.Embedding(4, 2, { maxNorm: 1, scaleGradByFreq: true })), "Embedding(4, 2, max_norm=1.0, scale_grad_by_freq=True)");
  const table = bp.tensor([[1, 2], [3, 4]]);
  const frozen = nn.Embedding.fromPretrained(table);
  assert.equal(frozen.weight.requiresGrad, false);
  assert.equal(frozen.weight.data, table.data, "shares the given tensor's data");
  assert.deepEqual(frozen.forward(bp.tensor([1, 1, 0], { dtype: "int32" })).toArray(), [[3, 4], [3, 4], [1, 2]]);
  assert.equal(nn.Embedding.fromPretrained(table, { freeze: false }).weight.requiresGrad, true);
  assert.deepEqual(Object.keys(e.stateDict()), ["weight"]);
});

test("Embedding errors name the function and the argument", () => {
  const e = new nn.Embedding(5, 2);
  assert.throws(() => e.forward(bp.tensor([1, 5], { dtype: "int32" })), /embedding: index 5 is out of range for 5 embeddings/);
  assert.throws(() => e.forward(bp.tensor([1.0, 2.0])), /embedding: indices must be an int32 tensor, got float32/);
  assert.throws(() => new nn.Embedding(5, 2, { paddingIdx: 5 }), /Embedding: paddingIdx 5 must be within the 5 embeddings/);
  assert.throws(() => new nn.Embedding(5, 2, { _weight: bp.zeros(4, 2) }), /Embedding: shape of _weight \[4, 2\] does not match/);
});
