/** var / std / prod / logsumexp / norm / amax / amin / all / any and the scans against PyTorch, and gradcheck. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkMath, checkMathFamilyCovered } from "./math_fixture.ts";

/** A check of both the float64 case and its "_f32" twin. */
function both(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor): void {
  checkMath(name, fn);
  checkMath(`${name}_f32`, fn);
}

both("var_all", (x) => x.var());
both("var_dim1", (x) => bp.var(x, 1));
both("var_dims_keepdim_biased", (x) => x.var([0, 2], false, true));
both("var_correction2", (x) => x.var(1, null, false, { correction: 2 }));
checkMath("var_unbiased_false", (x) => x.var(false));
checkMath("var_single", (x) => x.var(0));
checkMath("var_correction_over", (x) => bp.var(x, 1, undefined, false, { correction: 2 }));
checkMath("var_nan", (x) => x.var(1));
both("std_all", (x) => x.std());
both("std_dim0_keepdim", (x) => bp.std(x, 0, true, true));
both("std_correction0", (x) => x.std([1], null, false, { correction: 0 }));
checkMath("std_constant", (x) => x.std(1));
both("prod_all", (x) => x.prod());
both("prod_dim", (x) => bp.prod(x, 1));
both("prod_dim_keepdim", (x) => x.prod(0, true));
checkMath("prod_zeros_dim", (x) => x.prod(1));
checkMath("prod_zero_all", (x) => x.prod());
checkMath("prod_two_zeros_all", (x) => bp.prod(x));
checkMath("prod_int", (x) => x.prod(1));
both("logsumexp", (x) => x.logsumexp(1));
both("logsumexp_dims_keepdim", (x) => bp.logsumexp(x, [0, 2], true));
checkMath("logsumexp_large", (x) => x.logsumexp(1));
checkMath("logsumexp_inf", (x) => x.logsumexp(1));
const ORDERS: [string, bp.NormOrder][] = [
  ["2", 2], ["fro", "fro"], ["1", 1], ["inf", Infinity], ["neg_inf", -Infinity], ["0", 0], ["3", 3], ["half", 0.5], ["1_5", 1.5],
];
for (const [tag, p] of ORDERS) {
  both(`norm_${tag}`, (x) => x.norm(p));
  both(`norm_${tag}_dim`, (x) => bp.norm(x, p, 1));
}
both("norm_dims_keepdim", (x) => x.norm(2, [0, 2], true));
checkMath("norm_zero_rows", (x) => x.norm(2, 1));
checkMath("norm_3_zero_rows", (x) => x.norm(3, 1));
checkMath("norm_inf_ties", (x) => x.norm(Infinity, 1));
checkMath("norm_half_zeros", (x) => x.norm(0.5, 1));
both("amax", (x) => x.amax(1));
both("amin_dims_keepdim", (x) => bp.amin(x, [0, 2], true));
both("amax_all", (x) => x.amax());
checkMath("amax_ties", (x) => x.amax(1));
checkMath("amin_ties_all", (x) => x.amin());
checkMath("amax_nan", (x) => x.amax(1));
checkMath("amax_int", (x) => x.amax(0));
for (const op of ["all", "any"] as const) {
  checkMath(`${op}_all`, (x) => x[op]().to("int32"));
  checkMath(`${op}_dim`, (x) => bp[op](x, 1).to("int32"));
  checkMath(`${op}_dim_keepdim`, (x) => x[op](0, true).to("int32"));
  checkMath(`${op}_int`, (x) => x[op](1).to("int32"));
}
checkMathFamilyCovered("statistics");

both("cumsum", (x) => x.cumsum(1));
both("cumsum_dim0", (x) => bp.cumsum(x, 0));
both("cumprod", (x) => x.cumprod(1));
both("cumprod_neg_dim", (x) => bp.cumprod(x, -3));
checkMath("cumprod_zeros", (x) => x.cumprod(1));
checkMath("cumsum_nan", (x) => x.cumsum(0));
checkMath("cumsum_int", (x) => x.cumsum(0));
checkMath("cumprod_int", (x) => x.cumprod(0));
checkMathFamilyCovered("scan");

test("all / any give bool (as PyTorch) and reduce an empty dim to true / false", () => {
  const x = bp.tensor([[1, 0], [2, 3]]);
  assert.equal(x.all().dtype, "bool");
  assert.equal(bp.any(x, 1).dtype, "bool");
  assert.deepEqual(bp.zeros([2, 0]).all(1).toArray(), [1, 1]);
  assert.deepEqual(bp.zeros([2, 0]).any(1).toArray(), [0, 0]);
});

function gc(name: string, fn: (x: bp.Tensor) => bp.Tensor, shape: number[] = [3, 4], lo = -2, hi = 2): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(11);
    const x = bp.rand(shape, { dtype: "float64" }).mul(hi - lo).add(lo).requiresGrad_();
    assert.equal(bp.autograd.gradcheck(fn, [x]), true);
  });
}
gc("var", (x) => x.var());
gc("var dim keepdim correction 0", (x) => x.var(1, false, true));
gc("std dims", (x) => x.std([0, 2]), [2, 3, 4]);
gc("std correction 2", (x) => x.std(1, null, false, { correction: 2 }), [3, 5]);
gc("prod", (x) => x.prod());
gc("prod dim", (x) => x.prod(1, true));
gc("prod with a zero", (x) => x.mul(bp.tensor([[1, 0, 1, 1], [1, 1, 1, 1], [0, 1, 1, 0]], { dtype: "float64" })).prod(1));
gc("logsumexp", (x) => x.logsumexp([0, 1]));
gc("norm 2", (x) => x.norm());
gc("norm 1 dim", (x) => x.norm(1, 1));
gc("norm 3 dim", (x) => x.norm(3, 0, true));
gc("norm 0.5", (x) => x.norm(0.5, 1), [3, 4], 0.2, 2);
gc("norm 1.5", (x) => x.norm(1.5));
gc("norm inf", (x) => x.norm(Infinity, 1));
gc("norm -inf", (x) => x.norm(-Infinity));
gc("amax dims", (x) => x.amax([0, 2]), [2, 3, 4]);
gc("amin", (x) => x.amin(1, true));
gc("cumsum", (x) => x.cumsum(1));
gc("cumsum dim 0", (x) => x.cumsum(0), [3, 2, 2]);
gc("cumprod", (x) => x.cumprod(1));
gc("cumprod with zeros", (x) => x.mul(bp.tensor([[1, 0, 1, 1], [0, 1, 0, 1], [1, 1, 1, 0]], { dtype: "float64" })).cumprod(1));

test("bad arguments name the function and the argument", () => {
  const x = bp.randn(3, 4);
  assertThrowsWith(() => x.var(1, true, false, { correction: 0 }), "var", "unbiased or correction");
  assertThrowsWith(() => x.std(1, null, false, { correction: 0.5 }), "std", "correction");
  assertThrowsWith(() => bp.tensor([1, 2], { dtype: "int32" }).var(), "var", "int32");
  assertThrowsWith(() => x.norm(NaN), "norm", "p");
  assertThrowsWith(() => x.amax(2), "amax", "dimension 2");
  assertThrowsWith(() => bp.zeros([2, 0]).amax(1), "amax", "size 0");
  assertThrowsWith(() => x.cumsum(3), "cumsum", "dimension 3");
});

// argmin / argmax (ops/reduce.ts): parity at ties (the first), NaN (the first NaN), ±inf and -0
checkMath("argmin_dim1", (x) => x.argmin(1));
checkMath("argmax_dim1", (x) => x.argmax(1));
checkMath("argmin_dim0_keepdim", (x) => x.argmin(0, true));
checkMath("argmin_all", (x) => x.argmin());
checkMath("argmin_all_nan", (x) => bp.argmin(x));
checkMath("argmin_f32", (x) => x.argmin(1));
checkMath("argmin_int", (x) => x.argmin(1));

checkMath("nansum", (x) => x.nansum());
checkMath("nansum_dim", (x) => bp.nansum(x, 1));
checkMath("nansum_dim_f32", (x) => x.nansum(1, true));
checkMath("nanmean", (x) => x.nanmean());
checkMath("nanmean_dim", (x) => bp.nanmean(x, 1));
checkMath("nanmean_dims_f32", (x) => x.nanmean([0, 1], true));
checkMath("count_nonzero", (x) => x.countNonzero());
checkMath("count_nonzero_dim", (x) => bp.countNonzero(x, 0));
checkMath("count_nonzero_dims_int", (x) => x.countNonzero([0, 1]));
gc("nansum", (x) => x.nansum(1));
gc("nanmean", (x) => x.nanmean([0, 1], true));

test("a write into the output of an op whose backward reads it fails as in PyTorch (logsumexp, std, amax, prod)", () => {
  const x = bp.tensor([[1, 3, 2], [0, 5, 4]], { requiresGrad: true });
  for (const f of [(t: bp.Tensor) => t.logsumexp(1), (t: bp.Tensor) => t.std(1), (t: bp.Tensor) => t.amax(1), (t: bp.Tensor) => t.prod(1)]) {
    const y = f(x.mul(1));
    y.add_(1);
    assertThrowsWith(() => y.sum().backward(), "modified by an inplace operation");
  }
  const y = x.mul(1).cumsum(1); // cumsum's backward reads nothing: a later write is fine
  y.add_(1);
  y.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[3, 2, 1], [3, 2, 1]]);
});
