import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import {
  Optimizer, assignInPlace, checkHyper, checkUnsupported, effectiveGrad, stateZeros,
  type ImplementationOptions, type LossClosure, type ParamGroup, type ParamsInput,
} from "./optimizer.ts";

/** Hyper-parameters of an RMSprop parameter group. */
export interface RMSpropGroupOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Smoothing constant of the running average of squared gradients (default 0.99). */
  alpha: number;
  /** Added to the denominator for numerical stability (default 1e-8). */
  eps: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Momentum factor (default 0). */
  momentum: number;
  /** Divide by the estimated variance of the gradient instead of its second moment (default false). */
  centered: boolean;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
  /**
   * Put ε inside the root, `sqrt(ṽ + ε)`, as TensorFlow / Keras / TF.js do, instead of PyTorch's
   * `sqrt(ṽ) + ε` (default false; the key is absent unless set). Not in PyTorch; `keras.optimizers.RMSprop` sets it.
   */
  epsInsideSqrt?: boolean;
}

/**
 * Options of `new RMSprop(params, options)`; every field has a default. `foreach` is accepted and ignored
 * (PyTorch's multi-tensor path computes the same numbers); `differentiable: true` is refused.
 */
export type RMSpropOptions = Partial<RMSpropGroupOptions> & Pick<ImplementationOptions, "foreach" | "differentiable">;

/**
 * RMSprop, like `torch.optim.RMSprop` (PyTorch 1.13), with the same update and the same numbers:
 *
 * ```text
 * input: α (alpha), γ (lr), θ₀ (params), f(θ) (objective), λ (weight decay), μ (momentum), centered, ε
 * initialize: v₀ ← 0 (square average), b₀ ← 0 (buffer), g₀^ave ← 0
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})            (-∇ with maximize)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     v_t ← α v_{t-1} + (1 - α) g_t²
 *     ṽ_t ← v_t
 *     if centered:
 *         g_t^ave ← α g_{t-1}^ave + (1 - α) g_t
 *         ṽ_t ← ṽ_t - (g_t^ave)²
 *     if μ > 0:
 *         b_t ← μ b_{t-1} + g_t / (sqrt(ṽ_t) + ε)
 *         θ_t ← θ_{t-1} - γ b_t
 *     else:
 *         θ_t ← θ_{t-1} - γ g_t / (sqrt(ṽ_t) + ε)
 * return θ_t
 * ```
 * State per parameter: `step`, `squareAvg`, and `momentumBuffer` (momentum > 0) and `gradAvg` (centered),
 * created on the parameter's first step. Defaults: lr 1e-2, alpha 0.99, eps 1e-8, weightDecay 0,
 * momentum 0, centered false, maximize false.
 * @example
 * const opt = new optim.RMSprop(model.parameters(), { lr: 1e-3, momentum: 0.9 });
 */
export class RMSprop extends Optimizer<RMSpropGroupOptions> {
  constructor(params: ParamsInput<RMSpropGroupOptions>, options: RMSpropOptions = {}) {
    checkUnsupported("RMSprop", options);
    super("RMSprop", params, {
      lr: options.lr ?? 1e-2,
      alpha: options.alpha ?? 0.99,
      eps: options.eps ?? 1e-8,
      weightDecay: options.weightDecay ?? 0,
      momentum: options.momentum ?? 0,
      centered: options.centered ?? false,
      maximize: options.maximize ?? false,
      // only when asked for, so that the defaults and state dicts stay PyTorch's
      ...(options.epsInsideSqrt === true ? { epsInsideSqrt: true } : {}),
    });
  }

  protected override checkGroup(group: RMSpropGroupOptions): void {
    checkHyper("RMSprop", group.lr >= 0, "learning rate", group.lr);
    checkHyper("RMSprop", group.eps >= 0, "epsilon value", group.eps);
    checkHyper("RMSprop", group.momentum >= 0, "momentum value", group.momentum);
    checkHyper("RMSprop", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
    checkHyper("RMSprop", group.alpha >= 0, "alpha value", group.alpha);
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

  private stepGroup(group: ParamGroup<RMSpropGroupOptions>): void {
    const { lr, alpha, eps, weightDecay, momentum, centered, maximize, epsInsideSqrt } = group;
    for (const p of group.params) {
      const g = effectiveGrad("RMSprop", p, maximize, weightDecay);
      if (g === null) continue;
      let state = this.state.get(p);
      if (state === undefined) {
        state = { step: 0, squareAvg: stateZeros(p) };
        if (momentum > 0) state.momentumBuffer = stateZeros(p);
        if (centered) state.gradAvg = stateZeros(p);
        this.state.set(p, state);
      }
      state.step = (state.step as number) + 1;
      const squareAvg = state.squareAvg as Tensor;
      // v ← α v + (1 - α) g²
      assignInPlace(squareAvg, squareAvg.mul(alpha).add(g.mul(g).mul(1 - alpha)));
      let variance = squareAvg;
      if (centered) {
        const gradAvg = (state.gradAvg ??= stateZeros(p)) as Tensor;
        // g^ave ← α g^ave + (1 - α) g;  ṽ = v - (g^ave)²
        assignInPlace(gradAvg, gradAvg.mul(alpha).add(g.mul(1 - alpha)));
        variance = squareAvg.sub(gradAvg.mul(gradAvg));
      }
      // sqrt(ṽ) + ε, or sqrt(ṽ + ε) with epsInsideSqrt
      const avg = epsInsideSqrt === true ? variance.add(eps).sqrt() : variance.sqrt().add(eps);
      if (momentum > 0) {
        const buf = (state.momentumBuffer ??= stateZeros(p)) as Tensor;
        // b ← μ b + g / (sqrt(ṽ) + ε);  θ ← θ - γ b
        assignInPlace(buf, buf.mul(momentum).add(g.div(avg)));
        assignInPlace(p, p.sub(buf.mul(lr)));
      } else {
        assignInPlace(p, p.sub(g.div(avg).mul(lr)));
      }
    }
  }
}
