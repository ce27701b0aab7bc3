import type { Tensor } from "../tensor/tensor.ts";
import { fullLike } from "../tensor/creation.ts";
import { where as select } from "../ops/where.ts";
import { checkArray, type ArrayInput, type ParamValue } from "../base/estimator.ts";
import { TransformerMixin } from "../base/mixins.ts";

/** Parameters of `MinMaxScaler`. */
export type MinMaxScalerParams = {
  /** The range [min, max] each column is mapped to (default [0, 1]). */
  featureRange: readonly [number, number] | readonly ParamValue[];
  /** Clip transformed values to featureRange (default false: data outside the fitted range maps outside it). */
  clip: boolean;
};

const EPS = { float32: 1.1920928955078125e-7, float64: 2.220446049250313e-16 };

/**
 * Scales each column linearly onto `featureRange`, as `sklearn.preprocessing.MinMaxScaler`:
 * x' = x * scale + min with scale = (hi - lo) / (dataMax - dataMin) and min = lo - dataMin * scale.
 * Constant columns (range below 10 eps) get scale hi - lo. NaNs are ignored by `fit` and kept;
 * `partialFit` widens the range batch by batch.
 * Fitted: `dataMin`, `dataMax`, `dataRange`, `scale`, `min` (Tensors `[features]` in X's float dtype),
 * `nSamplesSeen`.
 * @example
 * const mm = new preprocessing.MinMaxScaler().fit([[-1, 2], [-0.5, 6], [0, 10], [1, 18]]);
 * mm.transform([[2, 2]]).toArray(); // [[1.5, 0]]
 */
export class MinMaxScaler extends TransformerMixin<MinMaxScalerParams> {
  /** Column minima seen by `fit` (NaNs ignored). */
  dataMin: Tensor | null = null;
  /** Column maxima seen by `fit` (NaNs ignored). */
  dataMax: Tensor | null = null;
  /** dataMax - dataMin. */
  dataRange: Tensor | null = null;
  /** Per-column factor (hi - lo) / dataRange (a constant column's range counts as 1). */
  scale: Tensor | null = null;
  /** Per-column offset lo - dataMin * scale. */
  min: Tensor | null = null;
  /** Number of rows `fit` saw. */
  nSamplesSeen: number | null = null;

  constructor(options: Partial<MinMaxScalerParams> = {}) {
    super({ featureRange: [0, 1], clip: false }, options);
  }

  protected override checkParams(): void {
    const r = this.params.featureRange;
    if (!Array.isArray(r) || r.length !== 2 || r.some((v) => typeof v !== "number" || !Number.isFinite(v))) {
      throw new Error(`MinMaxScaler: featureRange must be [min, max] (two finite numbers), got ${JSON.stringify(r)}`);
    }
    if (!((r[0] as number) < (r[1] as number))) throw new Error(`MinMaxScaler: Minimum of desired feature range must be smaller than maximum. Got (${r[0]}, ${r[1]}).`);
    if (typeof this.params.clip !== "boolean") throw new Error(`MinMaxScaler: clip must be a boolean, got ${JSON.stringify(this.params.clip)}`);
  }

  private get range(): [number, number] {
    return this.params.featureRange as [number, number];
  }

  /** Learns the column minima and maxima of X (ignoring NaNs), forgetting any earlier fit. Returns this. */
  fit(X: ArrayInput): this {
    this.dataMin = this.dataMax = this.dataRange = this.scale = this.min = null;
    this.nSamplesSeen = this.nFeaturesIn = null;
    return this.partialFit(X);
  }

  /** Widens the column minima and maxima with one more batch X, as scikit-learn's `partial_fit`. Returns this. */
  partialFit(X: ArrayInput): this {
    const x = checkArray("MinMaxScaler.partialFit", X);
    if (this.nFeaturesIn !== null) this.checkNFeatures("partialFit", x);
    const nan = x.isnan();
    const allNan = nan.all(0);
    let dataMin = select(allNan, NaN, select(nan, Infinity, x).amin(0));
    let dataMax = select(allNan, NaN, select(nan, -Infinity, x).amax(0));
    if (this.dataMin !== null) {
      // np.minimum / np.maximum: a NaN on either side stays NaN
      const prevMin = this.dataMin.to(dataMin.dtype);
      const prevMax = this.dataMax!.to(dataMax.dtype);
      dataMin = select(prevMin.isnan().logicalOr(dataMin.isnan()), NaN, prevMin.minimum(dataMin));
      dataMax = select(prevMax.isnan().logicalOr(dataMax.isnan()), NaN, prevMax.maximum(dataMax));
    }
    const [lo, hi] = this.range;
    const dataRange = dataMax.sub(dataMin);
    // constant columns: a range below 10 machine epsilons counts as 1
    const eps = EPS[dataRange.dtype as "float32" | "float64"];
    const safeRange = select(dataRange.lt(10 * eps), 1, dataRange);
    const scale = fullLike(safeRange, hi - lo).div(safeRange);
    this.dataMin = dataMin;
    this.dataMax = dataMax;
    this.dataRange = dataRange;
    this.scale = scale.to(dataRange.dtype);
    this.min = dataMin.mul(this.scale).neg().add(lo).to(dataRange.dtype);
    this.nSamplesSeen = (this.nSamplesSeen ?? 0) + x.shape[0];
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  /** X * scale + min (clipped to featureRange with `clip`); float32 X stays float32, anything else becomes float64. */
  transform(X: ArrayInput): Tensor {
    const x = checkArray("MinMaxScaler.transform", X);
    this.checkNFeatures("transform", x);
    const out = x.mul(this.scale!.to(x.dtype)).add(this.min!.to(x.dtype));
    return this.params.clip ? out.clamp(this.range[0], this.range[1]) : out;
  }

  /** Back to the original scale: (X - min) / scale. */
  inverseTransform(X: ArrayInput): Tensor {
    const x = checkArray("MinMaxScaler.inverseTransform", X);
    this.checkNFeatures("inverseTransform", x);
    return x.sub(this.min!.to(x.dtype)).div(this.scale!.to(x.dtype));
  }
}
