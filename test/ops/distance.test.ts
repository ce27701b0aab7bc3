/**
 * bp.cdist: PyTorch 1.13 parity (test/fixtures/distance.json, written by gen_distance.py: forward and
 * the gradients of (out * w).sum(), small cases on torch's direct path and > 25 rows on its mm path,
 * duplicated rows, batches), gradcheck for p = 1 and 2, errors, and edge shapes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { type Encoded, TIGHT32, TIGHT64, assertThrowsWith, assertTensor, decode, values } from "../helpers/parity.ts";

interface DistanceCase {
  name: string;
  p: number;
  inputs: Encoded[];
  out: Encoded;
  w: Encoded;
  grads: Encoded[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/distance.json", import.meta.url), "utf8")) as { cases: DistanceCase[] };

for (const c of fixture.cases) {
  test(`torch parity: cdist ${c.name}`, () => {
    const [x1, x2] = c.inputs.map(decode);
    const out = bp.cdist(x1, x2, c.p);
    const tol = c.out.dtype === "float32" ? TIGHT32 : TIGHT64;
    assert.equal(out.dtype, c.out.dtype);
    assertTensor(out, c.out.shape, values(c.out), tol, `${c.name} forward`);
    out.mul(decode(c.w)).sum().backward();
    assertTensor(x1.grad!, c.grads[0].shape, values(c.grads[0]), tol, `${c.name} grad of x1`);
    assertTensor(x2.grad!, c.grads[1].shape, values(c.grads[1]), tol, `${c.name} grad of x2`);
  });
}

test("the fixture has p = 1 and p = 2 cases on both of PyTorch's paths", () => {
  assert.ok(fixture.cases.length >= 16);
  assert.ok(fixture.cases.some((c) => c.p === 2 && c.inputs[0].shape[0] > 25));
});

for (const p of [1, 2]) {
  for (const [s1, s2] of [[[4, 3], [5, 3]], [[2, 3, 2], [1, 4, 2]], [[6, 5], [6, 5]], [[1, 1], [3, 1]]]) {
    test(`gradcheck: cdist p=${p} ${JSON.stringify(s1)} x ${JSON.stringify(s2)}`, () => {
      bp.manualSeed(77);
      const x1 = bp.randn(s1, { dtype: "float64", requiresGrad: true });
      const x2 = bp.randn(s2, { dtype: "float64", requiresGrad: true });
      assert.equal(bp.autograd.gradcheck((a, b) => bp.cdist(a, b, p), [x1, x2]), true);
    });
  }
}

test("cdist: identical rows are exactly 0 apart and add nothing to the gradient (PyTorch's subgradient 0)", () => {
  bp.manualSeed(5);
  const x = bp.randn([30, 7], { dtype: "float64", requiresGrad: true });
  const d = bp.cdist(x, x);
  for (let i = 0; i < 30; i++) assert.equal(d.data[i * 30 + i], 0);
  d.sum().backward();
  // x is both x1 and x2: the gradient is 2 sum_{j != i} (x_i - x_j) / d_ij
  const expected = new Float64Array(30 * 7);
  for (let i = 0; i < 30; i++) {
    for (let j = 0; j < 30; j++) {
      if (j === i) continue;
      for (let k = 0; k < 7; k++) expected[i * 7 + k] += (2 * (x.data[i * 7 + k] - x.data[j * 7 + k])) / d.data[i * 30 + j];
    }
  }
  assertTensor(x.grad!, [30, 7], expected, TIGHT64);
});

test("cdist: far apart points keep their precision (no |x|^2 + |y|^2 - 2xy cancellation)", () => {
  const a = bp.tensor([[1000, 1000]]);
  const b = bp.tensor([[1000.001, 1000]]);
  assertTensor(bp.cdist(a, b), [1, 1], [Math.fround(1000.001) - 1000], { atol: 0, rtol: 1e-6 });
});

test("cdist: a gradient flows only to the inputs that require it", () => {
  const x1 = bp.randn([3, 2], { dtype: "float64", requiresGrad: true });
  const x2 = bp.randn([4, 2], { dtype: "float64" });
  bp.cdist(x1, x2, 1).sum().backward();
  assert.deepEqual(x1.grad!.shape, [3, 2]);
  assert.equal(x2.grad, null);
});

test("cdist: empty sets and zero-width rows", () => {
  assert.deepEqual(bp.cdist(bp.zeros(0, 3), bp.ones(4, 3)).shape, [0, 4]);
  assert.deepEqual(bp.cdist(bp.ones(2, 3), bp.zeros(0, 3)).shape, [2, 0]);
  assertTensor(bp.cdist(bp.zeros(2, 0), bp.zeros(3, 0)), [2, 3], [0, 0, 0, 0, 0, 0]);
  assertTensor(bp.cdist(bp.zeros(2, 3, 0), bp.zeros(2, 1, 0), 1), [2, 3, 1], [0, 0, 0, 0, 0, 0]);
});

test("cdist: NaN and infinity propagate", () => {
  const d = bp.cdist(bp.tensor([[NaN, 0], [Infinity, 0], [0, 0]]), bp.tensor([[0, 0], [1, 0]]));
  assert.ok(Number.isNaN(d.data[0]) && Number.isNaN(d.data[1]));
  assert.equal(d.data[2], Infinity);
  assert.deepEqual([d.data[4], d.data[5]], [0, 1]);
});

test("cdist: errors name the op, the shapes and the values at fault", () => {
  assertThrowsWith(() => bp.cdist(bp.ones(3, 2), bp.ones(4, 2), 3), "cdist", "p = 1", "p = 2", "got p = 3");
  assertThrowsWith(() => bp.cdist(bp.ones(3, 2), bp.ones(4, 2), 0), "cdist", "got p = 0");
  assertThrowsWith(() => bp.cdist(bp.ones(3), bp.ones(4, 3)), "cdist", "at least 2 dimensions", "[3]");
  assertThrowsWith(() => bp.cdist(bp.ones(3, 2), bp.ones(3, 4)), "cdist", "same number of columns", "[3, 2]", "[3, 4]", "2 != 4");
  assertThrowsWith(() => bp.cdist(bp.ones(2, 3, 2), bp.ones(4, 3, 2)), "cdist", "batch", "[2, 3, 2]", "[4, 3, 2]");
  assertThrowsWith(() => bp.cdist(bp.ones([3, 2], { dtype: "int32" }), bp.ones(3, 2)), "cdist", "int32");
  assertThrowsWith(() => bp.cdist(bp.ones([3, 2], { dtype: "float64" }), bp.ones(3, 2)), "cdist", "float64", "float32");
});
