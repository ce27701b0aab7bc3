import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

/* Inputs that PyTorch refuses and backprop used to accept silently (issue 13). */

test("tensor(): NaN, ±Infinity and out-of-range values are refused for int32, as PyTorch does", () => {
  for (const bad of [NaN, Infinity, -Infinity, 3e9, 2 ** 31, -(2 ** 31) - 1]) {
    assert.throws(() => bp.tensor([1, bad], { dtype: "int32" }),
      new RegExp(`^Error: tensor: value ${String(bad).replace("+", "\\+")} at index 1 cannot be converted to type int32 without overflow$`));
  }
  assert.throws(() => bp.tensor(NaN, { dtype: "int32" }), /tensor: value NaN at index 0 cannot be converted to type int32/);
  assert.throws(() => bp.full([2], NaN, { dtype: "int32" }), /^Error: full: value NaN cannot be converted to type int32 without overflow$/);
  // the limits themselves, and fractions (truncated, as PyTorch does) are fine
  assert.deepEqual([...bp.tensor([2 ** 31 - 1, -(2 ** 31), 2.7, -2.7], { dtype: "int32" }).data], [2 ** 31 - 1, -(2 ** 31), 2, -2]);
  assert.deepEqual([...bp.full([1], -3.5, { dtype: "int32" }).data], [-3]);
  // float and bool dtypes take NaN
  assert.ok(Number.isNaN(bp.tensor([NaN]).data[0]));
  assert.deepEqual([...bp.tensor([NaN], { dtype: "bool" }).data], [1]);
});

test("argmax / argmin of an empty tensor is an error, as in PyTorch", () => {
  assert.throws(() => bp.tensor([]).argmax(),
    /^Error: argmax\(\): Expected reduction dim to be specified for input\.numel\(\) == 0\.$/);
  assert.throws(() => bp.tensor([]).argmin(), /^Error: argmin\(\): Expected reduction dim to be specified/);
  assert.throws(() => bp.zeros(2, 0).argmax(1), /^Error: argmax\(\): Expected reduction dim 1 to have non-zero size\.$/);
  assert.deepEqual(bp.zeros(0, 3).argmax(1).shape, [0]);
  assert.equal(bp.tensor([1, 3, 2]).argmax().item(), 1);
});

test("an integer tensor to a negative integer power is an error, as in PyTorch", () => {
  const x = bp.tensor([2, 3], { dtype: "int32" });
  assert.throws(() => x.pow(-1), /^Error: pow: Integers to negative integer powers are not allowed\.$/);
  assert.throws(() => x.pow(bp.tensor([1, -2], { dtype: "int32" })), /^Error: pow: Integers to negative integer powers are not allowed\.$/);
  assert.deepEqual([...x.pow(2).data], [4, 9]);
  assert.deepEqual([...x.pow(bp.tensor([0, 1], { dtype: "int32" })).data], [1, 3]);
  // a float base or exponent is fine
  assert.ok(Math.abs(bp.tensor([2]).pow(-1).item() - 0.5) < 1e-7);
});
