import type { Tensor } from "../tensor/tensor.ts";
import { Optimizer, checkUnsupported, type LossClosure, type ParamGroupInput } from "./optimizer.ts";
import { adamDefaults, adamStep, checkAdamGroup, type AdamGroupOptions, type AdamOptions } from "./adam.ts";

/** Options of `new AdamW(params, options)`; every field has a default (weightDecay 1e-2). */
export type AdamWOptions = AdamOptions;

/**
 * AdamW: Adam with decoupled weight decay, like `torch.optim.AdamW` (PyTorch 1.13), with the same
 * update and the same numbers:
 *
 * ```text
 * input: γ (lr), β1, β2 (betas), θ₀ (params), f(θ) (objective), ε (epsilon), λ (weight decay),
 *        amsgrad, maximize
 * initialize: m₀ ← 0 (first moment), v₀ ← 0 (second moment), v̂₀^max ← 0
 * for t = 1 to ... do
 *     if maximize:  g_t ← -∇θ f_t(θ_{t-1})
 *     else:         g_t ←  ∇θ f_t(θ_{t-1})
 *     θ_t ← θ_{t-1} - γ λ θ_{t-1}
 *     m_t ← β1 m_{t-1} + (1 - β1) g_t
 *     v_t ← β2 v_{t-1} + (1 - β2) g_t²
 *     m̂_t ← m_t / (1 - β1^t)
 *     v̂_t ← v_t / (1 - β2^t)
 *     if amsgrad:
 *         v̂_t^max ← max(v̂_{t-1}^max, v̂_t)
 *         θ_t ← θ_t - γ m̂_t / (sqrt(v̂_t^max) + ε)
 *     else:
 *         θ_t ← θ_t - γ m̂_t / (sqrt(v̂_t) + ε)
 * return θ_t
 * ```
 * The decay multiplies the parameter by `1 - γλ` and never enters the moments (unlike Adam's L2
 * penalty). The rest is computed exactly as `Adam` does (ε added after the bias-corrected square root).
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 1e-2, amsgrad false, maximize false.
 * @example
 * const opt = new optim.AdamW(model.parameters(), { lr: 1e-3, weightDecay: 0.05 });
 * opt.zeroGrad();
 * lossFn.forward(model.forward(x), y).backward();
 * opt.step();
 */
export class AdamW extends Optimizer<AdamGroupOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamGroupOptions>>, options: AdamWOptions = {}) {
    checkUnsupported("AdamW", options);
    super("AdamW", params, adamDefaults(options, 1e-2));
  }

  protected override checkGroup(group: AdamGroupOptions): void {
    checkAdamGroup("AdamW", group);
  }

  /**
   * Updates every parameter that has a gradient, in place (see the class docs for the rule).
   * @example
   * opt.step();
   */
  override step(closure?: LossClosure): Tensor | undefined {
    const loss = this.evaluate(closure);
    for (const group of this.paramGroups) adamStep("AdamW", this.state, group, true);
    return loss;
  }
}
