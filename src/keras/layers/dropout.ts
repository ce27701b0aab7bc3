import type { Tensor } from "../../tensor/tensor.ts";
import * as F from "../../nn/functional/index.ts";
import { Layer, type LayerConfig, type LayerOptions } from "./layer.ts";

/** Options of `Dropout`. */
export interface DropoutOptions extends LayerOptions {
  /** Fraction of the inputs to drop, in [0, 1). */
  rate: number;
}

/**
 * Keras's `layers.Dropout(rate)`: while training, zeroes each input with probability `rate` and scales
 * the rest by `1 / (1 - rate)`; at `evaluate` / `predict` time it passes the input through. Draws from
 * backprop's seeded generator (`bp.manualSeed`). The shape is unchanged.
 * @example
 * model.add(new keras.layers.Dropout(0.2)); // or new keras.layers.Dropout({ rate: 0.2 })
 */
export class Dropout extends Layer {
  /** Fraction of the inputs dropped while training. */
  readonly rate: number;

  constructor(rate: number | DropoutOptions) {
    const options: DropoutOptions = typeof rate === "number" ? { rate } : rate;
    super(options);
    if (typeof options.rate !== "number" || !(options.rate >= 0 && options.rate < 1)) {
      throw new Error(`keras.layers.Dropout: rate must be a number in [0, 1), got ${String(options.rate)}`);
    }
    this.rate = options.rate;
  }

  computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override forward(input: Tensor): Tensor {
    return F.dropout(input, { p: this.rate, training: this.training });
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate };
  }
}
