import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import {
  Optimizer, assignInPlace, checkBetas, checkHyper, effectiveGrad, stateZeros,
  type ImplementationOptions, type LossClosure, type ParamGroup, type ParamsInput,
} from "./optimizer.ts";

/** Hyper-parameters of an NAdam parameter group. */
export interface NAdamGroupOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum decay ψ of the momentum schedule μ_t (default 4e-3). */
  momentumDecay: number;
}

/**
 * Options of `new NAdam(params, options)`; every field has a default. `foreach` is accepted and ignored
 * (PyTorch's multi-tensor path computes the same numbers). PyTorch 1.13's NAdam has no `maximize`.
 */
export type NAdamOptions = Partial<NAdamGroupOptions> & Pick<ImplementationOptions, "foreach">;

/**
 * NAdam, Adam with Nesterov momentum, like `torch.optim.NAdam` (PyTorch 1.13), with the same update and
 * the same numbers:
 *
 * ```text
 * input: γ (lr), β1, β2 (betas), θ₀ (params), f(θ) (objective), λ (weight decay), ψ (momentum decay), ε
 * initialize: m₀ ← 0 (first moment), v₀ ← 0 (second moment), Π₀ ← 1 (product of μ)
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     μ_t ← β1 (1 - ½ 0.96^(t ψ))
 *     μ_{t+1} ← β1 (1 - ½ 0.96^((t+1) ψ))
 *     Π_t ← Π_{t-1} μ_t
 *     m_t ← β1 m_{t-1} + (1 - β1) g_t
 *     v_t ← β2 v_{t-1} + (1 - β2) g_t²
 *     d_t ← sqrt(v_t / (1 - β2^t)) + ε
 *     θ_t ← θ_{t-1} - γ (1 - μ_t) / (1 - Π_t) · g_t / d_t - γ μ_{t+1} / (1 - Π_t μ_t μ_{t+1}) · m_t / d_t
 * return θ_t
 * ```
 * The second denominator is PyTorch 1.13's (its default single-tensor path multiplies μ_t in twice,
 * `mu_product * mu * mu_next` after `mu_product *= mu`; the paper and later PyTorch use Π_t μ_{t+1}):
 * backprop follows 1.13 so that the numbers agree.
 * State per parameter: `step`, `muProduct` (Π_t), `expAvg`, `expAvgSq`. PyTorch keeps Π_t in a float32
 * tensor whatever the parameter's dtype; backprop rounds it to float32 the same way, so float64 runs match
 * PyTorch's to the last bits. Defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0,
 * momentumDecay 4e-3.
 * @example
 * const opt = new optim.NAdam(model.parameters(), { lr: 2e-3 });
 */
export class NAdam extends Optimizer<NAdamGroupOptions> {
  constructor(params: ParamsInput<NAdamGroupOptions>, options: NAdamOptions = {}) {
    super("NAdam", params, {
      lr: options.lr ?? 2e-3,
      betas: options.betas ? [options.betas[0], options.betas[1]] : [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentumDecay: options.momentumDecay ?? 4e-3,
    });
  }

  protected override checkGroup(group: NAdamGroupOptions): void {
    checkHyper("NAdam", group.lr >= 0, "learning rate", group.lr);
    checkHyper("NAdam", group.eps >= 0, "epsilon value", group.eps);
    checkBetas("NAdam", group.betas);
    checkHyper("NAdam", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
    checkHyper("NAdam", group.momentumDecay >= 0, "momentumDecay value", group.momentumDecay);
  }

  /**
   * Updates every parameter that has a gradient, in place (see the class docs for the rule).
   * @example
   * opt.step();
   */
  override step(closure?: LossClosure): Tensor | undefined {
    const loss = this.evaluate(closure);
    noGrad(() => {
      for (const group of this.paramGroups) this.stepGroup(group);
    });
    return loss;
  }

  private stepGroup(group: ParamGroup<NAdamGroupOptions>): void {
    const { lr, eps, weightDecay, momentumDecay } = group;
    const [beta1, beta2] = group.betas;
    const f32 = Math.fround;
    for (const p of group.params) {
      const g = effectiveGrad("NAdam", p, false, weightDecay);
      if (g === null) continue;
      let state = this.state.get(p);
      if (state === undefined) {
        state = { step: 0, muProduct: 1, expAvg: stateZeros(p), expAvgSq: stateZeros(p) };
        this.state.set(p, state);
      }
      const step = (state.step as number) + 1;
      state.step = step;
      const biasCorrection2 = 1 - beta2 ** step;
      const mu = beta1 * (1 - 0.5 * 0.96 ** (step * momentumDecay));
      const muNext = beta1 * (1 - 0.5 * 0.96 ** ((step + 1) * momentumDecay));
      // Π_t and Π_t μ_{t+1} in float32, as PyTorch's float32 `mu_product` tensor computes them
      const muProduct = f32((state.muProduct as number) * f32(mu));
      state.muProduct = muProduct;
      const muProductNext = f32(f32(muProduct * f32(mu)) * f32(muNext)); // Π_t μ_t μ_{t+1}: PyTorch 1.13's single-tensor form
      const expAvg = state.expAvg as Tensor;
      const expAvgSq = state.expAvgSq as Tensor;
      assignInPlace(expAvg, expAvg.mul(beta1).add(g.mul(1 - beta1)));
      assignInPlace(expAvgSq, expAvgSq.mul(beta2).add(g.mul(g).mul(1 - beta2)));
      const denom = expAvgSq.div(biasCorrection2).sqrt().add(eps);
      const afterGrad = p.sub(g.div(denom).mul((lr * (1 - mu)) / (1 - muProduct)));
      assignInPlace(p, afterGrad.sub(expAvg.div(denom).mul((lr * muNext) / (1 - muProductNext))));
    }
  }
}
