/**
 * In-place autograd against PyTorch 1.13 (test/fixtures/gen_indexing.py): chains of in-place ops on
 * non-leaf tensors, the in-place activations and random fills, and the version-counter error with
 * PyTorch's versions; plus views, leaves, retainGrad and the version counter itself.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith, i32 } from "../helpers/parity.ts";
import { checkIndexing, checkIndexingCovered, indexingCase } from "../helpers/indexing_fixture.ts";

// writes through views (reshape / view / unsqueeze / flatten share storage) record on the base
// a view made before its base was written: used afterwards it follows the base's new value
// (PyTorch regenerates its grad_fn); used before, the graph keeps the old route
checkIndexing("inplace_stale_view_used", (x) => {
  const y = x.mul(2);
  const w = y.view(2, 2);
  y.mul_(3);
  return w.mul(y.view(2, 2));
});
checkIndexing("inplace_stale_view_graph_before", (x) => {
  const y = x.mul(2);
  const s = y.view(4).mul(5);
  y.add_(1);
  return s.add(y);
});
checkIndexing("inplace_view_write_base", (x, c) => {
  const y = x.mul(2);
  const v = y.view(2, 3);
  v.mul_(c);
  v.add_(1);
  return y.mul(3);
});
checkIndexing("inplace_view_write_view", (x) => {
  const y = x.mul(2);
  const v = y.view(3, 2);
  v.relu_();
  return v.sum(1).mul(y.view(3, 2).index(":", 0));
});
checkIndexing("inplace_view_of_view", (x, i) => {
  const z = x.exp().mul(1);
  z.view(2, 3).unsqueeze(0).flatten().indexPut_([i], 0.5);
  return z.sigmoid();
});
checkIndexing("inplace_chain", (x, c) => x.mul(2).add_(1).mul_(c).sub_(0.5).relu_());
checkIndexing("inplace_activations", (x) => x.clone().sigmoid_().add(x.mul(1.5).tanh_()));
checkIndexing("inplace_misc", (x, c) => x.clone().neg_().pow_(2).div_(c).clamp_(0.2, 1.5));
checkIndexing("inplace_copy_fill", (x, s) => x.clone().copy_(s).add(x.clone().fill_(3)).add(x.clone().zero_()));
checkIndexing("inplace_put_then_use", (x, v, i) => {
  const z = x.exp().mul(1);
  z.indexPut_([i], v);
  return z.sigmoid();
});
checkIndexing("inplace_after_add", (x) => {
  const y = x.mul(2);
  const z = y.add(1);
  y.add_(5);
  return z.mul(y);
});
checkIndexing("inplace_error_saved_output", (x) => x.exp().add_(1));
checkIndexing("inplace_error_saved_input", (x) => {
  const y = x.mul(2);
  const z = y.mul(y);
  y.mul_(3);
  return z;
});
checkIndexing("inplace_error_twice", (x) => x.sigmoid().add_(1).add_(1));
checkIndexing("inplace_error_mul_self", (x) => {
  const y = x.mul(2);
  return y.mul_(y);
});
// the samples come from backprop's generator, not PyTorch's: the case adds PyTorch's uniform_ samples
// (read from the fixture) to ours times 0, so the output matches and the gradient (zero) is compared
checkIndexing("inplace_random_grad", (x) => {
  const name = x.dtype === "float32" ? "inplace_random_grad_f32" : "inplace_random_grad";
  const torchSamples = bp.tensor(indexingCase(name).out!.data as number[], { dtype: x.dtype });
  return x.clone().normal_().mul(0).add(x.clone().uniform_().mul(0)).add(torchSamples);
});
checkIndexingCovered(["inplace_"]);

test("the error names the saved tensor, the op that saved it, the versions and the hint", () => {
  const x = bp.tensor([1, 2, 3], { requiresGrad: true });
  const y = x.exp();
  y.add_(1);
  assertThrowsWith(
    () => y.sum().backward(),
    "modified by an inplace operation", "[float32 tensor of shape [3]]", "ExpBackward", "is at version 1; expected version 0 instead", "Hint",
  );
});

test("ops whose backward reads their output catch a write into it (max, pow, norm, softmax)", () => {
  const x = bp.tensor([1, 3, 2], { requiresGrad: true });
  for (const f of [(t: bp.Tensor) => t.max(), (t: bp.Tensor) => t.pow(x), (t: bp.Tensor) => t.softmax(0), (t: bp.Tensor) => t.sigmoid()]) {
    const y = f(x.mul(1));
    y.add_(1);
    assertThrowsWith(() => y.sum().backward(), "modified by an inplace operation", "is at version 1; expected version 0");
  }
});

test("an in-place write after an op that saves nothing is fine (add, clone, index)", () => {
  const x = bp.tensor([1, 2, 3], { requiresGrad: true });
  const y = x.clone();
  const z = y.add(1).index(i32([0, 2]));
  y.mul_(2);
  z.sum().backward();
  assertTensor(x.grad!, [3], [1, 0, 1]);
});

test("version counters: every in-place write bumps the version, shared by views and detach", () => {
  const x = bp.zeros(4);
  const v = x.view(2, 2);
  const d = x.detach();
  assert.equal(x.version, 0);
  x.add_(1);
  v.mul_(2);
  d.indexPut_([0], 5);
  bp.noGrad(() => x.fill_(1));
  assert.equal(x.version, 4);
  assert.equal(v.version, 4);
  assert.equal(x.clone().version, 0);
});

test("writing through detach() into a tensor saved for backward fails at backward, as PyTorch", () => {
  const x = bp.tensor([1, 2], { requiresGrad: true });
  const y = x.sigmoid();
  y.detach().zero_();
  assertThrowsWith(() => y.sum().backward(), "modified by an inplace operation", "SigmoidBackward");
});

test("views: a write through a view records on its base; a stale view follows its base", () => {
  const x = bp.tensor([1, 2, 3, 4], { requiresGrad: true });
  const y = x.mul(2);
  const v = y.view(2, 2);
  v.mul_(3);
  assert.equal(y.gradFn!.name, "MulInPlace", "the base's gradFn is the write");
  assert.equal(v.gradFn!.name, "View", "the view is a fresh view of the new base");
  assertTensor(y, [4], [6, 12, 18, 24]);
  // a view of a leaf that requires grad: refused like the leaf itself
  assertThrowsWith(() => x.view(2, 2).mul_(2), "mul_", "view of a leaf", "noGrad");
  // a view made before its base was written follows the base's new value, also when written through
  const w = y.view(4);
  y.add_(1);
  w.add_(1);
  assert.equal(y.gradFn!.name, "AddInPlace");
  assertTensor(w, [4], [8, 14, 20, 26]);
  y.sum().backward();
  assertTensor(x.grad!, [4], [6, 6, 6, 6]);
});

test("a view of a tensor outside the graph gets its gradFn from the value written into it", () => {
  const v = bp.tensor([5], { requiresGrad: true });
  const z = bp.zeros(2, 2);
  const flat = z.view(4);
  flat.indexPut_([i32([3])], v);
  assert.equal(flat.requiresGrad, true);
  flat.mul(bp.tensor([1, 2, 3, 4])).sum().backward();
  assertTensor(v.grad!, [1], [4]);
  assertTensor(z, [2, 2], [0, 0, 0, 5]);
});

test("in-place on a leaf requiring grad stays refused outside noGrad, for every in-place op", () => {
  const w = bp.ones([3], { requiresGrad: true });
  for (const f of [
    (): unknown => w.relu_(), (): unknown => w.sigmoid_(), (): unknown => w.tanh_(), (): unknown => w.neg_(),
    (): unknown => w.pow_(2), (): unknown => w.normal_(), (): unknown => w.uniform_(), (): unknown => w.exponential_(),
    (): unknown => w.bernoulli_(), (): unknown => w.indexPut_([0], 1), (): unknown => w.maskedFill_(bp.tensor([true, false, false]), 1),
    (): unknown => w.scatter_(0, i32([0]), 2), (): unknown => w.scatterAdd_(0, i32([0]), bp.ones(1)), (): unknown => w.copy_(bp.zeros(3)),
  ]) {
    assertThrowsWith(f, "leaf tensor that requires grad", "noGrad");
  }
  assertTensor(w, [3], [1, 1, 1]);
  bp.noGrad(() => w.normal_(0, 0.01));
  assert.equal(w.isLeaf, true);
});

test("a tensor that does not require grad becomes part of the graph when a value written into it does", () => {
  const v = bp.tensor([2, 3], { requiresGrad: true });
  const z = bp.zeros(3);
  z.indexPut_([i32([2, 0])], v);
  assert.equal(z.requiresGrad, true);
  assert.equal(z.isLeaf, false);
  z.mul(bp.tensor([1, 10, 100])).sum().backward();
  assertTensor(v.grad!, [2], [100, 1]);
});

test("retainGrad follows the tensor through an in-place op (the gradient of its new value)", () => {
  const x = bp.tensor([1, 2], { requiresGrad: true });
  const y = x.mul(1);
  y.retainGrad();
  y.mul_(3);
  y.mul(y).sum().backward();
  assertTensor(y.grad!, [2], [6, 12]);
  assertTensor(x.grad!, [2], [18, 36]);
});

test("retainGrad on a view follows it through a write into it", () => {
  const x = bp.tensor([1, 2, 3, 4], { requiresGrad: true });
  const v = x.mul(1).view(2, 2);
  v.retainGrad();
  v.mul_(2);
  v.sum().backward();
  assertTensor(v.grad!, [2, 2], [1, 1, 1, 1]);
  assertTensor(x.grad!, [4], [2, 2, 2, 2]);
});

// torch 1.13: x = torch.tensor([1., 2., 3., 4.], requires_grad=True); y = x * 1; v = y.view(2, 2);
// v.retain_grad(); y.add_(1); (v * w).sum().backward()  ->  v.grad = w, x.grad = w.flatten()
test("retainGrad on a view survives a write into its base (the view's gradFn is regenerated)", () => {
  const x = bp.tensor([1, 2, 3, 4], { requiresGrad: true });
  const y = x.mul(1);
  const v = y.view(2, 2);
  v.retainGrad();
  y.add_(1);
  v.mul(bp.tensor([[1, 2], [3, 4]])).sum().backward();
  assertTensor(v.grad!, [2, 2], [1, 2, 3, 4]);
  assertTensor(x.grad!, [4], [1, 2, 3, 4]);
});

test("normal_ / uniform_ / exponential_ / bernoulli_ are seeded by manualSeed and keep their ranges", () => {
  bp.manualSeed(7);
  const a = bp.zeros(1000).normal_(2, 0.5);
  bp.manualSeed(7);
  const b = bp.zeros(1000).normal_(2, 0.5);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  const mean = a.mean().item();
  assert.ok(Math.abs(mean - 2) < 0.1, `mean ${mean}`);
  const u = bp.zeros(1000).uniform_(-1, 3);
  assert.ok(u.data.every((v) => v >= -1 && v < 3));
  assert.ok(bp.zeros(100).exponential_(2).data.every((v) => v >= 0));
  assert.ok(bp.zeros(100).bernoulli_(0.3).data.every((v) => v === 0 || v === 1));
  assertThrowsWith(() => bp.zeros(2).normal_(0, -1), "normal_", "std");
  assertThrowsWith(() => bp.zeros(2).uniform_(1, 0), "uniform_", "from");
});

/** gradcheck (float64) of programs made of in-place ops on non-leaf tensors. */
function gc(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor, shapes: number[][]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(99);
    const xs = shapes.map((s) => bp.randn(s, { dtype: "float64", requiresGrad: true }));
    assert.equal(bp.autograd.gradcheck(fn, xs), true);
  });
}

gc("add_ sub_ mul_ div_ (tensor operands)", (x, c) => x.mul(1).add_(c).mul_(c).sub_(x).div_(c.mul(c).add(1)), [[2, 3], [3]]);
gc("relu_ sigmoid_ tanh_ neg_", (x) => x.mul(1).sigmoid_().add(x.mul(2).tanh_()).add(x.mul(1).neg_()).add(x.mul(1).relu_()), [[5]]);
gc("pow_ and clamp_", (x) => x.mul(1).pow_(3).add(x.mul(1).clamp_(-0.5, 0.5)), [[6]]);
gc("copy_ (broadcast source)", (x, s) => x.mul(1).copy_(s).mul(x), [[2, 3], [3]]);
gc("indexPut_ and maskedFill_ in place", (x, v) => {
  const y = x.mul(1);
  y.indexPut_([i32([0, 2])], v);
  y.maskedFill_(bp.tensor([true, false, false, true]), 0.25);
  return y.mul(y);
}, [[4], [2]]);
gc("scatter_ and scatterAdd_ in place", (x, s) => x.mul(1).scatter_(0, i32([[1, 0]]), s).scatterAdd_(0, i32([[0, 0], [1, 1]]), s.expand(2, 2)), [[2, 2], [1, 2]]);
gc("write through a view of a view", (x, v) => {
  const y = x.exp();
  const z = x.mul(3);
  z.view(6).unsqueeze(1).mul_(v.reshape(1, 1));
  return z.mul(y);
}, [[2, 3], [1]]);
