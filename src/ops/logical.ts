import type { Tensor, TensorLike } from "../tensor/tensor.ts";
import { isFloating } from "../tensor/dtype.ts";
import { record } from "../autograd/node.ts";
import type { BinaryOp, UnaryOp } from "../backend/backend.ts";
import { asTensor, broadcastKernel, checkTensorArg, unaryKernel } from "./operands.ts";
import { where } from "./where.ts";

/*
 * Logical ops and value tests, like PyTorch's: any dtype in (nonzero is true), bool out, no gradient.
 * `nanToNum` is the one differentiable op here.
 */

function logical(op: BinaryOp, a: Tensor, b: TensorLike): Tensor {
  checkTensorArg(op, a);
  return broadcastKernel(op, op, a, asTensor(b, a, op), "bool");
}

function test(op: UnaryOp, x: Tensor): Tensor {
  return unaryKernel(op, x, undefined, undefined, "bool");
}

/** `a && b` elementwise (nonzero is true), broadcasting; bool. @example bp.logicalAnd(bp.tensor([1, 0]), bp.tensor([2, 2])); // tensor([ True, False]) */
export function logicalAnd(a: Tensor, b: TensorLike): Tensor { return logical("logicalAnd", a, b); }
/** `a || b` elementwise, broadcasting; bool. @example bp.logicalOr(bp.tensor([1, 0]), 0); // tensor([ True, False]) */
export function logicalOr(a: Tensor, b: TensorLike): Tensor { return logical("logicalOr", a, b); }
/** `a != b` as truth values (exactly one nonzero), broadcasting; bool. @example bp.logicalXor(bp.tensor([1, 0]), 1); // tensor([False,  True]) */
export function logicalXor(a: Tensor, b: TensorLike): Tensor { return logical("logicalXor", a, b); }
/** `!x` elementwise (true where x is zero); bool. @example bp.logicalNot(bp.tensor([0, 3])); // tensor([ True, False]) */
export function logicalNot(x: Tensor): Tensor { return test("logicalNot", x); }

/** True where x is NaN. @example bp.isnan(bp.tensor([1, NaN])); // tensor([False,  True]) */
export function isnan(x: Tensor): Tensor { return test("isnan", x); }
/** True where x is +inf or -inf. @example bp.isinf(bp.tensor([1, -Infinity])); // tensor([False,  True]) */
export function isinf(x: Tensor): Tensor { return test("isinf", x); }
/** True where x is +inf. @example bp.isposinf(bp.tensor([Infinity, -Infinity])); // tensor([ True, False]) */
export function isposinf(x: Tensor): Tensor { return test("isposinf", x); }
/** True where x is -inf. @example bp.isneginf(bp.tensor([Infinity, -Infinity])); // tensor([False,  True]) */
export function isneginf(x: Tensor): Tensor { return test("isneginf", x); }
/** True where x is neither NaN nor ±inf. @example bp.isfinite(bp.tensor([1, NaN, Infinity])); // tensor([ True, False, False]) */
export function isfinite(x: Tensor): Tensor { return test("isfinite", x); }

const FLOAT32_MAX = 3.4028234663852886e38;

/**
 * Replaces NaN with `nan` (default 0), +inf with `posinf` and -inf with `neginf` (default: the largest
 * and lowest finite values of x's dtype, ±3.4028e38 for float32), like `torch.nan_to_num`. int32 and
 * bool tensors come back as copies. The gradient is `g · isfinite(x)` (PyTorch's formula: 0 where x was
 * NaN or infinite).
 * @example bp.nanToNum(bp.tensor([NaN, Infinity, -1])); // tensor([ 0.0000e+00,  3.4028e+38, -1.0000e+00])
 */
export function nanToNum(x: Tensor, nan = 0, posinf?: number | null, neginf?: number | null): Tensor {
  checkTensorArg("nanToNum", x);
  if (!isFloating(x.dtype)) return x.clone(); // no NaN or inf to replace
  const big = x.dtype === "float64" ? Number.MAX_VALUE : FLOAT32_MAX;
  const v = x.detach();
  const out = where(isnan(v), nan, where(isposinf(v), posinf ?? big, where(isneginf(v), neginf ?? -big, v)));
  // d nan_to_num/dx = 1 where x is finite, else 0 (as g * isfinite(x))
  return record(out, "NanToNum", [x], (g) => [g.mul(isfinite(x))]);
}
