import { type DType, allocate, checkDType, isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";

/**
 * Converts to `dtype` (a copy; the same tensor when it already has it), like `x.to(dtype)`. Float to
 * int32 truncates toward zero; to bool gives true for every nonzero value (NaN included, as PyTorch);
 * from bool gives 1 and 0. The gradient flows back between float dtypes.
 * @example bp.tensor([1.7, -1.7]).to("int32"); // tensor([ 1, -1], dtype=int32)
 * @example bp.tensor([0, 2, NaN]).to("bool"); // tensor([False,  True,  True])
 */
export function cast(x: Tensor, dtype: DType): Tensor {
  checkDType("to", dtype);
  if (x.dtype === dtype) return x;
  const out = new Tensor(allocate(dtype, x.numel()), x.shape);
  kernels().cast(x.data, out.data);
  if (!isFloating(dtype) || !isFloating(x.dtype)) return out;
  // d x/dx = 1, in the input's dtype
  return record(out, "ToCopy", [x], (g) => [g.to(x.dtype)]);
}
