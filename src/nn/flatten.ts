import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";

/** Options of `Flatten`. */
export interface FlattenOptions {
  /** First dimension to flatten (default 1: keep the batch dimension). */
  startDim?: number;
  /** Last dimension to flatten (default -1). */
  endDim?: number;
}

/**
 * Flattens dimensions `startDim..endDim` into one, like `torch.nn.Flatten`; defaults 1 and -1, so
 * `[N, 1, 28, 28]` becomes `[N, 784]`. Given as numbers (`new nn.Flatten(0)`) or `{startDim, endDim}`.
 * @example new nn.Flatten().forward(bp.zeros(64, 1, 28, 28)).shape; // [64, 784]
 */
export class Flatten extends Module {
  /** First flattened dimension. */
  startDim: number;
  /** Last flattened dimension. */
  endDim: number;

  constructor(startDim: number | FlattenOptions = {}, endDim?: number) {
    super();
    const o = typeof startDim === "number" ? { startDim, endDim } : startDim;
    this.startDim = o.startDim ?? 1;
    this.endDim = o.endDim ?? -1;
  }

  override forward(input: Tensor): Tensor {
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}
