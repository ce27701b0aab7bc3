import { allocate, isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { broadcastShapes, formatShape, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { sumToShape } from "./reduce.ts";
import { activationGrad, checkTensorArg } from "./operands.ts";

/**
 * Matrix product with `torch.matmul`'s rules: 1-D · 1-D is a dot product, a 1-D operand is treated
 * as a row (left) or column (right) vector, and leading batch dims broadcast.
 * @example
 * bp.matmul(bp.ones(64, 784), bp.ones(784, 128)).shape; // [64, 128]
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkTensorArg("matmul", a);
  checkTensorArg("matmul", b, "other");
  if (a.dim() === 0 || b.dim() === 0) {
    throw new Error(`matmul: both arguments need at least 1 dimension, got shapes ${formatShape(a.shape)} and ${formatShape(b.shape)}`);
  }
  if (a.dtype !== b.dtype) {
    throw new Error(`matmul: expected both tensors to have the same dtype, got ${a.dtype} and ${b.dtype}`);
  }
  const a2 = a.dim() === 1 ? a.reshape(1, -1) : a;
  const b2 = b.dim() === 1 ? b.reshape(-1, 1) : b;
  const [m, k] = a2.shape.slice(-2);
  const [k2, n] = b2.shape.slice(-2);
  if (k !== k2) {
    throw new Error(`matmul: shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} do not align (${k} != ${k2})`);
  }
  let batch: number[];
  try {
    batch = broadcastShapes("matmul", a2.shape.slice(0, -2), b2.shape.slice(0, -2));
  } catch {
    throw new Error(
      `matmul: batch dimensions of shapes ${formatShape(a.shape)} and ${formatShape(b.shape)} cannot be broadcast ` +
        `(${formatShape(a2.shape.slice(0, -2))} vs ${formatShape(b2.shape.slice(0, -2))})`,
    );
  }
  const ae = a2.detach().expand([...batch, m, k]);
  const be = b2.detach().expand([...batch, k, n]);
  const out2 = gemmBatched(ae, false, be, false, batch, m, k, n);
  const shape = [...batch, ...(a.dim() === 1 ? [] : [m]), ...(b.dim() === 1 ? [] : [n])];
  const out = new Tensor(out2.data, shape);
  // dC/dA = G · B^T, dC/dB = A^T · G (summed over broadcast batch dims)
  return record(out, "Mm", [a, b], (g) => {
    const g2 = g.reshape([...batch, m, n]);
    return [
      a.requiresGrad ? sumToShape(gemmBatched(g2, false, be, true, batch, m, n, k), a2.shape).reshape(a.shape) : null,
      b.requiresGrad ? sumToShape(gemmBatched(ae, true, g2, false, batch, k, m, n), b2.shape).reshape(b.shape) : null,
    ];
  });
}

/**
 * op(A) · op(B) for each matrix of a contiguous batch, through the backend's gemm. `m x k` · `k x n`
 * describe op(A) and op(B); with `transA`, A holds `k x m` matrices, and with `transB`, B holds `n x k`.
 * With `into` (of the result's size and dtype) the products are added to it in place and it is returned.
 */
function gemmBatched(
  A: Tensor, transA: boolean, B: Tensor, transB: boolean, batch: number[], m: number, k: number, n: number,
  into: Tensor | null = null,
): Tensor {
  const count = numel(batch);
  const out = into ?? new Tensor(allocate(A.dtype, count * m * n), [...batch, m, n]);
  const gemm = kernels().gemm;
  for (let i = 0; i < count; i++) {
    gemm(A.data, i * m * k, transA, B.data, i * k * n, transB, out.data, i * m * n, m, k, n, into !== null);
  }
  return out;
}

/**
 * `y = x W^T + b` in one op, as `nn.Linear` computes it: input `[*, in]`, weight `[out, in]`, bias
 * `[out]` or null. W^T is never materialised: the backend's gemm reads W transposed.
 * @example bp.linear(bp.ones(64, 784), bp.ones(128, 784), bp.zeros(128)).shape; // [64, 128]
 */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkTensorArg("linear", x);
  checkTensorArg("linear", weight, "weight");
  return linearOp("linear", x, weight, bias, null);
}

/** The activations `linearActivation` fuses: each one's derivative can be read off its output. */
export type LinearActivation = "relu" | "sigmoid" | "tanh";

/**
 * `act(x W^T + b)` as one op and one graph node, the fused forward of a dense layer, asked for by
 * name: `nn.functional.linearActivation`, `new nn.Linear(in, out, {activation})`, Keras'
 * `Dense(units, {activation})`. The activation runs in place on the product, so the pre-activation is never kept, and
 * backward takes the activation's derivative from the output: the values and gradients are those of
 * `linear` followed by the activation, bit for bit.
 * @example
 * const h = linearActivation(x, fc1.weight, fc1.bias, "relu"); // relu(fc1.forward(x)), one node
 */
export function linearActivation(x: Tensor, weight: Tensor, bias: Tensor | null, activation: LinearActivation): Tensor {
  return linearOp("linearActivation", x, weight, bias, activation);
}

function linearOp(op: string, x: Tensor, weight: Tensor, bias: Tensor | null, activation: LinearActivation | null): Tensor {
  const [outF, inF] = weight.shape;
  if (weight.dim() !== 2 || x.dim() === 0 || x.shape[x.dim() - 1] !== inF) {
    throw new Error(`${op}: input of shape ${formatShape(x.shape)} and weight of shape ${formatShape(weight.shape)} do not align`);
  }
  if (x.dtype !== weight.dtype) throw new Error(`${op}: input is ${x.dtype} but weight is ${weight.dtype}`);
  if (activation !== null && !isFloating(x.dtype)) throw new Error(`${op}: ${activation} needs a floating point input, got ${x.dtype}`);
  let rows = 1; // not numel / inF, which is NaN for inF 0 (Linear(0, n) gives its bias, as in PyTorch)
  for (let i = 0; i < x.dim() - 1; i++) rows *= x.shape[i];
  const x2 = x.detach().reshape(rows, inF);
  const y = gemmBatched(x2, false, weight.detach(), true, [], rows, inF, outF);
  // the usual bias ([out], same dtype) is added in place by one epilogue pass; any other broadcasts
  const rowBias = bias !== null && bias.dim() === 1 && bias.shape[0] === outF && bias.dtype === y.dtype;
  if (rowBias) kernels().addRowBias(y.data, bias.data, rows, outF);
  const withBias = bias === null || rowBias ? y : y.add(bias.detach());
  if (activation !== null) kernels().unary(activation, withBias.data, withBias.data); // in place: the epilogue's second pass
  const out = new Tensor(withBias.data, [...x.shape.slice(0, -1), outF]);
  const inputs = bias === null ? [x, weight] : [x, weight, bias];
  // dY/dX = G · W, dY/dW = G^T · X, dY/db = sum of G over rows, with G = dL/dY · act'(Y)
  return record(out, activation === null ? "Linear" : `Linear${ACTIVATION_NAMES[activation]}`, inputs, (g, into) => {
    const g2 = preActivationGrad(activation, out, g).reshape(rows, outF);
    const weightGrad = into[1] ?? null;
    return [
      x.requiresGrad ? gemmBatched(g2, false, weight, false, [], rows, outF, inF).reshape(x.shape) : null,
      weight.requiresGrad ? gemmBatched(g2, true, x2, false, [], outF, rows, inF, weightGrad) : null,
      bias !== null && bias.requiresGrad ? columnSums(g2, rows, outF) : null,
    ];
  });
}

const ACTIVATION_NAMES: Record<LinearActivation, string> = { relu: "Relu", sigmoid: "Sigmoid", tanh: "Tanh" };

/**
 * The gradient before the activation from the one after it and the output y: relu passes g where
 * y > 0 (y <= 0 exactly where the input was, a NaN passing in both), sigmoid's is g y (1 - y),
 * tanh's g (1 - y^2). With no activation, g itself.
 */
function preActivationGrad(activation: LinearActivation | null, y: Tensor, g: Tensor): Tensor {
  if (activation === null) return g;
  return activation === "relu" ? activationGrad("relu", y, null, g) : activationGrad(activation, null, y, g);
}

/** Sums a `rows x cols` matrix over its rows (`[cols]`), the bias gradient, in one kernel pass. */
function columnSums(g: Tensor, rows: number, cols: number): Tensor {
  const out = new Tensor(allocate(g.dtype, cols), [cols]);
  kernels().sumRows(g.data, out.data, rows, cols);
  return out;
}
