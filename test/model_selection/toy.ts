/**
 * Toy estimators for the model-selection tests (no tests in this file: worker threads import it).
 * CentroidClassifier is gen_model_selection.py's: columns scaled by scale**j, class means, the class whose
 * mean is nearest in sum |d|**power, the lowest class on ties. It is registered for worker threads.
 */
import { checkArray, checkTarget, type ArrayInput } from "../../src/base/estimator.ts";
import { ClassifierMixin, RegressorMixin } from "../../src/base/mixins.ts";
import { registerEstimator } from "../../src/model_selection/registry.ts";
import { Tensor } from "../../src/tensor/tensor.ts";

type CentroidParams = { power: number; scale: number };

export class CentroidClassifier extends ClassifierMixin<CentroidParams> {
  /** Fits run on this thread (the parallel tests check that the folds ran elsewhere). */
  static fits = 0;
  classes: Float64Array | null = null;
  means: Float64Array[] | null = null;

  constructor(options: Partial<CentroidParams> = {}) {
    super({ power: 2, scale: 1 }, options);
  }

  private scaled(x: Tensor): Float64Array[] {
    const [n, d] = x.shape;
    const data = x.data;
    return Array.from({ length: n }, (_, i) => Float64Array.from({ length: d }, (_, j) => data[i * d + j] * this.params.scale ** j));
  }

  fit(X: ArrayInput, y?: ArrayInput): this {
    const x = checkArray("CentroidClassifier.fit", X);
    const t = checkTarget("CentroidClassifier.fit", y!, x.shape[0]);
    if (this.params.power <= 0) throw new Error(`CentroidClassifier: power must be positive, got ${this.params.power}`);
    CentroidClassifier.fits++;
    const rows = this.scaled(x);
    const labels = Array.from(t.data as ArrayLike<number>);
    this.classes = Float64Array.from(new Set(labels)).sort();
    this.means = Array.from(this.classes, (c) => {
      const sum = new Float64Array(x.shape[1]);
      let count = 0;
      rows.forEach((r, i) => {
        if (labels[i] !== c) return;
        count++;
        r.forEach((v, j) => (sum[j] += v));
      });
      return sum.map((v) => v / count);
    });
    this.nFeaturesIn = x.shape[1];
    return this;
  }

  predict(X: ArrayInput): Tensor {
    const x = checkArray("CentroidClassifier.predict", X);
    this.checkNFeatures("predict", x);
    const out = Float64Array.from(this.scaled(x), (r) => {
      let best = 0, bestD = Infinity;
      this.means!.forEach((m, k) => {
        let d = 0;
        r.forEach((v, j) => (d += Math.abs(v - m[j]) ** this.params.power));
        if (d < bestD) [best, bestD] = [k, d];
      });
      return this.classes![best];
    });
    return new Tensor(out, [out.length]);
  }
}

/** A regressor predicting the training mean of y plus `shift`: KFold (not stratified) for an integer cv. */
export class ShiftedMean extends RegressorMixin<{ shift: number }> {
  mean: number | null = null;
  constructor(options: Partial<{ shift: number }> = {}) {
    super({ shift: 0 }, options);
  }
  fit(X: ArrayInput, y?: ArrayInput): this {
    const x = checkArray("ShiftedMean.fit", X);
    this.mean = checkTarget("ShiftedMean.fit", y!, x.shape[0]).mean().item();
    this.nFeaturesIn = x.shape[1];
    return this;
  }
  predict(X: ArrayInput): Tensor {
    const x = checkArray("ShiftedMean.predict", X);
    this.checkNFeatures("predict", x);
    return new Tensor(new Float64Array(x.shape[0]).fill(this.mean! + this.params.shift), [x.shape[0]]);
  }
}

registerEstimator(CentroidClassifier, { module: import.meta.url });
