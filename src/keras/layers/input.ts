import { Layer, checkSampleShape } from "./layer.ts";
import type { Tensor } from "../../tensor/tensor.ts";
import { uniqueName } from "../backend.ts";

/** Options of `Input`. */
export interface InputOptions {
  /** The shape of one sample, without the batch axis (`[784]`). */
  shape: readonly number[];
  /** The layer's name (default `input_1`, ...). */
  name?: string;
}

/**
 * Declares the sample shape of a model's input, Keras's `keras.Input(shape=...)`: added first to a
 * `Sequential`, it gives the next layer its input size. It holds no weights and, as in Keras, is not
 * listed in `model.layers` nor in `summary()`.
 * @example
 * const model = new keras.Sequential([new keras.layers.Input({ shape: [3] }), new keras.layers.Dense({ units: 1 })]);
 */
export class Input extends Layer {
  constructor(options: InputOptions) {
    if (options === null || typeof options !== "object") throw new Error("keras.layers.Input: expected an options object with shape, e.g. { shape: [3] }");
    checkSampleShape("keras.layers.Input", "shape", options.shape);
    super({ name: options.name ?? uniqueName("input", false), inputShape: options.shape });
    this.build(options.shape);
  }

  override get className(): string {
    return "InputLayer";
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override forward(input: Tensor): Tensor {
    return input;
  }
}
