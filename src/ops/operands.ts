import { type DType, allocate, dtypeKind, floatingOf, isFloating, promoteTypes } from "../tensor/dtype.ts";
import { Tensor, type TensorLike } from "../tensor/tensor.ts";
import { broadcastShapes, broadcastStrides, numel } from "../tensor/shape.ts";
import { kernels } from "../backend/registry.ts";
import { describeNonTensor } from "../tensor/format.ts";
import type { BinaryOp, UnaryGradOp, UnaryOp } from "../backend/backend.ts";

export { describeNonTensor };

/** Checks that `value` is a Tensor, PyTorch's "argument 'input' must be Tensor, not list". */
export function checkTensorArg(op: string, value: unknown, name = "input"): void {
  if (value instanceof Tensor) return;
  throw new Error(`${op}: argument '${name}' must be a Tensor, not ${describeNonTensor(value)}`);
}

/** Checks that `tensors` is a non-empty array of Tensors (for `cat`, `stack`). */
export function checkTensorList(op: string, tensors: unknown, name = "tensors"): void {
  if (!Array.isArray(tensors)) throw new Error(`${op}: argument '${name}' must be an array of Tensors, not ${describeNonTensor(tensors)}`);
  if (tensors.length === 0) throw new Error(`${op}: expected a non-empty list of tensors`);
  tensors.forEach((t: unknown, i) => {
    if (!(t instanceof Tensor)) throw new Error(`${op}: expected a Tensor as element ${i} of '${name}', got ${describeNonTensor(t)}`);
  });
}

/** A 0-d tensor holding `value`. */
export function scalarTensor(value: number, dtype: DType): Tensor {
  const data = allocate(dtype, 1);
  data[0] = value;
  return new Tensor(data, []);
}

/**
 * Wraps a plain number next to tensor `like`: an int32 or bool tensor meets a fractional number as
 * float32, and a bool tensor meets an integral number as int32 (PyTorch: `mask + 1` is an integer tensor).
 */
export function asTensor(value: TensorLike, like: Tensor, op = "", name = "other"): Tensor {
  if (value instanceof Tensor) return value;
  if (typeof value !== "number") {
    throw new Error(`${op === "" ? "" : `${op}: `}argument '${name}' must be a Tensor or a number, not ${describeNonTensor(value)}`);
  }
  const dtype = isFloating(like.dtype) ? like.dtype : !Number.isInteger(value) ? "float32" : like.dtype === "bool" ? "int32" : like.dtype;
  return scalarTensor(value, dtype);
}

/**
 * The dtype of an op on `a` and `b`, by PyTorch's rule: a 0-d tensor (or a number) does not raise
 * the dtype of a tensor with dimensions of the same kind (float32 [n] + float64 0-d is float32), but
 * one of a higher kind does (bool < int < float: a float 0-d tensor makes an int32 one float, an int32
 * 0-d tensor makes a bool one int32). Otherwise float64 > float32 > int32 > bool.
 */
export function resultType(a: Tensor, b: Tensor): DType {
  const aScalar = a.dim() === 0;
  if (aScalar !== (b.dim() === 0)) {
    const [dims, zero] = aScalar ? [b, a] : [a, b];
    return dtypeKind(zero.dtype) > dtypeKind(dims.dtype) ? zero.dtype : dims.dtype;
  }
  return promoteTypes(a.dtype, b.dtype);
}

/** Runs a broadcasting binary kernel; the result has the broadcast shape and `dtype`. */
export function broadcastKernel(op: string, kernel: BinaryOp, a: Tensor, b: Tensor, dtype?: DType): Tensor {
  checkTensorArg(op, a);
  checkTensorArg(op, b, "other");
  const shape = broadcastShapes(op, a.shape, b.shape);
  const outDtype = dtype ?? resultType(a, b);
  const out = new Tensor(allocate(outDtype, numel(shape)), shape);
  kernels().binary(kernel, a.data, broadcastStrides(a.shape, shape), b.data, broadcastStrides(b.shape, shape), out.data, shape);
  return out;
}

/** Runs a unary kernel into a fresh tensor of the same shape (float32 for int32 / bool input unless `dtype`). */
export function unaryKernel(kernel: UnaryOp, x: Tensor, alpha?: number, beta?: number, dtype?: DType): Tensor {
  checkTensorArg(kernel, x);
  const outDtype = dtype ?? floatingOf(x.dtype);
  const out = new Tensor(allocate(outDtype, x.numel()), x.shape);
  kernels().unary(kernel, x.data, out.data, alpha, beta);
  return out;
}

/**
 * The gradient of an activation, `g · f'(x)`, in one kernel pass from the saved input x and/or output y
 * (whichever `op` reads). The result has g's shape and the dtype `g.mul(y)` would have.
 */
export function activationGrad(op: UnaryGradOp, x: Tensor | null, y: Tensor | null, g: Tensor, alpha?: number, beta?: number): Tensor {
  const like = x ?? y;
  if (like === null) throw new Error(`${op} backward: needs the saved input or output`);
  const promoted = promoteTypes(g.dtype, like.dtype);
  const out = new Tensor(allocate(floatingOf(promoted), g.numel()), g.shape);
  kernels().unaryBackward(op, x === null ? null : x.data, y === null ? null : y.data, g.data, out.data, alpha, beta);
  return out;
}
