/**
 * The fused dense layer, linearActivation (src/ops/matmul.ts): act(x W^T + b) as one op. Its values
 * and gradients match PyTorch's unfused act(F.linear(x, W, b)) (test/fixtures/fused.json, written by
 * gen_fused.py), equal backprop's own unfused chain bit for bit (NaN and the relu kink included),
 * pass gradcheck, and bad input names the op.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { type LinearActivation, linearActivation } from "../../src/ops/matmul.ts";
import { assertTensor, decode, values, TIGHT32, TIGHT64, type Encoded } from "../helpers/parity.ts";

interface LayerCase {
  name: string;
  activation: LinearActivation;
  x: Encoded;
  weight: Encoded;
  bias: Encoded | null;
  upstream: Encoded;
  out: Encoded;
  gradX: Encoded;
  gradWeight: Encoded;
  gradBias: Encoded | null;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/fused.json", import.meta.url), "utf8")) as { torch: string; cases: LayerCase[] };
const ACTIVATIONS: LinearActivation[] = ["relu", "sigmoid", "tanh"];
const unfused = (x: bp.Tensor, w: bp.Tensor, b: bp.Tensor | null, act: LinearActivation): bp.Tensor => bp.linear(x, w, b)[act]();

test("fused.json comes from PyTorch 1.13 and covers every activation in float32 and float64", () => {
  assert.match(fixture.torch, /^1\.13/);
  for (const act of ACTIVATIONS) {
    for (const dtype of ["float32", "float64"]) assert.ok(fixture.cases.some((c) => c.activation === act && c.x.dtype === dtype), `${act} ${dtype}`);
  }
});

for (const c of fixture.cases) {
  test(`linearActivation ${c.name}: output and gradients as PyTorch's ${c.activation}(F.linear(x, W, b))`, () => {
    const tol = c.x.dtype === "float32" ? TIGHT32 : TIGHT64;
    const [x, w] = [decode(c.x).requiresGrad_(), decode(c.weight).requiresGrad_()];
    const b = c.bias === null ? null : decode(c.bias).requiresGrad_();
    const out = linearActivation(x, w, b, c.activation);
    assertTensor(out, c.out.shape, values(c.out), tol, "out");
    out.backward(decode(c.upstream));
    assertTensor(x.grad!, c.gradX.shape, values(c.gradX), tol, "x.grad");
    assertTensor(w.grad!, c.gradWeight.shape, values(c.gradWeight), tol, "weight.grad");
    if (c.gradBias !== null) assertTensor(b!.grad!, c.gradBias.shape, values(c.gradBias), tol, "bias.grad");
  });
}

/** Leaves x [rows, 9] (with NaN and exact zeros of the pre-activation), W [6, 9], b [6]. */
function leaves(dtype: "float32" | "float64", seed: number): bp.Tensor[] {
  bp.manualSeed(seed);
  const x = bp.randn([11, 9], { dtype }).mul(2);
  x.data[3] = NaN; // one NaN row of the product
  const w = bp.randn([6, 9], { dtype });
  const b = bp.randn([6], { dtype });
  w.data.fill(0, 0, 9); // row 0 of W is zero and its bias too: an exact 0 pre-activation (relu's kink)
  b.data[0] = 0;
  return [x, w, b].map((t) => t.requiresGrad_());
}

for (const dtype of ["float32", "float64"] as const) {
  for (const act of ACTIVATIONS) {
    test(`linearActivation ${act} ${dtype} equals linear then ${act}, values and gradients bit for bit`, () => {
      const a = leaves(dtype, 5);
      const b = leaves(dtype, 5);
      const fused = linearActivation(a[0], a[1], a[2], act);
      const chained = unfused(b[0], b[1], b[2], act);
      assert.deepEqual(fused.data, chained.data);
      assert.equal(fused.gradFn?.name, `Linear${{ relu: "Relu", sigmoid: "Sigmoid", tanh: "Tanh" }[act]}`);
      const g = bp.randn([11, 6], { dtype });
      fused.backward(g);
      chained.backward(g);
      for (let i = 0; i < 3; i++) assert.deepEqual(a[i].grad!.data, b[i].grad!.data, `gradient of input ${i}`);
    });
  }
}

test("linearActivation passes gradcheck for every activation, with and without bias, batched input", () => {
  bp.manualSeed(7);
  const f64 = { dtype: "float64" as const, requiresGrad: true };
  const x = bp.randn([2, 3, 4], f64);
  const w = bp.randn([5, 4], f64);
  const b = bp.randn([5], f64);
  for (const act of ACTIVATIONS) {
    assert.equal(bp.autograd.gradcheck((p, q, r) => linearActivation(p, q, r, act), [x, w, b]), true, act);
    assert.equal(bp.autograd.gradcheck((p, q) => linearActivation(p, q, null, act), [x, w]), true, `${act} without bias`);
  }
});

test("linearActivation: bad input names the op", () => {
  assert.throws(() => linearActivation(bp.ones(4, 3), bp.ones(2, 5), null, "relu"), /linearActivation: input of shape \[4, 3\] and weight of shape \[2, 5\] do not align/);
  assert.throws(() => linearActivation(bp.ones(4, 3), bp.ones(2, 3, { dtype: "float64" }), null, "relu"), /linearActivation: input is float32 but weight is float64/);
  const int = bp.ones(4, 3, { dtype: "int32" });
  assert.throws(() => linearActivation(int, bp.ones(2, 3, { dtype: "int32" }), null, "tanh"), /linearActivation: tanh needs a floating point input, got int32/);
});
