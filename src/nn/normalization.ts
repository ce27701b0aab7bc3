import type { Tensor } from "../tensor/tensor.ts";
import { ones, zeros } from "../tensor/creation.ts";
import type { DType } from "../tensor/dtype.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { pyBool, pyFloat } from "./_repr.ts";
import { checkTensorInput } from "./_checks.ts";
import * as F from "./functional/index.ts";

/*
 * Normalisation layers, like torch/nn/modules/batchnorm.py and normalization.py: state in the
 * constructor, forward delegating to nn.functional.
 */

type Fields = Record<string, unknown>;

/** Options of `BatchNorm1d`. */
export interface BatchNormModuleOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Weight of the new batch in the running statistics; null: a cumulative average (default 0.1). */
  momentum?: number | null;
  /** Learn a per-channel scale `weight` (init 1) and shift `bias` (init 0) (default true). */
  affine?: boolean;
  /** Keep running statistics for eval mode (default true); without them batch statistics are used always. */
  trackRunningStats?: boolean;
  /** dtype of the parameters and running statistics (default float32). */
  dtype?: DType;
}

/**
 * Batch normalisation of a 2-D `[N, C]` or 3-D `[N, C, L]` input over its channels C, like
 * `torch.nn.BatchNorm1d`: `y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`. In training the
 * batch's mean and biased variance normalise, and the running statistics are updated with momentum
 * (`running = (1 - momentum) running + momentum batch`, the variance's with the unbiased batch
 * variance; momentum null: the cumulative average over `numBatchesTracked` batches); in eval mode the
 * running statistics normalise. Defaults: eps 1e-5, momentum 0.1, affine true, trackRunningStats true.
 * State-dict keys as PyTorch: `weight`, `bias`, `running_mean`, `running_var`, `num_batches_tracked`;
 * the fields are `weight`, `bias`, `runningMean`, `runningVar`, `numBatchesTracked`.
 * @example
 * const bn = new nn.BatchNorm1d(3);
 * bn.forward(bp.randn(8, 3)).shape; // [8, 3]
 * bn.eval().forward(bp.randn(2, 3));  // normalised with the running statistics
 */
export class BatchNorm1d extends Module {
  /** Number of channels C. */
  readonly numFeatures: number;
  /** Added to the variance. */
  eps: number;
  /** Weight of a new batch in the running statistics (null: cumulative average). */
  momentum: number | null;
  /** Whether `weight` and `bias` exist. */
  readonly affine: boolean;
  /** Whether running statistics are kept. */
  readonly trackRunningStats: boolean;
  /** Per-channel scale `[C]` (null without affine). */
  weight: Parameter | null;
  /** Per-channel shift `[C]` (null without affine). */
  bias: Parameter | null;

  constructor(numFeatures: number, options: BatchNormModuleOptions = {}) {
    super();
    if (!Number.isInteger(numFeatures) || numFeatures < 1) throw new Error(`BatchNorm1d: numFeatures must be a positive integer, got ${numFeatures}`);
    const dtype = options.dtype ?? "float32";
    this.numFeatures = numFeatures;
    this.eps = options.eps ?? 1e-5;
    this.momentum = options.momentum === undefined ? 0.1 : options.momentum;
    this.affine = options.affine ?? true;
    this.trackRunningStats = options.trackRunningStats ?? true;
    this.weight = this.affine ? new Parameter(ones([numFeatures], { dtype })) : null;
    this.bias = this.affine ? new Parameter(zeros([numFeatures], { dtype })) : null;
    if (this.trackRunningStats) {
      this.registerBuffer("running_mean", zeros([numFeatures], { dtype }));
      this.registerBuffer("running_var", ones([numFeatures], { dtype }));
      this.registerBuffer("num_batches_tracked", zeros([], { dtype: "int32" }));
    } else {
      this.registerBuffer("running_mean", null);
      this.registerBuffer("running_var", null);
      this.registerBuffer("num_batches_tracked", null);
    }
  }

  /** The running mean `[C]` (the buffer `running_mean`), or null without trackRunningStats. */
  get runningMean(): Tensor | null {
    return (this as unknown as Fields).running_mean as Tensor | null;
  }

  /** The running (unbiased) variance `[C]` (the buffer `running_var`), or null. */
  get runningVar(): Tensor | null {
    return (this as unknown as Fields).running_var as Tensor | null;
  }

  /** Training batches seen (a 0-d int32 tensor, the buffer `num_batches_tracked`), or null. */
  get numBatchesTracked(): Tensor | null {
    return (this as unknown as Fields).num_batches_tracked as Tensor | null;
  }

  /** Running mean 0, running variance 1, no batches tracked. */
  resetRunningStats(): void {
    this.runningMean?.data.fill(0);
    this.runningVar?.data.fill(1);
    this.numBatchesTracked?.data.fill(0);
  }

  /** Resets the running statistics, weight to 1 and bias to 0. */
  resetParameters(): void {
    this.resetRunningStats();
    this.weight?.data.fill(1);
    this.bias?.data.fill(0);
  }

  override forward(input: Tensor): Tensor {
    checkTensorInput("BatchNorm1d.forward", input);
    if (input.dim() !== 2 && input.dim() !== 3) throw new Error(`BatchNorm1d: expected 2D or 3D input (got ${input.dim()}D input)`);
    let factor = this.momentum ?? 0;
    const tracked = this.numBatchesTracked;
    if (this.training && this.trackRunningStats && tracked !== null) {
      tracked.data[0] += 1;
      factor = this.momentum === null ? 1 / tracked.data[0] : this.momentum;
    }
    const useBatch = this.training || (this.runningMean === null && this.runningVar === null);
    const keepStats = !this.training || this.trackRunningStats;
    return F.batchNorm(input, keepStats ? this.runningMean : null, keepStats ? this.runningVar : null, {
      weight: this.weight, bias: this.bias, training: useBatch, momentum: factor, eps: this.eps,
    });
  }

  override extraRepr(): string {
    return (
      `${this.numFeatures}, eps=${pyFloat(this.eps)}, momentum=${this.momentum === null ? "None" : pyFloat(this.momentum)}, ` +
      `affine=${pyBool(this.affine)}, track_running_stats=${pyBool(this.trackRunningStats)}`
    );
  }
}

/** Options of `LayerNorm`. */
export interface LayerNormModuleOptions {
  /** Added to the variance (default 1e-5). */
  eps?: number;
  /** Learn an elementwise `weight` (init 1) and `bias` (init 0) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** dtype of weight and bias (default float32). */
  dtype?: DType;
}

/**
 * Layer normalisation over the last dimensions (`normalizedShape`, a size or a list), like
 * `torch.nn.LayerNorm`: `y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias`, mean and biased variance
 * per sample over those dimensions, the same in training and eval. Defaults: eps 1e-5,
 * elementwiseAffine true. Shapes: input `[*, ...normalizedShape]`, output the same.
 * @example new nn.LayerNorm(5).forward(bp.randn(4, 5)).shape; // [4, 5]
 */
export class LayerNorm extends Module {
  /** The normalised trailing shape. */
  readonly normalizedShape: number[];
  /** Added to the variance. */
  eps: number;
  /** Whether `weight` and `bias` exist. */
  readonly elementwiseAffine: boolean;
  /** Elementwise scale (null without elementwiseAffine). */
  weight: Parameter | null;
  /** Elementwise shift (null without elementwiseAffine). */
  bias: Parameter | null;

  constructor(normalizedShape: number | readonly number[], options: LayerNormModuleOptions = {}) {
    super();
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : [...normalizedShape];
    if (shape.length === 0 || shape.some((s) => !Number.isInteger(s) || s < 1)) {
      throw new Error(`LayerNorm: normalizedShape must be a positive size or a non-empty list of them, got ${String(JSON.stringify(normalizedShape)).slice(0, 100)}`);
    }
    const dtype = options.dtype ?? "float32";
    this.normalizedShape = shape;
    this.eps = options.eps ?? 1e-5;
    this.elementwiseAffine = options.elementwiseAffine ?? true;
    this.weight = this.elementwiseAffine ? new Parameter(ones(shape, { dtype })) : null;
    this.bias = this.elementwiseAffine ? new Parameter(zeros(shape, { dtype })) : null;
  }

  /** Weight to 1, bias to 0. */
  resetParameters(): void {
    this.weight?.data.fill(1);
    this.bias?.data.fill(0);
  }

  override forward(input: Tensor): Tensor {
    return F.layerNorm(input, this.normalizedShape, { weight: this.weight, bias: this.bias, eps: this.eps });
  }

  override extraRepr(): string {
    const shape = `(${this.normalizedShape.join(", ")}${this.normalizedShape.length === 1 ? "," : ""})`;
    return `${shape}, eps=${pyFloat(this.eps)}, elementwise_affine=${pyBool(this.elementwiseAffine)}`;
  }
}
