/** The wider elementwise math against PyTorch (forward and backward, float32 and float64, NaN / inf, dtypes) and gradcheck. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkMath, checkMathFamilyCovered } from "./math_fixture.ts";

type Unary = (x: bp.Tensor) => bp.Tensor;
const UNARY: Record<string, [Unary, Unary]> = {
  sin: [(x) => x.sin(), bp.sin], cos: [(x) => x.cos(), bp.cos], tan: [(x) => x.tan(), bp.tan],
  asin: [(x) => x.asin(), bp.asin], acos: [(x) => x.acos(), bp.acos], atan: [(x) => x.atan(), bp.atan],
  sinh: [(x) => x.sinh(), bp.sinh], cosh: [(x) => x.cosh(), bp.cosh], asinh: [(x) => x.asinh(), bp.asinh],
  acosh: [(x) => x.acosh(), bp.acosh], atanh: [(x) => x.atanh(), bp.atanh], log1p: [(x) => x.log1p(), bp.log1p],
  expm1: [(x) => x.expm1(), bp.expm1], log2: [(x) => x.log2(), bp.log2], log10: [(x) => x.log10(), bp.log10],
  exp2: [(x) => x.exp2(), bp.exp2], reciprocal: [(x) => x.reciprocal(), bp.reciprocal], rsqrt: [(x) => x.rsqrt(), bp.rsqrt],
  square: [(x) => x.square(), bp.square], floor: [(x) => x.floor(), bp.floor], ceil: [(x) => x.ceil(), bp.ceil],
  round: [(x) => x.round(), (x) => bp.round(x)], trunc: [(x) => x.trunc(), bp.trunc], frac: [(x) => x.frac(), bp.frac],
};
for (const [name, [method, fn]] of Object.entries(UNARY)) {
  checkMath(name, method);
  checkMath(`${name}_f32`, fn);
  checkMath(`${name}_special`, method);
}
for (const name of ["sin", "log1p", "exp2", "rsqrt", "reciprocal", "atanh", "floor", "ceil", "round", "trunc", "square"]) {
  checkMath(`${name}_int`, UNARY[name][0]);
}
checkMath("round_ties", (x) => x.round());
checkMath("round_ties_f32", (x) => bp.round(x));
checkMath("round_decimals2", (x) => x.round(2));
checkMath("round_decimals2_f32", (x) => x.round(2));
checkMath("round_decimals_neg1", (x) => bp.round(x, -1));
checkMath("round_decimals_neg1_f32", (x) => x.round(-1));

checkMath("atan2", (a, b) => a.atan2(b));
checkMath("atan2_f32", (a, b) => bp.atan2(a, b));
checkMath("atan2_special", (a, b) => a.atan2(b));
checkMath("atan2_int", (a, b) => a.atan2(b));
checkMath("hypot", (a, b) => a.hypot(b));
checkMath("hypot_f32", (a, b) => bp.hypot(a, b));
checkMath("fmod", (a, b) => a.fmod(b));
checkMath("fmod_f32", (a, b) => bp.fmod(a, b));
checkMath("remainder", (a, b) => a.remainder(b));
checkMath("remainder_f32", (a, b) => bp.remainder(a, b));
checkMath("fmod_scalar", (a) => a.fmod(1.5));
checkMath("fmod_scalar_f32", (a) => bp.fmod(a, 1.5));
checkMath("remainder_scalar", (a) => a.remainder(-1.5));
checkMath("remainder_scalar_f32", (a) => bp.remainder(a, -1.5));
checkMath("fmod_special", (a, b) => a.fmod(b));
checkMath("remainder_special", (a, b) => a.remainder(b));
checkMath("fmod_int", (a, b) => a.fmod(b));
checkMath("remainder_int", (a, b) => a.remainder(b));
checkMath("lerp_scalar", (a, b) => a.lerp(b, 0.3));
checkMath("lerp_scalar_f32", (a, b) => bp.lerp(a, b, 0.3));
checkMath("lerp_scalar_large", (a, b) => a.lerp(b, 0.8));
checkMath("lerp_scalar_large_f32", (a, b) => bp.lerp(a, b, 0.8));
checkMath("lerp_tensor", (a, b, w) => a.lerp(b, w));
checkMath("lerp_tensor_f32", (a, b, w) => bp.lerp(a, b, w));
checkMath("lerp_ends", (a, b, w) => a.lerp(b, w));
checkMathFamilyCovered("elementwise");

/** gradcheck in float64 on inputs inside each function's domain. */
function gc(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor, ...ranges: [number, number][]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(7);
    const xs = ranges.map(([lo, hi]) => bp.rand([3, 4], { dtype: "float64" }).mul(hi - lo).add(lo).requiresGrad_());
    assert.equal(bp.autograd.gradcheck(fn, xs), true);
  });
}
gc("sin", bp.sin, [-3, 3]);
gc("cos", bp.cos, [-3, 3]);
gc("tan", bp.tan, [-1.2, 1.2]);
gc("asin", bp.asin, [-0.9, 0.9]);
gc("acos", bp.acos, [-0.9, 0.9]);
gc("atan", bp.atan, [-3, 3]);
gc("sinh", bp.sinh, [-2, 2]);
gc("cosh", bp.cosh, [-2, 2]);
gc("asinh", bp.asinh, [-3, 3]);
gc("acosh", bp.acosh, [1.2, 4]);
gc("atanh", bp.atanh, [-0.9, 0.9]);
gc("log1p", bp.log1p, [-0.8, 3]);
gc("expm1", bp.expm1, [-2, 2]);
gc("log2", bp.log2, [0.2, 4]);
gc("log10", bp.log10, [0.2, 4]);
gc("exp2", bp.exp2, [-2, 2]);
gc("reciprocal", bp.reciprocal, [0.5, 3]);
gc("rsqrt", bp.rsqrt, [0.5, 3]);
gc("square", bp.square, [-2, 2]);
gc("frac", bp.frac, [0.1, 0.9]);
gc("atan2", bp.atan2, [-2, 2], [0.5, 2]);
gc("hypot", bp.hypot, [0.5, 2], [-2, -0.5]);
gc("fmod (a)", (a) => bp.fmod(a, 0.7), [0.1, 0.6]);
gc("fmod", bp.fmod, [2.1, 2.6], [1.1, 1.2]);
gc("remainder", bp.remainder, [-2.6, -2.1], [1.1, 1.2]);
gc("lerp", bp.lerp, [-2, 2], [-2, 2], [-0.5, 1.5]);

test("rounding has a zero gradient, recorded as in PyTorch", () => {
  const x = bp.tensor([0.4, 1.6, -2.5], { dtype: "float64", requiresGrad: true });
  bp.floor(x).add(bp.ceil(x)).add(bp.round(x)).add(bp.trunc(x)).sum().backward();
  assert.deepEqual([...x.grad!.data], [0, 0, 0]);
});

test("bad input names the function and the argument", () => {
  assertThrowsWith(() => bp.frac(bp.tensor([1, 2], { dtype: "int32" })), "frac", "int32");
  assertThrowsWith(() => bp.round(bp.tensor([1.5]), 0.5), "round", "decimals");
  assertThrowsWith(() => bp.lerp(bp.tensor([1], { dtype: "int32" }), bp.tensor([2], { dtype: "int32" }), 0.5), "lerp");
});

checkMath("floor_divide", (a, b) => a.floorDivide(b));
checkMath("floor_divide_int", (a, b) => bp.floorDivide(a, b));

checkMath("sign_special", (x) => x.sign());
checkMath("sign_special_f32", (x) => bp.sign(x));
checkMath("sign_int", (x) => x.sign());
checkMath("sign", (x) => x.sign());
checkMath("sign_f32", (x) => bp.sign(x));
