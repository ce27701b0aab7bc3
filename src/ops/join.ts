import { allocate, promoteTypes } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { contiguousStrides, formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";

/**
 * Joins tensors along an existing dimension, like `torch.cat`.
 * @example bp.cat([bp.ones(2, 3), bp.zeros(1, 3)], 0).shape; // [3, 3]
 */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (tensors.length === 0) throw new Error("cat: expected a non-empty list of tensors");
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
  if (tensors.length === 0) throw new Error("stack: expected a non-empty list of tensors");
  const first = tensors[0];
  tensors.forEach((t, i) => {
    if (t.dim() !== first.dim() || t.shape.some((s, j) => s !== first.shape[j])) {
      throw new Error(`stack: tensor ${i} has shape ${formatShape(t.shape)}, expected ${formatShape(first.shape)}`);
    }
  });
  const d = normalizeDim("stack", dim, first.dim() + 1);
  return cat(tensors.map((t) => t.unsqueeze(d)), d);
}
