import { Tensor } from "../tensor/tensor.ts";
import { tensor, type NestedNumbers } from "../tensor/creation.ts";
import { cat } from "../ops/join.ts";
import { where as select } from "../ops/where.ts";
import { checkConsistentLength, checkSampleWeight, formatLabel, toLabels, typeOfTarget, uniqueLabels, type Label, type LabelInput, type WeightInput } from "./targets.ts";

/** Options of `logLoss`. */
export interface LogLossOptions {
  /** Probabilities are clipped to [eps, 1 - eps]; "auto" (default) is the machine epsilon of yPred's dtype (2.2e-16 for float64, 1.2e-7 for float32). */
  eps?: number | "auto";
  /** Return the mean loss per sample (default true) or the (weighted) sum when false. */
  normalize?: boolean;
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** The classes, in the order of yPred's columns (default: the sorted labels of yTrue). */
  labels?: LabelInput | null;
}

const EPS = { float64: 2.220446049250313e-16, float32: 1.1920928955078125e-7 };

/**
 * Log loss (cross-entropy) of predicted probabilities, as `sklearn.metrics.log_loss` (1.2):
 * -1/n sum_i sum_c [yTrue_i = c] log p_ic, with p clipped to [eps, 1 - eps] and each row renormalised
 * to sum 1. yPred is `[samples, classes]` in the order of the sorted labels (or `labels`), or 1-D /
 * `[samples, 1]`: the probability of the greater of two classes.
 * @example
 * metrics.logLoss(["spam", "ham", "ham", "spam"], [[0.1, 0.9], [0.9, 0.1], [0.8, 0.2], [0.35, 0.65]]); // 0.21616187468057912
 */
export function logLoss(yTrue: LabelInput, yPred: Tensor | readonly number[] | readonly (readonly number[])[], options: LogLossOptions = {}): number {
  const where = "logLoss";
  const t = toLabels(where, "yTrue", yTrue);
  let p: Tensor;
  if (yPred instanceof Tensor) p = yPred.detach();
  else {
    try {
      p = tensor(yPred as NestedNumbers, { dtype: "float64" });
    } catch (err) {
      throw new Error(`${where}: yPred must be a Tensor or (nested) arrays of numbers: ${(err as Error).message}`);
    }
  }
  if (p.dtype !== "float32" && p.dtype !== "float64") p = p.to("float64");
  if (p.dim() !== 1 && p.dim() !== 2) throw new Error(`${where}: yPred must be 1-D or 2-D, got shape [${p.shape.join(", ")}]`);
  if (p.isfinite().logicalNot().any().item()) throw new Error(`${where}: Input yPred contains NaN or infinity.`);
  const eps = options.eps === undefined || options.eps === "auto" ? EPS[p.dtype as "float32" | "float64"] : options.eps;
  if (typeof eps !== "number" || !(eps >= 0)) throw new Error(`${where}: eps must be "auto" or a non-negative number, got ${JSON.stringify(options.eps)}`);
  const n = t.length;
  checkConsistentLength(where, p.shape[0], n);
  const weight = checkSampleWeight(where, options.sampleWeight, n);
  const labelsGiven = options.labels !== null && options.labels !== undefined;
  const classes = uniqueLabels(labelsGiven ? toLabels(where, "labels", options.labels!) : t);
  if (classes.length === 1) {
    if (!labelsGiven) throw new Error(`${where}: yTrue contains only one label (${classes[0]}). Please provide the true labels explicitly through the labels argument.`);
    throw new Error(`${where}: The labels array needs to contain at least two labels for log_loss, got [${classes.map(formatLabel).join(" ")}].`);
  }
  if (classes.length === 0) throw new Error(`${where}: yTrue has 0 samples`);
  const k = classes.length;
  // one-hot truth over the classes (LabelBinarizer): unknown labels get a zero row, except that a
  // binary yTrue against two classes is coded by the greater class alone (so it reads as the lesser)
  const onehot = new Float64Array(n * k);
  const binaryCoding = k === 2 && typeOfTarget(where, "yTrue", t) === "binary";
  const index = new Map<Label, number>(classes.map((c, i) => [c, i]));
  for (let i = 0; i < n; i++) {
    const c = index.get(t[i]);
    if (binaryCoding) onehot[i * 2 + (c === 1 ? 1 : 0)] = 1;
    else if (c !== undefined) onehot[i * k + c] = 1;
  }
  const Y = new Tensor(onehot, [n, k]);
  let probs = p.to("float64").clamp(eps, 1 - eps);
  if (probs.dim() === 1) probs = probs.reshape(-1, 1);
  if (probs.shape[1] === 1) probs = cat([probs.neg().add(1), probs], 1);
  if (probs.shape[1] !== k) {
    if (!labelsGiven) throw new Error(`${where}: yTrue and yPred contain different number of classes ${k}, ${probs.shape[1]}. Please provide the true labels explicitly through the labels argument. Classes found in yTrue: [${classes.map(formatLabel).join(" ")}]`);
    throw new Error(`${where}: The number of classes in labels is different from that in yPred. Classes found in labels: [${classes.map(formatLabel).join(" ")}]`);
  }
  probs = probs.div(probs.sum(1, true));
  // xlogy: 0 log p = 0
  const loss = select(Y.eq(0), 0, Y.mul(probs.log())).sum(1).neg();
  const normalize = options.normalize ?? true;
  if (weight === null) return normalize ? loss.mean().item() : loss.sum().item();
  const total = loss.mul(weight).sum().item();
  return normalize ? total / weight.sum().item() : total;
}
