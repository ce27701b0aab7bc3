import type { Tensor } from "../tensor/tensor.ts";
import { kernels } from "../backend/registry.ts";
import { Optimizer, checkHyper, checkUnsupported, gradOf, stateZeros, type ImplementationOptions, type LossClosure, type ParamGroup, type ParamGroupInput } from "./optimizer.ts";

/** Hyper-parameters of an SGD parameter group. */
export interface SGDGroupOptions {
  /** Learning rate (required: PyTorch 1.13's SGD has no default). */
  lr: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Dampening for momentum (default 0). */
  dampening: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Nesterov momentum (default false; needs momentum > 0 and dampening 0). */
  nesterov: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Options of `new SGD(params, options)`; all but `lr` have defaults. PyTorch 1.13's `foreach` is accepted
 * and ignored, `differentiable: true` is refused.
 */
export type SGDOptions = Partial<SGDGroupOptions> & Pick<ImplementationOptions, "foreach" | "differentiable">;

/**
 * Stochastic gradient descent, optionally with momentum, like `torch.optim.SGD` (PyTorch 1.13),
 * with the same update and the same numbers:
 *
 * ```text
 * input: γ (lr), θ₀ (params), f(θ) (objective), λ (weight decay), μ (momentum), τ (dampening),
 *        nesterov, maximize
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     if μ ≠ 0:
 *         if t > 1:  b_t ← μ b_{t-1} + (1 - τ) g_t
 *         else:      b_t ← g_t
 *         if nesterov:  g_t ← g_t + μ b_t
 *         else:         g_t ← b_t
 *     if maximize:  θ_t ← θ_{t-1} + γ g_t
 *     else:         θ_t ← θ_{t-1} - γ g_t
 * return θ_t
 * ```
 * (With maximize, PyTorch negates the gradient first, so weight decay and momentum see -g_t.)
 *
 * Like PyTorch (and unlike Sutskever et al.), the learning rate multiplies the velocity rather than
 * entering it: `v ← μ v + g; p ← p - lr v`. The momentum buffer is created on a parameter's first step
 * as a copy of its gradient. Defaults: momentum 0, dampening 0, weightDecay 0, nesterov false,
 * maximize false; `lr` is required. Parameters with a null `.grad` are skipped.
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * lossFn.forward(model.forward(x), y).backward();
 * opt.step();
 */
export class SGD extends Optimizer<SGDGroupOptions> {
  constructor(params: Iterable<Tensor>, options: SGDOptions & { lr: number });
  constructor(params: Iterable<ParamGroupInput<SGDGroupOptions>>, options?: SGDOptions);
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<SGDGroupOptions>>, options: SGDOptions = {}) {
    checkUnsupported("SGD", options);
    super("SGD", params, {
      lr: options.lr,
      momentum: options.momentum ?? 0,
      dampening: options.dampening ?? 0,
      weightDecay: options.weightDecay ?? 0,
      nesterov: options.nesterov ?? false,
      maximize: options.maximize ?? false,
    });
  }

  protected override checkGroup(group: SGDGroupOptions): void {
    checkHyper("SGD", group.lr >= 0, "learning rate", group.lr);
    checkHyper("SGD", group.momentum >= 0, "momentum value", group.momentum);
    checkHyper("SGD", Number.isFinite(group.dampening), "dampening value", group.dampening);
    checkHyper("SGD", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
    if (group.nesterov && (group.momentum <= 0 || group.dampening !== 0)) {
      throw new Error(
        `SGD: Nesterov momentum requires a momentum and zero dampening (momentum ${group.momentum}, dampening ${group.dampening})`,
      );
    }
  }

  /**
   * Updates every parameter that has a gradient, in place (see the class docs for the rule).
   * @example
   * opt.step();
   */
  override step(closure?: LossClosure): Tensor | undefined {
    const loss = this.evaluate(closure);
    for (const group of this.paramGroups) this.stepGroup(group);
    return loss;
  }

  private stepGroup(group: ParamGroup<SGDGroupOptions>): void {
    const { lr, momentum, dampening, weightDecay, nesterov, maximize } = group;
    const update = kernels().sgdUpdate;
    for (const p of group.params) {
      const grad = gradOf("SGD", p);
      if (grad === null) continue;
      if (momentum === 0) {
        update(p.data, grad.data, null, { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep: false });
        continue;
      }
      let state = this.state.get(p);
      if (state === undefined) {
        state = {};
        this.state.set(p, state);
      }
      const existing = state.momentumBuffer as Tensor | undefined;
      const buf = existing ?? stateZeros(p);
      if (existing === undefined) state.momentumBuffer = buf;
      // b_1 = g_1 (a copy of the gradient); b_t = μ b_{t-1} + (1 - τ) g_t
      update(p.data, grad.data, buf.data, { lr, momentum, dampening, weightDecay, nesterov, maximize, firstStep: existing === undefined });
    }
  }
}
