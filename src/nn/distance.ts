import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import * as F from "./functional/index.ts";

/*
 * Distance modules, like torch/nn/modules/distance.py: thin holders of the options of
 * `F.cosineSimilarity` and `F.pairwiseDistance`.
 */

/**
 * Cosine similarity of x1 and x2 along `dim` (see `F.cosineSimilarity`). Defaults dim 1, eps 1e-8.
 * @example new nn.CosineSimilarity().forward(bp.tensor([[1, 0]]), bp.tensor([[1, 1]])); // tensor([0.7071])
 */
export class CosineSimilarity extends Module {
  /** The dimension holding the vectors. */
  dim: number;
  /** Lower bound of each norm. */
  eps: number;

  constructor(options: F.CosineSimilarityOptions = {}) {
    super();
    this.dim = options.dim ?? 1;
    this.eps = options.eps ?? 1e-8;
  }

  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.cosineSimilarity(x1, x2, { dim: this.dim, eps: this.eps });
  }
}

/**
 * p-norm distance between the rows of x1 and x2 (see `F.pairwiseDistance`). Defaults p 2, eps 1e-6,
 * keepdim false.
 * @example new nn.PairwiseDistance({ eps: 0 }).forward(bp.tensor([[0, 0]]), bp.tensor([[3, 4]])); // tensor([5.])
 */
export class PairwiseDistance extends Module {
  /** The norm degree. */
  p: number;
  /** Added to the difference. */
  eps: number;
  /** Keep the last dimension. */
  keepdim: boolean;

  constructor(options: F.PairwiseDistanceOptions = {}) {
    super();
    this.p = options.p ?? 2;
    this.eps = options.eps ?? 1e-6;
    this.keepdim = options.keepdim ?? false;
  }

  override forward(x1: Tensor, x2: Tensor): Tensor {
    return F.pairwiseDistance(x1, x2, { p: this.p, eps: this.eps, keepdim: this.keepdim });
  }
}
