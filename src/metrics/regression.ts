import { Tensor } from "../tensor/tensor.ts";
import { tensor, type NestedNumbers } from "../tensor/creation.ts";
import { checkConsistentLength, checkSampleWeight, type WeightInput } from "./targets.ts";

/** Regression targets: a Tensor `[samples]` or `[samples, outputs]`, or the same as nested arrays. */
export type RegressionInput = Tensor | readonly number[] | readonly (readonly number[])[];

/** How several outputs are combined: "raw_values" (a Tensor per output), "uniform_average", or weights per output. */
export type MultiOutput = "raw_values" | "uniform_average" | readonly number[] | Tensor;

/** Options shared by the regression metrics. */
export interface RegressionOptions {
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** How the per-output errors are combined (default "uniform_average"). */
  multioutput?: MultiOutput;
}

/** Options of `meanSquaredError`. */
export interface MeanSquaredErrorOptions extends RegressionOptions {
  /** Return the MSE (default true) or, when false, its square root per output (the RMSE). */
  squared?: boolean;
}

/** Options of `r2Score`. */
export interface R2Options extends Omit<RegressionOptions, "multioutput"> {
  /** "raw_values", "uniform_average" (default), "variance_weighted" or weights per output. */
  multioutput?: MultiOutput | "variance_weighted";
  /** Replace the NaN / -Infinity of a constant yTrue by 1 (perfect) or 0 (default true). */
  forceFinite?: boolean;
}

interface RegTargets {
  yTrue: Tensor;
  yPred: Tensor;
  outputs: number;
  weight: Tensor | null;
  avgWeights: Tensor | null | "raw_values";
}

function asFloat64(where: string, name: string, y: RegressionInput): Tensor {
  let t: Tensor;
  if (y instanceof Tensor) t = y.detach().to("float64");
  else {
    try {
      t = tensor(y as NestedNumbers, { dtype: "float64" });
    } catch (err) {
      throw new Error(`${where}: ${name} must be a Tensor or (nested) arrays of numbers: ${(err as Error).message}`);
    }
  }
  if (t.dim() === 1) t = t.reshape(-1, 1);
  if (t.dim() !== 2) throw new Error(`${where}: ${name} must be 1-D or 2-D, got shape [${t.shape.join(", ")}]`);
  if (t.isfinite().logicalNot().any().item()) throw new Error(`${where}: Input ${name} contains NaN or infinity.`);
  return t;
}

/** scikit-learn's `_check_reg_targets`: both as float64 `[samples, outputs]`, equal lengths and widths, the output weights checked. */
function checkRegTargets(where: string, yTrue: RegressionInput, yPred: RegressionInput, options: { sampleWeight?: WeightInput | null; multioutput?: MultiOutput | "variance_weighted" }, extra: string[] = []): RegTargets {
  const t = asFloat64(where, "yTrue", yTrue);
  const p = asFloat64(where, "yPred", yPred);
  checkConsistentLength(where, t.shape[0], p.shape[0]);
  if (t.shape[1] !== p.shape[1]) throw new Error(`${where}: yTrue and yPred have different number of output (${t.shape[1]}!=${p.shape[1]})`);
  const outputs = t.shape[1];
  const weight = checkSampleWeight(where, options.sampleWeight, t.shape[0]);
  const mo = options.multioutput ?? "uniform_average";
  let avgWeights: Tensor | null | "raw_values" = null;
  if (typeof mo === "string") {
    const allowed = ["raw_values", "uniform_average", ...extra];
    if (!allowed.includes(mo)) throw new Error(`${where}: Allowed 'multioutput' string values are ${allowed.map((s) => `'${s}'`).join(", ")}. You provided multioutput=${JSON.stringify(mo)}`);
    if (mo === "raw_values") avgWeights = "raw_values";
  } else {
    const w = mo instanceof Tensor ? mo.detach().to("float64").reshape(-1) : tensor(mo as number[], { dtype: "float64" });
    if (outputs === 1) throw new Error(`${where}: Custom weights are useful only in multi-output cases.`);
    if (w.shape[0] !== outputs) throw new Error(`${where}: There must be equally many custom weights (${w.shape[0]}) as outputs (${outputs}).`);
    avgWeights = w;
  }
  return { yTrue: t, yPred: p, outputs, weight, avgWeights };
}

/** Column means of `values` [n, outputs], weighted by `weight` [n] when given (numpy's average(axis=0)). */
function average0(values: Tensor, weight: Tensor | null): Tensor {
  if (weight === null) return values.mean(0);
  return values.mul(weight.reshape(-1, 1)).sum(0).div(weight.sum());
}

/** Combines per-output values as `multioutput` says: a Tensor for "raw_values", otherwise a number. */
function combine(perOutput: Tensor, avgWeights: Tensor | null | "raw_values"): number | Tensor {
  if (avgWeights === "raw_values") return perOutput;
  if (avgWeights === null) return perOutput.mean().item();
  return perOutput.mul(avgWeights).sum().item() / avgWeights.sum().item();
}

/**
 * Mean absolute error, as `sklearn.metrics.mean_absolute_error`: MAE = sum_i w_i |yTrue_i - yPred_i| /
 * sum_i w_i per output, then combined by `multioutput` (the mean by default; "raw_values" returns a
 * Tensor `[outputs]`).
 * @example
 * metrics.meanAbsoluteError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.5
 */
export function meanAbsoluteError(yTrue: RegressionInput, yPred: RegressionInput, options: RegressionOptions = {}): number | Tensor {
  const r = checkRegTargets("meanAbsoluteError", yTrue, yPred, options);
  return combine(average0(r.yPred.sub(r.yTrue).abs(), r.weight), r.avgWeights);
}

/**
 * Mean squared error, as `sklearn.metrics.mean_squared_error`: MSE = sum_i w_i (yTrue_i - yPred_i)^2 /
 * sum_i w_i per output; `squared: false` takes the square root per output before combining (scikit-learn
 * 1.2's spelling of the RMSE; see `rootMeanSquaredError`).
 * @example
 * metrics.meanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.375
 */
export function meanSquaredError(yTrue: RegressionInput, yPred: RegressionInput, options: MeanSquaredErrorOptions = {}): number | Tensor {
  const r = checkRegTargets("meanSquaredError", yTrue, yPred, options);
  let errors = average0(r.yTrue.sub(r.yPred).pow(2), r.weight);
  if (options.squared === false) errors = errors.sqrt();
  return combine(errors, r.avgWeights);
}

/**
 * Root mean squared error, as scikit-learn 1.4's `root_mean_squared_error` (in scikit-learn 1.2:
 * `mean_squared_error(squared=False)`): RMSE = sqrt(MSE) per output, then combined by `multioutput`.
 * @example
 * metrics.rootMeanSquaredError([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.6123724356957945
 */
export function rootMeanSquaredError(yTrue: RegressionInput, yPred: RegressionInput, options: RegressionOptions = {}): number | Tensor {
  const r = checkRegTargets("rootMeanSquaredError", yTrue, yPred, options);
  return combine(average0(r.yTrue.sub(r.yPred).pow(2), r.weight).sqrt(), r.avgWeights);
}

/**
 * The coefficient of determination, as `sklearn.metrics.r2_score`: R² = 1 - SS_res / SS_tot per output,
 * SS_res = sum_i w_i (yTrue_i - yPred_i)^2, SS_tot = sum_i w_i (yTrue_i - mean_w(yTrue))^2. With
 * `forceFinite` (default) a constant yTrue scores 1 when predicted exactly, else 0. Outputs are
 * averaged uniformly (default), by their variance ("variance_weighted"), by given weights, or returned
 * per output ("raw_values"). Fewer than two samples: NaN with scikit-learn's warning.
 * @example
 * metrics.r2Score([3, -0.5, 2, 7], [2.5, 0.0, 2, 8]); // 0.9486081370449679
 */
export function r2Score(yTrue: RegressionInput, yPred: RegressionInput, options: R2Options = {}): number | Tensor {
  const where = "r2Score";
  const r = checkRegTargets(where, yTrue, yPred, options, ["variance_weighted"]);
  if (r.yTrue.shape[0] < 2) {
    console.warn(`${where}: R^2 score is not well-defined with less than two samples.`);
    return NaN;
  }
  const w = r.weight === null ? null : r.weight.reshape(-1, 1);
  const sq = (d: Tensor): Tensor => (w === null ? d.pow(2) : d.pow(2).mul(w)).sum(0);
  const numerator = sq(r.yTrue.sub(r.yPred));
  const denominator = sq(r.yTrue.sub(average0(r.yTrue, r.weight)));
  const num = numerator.data;
  const den = denominator.data;
  const forceFinite = options.forceFinite ?? true;
  const scores = new Float64Array(r.outputs);
  for (let j = 0; j < r.outputs; j++) {
    if (!forceFinite) scores[j] = 1 - num[j] / den[j];
    else if (den[j] !== 0 && num[j] !== 0) scores[j] = 1 - num[j] / den[j];
    else scores[j] = num[j] !== 0 ? 0 : 1;
  }
  const perOutput = new Tensor(scores, [r.outputs]);
  if (options.multioutput === "variance_weighted") {
    // all outputs constant: the variances are all 0, so fall back to the uniform mean
    return combine(perOutput, Array.from(den).some((d) => d !== 0) ? denominator : null);
  }
  return combine(perOutput, r.avgWeights);
}
