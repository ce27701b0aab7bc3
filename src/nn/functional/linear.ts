import type { Tensor } from "../../tensor/tensor.ts";
import { formatShape } from "../../tensor/shape.ts";
import { type LinearActivation, linear as linearOp, linearActivation as linearActivationOp } from "../../ops/matmul.ts";
import { checkTensorInput } from "../_checks.ts";

/* nn.functional's linear map, like torch.nn.functional.linear, and the fused dense layer. */

export type { LinearActivation } from "../../ops/matmul.ts";

function checkLinear(op: string, input: Tensor, weight: Tensor): void {
  if (weight.dim() !== 2) throw new Error(`${op}: weight must be 2-D [out_features, in_features], got shape ${formatShape(weight.shape)}`);
  const inFeatures = weight.shape[1];
  const last = input.dim() === 0 ? undefined : input.shape[input.dim() - 1];
  if (last !== inFeatures) {
    throw new Error(
      `${op}: input of shape ${formatShape(input.shape)} does not match weight of shape ${formatShape(weight.shape)} ` +
        `(last dimension ${last ?? "none"} != in_features ${inFeatures})`,
    );
  }
}

/**
 * `y = x W^T + b`, like `F.linear`. Shapes: input `[*, in]`, weight `[out, in]`, bias `[out]` (or
 * null), output `[*, out]`.
 * @example F.linear(bp.randn(64, 784), bp.randn(128, 784), bp.zeros(128)).shape; // [64, 128]
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkTensorInput("linear", input);
  checkTensorInput("linear", weight, "weight");
  if (bias !== null && bias !== undefined) checkTensorInput("linear", bias, "bias");
  checkLinear("linear", input, weight);
  return linearOp(input, weight, bias);
}

/**
 * The fused dense layer `act(x W^T + b)` for `act` = `"relu"`, `"sigmoid"` or `"tanh"`: the values and
 * gradients of `act(F.linear(x, W, b))` bit for bit, as one op and one graph node, without keeping the
 * pre-activation (backward reads the activation's derivative off the output). What
 * `new nn.Linear(in, out, { activation })` and Keras's `Dense({activation})` run. Shapes as `linear`.
 * @example F.linearActivation(bp.randn(64, 784), bp.randn(128, 784), bp.zeros(128), "relu").shape; // [64, 128]
 */
export function linearActivation(input: Tensor, weight: Tensor, bias: Tensor | null, activation: LinearActivation): Tensor {
  checkTensorInput("linearActivation", input);
  checkTensorInput("linearActivation", weight, "weight");
  if (bias !== null && bias !== undefined) checkTensorInput("linearActivation", bias, "bias");
  if (activation !== "relu" && activation !== "sigmoid" && activation !== "tanh") {
    throw new Error(`linearActivation: activation must be "relu", "sigmoid" or "tanh", got "${String(activation)}"`);
  }
  checkLinear("linearActivation", input, weight);
  return linearActivationOp(input, weight, bias, activation);
}
