import { Tensor } from "../../tensor/tensor.ts";
import { allocate } from "../../tensor/dtype.ts";
import { uniform } from "../../tensor/random.ts";
import { checkDropoutP, checkTensorInput } from "../_checks.ts";
import { floatDType } from "./_common.ts";

/* nn.functional's dropout, like torch.nn.functional.dropout. */


/** Options of `dropout`. */
export interface DropoutOptions {
  /** Probability of zeroing an element (default 0.5). */
  p?: number;
  /** Apply dropout (default true, like `F.dropout`); false returns the input unchanged. */
  training?: boolean;
}

/**
 * Inverted dropout, like `F.dropout`: in training each element is zeroed with probability `p` and the
 * rest are scaled by `1 / (1 - p)`, so the expectation is unchanged; otherwise the identity. `p`
 * (default 0.5) may be given as a number. Seeded by `manualSeed`.
 * @example F.dropout(bp.ones(4), { p: 0.5 }); // e.g. tensor([2., 0., 2., 2.])
 */
export function dropout(input: Tensor, options: number | DropoutOptions = {}): Tensor {
  checkTensorInput("dropout", input);
  const o = typeof options === "number" ? { p: options } : options;
  const p = checkDropoutP("dropout", o.p ?? 0.5);
  if (!(o.training ?? true) || p === 0) return input;
  if (p === 1) return input.mul(0);
  const keep = 1 - p;
  const scale = 1 / keep;
  const mask = allocate(floatDType(input), input.numel());
  for (let i = 0; i < mask.length; i++) mask[i] = uniform() < keep ? scale : 0;
  // d dropout/dx = mask / (1 - p): kept elements pass the gradient scaled, dropped ones block it
  return input.mul(new Tensor(mask, input.shape));
}

// ---- the dropout variants: channel-wise (feature) masks and SELU-preserving alpha dropout

/** `alpha` of SELU's negative saturation, `-scale · alpha` of selu, as PyTorch's alpha dropout uses it. */
const ALPHA_PRIME = 1.7580993408473766;

/**
 * A keep/drop noise tensor of 1s and 0s (keep with probability 1 - p), drawn from the seeded generator:
 * one value per element, or with `feature` one per `[N, C]` channel, broadcast over the rest.
 */
function bernoulliNoise(input: Tensor, p: number, feature: boolean): Tensor {
  const shape = feature ? input.shape.map((s, i) => (i < 2 ? s : 1)) : [...input.shape];
  const n = shape.reduce((a, b) => a * b, 1);
  const noise = allocate(floatDType(input), n);
  const keep = 1 - p;
  for (let i = 0; i < n; i++) noise[i] = uniform() < keep ? 1 : 0;
  return new Tensor(noise, shape);
}

/**
 * PyTorch's _dropout_impl: plain (`x · noise / (1 - p)`) or alpha (`a · noise · x + b`, with
 * `a = 1 / sqrt((alpha'^2 p + 1)(1 - p))` and `b = (noise - 1) alpha' a + alpha' a p`), per element
 * or per channel.
 */
function dropoutImpl(op: string, input: Tensor, options: number | DropoutOptions, alpha: boolean, feature: boolean): Tensor {
  const o = typeof options === "number" ? { p: options } : options;
  const p = checkDropoutP(op, o.p ?? 0.5);
  if (!(o.training ?? true) || p === 0) return input;
  if (feature && input.dim() < 2) throw new Error(`${op}: feature dropout needs at least 2 dimensions [N, C, *], got ${input.dim()}`);
  if (p === 1) return input.mul(0);
  const noise = bernoulliNoise(input, p, feature);
  if (!alpha) {
    // d/dx = noise / (1 - p)
    return input.mul(noise.div(1 - p));
  }
  const a = 1 / Math.sqrt((ALPHA_PRIME * ALPHA_PRIME * p + 1) * (1 - p));
  const b = noise.sub(1).mul(ALPHA_PRIME * a).add(ALPHA_PRIME * a * p);
  // d/dx = a · noise
  return input.mul(noise.mul(a)).add(b);
}

/**
 * Channel-wise dropout for `[N, C, L]` or `[C, L]` input, like `F.dropout1d`: each whole channel is
 * zeroed with probability `p` (default 0.5) and the rest scaled by `1 / (1 - p)`; identity unless
 * training (default true). Seeded by `manualSeed`.
 * @example F.dropout1d(bp.ones(2, 4, 3), { p: 0.5 }); // whole rows of 3 are 0 or 2
 */
export function dropout1d(input: Tensor, options: number | DropoutOptions = {}): Tensor {
  checkTensorInput("dropout1d", input);
  if (input.dim() !== 2 && input.dim() !== 3) {
    throw new Error(`dropout1d: expected 2D or 3D input, but received a ${input.dim()}D input (channels with 1 spatial dimension and an optional batch dimension)`);
  }
  if (input.dim() === 2) return dropoutImpl("dropout1d", input.unsqueeze(0), options, false, true).squeeze(0);
  return dropoutImpl("dropout1d", input, options, false, true);
}

/**
 * Channel-wise dropout, like `F.dropout2d`: each `[N, C]` channel of `[N, C, H, W]` input is zeroed
 * with probability `p` (default 0.5) as a whole and the rest scaled by `1 / (1 - p)`. As PyTorch 1.13,
 * a 3-D input is read as `[N, C, L]` (1-D channels), not as an unbatched `[C, H, W]`.
 * @example F.dropout2d(bp.ones(2, 3, 4, 4), { p: 0.2 }).shape; // [2, 3, 4, 4]
 */
export function dropout2d(input: Tensor, options: number | DropoutOptions = {}): Tensor {
  checkTensorInput("dropout2d", input);
  return dropoutImpl("dropout2d", input, options, false, true);
}

/**
 * Alpha dropout, like `F.alpha_dropout`: keeps SELU's self-normalising mean 0 and variance 1. Each
 * element is dropped with probability `p` (default 0.5) to SELU's saturation value, and everything is
 * then scaled and shifted: `a (x · keep + alpha' (1 - keep)) + b` with PyTorch's `a`, `b`. Unlike
 * `dropout`, the default of `training` is false, as PyTorch's.
 * @example F.alphaDropout(bp.randn(4, 4), { p: 0.2, training: true }).shape; // [4, 4]
 */
export function alphaDropout(input: Tensor, options: number | DropoutOptions = {}): Tensor {
  checkTensorInput("alphaDropout", input);
  const o = typeof options === "number" ? { p: options } : options;
  return dropoutImpl("alphaDropout", input, { p: o.p, training: o.training ?? false }, true, false);
}

/**
 * Alpha dropout of whole channels (`[N, C]` of `[N, C, *]` input), like `F.feature_alpha_dropout`.
 * `training` defaults to false, as PyTorch's.
 * @example F.featureAlphaDropout(bp.randn(2, 3, 5), { p: 0.2, training: true }).shape; // [2, 3, 5]
 */
export function featureAlphaDropout(input: Tensor, options: number | DropoutOptions = {}): Tensor {
  checkTensorInput("featureAlphaDropout", input);
  const o = typeof options === "number" ? { p: options } : options;
  return dropoutImpl("featureAlphaDropout", input, { p: o.p, training: o.training ?? false }, true, true);
}
