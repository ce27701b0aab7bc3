import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import {
  Optimizer, assignInPlace, checkHyper, effectiveGrad, stateFull,
  type ImplementationOptions, type LossClosure, type ParamGroup, type ParamGroupInput, type ParamsInput,
} from "./optimizer.ts";

/** Hyper-parameters of an Adagrad parameter group. */
export interface AdagradGroupOptions {
  /** Learning rate (default 1e-2). */
  lr: number;
  /** Learning-rate decay: step t uses `lr / (1 + (t - 1) lrDecay)` (default 0). */
  lrDecay: number;
  /** Weight decay, an L2 penalty added to the gradient (default 0). */
  weightDecay: number;
  /** Starting value of the sum of squared gradients (default 0). */
  initialAccumulatorValue: number;
  /** Added to the denominator for numerical stability (default 1e-10). */
  eps: number;
  /** Maximize the objective instead of minimizing it (default false). */
  maximize: boolean;
  /**
   * Put ε inside the root, `sqrt(sum + ε)`, as TensorFlow / Keras / TF.js do, instead of PyTorch's
   * `sqrt(sum) + ε` (default false; the key is absent unless set). Not in PyTorch; `keras.optimizers.Adagrad` sets it.
   */
  epsInsideSqrt?: boolean;
}

/**
 * Options of `new Adagrad(params, options)`; every field has a default. `foreach` is accepted and ignored
 * (PyTorch's multi-tensor path computes the same numbers).
 */
export type AdagradOptions = Partial<AdagradGroupOptions> & Pick<ImplementationOptions, "foreach">;

/**
 * Adagrad, like `torch.optim.Adagrad` (PyTorch 1.13), with the same update and the same numbers:
 *
 * ```text
 * input: γ (lr), θ₀ (params), f(θ) (objective), λ (weight decay), τ (initial accumulator value),
 *        η (lr decay), ε
 * initialize: state_sum₀ ← τ
 * for t = 1 to ... do
 *     g_t ← ∇θ f_t(θ_{t-1})            (-∇ with maximize)
 *     γ̃ ← γ / (1 + (t - 1) η)
 *     if λ ≠ 0:  g_t ← g_t + λ θ_{t-1}
 *     state_sum_t ← state_sum_{t-1} + g_t²
 *     θ_t ← θ_{t-1} - γ̃ g_t / (sqrt(state_sum_t) + ε)
 * return θ_t
 * ```
 * State per parameter: `step` and `sum`. As in PyTorch the state is created when a parameter joins the
 * optimizer (so a parameter that never gets a gradient still has it); PyTorch skips this for groups added
 * later with `add_param_group` and then fails on their first step, backprop creates it there too.
 * Sparse gradients do not exist in backprop. Defaults: lr 1e-2, lrDecay 0, weightDecay 0,
 * initialAccumulatorValue 0, eps 1e-10, maximize false.
 * @example
 * const opt = new optim.Adagrad(model.parameters(), { lr: 0.1, lrDecay: 1e-4 });
 */
export class Adagrad extends Optimizer<AdagradGroupOptions> {
  constructor(params: ParamsInput<AdagradGroupOptions>, options: AdagradOptions = {}) {
    super("Adagrad", params, {
      lr: options.lr ?? 1e-2,
      lrDecay: options.lrDecay ?? 0,
      weightDecay: options.weightDecay ?? 0,
      initialAccumulatorValue: options.initialAccumulatorValue ?? 0,
      eps: options.eps ?? 1e-10,
      maximize: options.maximize ?? false,
      // only when asked for, so that the defaults and state dicts stay PyTorch's
      ...(options.epsInsideSqrt === true ? { epsInsideSqrt: true } : {}),
    });
  }

  protected override checkGroup(group: AdagradGroupOptions): void {
    checkHyper("Adagrad", group.lr >= 0, "learning rate", group.lr);
    checkHyper("Adagrad", group.lrDecay >= 0, "lrDecay value", group.lrDecay);
    checkHyper("Adagrad", group.weightDecay >= 0, "weightDecay value", group.weightDecay);
    checkHyper("Adagrad", group.initialAccumulatorValue >= 0, "initialAccumulatorValue value", group.initialAccumulatorValue);
    checkHyper("Adagrad", group.eps >= 0, "epsilon value", group.eps);
  }

  /**
   * Adds a parameter group (see `Optimizer.addParamGroup`) and creates its parameters' state
   * (`step` 0, `sum` filled with `initialAccumulatorValue`).
   * @example
   * opt.addParamGroup({ params: head.parameters(), lr: 0.05 });
   */
  override addParamGroup(group: ParamGroupInput<AdagradGroupOptions>): void {
    super.addParamGroup(group);
    const added = this.paramGroups[this.paramGroups.length - 1];
    for (const p of added.params) this.state.set(p, { step: 0, sum: stateFull(p, added.initialAccumulatorValue) });
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

  private stepGroup(group: ParamGroup<AdagradGroupOptions>): void {
    const { lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize, epsInsideSqrt } = group;
    for (const p of group.params) {
      const g = effectiveGrad("Adagrad", p, maximize, weightDecay);
      if (g === null) continue;
      let state = this.state.get(p);
      if (state === undefined) {
        state = { step: 0, sum: stateFull(p, initialAccumulatorValue) };
        this.state.set(p, state);
      }
      const step = (state.step as number) + 1;
      state.step = step;
      const clr = lr / (1 + (step - 1) * lrDecay);
      const sum = state.sum as Tensor;
      // sum ← sum + g²;  θ ← θ - γ̃ g / (sqrt(sum) + ε), or / sqrt(sum + ε) with epsInsideSqrt
      assignInPlace(sum, sum.add(g.mul(g)));
      const denom = epsInsideSqrt === true ? sum.add(eps).sqrt() : sum.sqrt().add(eps);
      assignInPlace(p, p.sub(g.div(denom).mul(clr)));
    }
  }
}
