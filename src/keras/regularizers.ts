import type { Tensor } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { describe } from "./utils/describe.ts";

/*
 * keras.regularizers: Keras 2's weight penalties. A layer's kernelRegularizer / biasRegularizer gives
 * `penalty(w)`, a differentiable 0-d tensor that the model adds to the loss.
 */

/** A regularizer's configuration: Keras's `get_config()` keys. */
export type RegularizerConfig = Record<string, number>;

/** What `serialize` gives and `deserialize` takes: Keras's `{class_name, config}`, camelCased. */
export interface SerializedRegularizer {
  /** Keras's class name: `"L1"`, `"L2"` or `"L1L2"`. */
  className: string;
  /** The coefficients, as `getConfig()` returns them. */
  config: RegularizerConfig;
}

/** Keras's regularizer names for `get`. */
export type RegularizerName = "l1" | "l2" | "l1_l2" | "l1l2";

function coefficient(owner: string, what: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new Error(`${owner}: ${what} must be a finite number >= 0, got ${typeof value === "number" ? value : JSON.stringify(value)}`);
  }
  return value;
}

/**
 * Base class of Keras's regularizers (`keras.regularizers.Regularizer`): `penalty(w)` is the term added
 * to the loss for weight `w`, a 0-d tensor that gradients flow through.
 * @example
 * class MaxNorm2 extends keras.regularizers.Regularizer {
 *   constructor() { super("MaxNorm2"); }
 *   penalty(w: bp.Tensor) { return w.pow(2).sum().sqrt().mul(1e-3); }
 *   getConfig() { return {}; }
 * }
 */
export abstract class Regularizer {
  /** Keras's class name (`"L1"`, `"L2"`, `"L1L2"`), as `serialize` writes it. */
  readonly name: string;

  protected constructor(name: string) {
    this.name = name;
  }

  /**
   * The penalty for weight `w` (any shape): a 0-d tensor of w's dtype, differentiable with respect to w.
   * @example new keras.regularizers.L2({ l2: 1e-4 }).penalty(w).item();
   */
  abstract penalty(w: Tensor): Tensor;

  /**
   * Keras's `get_config()`: the coefficients.
   * @example keras.regularizers.l2(0.001).getConfig(); // { l2: 0.001 }
   */
  abstract getConfig(): RegularizerConfig;
}

/**
 * `l1 · Σ|w| + l2 · Σ w²` (no 1/2 on the square, as Keras); a zero coefficient drops its term. The
 * gradient is `l1 · sign(w) + 2 l2 · w` (sign(0) = 0).
 */
function combined(w: Tensor, l1: number, l2: number): Tensor {
  let total: Tensor | null = null;
  if (l1 !== 0) total = w.abs().sum().mul(l1);
  if (l2 !== 0) {
    const sq = w.mul(w).sum().mul(l2);
    total = total === null ? sq : total.add(sq);
  }
  return total ?? zeros([], { dtype: w.dtype });
}

/** Options of `L1`. */
export interface L1Options {
  /** Coefficient of Σ|w| (default 0.01). */
  l1?: number;
}

/**
 * Keras's L1 penalty: `l1 · Σ|w|`, default l1 0.01 (also `keras.regularizers.l1(0.01)`).
 * @example new keras.layers.Dense({ units: 4, kernelRegularizer: new keras.regularizers.L1({ l1: 1e-3 }) });
 */
export class L1 extends Regularizer {
  /** Coefficient of Σ|w|. */
  readonly l1: number;
  constructor(options: L1Options | number = {}) {
    super("L1");
    this.l1 = coefficient("L1", "l1", typeof options === "number" ? options : (options.l1 ?? 0.01));
  }
  override penalty(w: Tensor): Tensor {
    return combined(w, this.l1, 0);
  }
  override getConfig(): RegularizerConfig {
    return { l1: this.l1 };
  }
}

/** Options of `L2`. */
export interface L2Options {
  /** Coefficient of Σw² (default 0.01). */
  l2?: number;
}

/**
 * Keras's L2 penalty: `l2 · Σw²` (no 1/2; the gradient is 2 l2 w), default l2 0.01 (also
 * `keras.regularizers.l2(0.01)`). PyTorch's `weightDecay = λ` corresponds to l2 = λ / 2.
 * @example new keras.layers.Dense({ units: 4, kernelRegularizer: keras.regularizers.l2(1e-4) });
 */
export class L2 extends Regularizer {
  /** Coefficient of Σw². */
  readonly l2: number;
  constructor(options: L2Options | number = {}) {
    super("L2");
    this.l2 = coefficient("L2", "l2", typeof options === "number" ? options : (options.l2 ?? 0.01));
  }
  override penalty(w: Tensor): Tensor {
    return combined(w, 0, this.l2);
  }
  override getConfig(): RegularizerConfig {
    return { l2: this.l2 };
  }
}

/** Options of `L1L2` and `l1l2`. */
export interface L1L2Options {
  /** Coefficient of Σ|w| (class default 0; `l1l2()` default 0.01). */
  l1?: number;
  /** Coefficient of Σw² (class default 0; `l1l2()` default 0.01). */
  l2?: number;
}

/**
 * Keras's combined penalty `l1 · Σ|w| + l2 · Σw²`; the class's defaults are 0 and 0 (Keras's), the
 * function `keras.regularizers.l1l2()`'s are 0.01 and 0.01 (Keras's `l1_l2`).
 * @example new keras.regularizers.L1L2({ l1: 1e-5, l2: 1e-4 }).penalty(w);
 */
export class L1L2 extends Regularizer {
  /** Coefficient of Σ|w|. */
  readonly l1: number;
  /** Coefficient of Σw². */
  readonly l2: number;
  constructor(options: L1L2Options = {}) {
    super("L1L2");
    this.l1 = coefficient("L1L2", "l1", options.l1 ?? 0);
    this.l2 = coefficient("L1L2", "l2", options.l2 ?? 0);
  }
  override penalty(w: Tensor): Tensor {
    return combined(w, this.l1, this.l2);
  }
  override getConfig(): RegularizerConfig {
    return { l1: this.l1, l2: this.l2 };
  }
}

/**
 * Keras's `l1(l1=0.01)`: an `L1` regularizer.
 * @example new keras.layers.Dense({ units: 1, kernelRegularizer: keras.regularizers.l1(0.001) });
 */
export function l1(l1 = 0.01): L1 {
  return new L1({ l1 });
}

/**
 * Keras's `l2(l2=0.01)`: an `L2` regularizer.
 * @example new keras.layers.Dense({ units: 1, kernelRegularizer: keras.regularizers.l2(0.001) });
 */
export function l2(l2 = 0.01): L2 {
  return new L2({ l2 });
}

/**
 * Keras's `l1_l2(l1=0.01, l2=0.01)`: an `L1L2` regularizer (note the 0.01 defaults, unlike the class's 0).
 * @example keras.regularizers.l1l2({ l1: 0.001, l2: 0.01 });
 */
export function l1l2(options: L1L2Options = {}): L1L2 {
  return new L1L2({ l1: options.l1 ?? 0.01, l2: options.l2 ?? 0.01 });
}

const CLASSES: Record<string, { make: (c: RegularizerConfig) => Regularizer; keys: readonly string[] }> = {
  L1: { make: (c) => new L1(c), keys: ["l1"] },
  L2: { make: (c) => new L2(c), keys: ["l2"] },
  L1L2: { make: (c) => new L1L2(c), keys: ["l1", "l2"] },
};

/**
 * A regularizer from a Keras name (`"l1"`, `"l2"` with coefficient 0.01; `"l1_l2"` / `"l1l2"` with 0.01
 * and 0.01, as Keras's `l1_l2()`), a `Regularizer` (returned as is), or `{className, config}`; null and
 * undefined give null (no regularizer).
 * @example keras.regularizers.get("l2").getConfig(); // { l2: 0.01 }
 */
export function get(identifier: RegularizerName | string | Regularizer | SerializedRegularizer | null | undefined): Regularizer | null {
  if (identifier === null || identifier === undefined) return null;
  if (identifier instanceof Regularizer) return identifier;
  if (typeof identifier === "string") {
    switch (identifier.toLowerCase()) {
      case "l1": return l1();
      case "l2": return l2();
      case "l1_l2": case "l1l2": return l1l2();
      default:
        throw new Error(`keras.regularizers.get: unknown regularizer "${identifier}"; known: l1, l2, l1_l2`);
    }
  }
  if (typeof identifier === "object" && "className" in identifier) return deserialize(identifier);
  throw new Error(`keras.regularizers.get: expected a regularizer name, a Regularizer or {className, config}, got ${describe(identifier)}`);
}

/**
 * `{className, config}` for a regularizer (Keras's `serialize`).
 * @example keras.regularizers.serialize(keras.regularizers.l2(0.001)); // { className: "L2", config: { l2: 0.001 } }
 */
export function serialize(regularizer: Regularizer): SerializedRegularizer {
  if (!(regularizer instanceof Regularizer)) throw new Error(`keras.regularizers.serialize: expected a keras Regularizer, got ${describe(regularizer)}`);
  return { className: regularizer.name, config: regularizer.getConfig() };
}

/**
 * Rebuilds a regularizer from `{className, config}` (class names `"L1"`, `"L2"`, `"L1L2"` in any letter
 * case; Keras's `"l1_l2"` too).
 * @example keras.regularizers.deserialize({ className: "L1L2", config: { l1: 0, l2: 1e-4 } });
 */
export function deserialize(config: SerializedRegularizer): Regularizer {
  if (config === null || typeof config !== "object" || typeof config.className !== "string") {
    throw new Error(`keras.regularizers.deserialize: expected {className, config}, got ${describe(config)}`);
  }
  const className = Object.keys(CLASSES).find((k) => k.toLowerCase() === config.className.replace(/_/g, "").toLowerCase());
  if (className === undefined) {
    throw new Error(`keras.regularizers.deserialize: unknown regularizer class "${config.className}"; known: L1, L2, L1L2`);
  }
  const { make, keys } = CLASSES[className];
  for (const key of Object.keys(config.config ?? {})) {
    if (!keys.includes(key)) throw new Error(`keras.regularizers.deserialize: ${className} has no option "${key}"; options: ${keys.join(", ")}`);
  }
  return make({ ...(config.config ?? {}) });
}
