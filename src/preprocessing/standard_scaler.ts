import { Tensor } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import { where as select } from "../ops/where.ts";
import { checkArray, checkTarget, type ArrayInput } from "../base/estimator.ts";
import { TransformerMixin } from "../base/mixins.ts";

/** Parameters of `StandardScaler`. */
export type StandardScalerParams = {
  /** Subtract the column means (default true). */
  withMean: boolean;
  /** Divide by the column standard deviations (default true). */
  withStd: boolean;
};

const FLOAT64_EPS = 2.220446049250313e-16;

/** `x` computed in float64 and rounded back to float32 when X was float32 (numpy's in-place ops on a float32 X). */
export function keepDtype(x: Tensor, dtype: string): Tensor {
  return dtype === "float32" ? x.to("float32") : x;
}

/**
 * Standardises columns, as `sklearn.preprocessing.StandardScaler`: z = (x - mean) / scale with the
 * column mean and the population standard deviation (divided by n, not n - 1). Columns whose variance
 * is zero up to rounding get scale 1, so they are centred but not blown up. NaNs are ignored by `fit`
 * and kept by `transform`; `partialFit` learns batch by batch. Fitted: `mean`, `var`, `scale` (float64
 * Tensors `[features]`; `var` and `scale` null without `withStd`), `nSamplesSeen` (a number, or per
 * column when NaNs or weights make the counts differ).
 * @example
 * const scaler = new preprocessing.StandardScaler();
 * scaler.fit([[0, 0], [0, 0], [1, 1], [1, 1]]).mean!.toArray(); // [0.5, 0.5]
 * scaler.transform([[2, 2]]).toArray(); // [[3, 3]]
 */
export class StandardScaler extends TransformerMixin<StandardScalerParams> {
  /** Column means seen by `fit` (float64 `[features]`). */
  mean: Tensor | null = null;
  /** Column population variances (float64 `[features]`), null without `withStd`. */
  var: Tensor | null = null;
  /** Per-column divisor: sqrt(var), with 1 for constant columns; null without `withStd`. */
  scale: Tensor | null = null;
  /** Samples (or total weight) `fit` saw: a number, or a Tensor per column when they differ. */
  nSamplesSeen: number | Tensor | null = null;

  constructor(options: Partial<StandardScalerParams> = {}) {
    super({ withMean: true, withStd: true }, options);
  }

  protected override checkParams(): void {
    for (const k of ["withMean", "withStd"] as const) {
      if (typeof this.params[k] !== "boolean") throw new Error(`StandardScaler: ${k} must be a boolean, got ${JSON.stringify(this.params[k])}`);
    }
  }

  /** Per-column counts (or weight totals) seen so far, for `partialFit`. */
  private counts: Tensor | null = null;

  /**
   * Learns the column means and variances of X (ignoring NaNs; weighted by `sampleWeight` when given:
   * mean = sum w x / sum w, var = sum w (x - mean)^2 / sum w), forgetting any earlier fit. Returns this.
   */
  fit(X: ArrayInput, _y?: ArrayInput | null, sampleWeight?: ArrayInput | null): this {
    this.mean = this.var = this.scale = this.counts = null;
    this.nSamplesSeen = this.nFeaturesIn = null;
    return this.partialFit(X, _y, sampleWeight);
  }

  /**
   * Updates the means and variances with one more batch X, as scikit-learn's `partial_fit` (Chan,
   * Golub and LeVeque's pairwise update, the same numbers as one `fit` on all batches up to rounding).
   * Returns this.
   */
  partialFit(X: ArrayInput, _y?: ArrayInput | null, sampleWeight?: ArrayInput | null): this {
    const where = "StandardScaler.partialFit";
    const x = checkArray(where, X).to("float64");
    if (this.nFeaturesIn !== null) this.checkNFeatures("partialFit", x);
    const [n, d] = x.shape;
    const nan = x.isnan();
    const known = nan.logicalNot().to("float64");
    const w = sampleWeight === null || sampleWeight === undefined ? null : checkTarget(`${where} (sampleWeight)`, sampleWeight, n).to("float64");
    const weighted = (t: Tensor): Tensor => (w === null ? t.sum(0) : w.reshape(1, -1).matmul(t).reshape(-1));
    const newCount = weighted(known);
    const lastCount = this.counts ?? zeros(d, { dtype: "float64" });
    const count = lastCount.add(newCount);
    if (this.params.withMean || this.params.withStd) {
      // scikit-learn's _incremental_mean_and_var, in float64
      const lastMean = this.mean ?? zeros(d, { dtype: "float64" });
      const lastSum = lastMean.mul(lastCount);
      const newSum = weighted(select(nan, 0, x));
      const mean = lastSum.add(newSum).div(count);
      if (this.params.withStd) {
        const centred = select(nan, 0, x.sub(newSum.div(newCount)));
        const correction = weighted(centred);
        const newUnnormalised = weighted(centred.pow(2)).sub(correction.pow(2).div(newCount));
        const lastUnnormalised = (this.var ?? zeros(d, { dtype: "float64" })).mul(lastCount);
        const ratio = lastCount.div(newCount);
        const merged = lastUnnormalised.add(newUnnormalised).add(ratio.div(count).mul(lastSum.div(ratio).sub(newSum).pow(2)));
        this.var = select(lastCount.eq(0), newUnnormalised, merged).div(count);
      }
      this.mean = mean;
    }
    this.counts = count;
    const counts = Array.from(count.data);
    const same = counts.every((c) => c === counts[0]);
    this.nSamplesSeen = same ? counts[0] : w === null && Number.isInteger(counts[0]) ? count.to("int32") : count;
    if (this.var !== null) {
      // constant columns: var <= n eps var + (n mean eps)^2 (variance at rounding level) get scale 1
      const bound = count.mul(FLOAT64_EPS).mul(this.var).add(count.mul(this.mean!).mul(FLOAT64_EPS).pow(2));
      this.scale = select(this.var.le(bound), 1, this.var.sqrt());
    }
    this.nFeaturesIn = d;
    return this;
  }

  /** (X - mean) / scale, as configured; float32 X stays float32, anything else becomes float64. */
  transform(X: ArrayInput): Tensor {
    const x = checkArray("StandardScaler.transform", X);
    this.checkNFeatures("transform", x);
    let out = x;
    if (this.params.withMean) out = keepDtype(out.to("float64").sub(this.mean!), x.dtype);
    if (this.params.withStd) out = keepDtype(out.to("float64").div(this.scale!), x.dtype);
    return out === x ? x.clone() : out;
  }

  /** Fits to X, then transforms X (`sampleWeight` as in `fit`). */
  override fitTransform(X: ArrayInput, y?: ArrayInput | null, sampleWeight?: ArrayInput | null): Tensor {
    return this.fit(X, y, sampleWeight).transform(X);
  }

  /** Back to the original scale: X * scale + mean. */
  inverseTransform(X: ArrayInput): Tensor {
    const x = checkArray("StandardScaler.inverseTransform", X);
    this.checkNFeatures("inverseTransform", x);
    let out = x;
    if (this.params.withStd) out = keepDtype(out.to("float64").mul(this.scale!), x.dtype);
    if (this.params.withMean) out = keepDtype(out.to("float64").add(this.mean!), x.dtype);
    return out === x ? x.clone() : out;
  }
}
