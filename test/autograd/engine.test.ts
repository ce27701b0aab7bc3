/** The backward engine behaves like PyTorch's: accumulation, retainGraph, retainGrad, leaves, copy nodes. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith } from "../helpers/parity.ts";

const f64 = { dtype: "float64" as const, requiresGrad: true };

test("gradients accumulate across backward calls until zeroed", () => {
  const w = bp.tensor([1, 2, 3], f64);
  w.mul(w).sum().backward(); // d/dw sum w^2 = 2w
  assertTensor(w.grad!, [3], [2, 4, 6]);
  const first = w.grad!;
  w.mul(3).sum().backward();
  assertTensor(w.grad!, [3], [5, 7, 9]);
  assert.equal(w.grad, first, "accumulation happens in place, like PyTorch");
  w.grad!.zero_();
  w.sum().backward();
  assertTensor(w.grad!, [3], [1, 1, 1]);
});

test("linear adds its weight gradient straight into an existing .grad: same tensor, same sums, float32 and float64", () => {
  for (const dtype of ["float32", "float64"] as const) {
    bp.manualSeed(3);
    const x = bp.randn([64, 784], { dtype });
    const w = bp.randn([128, 784], { dtype }).mul(0.05).requiresGrad_();
    const b = bp.zeros([128], { dtype, requiresGrad: true });
    const loss = (): bp.Tensor => bp.linear(x, w, b).relu().sum();
    loss().backward();
    const first = w.grad!;
    const [wOnce, bOnce] = [first.clone(), b.grad!.clone()];
    loss().backward(); // into the existing gradient: the backward adds to it in place
    assert.equal(w.grad, first, `${dtype}: accumulation keeps the tensor, like PyTorch`);
    const tol = dtype === "float32" ? { atol: 1e-4, rtol: 1e-5 } : { atol: 1e-12, rtol: 1e-12 };
    assertTensor(w.grad!, [128, 784], Array.from(wOnce.mul(2).data), tol);
    assertTensor(b.grad!, [128], Array.from(bOnce.mul(2).data), tol);
  }
});

test("a gradient that is an input of the op it flows back through is not written under it", () => {
  const w = bp.tensor([[1, 2], [3, 4]], f64);
  w.sum().backward(); // w.grad = ones
  const g = w.grad!;
  // linear(g, w): w's gradient is G^T · g, which reads g while w.grad (= g) is being updated
  bp.linear(g, w).sum().backward();
  assertTensor(w.grad!, [2, 2], [3, 3, 3, 3]);
  assert.equal(w.grad, g);
});

test("a second backward through a freed graph fails and names retainGraph", () => {
  const w = bp.tensor(1.0, { requiresGrad: true });
  const loss = w.mul(bp.tensor([1, 2, 3, 4])).pow(2).mean();
  loss.backward();
  assertThrowsWith(() => loss.backward(), "second time", "retainGraph");
});

test("retainGraph keeps the graph for further backward calls", () => {
  const w = bp.tensor(2.0, f64);
  const y = w.mul(w).mul(w); // dy/dw = 3 w^2 = 12
  y.backward(null, { retainGraph: true });
  y.backward(undefined, { retainGraph: true });
  assert.equal(w.grad!.item(), 24);
  y.backward();
  assert.equal(w.grad!.item(), 36);
  assert.throws(() => y.backward(), /retainGraph/);
});

test("backward() on a non-scalar needs a gradient; with one it is a vector-Jacobian product", () => {
  const x = bp.tensor([1, 2, 3], f64);
  const y = x.mul(x);
  assertThrowsWith(() => y.backward(), "scalar", "[3]");
  assertThrowsWith(() => y.backward(bp.ones(2, { dtype: "float64" })), "[2]", "[3]");
  y.backward(bp.tensor([1, 0.1, 0.01], { dtype: "float64" }));
  assertTensor(x.grad!, [3], [2, 0.4, 0.06], { atol: 1e-15, rtol: 1e-15 });
});

test("backward() on a one-element non-0-d tensor works without a gradient, like PyTorch", () => {
  const x = bp.tensor([3], f64);
  x.mul(x).backward();
  assertTensor(x.grad!, [1], [6]);
});

test("backward() on a tensor that does not require grad throws", () => {
  assertThrowsWith(() => bp.tensor([1, 2]).sum().backward(), "does not require grad");
});

test("backward() on a leaf sets its own grad to the seed", () => {
  const x = bp.tensor(2.0, { requiresGrad: true });
  x.backward();
  assert.equal(x.grad!.item(), 1);
  const v = bp.tensor([1, 2], f64);
  v.backward(bp.tensor([0.5, -1], { dtype: "float64" }));
  assertTensor(v.grad!, [2], [0.5, -1]);
});

test("grad stays null on non-leaves unless retainGrad(); retained grads accumulate", () => {
  const x = bp.tensor([1, 2], f64);
  const h = x.mul(2);
  const out = h.mul(h).sum();
  out.backward(null, { retainGraph: true });
  assert.equal(h.grad, null);
  assertTensor(x.grad!, [2], [8, 16]);

  const x2 = bp.tensor([1, 2], f64);
  const h2 = x2.mul(2);
  h2.retainGrad();
  assert.equal(h2.retainsGrad, true);
  const out2 = h2.mul(h2).sum();
  out2.backward(null, { retainGraph: true });
  assertTensor(h2.grad!, [2], [4, 8]);
  out2.backward();
  assertTensor(h2.grad!, [2], [8, 16]);
});

test("retainGrad() on the root keeps the seed gradient", () => {
  const x = bp.tensor([1, 2], f64);
  const s = x.sum();
  s.retainGrad();
  s.backward();
  assert.equal(s.grad!.item(), 1);
});

test("isLeaf and requiresGrad propagate like PyTorch", () => {
  const a = bp.tensor([1, 2], { requiresGrad: true });
  const b = bp.tensor([3, 4]);
  assert.equal(a.isLeaf, true);
  assert.equal(b.isLeaf, true);
  assert.equal(b.requiresGrad, false);
  const c = a.add(b);
  assert.equal(c.isLeaf, false);
  assert.equal(c.requiresGrad, true);
  assert.equal(c.gradFn!.name, "Add");
  const d = b.mul(2);
  assert.equal(d.isLeaf, true, "ops on tensors that need no grad make leaves");
  assert.equal(d.requiresGrad, false);
  assert.equal(d.gradFn, null);
  const e = bp.noGrad(() => a.mul(2));
  assert.equal(e.isLeaf, true);
  assert.equal(e.requiresGrad, false);
  assert.equal(a.mul(b).sum().requiresGrad, true);
  assert.equal(a.argmax().requiresGrad, false, "integer results carry no gradient");
  assert.equal(a.gt(0).requiresGrad, false);
});

test("only floating point leaves can require grad; requiresGrad_ on a non-leaf cannot turn it off", () => {
  assertThrowsWith(() => bp.tensor([1, 2], { dtype: "int32", requiresGrad: true }), "floating point");
  const a = bp.tensor([1.5], { requiresGrad: true });
  const b = a.mul(2);
  assertThrowsWith(() => b.requiresGrad_(false), "detach");
  const c = bp.tensor([1.5]).requiresGrad_();
  assert.equal(c.requiresGrad, true);
});

test("detach() shares data, drops the graph and is a leaf", () => {
  const a = bp.tensor([1, 2], f64);
  const h = a.mul(3);
  const d = h.detach();
  assert.equal(d.isLeaf, true);
  assert.equal(d.requiresGrad, false);
  assert.equal(d.gradFn, null);
  assert.equal(d.data, h.data, "same storage");
  // gradient does not flow through the detached branch
  h.add(d.mul(d)).sum().backward();
  assertTensor(a.grad!, [2], [3, 3]);
});

test("a tensor used several times sums the gradients of its uses (copy node)", () => {
  const x = bp.tensor([-2, 5], f64);
  x.add(x).add(x.mul(x)).sum().backward(); // d/dx (2x + x^2) = 2 + 2x
  assertTensor(x.grad!, [2], [-2, 12]);

  // diamond: two branches of different depth join again
  const y = bp.tensor(3.0, f64);
  const a = y.mul(2);
  const b = a.exp().log().mul(a); // = a^2
  b.add(a).backward(); // d/dy (4y^2 + 2y) = 8y + 2
  assert.ok(Math.abs(y.grad!.item() - 26) < 1e-12);
});

test("inputs that do not require grad get no gradient; unused inputs keep grad null", () => {
  const x = bp.tensor([1, 2], f64);
  const c = bp.tensor([3, 4], { dtype: "float64" });
  const unused = bp.tensor([1], f64);
  x.mul(c).sum().backward();
  assertTensor(x.grad!, [2], [3, 4]);
  assert.equal(c.grad, null);
  assert.equal(unused.grad, null);
});

test("gradients have the dtype of their tensor and do not require grad", () => {
  const x32 = bp.tensor([1, 2], { requiresGrad: true });
  const x64 = bp.tensor([1, 2], f64);
  x32.mul(x64).sum().backward();
  assert.equal(x32.grad!.dtype, "float32");
  assert.equal(x64.grad!.dtype, "float64");
  assert.equal(x32.grad!.requiresGrad, false);
  assert.equal(x32.grad!.isLeaf, true);
});

test("gradients reaching a non-leaf are converted to its dtype", () => {
  const x = bp.tensor([1, 2, 3], { requiresGrad: true });
  const y = bp.tensor(2, f64);
  const h = y.mul(3); // float64 0-d non-leaf
  h.retainGrad();
  const out = x.mul(h); // float32: a 0-d float64 does not raise float32
  assert.equal(out.dtype, "float32");
  out.sum().backward();
  assert.equal(h.grad!.dtype, "float64");
  assert.equal(h.grad!.item(), 6);
  assert.equal(y.grad!.dtype, "float64");
  assert.equal(y.grad!.item(), 18);
  assertTensor(x.grad!, [3], [6, 6, 6]);
});

test("deep chains (10 000 ops) do not overflow the stack", () => {
  const x = bp.tensor(1.0, f64);
  let y = x;
  for (let i = 0; i < 10_000; i++) y = y.mul(1.0001).add(0.0001);
  y.backward();
  assert.ok(Math.abs(x.grad!.item() - Math.pow(1.0001, 10_000)) < 1e-9);
});

test("wide graphs: one parameter feeding 5 000 branches", () => {
  const x = bp.tensor([1, 2], f64);
  let acc = x.mul(0);
  for (let i = 0; i < 5_000; i++) acc = acc.add(x.mul(i % 3));
  acc.sum().backward();
  // sum over i of (i % 3) = 1666 * 3 + (0 + 1) for 5000 = 4999
  assertTensor(x.grad!, [2], [4999, 4999]);
});

test("backward builds no graph of its own (grads are plain tensors)", () => {
  const x = bp.tensor([1, 2], f64);
  x.exp().sum().backward();
  assert.equal(x.grad!.gradFn, null);
  assert.equal(x.grad!.requiresGrad, false);
});
