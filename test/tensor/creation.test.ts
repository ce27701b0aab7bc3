/** Creation functions: shapes given either way, dtypes, values, and clear errors on bad input. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertClose, assertTensor, assertThrowsWith } from "../helpers/parity.ts";

test("tensor() from numbers, nested arrays, booleans, typed arrays and tensors", () => {
  const s = bp.tensor(3.5);
  assert.deepEqual(s.shape, []);
  assert.equal(s.dtype, "float32");
  assert.equal(s.item(), 3.5);
  assert.equal(s.dim(), 0);
  assert.equal(s.numel(), 1);
  const m = bp.tensor([[1, 2, 3], [4, 5, 6]]);
  assertTensor(m, [2, 3], [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(m.toArray(), [[1, 2, 3], [4, 5, 6]]);
  assert.deepEqual(m.size(), [2, 3]);
  assert.equal(m.size(-1), 3);
  assertTensor(bp.tensor([true, false]), [2], [1, 0]);
  const i = bp.tensor([1.7, -1.7, 3], { dtype: "int32" });
  assert.equal(i.dtype, "int32");
  assert.deepEqual(Array.from(i.data), [1, -1, 3], "int32 truncates toward zero");
  assert.equal(bp.tensor(new Int32Array([1, 2])).dtype, "int32");
  assert.equal(bp.tensor(new Float64Array([1, 2])).dtype, "float64");
  const src = bp.tensor([1, 2]);
  const copy = bp.tensor(src, { dtype: "float64" });
  assert.equal(copy.dtype, "float64");
  src.data[0] = 9;
  assert.equal(copy.data[0], 1, "tensor(t) copies");
  assert.equal(bp.tensor([1], { requiresGrad: true }).requiresGrad, true);
  assertTensor(bp.tensor([]), [0], []);
  assertTensor(bp.tensor([[], []]), [2, 0], []);
});

test("tensor() refuses ragged arrays, non-numbers and unknown dtypes, naming the problem", () => {
  assertThrowsWith(() => bp.tensor([[1, 2], [3]]), "tensor", "ragged", "at [1]", "expected length 2, got 1");
  assertThrowsWith(() => bp.tensor([[1, 2], 3] as unknown as number[][]), "ragged");
  assertThrowsWith(() => bp.tensor([1, [2]] as unknown as number[]), "ragged");
  assertThrowsWith(() => bp.tensor(["a"] as unknown as number[]), "tensor", "string");
  assertThrowsWith(() => bp.tensor([1], { dtype: "int64" as bp.DType }), "int64", "float32");
  assertThrowsWith(() => bp.zeros(2, { dtype: "float16" as bp.DType }), "zeros", "float16");
});

test("shapes may be given as separate numbers or one array: randn(3, 5) == randn([3, 5])", () => {
  bp.manualSeed(7);
  const a = bp.randn(3, 5);
  bp.manualSeed(7);
  const b = bp.randn([3, 5]);
  assert.deepEqual(a.shape, [3, 5]);
  assert.deepEqual(b.shape, [3, 5]);
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  for (const f of [bp.zeros, bp.ones, bp.rand, bp.randn]) {
    assert.deepEqual(f(2, 3, 4).shape, [2, 3, 4]);
    assert.deepEqual(f([2, 3, 4]).shape, [2, 3, 4]);
    assert.deepEqual(f([]).shape, []);
    assert.equal(f(2, { dtype: "float64" }).dtype, "float64");
    assert.equal(f([2, 2], { requiresGrad: true }).requiresGrad, true);
    assert.equal(f(2).dtype, "float32");
  }
});

test("zeros / ones / full / zerosLike / onesLike", () => {
  assertTensor(bp.zeros(2, 2), [2, 2], [0, 0, 0, 0]);
  assertTensor(bp.ones(3), [3], [1, 1, 1]);
  assert.equal(bp.ones(2, { dtype: "int32" }).dtype, "int32");
  assertTensor(bp.full([2, 2], 7), [2, 2], [7, 7, 7, 7]);
  assert.equal(bp.full([1], 0.1, { dtype: "float64" }).data[0], 0.1);
  const like = bp.randn([2, 3], { dtype: "float64" });
  assert.equal(bp.zerosLike(like).dtype, "float64");
  assert.deepEqual(bp.onesLike(like).shape, [2, 3]);
  assert.equal(bp.onesLike(like, { dtype: "int32" }).dtype, "int32");
});

test("arange / linspace / eye like PyTorch", () => {
  assertTensor(bp.arange(5), [5], [0, 1, 2, 3, 4]);
  assertTensor(bp.arange(1, 4), [3], [1, 2, 3]);
  assertTensor(bp.arange(1, 2, 0.25), [4], [1, 1.25, 1.5, 1.75]);
  assertTensor(bp.arange(5, 0, -2), [3], [5, 3, 1]);
  assert.equal(bp.arange(3, { dtype: "int32" }).dtype, "int32");
  assertTensor(bp.arange(0), [0], []);
  assertThrowsWith(() => bp.arange(0, 5, 0), "arange", "step=0");
  // a step that walks away from the end is refused, as in PyTorch
  assert.throws(() => bp.arange(-5), /^Error: arange: upper bound and lower bound inconsistent with step sign \(start=0, end=-5, step=1\)$/);
  assert.throws(() => bp.arange(0, 10, -1), /^Error: arange: upper bound and lower bound inconsistent with step sign/);
  assert.throws(() => bp.arange(5, 0), /^Error: arange: upper bound and lower bound inconsistent with step sign/);
  assertClose(bp.linspace(0, 1, 5).data, [0, 0.25, 0.5, 0.75, 1], { atol: 0, rtol: 0 });
  assertTensor(bp.linspace(-1, 1, 1), [1], [-1]);
  assertTensor(bp.linspace(0, 1, 0), [0], []);
  assertTensor(bp.eye(2), [2, 2], [1, 0, 0, 1]);
  assertTensor(bp.eye(2, 3), [2, 3], [1, 0, 0, 0, 1, 0]);
  assert.equal(bp.eye(2, { dtype: "float64" }).dtype, "float64");
});

test("invalid shapes and arguments name the function", () => {
  assertThrowsWith(() => bp.zeros(-1), "zeros", "[-1]");
  assertThrowsWith(() => bp.ones(2.5), "ones", "[2.5]");
  assertThrowsWith(() => bp.full([2, -3], 1), "full");
  assertThrowsWith(() => bp.randn(2, { dtype: "int32" }), "randn", "int32");
  assertThrowsWith(() => bp.randint(5, 2, [3]), "randint", "low=5", "high=2");
  assertThrowsWith(() => bp.randperm(-1), "randperm");
  assertThrowsWith(() => bp.linspace(0, 1, -2), "linspace");
  assertThrowsWith(() => new bp.Tensor(new Float32Array(5), [2, 3]), "5 values", "[2, 3]");
});

test("item() returns the single value and refuses multi-element tensors", () => {
  assert.equal(bp.tensor([[2.5]]).item(), 2.5);
  assertThrowsWith(() => bp.ones(2).item(), "item", "2 elements");
  assertThrowsWith(() => bp.zeros(0).item(), "item", "0 elements");
});

test("clone() copies, to() converts, detach() shares", () => {
  const x = bp.tensor([1.5, -2.5]);
  const c = x.clone();
  c.data[0] = 9;
  assert.equal(x.data[0], 1.5);
  assert.equal(x.to("float32"), x, "to() of the same dtype is the same tensor");
  assert.deepEqual(Array.from(x.int().data), [1, -2]);
  assert.equal(x.double().dtype, "float64");
  assert.equal(x.int().float().dtype, "float32");
  assertThrowsWith(() => x.to("bf16" as bp.DType), "bf16");
});
