import type { Tensor } from "../../tensor/tensor.ts";
import { Layer, type LayerOptions } from "./layer.ts";

/**
 * Keras's `layers.Flatten()`: reshapes each sample to one axis, `[batch, d1, d2, ...]` ->
 * `[batch, d1 * d2 * ...]`; the batch axis is kept.
 * @example
 * model.add(new keras.layers.Flatten({ inputShape: [28, 28] })); // output (None, 784)
 */
export class Flatten extends Layer {
  constructor(options: LayerOptions = {}) {
    super(options);
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [inputShape.reduce((a, b) => a * b, 1)];
  }

  override forward(input: Tensor): Tensor {
    return input.reshape(input.shape[0], -1);
  }
}
