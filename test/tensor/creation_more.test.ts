/**
 * fullLike, emptyLike, randLike, randnLike, linspace, logspace, meshgrid, oneHot, eye(n, m),
 * trilIndices and triuIndices against PyTorch.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith, i32 } from "../helpers/parity.ts";
import { checkBoth, checkFamilyCovered, checkValue } from "../ops/shape_parity.ts";

for (const [suffix, dtype] of [["", "float64"], ["_f32", "float32"]] as const) {
  const o = { dtype };
  // computed in the dtype's precision with torch's formula: float32 equal, or one ulp apart where torch's
  // vectorised CPU loop (8 floats a lane group) adds the step lane by lane; float64 within an ulp of the
  // larger end (torch fuses start + i·step into one rounding, a float64 multiply-add here rounds twice)
  const ulp = dtype === "float32" ? 2 ** -23 : 2 ** -52;
  const near = (start: number, end: number): { atol: number; rtol: number } => (
    { atol: dtype === "float32" ? 0 : ulp * Math.max(Math.abs(start), Math.abs(end)), rtol: ulp }
  );
  const lin = (name: string, start: number, end: number, steps: number): void =>
    checkValue(`${name}${suffix}`, () => bp.linspace(start, end, steps, o), near(start, end));
  lin("linspace_5", 0, 1, 5);
  lin("linspace_7", -3.3, 7.1, 7);
  lin("linspace_100", -1.7, 10.3, 100);
  lin("linspace_1", 2.5, 9, 1);
  lin("linspace_0", 0, 1, 0);
  lin("linspace_down", 3, -1.1, 6);
  checkValue(`logspace_5${suffix}`, () => bp.logspace(0, 2, 5, o));
  checkValue(`logspace_base2${suffix}`, () => bp.logspace(-1, 1, 7, { base: 2, ...o }));
  checkValue(`logspace_frac${suffix}`, () => bp.logspace(0.3, 3.7, 9, o));
  checkValue(`logspace_1${suffix}`, () => bp.logspace(1.5, 3, 1, o));
}
checkValue("one_hot", () => bp.oneHot(i32([0, 2, 1, 2])));
checkValue("one_hot_5", () => bp.nn.functional.oneHot(i32([0, 4, 1]), 5));
checkValue("one_hot_2d", () => bp.oneHot(i32([[0, 2], [1, 1]]), 3));
checkValue("eye_3_4", () => bp.eye(3, 4));
checkValue("tril_indices", () => bp.trilIndices(3, 4));
checkValue("tril_indices_neg", () => bp.trilIndices(4, 3, -1));
checkValue("triu_indices", () => bp.triuIndices(3, 4, 1));
checkValue("triu_indices_empty", () => bp.triuIndices(2, 2, 5));
checkFamilyCovered("creation");

checkBoth("meshgrid_ij", (a, b) => bp.meshgrid([a, b], { indexing: "ij" }));
checkBoth("meshgrid_xy", (a, b) => bp.meshgrid([a, b], { indexing: "xy" }));
checkBoth("meshgrid_3_xy", (a, b, c) => bp.meshgrid([a, b, c], { indexing: "xy" }));
checkBoth("meshgrid_default", (a, b) => bp.meshgrid([a, b]));
checkFamilyCovered("creation_grad");

test("gradcheck: meshgrid", () => {
  bp.manualSeed(3);
  const xs = [bp.randn([3], { dtype: "float64", requiresGrad: true }), bp.randn([2], { dtype: "float64", requiresGrad: true })];
  const f = (a: bp.Tensor, b: bp.Tensor): bp.Tensor => {
    const [x, y] = bp.meshgrid([a, b], { indexing: "xy" });
    return x.mul(y.add(2)).sum(0);
  };
  assert.equal(bp.autograd.gradcheck(f, xs), true);
});

test("the *Like functions take shape and dtype from the tensor, options override", () => {
  const like = bp.zeros([2, 3], { dtype: "float64" });
  assertTensor(bp.fullLike(like, 7), [2, 3], [7, 7, 7, 7, 7, 7]);
  assert.equal(bp.fullLike(like, 7).dtype, "float64");
  assert.equal(bp.fullLike(like, 7, { dtype: "int32" }).dtype, "int32");
  assertTensor(bp.emptyLike(like), [2, 3], [0, 0, 0, 0, 0, 0]);
  assert.equal(bp.emptyLike(like).dtype, "float64");
  bp.manualSeed(9);
  const r = bp.randLike(like);
  bp.manualSeed(9);
  assertTensor(r, [2, 3], bp.rand([2, 3], { dtype: "float64" }).data);
  assert.ok(r.data.every((v) => v >= 0 && v < 1));
  bp.manualSeed(9);
  const n = bp.randnLike(like, { requiresGrad: true });
  bp.manualSeed(9);
  assertTensor(n, [2, 3], bp.randn([2, 3], { dtype: "float64" }).data);
  assert.equal(n.requiresGrad, true);
  assertThrowsWith(() => bp.randnLike(bp.zeros([2], { dtype: "int32" })), "randn", "float32 or float64");
});

test("oneHot refuses bad input as torch does", () => {
  assertThrowsWith(() => bp.oneHot(bp.tensor([0, 1])), "oneHot", "int32");
  assertThrowsWith(() => bp.oneHot(i32([0, -1])), "oneHot", "non-negative");
  assertThrowsWith(() => bp.oneHot(i32([0, 3]), 3), "oneHot", "smaller than numClasses (3)");
  assertThrowsWith(() => bp.oneHot(i32([])), "oneHot", "empty");
  assert.deepEqual(bp.oneHot(i32([]), 4).shape, [0, 4]);
});

test("meshgrid refuses bad input", () => {
  assertThrowsWith(() => bp.meshgrid([]), "meshgrid", "non-empty");
  assertThrowsWith(() => bp.meshgrid([bp.ones(2, 2)]), "meshgrid", "0-D or 1-D");
  assertThrowsWith(() => bp.meshgrid([bp.ones(2), bp.ones(2, { dtype: "float64" })]), "meshgrid", "same dtype");
  assertThrowsWith(() => bp.logspace(0, 1, -1), "logspace", "steps");
  assertThrowsWith(() => bp.trilIndices(-1, 2), "trilIndices", "invalid shape");
});
