import { allocate, isFloating } from "../tensor/dtype.ts";
import { Tensor, type TensorLike } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";
import { asTensor, broadcastKernel, checkTensorArg, describeNonTensor, resultType, unaryKernel } from "./operands.ts";
import { where } from "./where.ts";

/*
 * The wider elementwise math of PyTorch: trigonometric and hyperbolic functions, logs and exponentials
 * in other bases, rounding, and the binary fmod / remainder / atan2 / hypot / lerp. Float functions of
 * int32 input give float32 (PyTorch's rule); the rounding family, `square`, `fmod` and `remainder`
 * keep int32. Each runs through one backend kernel; its derivative is beside it.
 */

/** A float function of x through unary kernel `op`, recorded with `backward(g, out)`. */
function floatUnary(op: Parameters<typeof unaryKernel>[0], name: string, x: Tensor, backward: (g: Tensor, out: Tensor) => Tensor): Tensor {
  const out = unaryKernel(op, x);
  return record(out, name, [x], (g) => [backward(g, out)]);
}

/** Zeros of g's shape and dtype: the gradient of a step function. */
export function zerosOf(g: Tensor): Tensor {
  return new Tensor(allocate(g.dtype, g.numel()), g.shape);
}

// ---- trigonometric

/** Sine. @example bp.sin(bp.tensor([0, Math.PI / 2])); // tensor([0., 1.]) */
export function sin(x: Tensor): Tensor {
  // d sin/dx = cos x
  return floatUnary("sin", "Sin", x, (g) => g.mul(cos(x.detach())));
}

/** Cosine. @example bp.cos(bp.tensor([0])); // tensor([1.]) */
export function cos(x: Tensor): Tensor {
  // d cos/dx = -sin x
  return floatUnary("cos", "Cos", x, (g) => g.mul(sin(x.detach()).neg()));
}

/** Tangent. @example bp.tan(bp.tensor([0])); // tensor([0.]) */
export function tan(x: Tensor): Tensor {
  // d tan/dx = 1 + tan² x
  return floatUnary("tan", "Tan", x, (g, out) => g.mul(square(out).add(1)));
}

/** Arcsine, in [-π/2, π/2] (NaN outside [-1, 1]). @example bp.asin(bp.tensor([1])); // tensor([1.5708]) */
export function asin(x: Tensor): Tensor {
  // d asin/dx = 1 / sqrt(1 - x²)
  return floatUnary("asin", "Asin", x, (g) => g.mul(rsqrt(square(x.detach()).neg().add(1))));
}

/** Arccosine, in [0, π]. @example bp.acos(bp.tensor([1])); // tensor([0.]) */
export function acos(x: Tensor): Tensor {
  // d acos/dx = -1 / sqrt(1 - x²)
  return floatUnary("acos", "Acos", x, (g) => g.mul(rsqrt(square(x.detach()).neg().add(1))).neg());
}

/** Arctangent. @example bp.atan(bp.tensor([1])); // tensor([0.7854]) */
export function atan(x: Tensor): Tensor {
  // d atan/dx = 1 / (1 + x²)
  return floatUnary("atan", "Atan", x, (g) => g.div(square(x.detach()).add(1)));
}

/**
 * The angle of the point (other, input), `atan2(input, other)`, in [-π, π], broadcasting, like
 * `torch.atan2`. @example bp.atan2(bp.tensor([1]), bp.tensor([-1])); // tensor([2.3562])
 */
export function atan2(input: TensorLike, other: TensorLike): Tensor {
  const [a, b] = pair("atan2", input, other);
  const out = broadcastKernel("atan2", "atan2", a, b, floatType(a, b));
  // d atan2(a, b)/da = b / (a² + b²), d/db = -a / (a² + b²)
  return record(out, "Atan2", [a, b], (g) => {
    const r2 = square(a.detach()).add(square(b.detach()));
    return [a.requiresGrad ? g.mul(b.detach()).div(r2) : null, b.requiresGrad ? g.mul(a.detach()).div(r2).neg() : null];
  });
}

// ---- hyperbolic

/** Hyperbolic sine. @example bp.sinh(bp.tensor([0])); // tensor([0.]) */
export function sinh(x: Tensor): Tensor {
  // d sinh/dx = cosh x
  return floatUnary("sinh", "Sinh", x, (g) => g.mul(cosh(x.detach())));
}

/** Hyperbolic cosine. @example bp.cosh(bp.tensor([0])); // tensor([1.]) */
export function cosh(x: Tensor): Tensor {
  // d cosh/dx = sinh x
  return floatUnary("cosh", "Cosh", x, (g) => g.mul(sinh(x.detach())));
}

/** Inverse hyperbolic sine. @example bp.asinh(bp.tensor([0])); // tensor([0.]) */
export function asinh(x: Tensor): Tensor {
  // d asinh/dx = 1 / sqrt(x² + 1)
  return floatUnary("asinh", "Asinh", x, (g) => g.mul(rsqrt(square(x.detach()).add(1))));
}

/** Inverse hyperbolic cosine (NaN below 1). @example bp.acosh(bp.tensor([1])); // tensor([0.]) */
export function acosh(x: Tensor): Tensor {
  // d acosh/dx = 1 / sqrt(x² - 1)
  return floatUnary("acosh", "Acosh", x, (g) => g.mul(rsqrt(square(x.detach()).sub(1))));
}

/** Inverse hyperbolic tangent (±inf at ±1). @example bp.atanh(bp.tensor([0])); // tensor([0.]) */
export function atanh(x: Tensor): Tensor {
  // d atanh/dx = 1 / (1 - x²)
  return floatUnary("atanh", "Atanh", x, (g) => g.div(square(x.detach()).neg().add(1)));
}

// ---- logarithms and exponentials

/** `log(1 + x)`, accurate for small x. @example bp.log1p(bp.tensor([0])); // tensor([0.]) */
export function log1p(x: Tensor): Tensor {
  // d log(1 + x)/dx = 1 / (1 + x)
  return floatUnary("log1p", "Log1p", x, (g) => g.div(x.detach().add(1)));
}

/** `e^x - 1`, accurate for small x. @example bp.expm1(bp.tensor([0])); // tensor([0.]) */
export function expm1(x: Tensor): Tensor {
  // d (e^x - 1)/dx = e^x = out + 1
  return floatUnary("expm1", "Expm1", x, (g, out) => g.mul(out.add(1)));
}

/** Base-2 logarithm. @example bp.log2(bp.tensor([8])); // tensor([3.]) */
export function log2(x: Tensor): Tensor {
  // d log2 x/dx = 1 / (x ln 2)
  return floatUnary("log2", "Log2", x, (g) => g.div(x.detach().mul(Math.LN2)));
}

/** Base-10 logarithm. @example bp.log10(bp.tensor([100])); // tensor([2.]) */
export function log10(x: Tensor): Tensor {
  // d log10 x/dx = 1 / (x ln 10)
  return floatUnary("log10", "Log10", x, (g) => g.div(x.detach().mul(Math.LN10)));
}

/** `2^x`. @example bp.exp2(bp.tensor([3])); // tensor([8.]) */
export function exp2(x: Tensor): Tensor {
  // d 2^x/dx = 2^x ln 2
  return floatUnary("exp2", "Exp2", x, (g, out) => g.mul(out.mul(Math.LN2)));
}

// ---- powers

/** `1 / x`. @example bp.reciprocal(bp.tensor([2])); // tensor([0.5000]) */
export function reciprocal(x: Tensor): Tensor {
  // d (1/x)/dx = -1/x²
  return floatUnary("reciprocal", "Reciprocal", x, (g, out) => g.mul(square(out)).neg());
}

/** `1 / sqrt(x)`. @example bp.rsqrt(bp.tensor([4])); // tensor([0.5000]) */
export function rsqrt(x: Tensor): Tensor {
  // d x^(-1/2)/dx = -x^(-3/2) / 2 = -out³ / 2
  return floatUnary("rsqrt", "Rsqrt", x, (g, out) => g.mul(out.mul(out).mul(out)).mul(-0.5));
}

/** `x²` (int32 stays int32). @example bp.square(bp.tensor([-3])); // tensor([9.]) */
export function square(x: Tensor): Tensor {
  const out = unaryKernel("square", x, undefined, undefined, x.dtype);
  // d x²/dx = 2x
  return record(out, "Square", [x], (g) => [g.mul(x.detach().mul(2))]);
}

// ---- rounding (int32 stays int32; the gradient is zero, as PyTorch's)

/** Largest integer <= x. @example bp.floor(bp.tensor([-1.5, 1.5])); // tensor([-2.,  1.]) */
export function floor(x: Tensor): Tensor {
  return rounding("floor", "Floor", x);
}

/** Smallest integer >= x. @example bp.ceil(bp.tensor([-1.5, 1.5])); // tensor([-1.,  2.]) */
export function ceil(x: Tensor): Tensor {
  return rounding("ceil", "Ceil", x);
}

/** x rounded toward zero. @example bp.trunc(bp.tensor([-1.5, 1.5])); // tensor([-1.,  1.]) */
export function trunc(x: Tensor): Tensor {
  return rounding("trunc", "Trunc", x);
}

/**
 * Rounds to the nearest integer, ties to even (`round(2.5) = 2`), or to `decimals` decimal places
 * (default 0; negative rounds to tens, hundreds...) by PyTorch's rule `nearbyint(x · 10^d) / 10^d`.
 * @example bp.round(bp.tensor([0.5, 1.5, 2.5])); // tensor([0., 2., 2.])
 */
export function round(x: Tensor, decimals = 0): Tensor {
  if (!Number.isInteger(decimals)) throw new Error(`round: decimals must be an integer, got ${decimals}`);
  if (x.dtype === "int32" && decimals !== 0) throw new Error("round: decimals is not supported for int32 tensors (as in PyTorch)");
  return rounding("round", "Round", x, decimals);
}

function rounding(op: "floor" | "ceil" | "trunc" | "round", name: string, x: Tensor, decimals = 0): Tensor {
  if (x.dtype === "int32") return x.clone();
  const out = unaryKernel(op, x, decimals);
  // d floor/dx = 0 (almost everywhere)
  return record(out, name, [x], (g) => [zerosOf(g)]);
}

/** The fractional part `x - trunc(x)` (float tensors only, as PyTorch). @example bp.frac(bp.tensor([-1.25, 2.5])); // tensor([-0.2500,  0.5000]) */
export function frac(x: Tensor): Tensor {
  checkTensorArg("frac", x);
  if (!isFloating(x.dtype)) throw new Error(`frac: needs a float tensor, got ${x.dtype}`);
  const out = unaryKernel("frac", x);
  // d (x - trunc x)/dx = 1
  return record(out, "Frac", [x], (g) => [g]);
}

// ---- division remainders, hypot, lerp

/**
 * C's `fmod`: the remainder of `input / other` with the sign of input, broadcasting; int32 stays int32.
 * @example bp.fmod(bp.tensor([-3, 3]), 2); // tensor([-1.,  1.])
 */
export function fmod(input: TensorLike, other: TensorLike): Tensor {
  const [a, b] = pair("fmod", input, other);
  const out = broadcastKernel("fmod", "fmod", a, b);
  // d fmod/da = 1, d fmod/db = -trunc(a / b)
  return record(out, "Fmod", [a, b], (g) => [a.requiresGrad ? g : null, b.requiresGrad ? g.mul(trunc(a.detach().div(b.detach()))).neg() : null]);
}

/**
 * Python's `%`: the remainder of `input / other` with the sign of other, broadcasting, like
 * `torch.remainder`; int32 stays int32. @example bp.remainder(bp.tensor([-3, 3]), 2); // tensor([1., 1.])
 */
export function remainder(input: TensorLike, other: TensorLike): Tensor {
  const [a, b] = pair("remainder", input, other);
  const out = broadcastKernel("remainder", "remainder", a, b);
  // d remainder/da = 1, d remainder/db = -floor(a / b)
  return record(out, "Remainder", [a, b], (g) => [a.requiresGrad ? g : null, b.requiresGrad ? g.mul(floorDivide(a.detach(), b.detach())).neg() : null]);
}

/**
 * `floor(input / other)`, broadcasting, like `torch.floor_divide` (PyTorch >= 1.13 rounds down); int32
 * stays int32. No gradient (PyTorch defines none). @example bp.floorDivide(bp.tensor([-7, 7]), 2); // tensor([-4.,  3.])
 */
export function floorDivide(input: TensorLike, other: TensorLike): Tensor {
  const [a, b] = pair("floorDivide", input, other);
  return broadcastKernel("floorDivide", "floorDivide", a, b);
}

/** `sqrt(input² + other²)` without overflow, broadcasting. @example bp.hypot(bp.tensor([3]), bp.tensor([4])); // tensor([5.]) */
export function hypot(input: TensorLike, other: TensorLike): Tensor {
  const [a, b] = pair("hypot", input, other);
  const out = broadcastKernel("hypot", "hypot", a, b, floatType(a, b));
  // d hypot/da = a / hypot, d hypot/db = b / hypot
  return record(out, "Hypot", [a, b], (g) => [
    a.requiresGrad ? g.mul(a.detach()).div(out) : null,
    b.requiresGrad ? g.mul(b.detach()).div(out) : null,
  ]);
}

/**
 * Linear interpolation `start + weight · (end - start)`, broadcasting, computed as PyTorch does:
 * `end - (end - start) · (1 - weight)` where |weight| >= 0.5, so that weight 1 gives end exactly.
 * `weight` is a number or a tensor. @example bp.lerp(bp.tensor([0]), bp.tensor([10]), 0.25); // tensor([2.5000])
 */
export function lerp(start: Tensor, end: TensorLike, weight: TensorLike): Tensor {
  checkTensorArg("lerp", start, "start");
  const e = asTensor(end, start, "lerp", "end");
  const w = asTensor(weight, start, "lerp", "weight");
  if (!isFloating(start.dtype) || !isFloating(e.dtype)) throw new Error(`lerp: needs float tensors, got ${start.dtype} and ${e.dtype}`);
  const s0 = start.detach();
  const e0 = e.detach();
  const w0 = w.detach();
  const diff = e0.sub(s0);
  const small = w0.abs().lt(0.5);
  const out = where(small, s0.add(w0.mul(diff)), e0.sub(diff.mul(w0.neg().add(1))));
  // d lerp/dstart = 1 - weight, d/dend = weight, d/dweight = end - start
  return record(out, "Lerp", [start, e, w], (g) => [
    start.requiresGrad ? g.mul(w0.neg().add(1)) : null,
    e.requiresGrad ? g.mul(w0) : null,
    w.requiresGrad ? g.mul(diff) : null,
  ]);
}

/** float32 for two int32 operands, else the promoted dtype (for float-only functions). */
function floatType(a: Tensor, b: Tensor): "float32" | "float64" {
  const t = resultType(a, b);
  return t === "float64" ? "float64" : "float32";
}

function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, asTensor(b, a, op)];
  if (b instanceof Tensor) return [asTensor(a, b, op, "input"), b];
  throw new Error(`${op}: at least one operand must be a Tensor, got ${describeNonTensor(a)} and ${describeNonTensor(b)}`);
}
