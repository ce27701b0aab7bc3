import type { Tensor } from "../tensor/tensor.ts";
import { lstsq as linalgLstsq } from "../linalg/lstsq.ts";

/*
 * The solvers LinearRegression and Ridge use, now in src/linalg (one Householder QR, one Jacobi SVD);
 * kept here under their earlier names and shapes.
 */

export { ridgeSolve } from "../linalg/lstsq.ts";

/** Result of `lstsq`. */
export interface LstsqResult {
  /** The minimum-norm least-squares solution, [n] for a 1-D b, [n, t] for a 2-D b (float64). */
  solution: Tensor;
  /** Effective rank of A: the singular values above rcond * s_max. */
  rank: number;
  /** Singular values of A, largest first, min(m, n) of them (float64); computed on first access. */
  readonly singular: Tensor;
}

/**
 * Minimum-norm least squares (see `linalg.lstsq`), with the singular values under the name `singular`.
 * Shapes: A [m, n], b [m] or [m, t] -> solution [n] or [n, t].
 * @example
 * const { solution, rank } = lstsq(bp.tensor([[1, 0], [0, 1], [1, 1]], { dtype: "float64" }), bp.tensor([1, 2, 3], { dtype: "float64" }));
 * // solution ≈ [1, 2], rank 2
 */
export function lstsq(A: Tensor, b: Tensor, rcond?: number): LstsqResult {
  if (A.dim() !== 2) throw new Error(`lstsq: A must be 2-D, got shape [${A.shape.join(", ")}]`);
  if (b.dim() >= 1 && b.shape[0] !== A.shape[0]) throw new Error(`lstsq: A and b have different numbers of rows: ${A.shape[0]} and ${b.shape[0]}`);
  const r = linalgLstsq(A, b, { rcond });
  return {
    solution: r.solution,
    rank: r.rank,
    get singular(): Tensor {
      return r.singularValues;
    },
  };
}
