import { Tensor, type TensorLike } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { asTensor, broadcastKernel, describeNonTensor, unaryKernel } from "./operands.ts";
import { where } from "./where.ts";

/*
 * Binary arithmetic with broadcasting. Each op returns the broadcast result; its backward returns
 * gradients of the broadcast shape, which the engine sums back to each input's shape.
 */

/**
 * `a + b`, broadcasting. Also as `a.add(b)`.
 * @example bp.add(bp.tensor([1, 2]), 1); // tensor([2., 3.])
 */
export function add(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair("add", a, b);
  const out = broadcastKernel("add", "add", x, y);
  // d(x+y)/dx = 1, d(x+y)/dy = 1
  return record(out, "Add", [x, y], (g) => [g, g]);
}

/**
 * `a - b`, broadcasting. Also as `a.sub(b)`.
 * @example bp.sub(bp.tensor([1, 2]), 1); // tensor([0., 1.])
 */
export function sub(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair("sub", a, b);
  if (x.dtype === "bool" || y.dtype === "bool") {
    throw new Error(x.dtype === y.dtype
      ? "sub: Subtraction, the `-` operator, with two bool tensors is not supported. Use logicalXor() instead."
      : "sub: Subtraction, the `-` operator, with a bool tensor is not supported. If you are trying to invert a mask, use logicalNot() instead.");
  }
  const out = broadcastKernel("sub", "sub", x, y);
  // d(x-y)/dx = 1, d(x-y)/dy = -1
  return record(out, "Sub", [x, y], (g) => [g, y.requiresGrad ? g.neg() : null]);
}

/**
 * `a * b`, broadcasting. Also as `a.mul(b)`.
 * @example bp.mul(bp.tensor([1, 2]), 3); // tensor([3., 6.])
 */
export function mul(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair("mul", a, b);
  const out = broadcastKernel("mul", "mul", x, y);
  // d(xy)/dx = y, d(xy)/dy = x
  return record(out, "Mul", [x, y], (g) => [x.requiresGrad ? g.mul(y) : null, y.requiresGrad ? g.mul(x) : null]);
}

/**
 * `a / b`, broadcasting; true division (int32 or bool / int32 or bool gives float32). Also as `a.div(b)`.
 * @example bp.div(bp.tensor([1, 2]), 4); // tensor([0.2500, 0.5000])
 */
export function div(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair("div", a, b);
  const dtype = !isFloating(x.dtype) && !isFloating(y.dtype) ? "float32" : undefined;
  const out = broadcastKernel("div", "div", x, y, dtype);
  // d(x/y)/dx = 1/y, d(x/y)/dy = -x/y^2
  return record(out, "Div", [x, y], (g) => [
    x.requiresGrad ? g.div(y) : null,
    y.requiresGrad ? g.mul(x).div(y.mul(y)).neg() : null,
  ]);
}

/**
 * `a ** b`, broadcasting. Also as `a.pow(b)`. A number exponent of 0.5 or -0.5 is computed as PyTorch
 * does, as `sqrt(x)` and `1 / sqrt(x)`: so `(-inf) ** 0.5` is NaN and `(-0) ** -0.5` is -inf (a tensor
 * exponent follows C's `pow`: inf and +inf).
 * @example bp.pow(bp.tensor([1, 2, 3]), 2); // tensor([1., 4., 9.])
 */
export function pow(a: TensorLike, b: TensorLike): Tensor {
  if (a instanceof Tensor && typeof b === "number") return powScalar(a, b);
  const [x, y] = pair("pow", a, b);
  if (x.dtype === "int32" && y.dtype === "int32" && y.data.some((v) => v < 0)) throw negativeIntegerPower();
  const out = broadcastKernel("pow", "pow", x, y);
  // d(x^y)/dx = y x^(y-1), written as 0 where y == 0 (PyTorch's rule: no 0 * inf = NaN at x = 0)
  // d(x^y)/dy = x^y ln x, written as 0 where x == 0 and y >= 0 (the limit, instead of 0 * -inf)
  return record(out, "Pow", [x, y], (g) => [
    x.requiresGrad ? zeroWhere(y.eq(0), g.mul(y.mul(x.pow(y.sub(1))))) : null,
    y.requiresGrad ? zeroWhere(x.eq(0).logicalAnd(y.ge(0)), g.mul(out.mul(x.log()))) : null,
  ]);
}

/** `x ** p` for a number p, with PyTorch's kernels for p = ±0.5 (sqrt, rsqrt) and its gradient. */
function powScalar(x: Tensor, p: number): Tensor {
  if (x.dtype === "int32" && Number.isInteger(p) && p < 0) throw negativeIntegerPower();
  const y = asTensor(p, x);
  let out: Tensor;
  if (p === 0.5 || p === -0.5) {
    const root = unaryKernel("sqrt", x);
    out = p === 0.5 ? root : unaryKernel("reciprocal", root);
  } else {
    out = broadcastKernel("pow", "pow", x, y);
  }
  // d(x^p)/dx = p x^(p-1) (with x^(p-1) by the same rules), and 0 when p == 0
  return record(out, "Pow", [x], (g) => [p === 0 ? zerosOf(g) : g.mul(x.pow(p - 1).mul(p))]);
}

/** PyTorch's error for an integer tensor to a negative integer power (the kernel would give 0). */
function negativeIntegerPower(): Error {
  return new Error("pow: Integers to negative integer powers are not allowed.");
}

function zerosOf(g: Tensor): Tensor {
  return new Tensor(allocate(g.dtype, g.numel()), g.shape);
}

/**
 * Elementwise maximum, broadcasting, like `torch.maximum` (NaN propagates). Gradient as PyTorch's: g to
 * the larger operand, g/2 to each on a tie, exactly 0 to the smaller one; where either is NaN neither
 * is smaller, so both get g.
 * @example bp.maximum(bp.tensor(0), bp.tensor([-1, 2])); // tensor([0., 2.])
 */
export function maximum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair("maximum", a, b);
  const out = broadcastKernel("maximum", "maximum", x, y);
  // d max(x,y)/dx = 1 where x > y, 1/2 where x == y, 0 where x < y (and the mirror for y)
  return record(out, "Maximum", [x, y], (g) => splitByWinner(g, x, y, x.lt(y), x.gt(y)));
}

/**
 * Elementwise minimum, broadcasting, like `torch.minimum` (NaN propagates; gradient as `maximum`'s).
 * @example bp.minimum(bp.tensor([1, 5]), 3); // tensor([1., 3.])
 */
export function minimum(a: TensorLike, b: TensorLike): Tensor {
  const [x, y] = pair("minimum", a, b);
  const out = broadcastKernel("minimum", "minimum", x, y);
  // d min(x,y)/dx = 1 where x < y, 1/2 where x == y, 0 where x > y
  return record(out, "Minimum", [x, y], (g) => splitByWinner(g, x, y, x.gt(y), x.lt(y)));
}

/** `t` with exact zeros where the bool `mask` is set; `t` itself when the mask is all false. */
function zeroWhere(mask: Tensor, t: Tensor): Tensor {
  return mask.data.some((v) => v !== 0) ? where(mask, 0, t) : t;
}

/** PyTorch's `where(x == y, g/2, g).masked_fill_(xLoses, 0)` for x, and the same with `yLoses` for y. */
function splitByWinner(g: Tensor, x: Tensor, y: Tensor, xLoses: Tensor, yLoses: Tensor): (Tensor | null)[] {
  const shared = where(x.eq(y), g.div(2), g);
  return [x.requiresGrad ? where(xLoses, 0, shared) : null, y.requiresGrad ? where(yLoses, 0, shared) : null];
}

function pair(op: string, a: TensorLike, b: TensorLike): [Tensor, Tensor] {
  if (a instanceof Tensor) return [a, asTensor(b, a, op)];
  if (b instanceof Tensor) return [asTensor(a, b, op, "input"), b];
  throw new Error(`${op}: at least one operand must be a Tensor, got ${describeNonTensor(a)} and ${describeNonTensor(b)}`);
}
