import { allocate, promoteTypes } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { contiguousStrides, formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { checkTensorArg, checkTensorList } from "./operands.ts";

/**
 * Joins tensors along an existing dimension, like `torch.cat`.
 * @example bp.cat([bp.ones(2, 3), bp.zeros(1, 3)], 0).shape; // [3, 3]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList("cat", tensors);
  const first = tensors[0];
  if (first.dim() === 0) throw new Error("cat: zero-dimensional tensors cannot be concatenated; use stack");
  const d = normalizeDim("cat", dim, first.dim());
  tensors.forEach((t, i) => {
    if (t.dim() !== first.dim() || t.shape.some((s, j) => j !== d && s !== first.shape[j])) {
      throw new Error(`cat: tensor ${i} has shape ${formatShape(t.shape)}, which does not match ${formatShape(first.shape)} outside dimension ${d}`);
    }
  });
  const dtype = tensors.map((t) => t.dtype).reduce(promoteTypes);
  const sizes = tensors.map((t) => t.shape[d]);
  const shape = [...first.shape];
  shape[d] = sizes.reduce((a, b) => a + b, 0);
  const out = new Tensor(allocate(dtype, numel(shape)), shape);
  const strides = contiguousStrides(shape);
  const copy = kernels().copyIntoStrided;
  let offset = 0;
  for (const t of tensors) {
    // each input fills its block of the result: the same strides, shifted by its start along d
    copy(t.data, out.data, offset * strides[d], strides, t.shape);
    offset += t.shape[d];
  }
  // d cat/dx_k: each input gets back its own slice of the gradient
  return record(out, "Cat", tensors, (g) => {
    let start = 0;
    return sizes.map((s) => {
      const piece = g.narrow(d, start, s);
      start += s;
      return piece;
    });
  });
}

/**
 * Joins tensors of the same shape along a new dimension, like `torch.stack`.
 * @example bp.stack([bp.ones(3), bp.zeros(3)]).shape; // [2, 3]
 */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  checkTensorList("stack", tensors);
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (t.dim() !== first.dim() || t.shape.some((s, j) => s !== first.shape[j])) {
      throw new Error(`stack: tensor ${i} has shape ${formatShape(t.shape)}, expected ${formatShape(first.shape)}`);
    }
  });
  const d = normalizeDim("stack", dim, first.dim() + 1);
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}

/**
 * Views 0-d tensors as 1-D (`[1]`), like `torch.atleast_1d`; others are returned as they are.
 * @example bp.atleast1d(bp.tensor(3)).shape; // [1]
 */
export function atleast1d(x: Tensor): Tensor {
  checkTensorArg("atleast1d", x);
  return x.dim() >= 1 ? x : x.reshape(1);
}

/**
 * Views 0-d and 1-D tensors as 2-D (`[1, 1]`, `[1, n]`), like `torch.atleast_2d`.
 * @example bp.atleast2d(bp.ones(3)).shape; // [1, 3]
 */
export function atleast2d(x: Tensor): Tensor {
  checkTensorArg("atleast2d", x);
  return x.dim() >= 2 ? x : x.reshape(1, -1);
}

/**
 * Views tensors of fewer than 3 dims as 3-D (`[1, 1, 1]`, `[1, n, 1]`, `[m, n, 1]`), like `torch.atleast_3d`.
 * @example bp.atleast3d(bp.ones(2, 3)).shape; // [2, 3, 1]
 */
export function atleast3d(x: Tensor): Tensor {
  checkTensorArg("atleast3d", x);
  if (x.dim() >= 3) return x;
  return x.dim() === 2 ? x.unsqueeze(2) : x.reshape(1, -1, 1);
}

/**
 * Joins horizontally, like `torch.hstack`: along dim 1, or dim 0 for 1-D tensors (0-d ones count as 1-D).
 * @example bp.hstack([bp.ones(2, 1), bp.zeros(2, 3)]).shape; // [2, 4]
 */
export function hstack(tensors: readonly Tensor[]): Tensor {
  checkTensorList("hstack", tensors);
  const ts = tensors.map(atleast1d);
  return cat(ts, ts[0].dim() === 1 ? 0 : 1);
}

/**
 * Joins vertically (rows), like `torch.vstack`: 1-D tensors become rows, then `cat` along dim 0.
 * @example bp.vstack([bp.ones(3), bp.zeros(3)]).shape; // [2, 3]
 */
export function vstack(tensors: readonly Tensor[]): Tensor {
  checkTensorList("vstack", tensors);
  return cat(tensors.map(atleast2d), 0);
}

/**
 * Joins depth-wise, like `torch.dstack`: tensors are made 3-D (`atleast3d`), then `cat` along dim 2.
 * @example bp.dstack([bp.ones(2, 3), bp.zeros(2, 3)]).shape; // [2, 3, 2]
 */
export function dstack(tensors: readonly Tensor[]): Tensor {
  checkTensorList("dstack", tensors);
  return cat(tensors.map(atleast3d), 2);
}

/**
 * Joins 1-D tensors as columns (0-d and 1-D tensors become `[n, 1]`), like `torch.column_stack`.
 * @example bp.columnStack([bp.ones(3), bp.zeros(3)]).shape; // [3, 2]
 */
export function columnStack(tensors: readonly Tensor[]): Tensor {
  checkTensorList("columnStack", tensors);
  return cat(tensors.map((t) => (t.dim() <= 1 ? t.reshape(-1, 1) : t)), 1);
}
