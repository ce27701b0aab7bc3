import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import { pyFloat } from "./_repr.ts";
import * as F from "./functional/index.ts";
import { checkDropoutP, numberOrOption } from "./_checks.ts";

/*
 * Dropout modules, like torch/nn/modules/dropout.py: each holds `p` and applies its nn.functional
 * form in training mode; in eval mode (`model.eval()`) they are the identity. Seeded by `manualSeed`.
 */

/** Options of the dropout modules. */
export interface DropoutModuleOptions {
  /** Probability of zeroing an element (or a channel) (default 0.5). */
  p?: number;
}

/** What every dropout module shares (PyTorch's `_DropoutNd`): `p`, given as a number or `{p}`, and the printout. */
abstract class DropoutNd extends Module {
  /** Probability of an element (or channel) being dropped. */
  p: number;

  constructor(p: number | DropoutModuleOptions = {}) {
    super();
    this.p = checkDropoutP(this.constructor.name, numberOrOption(this.constructor.name, "p", p, 0.5));
  }

  override extraRepr(): string {
    return `p=${pyFloat(this.p)}, inplace=False`;
  }
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
export class Dropout extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout(input, { p: this.p, training: this.training });
  }
}

/**
 * Channel-wise dropout for `[N, C, L]` (or `[C, L]`) input, like `torch.nn.Dropout1d`: whole channels are
 * zeroed with probability `p` (default 0.5), the rest scaled by `1 / (1 - p)`.
 * @example new nn.Dropout1d(0.2).forward(bp.ones(2, 4, 3)).shape; // [2, 4, 3]
 */
export class Dropout1d extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout1d(input, { p: this.p, training: this.training });
  }
}

/**
 * Channel-wise dropout for `[N, C, H, W]` input, like `torch.nn.Dropout2d` (a 3-D input is read as
 * `[N, C, L]`, as PyTorch 1.13 does).
 * @example new nn.Dropout2d(0.2).forward(bp.ones(2, 3, 4, 4)).shape; // [2, 3, 4, 4]
 */
export class Dropout2d extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.dropout2d(input, { p: this.p, training: this.training });
  }
}

/**
 * Alpha dropout, like `torch.nn.AlphaDropout`: dropout for SELU networks that keeps a zero mean and
 * unit variance (dropped elements go to SELU's saturation value, then an affine correction).
 * @example new nn.AlphaDropout(0.2).forward(bp.randn(4, 4)).shape; // [4, 4]
 */
export class AlphaDropout extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.alphaDropout(input, { p: this.p, training: this.training });
  }
}

/**
 * Alpha dropout of whole channels, like `torch.nn.FeatureAlphaDropout`.
 * @example new nn.FeatureAlphaDropout(0.2).forward(bp.randn(2, 3, 5)).shape; // [2, 3, 5]
 */
export class FeatureAlphaDropout extends DropoutNd {
  override forward(input: Tensor): Tensor {
    return F.featureAlphaDropout(input, { p: this.p, training: this.training });
  }
}
