import type { Tensor } from "../tensor/tensor.ts";
import { kernels } from "../backend/registry.ts";
import { Optimizer, checkBetas, checkHyper, checkUnsupported, gradOf, stateZeros, type ImplementationOptions, type LossClosure, type ParamGroup, type ParamGroupInput, type ParamState } from "./optimizer.ts";

/** Hyper-parameters of an Adam (or AdamW) parameter group. */
export interface AdamGroupOptions {
  /** Learning rate (default 1e-3). */
  lr: number;
  /** Decay rates of the running averages of the gradient and its square (default [0.9, 0.999]). */
  betas: [number, number];
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay: an L2 penalty for Adam (default 0), the decoupled decay for AdamW (default 1e-2). */
  weightDecay: number;
  /** Use the AMSGrad variant (default false). */
  amsgrad: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
}

/**
 * Options of `new Adam(params, options)`; every field has a default. PyTorch 1.13's `foreach` is accepted
 * and ignored; `capturable`, `differentiable` and `fused` are refused when true.
 */
export type AdamOptions = Partial<AdamGroupOptions> & ImplementationOptions;

/** Checks Adam's and AdamW's hyper-parameters with PyTorch's rules. */
export function checkAdamGroup(name: string, group: AdamGroupOptions): void {
  checkHyper(name, group.lr >= 0, "learning rate", group.lr);
  checkHyper(name, group.eps >= 0, "epsilon value", group.eps);
  checkBetas(name, group.betas);
  checkHyper(name, group.weightDecay >= 0, "weightDecay value", group.weightDecay);
}

/**
 * One Adam / AdamW step over the parameters of a group that have gradients, in place, with
 * PyTorch 1.13's single-tensor arithmetic. `decoupled` selects AdamW's decay (`θ ← θ(1 - γλ)`)
 * instead of Adam's L2 penalty (`g ← g + λθ`).
 */
export function adamStep(
  name: string,
  states: Map<Tensor, ParamState>,
  group: ParamGroup<AdamGroupOptions>,
  decoupled: boolean,
): void {
  const { lr, eps, weightDecay: wd, amsgrad, maximize } = group;
  const [beta1, beta2] = group.betas;
  for (const p of group.params) {
    const grad = gradOf(name, p);
    if (grad === null) continue;
    let state = states.get(p);
    if (state === undefined) {
      state = { step: 0, expAvg: stateZeros(p), expAvgSq: stateZeros(p) };
      if (amsgrad) state.maxExpAvgSq = stateZeros(p);
      states.set(p, state);
    } else if (amsgrad && state.maxExpAvgSq === undefined) {
      state.maxExpAvgSq = stateZeros(p);
    }
    const step = (state.step as number) + 1;
    state.step = step;
    // m_t, v_t (and their running max), then θ ← θ - (γ / (1 - β1^t)) m_t / (sqrt(v_t) / sqrt(1 - β2^t) + ε)
    kernels().adamUpdate(
      p.data, grad.data, (state.expAvg as Tensor).data, (state.expAvgSq as Tensor).data,
      amsgrad ? (state.maxExpAvgSq as Tensor).data : null,
      { lr, beta1, beta2, eps, weightDecay: wd, decoupled, maximize, step },
    );
  }
}

/**
 * Adam, like `torch.optim.Adam` (PyTorch 1.13), with the same update and the same numbers:
 *
 * ```text
 * input: γ (lr), β1, β2 (betas), θ₀ (params), f(θ) (objective), λ (weight decay), amsgrad, maximize
 * initialize: m₀ ← 0 (first moment), v₀ ← 0 (second moment), v̂₀^max ← 0
 * for t = 1 to ... do
 *     if maximize:  g_t ← -∇θ f_t(θ_{t-1})
 *     else:         g_t ←  ∇θ f_t(θ_{t-1})
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     m_t ← β1 m_{t-1} + (1 - β1) g_t
 *     v_t ← β2 v_{t-1} + (1 - β2) g_t²
 *     m̂_t ← m_t / (1 - β1^t)
 *     v̂_t ← v_t / (1 - β2^t)
 *     if amsgrad:
 *         v̂_t^max ← max(v̂_{t-1}^max, v̂_t)
 *         θ_t ← θ_{t-1} - γ m̂_t / (sqrt(v̂_t^max) + ε)
 *     else:
 *         θ_t ← θ_{t-1} - γ m̂_t / (sqrt(v̂_t) + ε)
 * return θ_t
 * ```
 * Computed as PyTorch computes it: `denom = sqrt(v_t) / sqrt(1 - β2^t) + ε` (ε added after the bias
 * correction) and `θ ← θ - (γ / (1 - β1^t)) · m_t / denom`; with amsgrad the running max is kept of the
 * uncorrected `v_t`. State per parameter: `step`, `expAvg`, `expAvgSq` (and `maxExpAvgSq`).
 * Defaults: lr 1e-3, betas [0.9, 0.999], eps 1e-8, weightDecay 0, amsgrad false, maximize false.
 * @example
 * const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
 * opt.zeroGrad();
 * lossFn.forward(model.forward(x), y).backward();
 * opt.step();
 */
export class Adam extends Optimizer<AdamGroupOptions> {
  constructor(params: Iterable<Tensor> | Iterable<ParamGroupInput<AdamGroupOptions>>, options: AdamOptions = {}) {
    checkUnsupported("Adam", options);
    super("Adam", params, adamDefaults(options, 0));
  }

  protected override checkGroup(group: AdamGroupOptions): void {
    checkAdamGroup("Adam", group);
  }

  /**
   * Updates every parameter that has a gradient, in place (see the class docs for the rule).
   * @example
   * opt.step();
   */
  override step(closure?: LossClosure): Tensor | undefined {
    const loss = this.evaluate(closure);
    for (const group of this.paramGroups) adamStep("Adam", this.state, group, false);
    return loss;
  }

}

/** Adam's defaults with `options` applied (weight decay default differs between Adam and AdamW). */
export function adamDefaults(options: AdamOptions, weightDecay: number): AdamGroupOptions {
  return {
    lr: options.lr ?? 1e-3,
    betas: options.betas ? [options.betas[0], options.betas[1]] : [0.9, 0.999],
    eps: options.eps ?? 1e-8,
    weightDecay: options.weightDecay ?? weightDecay,
    amsgrad: options.amsgrad ?? false,
    maximize: options.maximize ?? false,
  };
}
