/** Type promotion like PyTorch: bool < int32 < float32 < float64; numbers adapt to the tensor; true division. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor } from "../helpers/parity.ts";

const i32 = bp.tensor([1, 2, 3], { dtype: "int32" });
const f32 = bp.tensor([1, 2, 3]);
const f64 = bp.tensor([1, 2, 3], { dtype: "float64" });

test("int32 with a fractional number gives float32; with an integral number stays int32", () => {
  const r = i32.add(0.5);
  assert.equal(r.dtype, "float32");
  assertTensor(r, [3], [1.5, 2.5, 3.5]);
  assert.equal(i32.mul(0.5).dtype, "float32");
  assert.equal(i32.add(2).dtype, "int32");
  assert.equal(i32.mul(-3).dtype, "int32");
  assert.equal(bp.sub(1, i32).dtype, "int32");
});

test("int32 / int32 is true division in float32", () => {
  const r = i32.div(bp.tensor([2, 2, 2], { dtype: "int32" }));
  assert.equal(r.dtype, "float32");
  assertTensor(r, [3], [0.5, 1, 1.5]);
  assert.equal(i32.div(2).dtype, "float32");
});

test("float32 with float64 gives float64; int32 with a float tensor takes the float dtype", () => {
  assert.equal(f32.add(f64).dtype, "float64");
  assert.equal(f64.mul(f32).dtype, "float64");
  assert.equal(i32.add(f32).dtype, "float32");
  assert.equal(i32.add(f64).dtype, "float64");
  assert.equal(i32.add(i32).dtype, "int32");
});

test("a number keeps the tensor's float dtype", () => {
  assert.equal(f32.mul(0.005).dtype, "float32");
  assert.equal(f64.mul(0.005).dtype, "float64");
  assert.equal(f64.mul(0.005).data[0], 0.005, "float64 keeps the number exactly");
  assert.equal(f32.mul(0.005).data[0], Math.fround(0.005));
});

test("comparisons give bool; float functions of int32 give float32", () => {
  assert.equal(f64.gt(1).dtype, "bool");
  assert.equal(i32.eq(f32).dtype, "bool");
  assert.equal(i32.exp().dtype, "float32");
  assert.equal(i32.sigmoid().dtype, "float32");
  assert.equal(i32.mean().dtype, "float32");
  assert.equal(i32.mean().item(), 2);
  assert.equal(i32.neg().dtype, "int32");
  assert.equal(i32.abs().dtype, "int32");
  assert.equal(i32.sum().dtype, "int32");
  assert.equal(i32.softmax(0).dtype, "float32");
});

test("joins and where promote like PyTorch", () => {
  assert.equal(bp.cat([f32, f64]).dtype, "float64");
  assert.equal(bp.stack([i32, f32]).dtype, "float32");
  assert.equal(bp.where(i32.gt(1), f32, f64).dtype, "float64");
  assert.equal(bp.where(i32.gt(1), i32, 0.5).dtype, "float32");
  assertTensor(bp.where(i32.gt(1), i32, 0.5), [3], [0.5, 2, 3]);
});

test("0-d tensors do not raise the dtype of tensors with dimensions of the same kind (PyTorch's rule)", () => {
  const f64Scalar = bp.tensor(2, { dtype: "float64" });
  assert.equal(f32.mul(f64Scalar).dtype, "float32");
  assert.equal(f64Scalar.mul(f32).dtype, "float32");
  assert.equal(i32.add(f64Scalar).dtype, "float64", "a float 0-d tensor still makes int32 float");
  assert.equal(i32.add(bp.tensor(1, { dtype: "int32" })).dtype, "int32");
  assert.equal(bp.tensor(1, { dtype: "float64" }).add(bp.tensor(2)).dtype, "float64", "two 0-d tensors promote normally");
  assert.equal(bp.maximum(bp.tensor(0, { dtype: "int32" }), f32).dtype, "float32");
  assert.equal(bp.where(bp.tensor([true, false, true]), f64, bp.tensor(2)).dtype, "float64");
  assert.equal(bp.where(bp.tensor([true, false, true]), f32, f64Scalar).dtype, "float32");
});

test("in-place ops refuse to write a float result into an int32 tensor", () => {
  const t = bp.tensor([1, 2], { dtype: "int32" });
  assert.throws(() => t.add_(0.5), /add_.*int32/);
  assert.throws(() => t.mul_(bp.tensor([1.5, 2])), /mul_.*int32/);
  assert.throws(() => t.div_(2), /div_.*int32/);
  t.add_(3).mul_(2);
  assert.deepEqual(Array.from(t.data), [8, 10]);
  const f = bp.tensor([1, 2]);
  f.add_(bp.tensor([0.25, 0.5], { dtype: "float64" }));
  assert.equal(f.dtype, "float32");
  assert.deepEqual(Array.from(f.data), [1.25, 2.5]);
});
