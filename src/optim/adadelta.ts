import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import {
  Optimizer, assignInPlace, checkHyper, effectiveGrad, stateZeros,
  type ImplementationOptions, type LossClosure, type ParamGroup, type ParamsInput,
} from "./optimizer.ts";

/** Hyper-parameters of an Adadelta parameter group. */
export interface AdadeltaGroupOptions {
  /** Coefficient that scales the delta before it is applied (default 1.0). */
  lr: number;
  /** Decay rate of the running averages of squared gradients and squared deltas (default 0.9). */
  rho: number;
  /** Added inside both square roots for numerical stability (default 1e-6). */
  eps: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Options of `new Adadelta(params, options)`; every field has a default. `foreach` is accepted and
 * ignored (PyTorch's multi-tensor path computes the same numbers).
 */
export type AdadeltaOptions = Partial<AdadeltaGroupOptions> & Pick<ImplementationOptions, "foreach">;

/**
 * Adadelta, like `torch.optim.Adadelta` (PyTorch 1.13), with the same update and the same numbers:
 *
 * ```text
 * input: γ (lr), θ₀ (params), f(θ) (objective), ρ (decay), λ (weight decay), ε
 * initialize: v₀ ← 0 (square average), u₀ ← 0 (accumulated delta)
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})            (-∇ with maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     v_t ← ρ v_{t-1} + (1 - ρ) g_t²
 *     Δx_t ← sqrt(u_{t-1} + ε) / sqrt(v_t + ε) · g_t
 *     u_t ← ρ u_{t-1} + (1 - ρ) Δx_t²
 *     θ_t ← θ_{t-1} - γ Δx_t
 * return θ_t
 * ```
 * State per parameter: `step`, `squareAvg`, `accDelta`. Defaults: lr 1.0, rho 0.9, eps 1e-6,
 * weightDecay 0, maximize false.
 * @example
 * const opt = new optim.Adadelta(model.parameters());
 */
export class Adadelta extends Optimizer<AdadeltaGroupOptions> {
  constructor(params: ParamsInput<AdadeltaGroupOptions>, options: AdadeltaOptions = {}) {
    super("Adadelta", params, {
      lr: options.lr ?? 1.0,
      rho: options.rho ?? 0.9,
      eps: options.eps ?? 1e-6,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    });
  }

  protected override checkGroup(group: AdadeltaGroupOptions): void {
    checkHyper("Adadelta", group.lr >= 0, "learning rate", group.lr);
    checkHyper("Adadelta", group.rho >= 0 && group.rho <= 1, "rho value", group.rho);
    checkHyper("Adadelta", group.eps >= 0, "epsilon value", group.eps);
    checkHyper("Adadelta", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
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

  private stepGroup(group: ParamGroup<AdadeltaGroupOptions>): void {
    const { lr, rho, eps, weightDecay, maximize } = group;
    for (const p of group.params) {
      const g = effectiveGrad("Adadelta", p, maximize, weightDecay);
      if (g === null) continue;
      let state = this.state.get(p);
      if (state === undefined) {
        state = { step: 0, squareAvg: stateZeros(p), accDelta: stateZeros(p) };
        this.state.set(p, state);
      }
      state.step = (state.step as number) + 1;
      const squareAvg = state.squareAvg as Tensor;
      const accDelta = state.accDelta as Tensor;
      // v ← ρ v + (1 - ρ) g²;  Δx = sqrt(u + ε) / sqrt(v + ε) · g;  u ← ρ u + (1 - ρ) Δx²;  θ ← θ - γ Δx
      assignInPlace(squareAvg, squareAvg.mul(rho).add(g.mul(g).mul(1 - rho)));
      const std = squareAvg.add(eps).sqrt();
      const delta = accDelta.add(eps).sqrt().div(std).mul(g);
      assignInPlace(accDelta, accDelta.mul(rho).add(delta.mul(delta).mul(1 - rho)));
      assignInPlace(p, p.sub(delta.mul(lr)));
    }
  }
}
