/**
 * Dropout1d, Dropout2d, AlphaDropout, FeatureAlphaDropout and their nn.functional forms. The masks come
 * from backprop's seeded generator (PyTorch's own generator is not reproduced), so the tests check the
 * structure (whole channels dropped, 1/(1-p) scale, identity in eval, p = 0 and 1), determinism under
 * manualSeed, gradients equal to the mask, and, for alpha dropout, the exact values a kept and a dropped
 * element take and the gradient, against PyTorch 1.13 (test/fixtures/layers.json "alphaDropout").
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { functional as F } from "../../src/nn/index.ts";
import { layersFixture } from "./helpers.ts";

/** The distinct values of t (rounded to 12 digits), sorted. */
function distinct(t: bp.Tensor): number[] {
  return [...new Set(Array.from(t.data, (v) => Number(v.toPrecision(12))))].sort((a, b) => a - b);
}

for (const [name, fn, shape] of [
  ["dropout1d", F.dropout1d, [3, 8, 5]],
  ["dropout2d", F.dropout2d, [3, 8, 4, 5]],
] as const) {
  test(`${name} zeroes whole channels and scales the rest by 1/(1-p); gradient is that mask`, () => {
    bp.manualSeed(11);
    const x = bp.ones([...shape], { dtype: "float64", requiresGrad: true });
    const y = fn(x, { p: 0.25 });
    const per = shape.slice(2).reduce((a, b) => a * b, 1);
    let dropped = 0;
    for (let c = 0; c < shape[0] * shape[1]; c++) {
      const vals = new Set(Array.from(y.data.subarray(c * per, (c + 1) * per)));
      assert.equal(vals.size, 1, `channel ${c} is all kept or all dropped`);
      const v = [...vals][0];
      assert.ok(v === 0 || v === 1 / 0.75, `channel value ${v}`);
      if (v === 0) dropped++;
    }
    assert.ok(dropped > 0 && dropped < shape[0] * shape[1], `some but not all of ${shape[0] * shape[1]} channels dropped (${dropped})`);
    y.sum().backward();
    assert.deepEqual(Array.from(x.grad!.data), Array.from(y.data));
    bp.manualSeed(11);
    assert.deepEqual(fn(x.detach(), { p: 0.25 }).data, y.detach().data, "the same seed, the same mask");
    assert.equal(fn(x, { p: 0.25, training: false }), x);
    assert.equal(fn(x, 0), x);
    assert.deepEqual(distinct(fn(x, 1)), [0]);
  });
}

test("dropout1d takes [C, L] too; errors name the function", () => {
  bp.manualSeed(2);
  const y = F.dropout1d(bp.ones(6, 4), 0.5);
  assert.deepEqual(y.shape, [6, 4]);
  for (let c = 0; c < 6; c++) assert.equal(new Set(Array.from(y.data.subarray(c * 4, c * 4 + 4))).size, 1);
  assert.throws(() => F.dropout1d(bp.ones(2, 3, 4, 5)), /dropout1d: expected 2D or 3D input, but received a 4D input/);
  assert.throws(() => F.dropout2d(bp.ones(4), 0.5), /dropout2d: feature dropout needs at least 2 dimensions/);
  assert.throws(() => F.dropout2d(bp.ones(2, 2), 1.5), /dropout2d: dropout probability has to be between 0 and 1, but got 1.5/);
  assert.throws(() => new nn.Dropout1d(-0.1), /Dropout1d: dropout probability has to be between 0 and 1, but got -0.1/);
});

interface AlphaCase {
  p: number;
  values: { "0": number[]; "1": number[]; grad: number[] };
}

for (const c of (layersFixture as unknown as { alphaDropout: AlphaCase[] }).alphaDropout) {
  test(`torch parity: alphaDropout p=${c.p}: the kept and dropped values for x = 0 and x = 1, and the gradient`, () => {
    bp.manualSeed(5);
    for (const xv of [0, 1] as const) {
      const x = bp.full([4000], xv, { dtype: "float64", requiresGrad: true });
      const y = F.alphaDropout(x, { p: c.p, training: true });
      const got = distinct(y);
      const want = c.values[String(xv) as "0" | "1"];
      assert.equal(got.length, want.length, `${got} vs torch ${want}`);
      got.forEach((v, i) => assert.ok(Math.abs(v - want[i]) < 1e-9, `x=${xv}: ${v} vs torch ${want[i]}`));
      y.sum().backward();
      const g = distinct(x.grad!);
      g.forEach((v, i) => assert.ok(Math.abs(v - c.values.grad[i]) < 1e-9, `grad ${v} vs torch ${c.values.grad[i]}`));
    }
  });
}

test("alphaDropout keeps SELU's mean 0 and variance 1 (to sampling error), per element; featureAlphaDropout per channel", () => {
  bp.manualSeed(8);
  const x = bp.randn([200000], { dtype: "float64" });
  const y = F.alphaDropout(x, { p: 0.3, training: true });
  const mean = y.mean().item();
  const variance = y.sub(mean).pow(2).mean().item();
  assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1) < 0.02, `variance ${variance}`);
  const f = F.featureAlphaDropout(bp.zeros([4, 6, 5], { dtype: "float64" }), { p: 0.5, training: true });
  for (let ch = 0; ch < 24; ch++) assert.equal(new Set(Array.from(f.data.subarray(ch * 5, ch * 5 + 5))).size, 1);
  assert.equal(distinct(f).length, 2);
  // training defaults to false in the function forms, as PyTorch's
  assert.equal(F.alphaDropout(x, 0.3), x);
  assert.equal(F.featureAlphaDropout(x.reshape(400, 500), 0.3).data, x.data);
});

test("the modules: training vs eval, p as a number or {p}, printouts, deterministic under manualSeed", () => {
  const x = bp.randn(2, 3, 4, 4);
  for (const M of [nn.Dropout1d, nn.Dropout2d, nn.AlphaDropout, nn.FeatureAlphaDropout]) {
    const m = new M(0.3);
    assert.equal(m.p, 0.3);
    assert.equal(new M({ p: 0.2 }).p, 0.2);
    assert.equal(new M().p, 0.5);
    assert.equal(String(m), `${M.name}(p=0.3, inplace=False)`);
    const input = M === nn.Dropout1d ? x.reshape(2, 3, 16) : x;
    bp.manualSeed(1);
    const a = m.forward(input);
    bp.manualSeed(1);
    assert.deepEqual(m.forward(input).data, a.data);
    assert.notDeepEqual(a.data, input.data);
    assert.equal(m.eval().forward(input), input);
  }
});
