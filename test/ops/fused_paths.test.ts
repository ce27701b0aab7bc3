/**
 * The ops that run on fused kernels give what their composed definitions give: activation gradients
 * (one kernel pass) against the recorded-op formulas they replaced; linear's in-place bias epilogue and
 * column-sum bias gradient against matmul + add and sum(0), with the broadcasting fallbacks;
 * cross-entropy's fused softmax + NLL path against the general path, and which cases take it.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { nn } from "../../src/index.ts";
import { TIGHT32, TIGHT64, assertClose, assertThrowsWith, i32 } from "../helpers/parity.ts";

const F = nn.functional;
const DTYPES = ["float32", "float64"] as const;
const tolOf = (dtype: string) => (dtype === "float32" ? TIGHT32 : TIGHT64);

/** The gradient of `fn` at x for the upstream gradient g. */
function gradOf(fn: (x: bp.Tensor) => bp.Tensor, x: bp.Tensor, g: bp.Tensor): bp.Tensor {
  const leaf = x.detach().requiresGrad_();
  fn(leaf).backward(g);
  return leaf.grad!;
}

// the recorded-op formulas the fused activation gradients replaced (run under noGrad on plain tensors)
const COMPOSED: Record<string, { fn: (x: bp.Tensor) => bp.Tensor; grad: (x: bp.Tensor, y: bp.Tensor, g: bp.Tensor) => bp.Tensor }> = {
  relu: { fn: (x) => x.relu(), grad: (x, _y, g) => g.mul(x.gt(0)) },
  leakyRelu: { fn: (x) => bp.leakyRelu(x, 0.2), grad: (x, _y, g) => bp.where(x.gt(0), g, g.mul(0.2)) },
  elu: { fn: (x) => bp.elu(x, 1.3), grad: (x, y, g) => { const pos = x.gt(0); return g.mul(pos.add(y.add(1.3).mul(pos.logicalNot()))); } },
  sigmoid: { fn: (x) => x.sigmoid(), grad: (_x, y, g) => g.mul(y).mul(y.neg().add(1)) },
  tanh: { fn: (x) => x.tanh(), grad: (_x, y, g) => g.mul(y.mul(y).neg().add(1)) },
  gelu: {
    fn: (x) => bp.gelu(x),
    grad: (x, _y, g) => {
      const cdf = bp.erf(x.mul(Math.SQRT1_2)).add(1).mul(0.5);
      const pdf = x.mul(x).mul(-0.5).exp().mul(1 / Math.sqrt(2 * Math.PI));
      return g.mul(cdf.add(x.mul(pdf)));
    },
  },
};

for (const [name, { fn, grad }] of Object.entries(COMPOSED)) {
  for (const dtype of DTYPES) {
    test(`${name} backward (fused kernel) equals its composed formula, ${dtype}`, () => {
      bp.manualSeed(11);
      const x = bp.randn([7, 33], { dtype }).mul(3);
      const g = bp.randn([7, 33], { dtype });
      const fused = gradOf(fn, x, g);
      const composed = bp.noGrad(() => grad(x, fn(x), g));
      assert.equal(fused.dtype, dtype);
      assertClose(fused.data, composed.data, tolOf(dtype), name);
    });
  }
}

test("relu backward: 0 where x <= 0 (also for an infinite upstream gradient), g where x > 0", () => {
  const g = gradOf((x) => x.relu(), bp.tensor([-1, 0, 2, -3]), bp.tensor([Infinity, 5, 7, NaN]));
  assert.deepEqual(Array.from(g.data), [0, 0, 7, 0]);
});

test("elu backward at x = +inf is g (the x > 0 branch), like PyTorch", () => {
  const g = gradOf((x) => bp.elu(x), bp.tensor([Infinity, -1]), bp.tensor([2, 1]));
  assert.equal(g.data[0], 2);
  assertClose([g.data[1]], [Math.exp(-1)], TIGHT32);
});

for (const dtype of DTYPES) {
  test(`linear with a [out] bias: the in-place epilogue and the column-sum gradient equal matmul + add and sum(0), ${dtype}`, () => {
    bp.manualSeed(5);
    const x = bp.randn([2, 9, 13], { dtype, requiresGrad: true });
    const w = bp.randn([6, 13], { dtype, requiresGrad: true });
    const b = bp.randn([6], { dtype, requiresGrad: true });
    const g = bp.randn([2, 9, 6], { dtype });
    const y = bp.linear(x, w, b);
    y.backward(g);
    const ref = bp.noGrad(() => x.matmul(w.transpose(0, 1)).add(b));
    assert.deepEqual(Array.from(y.data), Array.from(ref.data), "forward: the same numbers");
    assert.deepEqual(Array.from(b.grad!.data), Array.from(g.reshape(18, 6).sum(0).data), "bias gradient: the same sums");
  });
}

test("linear falls back to the broadcasting add for a bias that is not [out] of the input's dtype", () => {
  const x = bp.randn([4, 3], { dtype: "float64", requiresGrad: true });
  const w = bp.randn([5, 3], { dtype: "float64" });
  const b1 = bp.tensor([0.5], { dtype: "float64", requiresGrad: true });
  const y = bp.linear(x, w, b1);
  assertClose(y.data, bp.noGrad(() => x.matmul(w.transpose(0, 1)).add(0.5)).data, TIGHT64);
  y.sum().backward();
  assertClose(b1.grad!.data, [20], TIGHT64);
  const b2 = bp.full([4, 5], 2, { dtype: "float64" });
  assertClose(bp.linear(x, w, b2).data, bp.noGrad(() => x.matmul(w.transpose(0, 1)).add(2)).data, TIGHT64);
});

// ---- cross-entropy

/** The general path, forced by an all-ones class weight (which changes nothing in the result). */
function generalCE(x: bp.Tensor, t: bp.Tensor, reduction: "mean" | "sum" | "none"): bp.Tensor {
  return F.crossEntropy(x, t, { reduction, weight: bp.ones([x.shape[1]], { dtype: x.dtype }) });
}

for (const dtype of DTYPES) {
  for (const reduction of ["mean", "sum", "none"] as const) {
    test(`crossEntropy fused path equals the general path: ${dtype}, reduction ${reduction}`, () => {
      bp.manualSeed(3);
      const x = bp.randn([64, 10], { dtype }).mul(4);
      const t = bp.randint(0, 10, [64], { dtype: "int32" });
      const g = reduction === "none" ? bp.randn([64], { dtype }) : bp.tensor(0.7, { dtype });
      const a = x.detach().requiresGrad_();
      const fused = F.crossEntropy(a, t, { reduction });
      assert.equal(fused.gradFn!.name, "CrossEntropy", "took the fused path");
      fused.backward(g);
      const b = x.detach().requiresGrad_();
      const general = generalCE(b, t, reduction);
      assert.notEqual(general.gradFn!.name, "CrossEntropy");
      general.backward(g);
      assert.deepEqual(fused.shape, general.shape);
      assert.equal(fused.dtype, general.dtype);
      assertClose(fused.data, general.data, tolOf(dtype), "loss");
      assertClose(a.grad!.data, b.grad!.data, tolOf(dtype), "dCE/dlogits");
    });
  }
}

test("crossEntropy takes the general path when a target equals ignoreIndex, for 1-D input, smoothing or weight", () => {
  const x = bp.randn([3, 4], { requiresGrad: true });
  assert.notEqual(F.crossEntropy(x, i32([1, 2, 1]), { ignoreIndex: 2 }).gradFn!.name, "CrossEntropy");
  assert.equal(F.crossEntropy(x, i32([1, 0, 1]), { ignoreIndex: 2 }).gradFn!.name, "CrossEntropy");
  assert.notEqual(F.crossEntropy(x, i32([1, 2, 1]), { labelSmoothing: 0.1 }).gradFn!.name, "CrossEntropy");
  assert.notEqual(F.crossEntropy(x.reshape(-1).narrow(0, 0, 4), i32(1)).gradFn!.name, "CrossEntropy");
  assert.equal(new nn.CrossEntropyLoss().forward(x, i32([3, 0, 1])).gradFn!.name, "CrossEntropy");
});

test("crossEntropy: an out-of-range target or a bad reduction still gives the general path's error", () => {
  const x = bp.randn([3, 4]);
  assertThrowsWith(() => F.crossEntropy(x, i32([1, 4, 0])), "CrossEntropyLoss", "target 4 is out of bounds for 4 classes");
  assertThrowsWith(() => F.crossEntropy(x, i32([1, -1, 0])), "CrossEntropyLoss", "target -1 is out of bounds");
  assertThrowsWith(() => F.crossEntropy(x, i32([1, 2, 0]), { reduction: "avg" as "mean" }), "CrossEntropyLoss");
});

test("crossEntropy: -inf logits in other classes give PyTorch's finite loss and gradient", () => {
  // torch: F.cross_entropy(tensor([[0., -inf, 1.]]), tensor([0])) = 1.3133, grad [-0.7311, 0, 0.7311]
  const x = bp.tensor([[0, -Infinity, 1]], { requiresGrad: true });
  const loss = F.crossEntropy(x, i32([0]));
  assertClose([loss.item()], [Math.log(1 + Math.E)], TIGHT32);
  loss.backward();
  assertClose(x.grad!.data, [-Math.E / (1 + Math.E), 0, Math.E / (1 + Math.E)], TIGHT32);
});
