/** hstack, vstack, dstack, columnStack and atleast1d/2d/3d against PyTorch (float64 and float32), gradcheck, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkBoth, checkFamilyCovered, checkOne } from "./shape_parity.ts";

checkBoth("hstack", (a, b) => bp.hstack([a, b]));
checkBoth("hstack_1d", (a, b) => bp.hstack([a, b]));
checkBoth("vstack", (a, b) => bp.vstack([a, b]));
checkBoth("dstack", (a, b) => bp.dstack([a, b]));
checkBoth("dstack_1d", (a, b) => bp.dstack([a, b]));
checkBoth("column_stack", (a, b) => bp.columnStack([a, b]));
checkBoth("atleast_3d_0d", (a) => bp.atleast3d(a));
checkOne("hstack_bool", (a) => bp.hstack([a, a]));
checkFamilyCovered("join");

test("gradcheck: hstack and dstack", () => {
  bp.manualSeed(22);
  const xs = [bp.randn([2, 1], { dtype: "float64", requiresGrad: true }), bp.randn([2, 3], { dtype: "float64", requiresGrad: true })];
  assert.equal(bp.autograd.gradcheck((a, b) => bp.hstack([a, b]).mul(bp.arange(4, { dtype: "float64" })), xs), true);
  assert.equal(bp.autograd.gradcheck((a, b) => bp.dstack([a.expand(2, 3), b]).mul(bp.arange(2, { dtype: "float64" })), xs), true);
});

test("gradcheck: vstack and columnStack", () => {
  bp.manualSeed(21);
  const xs = [bp.randn([3], { dtype: "float64", requiresGrad: true }), bp.randn([2, 3], { dtype: "float64", requiresGrad: true })];
  assert.equal(bp.autograd.gradcheck((a, b) => bp.vstack([a, b]).mul(bp.arange(3, { dtype: "float64" })), xs), true);
  assert.equal(bp.autograd.gradcheck((a, b) => bp.columnStack([a, b.t()]), xs), true);
});

test("atleast1d and atleast2d pass larger tensors through and lift smaller ones", () => {
  const m = bp.ones(2, 3);
  assert.equal(bp.atleast1d(m), m);
  assert.equal(bp.atleast2d(m), m);
  assert.deepEqual(bp.atleast1d(bp.tensor(2)).shape, [1]);
  assert.deepEqual(bp.atleast2d(bp.tensor(2)).shape, [1, 1]);
  assert.deepEqual(bp.atleast3d(bp.ones(4)).shape, [1, 4, 1]);
});

test("the stacks refuse an empty list and mismatched shapes", () => {
  assertThrowsWith(() => bp.hstack([]), "hstack", "non-empty");
  assertThrowsWith(() => bp.vstack([]), "vstack", "non-empty");
  assertThrowsWith(() => bp.dstack([]), "dstack", "non-empty");
  assertThrowsWith(() => bp.columnStack([]), "columnStack", "non-empty");
  assertThrowsWith(() => bp.vstack([bp.ones(3), bp.ones(4)]), "cat", "does not match");
});
