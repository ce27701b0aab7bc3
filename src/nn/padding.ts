import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional/index.ts";
import { pyFloat } from "./_repr.ts";

/*
 * Padding modules, like torch/nn/modules/padding.py: each holds its padding (one number for every
 * side, or the `[left, right, top, bottom, ...]` list) and calls `F.pad` with its mode.
 */

/** The padding of an n-d padding module as F.pad's list (one number repeats on all 2n sides). */
function padList(op: string, padding: number | readonly number[], n: number): number[] {
  const list = typeof padding === "number" ? new Array<number>(2 * n).fill(padding) : [...padding];
  if (list.length !== 2 * n || list.some((v) => !Number.isInteger(v))) {
    throw new Error(`${op}: padding must be an integer or a list of ${2 * n} integers, got ${String(JSON.stringify(padding)).slice(0, 100)}`);
  }
  return list;
}

/** Shared body of the padding modules: the padding list and the mode. */
class PadNd extends Module {
  /** `[left, right]` of the last dimension, then of the one before, ... */
  padding: number[];

  constructor(
    padding: number | readonly number[],
    dims: number,
    private readonly mode: F.PaddingMode,
  ) {
    super();
    this.padding = padList(this.constructor.name, padding, dims);
  }

  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, { mode: this.mode });
  }

  override extraRepr(): string {
    return `(${this.padding.join(", ")})`;
  }
}

/** Shared body of the constant padding modules: padding plus a fill value. */
class ConstantPadNd extends Module {
  /** `[left, right]` of the last dimension, then of the one before, ... */
  padding: number[];
  /** The fill value. */
  value: number;

  constructor(padding: number | readonly number[], value: number, dims: number) {
    super();
    this.padding = padList(this.constructor.name, padding, dims);
    this.value = value;
  }

  override forward(input: Tensor): Tensor {
    return F.pad(input, this.padding, { value: this.value });
  }

  override extraRepr(): string {
    return `padding=(${this.padding.join(", ")}), value=${pyFloat(this.value)}`;
  }
}

/**
 * Pads the last dimension with a constant: `padding` is one number or `[left, right]`.
 * @example new nn.ConstantPad1d([1, 2], 3.5).forward(bp.ones(1, 2, 4)).shape; // [1, 2, 7]
 */
export class ConstantPad1d extends ConstantPadNd {
  constructor(padding: number | readonly [number, number], value: number) {
    super(padding, value, 1);
  }
}

/**
 * Pads the last two dimensions with a constant: `padding` is one number or `[left, right, top, bottom]`.
 * @example new nn.ConstantPad2d(1, -1).forward(bp.ones(1, 3, 3)).shape; // [1, 5, 5]
 */
export class ConstantPad2d extends ConstantPadNd {
  constructor(padding: number | readonly [number, number, number, number], value: number) {
    super(padding, value, 2);
  }
}

/**
 * Pads the last three dimensions with a constant: one number or `[left, right, top, bottom, front, back]`.
 * @example new nn.ConstantPad3d(1, 0).forward(bp.ones(1, 2, 2, 2)).shape; // [1, 4, 4, 4]
 */
export class ConstantPad3d extends ConstantPadNd {
  constructor(padding: number | readonly [number, number, number, number, number, number], value: number) {
    super(padding, value, 3);
  }
}

/**
 * Pads the last two dimensions with zeros: one number or `[left, right, top, bottom]`.
 * @example new nn.ZeroPad2d([1, 1, 2, 0]).forward(bp.ones(1, 3, 3)).shape; // [1, 5, 5]
 */
export class ZeroPad2d extends ConstantPadNd {
  constructor(padding: number | readonly [number, number, number, number]) {
    super(padding, 0, 2);
  }

  override extraRepr(): string {
    return `(${this.padding.join(", ")})`;
  }
}

/**
 * Pads the last dimension with its mirror image (edge not repeated): `[C, W]` or `[N, C, W]`.
 * @example new nn.ReflectionPad1d(2).forward(bp.arange(4).reshape(1, 1, 4)); // [[[2, 1, 0, 1, 2, 3, 2, 1]]]
 */
export class ReflectionPad1d extends PadNd {
  constructor(padding: number | readonly [number, number]) {
    super(padding, 1, "reflect");
  }
}

/**
 * Pads the last two dimensions with their mirror image: `[C, H, W]` or `[N, C, H, W]`.
 * @example new nn.ReflectionPad2d(1).forward(bp.ones(1, 1, 3, 3)).shape; // [1, 1, 5, 5]
 */
export class ReflectionPad2d extends PadNd {
  constructor(padding: number | readonly [number, number, number, number]) {
    super(padding, 2, "reflect");
  }
}

/**
 * Pads the last dimension with copies of its edge values: `[C, W]` or `[N, C, W]`.
 * @example new nn.ReplicationPad1d([1, 2]).forward(bp.tensor([[[1, 2]]])); // [[[1, 1, 2, 2, 2]]]
 */
export class ReplicationPad1d extends PadNd {
  constructor(padding: number | readonly [number, number]) {
    super(padding, 1, "replicate");
  }
}

/**
 * Pads the last two dimensions with copies of their edges: `[C, H, W]` or `[N, C, H, W]`.
 * @example new nn.ReplicationPad2d(1).forward(bp.ones(1, 1, 3, 3)).shape; // [1, 1, 5, 5]
 */
export class ReplicationPad2d extends PadNd {
  constructor(padding: number | readonly [number, number, number, number]) {
    super(padding, 2, "replicate");
  }
}
