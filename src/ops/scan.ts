import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { normalizeDim, splitAt } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import type { ScanOp } from "../backend/backend.ts";
import { checkTensorArg } from "./operands.ts";

/*
 * Cumulative sums and products along one dimension (the backend's scan kernel). int32 stays int32.
 */

function scanKernel(op: ScanOp, x: Tensor, d: number, reverse = false): Tensor {
  const [outer, size, inner] = splitAt(x.shape.length === 0 ? [1] : x.shape, d);
  const out = new Tensor(allocate(x.dtype, x.numel()), x.shape);
  kernels().scan(op, x.data, out.data, outer, size, inner, reverse);
  return out;
}

/**
 * Running sums along `dim`: `out[i] = x[0] + ... + x[i]`, like `torch.cumsum`.
 * @example bp.tensor([1, 2, 3]).cumsum(0); // tensor([1., 3., 6.])
 */
export function cumsum(x: Tensor, dim: number): Tensor {
  checkTensorArg("cumsum", x);
  const d = normalizeDim("cumsum", dim, x.dim());
  const out = scanKernel("sum", x, d);
  // d out_j/dx_i = 1 for j >= i: the gradient is the running sum of g from the end
  return record(out, "Cumsum", [x], (g) => [scanKernel("sum", g, d, true)]);
}

/**
 * Running products along `dim`: `out[i] = x[0] · ... · x[i]`, like `torch.cumprod`; the gradient is
 * exact where x has zeros.
 * @example bp.tensor([1, 2, 3]).cumprod(0); // tensor([1., 2., 6.])
 */
export function cumprod(x: Tensor, dim: number): Tensor {
  checkTensorArg("cumprod", x);
  const d = normalizeDim("cumprod", dim, x.dim());
  const out = scanKernel("prod", x, d);
  // d out_j/dx_i = Π_{k <= j, k != i} x_k for j >= i
  return record(out, "Cumprod", [x], (g) => {
    const [outer, size, inner] = splitAt(x.shape.length === 0 ? [1] : x.shape, d);
    const gx = new Tensor(allocate(g.dtype, g.numel()), g.shape);
    kernels().cumprodBackward(x.data, g.data, gx.data, outer, size, inner);
    return [gx];
  });
}
