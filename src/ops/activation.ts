import type { Tensor } from "../tensor/tensor.ts";
import { record } from "../autograd/node.ts";
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
