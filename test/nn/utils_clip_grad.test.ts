/**
 * nn.utils.clipGradNorm_ / clipGradValue_ (src/nn/utils/) against PyTorch 1.13's clip_grad_norm_ /
 * clip_grad_value_ (test/fixtures/layers.json "clip", gen_layers.py): the total norm returned and the
 * gradients after, for p = 1, 2, 3, inf, float32 and float64, a parameter without a gradient, and
 * infinite or NaN gradients.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { type Encoded, assertClose, decode, layersFixture } from "./helpers.ts";

interface ClipCase {
  name: string;
  kwargs: { maxNorm?: number; normType?: number | "inf"; clipValue?: number };
  grads: (Encoded | null)[];
  total: Encoded | null;
  after: (Encoded | null)[];
}

const { clip } = layersFixture as unknown as { clip: ClipCase[] };

function params(c: ClipCase): nn.Parameter[] {
  return c.grads.map((g) => {
    const p = new nn.Parameter(g === null ? bp.zeros(2) : bp.zeros(g.shape, { dtype: g.dtype }));
    if (g !== null) p.grad = decode(g);
    return p;
  });
}

for (const c of clip) {
  test(`torch parity: clip ${c.name}`, () => {
    const ps = params(c);
    if (c.name.startsWith("value/")) {
      assert.equal(nn.utils.clipGradValue_(ps, c.kwargs.clipValue!), undefined);
    } else {
      const normType = c.kwargs.normType === "inf" ? Infinity : c.kwargs.normType;
      const total = nn.utils.clipGradNorm_(ps, c.kwargs.maxNorm!, normType === undefined ? {} : { normType });
      assert.equal(total.dim(), 0);
      assert.equal(total.dtype, c.total!.dtype);
      assertClose(total, c.total!, `${c.name} total`);
    }
    c.after.forEach((a, i) => {
      if (a === null) assert.equal(ps[i].grad, null);
      else assertClose(ps[i].grad!, a, `${c.name} grad ${i}`);
    });
  });
}

test("clip fixtures cover p = 1, 2, 3, inf in both dtypes, no clipping, and non-finite gradients", () => {
  const names = clip.map((c) => c.name);
  for (const n of ["norm/2/f32", "norm/inf/f64", "norm/1/f64", "norm/3/f32", "norm/noclip/f64", "value/f32", "norm/2/inf-grad", "norm/2/nan-grad"]) {
    assert.ok(names.includes(n), n);
  }
});

test("clipGradNorm_: errorIfNonfinite, no gradients at all, a single tensor, bad arguments", () => {
  const p = new nn.Parameter(bp.zeros(2, { dtype: "float64" }));
  p.grad = bp.tensor([Infinity, 1], { dtype: "float64" });
  assert.throws(() => nn.utils.clipGradNorm_([p], 1, { errorIfNonfinite: true }), /clipGradNorm_: the total norm of order 2 .* is non-finite/);
  assert.deepEqual(Array.from(p.grad.data), [Infinity, 1], "nothing scaled when it throws");
  const none = nn.utils.clipGradNorm_([new nn.Parameter(bp.zeros(3))], 1);
  assert.equal(none.item(), 0);
  assert.equal(none.dim(), 0);
  const q = new nn.Parameter(bp.zeros(2, { dtype: "float64" }));
  q.grad = bp.tensor([3, 4], { dtype: "float64" });
  assert.equal(nn.utils.clipGradNorm_(q, 1).item(), 5);
  assert.ok(Math.abs(q.grad.data[0] - 3 / (5 + 1e-6)) < 1e-15);
  assert.throws(() => nn.utils.clipGradNorm_([q], 1, { normType: 0 }), /clipGradNorm_: normType must be > 0 or Infinity, got 0/);
  assert.throws(() => nn.utils.clipGradValue_([q], NaN), /clipGradValue_: clipValue must be a number/);
  assert.throws(() => nn.utils.clipGradNorm_([3 as unknown as bp.Tensor], 1), /clipGradNorm_: parameter 0 is not a Tensor/);
});

test("clipGradNorm_ on a model after backward, then an optimizer step: works inside a training loop", () => {
  bp.manualSeed(0);
  const model = new nn.Sequential(new nn.Linear(4, 8), new nn.ReLU(), new nn.Linear(8, 2));
  const loss = model.forward(bp.randn(16, 4).mul(100)).pow(2).mean();
  loss.backward();
  const total = nn.utils.clipGradNorm_(model.parameters(), 0.1).item();
  assert.ok(total > 0.1);
  const after = nn.utils.clipGradNorm_(model.parameters(), 1e9).item();
  assert.ok(Math.abs(after - 0.1) < 1e-5, `norm after clipping ${after}`);
});
