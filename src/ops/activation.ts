import type { Tensor } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";
import type { UnaryGradOp, UnaryOp } from "../backend/backend.ts";
import { activationGrad, unaryKernel } from "./operands.ts";

/*
 * Activation functions beyond relu / sigmoid / tanh (those live in unary.ts), each with its
 * derivative beside it. nn/activation.ts wraps them as modules.
 */

/** `x` for x > 0, `negativeSlope * x` otherwise. @example bp.leakyRelu(bp.tensor([-1, 2]), 0.01); // tensor([-0.0100,  2.0000]) */
export function leakyRelu(x: Tensor, negativeSlope = 0.01): Tensor {
  const out = unaryKernel("leakyRelu", x, negativeSlope);
  // d leaky/dx = 1 for x > 0, negativeSlope otherwise
  return record(out, "LeakyRelu", [x], (g) => [activationGrad("leakyRelu", x, null, g, negativeSlope)]);
}

/** `x` for x > 0, `alpha (e^x - 1)` otherwise. @example bp.elu(bp.tensor([-1, 2])); // tensor([-0.6321,  2.0000]) */
export function elu(x: Tensor, alpha = 1): Tensor {
  const out = unaryKernel("elu", x, alpha);
  // d elu/dx = 1 for x > 0, elu(x) + alpha otherwise
  return record(out, "Elu", [x], (g) => [activationGrad("elu", x, out, g, alpha)]);
}

/**
 * Gaussian error linear unit. `"none"`: `x Phi(x) = x/2 (1 + erf(x / sqrt 2))`; `"tanh"`:
 * `x/2 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))`.
 * @example bp.gelu(bp.tensor([1])); // tensor([0.8413])
 */
export function gelu(x: Tensor, approximate: "none" | "tanh" = "none"): Tensor {
  if (approximate === "tanh") {
    const inner = x.add(x.pow(3).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    // composed of recorded ops: the gradient follows by the chain rule
    return x.mul(0.5).mul(inner.tanh().add(1));
  }
  if (approximate !== "none") throw new Error(`gelu: approximate must be "none" or "tanh", got "${String(approximate)}"`);
  const cdf = unaryKernel("erf", x.detach().mul(Math.SQRT1_2)).add(1).mul(0.5);
  const out = x.detach().mul(cdf);
  // d gelu/dx = Phi(x) + x phi(x), phi(x) = e^(-x^2/2) / sqrt(2 pi)
  return record(out, "Gelu", [x], (g) => [activationGrad("gelu", x, null, g)]);
}

/**
 * Unit step `1 if x >= 0 else 0` (the perceptron's threshold unit); its gradient is zero everywhere.
 * @example bp.step(bp.tensor([-0.5, 0, 2])); // tensor([0., 1., 1.])
 */
export function step(x: Tensor): Tensor {
  const out = unaryKernel("step", x);
  // d step/dx = 0 (undefined at 0)
  return record(out, "Step", [x], (g) => [g.mul(0)]);
}

// ---- the nn.functional activations: one kernel forward, one kernel backward each (PyTorch's formulas)

/** Runs the forward kernel `op` and records its one-pass gradient `gradOp` (which reads the input). */
function elementwise(name: string, op: UnaryOp, gradOp: UnaryGradOp, x: Tensor, alpha?: number, beta?: number): Tensor {
  const out = unaryKernel(op, x, alpha, beta);
  return record(out, name, [x], (g) => [activationGrad(gradOp, x, null, g, alpha, beta)]);
}

/**
 * `log(1 + e^(beta x)) / beta`, and `x` itself where `beta x > threshold` (defaults beta 1, threshold
 * 20), like `torch.nn.functional.softplus`.
 * @example bp.softplus(bp.tensor([0, 30])); // tensor([ 0.6931, 30.0000])
 */
export function softplus(x: Tensor, beta = 1, threshold = 20): Tensor {
  // d softplus/dx = z / (z + 1), z = e^(beta x); 1 above the threshold
  return elementwise("Softplus", "softplus", "softplus", x, beta, threshold);
}

/** `x sigmoid(x)` (swish), like `F.silu`. @example bp.silu(bp.tensor([1])); // tensor([0.7311]) */
export function silu(x: Tensor): Tensor {
  // d silu/dx = s (1 + x (1 - s)), s = sigmoid(x)
  return elementwise("Silu", "silu", "silu", x);
}

/** `x tanh(softplus(x))`, like `F.mish`. @example bp.mish(bp.tensor([1])); // tensor([0.8651]) */
export function mish(x: Tensor): Tensor {
  // d mish/dx = tanh(sp) + x sigmoid(x) (1 - tanh(sp)^2), sp = softplus(x)
  return elementwise("Mish", "mish", "mish", x);
}

/**
 * `scale (max(0, x) + min(0, alpha (e^x - 1)))` with PyTorch's alpha ≈ 1.6733 and scale ≈ 1.0507, like
 * `F.selu`. @example bp.selu(bp.tensor([-1, 1])); // tensor([-1.1113,  1.0507])
 */
export function selu(x: Tensor): Tensor {
  // d selu/dx = scale for x > 0, scale alpha e^x for x <= 0
  return elementwise("Selu", "selu", "selu", x);
}

/** `max(0, x) + min(0, alpha (e^(x/alpha) - 1))` (default alpha 1), like `F.celu`. @example bp.celu(bp.tensor([-1]), 2); // tensor([-0.7869]) */
export function celu(x: Tensor, alpha = 1): Tensor {
  if (alpha === 0) throw new Error("celu: alpha must not be 0 (it divides x)");
  // d celu/dx = 1 for x > 0, e^(x/alpha) for x <= 0
  return elementwise("Celu", "celu", "celu", x, alpha);
}

/**
 * `x` clamped to `[minVal, maxVal]` (defaults -1, 1), like `F.hardtanh`; the gradient is 0 at the
 * edges themselves, as PyTorch's.
 * @example bp.hardtanh(bp.tensor([-2, 0.5, 3])); // tensor([-1.0000,  0.5000,  1.0000])
 */
export function hardtanh(x: Tensor, minVal = -1, maxVal = 1): Tensor {
  if (!(minVal <= maxVal)) throw new Error(`hardtanh: minVal ${minVal} must be less than or equal to maxVal ${maxVal}`);
  const out = unaryKernel("clamp", x, minVal, maxVal);
  // d hardtanh/dx = 1 for minVal < x < maxVal, 0 elsewhere
  return record(out, "Hardtanh", [x], (g) => [activationGrad("hardtanh", x, null, g, minVal, maxVal)]);
}

/** `min(max(0, x), 6)`, i.e. `hardtanh(x, 0, 6)`, like `F.relu6`. @example bp.relu6(bp.tensor([-1, 3, 7])); // tensor([0., 3., 6.]) */
export function relu6(x: Tensor): Tensor {
  return hardtanh(x, 0, 6);
}

/** `min(max(x + 3, 0), 6) / 6`, like `F.hardsigmoid`. @example bp.hardsigmoid(bp.tensor([0])); // tensor([0.5000]) */
export function hardsigmoid(x: Tensor): Tensor {
  // d hardsigmoid/dx = 1/6 for -3 < x < 3, 0 elsewhere
  return elementwise("Hardsigmoid", "hardsigmoid", "hardsigmoid", x);
}

/** `x min(max(x + 3, 0), 6) / 6`, like `F.hardswish`. @example bp.hardswish(bp.tensor([1])); // tensor([0.6667]) */
export function hardswish(x: Tensor): Tensor {
  // d hardswish/dx = 0 for x < -3, x/3 + 1/2 for -3 <= x <= 3, 1 above
  return elementwise("Hardswish", "hardswish", "hardswish", x);
}

/** `log(sigmoid(x)) = min(x, 0) - log(1 + e^-|x|)`, never overflowing, like `F.logsigmoid`. @example bp.logsigmoid(bp.tensor([0])); // tensor([-0.6931]) */
export function logsigmoid(x: Tensor): Tensor {
  // d logsigmoid/dx = 1 - sigmoid(x)
  return elementwise("LogSigmoid", "logsigmoid", "logsigmoid", x);
}

/** `x / (1 + |x|)`, like `F.softsign`. @example bp.softsign(bp.tensor([1])); // tensor([0.5000]) */
export function softsign(x: Tensor): Tensor {
  // d softsign/dx = 1 / (1 + |x|)^2
  return elementwise("Softsign", "softsign", "softsign", x);
}

/** `x - tanh(x)`, like `F.tanhshrink`. @example bp.tanhshrink(bp.tensor([1])); // tensor([0.2384]) */
export function tanhshrink(x: Tensor): Tensor {
  // d tanhshrink/dx = tanh(x)^2
  return elementwise("Tanhshrink", "tanhshrink", "tanhshrink", x);
}

/** `x` where `|x| > lambd`, else 0 (default lambd 0.5), like `F.hardshrink`. @example bp.hardshrink(bp.tensor([0.3, -1])); // tensor([ 0., -1.]) */
export function hardshrink(x: Tensor, lambd = 0.5): Tensor {
  // d hardshrink/dx = 1 where |x| > lambd, else 0
  return elementwise("Hardshrink", "hardshrink", "shrink", x, lambd);
}

/** `x - lambd` above lambd, `x + lambd` below -lambd, 0 between (default 0.5), like `F.softshrink`. @example bp.softshrink(bp.tensor([0.3, -1])); // tensor([ 0.0000, -0.5000]) */
export function softshrink(x: Tensor, lambd = 0.5): Tensor {
  if (!(lambd >= 0)) throw new Error(`softshrink: lambd must be greater or equal to 0, got ${lambd}`);
  // d softshrink/dx = 1 where |x| > lambd, else 0
  return elementwise("Softshrink", "softshrink", "shrink", x, lambd);
}
