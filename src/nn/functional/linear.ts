import type { Tensor } from "../../tensor/tensor.ts";
import { formatShape } from "../../tensor/shape.ts";
import { linear as linearOp } from "../../ops/matmul.ts";

/* nn.functional's linear map, like torch.nn.functional.linear. */


/**
 * `y = x W^T + b`, like `F.linear`. Shapes: input `[*, in]`, weight `[out, in]`, bias `[out]` (or
 * null), output `[*, out]`.
 * @example F.linear(bp.randn(64, 784), bp.randn(128, 784), bp.zeros(128)).shape; // [64, 128]
 */
export function linear(input: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  if (weight.dim() !== 2) throw new Error(`linear: weight must be 2-D [out_features, in_features], got shape ${formatShape(weight.shape)}`);
  const inFeatures = weight.shape[1];
  const last = input.dim() === 0 ? undefined : input.shape[input.dim() - 1];
  if (last !== inFeatures) {
    throw new Error(
      `linear: input of shape ${formatShape(input.shape)} does not match weight of shape ${formatShape(weight.shape)} ` +
        `(last dimension ${last ?? "none"} != in_features ${inFeatures})`,
    );
  }
  return linearOp(input, weight, bias);
}
