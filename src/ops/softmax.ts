import { allocate, isFloating } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { normalizeDim, splitAt } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { checkTensorArg } from "./operands.ts";

function softmaxKernel(op: string, x: Tensor, dim: number, log: boolean): Tensor {
  const xf = isFloating(x.dtype) ? x : x.to("float32");
  const d = normalizeDim(op, dim, x.dim());
  const [outer, size, inner] = splitAt(x.dim() === 0 ? [1] : x.shape, d);
  const out = new Tensor(allocate(xf.dtype, x.numel()), x.shape);
  kernels().softmax(xf.data, out.data, outer, size, inner, log);
  return out;
}

/**
 * `softmax(x)_i = exp(x_i - max) / sum_j exp(x_j - max)` along `dim`: subtracting the max keeps
 * `softmax([123, 456, 789])` finite.
 * @example bp.softmax(bp.tensor([123, 456, 789], { dtype: "float64" }), 0); // tensor([5.7527e-290, 2.3985e-145,  1.0000e+00], dtype=float64)
 */
export function softmax(x: Tensor, dim: number): Tensor {
  checkTensorArg("softmax", x);
  const s = softmaxKernel("softmax", x, dim, false);
  // dS_i/dx_j = S_i (delta_ij - S_j)  =>  dx = S * (g - sum(g * S))
  return record(s, "Softmax", [x], (g) => [s.mul(g.sub(g.mul(s).sum(dim, true)))]);
}

/**
 * `log_softmax(x)_i = x_i - max - log(sum_j exp(x_j - max))` along `dim`.
 * @example bp.logSoftmax(bp.tensor([0, 0]), 0); // tensor([-0.6931, -0.6931])
 */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  checkTensorArg("logSoftmax", x);
  const out = softmaxKernel("logSoftmax", x, dim, true);
  // d logS_i/dx_j = delta_ij - S_j  =>  dx = g - softmax * sum(g)
  return record(out, "LogSoftmax", [x], (g) => [g.sub(out.exp().mul(g.sum(dim, true)))]);
}

/**
 * Cross-entropy of logits `[N, C]` against int32 class indices `[N]` (each in `[0, C)`, checked by the
 * caller), fused: one kernel pass computes the softmax and `l_n = -log softmax(x_n)[t_n]`, reduced by
 * `"mean"` (over N), `"sum"`, or `"none"` (`[N]`). The fast path of `nn.functional.crossEntropy`
 * without weights, label smoothing or ignored targets; not re-exported (use `F.crossEntropy`).
 */
export function softmaxCrossEntropy(logits: Tensor, target: Tensor, reduction: "none" | "mean" | "sum"): Tensor {
  const [rows, classes] = logits.shape;
  const targets = target.data as Int32Array;
  const probs = allocate(logits.dtype, logits.numel());
  const losses = allocate(logits.dtype, rows);
  const total = kernels().softmaxCrossEntropy(logits.data, targets, probs, losses, rows, classes);
  let out: Tensor;
  if (reduction === "none") out = new Tensor(losses, [rows]);
  else {
    const value = allocate(logits.dtype, 1);
    value[0] = reduction === "mean" ? total / rows : total;
    out = new Tensor(value, []);
  }
  const scale = reduction === "mean" ? 1 / rows : 1;
  // dCE/dlogits = softmax - onehot (times the upstream gradient, and 1/N for the mean)
  return record(out, "CrossEntropy", [logits], (g) => {
    const grad = new Tensor(allocate(logits.dtype, logits.numel()), logits.shape);
    const gd = g.dtype === logits.dtype ? g : g.to(logits.dtype);
    kernels().softmaxCrossEntropyBackward(probs, targets, gd.data, scale, grad.data, rows, classes);
    return [grad];
  });
}
