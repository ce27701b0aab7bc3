/** transforms: normalize (scalar and per channel), compose, toTensor. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as data from "../../src/data/index.ts";
import { assertClose, assertThrowsWith, TIGHT32 } from "../helpers/parity.ts";

const { transforms } = data;

test("normalize(0.5, 0.5) maps [0, 1] to [-1, 1] (the MNIST lesson's Normalize((0.5,), (0.5,)))", () => {
  const x = bp.tensor([0, 0.25, 0.5, 1]);
  assert.deepEqual(transforms.normalize(0.5, 0.5)(x).toArray(), [-1, -0.5, 0, 1]);
  const img = bp.rand(4, 1, 28, 28);
  const y = transforms.normalize([0.5], [0.5])(img);
  assert.deepEqual([...y.shape], [4, 1, 28, 28]);
  assertClose(y.data, Array.from(img.data, (v) => (v - 0.5) / 0.5), TIGHT32);
  assert.ok(bp.noGrad(() => y.min().item()) >= -1 && y.max().item() <= 1);
});

test("normalize per channel on [C, H, W] and [N, C, H, W] (channel = dimension -3)", () => {
  const mean = [0.1, 0.5, 0.9];
  const std = [0.2, 0.5, 0.1];
  const x = bp.rand(2, 3, 2, 2, { dtype: "float64" });
  const y = transforms.normalize(mean, std)(x);
  assert.equal(y.dtype, "float64");
  const expected = Array.from(x.data, (v, i) => {
    const c = Math.floor(i / 4) % 3;
    return (v - mean[c]) / std[c];
  });
  assertClose(y.data, expected, { atol: 1e-15, rtol: 1e-15 });
  const single = transforms.normalize(mean, std)(x.select(0, 1));
  assert.deepEqual([...single.shape], [3, 2, 2]);
  assertClose(single.data, expected.slice(12), { atol: 1e-15, rtol: 1e-15 });
});

test("normalize errors: channels that do not match, integer input, zero std", () => {
  assertThrowsWith(() => transforms.normalize([0.1, 0.2, 0.3], [1, 1, 1])(bp.zeros(2, 4, 4)), "normalize: 3 channel values need a tensor of shape [..., 3, H, W], got [2, 4, 4]");
  assertThrowsWith(() => transforms.normalize([0.1, 0.2], [1, 1, 1]), "normalize: mean has 2 values and std 3");
  assertThrowsWith(() => transforms.normalize(0, 0), "normalize: std contains zero");
  assertThrowsWith(() => transforms.normalize(0.5, 0.5)(bp.tensor([1], { dtype: "int32" })), "normalize: input should be a floating point tensor, got int32");
});

test("compose applies transforms left to right", () => {
  const t = transforms.compose([(x) => x.add(1), (x) => x.mul(10)]);
  assert.deepEqual(t(bp.tensor([0, 1])).toArray(), [10, 20]);
  assert.deepEqual(transforms.compose([])(bp.tensor([3])).toArray(), [3]);
  assertThrowsWith(() => transforms.compose([1 as unknown as data.transforms.Transform]), "compose: transform 0 is not a function");
});

test("toTensor scales integer pixels (tensors or raw bytes) to [0, 1] float32 and keeps float input", () => {
  const fromInt = transforms.toTensor(bp.tensor([0, 51, 255], { dtype: "int32" }));
  assert.equal(fromInt.dtype, "float32");
  assertClose(fromInt.data, [0, 0.2, 1], TIGHT32);
  const fromBytes = transforms.toTensor({ data: new Uint8Array([0, 255, 128, 64]), shape: [2, 2] });
  assert.deepEqual([...fromBytes.shape], [2, 2]);
  assert.equal(fromBytes.data[2], Math.fround(128 / 255));
  assert.deepEqual(transforms.toTensor(bp.tensor([0.5, 2], { dtype: "float64" })).toArray(), [0.5, 2]);
  assertThrowsWith(() => transforms.toTensor({ data: new Uint8Array(3), shape: [2, 2] }), "toTensor: 3 values do not fill shape [2, 2]");
  const pipeline = transforms.compose([transforms.toTensor, transforms.normalize(0.5, 0.5)]);
  assert.deepEqual(pipeline(bp.tensor([0, 255], { dtype: "int32" })).toArray(), [-1, 1]);
});
