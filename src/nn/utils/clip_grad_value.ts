import { noGrad } from "../../autograd/grad_mode.ts";
import { gradsOf, type Parameters } from "./_parameters.ts";

/**
 * Clamps every gradient of `parameters` in place into `[-clipValue, clipValue]`, like
 * `torch.nn.utils.clip_grad_value_`. Parameters without a gradient are skipped.
 * @example
 * loss.backward();
 * nn.utils.clipGradValue_(model.parameters(), 0.5);
 */
export function clipGradValue_(parameters: Parameters, clipValue: number): void {
  if (typeof clipValue !== "number" || Number.isNaN(clipValue)) {
    throw new Error(`clipGradValue_: clipValue must be a number, got ${String(clipValue)}`);
  }
  const grads = gradsOf("clipGradValue_", parameters);
  noGrad(() => {
    for (const g of grads) g.clamp_(-clipValue, clipValue);
  });
}
