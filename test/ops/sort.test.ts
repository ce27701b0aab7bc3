/** sort / argsort / topk / kthvalue / median / mode / unique against PyTorch, and gradcheck. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkMath, checkMathFamilyCovered } from "./math_fixture.ts";

type Fn = Parameters<typeof checkMath>[1];
function both(name: string, fn: Fn): void {
  checkMath(name, fn);
  checkMath(`${name}_f32`, fn);
}

both("sort", (x) => x.sort());
both("sort_dim0_descending", (x) => bp.sort(x, 0, true));
checkMath("sort_ties_stable", (x) => x.sort(-1, false, true));
checkMath("sort_ties_stable_descending", (x) => x.sort(-1, true, true));
checkMath("sort_nan_inf", (x) => x.sort());
checkMath("sort_int", (x) => x.sort(0, true));
checkMath("argsort", (x) => x.argsort(1));
checkMath("argsort_descending", (x) => bp.argsort(x, 0, true));
both("topk", (x) => x.topk(2));
both("topk_smallest_dim0", (x) => bp.topk(x, 3, 0, false));
checkMath("topk_nan", (x) => x.topk(2));
checkMath("topk_k0", (x) => x.topk(0));
both("kthvalue", (x) => x.kthvalue(2, 1));
both("kthvalue_keepdim", (x) => bp.kthvalue(x, 3, 0, true));
checkMath("kthvalue_nan", (x) => x.kthvalue(3));
both("median_all", (x) => x.median());
both("median_all_even", (x) => bp.median(x));
checkMath("median_all_ties", (x) => x.median());
checkMath("median_all_nan", (x) => x.median());
both("median_dim", (x) => x.median(1));
both("median_dim_even_keepdim", (x) => bp.median(x, 0, true));
checkMath("median_dim_nan", (x) => x.median(1));
both("mode", (x) => x.mode(1));
checkMath("mode_dim0_keepdim", (x) => bp.mode(x, 0, true));
checkMath("mode_int", (x) => x.mode());
checkMath("unique", (x) => x.unique());
checkMath("unique_int_2d", (x) => bp.unique(x));
checkMath("unique_dim0", (x) => x.unique(true, false, false, 0));
checkMath("unique_dim1", (x) => x.unique(true, false, false, 1));
checkMath("unique_inverse", (x) => {
  const r = x.unique(true, true, false);
  return { values: r.values, indices: r.inverseIndices! };
});
checkMath("unique_counts", (x) => {
  const r = bp.unique(x, true, false, true);
  return { values: r.values, indices: r.counts! };
});
checkMath("unique_dim0_inverse", (x) => {
  const r = x.unique(true, true, false, 0);
  return { values: r.values, indices: r.inverseIndices! };
});
checkMathFamilyCovered("sort");

test("sort is stable on long runs of ties (PyTorch's stable=True order), NaN last", () => {
  const data = Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? NaN : i % 3));
  const { values, indices } = bp.tensor(data).sort(-1, false, true);
  const expected = data.map((v, i) => [v, i] as const).sort((a, b) => {
    const ka = Number.isNaN(a[0]) ? Infinity : a[0];
    const kb = Number.isNaN(b[0]) ? Infinity : b[0];
    return ka - kb || a[1] - b[1];
  });
  assert.deepEqual([...indices.data], expected.map(([, i]) => i));
  assert.deepEqual([...values.data].map(String), expected.map(([v]) => String(Math.fround(v))));
});

function gc(name: string, fn: (x: bp.Tensor) => bp.Tensor, shape: number[] = [3, 5]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(5);
    const x = bp.randn(shape, { dtype: "float64", requiresGrad: true });
    assert.equal(bp.autograd.gradcheck(fn, [x]), true);
  });
}
gc("sort values", (x) => x.sort(1, true).values);
gc("topk values", (x) => x.topk(2, 0).values);
gc("kthvalue values", (x) => x.kthvalue(2, 1).values);
gc("median", (x) => x.median());
gc("median dim", (x) => x.median(0, true).values);
gc("mode values", (x) => x.round().mode(1).values.add(x.sum()));

test("bad arguments name the function and the argument", () => {
  const x = bp.randn(3, 5);
  assertThrowsWith(() => x.topk(7, 1), "topk: k 7 is out of range for dimension 1 of size 5");
  assertThrowsWith(() => x.kthvalue(0), "kthvalue", "k 0");
  assertThrowsWith(() => x.sort(2), "sort", "dimension 2");
  assertThrowsWith(() => bp.zeros([0]).median(), "median", "empty");
});

// ties in PyTorch's own CPU order
checkMath("sort_ties_unstable", (x) => x.sort());
checkMath("sort_ties_unstable_descending", (x) => x.sort(-1, true));
checkMath("sort_ties_unstable_nan", (x) => bp.sort(x));
checkMath("sort_ties_unstable_2d", (x) => x.sort(0));
checkMath("topk_ties_nth", (x) => x.topk(5));
checkMath("topk_ties_nth_unsorted", (x) => x.topk(5, -1, true, false));
checkMath("topk_ties_smallest", (x) => x.topk(7, -1, false));
checkMath("topk_ties_partial", (x) => x.topk(3));
checkMath("topk_ties_partial_smallest", (x) => bp.topk(x, 2, 0, false));
checkMath("topk_ties_nan", (x) => x.topk(6));
checkMath("topk_ties_f32", (x) => x.topk(4));
checkMath("kthvalue_ties", (x) => x.kthvalue(17));
checkMath("kthvalue_ties_small", (x) => x.kthvalue(3));
checkMath("kthvalue_ties_nan", (x) => x.kthvalue(45));
checkMath("mode_ties_long", (x) => x.mode());
checkMath("mode_ties_long_2d", (x) => x.mode(0));
checkMath("median_ties_long", (x) => x.median(0));
