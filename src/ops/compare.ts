import type { Tensor, TensorLike } from "../tensor/tensor.ts";
import type { BinaryOp } from "../backend/backend.ts";
import { asTensor, broadcastKernel } from "./operands.ts";

/*
 * Comparisons, broadcasting. backprop has no bool dtype: results are int32 tensors of 0 and 1, which
 * sum, mask (`x.mul(mask)`) and compare like PyTorch's bool tensors. They carry no gradient.
 */

function compare(op: BinaryOp, a: Tensor, b: TensorLike): Tensor {
  return broadcastKernel(op, op, a, asTensor(b, a), "int32");
}

/** `a == b` as int32 0/1. @example bp.tensor([1, 2]).eq(2); // tensor([0, 1], dtype=int32) */
export function eq(a: Tensor, b: TensorLike): Tensor { return compare("eq", a, b); }
/** `a != b` as int32 0/1. @example bp.tensor([1, 2]).ne(2); // tensor([1, 0], dtype=int32) */
export function ne(a: Tensor, b: TensorLike): Tensor { return compare("ne", a, b); }
/** `a > b` as int32 0/1. @example bp.tensor([1, 2]).gt(1); // tensor([0, 1], dtype=int32) */
export function gt(a: Tensor, b: TensorLike): Tensor { return compare("gt", a, b); }
/** `a < b` as int32 0/1. @example bp.tensor([1, 2]).lt(2); // tensor([1, 0], dtype=int32) */
export function lt(a: Tensor, b: TensorLike): Tensor { return compare("lt", a, b); }
/** `a >= b` as int32 0/1. @example bp.tensor([1, 2]).ge(2); // tensor([0, 1], dtype=int32) */
export function ge(a: Tensor, b: TensorLike): Tensor { return compare("ge", a, b); }
/** `a <= b` as int32 0/1. @example bp.tensor([1, 2]).le(1); // tensor([1, 0], dtype=int32) */
export function le(a: Tensor, b: TensorLike): Tensor { return compare("le", a, b); }
