import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import {
  Optimizer, assignInPlace, checkBetas, checkHyper, effectiveGrad, stateZeros,
  type ImplementationOptions, type LossClosure, type ParamGroup, type ParamsInput,
} from "./optimizer.ts";

/** Hyper-parameters of an Adamax parameter group. */
export interface AdamaxGroupOptions {
  /** Learning rate (default 2e-3). */
  lr: number;
  /** Decay rates of the running average of the gradient and of the infinity norm (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to |g| in the infinity norm for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Options of `new Adamax(params, options)`; every field has a default. `foreach` is accepted and ignored
 * (PyTorch's multi-tensor path computes the same numbers).
 */
export type AdamaxOptions = Partial<AdamaxGroupOptions> & Pick<ImplementationOptions, "foreach">;

/**
 * Adamax, the infinity-norm variant of Adam, like `torch.optim.Adamax` (PyTorch 1.13), with the same
 * update and the same numbers:
 *
 * ```text
 * input: γ (lr), β1, β2 (betas), θ₀ (params), f(θ) (objective), λ (weight decay), ε
 * initialize: m₀ ← 0 (first moment), u₀ ← 0 (infinity norm)
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})            (-∇ with maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     m_t ← β1 m_{t-1} + (1 - β1) g_t
 *     u_t ← max(β2 u_{t-1}, |g_t| + ε)
 *     θ_t ← θ_{t-1} - γ m_t / ((1 - β1^t) u_t)
 * return θ_t
 * ```
 * State per parameter: `step`, `expAvg`, `expInf`. Defaults: lr 2e-3, betas [0.9, 0.999], eps 1e-8,
 * weightDecay 0, maximize false.
 * @example
 * const opt = new optim.Adamax(model.parameters(), { lr: 2e-3 });
 */
export class Adamax extends Optimizer<AdamaxGroupOptions> {
  constructor(params: ParamsInput<AdamaxGroupOptions>, options: AdamaxOptions = {}) {
    super("Adamax", params, {
      lr: options.lr ?? 2e-3,
      betas: options.betas ? [options.betas[0], options.betas[1]] : [0.9, 0.999],
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      maximize: options.maximize ?? false,
    });
  }

  protected override checkGroup(group: AdamaxGroupOptions): void {
    checkHyper("Adamax", group.lr >= 0, "learning rate", group.lr);
    checkHyper("Adamax", group.eps >= 0, "epsilon value", group.eps);
    checkBetas("Adamax", group.betas);
    checkHyper("Adamax", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
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

  private stepGroup(group: ParamGroup<AdamaxGroupOptions>): void {
    const { lr, eps, weightDecay, maximize } = group;
    const [beta1, beta2] = group.betas;
    for (const p of group.params) {
      const g = effectiveGrad("Adamax", p, maximize, weightDecay);
      if (g === null) continue;
      let state = this.state.get(p);
      if (state === undefined) {
        state = { step: 0, expAvg: stateZeros(p), expInf: stateZeros(p) };
        this.state.set(p, state);
      }
      const step = (state.step as number) + 1;
      state.step = step;
      const expAvg = state.expAvg as Tensor;
      const expInf = state.expInf as Tensor;
      // m ← β1 m + (1 - β1) g;  u ← max(β2 u, |g| + ε);  θ ← θ - (γ / (1 - β1^t)) m / u
      assignInPlace(expAvg, expAvg.mul(beta1).add(g.mul(1 - beta1)));
      assignInPlace(expInf, expInf.mul(beta2).maximum(g.abs().add(eps)));
      const clr = lr / (1 - beta1 ** step);
      assignInPlace(p, p.sub(expAvg.div(expInf).mul(clr)));
    }
  }
}
