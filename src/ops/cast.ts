import { type DType, allocate, checkDType, isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";

/**
 * Converts to `dtype` (a copy; the same tensor when it already has it). Float to int32 truncates
 * toward zero. The gradient flows back between float dtypes.
 * @example bp.tensor([1.7, -1.7]).to("int32"); // tensor([ 1, -1], dtype=int32)
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkDType("to", dtype);
  if (x.dtype === dtype) return x;
  const data = allocate(dtype, x.numel());
  if (dtype === "int32") for (let i = 0; i < data.length; i++) data[i] = Math.trunc(x.data[i]);
  else data.set(x.data);
  const out = new Tensor(data, x.shape);
  if (!isFloating(dtype)) return out;
  // d x/dx = 1, in the input's dtype
  return record(out, "ToCopy", [x], (g) => [g.to(x.dtype)]);
}
