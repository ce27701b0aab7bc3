import { Tensor, type TensorLike } from "../tensor/tensor.ts";
import { allocate } from "../tensor/dtype.ts";
import { broadcastShapes, broadcastStrides, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { asTensor, resultType, scalarTensor } from "./operands.ts";

/**
 * `condition ? a : b` elementwise, broadcasting all three, like `torch.where`. The condition must be a
 * bool tensor (a comparison, `isnan`, `logicalAnd`, ... or `mask.bool()`), as in PyTorch 1.13. A number
 * takes the other operand's dtype (float32 when fractional next to int32); two numbers give int32 when
 * both are integers (PyTorch: int64), else float32.
 * The gradient is `where(condition, g, 0)` for `a` and `where(condition, 0, g)` for `b`: exact zeros
 * where a branch was not taken, so a NaN or inf on the unused side never leaks into the gradient.
 * @example bp.where(bp.tensor([true, false]), bp.tensor([1, 2]), 0); // tensor([1., 0.])
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  if (!(condition instanceof Tensor) || condition.dtype !== "bool") {
    const got = condition instanceof Tensor ? `a tensor with dtype ${condition.dtype}` : typeof condition;
    throw new Error(`where: expected condition to be a bool tensor, but got ${got} (use a comparison such as mask.ne(0), or mask.bool())`);
  }
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : null;
  // a number takes the other operand's dtype (float32 when it is fractional and that one is int32)
  const numbers = Number.isInteger(a) && Number.isInteger(b) ? "int32" : "float32";
  const wrap = (v: TensorLike): Tensor => (v instanceof Tensor ? v : like !== null ? asTensor(v, like) : scalarTensor(v, numbers));
  const x = wrap(a);
  const y = wrap(b);
  const shape = broadcastShapes("where", broadcastShapes("where", condition.shape, x.shape), y.shape);
  const dtype = resultType(x, y);
  const xd = x.detach().to(dtype);
  const yd = y.detach().to(dtype);
  const out = new Tensor(allocate(dtype, numel(shape)), shape);
  kernels().where(
    condition.data, broadcastStrides(condition.shape, shape), xd.data, broadcastStrides(x.shape, shape),
    yd.data, broadcastStrides(y.shape, shape), out.data, shape,
  );
  // d where/da = 1 where condition, else exactly 0; d where/db = the opposite
  return record(out, "Where", [x, y], (g) => [
    x.requiresGrad ? where(condition, g, 0) : null,
    y.requiresGrad ? where(condition, 0, g) : null,
  ]);
}
