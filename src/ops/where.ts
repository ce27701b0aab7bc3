import { Tensor, type TensorLike } from "../tensor/tensor.ts";
import { broadcastShapes } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { asTensor, resultType, scalarTensor } from "./operands.ts";

/**
 * `condition ? a : b` elementwise, broadcasting all three, like `torch.where`. A nonzero condition
 * picks `a`.
 * @example bp.where(bp.tensor([1, 0]), bp.tensor([1, 2]), 0); // tensor([1., 0.])
 */
export function where(condition: Tensor, a: TensorLike, b: TensorLike): Tensor {
  const like = a instanceof Tensor ? a : b instanceof Tensor ? b : null;
  // a number takes the other operand's dtype (float32 when it is fractional and that one is int32)
  const wrap = (v: TensorLike): Tensor => (v instanceof Tensor ? v : like !== null ? asTensor(v, like) : scalarTensor(v, "float32"));
  const x = wrap(a);
  const y = wrap(b);
  const shape = broadcastShapes("where", broadcastShapes("where", condition.shape, x.shape), y.shape);
  const c = condition.detach().expand(shape);
  const xe = x.detach().expand(shape);
  const ye = y.detach().expand(shape);
  const outDtype = resultType(x, y);
  const out = new Tensor(outDtype === xe.dtype ? xe.data.slice() : xe.to(outDtype).data, shape);
  for (let i = 0; i < out.data.length; i++) if (c.data[i] === 0) out.data[i] = ye.data[i];
  // d where/da = condition, d where/db = 1 - condition
  return record(out, "Where", [x, y], (g) => {
    const mask = c.ne(0);
    return [x.requiresGrad ? g.mul(mask) : null, y.requiresGrad ? g.mul(mask.neg().add(1)) : null];
  });
}
