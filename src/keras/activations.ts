import type { Tensor } from "../tensor/tensor.ts";
import * as F from "../nn/functional/activation.ts";

/*
 * keras.activations: Keras 2's activation functions by name, built from backprop's ops and
 * nn.functional (their derivatives are the ops'). `get` resolves what a layer's `activation` option
 * holds and says which activations the fused dense op (F.linearActivation) can run.
 */

/** Keras's activation names (snake_case as in Keras; TF.js's camelCase spellings are accepted too). */
export type ActivationName =
  | "linear" | "sigmoid" | "tanh" | "relu" | "softmax" | "elu" | "selu" | "gelu" | "leaky_relu" | "softplus"
  | "hard_sigmoid" | "exponential" | "swish" | "silu" | "softsign" | "relu6"
  | "leakyRelu" | "hardSigmoid";

/** An activation function: a tensor in, a tensor of the same shape out (differentiable). */
export type ActivationFn = (x: Tensor) => Tensor;

/** The activations the fused dense op `F.linearActivation` runs. */
export type FusedActivation = "relu" | "sigmoid" | "tanh";

/** What `get` resolves an activation to. */
export interface Activation {
  /** Keras's name (`"relu"`, ...), or the function's own name (`"custom"` if it has none). */
  name: string;
  /** The function. */
  fn: ActivationFn;
  /** The name for `F.linearActivation` when the activation is relu / sigmoid / tanh, else null. */
  fused: FusedActivation | null;
}

/**
 * `x` unchanged (Keras's default, `activation: null`).
 * @example keras.activations.linear(bp.tensor([-1, 2])); // tensor([-1., 2.])
 */
export function linear(x: Tensor): Tensor {
  return x;
}

/**
 * `1 / (1 + e^-x)`.
 * @example keras.activations.sigmoid(bp.tensor([0])); // tensor([0.5000])
 */
export function sigmoid(x: Tensor): Tensor {
  return x.sigmoid();
}

/**
 * `tanh(x)`.
 * @example keras.activations.tanh(bp.tensor([0])); // tensor([0.])
 */
export function tanh(x: Tensor): Tensor {
  return x.tanh();
}

/**
 * `max(0, x)` (Keras's `relu` with its defaults alpha 0, no max value, threshold 0).
 * @example keras.activations.relu(bp.tensor([-1, 2])); // tensor([0., 2.])
 */
export function relu(x: Tensor): Tensor {
  return x.relu();
}

/**
 * `e^x_i / Σ_j e^x_j` along `axis` (default -1, the last, as Keras). Shape: any with at least 1 dimension.
 * @example keras.activations.softmax(bp.tensor([[1, 1]])); // tensor([[0.5000, 0.5000]])
 */
export function softmax(x: Tensor, axis = -1): Tensor {
  if (x.dim() === 0) throw new Error("keras.activations.softmax: x must have at least 1 dimension, got a 0-d tensor");
  return x.softmax(axis);
}

/**
 * `x` for x > 0, `alpha (e^x - 1)` otherwise (default alpha 1).
 * @example keras.activations.elu(bp.tensor([-1, 1])); // tensor([-0.6321, 1.0000])
 */
export function elu(x: Tensor, alpha = 1): Tensor {
  return F.elu(x, alpha);
}

/**
 * `scale · elu(x, alpha)` with alpha ≈ 1.6733, scale ≈ 1.0507 (self-normalising).
 * @example keras.activations.selu(bp.tensor([-1, 1])); // tensor([-1.1113, 1.0507])
 */
export function selu(x: Tensor): Tensor {
  return F.selu(x);
}

/**
 * Gaussian error linear unit: `0.5 x (1 + erf(x / √2))`, or with `approximate` (default false, as Keras)
 * `0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³)))`.
 * @example keras.activations.gelu(bp.tensor([1])); // tensor([0.8413])
 */
export function gelu(x: Tensor, approximate = false): Tensor {
  return F.gelu(x, approximate ? "tanh" : "none");
}

/**
 * `x` for x > 0, `alpha x` otherwise, default alpha 0.2 (`tf.nn.leaky_relu`'s, which Keras's
 * `"leaky_relu"` string gives; the `LeakyReLU` layer's default is 0.3).
 * @example keras.activations.leakyRelu(bp.tensor([-1, 2])); // tensor([-0.2000, 2.0000])
 */
export function leakyRelu(x: Tensor, alpha = 0.2): Tensor {
  return F.leakyRelu(x, alpha);
}

/**
 * `log(1 + e^x)` (computed as `x` where x > 20, which is exact in float32).
 * @example keras.activations.softplus(bp.tensor([0])); // tensor([0.6931])
 */
export function softplus(x: Tensor): Tensor {
  return F.softplus(x);
}

/**
 * Keras 2's piecewise-linear sigmoid: `clip(0.2 x + 0.5, 0, 1)` (not PyTorch's `hardsigmoid`, which is
 * `clip(x / 6 + 0.5, 0, 1)`). Gradient 0.2 inside [-2.5, 2.5], 0 outside.
 * @example keras.activations.hardSigmoid(bp.tensor([-3, 0, 1])); // tensor([0.0000, 0.5000, 0.7000])
 */
export function hardSigmoid(x: Tensor): Tensor {
  return x.mul(0.2).add(0.5).clamp(0, 1);
}

/**
 * `e^x`.
 * @example keras.activations.exponential(bp.tensor([0, 1])); // tensor([1.0000, 2.7183])
 */
export function exponential(x: Tensor): Tensor {
  return x.exp();
}

/**
 * `x · sigmoid(x)` (also called silu).
 * @example keras.activations.swish(bp.tensor([1])); // tensor([0.7311])
 */
export function swish(x: Tensor): Tensor {
  return F.silu(x);
}

/**
 * `x / (1 + |x|)`.
 * @example keras.activations.softsign(bp.tensor([1])); // tensor([0.5000])
 */
export function softsign(x: Tensor): Tensor {
  return F.softsign(x);
}

/**
 * `min(max(0, x), 6)`.
 * @example keras.activations.relu6(bp.tensor([-1, 3, 7])); // tensor([0., 3., 6.])
 */
export function relu6(x: Tensor): Tensor {
  return F.relu6(x);
}

const BY_NAME: Record<string, { fn: ActivationFn; fused: FusedActivation | null }> = {
  linear: { fn: linear, fused: null },
  sigmoid: { fn: sigmoid, fused: "sigmoid" },
  tanh: { fn: tanh, fused: "tanh" },
  relu: { fn: relu, fused: "relu" },
  softmax: { fn: (x) => softmax(x), fused: null },
  elu: { fn: (x) => elu(x), fused: null },
  selu: { fn: selu, fused: null },
  gelu: { fn: (x) => gelu(x), fused: null },
  leaky_relu: { fn: (x) => leakyRelu(x), fused: null },
  softplus: { fn: softplus, fused: null },
  hard_sigmoid: { fn: hardSigmoid, fused: null },
  exponential: { fn: exponential, fused: null },
  swish: { fn: swish, fused: null },
  silu: { fn: swish, fused: null },
  softsign: { fn: softsign, fused: null },
  relu6: { fn: relu6, fused: null },
};

/** TF.js's camelCase spellings of Keras's names. */
const ALIASES: Record<string, string> = { leakyRelu: "leaky_relu", hardSigmoid: "hard_sigmoid" };

/** The exported functions, so that `get(keras.activations.relu)` is the named (and fusable) relu. */
const NAME_OF_FN = new Map<ActivationFn, string>([
  [linear, "linear"], [sigmoid, "sigmoid"], [tanh, "tanh"], [relu, "relu"], [softmax, "softmax"], [elu, "elu"],
  [selu, "selu"], [gelu, "gelu"], [leakyRelu, "leaky_relu"], [softplus, "softplus"], [hardSigmoid, "hard_sigmoid"],
  [exponential, "exponential"], [swish, "swish"], [softsign, "softsign"], [relu6, "relu6"],
]);

/**
 * Keras's activation names that `get` knows.
 * @example keras.activations.names.includes("relu"); // true
 */
export const names: readonly string[] = Object.keys(BY_NAME);

/**
 * Resolves a layer's `activation` option, like `keras.activations.get`: a Keras name (`"relu"`, ...;
 * null / undefined is `"linear"`), one of this module's functions (keeps its name), or any function
 * `(x: Tensor) => Tensor` (name from the function, `fused` null). `fused` names the activation for
 * `F.linearActivation` when it is relu, sigmoid or tanh.
 * @example
 * const { fn, fused } = keras.activations.get("relu");  // fused === "relu"
 * keras.activations.get(null).name;                     // "linear"
 * keras.activations.get((x) => x.mul(2)).fused;         // null
 */
export function get(identifier: ActivationName | ActivationFn | null | undefined): Activation {
  if (identifier === null || identifier === undefined) return get("linear");
  if (typeof identifier === "function") {
    const known = NAME_OF_FN.get(identifier);
    if (known !== undefined) return get(known as ActivationName);
    return { name: identifier.name || "custom", fn: identifier, fused: null };
  }
  if (typeof identifier !== "string") {
    throw new Error(`keras.activations.get: expected an activation name or function, got ${typeof identifier}`);
  }
  const name = ALIASES[identifier] ?? identifier;
  const entry = Object.hasOwn(BY_NAME, name) ? BY_NAME[name] : undefined;
  if (entry === undefined) {
    throw new Error(`keras.activations.get: unknown activation "${identifier}"; known: ${names.join(", ")}`);
  }
  return { name, fn: entry.fn, fused: entry.fused };
}

/**
 * An activation's name for configs (Keras's `serialize`): the Keras name for built-in ones, the
 * function's name otherwise.
 * @example keras.activations.serialize(keras.activations.relu); // "relu"
 */
export function serialize(activation: ActivationName | ActivationFn | null | undefined): string {
  return get(activation).name;
}

/**
 * The activation function for a Keras name (Keras's `deserialize`).
 * @example keras.activations.deserialize("tanh")(bp.tensor([0])); // tensor([0.])
 */
export function deserialize(name: string): ActivationFn {
  return get(name as ActivationName).fn;
}
