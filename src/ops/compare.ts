import type { Tensor, TensorLike } from "../tensor/tensor.ts";
import type { BinaryOp } from "../backend/backend.ts";
import { asTensor, broadcastKernel, checkTensorArg } from "./operands.ts";

/*
 * Comparisons, broadcasting, like PyTorch's: the result is a bool tensor (true where the comparison
 * holds; any comparison with NaN is false except `ne`). Bool tensors mask (`where(mask, a, b)`), count
 * (`mask.sum()` is int32) and multiply (`x.mul(mask)` has x's dtype). They carry no gradient.
 */

function compare(op: BinaryOp, a: Tensor, b: TensorLike): Tensor {
  checkTensorArg(op, a);
  return broadcastKernel(op, op, a, asTensor(b, a, op), "bool");
}

/** `a == b` as bool. @example bp.tensor([1, 2]).eq(2); // tensor([False,  True]) */
export function eq(a: Tensor, b: TensorLike): Tensor { return compare("eq", a, b); }
/** `a != b` as bool. @example bp.tensor([1, 2]).ne(2); // tensor([ True, False]) */
export function ne(a: Tensor, b: TensorLike): Tensor { return compare("ne", a, b); }
/** `a > b` as bool. @example bp.tensor([1, 2]).gt(1); // tensor([False,  True]) */
export function gt(a: Tensor, b: TensorLike): Tensor { return compare("gt", a, b); }
/** `a < b` as bool. @example bp.tensor([1, 2]).lt(2); // tensor([ True, False]) */
export function lt(a: Tensor, b: TensorLike): Tensor { return compare("lt", a, b); }
/** `a >= b` as bool. @example bp.tensor([1, 2]).ge(2); // tensor([False,  True]) */
export function ge(a: Tensor, b: TensorLike): Tensor { return compare("ge", a, b); }
/** `a <= b` as bool. @example bp.tensor([1, 2]).le(1); // tensor([ True, False]) */
export function le(a: Tensor, b: TensorLike): Tensor { return compare("le", a, b); }
