import type { Tensor } from "../tensor/tensor.ts";
import type { ArrayInput } from "../base/estimator.ts";
import { LinearRegressorBase } from "./linear_base.ts";
import { lstsq } from "./least_squares.ts";

/** Parameters of {@link LinearRegression}. */
export type LinearRegressionParams = {
  /** Fit an intercept (X and y are centred first); default true. */
  fitIntercept: boolean;
};

/**
 * Ordinary least squares, like `sklearn.linear_model.LinearRegression`: minimises ||y - X w - b||²
 * with the minimum-norm w when X is rank-deficient. Solved in float64 by a Householder QR and a Jacobi
 * SVD of the (centred, with `fitIntercept`) X — never by inverting XᵀX.
 * Fitted: `coef` [features] for a 1-D y or [targets, features] for a 2-D y, `intercept` (a number, or
 * [targets]), `rank` and `singular` (X's effective rank and singular values, largest first).
 * Singular values below max(samples, features) * eps * s_max count as zero (numpy's lstsq rule).
 * @example
 * const reg = new linearModel.LinearRegression().fit([[1], [2], [3]], [3, 5, 7]);
 * reg.coef;      // ≈ tensor([2.])
 * reg.intercept; // ≈ 1
 * reg.predict([[4]]); // tensor([9.])
 */
export class LinearRegression extends LinearRegressorBase<LinearRegressionParams> {
  /** Effective rank of the (centred) X; null before fit. */
  rank: number | null = null;
  /** Singular values of the (centred) X, largest first, float64 [min(samples, features)]; null before fit. */
  singular: Tensor | null = null;

  constructor(options: Partial<LinearRegressionParams> = {}) {
    super({ fitIntercept: true }, options);
  }

  protected override checkParams(): void {
    if (typeof this.params.fitIntercept !== "boolean") throw new Error(`LinearRegression: fitIntercept must be a boolean, got ${String(this.params.fitIntercept)}`);
  }

  /** Fits the least-squares coefficients; X [samples, features], y [samples] or [samples, targets]. Returns this. */
  fit(X: ArrayInput, y: ArrayInput): this {
    if (y === undefined) throw new Error("LinearRegression.fit: y is required");
    return this.fitCentered("LinearRegression.fit", X, y, this.params.fitIntercept, (x, t) => {
      const r = lstsq(x, t);
      this.rank = r.rank;
      this.singular = r.singular;
      return r.solution;
    });
  }
}
