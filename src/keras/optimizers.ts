import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { Optimizer as TorchOptimizer, type OptimizerStateDict } from "../optim/optimizer.ts";
import { SGD as TorchSGD } from "../optim/sgd.ts";
import { Adam as TorchAdam } from "../optim/adam.ts";
import { RMSprop as TorchRMSprop } from "../optim/rmsprop.ts";
import { Adagrad as TorchAdagrad } from "../optim/adagrad.ts";
import { describe } from "./utils/describe.ts";

/*
 * keras.optimizers: Keras 2's optimizers with Keras's names, defaults and configs, as thin wrappers over
 * backprop's torch-style optimizers (src/optim). The update arithmetic is optim's; each class says where
 * that differs from Keras / TensorFlow.js and by how much.
 */

/** An optimizer's configuration: Keras's `get_config()` keys, camelCased (`learningRate`, `beta1`, ...). */
export type OptimizerConfig = Record<string, number | boolean | string>;

/** What `serialize` gives and `deserialize` takes: Keras's `{class_name, config}`, camelCased. */
export interface SerializedOptimizer {
  /** Keras's class name: `"SGD"`, `"Adam"`, `"RMSprop"` or `"Adagrad"`. */
  className: string;
  /** Constructor options, as `getConfig()` returns them. */
  config: OptimizerConfig;
}

/**
 * What a Keras optimizer's `stateDict()` gives and `loadStateDict()` takes: the steps taken (Keras's
 * `iterations`) and the underlying torch-style optimizer's state dict (momentum buffers, moments, the
 * groups' learning rates).
 */
export interface KerasOptimizerState {
  /** Steps taken since `build` (drives Keras 2's `decay`). */
  iterations: number;
  /** `optimizer.optimizer.stateDict()`. */
  optimizer: OptimizerStateDict;
}

/** The Keras optimizer names `get` understands (any letter case). */
export type OptimizerName = "sgd" | "adam" | "rmsprop" | "adagrad";

function checkNumber(owner: string, what: string, value: unknown, ok: (v: number) => boolean, rule: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`${owner}: ${what} must be ${rule}, got ${typeof value === "number" ? value : JSON.stringify(value)}`);
  }
  return value;
}

function checkBoolean(owner: string, what: string, value: unknown): boolean {
  if (typeof value !== "boolean") throw new Error(`${owner}: ${what} must be a boolean, got ${JSON.stringify(value)}`);
  return value;
}

const nonNegative = (v: number): boolean => v >= 0;
const unit = (v: number): boolean => v >= 0 && v <= 1;
const unitOpen = (v: number): boolean => v >= 0 && v < 1;

/**
 * Keras's gradient clipping options, taken by every optimizer and applied before each update in Keras's
 * order: clipvalue, then clipnorm, then globalClipnorm (each off when undefined).
 */
export interface ClipOptions {
  /** Clamp every gradient element into [-clipvalue, clipvalue] (`tf.clip_by_value`). */
  clipvalue?: number;
  /** Rescale each gradient tensor whose L2 norm exceeds clipnorm to norm clipnorm (`tf.clip_by_norm`). */
  clipnorm?: number;
  /**
   * Rescale all gradients by `globalClipnorm / max(‖all‖, globalClipnorm)`, ‖all‖ the L2 norm of all of them
   * together (`tf.clip_by_global_norm`). Not together with clipnorm.
   */
  globalClipnorm?: number;
}

/**
 * Options every Keras 2 optimizer takes besides its own: clipping, and the legacy `decay` and `lr`
 * spellings of old Keras 2 code (`SGD(lr=0.01, decay=1e-6)`).
 */
export interface CommonOptions extends ClipOptions {
  /** Keras 2's deprecated alias of `learningRate` (an error if both are given and differ). */
  lr?: number;
  /**
   * Keras 2's legacy time decay (default 0: off): step t (counted from 0) uses
   * `learningRate / (1 + decay · t)`. With decay > 0, `learningRate` is the base rate (as Keras's
   * `optimizer.learning_rate`) and each step writes the decayed rate into the parameter groups.
   */
  decay?: number;
}

/** The learning rate from `learningRate` or Keras 2's `lr` alias, else the default. */
function pickLearningRate(owner: string, options: CommonOptions & { learningRate?: number }, fallback: number): number {
  if (options.learningRate !== undefined && options.lr !== undefined && options.learningRate !== options.lr) {
    throw new Error(`${owner}: learningRate (${options.learningRate}) and its alias lr (${options.lr}) disagree; give one`);
  }
  return options.learningRate ?? options.lr ?? fallback;
}

/**
 * Base class of Keras's optimizers (`keras.optimizers.Optimizer`). A Keras optimizer is created without
 * parameters (`new keras.optimizers.Adam({learningRate: 1e-3})`); `compile`/`fit` calls `build(params)`,
 * which creates the torch-style optimizer from `src/optim` that does the updates. `learningRate` can be
 * read and set before and after building (callbacks and LR schedules rely on it); once built it reads
 * and writes every parameter group's `lr`.
 * @example
 * const opt = new keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 });
 * opt.build([w, b]);
 * opt.zeroGrad();
 * loss.backward();
 * opt.step();
 * opt.learningRate = 0.01; // reaches opt.optimizer.paramGroups[*].lr
 */
export abstract class Optimizer {
  /** Keras's class name (`"SGD"`, `"Adam"`, `"RMSprop"`, `"Adagrad"`), also the config's `name`. */
  readonly name: string;
  #learningRate: number;
  #inner: TorchOptimizer | null = null;
  #params: Tensor[] = [];
  #iterations = 0;
  /** Gradient clipping options (see `ClipOptions`); only those that are set. */
  readonly clip: Readonly<ClipOptions>;
  /** Keras 2's legacy time decay (0: off; see `CommonOptions.decay`). */
  readonly decay: number;

  protected constructor(name: string, options: CommonOptions & { learningRate?: number }, defaultLearningRate: number) {
    this.name = name;
    this.#learningRate = checkNumber(name, "learningRate", pickLearningRate(name, options, defaultLearningRate), nonNegative, "a finite number >= 0");
    this.decay = checkNumber(name, "decay", options.decay ?? 0, nonNegative, "a finite number >= 0");
    const kept: ClipOptions = {};
    for (const key of ["clipvalue", "clipnorm", "globalClipnorm"] as const) {
      const value = options[key];
      if (value !== undefined && value !== null) kept[key] = checkNumber(name, key, value, nonNegative, "a finite number >= 0");
    }
    if (kept.clipnorm !== undefined && kept.globalClipnorm !== undefined) {
      throw new Error(`${name}: set either clipnorm or globalClipnorm, not both`);
    }
    this.clip = Object.freeze(kept);
  }

  /** Keras's class name, as `serialize` writes it (same as `name`). */
  get className(): string {
    return this.name;
  }

  /**
   * The learning rate: once built, the first parameter group's `lr` (all groups share it), so that an
   * `optim.lrScheduler` on `optimizer` is seen. With `decay` > 0 it is the base rate instead.
   */
  get learningRate(): number {
    return this.#inner === null || this.decay > 0 ? this.#learningRate : this.#inner.paramGroups[0].lr;
  }

  /** Sets the learning rate; once built, on every parameter group of the underlying optimizer. */
  set learningRate(value: number) {
    const lr = checkNumber(`${this.name}.learningRate`, "learningRate", value, nonNegative, "a finite number >= 0");
    this.#learningRate = lr;
    if (this.#inner !== null && this.decay === 0) for (const group of this.#inner.paramGroups) group.lr = lr;
  }

  /** Whether `build` has created the underlying optimizer. */
  get built(): boolean {
    return this.#inner !== null;
  }

  /** Steps taken since `build` (Keras's `optimizer.iterations`). */
  get iterations(): number {
    return this.#iterations;
  }

  /**
   * Creates the underlying `optim.*` optimizer over `params` (called by `compile`/`fit`), with the
   * current learning rate. Building again over the same tensors in the same order keeps the optimizer
   * and its state (momentum, moments); other tensors give a fresh optimizer.
   * @example
   * opt.build(model.module.parameters());
   */
  build(params: Iterable<Tensor>): void {
    const list = [...params];
    if (list.length === 0) throw new Error(`${this.name}.build: params is empty; the model has no trainable weights`);
    if (this.#inner !== null && list.length === this.#params.length && list.every((p, i) => p === this.#params[i])) return;
    this.#inner = this.create(list, this.learningRate);
    this.#params = list;
    this.#iterations = 0;
  }

  /** The torch-style optimizer doing the updates (for LR schedulers, stateDict, ...); throws before `build`. */
  get optimizer(): TorchOptimizer {
    if (this.#inner === null) throw new Error(`${this.name}.optimizer: the optimizer is not built yet; call build(params) (compile/fit do)`);
    return this.#inner;
  }

  /**
   * Applies one update to every built parameter from its `.grad` (clipped first when clipping options
   * are set: the gradients are changed in place).
   * @example
   * opt.step();
   */
  step(): void {
    const inner = this.optimizer;
    if (this.decay > 0) {
      // Keras 2: lr_t = lr / (1 + decay · t), t the steps taken before this one
      const lr = this.#learningRate / (1 + this.decay * this.#iterations);
      for (const group of inner.paramGroups) group.lr = lr;
    }
    this.clipGradients(inner);
    inner.step();
    this.#iterations += 1;
  }

  /**
   * A copy of the optimizer's state (what `model.save` stores, as Keras saves the optimizer's variables
   * with the model): `iterations` and the underlying optimizer's `stateDict()`. Throws before `build`.
   * @example
   * const saved = model.optimizer!.stateDict();
   * other.optimizer!.loadStateDict(saved); // other compiled and built the same way
   */
  stateDict(): KerasOptimizerState {
    return { iterations: this.#iterations, optimizer: this.optimizer.stateDict() };
  }

  /**
   * Restores a state from `stateDict()` into an optimizer built over parameters of the same shapes, so
   * the next `step` continues exactly where the saved one stopped.
   * @example
   * opt.loadStateDict(saved);
   */
  loadStateDict(state: KerasOptimizerState): void {
    const where = `${this.name}.loadStateDict`;
    if (state === null || typeof state !== "object") throw new Error(`${where}: expected { iterations, optimizer }, got ${describe(state)}`);
    const { iterations } = state;
    if (typeof iterations !== "number" || !Number.isSafeInteger(iterations) || iterations < 0) {
      throw new Error(`${where}: iterations must be a non-negative integer, got ${describe(iterations)}`);
    }
    this.optimizer.loadStateDict(state.optimizer);
    this.#iterations = iterations;
  }

  /**
   * Zero-fills the gradients of the built parameters.
   * @example
   * opt.zeroGrad();
   */
  zeroGrad(): void {
    this.optimizer.zeroGrad();
  }

  /**
   * Keras's `get_config()`, camelCased: `name`, `learningRate`, the class's own hyper-parameters, and
   * `decay` and the clipping options when they are set.
   * `deserialize({className, config})` rebuilds an equal optimizer from it.
   * @example
   * new keras.optimizers.SGD({ momentum: 0.9 }).getConfig();
   * // { name: "SGD", learningRate: 0.01, momentum: 0.9, nesterov: false }
   */
  getConfig(): OptimizerConfig {
    const config: OptimizerConfig = { name: this.name, learningRate: this.learningRate, ...this.hyperParameters() };
    if (this.decay > 0) config.decay = this.decay;
    return Object.assign(config, this.clip);
  }

  /** Keras's clipvalue, clipnorm, globalClipnorm, in that order, on the gradients in place. */
  private clipGradients(inner: TorchOptimizer): void {
    const { clipvalue, clipnorm, globalClipnorm } = this.clip;
    if (clipvalue === undefined && clipnorm === undefined && globalClipnorm === undefined) return;
    const grads = inner.paramGroups.flatMap((g) => g.params).map((p) => p.grad).filter((g): g is Tensor => g !== null);
    noGrad(() => {
      if (clipvalue !== undefined) for (const g of grads) g.clamp_(-clipvalue, clipvalue);
      if (clipnorm !== undefined) {
        for (const g of grads) {
          // g ← g · c / max(‖g‖, c)
          const norm = g.mul(g).sum().sqrt().item();
          if (norm > clipnorm) g.mul_(clipnorm / norm);
        }
      }
      if (globalClipnorm !== undefined && grads.length > 0) {
        // g ← g · c / max(‖(g_1, ..., g_n)‖, c)
        const norm = Math.sqrt(grads.reduce((sum, g) => sum + g.mul(g).sum().item(), 0));
        if (norm > globalClipnorm) for (const g of grads) g.mul_(globalClipnorm / norm);
      }
    });
  }

  /** The class's hyper-parameters other than the learning rate, in Keras's order. */
  protected abstract hyperParameters(): OptimizerConfig;

  /** Creates the underlying optimizer over `params` with learning rate `lr`. */
  protected abstract create(params: Tensor[], lr: number): TorchOptimizer;
}

/** Options of `keras.optimizers.SGD`. */
export interface SGDOptions extends CommonOptions {
  /** Step size (default 0.01). */
  learningRate?: number;
  /** Momentum factor in [0, 1] (default 0: plain SGD). */
  momentum?: number;
  /** Nesterov momentum (default false; no effect when momentum is 0). */
  nesterov?: boolean;
}

/**
 * Keras's SGD (`keras.optimizers.SGD`), over `optim.SGD`. Defaults: learningRate 0.01, momentum 0,
 * nesterov false (what `"sgd"` gives).
 *
 * ```text
 * plain:     θ ← θ - lr g
 * momentum:  v ← m v + g;  θ ← θ - lr v                (PyTorch's and TF.js's tf.train.momentum form)
 * nesterov:  v ← m v + g;  θ ← θ - lr (g + m v)
 * ```
 * Keras's Python code writes momentum as `v ← m v - lr g; θ ← θ + v`: the same numbers while the
 * learning rate is constant; when it changes (a schedule), Keras's velocity keeps the old rates' steps
 * while this form rescales the whole velocity by the new rate. TF.js's `tf.train.momentum` uses this form
 * too. Against TF.js (tests, float32): losses after each of 5 steps within 1e-7, parameters after 50
 * steps within 5e-7.
 * @example
 * model.compile({ loss: "mse", optimizer: new keras.optimizers.SGD({ learningRate: 0.1, momentum: 0.9 }) });
 */
export class SGD extends Optimizer {
  /** Momentum factor. */
  readonly momentum: number;
  /** Whether Nesterov momentum is used. */
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super("SGD", options, 0.01);
    this.momentum = checkNumber("SGD", "momentum", options.momentum ?? 0, unit, "a number in [0, 1]");
    this.nesterov = checkBoolean("SGD", "nesterov", options.nesterov ?? false);
  }

  protected override hyperParameters(): OptimizerConfig {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }

  protected override create(params: Tensor[], lr: number): TorchOptimizer {
    // PyTorch refuses nesterov without momentum; Keras's is then plain SGD
    return new TorchSGD(params, { lr, momentum: this.momentum, nesterov: this.nesterov && this.momentum > 0 });
  }
}

/** Options of `keras.optimizers.Adam`. */
export interface AdamOptions extends CommonOptions {
  /** Step size (default 0.001). */
  learningRate?: number;
  /** Decay of the first-moment average, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment average, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to the denominator (default 1e-7, Keras's `epsilon()`). */
  epsilon?: number;
  /** Use AMSGrad (default false). */
  amsgrad?: boolean;
}

/**
 * Keras's Adam (`keras.optimizers.Adam`), over `optim.Adam`. Defaults: learningRate 0.001, beta1 0.9,
 * beta2 0.999, epsilon 1e-7 (Keras's, not PyTorch's 1e-8), amsgrad false (what `"adam"` gives).
 *
 * ```text
 * m ← β1 m + (1 - β1) g;   v ← β2 v + (1 - β2) g²
 * θ ← θ - lr (m / (1 - β1^t)) / (sqrt(v / (1 - β2^t)) + ε)       (amsgrad: v̂ ← max(v̂, v) in place of v)
 * ```
 * This is TF.js's `tf.train.adam` rule. Keras's Python kernel puts ε outside the bias correction
 * (`θ ← θ - lr sqrt(1-β2^t)/(1-β1^t) m / (sqrt(v) + ε)`), i.e. an effective ε smaller by
 * sqrt(1 - β2^t): a difference only while sqrt(v) is comparable to ε. Against TF.js (tests, float32):
 * losses after each of 5 steps within 2e-7, parameters after 50 steps within 5e-7.
 * @example
 * model.compile({ loss: "categorical_crossentropy", optimizer: new keras.optimizers.Adam({ learningRate: 3e-4 }) });
 */
export class Adam extends Optimizer {
  /** First-moment decay. */
  readonly beta1: number;
  /** Second-moment decay. */
  readonly beta2: number;
  /** Denominator epsilon. */
  readonly epsilon: number;
  /** Whether AMSGrad is used. */
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super("Adam", options, 0.001);
    this.beta1 = checkNumber("Adam", "beta1", options.beta1 ?? 0.9, unitOpen, "a number in [0, 1)");
    this.beta2 = checkNumber("Adam", "beta2", options.beta2 ?? 0.999, unitOpen, "a number in [0, 1)");
    this.epsilon = checkNumber("Adam", "epsilon", options.epsilon ?? 1e-7, nonNegative, "a finite number >= 0");
    this.amsgrad = checkBoolean("Adam", "amsgrad", options.amsgrad ?? false);
  }

  protected override hyperParameters(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }

  protected override create(params: Tensor[], lr: number): TorchOptimizer {
    return new TorchAdam(params, { lr, betas: [this.beta1, this.beta2], eps: this.epsilon, amsgrad: this.amsgrad });
  }
}

/** Options of `keras.optimizers.RMSprop`. */
export interface RMSpropOptions extends CommonOptions {
  /** Step size (default 0.001). */
  learningRate?: number;
  /** Decay of the mean square, in [0, 1) (default 0.9). */
  rho?: number;
  /** Momentum factor in [0, 1] (default 0). */
  momentum?: number;
  /** Added to the denominator (default 1e-7). */
  epsilon?: number;
  /** Divide by the centred second moment (an estimate of the variance) (default false). */
  centered?: boolean;
}

/**
 * Keras's RMSprop (`keras.optimizers.RMSprop`), over `optim.RMSprop` with `alpha = rho`. Defaults:
 * learningRate 0.001, rho 0.9, momentum 0, epsilon 1e-7, centered false (what `"rmsprop"` gives).
 *
 * ```text
 * s ← ρ s + (1 - ρ) g²                     (centered: ḡ ← ρ ḡ + (1 - ρ) g, and s - ḡ² in place of s below)
 * momentum 0:  θ ← θ - lr g / sqrt(s + ε)
 * momentum m:  b ← m b + g / sqrt(s + ε);  θ ← θ - lr b
 * ```
 * TF.js and Keras's kernels put ε inside the root; `optim.RMSprop` (PyTorch) divides by `sqrt(s) + ε`.
 * The two differ a lot for a parameter whose gradient is near 0 (PyTorch's step is then ~lr sqrt(1/(1-ρ))
 * whatever the gradient's size, TF's is damped): measured against TF.js on a 4-5-1 MLP, PyTorch's form
 * left the parameters 1.4e-4 to 5.2e-3 apart after 5 / 50 steps and the loss 3.5e-5 apart (momentum 0.9).
 So the wrapper runs `optim.RMSprop` with its `epsInsideSqrt` option, TF's rule. Against
 * TF.js (tests, float32): losses after each of 5 steps within 1e-7, parameters after 50 steps within 5e-7.
 * Centered: this is Keras's `sqrt(s - ḡ² + ε)`; TF.js computes `sqrt(s - ḡ² - ε)`.
 * @example
 * model.compile({ loss: "mse", optimizer: new keras.optimizers.RMSprop({ learningRate: 1e-3, rho: 0.9 }) });
 */
export class RMSprop extends Optimizer {
  /** Mean-square decay (PyTorch's alpha). */
  readonly rho: number;
  /** Momentum factor. */
  readonly momentum: number;
  /** Denominator epsilon. */
  readonly epsilon: number;
  /** Whether the second moment is centred. */
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    super("RMSprop", options, 0.001);
    this.rho = checkNumber("RMSprop", "rho", options.rho ?? 0.9, unitOpen, "a number in [0, 1)");
    this.momentum = checkNumber("RMSprop", "momentum", options.momentum ?? 0, unit, "a number in [0, 1]");
    this.epsilon = checkNumber("RMSprop", "epsilon", options.epsilon ?? 1e-7, nonNegative, "a finite number >= 0");
    this.centered = checkBoolean("RMSprop", "centered", options.centered ?? false);
  }

  protected override hyperParameters(): OptimizerConfig {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }

  protected override create(params: Tensor[], lr: number): TorchOptimizer {
    // TF's rule: θ ← θ - lr g / sqrt(s + ε), the root taken over ε too
    return new TorchRMSprop(params, { lr, alpha: this.rho, momentum: this.momentum, eps: this.epsilon, centered: this.centered, epsInsideSqrt: true });
  }
}

/** Options of `keras.optimizers.Adagrad`. */
export interface AdagradOptions extends CommonOptions {
  /** Step size (default 0.001, Keras 2's; TF.js's `"adagrad"` string uses 0.01). */
  learningRate?: number;
  /** Starting value of the accumulated squared gradients, >= 0 (default 0.1). */
  initialAccumulatorValue?: number;
  /** Added to the denominator (default 1e-7). */
  epsilon?: number;
}

/**
 * Keras's Adagrad (`keras.optimizers.Adagrad`), over `optim.Adagrad`. Defaults: learningRate 0.001,
 * initialAccumulatorValue 0.1, epsilon 1e-7 (what `"adagrad"` gives in Keras 2).
 *
 * ```text
 * a ← a + g²   (a starts at initialAccumulatorValue);   θ ← θ - lr g / sqrt(a + ε)
 * ```
 * This is TF.js's rule; `optim.Adagrad` (PyTorch, and Keras's Python kernel) divides by `sqrt(a) + ε`,
 * so the wrapper runs it with its `epsInsideSqrt` option. With a ≥ 0.1 the two forms differ by under
 * 1e-6 relative anyway.
 * Against TF.js (tests, float32): losses after each of 5 steps within 1e-7.
 * @example
 * model.compile({ loss: "mse", optimizer: new keras.optimizers.Adagrad({ learningRate: 0.01 }) });
 */
export class Adagrad extends Optimizer {
  /** Starting accumulator value. */
  readonly initialAccumulatorValue: number;
  /** Denominator epsilon. */
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super("Adagrad", options, 0.001);
    this.initialAccumulatorValue = checkNumber(
      "Adagrad", "initialAccumulatorValue", options.initialAccumulatorValue ?? 0.1, nonNegative, "a finite number >= 0",
    );
    this.epsilon = checkNumber("Adagrad", "epsilon", options.epsilon ?? 1e-7, nonNegative, "a finite number >= 0");
  }

  protected override hyperParameters(): OptimizerConfig {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }

  protected override create(params: Tensor[], lr: number): TorchOptimizer {
    // TF's rule: θ ← θ - lr g / sqrt(sum + ε)
    return new TorchAdagrad(params, { lr, initialAccumulatorValue: this.initialAccumulatorValue, eps: this.epsilon, epsInsideSqrt: true });
  }
}

type Constructor = new (config: Record<string, number | boolean>) => Optimizer;

const CLIP_KEYS = ["clipvalue", "clipnorm", "globalClipnorm", "decay"];
const CLASSES: Record<string, { cls: Constructor; keys: readonly string[] }> = {
  SGD: { cls: SGD as Constructor, keys: ["learningRate", "momentum", "nesterov", ...CLIP_KEYS] },
  Adam: { cls: Adam as Constructor, keys: ["learningRate", "beta1", "beta2", "epsilon", "amsgrad", ...CLIP_KEYS] },
  RMSprop: { cls: RMSprop as Constructor, keys: ["learningRate", "rho", "momentum", "epsilon", "centered", ...CLIP_KEYS] },
  Adagrad: { cls: Adagrad as Constructor, keys: ["learningRate", "initialAccumulatorValue", "epsilon", ...CLIP_KEYS] },
};

const BY_LOWER: Record<string, string> = { sgd: "SGD", adam: "Adam", rmsprop: "RMSprop", adagrad: "Adagrad" };

/** Keras's snake_case config keys (and the legacy `lr`) under their camelCase names. */
function camelKey(key: string): string {
  if (key === "lr") return "learningRate";
  return key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase());
}

/**
 * An optimizer from a Keras name or an optimizer: `"sgd"`, `"adam"`, `"rmsprop"`, `"adagrad"` (any
 * letter case, as Keras) give a fresh instance with Keras's defaults; an `Optimizer` is returned as is;
 * a `{className, config}` object is deserialized.
 * @example
 * keras.optimizers.get("adam").learningRate; // 0.001
 * keras.optimizers.get("SGD").getConfig();   // { name: "SGD", learningRate: 0.01, momentum: 0, nesterov: false }
 */
export function get(identifier: OptimizerName | string | Optimizer | SerializedOptimizer): Optimizer {
  if (identifier instanceof Optimizer) return identifier;
  if (typeof identifier === "string") {
    const className = BY_LOWER[identifier.toLowerCase()];
    if (className === undefined) {
      throw new Error(`keras.optimizers.get: unknown optimizer "${identifier}"; known: ${Object.keys(BY_LOWER).join(", ")}`);
    }
    return new CLASSES[className].cls({});
  }
  if (identifier !== null && typeof identifier === "object" && "className" in identifier) return deserialize(identifier);
  throw new Error(`keras.optimizers.get: expected an optimizer name, an Optimizer or {className, config}, got ${describe(identifier)}`);
}

/**
 * `{className, config}` for an optimizer (Keras's `serialize`), as `model.save` stores it.
 * @example
 * keras.optimizers.serialize(new keras.optimizers.Adam()); // { className: "Adam", config: { name: "Adam", learningRate: 0.001, ... } }
 */
export function serialize(optimizer: Optimizer): SerializedOptimizer {
  if (!(optimizer instanceof Optimizer)) throw new Error(`keras.optimizers.serialize: expected a keras Optimizer, got ${describe(optimizer)}`);
  return { className: optimizer.className, config: optimizer.getConfig() };
}

/**
 * Rebuilds an optimizer from `{className, config}` (what `serialize` / `getConfig` give). The class name
 * may be in any letter case; config keys may also be Keras's snake_case (`learning_rate`, `beta_1`,
 * `initial_accumulator_value`, legacy `lr`); `name` is ignored; other keys are an error.
 * @example
 * const opt = keras.optimizers.deserialize({ className: "SGD", config: { learningRate: 0.1, momentum: 0.9 } });
 */
export function deserialize(config: SerializedOptimizer): Optimizer {
  if (config === null || typeof config !== "object" || typeof config.className !== "string") {
    throw new Error(`keras.optimizers.deserialize: expected {className, config}, got ${describe(config)}`);
  }
  const className = BY_LOWER[config.className.toLowerCase()];
  if (className === undefined) {
    throw new Error(`keras.optimizers.deserialize: unknown optimizer class "${config.className}"; known: ${Object.keys(CLASSES).join(", ")}`);
  }
  const { cls, keys } = CLASSES[className];
  const options: Record<string, number | boolean> = {};
  for (const [rawKey, value] of Object.entries(config.config ?? {})) {
    const key = camelKey(rawKey);
    if (key === "name") continue;
    if (value === null && CLIP_KEYS.includes(key)) continue; // Keras writes clipnorm: null when unset
    if (key === "decay" && value === 0) continue;
    if (!keys.includes(key)) {
      throw new Error(`keras.optimizers.deserialize: ${className} has no option "${rawKey}"; options: ${keys.join(", ")}`);
    }
    if (typeof value !== "number" && typeof value !== "boolean") {
      throw new Error(`keras.optimizers.deserialize: ${className} option "${rawKey}" must be a number or boolean, got ${JSON.stringify(value)}`);
    }
    options[key] = value;
  }
  return new cls(options);
}
