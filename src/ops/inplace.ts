import type { Tensor, TensorLike } from "../tensor/tensor.ts";
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, broadcastStrides, contiguousStrides, formatShape, sameShape } from "../tensor/shape.ts";
import { kernels } from "../backend/registry.ts";
import type { BinaryOp } from "../backend/backend.ts";
import { asTensor } from "./operands.ts";

/*
 * In-place ops write into the tensor's own data (and so into every view sharing it). Like PyTorch,
 * they are refused on tensors that require grad while grad mode is on: a leaf's value is needed by
 * the graph, so updates belong inside `noGrad`.
 */

function checkWritable(op: string, t: Tensor): void {
  if (!isGradEnabled() || !t.requiresGrad) return;
  if (t.isLeaf) {
    throw new Error(
      `${op}: a leaf tensor that requires grad is being used in an in-place operation; do parameter updates inside noGrad(() => ...)`,
    );
  }
  throw new Error(`${op}: in-place operations on tensors recorded in the graph are not supported; use the out-of-place ${op.slice(0, -1)}`);
}

/** Fills `t` with `value` in place. */
export function fill_<T extends Tensor>(t: T, value: number, op: string): T {
  checkWritable(op, t);
  t.data.fill(value);
  return t;
}

/** `t = t (op) other` in place; `other` broadcasts to t's shape. */
export function binary_<T extends Tensor>(t: T, other: TensorLike, op: BinaryOp): T {
  const name = `${op}_`;
  checkWritable(name, t);
  const o = asTensor(other, t);
  if (!isFloating(t.dtype) && (isFloating(o.dtype) || op === "div")) {
    throw new Error(`${name}: the float result cannot be written into an ${t.dtype} tensor (use the out-of-place ${op})`);
  }
  if (t.dtype === "bool" && o.dtype !== "bool") {
    throw new Error(`${name}: the ${o.dtype} result cannot be written into a bool tensor (use the out-of-place ${op})`);
  }
  const shape = broadcastShapes(name, t.shape, o.shape);
  if (!sameShape(shape, t.shape)) {
    throw new Error(`${name}: the result of shape ${formatShape(shape)} does not fit in the tensor of shape ${formatShape(t.shape)}`);
  }
  kernels().binary(op, t.data, contiguousStrides(t.shape), o.data, broadcastStrides(o.shape, t.shape), t.data, t.shape);
  return t;
}

/** Copies `source` (broadcast to t's shape, converted to t's dtype) into t. */
export function copy_<T extends Tensor>(t: T, source: Tensor): T {
  checkWritable("copy_", t);
  const shape = broadcastShapes("copy_", t.shape, source.shape);
  if (!sameShape(shape, t.shape)) {
    throw new Error(`copy_: source of shape ${formatShape(source.shape)} does not broadcast to ${formatShape(t.shape)}`);
  }
  kernels().copyStrided(source.data, 0, broadcastStrides(source.shape, t.shape), t.data, t.shape);
  return t;
}

/** Clamps t into `[min, max]` in place. */
export function clamp_<T extends Tensor>(t: T, min?: number | null, max?: number | null): T {
  checkWritable("clamp_", t);
  kernels().unary("clamp", t.data, t.data, min ?? -Infinity, max ?? Infinity);
  return t;
}
