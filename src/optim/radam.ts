import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import {
  Optimizer, assignInPlace, checkBetas, checkHyper, effectiveGrad, stateZeros,
  type ImplementationOptions, type LossClosure, type ParamGroup, type ParamsInput,
} from "./optimizer.ts";

/** Hyper-parameters of a RAdam parameter group. */
export interface RAdamGroupOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
}

/**
 * Options of `new RAdam(params, options)`; every field has a default. `foreach` is accepted and ignored
 * (PyTorch's multi-tensor path computes the same numbers). PyTorch 1.13's RAdam has no `maximize`.
 */
export type RAdamOptions = Partial<RAdamGroupOptions> & Pick<ImplementationOptions, "foreach">;

/**
 * RAdam, Adam with a rectified adaptive learning rate, like `torch.optim.RAdam` (PyTorch 1.13), with the
 * same update and the same numbers:
 *
 * ```text
 * input: γ (lr), β1, β2 (betas), θ₀ (params), f(θ) (objective), λ (weight decay), ε
 * initialize: m₀ ← 0 (first moment), v₀ ← 0 (second moment), ρ_∞ ← 2 / (1 - β2) - 1
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     m_t ← β1 m_{t-1} + (1 - β1) g_t
 *     v_t ← β2 v_{t-1} + (1 - β2) g_t²
 *     m̂_t ← m_t / (1 - β1^t)
 *     ρ_t ← ρ_∞ - 2 t β2^t / (1 - β2^t)
 *     if ρ_t > 5:
 *         l_t ← sqrt(1 - β2^t) / (sqrt(v_t) + ε)
 *         r_t ← sqrt((ρ_t - 4)(ρ_t - 2) ρ_∞ / ((ρ_∞ - 4)(ρ_∞ - 2) ρ_t))
 *         θ_t ← θ_{t-1} - γ m̂_t l_t r_t
 *     else:
 *         θ_t ← θ_{t-1} - γ m̂_t
 * return θ_t
 * ```
 * State per parameter: `step`, `expAvg`, `expAvgSq`. Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8,
 * weightDecay 0.
 * @example
 * const opt = new optim.RAdam(model.parameters(), { lr: 1e-3 });
 */
export class RAdam extends Optimizer<RAdamGroupOptions> {
  constructor(params: ParamsInput<RAdamGroupOptions>, options: RAdamOptions = {}) {
    super("RAdam", params, {
      lr: options.lr ?? 1e-3,
      betas: options.betas ? [options.betas[0], options.betas[1]] : [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
    });
  }

  protected override checkGroup(group: RAdamGroupOptions): void {
    checkHyper("RAdam", group.lr >= 0, "learning rate", group.lr);
    checkHyper("RAdam", group.eps >= 0, "epsilon value", group.eps);
    checkBetas("RAdam", group.betas);
    checkHyper("RAdam", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
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

  private stepGroup(group: ParamGroup<RAdamGroupOptions>): void {
    const { lr, eps, weightDecay } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      const g = effectiveGrad("RAdam", p, false, weightDecay);
      if (g === null) continue;
      let state = this.state.get(p);
      if (state === undefined) {
        state = { step: 0, expAvg: stateZeros(p), expAvgSq: stateZeros(p) };
        this.state.set(p, state);
      }
      const step = (state.step as number) + 1;
      state.step = step;
      const biasCorrection1 = 1 - beta1 ** step;
      const biasCorrection2 = 1 - beta2 ** step;
      const expAvg = state.expAvg as Tensor;
      const expAvgSq = state.expAvgSq as Tensor;
      assignInPlace(expAvg, expAvg.mul(beta1).add(g.mul(1 - beta1)));
      assignInPlace(expAvgSq, expAvgSq.mul(beta2).add(g.mul(g).mul(1 - beta2)));
      const corrected = expAvg.div(biasCorrection1);
      const rhoInf = 2 / (1 - beta2) - 1;
      const rhoT = rhoInf - (2 * step * beta2 ** step) / biasCorrection2;
      if (rhoT > 5) {
        // variance rectification r_t and adaptive rate l_t
        const rect = Math.sqrt(((rhoT - 4) * (rhoT - 2) * rhoInf) / ((rhoInf - 4) * (rhoInf - 2) * rhoT));
        const adaptive = expAvgSq.sqrt().add(eps).pow(-1).mul(Math.sqrt(biasCorrection2));
        assignInPlace(p, p.sub(corrected.mul(lr).mul(adaptive).mul(rect)));
      } else {
        assignInPlace(p, p.sub(corrected.mul(lr)));
      }
    }
  }
}
