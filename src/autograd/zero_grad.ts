import type { Tensor } from "../tensor/tensor.ts";

/** Options of `zeroGrad` (on modules and on optimizers). */
export interface ZeroGradOptions {
  /**
   * Set gradients to null instead of filling them with zeros (default false, PyTorch 1.13's
   * `zero_grad(set_to_none=False)`).
   */
  setToNone?: boolean;
}

/**
 * Resets the gradients of `params`, the one implementation behind `Module.zeroGrad` and
 * `Optimizer.zeroGrad`, with PyTorch 1.13's rule: with `setToNone` each `.grad` becomes null; otherwise
 * a gradient is first cut from any graph it was recorded in (`detach_()` / `requires_grad_(False)`)
 * and then filled with zeros in place, so it stays the same tensor. Null gradients stay null.
 * @example
 * zeroGrads(model.parameters());                       // grads are zeros
 * zeroGrads(model.parameters(), { setToNone: true });  // grads are null
 */
export function zeroGrads(params: Iterable<Tensor>, options: ZeroGradOptions = {}): void {
  const setToNone = options.setToNone ?? false;
  for (const p of params) {
    const g = p.grad;
    if (g === null) continue;
    if (setToNone) {
      p.grad = null;
    } else {
      g.gradFn = null;
      g.requiresGrad = false;
      g.data.fill(0);
    }
  }
}
