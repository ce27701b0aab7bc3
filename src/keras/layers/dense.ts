import type { Tensor } from "../../tensor/tensor.ts";
import { zeros } from "../../tensor/creation.ts";
import { Parameter } from "../../nn/parameter.ts";
import * as F from "../../nn/functional/index.ts";
import * as activations from "../activations.ts";
import * as initializers from "../initializers.ts";
import * as regularizers from "../regularizers.ts";
import { Layer, copyWeight, type Json, type LayerConfig, type LayerOptions } from "./layer.ts";

/** An activation as layers take it: a name (`"relu"`), a function of a tensor, or null (linear). */
export type ActivationIdentifier = Parameters<typeof activations.get>[0];
/** An initializer as layers take it: a name (`"glorot_uniform"`) or a `keras.initializers.*` object. */
export type InitializerIdentifier = Parameters<typeof initializers.get>[0];
type Initializer = ReturnType<typeof initializers.get>;
/** A regularizer as layers take it: a `keras.regularizers.*` object (or its name). */
export type RegularizerIdentifier = Parameters<typeof regularizers.get>[0];
type Regularizer = ReturnType<typeof regularizers.get>;

/** Options of `Dense` (Keras's arguments, camelCased). */
export interface DenseOptions extends LayerOptions {
  /** Number of outputs (neurons). */
  units: number;
  /** Activation applied to the output: a name (`"relu"`, `"sigmoid"`, ...), a function, or null/`"linear"` (default). */
  activation?: ActivationIdentifier;
  /** Whether the layer adds a bias (default true). */
  useBias?: boolean;
  /** Initializer of the kernel (default `"glorot_uniform"`). */
  kernelInitializer?: InitializerIdentifier;
  /** Initializer of the bias (default `"zeros"`). */
  biasInitializer?: InitializerIdentifier;
  /** Penalty on the kernel added to the loss (`keras.regularizers.l2(0.01)`), default none. */
  kernelRegularizer?: RegularizerIdentifier | null;
  /** Penalty on the bias added to the loss, default none. */
  biasRegularizer?: RegularizerIdentifier | null;
}

/**
 * Keras's fully connected layer: `output = activation(input . kernel + bias)` on the last axis.
 * Shapes: input `[batch, ..., in]`, output `[batch, ..., units]`; Keras's kernel is `[in, units]`.
 *
 * The weights are stored as nn Parameters in PyTorch's layout, `weight` `[units, in]` and `bias`
 * `[units]` (so `stateDict()` loads into an `nn.Linear`); `getWeights()` / `setWeights()` and
 * `kernel` use Keras's layout. With relu, sigmoid or tanh the layer is one fused op and one graph node
 * (`nn.functional.linearActivation`); other activations run after `nn.functional.linear`.
 * Defaults as Keras: glorot-uniform kernel, zero bias, linear activation.
 * @example
 * const model = new keras.Sequential();
 * model.add(new keras.layers.Dense({ units: 10, inputDim: 3, activation: "sigmoid" }));
 * model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
 */
export class Dense extends Layer {
  /** Number of outputs. */
  readonly units: number;
  /** Whether there is a bias. */
  readonly useBias: boolean;
  /** The activation (name and function). */
  readonly activation: activations.Activation;
  /** The kernel's initializer. */
  readonly kernelInitializer: Initializer;
  /** The bias's initializer. */
  readonly biasInitializer: Initializer;
  /** The kernel's penalty, or null. */
  readonly kernelRegularizer: Regularizer | null;
  /** The bias's penalty, or null. */
  readonly biasRegularizer: Regularizer | null;
  /** The weights `[units, in]` (PyTorch's layout; null before `build`). */
  weight: Parameter | null = null;
  /** The bias `[units]`, or null (before `build` or with `useBias: false`). */
  bias: Parameter | null = null;

  constructor(options: DenseOptions) {
    if (options === null || typeof options !== "object") throw new Error("keras.layers.Dense: expected an options object with units, e.g. { units: 10 }");
    super(options);
    if (!Number.isInteger(options.units) || options.units <= 0) {
      throw new Error(`keras.layers.Dense: units must be a positive integer, got ${String(options.units)}`);
    }
    this.units = options.units;
    this.useBias = options.useBias ?? true;
    this.activation = activations.get(options.activation);
    this.kernelInitializer = initializers.get(options.kernelInitializer ?? "glorot_uniform");
    this.biasInitializer = initializers.get(options.biasInitializer ?? "zeros");
    this.kernelRegularizer = options.kernelRegularizer == null ? null : regularizers.get(options.kernelRegularizer);
    this.biasRegularizer = options.biasRegularizer == null ? null : regularizers.get(options.biasRegularizer);
    if (this.declaredInputShape !== null) this.build(this.declaredInputShape);
  }

  protected override createWeights(inputShape: readonly number[]): void {
    const inFeatures = inputShape[inputShape.length - 1];
    this.weight = new Parameter(zeros([this.units, inFeatures]));
    this.kernelInitializer.init_(this.weight);
    if (this.useBias) {
      this.bias = new Parameter(zeros([this.units]));
      this.biasInitializer.init_(this.bias);
    }
  }

  /** The kernel in Keras's layout `[in, units]` (a copy; `weight` is the trained tensor). */
  get kernel(): Tensor {
    return this.built ? this.weight!.detach().t().clone() : zeros([0]);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape.slice(0, -1), this.units];
  }

  override forward(input: Tensor): Tensor {
    if (!this.built) this.build(input.shape.slice(1));
    const inFeatures = this.weight!.shape[1];
    if (input.shape[input.dim() - 1] !== inFeatures) {
      throw new Error(
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected axis -1 of input shape to have value ${inFeatures}, ` +
          `but received input with shape [${input.shape.join(", ")}]`,
      );
    }
    const fused = this.activation.fused;
    if (fused !== null) return F.linearActivation(input, this.weight!, this.bias, fused);
    const out = F.linear(input, this.weight!, this.bias);
    return this.activation.fn(out);
  }

  override weightParameters(): Parameter[] {
    if (!this.built) return [];
    return this.bias === null ? [this.weight!] : [this.weight!, this.bias];
  }

  /** Copies: the kernel `[in, units]`, then the bias `[units]` (Keras's order and layout). */
  override getWeights(): Tensor[] {
    if (!this.built) return [];
    const out = [this.weight!.detach().t().clone()];
    if (this.bias !== null) out.push(this.bias.detach().clone());
    return out;
  }

  /** Sets kernel `[in, units]` and bias `[units]` from Keras's layout. */
  override setWeights(weights: readonly Tensor[]): void {
    const own = this.weightParameters();
    if (weights.length !== own.length) {
      throw new Error(`Dense.setWeights: layer "${this.name}" has ${own.length} weights (kernel${this.useBias ? ", bias" : ""}), got ${weights.length}`);
    }
    const kernel = weights[0];
    if (kernel.dim() !== 2) throw new Error(`Dense.setWeights: the kernel of layer "${this.name}" must be 2-D [in, units], got [${kernel.shape.join(", ")}]`);
    copyWeight(this, 0, this.weight!, kernel.t());
    if (this.bias !== null) copyWeight(this, 1, this.bias, weights[1]);
  }

  /** The regularizers' penalty on this layer's weights (0 when it has none); added to the loss. */
  override regularizationLoss(): Tensor | null {
    let total: Tensor | null = null;
    if (this.kernelRegularizer !== null && this.weight !== null) total = this.kernelRegularizer.penalty(this.weight);
    if (this.biasRegularizer !== null && this.bias !== null) {
      const p = this.biasRegularizer.penalty(this.bias);
      total = total === null ? p : total.add(p);
    }
    return total;
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      units: this.units,
      activation: this.activation.name,
      useBias: this.useBias,
      kernelInitializer: initializers.serialize(this.kernelInitializer) as unknown as Json,
      biasInitializer: initializers.serialize(this.biasInitializer) as unknown as Json,
      kernelRegularizer: this.kernelRegularizer === null ? null : regularizers.serialize(this.kernelRegularizer) as unknown as Json,
      biasRegularizer: this.biasRegularizer === null ? null : regularizers.serialize(this.biasRegularizer) as unknown as Json,
    };
  }

  override extraRepr(): string {
    return `units=${this.units}, activation=${this.activation.name}`;
  }
}
