import type { ArrayInput } from "../base/estimator.ts";
import { LinearRegressorBase } from "./linear_base.ts";
import { ridgeSolve } from "./least_squares.ts";

/** Parameters of {@link Ridge}. */
export type RidgeParams = {
  /** Strength α of the L2 penalty, >= 0; default 1. */
  alpha: number;
  /** Fit an intercept (X and y are centred first; the intercept is not penalised); default true. */
  fitIntercept: boolean;
};

/**
 * Linear least squares with an L2 penalty, like `sklearn.linear_model.Ridge`: minimises
 * ||y - X w - b||² + α ||w||², i.e. w = (XcᵀXc + αI)⁻¹ Xcᵀ yc on the centred data and b = ȳ - x̄ w.
 * Solved in float64 through the SVD of Xc (w = V diag(s / (s² + α)) Uᵀ yc, scikit-learn's "svd"
 * solver; the same solution as its default Cholesky solve of the normal equations, without forming XᵀX).
 * Several targets share α. Fitted: `coef` [features] or [targets, features], `intercept`.
 * @example
 * const ridge = new linearModel.Ridge({ alpha: 0.5 }).fit(X, y);
 * ridge.predict(XTest);
 */
export class Ridge extends LinearRegressorBase<RidgeParams> {
  constructor(options: Partial<RidgeParams> = {}) {
    super({ alpha: 1, fitIntercept: true }, options);
  }

  protected override checkParams(): void {
    const { alpha, fitIntercept } = this.params;
    if (typeof alpha !== "number" || !(alpha >= 0) || !Number.isFinite(alpha)) throw new Error(`Ridge: alpha must be a finite number >= 0, got ${String(alpha)}`);
    if (typeof fitIntercept !== "boolean") throw new Error(`Ridge: fitIntercept must be a boolean, got ${String(fitIntercept)}`);
  }

  /** Fits the ridge coefficients; X [samples, features], y [samples] or [samples, targets]. Returns this. */
  fit(X: ArrayInput, y: ArrayInput): this {
    if (y === undefined) throw new Error("Ridge.fit: y is required");
    return this.fitCentered("Ridge.fit", X, y, this.params.fitIntercept, (x, t) => ridgeSolve(x, t, this.params.alpha));
  }
}
