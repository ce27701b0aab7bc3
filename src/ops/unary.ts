import { Tensor } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";
import { activationGrad, unaryKernel } from "./operands.ts";
import { where } from "./where.ts";
import { zerosOf } from "./math.ts";

/*
 * Elementwise functions of one tensor. Each keeps its derivative next to it; int32 input gives a
 * float32 result, like PyTorch's float ops on integer tensors.
 */

/** `-x`. @example bp.neg(bp.tensor([1, -2])); // tensor([-1.,  2.]) */
export function neg(x: Tensor): Tensor {
  if (x.dtype === "bool") {
    throw new Error("neg: Negation, the `-` operator, on a bool tensor is not supported. If you are trying to invert a mask, use logicalNot() instead.");
  }
  const out = unaryKernel("neg", x, undefined, undefined, x.dtype);
  // d(-x)/dx = -1
  return record(out, "Neg", [x], (g) => [g.neg()]);
}

/** `e^x`. @example bp.exp(bp.tensor([0, 1])); // tensor([1.0000, 2.7183]) */
export function exp(x: Tensor): Tensor {
  const out = unaryKernel("exp", x);
  // d e^x/dx = e^x
  return record(out, "Exp", [x], (g) => [g.mul(out)]);
}

/** Natural log. @example bp.log(bp.tensor([1, Math.E])); // tensor([0.0000, 1.0000]) */
export function log(x: Tensor): Tensor {
  const out = unaryKernel("log", x);
  // d ln x/dx = 1/x
  return record(out, "Log", [x], (g) => [g.div(x)]);
}

/** Square root. @example bp.sqrt(bp.tensor([4, 9])); // tensor([2., 3.]) */
export function sqrt(x: Tensor): Tensor {
  const out = unaryKernel("sqrt", x);
  // d sqrt(x)/dx = 1 / (2 sqrt(x))
  return record(out, "Sqrt", [x], (g) => [g.div(out.mul(2))]);
}

/** `|x|`. @example bp.abs(bp.tensor([-1, 2])); // tensor([1., 2.]) */
export function abs(x: Tensor): Tensor {
  const out = unaryKernel("abs", x, undefined, undefined, x.dtype);
  // d|x|/dx = sgn(x), PyTorch's (x > 0) - (x < 0): +0 at ±0 and at NaN
  return record(out, "Abs", [x], (g) => [g.mul(x.gt(0).to(x.dtype).sub(x.lt(0).to(x.dtype)))]);
}

/** Sign of x: -1, 0 or 1 (0 for ±0 and NaN, as `torch.sign`); int32 stays int32; the gradient is zero. @example bp.sign(bp.tensor([-3, 0, 2])); // tensor([-1.,  0.,  1.]) */
export function sign(x: Tensor): Tensor {
  const out = unaryKernel("sign", x, undefined, undefined, x.dtype);
  // d sign/dx = 0 (almost everywhere): recorded with a zero gradient, as PyTorch's
  return record(out, "Sign", [x], (g) => [zerosOf(g)]);
}

/** Logistic sigmoid `1 / (1 + e^-x)`, stable for any x. @example bp.sigmoid(bp.tensor([0])); // tensor([0.5000]) */
export function sigmoid(x: Tensor): Tensor {
  const out = unaryKernel("sigmoid", x);
  // d sigma/dx = sigma (1 - sigma)
  return record(out, "Sigmoid", [x], (g) => [activationGrad("sigmoid", null, out, g)]);
}

/** Hyperbolic tangent. @example bp.tanh(bp.tensor([0])); // tensor([0.]) */
export function tanh(x: Tensor): Tensor {
  const out = unaryKernel("tanh", x);
  // d tanh/dx = 1 - tanh^2
  return record(out, "Tanh", [x], (g) => [activationGrad("tanh", null, out, g)]);
}

/** `max(0, x)`. @example bp.relu(bp.tensor([-1, 2])); // tensor([0., 2.]) */
export function relu(x: Tensor): Tensor {
  const out = unaryKernel("relu", x, undefined, undefined, x.dtype);
  // d relu/dx = 1 where x > 0, else 0
  return record(out, "Relu", [x], (g) => [activationGrad("relu", x, null, g)]);
}

/**
 * Clamps into `[min, max]`; either bound may be omitted (null). Like `torch.clamp`, with its rules at
 * NaN: a NaN input stays NaN (gradient 0); with both bounds given, a NaN bound makes every value NaN;
 * a lone NaN bound leaves x unchanged. A NaN bound gives a zero gradient throughout.
 * @example bp.clamp(bp.tensor([-2, 0.5, 3]), 0, 1); // tensor([0.0000, 0.5000, 1.0000])
 */
export function clamp(x: Tensor, min?: number | null, max?: number | null): Tensor {
  const { lo, hi, kernelLo, kernelHi } = clampBounds("clamp", min, max);
  const out = unaryKernel("clamp", x, kernelLo, kernelHi, x.dtype);
  // d clamp/dx = 1 where min <= x <= max, else exactly 0 (so also at NaN x and for NaN bounds)
  return record(out, "Clamp", [x], (g) => [clampGrad(x, lo, hi, g)]);
}

/**
 * `torch.clamp`'s bounds, for `clamp` and `clamp_` (inplace.ts): at least one must be given and an
 * omitted one is ±inf. The kernel gets a lone NaN bound as ±inf (PyTorch's clamp_min(x, NaN) and clamp_max(x, NaN) keep x) but two bounds as given (a
 * NaN one then makes every value NaN); `lo` and `hi` are what the gradient's mask compares with, so a
 * NaN bound gives a zero gradient throughout.
 */
export function clampBounds(op: string, min?: number | null, max?: number | null): { lo: number; hi: number; kernelLo: number; kernelHi: number } {
  const hasMin = min !== undefined && min !== null;
  const hasMax = max !== undefined && max !== null;
  if (!hasMin && !hasMax) throw new Error(`${op}: at least one of min and max must be given`);
  const lo = hasMin ? min : -Infinity;
  const hi = hasMax ? max : Infinity;
  const both = hasMin && hasMax;
  return { lo, hi, kernelLo: both || lo === lo ? lo : -Infinity, kernelHi: both || hi === hi ? hi : Infinity };
}

/** d clamp/dx for bounds from `clampBounds`: g where lo <= x <= hi, else exactly 0 (also at NaN x and NaN bounds). */
export function clampGrad(x: Tensor, lo: number, hi: number, g: Tensor): Tensor {
  return where(x.ge(lo).logicalAnd(x.le(hi)), g, 0);
}

/** A copy with its own storage; the gradient passes through unchanged. */
export function clone(x: Tensor): Tensor {
  const out = new Tensor(x.data.slice(), x.shape);
  // d x/dx = 1
  return record(out, "Clone", [x], (g) => [g]);
}

/** The Gauss error function, elementwise. @example bp.erf(bp.tensor([0])); // tensor([0.]) */
export function erf(x: Tensor): Tensor {
  const out = unaryKernel("erf", x);
  // d erf/dx = 2/sqrt(pi) e^(-x^2)
  return record(out, "Erf", [x], (g) => [g.mul(x.mul(x).neg().exp().mul(2 / Math.sqrt(Math.PI)))]);
}
