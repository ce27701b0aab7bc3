import { Tensor } from "../../tensor/tensor.ts";
import { allocate } from "../../tensor/dtype.ts";
import { uniform } from "../../tensor/random.ts";
import { checkDropoutP } from "../_checks.ts";
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
