import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import { pyFloat } from "./_repr.ts";
import * as F from "./functional/index.ts";
import { checkDropoutP } from "./_checks.ts";

/** Options of `Dropout`. */
export interface DropoutModuleOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
}

/**
 * Inverted dropout, like `torch.nn.Dropout`: in training mode each element is zeroed with probability
 * `p` and the others are scaled by `1 / (1 - p)`; in eval mode (`model.eval()`) it is the identity.
 * Default p 0.5, given as a number (`new nn.Dropout(0.2)`) or `{p}`. Seeded by `manualSeed`.
 * Shapes: any; output of the input's shape.
 * @example
 * const drop = new nn.Dropout(0.5);
 * drop.forward(bp.ones(4));        // e.g. tensor([2., 0., 0., 2.])
 * drop.eval().forward(bp.ones(4)); // tensor([1., 1., 1., 1.])
 */
export class Dropout extends Module {
  /** Probability of an element being zeroed. */
  p: number;

  constructor(p: number | DropoutModuleOptions = {}) {
    super();
    this.p = checkDropoutP("Dropout", typeof p === "number" ? p : (p.p ?? 0.5));
  }

  override forward(input: Tensor): Tensor {
    return F.dropout(input, { p: this.p, training: this.training });
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
}
