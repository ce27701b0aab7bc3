import type { Tensor } from "../tensor/tensor.ts";
import { formatShape } from "../tensor/shape.ts";
import { Module } from "./module.ts";
import { checkTensorInput } from "./_checks.ts";

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
    checkTensorInput("Flatten.forward", input);
    return input.flatten(this.startDim, this.endDim);
  }

  override extraRepr(): string {
    return `start_dim=${this.startDim}, end_dim=${this.endDim}`;
  }
}

/**
 * Splits dimension `dim` of the input into `unflattenedSize`, like `torch.nn.Unflatten`: the inverse of
 * `Flatten`. One entry of the sizes may be -1 (inferred); their product must equal the size of `dim`.
 * Shapes: `[*, S, *]` to `[*, ...unflattenedSize, *]`.
 * @example new nn.Unflatten(1, [1, 28, 28]).forward(bp.zeros(64, 784)).shape; // [64, 1, 28, 28]
 */
export class Unflatten extends Module {
  /** The dimension that is split. */
  dim: number;
  /** The sizes it is split into. */
  unflattenedSize: number[];

  constructor(dim: number, unflattenedSize: readonly number[]) {
    super();
    if (!Number.isInteger(dim)) throw new Error(`Unflatten: dim must be an integer, got ${dim}`);
    if (!Array.isArray(unflattenedSize) || unflattenedSize.length === 0 || unflattenedSize.some((s) => !Number.isInteger(s) || s < -1)) {
      throw new Error(`Unflatten: unflattenedSize must be a non-empty list of sizes (one may be -1), got ${String(JSON.stringify(unflattenedSize)).slice(0, 100)}`);
    }
    this.dim = dim;
    this.unflattenedSize = [...unflattenedSize];
  }

  override forward(input: Tensor): Tensor {
    checkTensorInput("Unflatten.forward", input);
    const nd = input.dim();
    const d = this.dim < 0 ? this.dim + nd : this.dim;
    if (d < 0 || d >= nd) throw new Error(`Unflatten: dim ${this.dim} is out of range for an input of ${nd} dimensions`);
    const size = input.shape[d];
    const known = this.unflattenedSize.filter((s) => s !== -1).reduce((a, b) => a * b, 1);
    const free = this.unflattenedSize.filter((s) => s === -1).length;
    const ok = free === 0 ? known === size : free === 1 && known > 0 && size % known === 0;
    if (!ok) {
      throw new Error(
        `Unflatten: sizes ${formatShape(this.unflattenedSize)} don't multiply up to the size of dim ${this.dim} (${size}) of input shape ${formatShape(input.shape)}`,
      );
    }
    const sizes = this.unflattenedSize.map((s) => (s === -1 ? size / known : s));
    return input.reshape([...input.shape.slice(0, d), ...sizes, ...input.shape.slice(d + 1)]);
  }

  override extraRepr(): string {
    return `dim=${this.dim}, unflattened_size=(${this.unflattenedSize.join(", ")}${this.unflattenedSize.length === 1 ? "," : ""})`;
  }
}
