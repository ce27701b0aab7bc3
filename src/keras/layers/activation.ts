import type { Tensor } from "../../tensor/tensor.ts";
import * as activations from "../activations.ts";
import { Layer, type LayerConfig, type LayerOptions } from "./layer.ts";

import type { ActivationIdentifier } from "./dense.ts";

/** Options of `Activation`. */
export interface ActivationOptions extends LayerOptions {
  /** The activation: a name (`"relu"`, `"softmax"`, ...) or a function of a tensor. */
  activation: ActivationIdentifier;
}

/**
 * Applies an activation function to its input, Keras's `layers.Activation`; the shape is unchanged.
 * @example
 * model.add(new keras.layers.Dense({ units: 10, inputDim: 4 }));
 * model.add(new keras.layers.Activation("relu"));
 */
export class Activation extends Layer {
  /** The activation (name and function). */
  readonly activation: activations.Activation;

  constructor(activation: ActivationIdentifier | ActivationOptions) {
    const options: ActivationOptions =
      activation !== null && typeof activation === "object" ? activation : { activation };
    super(options);
    this.activation = activations.get(options.activation);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override forward(input: Tensor): Tensor {
    return this.activation.fn(input);
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), activation: this.activation.name };
  }
}
