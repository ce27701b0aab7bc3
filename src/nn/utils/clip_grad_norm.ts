import type { Tensor } from "../../tensor/tensor.ts";
import { full } from "../../tensor/creation.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { stack } from "../../ops/join.ts";
import { gradsOf, type Parameters } from "./_parameters.ts";

/** Options of `clipGradNorm_`. */
export interface ClipGradNormOptions {
  /** The p of the p-norm: any p > 0, or `Infinity` for the largest magnitude (default 2). */
  normType?: number;
  /** Throw when the total norm is NaN or infinite instead of scaling by it (default false, as PyTorch 1.13). */
  errorIfNonfinite?: boolean;
}

/** `||t||_p` of all of t's elements as a 0-d tensor (detached input). */
function vectorNorm(t: Tensor, p: number): Tensor {
  if (p === Infinity) return t.abs().max() as Tensor;
  if (p === 2) return t.mul(t).sum().sqrt();
  if (p === 1) return t.abs().sum();
  return t.abs().pow(p).sum().pow(1 / p);
}

/**
 * Rescales the gradients of `parameters` in place so that their total p-norm (the norm of all of them
 * as one vector, `||(||g_1||_p, ..., ||g_n||_p)||_p`) is at most `maxNorm`, like
 * `torch.nn.utils.clip_grad_norm_`: every gradient is multiplied by `min(1, maxNorm / (total + 1e-6))`.
 * Parameters without a gradient are skipped. Returns the total norm before clipping as a 0-d tensor
 * (`0` when no parameter has a gradient). Defaults: normType 2, errorIfNonfinite false.
 * @example
 * loss.backward();
 * const total = nn.utils.clipGradNorm_(model.parameters(), 1.0);
 * optimizer.step();
 */
export function clipGradNorm_(parameters: Parameters, maxNorm: number, options: ClipGradNormOptions = {}): Tensor {
  const p = options.normType ?? 2;
  if (typeof maxNorm !== "number" || Number.isNaN(maxNorm)) throw new Error(`clipGradNorm_: maxNorm must be a number, got ${String(maxNorm)}`);
  if (!(p > 0)) throw new Error(`clipGradNorm_: normType must be > 0 or Infinity, got ${p}`);
  const grads = gradsOf("clipGradNorm_", parameters);
  if (grads.length === 0) return full([], 0);
  return noGrad(() => {
    const dtype = grads.some((g) => g.dtype === "float64") ? "float64" : "float32";
    const norms = grads.map((g) => vectorNorm(g.detach(), p)).map((n) => (n.dtype === dtype ? n : n.to(dtype)));
    const total = norms.length === 1 && p === Infinity ? norms[0] : vectorNorm(stack(norms), p);
    if ((options.errorIfNonfinite ?? false) && !Number.isFinite(total.item())) {
      throw new Error(
        `clipGradNorm_: the total norm of order ${p} for gradients from parameters is non-finite, so it cannot be clipped. ` +
          "To disable this error and scale the gradients by the non-finite norm anyway, set errorIfNonfinite: false",
      );
    }
    // min(1, maxNorm / (total + 1e-6)), in the norm's dtype as PyTorch's tensor arithmetic
    const coef = full([], maxNorm, { dtype }).div(total.add(1e-6)).clamp(null, 1);
    for (const g of grads) g.mul_(coef);
    return total;
  });
}
