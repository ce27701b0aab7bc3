import type { Tensor } from "../../tensor/tensor.ts";
import { formatShape } from "../../tensor/shape.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { checkFloatInput, checkTensorInput } from "../_checks.ts";

/*
 * nn.functional's normalisations, like torch.nn.functional.batch_norm / layer_norm. Composed of
 * recorded ops (mean, sub, mul, div, sqrt), so the gradients follow by the chain rule; the variance is
 * the biased one `mean((x - mean)^2)` for normalising, as PyTorch's.
 */

/** `(x - mean) / sqrt(var + eps)` with mean and biased variance over `dims` (kept). */
function normalize(x: Tensor, dims: number[], eps: number): { y: Tensor; mean: Tensor; variance: Tensor } {
  const mean = x.mean(dims, true);
  const centered = x.sub(mean);
  const variance = centered.mul(centered).mean(dims, true);
  return { y: centered.div(variance.add(eps).sqrt()), mean, variance };
}

/** Options of `batchNorm`. */
export interface BatchNormOptions {
  /** Per-channel scale `[C]` (default none). */
  weight?: Tensor | null;
  /** Per-channel shift `[C]` (default none). */
  bias?: Tensor | null;
  /** Normalise with the batch's statistics and update the running ones (default false, as `F.batch_norm`). */
  training?: boolean;
  /** Weight of the new batch in the running statistics (default 0.1). */
  momentum?: number;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Batch normalisation over the channel dimension 1, like `F.batch_norm`: input `[N, C]` or `[N, C, *]`;
 * `y = (x - mean) / sqrt(var + eps) * weight + bias` per channel. In training, mean and var are the
 * batch's (the biased variance over every dimension but 1), and the running statistics (when given,
 * `[C]`) are updated in place: `running = (1 - momentum) running + momentum stat`, the variance's with
 * the unbiased batch variance. Otherwise the running statistics normalise. Defaults: training false,
 * momentum 0.1, eps 1e-5.
 * @example F.batchNorm(bp.randn(8, 3), null, null, { training: true }).shape; // [8, 3]
 */
export function batchNorm(input: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, options: BatchNormOptions = {}): Tensor {
  checkTensorInput("batchNorm", input);
  checkFloatInput("batchNorm", input);
  const training = options.training ?? false;
  const momentum = options.momentum ?? 0.1;
  const eps = options.eps ?? 1e-5;
  if (input.dim() < 2) throw new Error(`batchNorm: input must have at least 2 dimensions [N, C, *], got shape ${formatShape(input.shape)}`);
  const c = input.shape[1];
  const bshape = input.shape.map((s, i) => (i === 1 ? s : 1));
  for (const [name, t] of [["runningMean", runningMean], ["runningVar", runningVar], ["weight", options.weight], ["bias", options.bias]] as const) {
    if (t !== null && t !== undefined) checkTensorInput("batchNorm", t, name);
    if (t !== null && t !== undefined && t.numel() !== c) throw new Error(`batchNorm: ${name} should contain ${c} elements not ${t.numel()}`);
  }
  let y: Tensor;
  if (training) {
    const dims = input.shape.map((_, i) => i).filter((i) => i !== 1);
    const n = input.numel() / c;
    if (n <= 1) {
      throw new Error(`batchNorm: expected more than 1 value per channel when training, got input size ${formatShape(input.shape)}`);
    }
    const stats = normalize(input, dims, eps);
    y = stats.y;
    noGrad(() => {
      if (runningMean !== null) runningMean.copy_(stats.mean.detach().reshape([c]).mul(momentum).add(runningMean.mul(1 - momentum)));
      if (runningVar !== null) {
        const unbiased = stats.variance.detach().reshape([c]).mul(n / (n - 1));
        runningVar.copy_(unbiased.mul(momentum).add(runningVar.mul(1 - momentum)));
      }
    });
  } else {
    if (runningMean === null || runningVar === null) throw new Error("batchNorm: runningMean and runningVar are required when not training");
    y = input.sub(runningMean.reshape(bshape)).div(runningVar.reshape(bshape).add(eps).sqrt());
  }
  if (options.weight !== null && options.weight !== undefined) y = y.mul(options.weight.reshape(bshape));
  if (options.bias !== null && options.bias !== undefined) y = y.add(options.bias.reshape(bshape));
  return y;
}

/** Options of `layerNorm`. */
export interface LayerNormOptions {
  /** Elementwise scale of shape `normalizedShape` (default none). */
  weight?: Tensor | null;
  /** Elementwise shift of shape `normalizedShape` (default none). */
  bias?: Tensor | null;
  /** Added to the variance (default 1e-5). */
  eps?: number;
}

/**
 * Layer normalisation over the last `normalizedShape.length` dimensions, like `F.layer_norm`:
 * `y = (x - mean) / sqrt(var + eps) * weight + bias` with mean and biased variance over those
 * dimensions of each sample. Shapes: input `[*, ...normalizedShape]`; weight and bias `normalizedShape`.
 * @example F.layerNorm(bp.randn(4, 5), [5]).shape; // [4, 5]
 */
export function layerNorm(input: Tensor, normalizedShape: number | readonly number[], options: LayerNormOptions = {}): Tensor {
  checkTensorInput("layerNorm", input);
  checkFloatInput("layerNorm", input);
  const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
  const k = shape.length;
  const tail = input.shape.slice(input.dim() - k);
  if (k === 0 || input.dim() < k || tail.some((s, i) => s !== shape[i])) {
    throw new Error(
      `layerNorm: given normalizedShape=${formatShape(shape)}, expected input with shape [*, ${shape.join(", ")}], but got input of size ${formatShape(input.shape)}`,
    );
  }
  for (const [name, t] of [["weight", options.weight], ["bias", options.bias]] as const) {
    if (t !== null && t !== undefined && formatShape(t.shape) !== formatShape(shape)) {
      throw new Error(`layerNorm: ${name} of shape ${formatShape(t.shape)} does not match normalizedShape ${formatShape(shape)}`);
    }
  }
  const dims = shape.map((_, i) => input.dim() - k + i);
  let y = normalize(input, dims, options.eps ?? 1e-5).y;
  if (options.weight !== null && options.weight !== undefined) y = y.mul(options.weight);
  if (options.bias !== null && options.bias !== undefined) y = y.add(options.bias);
  return y;
}
