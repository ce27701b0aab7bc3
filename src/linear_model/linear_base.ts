import { Tensor } from "../tensor/tensor.ts";
import { unique } from "../ops/sort.ts";
import { asTensor, checkArray, checkTarget, type ArrayInput, type Params } from "../base/estimator.ts";
import { ClassifierMixin, RegressorMixin } from "../base/mixins.ts";

/*
 * What the linear models share: targets with one or several columns for the regressors, class labels
 * encoded as positions in the sorted distinct values for the classifiers, and the linear decision
 * function X Wᵀ + b. Everything is float64 inside.
 */

/** y of a regressor: `[n]` (one target) or `[n, t]` (t targets), as float64 `[n, t]`, and whether it was 2-D. */
export function checkTargets(where: string, y: ArrayInput, samples: number): { y: Tensor; multi: boolean } {
  let t = asTensor(where, y, "y must be a Tensor or an array of numbers");
  if (t.dim() !== 1 && t.dim() !== 2) throw new Error(`${where}: expected y of shape [samples] or [samples, targets], got shape [${t.shape.join(", ")}]`);
  if (t.shape[0] !== samples) throw new Error(`${where}: X and y have different numbers of samples: ${samples} and ${t.shape[0]}`);
  const multi = t.dim() === 2;
  t = t.to("float64");
  return { y: multi ? t : t.reshape(-1, 1), multi };
}

/** X as a float64 2-D tensor (nested arrays, float32 and int tensors alike). */
export function checkX64(where: string, X: ArrayInput): Tensor {
  const x = checkArray(where, X);
  return x.dtype === "float64" ? x : x.to("float64");
}

/**
 * Base of LinearRegression and Ridge: fitted `coef` ([features] for a 1-D y, [targets, features] for
 * a 2-D y, scikit-learn's shapes) and `intercept` (a number, or [targets]); `predict(X) = X coefᵀ +
 * intercept`; `score` is R² (averaged uniformly over the targets for a 2-D y, as scikit-learn's).
 */
export abstract class LinearRegressorBase<P extends Params> extends RegressorMixin<P> {
  /** Coefficients, float64 [features] (1-D y) or [targets, features] (2-D y); null before fit. */
  coef: Tensor | null = null;
  /** Intercept: a number (1-D y) or float64 [targets] (2-D y); the number 0 without fitIntercept (as scikit-learn); null before fit. */
  intercept: number | Tensor | null = null;
  /** Whether fit saw a 2-D y. */
  protected multiTarget = false;

  /** Sets coef / intercept from the solution W [features, targets] and the intercepts b [targets]. */
  protected setSolution(w: Tensor, b: Tensor | null, multi: boolean, features: number): void {
    this.multiTarget = multi;
    this.coef = multi ? w.transpose(0, 1).contiguous() : w.reshape(-1);
    this.intercept = b === null ? 0 : multi ? b.reshape(-1) : b.reshape(-1).item();
    this.nFeaturesIn = features;
  }

  /**
   * Centres X and y when fitting an intercept (scikit-learn's `_preprocess_data`), solves with
   * `solve(Xc, yc)` -> W [features, targets], and sets intercept = ȳ - x̄ W.
   */
  protected fitCentered(where: string, X: ArrayInput, y: ArrayInput, fitIntercept: boolean, solve: (x: Tensor, y: Tensor) => Tensor): this {
    const x = checkX64(where, X);
    const { y: yy, multi } = checkTargets(where, y, x.shape[0]);
    let w: Tensor;
    let b: Tensor | null = null;
    if (fitIntercept) {
      const xMean = x.mean(0, true);
      const yMean = yy.mean(0, true);
      w = solve(x.sub(xMean), yy.sub(yMean));
      b = yMean.sub(xMean.matmul(w));
    } else {
      w = solve(x, yy);
    }
    this.setSolution(w, b, multi, x.shape[1]);
    return this;
  }

  /** Predictions X coefᵀ + intercept: [samples] (1-D y at fit) or [samples, targets]; float64. */
  predict(X: ArrayInput): Tensor {
    const x = checkX64(`${this.estimatorName}.predict`, X);
    this.checkNFeatures("predict", x);
    const coef = this.coef as Tensor;
    if (this.multiTarget) return x.matmul(coef.transpose(0, 1)).add(this.intercept as Tensor | number);
    return x.matmul(coef).add(this.intercept as number);
  }

  /** R² of predict(X) against y; for several targets the mean of the per-target R² (scikit-learn's "uniform_average"). */
  override score(X: ArrayInput, y: ArrayInput): number {
    if (!this.multiTarget) return super.score(X, y);
    const x = checkX64(`${this.estimatorName}.score`, X);
    const { y: truth } = checkTargets(`${this.estimatorName}.score`, y, x.shape[0]);
    const pred = this.predict(x);
    const ssRes = pred.sub(truth).pow(2).sum(0);
    const ssTot = truth.sub(truth.mean(0, true)).pow(2).sum(0);
    const res = ssRes.data as Float64Array;
    const tot = ssTot.data as Float64Array;
    let total = 0;
    for (let j = 0; j < res.length; j++) total += tot[j] === 0 ? (res[j] === 0 ? 1 : 0) : 1 - res[j] / tot[j];
    return total / res.length;
  }
}

/** Class labels: the sorted distinct values of y (`classes`, y's values as float64) and each sample's position among them. */
export function encodeLabels(where: string, y: ArrayInput, samples: number): { classes: Tensor; index: Int32Array } {
  const t = checkTarget(where, y, samples);
  const t64 = t.to("float64");
  for (const v of t64.data) if (!Number.isFinite(v)) throw new Error(`${where}: y contains a non-finite label ${v}`);
  const { values: classes, inverseIndices } = unique(t64, true, true, false);
  return { classes, index: inverseIndices!.data as Int32Array };
}

/** Labels from positions: classes[index[i]], float64 [samples]. */
export function decodeLabels(classes: Tensor, index: Tensor): Tensor {
  return classes.indexSelect(0, index.to("int32"));
}

/**
 * Base of the linear classifiers with scikit-learn's layout: `coef` [1, features] for two classes
 * (the second class is the positive one) or [classes, features], `intercept` [1] or [classes],
 * `decisionFunction(X) = X coefᵀ + intercept` ([samples] for two classes, [samples, classes] otherwise),
 * `predict` = the class of the largest score (score > 0 for two classes).
 */
export abstract class LinearClassifierBase<P extends Params> extends ClassifierMixin<P> {
  /** The distinct labels seen by fit, ascending (float64); null before fit. */
  classes: Tensor | null = null;
  /** Weights, float64 [1, features] (two classes) or [classes, features]; null before fit. */
  coef: Tensor | null = null;
  /** Intercepts, float64 [1] (two classes) or [classes]; null before fit. */
  intercept: Tensor | null = null;

  /**
   * Confidence scores X coefᵀ + intercept: float64 [samples] for two classes (positive: the second
   * class), [samples, classes] otherwise.
   */
  decisionFunction(X: ArrayInput): Tensor {
    const x = checkX64(`${this.estimatorName}.decisionFunction`, X);
    this.checkNFeatures("decisionFunction", x);
    const scores = x.matmul((this.coef as Tensor).transpose(0, 1)).add(this.intercept as Tensor);
    return scores.shape[1] === 1 ? scores.reshape(-1) : scores;
  }

  /** The predicted class of each row of X: float64 [samples] holding values of `classes`. */
  predict(X: ArrayInput): Tensor {
    const scores = this.decisionFunction(X);
    const index = scores.dim() === 1 ? scores.gt(0).to("int32") : scores.argmax(1);
    return decodeLabels(this.classes as Tensor, index);
  }
}
