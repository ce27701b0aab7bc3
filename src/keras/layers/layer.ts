import type { Tensor } from "../../tensor/tensor.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { Module } from "../../nn/module.ts";
import type { Parameter } from "../../nn/parameter.ts";
import { snakeCase, uniqueName } from "../backend.ts";

/** A JSON value, as layer configs hold them. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** A layer's config: the constructor options that rebuild it (`getConfig()` / `fromConfig`). */
export type LayerConfig = { [key: string]: Json };

/** Options every Keras layer takes. */
export interface LayerOptions {
  /** The layer's name (default: the class name in snake case made unique, `dense`, `dense_1`, ...). */
  name?: string;
  /** The shape of one sample, without the batch axis (`[784]`, `[28, 28]`); only the first layer needs it. */
  inputShape?: readonly number[];
  /** Shorthand for `inputShape: [inputDim]` (Keras's `input_dim`). */
  inputDim?: number;
  /** Whether the layer's weights are trained (default true). */
  trainable?: boolean;
}

/** Formats a sample shape as Keras prints it with the batch axis: `(None, 10)`. */
export function formatKerasShape(shape: readonly number[]): string {
  return `(None, ${shape.join(", ")})`;
}

/** Checks a sample shape given to a layer: positive integers. */
export function checkSampleShape(where: string, name: string, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d <= 0)) {
    throw new Error(`${where}: ${name} must be an array of positive integers, got ${JSON.stringify(shape)}`);
  }
  return [...shape];
}

/**
 * Base class of Keras layers. A Keras layer IS an `nn.Module`: its weights are nn Parameters (so
 * optimizers, `stateDict` and safetensors work on it) and `forward(x)` applies it. On top it has
 * Keras's name, its sample shape in and out (`computeOutputShape`), lazy `build(inputShape)` that
 * creates the weights once the input size is known, and the weights in Keras's layout
 * (`getWeights` / `setWeights`).
 * @example
 * const d = new keras.layers.Dense({ units: 10, inputDim: 3 });
 * d.name; // "dense"
 * d.countParams(); // 40
 */
export abstract class Layer extends Module {
  /** The layer's unique name (`dense`, `dense_1`, ...). */
  readonly name: string;
  /** The sample shape this layer was told to expect (`inputShape` / `inputDim`), or null. */
  readonly declaredInputShape: number[] | null;
  /** Whether `build` has created the weights. */
  built = false;
  /** The sample shape seen by `build`, or null before it. */
  inputShape: number[] | null = null;
  /** Whether the weights are trained (`false` freezes them, Keras's `trainable`). */
  trainable: boolean;

  constructor(options: LayerOptions = {}) {
    super();
    const cls = this.constructor.name;
    if (options.name !== undefined && (typeof options.name !== "string" || options.name === "" || options.name.includes("."))) {
      throw new Error(`keras.layers.${cls}: name must be a non-empty string without ".", got ${JSON.stringify(options.name)}`);
    }
    this.name = options.name ?? uniqueName(snakeCase(cls));
    if (options.inputDim !== undefined && options.inputShape !== undefined) {
      throw new Error(`keras.layers.${cls}: give inputDim or inputShape, not both`);
    }
    if (options.inputDim !== undefined) this.declaredInputShape = checkSampleShape(`keras.layers.${cls}`, "inputDim", [options.inputDim]);
    else if (options.inputShape !== undefined) this.declaredInputShape = checkSampleShape(`keras.layers.${cls}`, "inputShape", options.inputShape);
    else this.declaredInputShape = null;
    this.trainable = options.trainable ?? true;
  }

  /** Keras's class name (`"Dense"`), used by `summary()` and saved models. */
  get className(): string {
    return this.constructor.name;
  }

  /**
   * Creates the weights for samples of `inputShape` (no batch axis). Called once, by the model, when
   * the input size is known; later calls check that the shape is the same.
   */
  build(inputShape: readonly number[]): void {
    if (this.built) {
      if (this.inputShape !== null && inputShape.join() !== this.inputShape.join()) {
        throw new Error(
          `Input 0 of layer "${this.name}" is incompatible with the layer: expected shape ${formatKerasShape(this.inputShape)}, ` +
            `found shape ${formatKerasShape(inputShape)}`,
        );
      }
      return;
    }
    this.createWeights(inputShape);
    this.inputShape = [...inputShape];
    this.built = true;
  }

  /** Subclasses with weights create them here (the input size is now known). */
  protected createWeights(_inputShape: readonly number[]): void {}

  /** The sample shape this layer outputs for samples of `inputShape` (no batch axis). */
  abstract computeOutputShape(inputShape: readonly number[]): number[];

  /** The layer's weights in Keras's order (Dense: kernel, then bias); empty before `build`. */
  weightParameters(): Parameter[] {
    return this.parameters();
  }

  /** Copies of the weights in Keras's layout and order (Dense: kernel `[in, units]`, then bias). */
  getWeights(): Tensor[] {
    return this.weightParameters().map((p) => p.detach().clone());
  }

  /** Sets the weights from tensors in `getWeights()`'s layout and order (copied). */
  setWeights(weights: readonly Tensor[]): void {
    const own = this.weightParameters();
    if (weights.length !== own.length) {
      throw new Error(`${this.className}.setWeights: layer "${this.name}" has ${own.length} weights, got ${weights.length}`);
    }
    own.forEach((p, i) => copyWeight(this, i, p, weights[i]));
  }

  /** Number of scalars in the weights (Dense(10) on 3 inputs: 40). */
  countParams(): number {
    if (!this.built) throw new Error(`${this.className}.countParams: layer "${this.name}" is not built yet (its input size is unknown)`);
    return this.weightParameters().reduce((n, p) => n + p.numel(), 0);
  }

  /** The config that rebuilds this layer (`name`, options, and `inputShape` when declared). */
  getConfig(): LayerConfig {
    const config: LayerConfig = { name: this.name, trainable: this.trainable };
    if (this.declaredInputShape !== null) config.inputShape = [...this.declaredInputShape];
    return config;
  }

  /** The penalty of this layer's regularizers, added to the loss by the model; null when it has none. */
  regularizationLoss(): Tensor | null {
    return null;
  }

  /** Applies the layer; the same as `forward`, named as Keras calls it. */
  call(input: Tensor): Tensor {
    return this.forward(input);
  }
}

/** Copies `value` into parameter `p` (weight `i` of `layer`), checking its shape. */
export function copyWeight(layer: Layer, i: number, p: Tensor, value: Tensor): void {
  if (value.shape.join() !== p.shape.join()) {
    throw new Error(
      `${layer.className}.setWeights: weight ${i} of layer "${layer.name}" has shape [${p.shape.join(", ")}], got [${value.shape.join(", ")}]`,
    );
  }
  noGrad(() => p.copy_(value));
}
