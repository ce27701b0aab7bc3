import { allocate, isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { broadcastShapes, formatShape, numel, sameShape } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { checkTensorArg } from "./operands.ts";

/*
 * Pairwise distances between two sets of row vectors, the kernel of nearest-neighbour methods.
 */

/**
 * Distances between every row of x1 and every row of x2, like `torch.cdist`:
 * `out[..., i, j] = ||x1[..., i, :] - x2[..., j, :]||_p` for p = 2 (Euclidean, the default) or p = 1
 * (Manhattan). Shapes: x1 `[*, P, M]`, x2 `[*, R, M]` (leading batch dims broadcast), out `[*, P, R]`;
 * both the same floating dtype. Computed by the definition, so identical rows are exactly 0 apart
 * (PyTorch's `|x|² + |y|² - 2x·y` shortcut for more than 25 rows can be off by about
 * `sqrt(eps) · |x|` there). Gradient: `(x1_i - x2_j) / dist` for p = 2 (0 where the distance is 0),
 * `sign(x1_i - x2_j)` for p = 1.
 * @example bp.cdist(bp.tensor([[0, 0]]), bp.tensor([[3, 4], [1, 1]])); // tensor([[5.0000, 1.4142]])
 */
export function cdist(x1: Tensor, x2: Tensor, p = 2): Tensor {
  checkTensorArg("cdist", x1, "x1");
  checkTensorArg("cdist", x2, "x2");
  if (p !== 1 && p !== 2) {
    throw new Error(`cdist: only p = 1 (Manhattan) and p = 2 (Euclidean) are supported, got p = ${p}`);
  }
  if (x1.dim() < 2 || x2.dim() < 2) {
    throw new Error(
      `cdist: expected x1 [*, P, M] and x2 [*, R, M] with at least 2 dimensions, got shapes ${formatShape(x1.shape)} and ${formatShape(x2.shape)}`,
    );
  }
  if (!isFloating(x1.dtype) || !isFloating(x2.dtype) || x1.dtype !== x2.dtype) {
    throw new Error(`cdist: expected two floating tensors of the same dtype, got ${x1.dtype} and ${x2.dtype}`);
  }
  const [P, M] = x1.shape.slice(-2);
  const [R, M2] = x2.shape.slice(-2);
  if (M !== M2) {
    throw new Error(
      `cdist: x1 and x2 must have the same number of columns, got shapes ${formatShape(x1.shape)} and ${formatShape(x2.shape)} (${M} != ${M2})`,
    );
  }
  let batch: number[];
  try {
    batch = broadcastShapes("cdist", x1.shape.slice(0, -2), x2.shape.slice(0, -2));
  } catch {
    throw new Error(`cdist: batch dimensions of shapes ${formatShape(x1.shape)} and ${formatShape(x2.shape)} cannot be broadcast`);
  }
  const a = expandTo(x1, [...batch, P, M]);
  const b = expandTo(x2, [...batch, R, M]);
  const count = numel(batch);
  const out = new Tensor(allocate(x1.dtype, count * P * R), [...batch, P, R]);
  const k = kernels();
  for (let i = 0; i < count; i++) {
    k.cdist(slice(a.data, i, P * M), slice(b.data, i, R * M), slice(out.data, i, P * R), P, R, M, p);
  }
  // d||x1_i - x2_j||_2/dx1_i = (x1_i - x2_j) / dist, d||x1_i - x2_j||_1/dx1_i = sign(x1_i - x2_j); dx2_j: the negatives
  return record(out, "Cdist", [x1, x2], (g) => {
    const gd = g.dtype === out.dtype ? g : g.to(out.dtype);
    const g1 = x1.requiresGrad ? new Tensor(allocate(x1.dtype, count * P * M), a.shape) : null;
    const g2 = x2.requiresGrad ? new Tensor(allocate(x2.dtype, count * R * M), b.shape) : null;
    for (let i = 0; i < count; i++) {
      kernels().cdistBackward(
        slice(a.data, i, P * M), slice(b.data, i, R * M), slice(out.data, i, P * R), slice(gd.data, i, P * R),
        g1 === null ? null : slice(g1.data, i, P * M), g2 === null ? null : slice(g2.data, i, R * M), P, R, M, p,
      );
    }
    // broadcast batch dims are summed back to each input's shape by the engine
    return [g1, g2];
  });
}

/** x (detached) with `shape`, copied only when broadcasting changes it. */
function expandTo(x: Tensor, shape: number[]): Tensor {
  return sameShape(x.shape, shape) ? x.detach() : x.detach().expand(shape);
}

/** Matrix `i` of a contiguous batch of `size`-element matrices, without copying. */
function slice<T extends Tensor["data"]>(data: T, i: number, size: number): T {
  return data.subarray(i * size, (i + 1) * size) as T;
}
