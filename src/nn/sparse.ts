import type { Tensor } from "../tensor/tensor.ts";
import { randn } from "../tensor/creation.ts";
import type { DType } from "../tensor/dtype.ts";
import { formatShape } from "../tensor/shape.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { pyFloat } from "./_repr.ts";
import { resolvePaddingIdx } from "./_checks.ts";
import * as F from "./functional/index.ts";

/** Options of `Embedding`. */
export interface EmbeddingModuleOptions extends F.EmbeddingOptions {
  /** Use this tensor (`[numEmbeddings, embeddingDim]`) as the weight instead of a random one. */
  _weight?: Tensor | null;
  /** dtype of the weight (default float32; ignored with `_weight`). */
  dtype?: DType;
}

/** Options of `Embedding.fromPretrained`. */
export interface FromPretrainedOptions extends F.EmbeddingOptions {
  /** Keep the weight fixed (`requiresGrad` false; default true). */
  freeze?: boolean;
}

/**
 * A lookup table of `numEmbeddings` vectors of size `embeddingDim`, like `torch.nn.Embedding`: input an
 * int32 tensor of indices of any shape, output `[...input.shape, embeddingDim]`. The weight is
 * initialised from N(0, 1) (seeded by `manualSeed`), with the `paddingIdx` row zeroed; that row gets no
 * gradient. `maxNorm`, `normType` (default 2) and `scaleGradByFreq` (default false) as `F.embedding`.
 * @example
 * const emb = new nn.Embedding(10, 3, { paddingIdx: 0 });
 * emb.forward(bp.tensor([[1, 2, 0]], { dtype: "int32" })).shape; // [1, 3, 3]
 */
export class Embedding extends Module {
  /** Number of rows. */
  readonly numEmbeddings: number;
  /** Size of each row. */
  readonly embeddingDim: number;
  /** The row that gets no gradient (non-negative), or null. */
  readonly paddingIdx: number | null;
  /** The norm looked-up rows are renormalised to, or null. */
  maxNorm: number | null;
  /** The p of that norm. */
  normType: number;
  /** Whether gradients are divided by the index counts of the batch. */
  scaleGradByFreq: boolean;
  /** The table, `[numEmbeddings, embeddingDim]`. */
  weight: Parameter;

  constructor(numEmbeddings: number, embeddingDim: number, options: EmbeddingModuleOptions = {}) {
    super();
    for (const [name, v] of [["numEmbeddings", numEmbeddings], ["embeddingDim", embeddingDim]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`Embedding: ${name} must be a non-negative integer, got ${v}`);
    }
    this.numEmbeddings = numEmbeddings;
    this.embeddingDim = embeddingDim;
    this.paddingIdx = resolvePaddingIdx("Embedding", options.paddingIdx, numEmbeddings);
    this.maxNorm = options.maxNorm ?? null;
    this.normType = options.normType ?? 2;
    this.scaleGradByFreq = options.scaleGradByFreq ?? false;
    const given = options._weight ?? null;
    if (given !== null) {
      if (given.dim() !== 2 || given.shape[0] !== numEmbeddings || given.shape[1] !== embeddingDim) {
        throw new Error(
          `Embedding: shape of _weight ${formatShape(given.shape)} does not match numEmbeddings and embeddingDim [${numEmbeddings}, ${embeddingDim}]`,
        );
      }
      this.weight = new Parameter(given);
    } else {
      this.weight = new Parameter(randn([numEmbeddings, embeddingDim], { dtype: options.dtype ?? "float32" }));
      this.#zeroPaddingRow();
    }
  }

  /**
   * An Embedding holding `embeddings` (`[numEmbeddings, embeddingDim]`, shared, not copied), like
   * `Embedding.from_pretrained`; frozen (no gradient) unless `freeze: false`. The padding row is kept as given.
   * @example nn.Embedding.fromPretrained(bp.tensor([[1, 2], [3, 4]])).weight.requiresGrad; // false
   */
  static fromPretrained(embeddings: Tensor, options: FromPretrainedOptions = {}): Embedding {
    if (embeddings.dim() !== 2) throw new Error(`Embedding.fromPretrained: embeddings must be 2-D, got shape ${formatShape(embeddings.shape)}`);
    const { freeze, ...rest } = options;
    const m = new Embedding(embeddings.shape[0], embeddings.shape[1], { ...rest, _weight: embeddings });
    m.weight.requiresGrad_(!(freeze ?? true));
    return m;
  }

  /** Re-draws the weight from N(0, 1) and zeroes the padding row. */
  resetParameters(): void {
    noGrad(() => this.weight.copy_(randn(this.weight.shape, { dtype: this.weight.dtype })));
    this.#zeroPaddingRow();
  }

  #zeroPaddingRow(): void {
    if (this.paddingIdx === null) return;
    const d = this.embeddingDim;
    this.weight.data.fill(0, this.paddingIdx * d, (this.paddingIdx + 1) * d);
  }

  override forward(input: Tensor): Tensor {
    return F.embedding(input, this.weight, {
      paddingIdx: this.paddingIdx, maxNorm: this.maxNorm, normType: this.normType, scaleGradByFreq: this.scaleGradByFreq,
    });
  }

  override extraRepr(): string {
    let s = `${this.numEmbeddings}, ${this.embeddingDim}`;
    if (this.paddingIdx !== null) s += `, padding_idx=${this.paddingIdx}`;
    if (this.maxNorm !== null) s += `, max_norm=${pyFloat(this.maxNorm)}`;
    if (this.normType !== 2) s += `, norm_type=${pyFloat(this.normType)}`;
    if (this.scaleGradByFreq) s += ", scale_grad_by_freq=True";
    return s;
  }
}
