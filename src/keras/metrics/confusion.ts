import { Tensor } from "../../tensor/tensor.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { noGrad } from "../../autograd/grad_mode.ts";
import { where } from "../../ops/where.ts";
import { EPSILON } from "../losses.ts";
import { Metric, broadcastWeights, type MetricConfig, type MetricOptions } from "./metric.ts";

/*
 * Keras's confusion-matrix metrics: Precision, Recall and AUC accumulate weighted true/false
 * positive/negative counts over an epoch, as keras/utils/metrics_utils.py's
 * update_confusion_matrix_variables does: a prediction is positive when it is strictly above the
 * threshold, a label is positive when it is non-zero, and each count adds the sample's weight.
 */

/** One batch flattened: labels (1 where non-zero), predictions and per-element weights, all `[M]`. */
interface Flat {
  truth: Tensor;
  pred: Tensor;
  weight: Tensor;
}

function flatten(op: string, yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null): Flat {
  let t = yTrue.detach();
  const p = yPred.detach();
  if (!sameShape(t.shape, p.shape)) {
    if (t.numel() === p.numel() && Math.abs(t.dim() - p.dim()) === 1) t = t.reshape(p.shape);
    else throw new Error(`keras.metrics.${op}: y_true shape ${formatShape(yTrue.shape)} does not match y_pred shape ${formatShape(yPred.shape)}`);
  }
  if (p.numel() > 0 && (p.amin().item() < 0 || p.amax().item() > 1)) {
    throw new Error(`keras.metrics.${op}: predictions must lie in [0, 1] (got values from ${p.amin().item()} to ${p.amax().item()})`);
  }
  const weight = sampleWeight === null ? null : broadcastWeights(op, p.double(), sampleWeight).reshape([-1]);
  const pred = p.reshape([-1]);
  return { truth: t.reshape([-1]).ne(0).double(), pred, weight: weight ?? pred.double().mul(0).add(1) };
}

/** `a / b`, and 0 where b is 0 (TensorFlow's `div_no_nan`). */
function divNoNan(a: Tensor, b: Tensor): Tensor {
  return where(b.eq(0), 0, a.div(b));
}

/**
 * Options of Precision and Recall.
 * @example new keras.metrics.Precision({ thresholds: 0.7 });
 */
export interface ThresholdOptions extends MetricOptions {
  /** Predictions strictly above it are positive (default 0.5). */
  thresholds?: number;
}

/** Shared by Precision and Recall: weighted TP, FP and FN counts at one threshold. */
abstract class ThresholdMetric extends Metric {
  /** Predictions strictly above it are positive. */
  readonly thresholds: number;
  /** Weighted true positives so far. */
  truePositives = 0;
  /** Weighted false positives so far. */
  falsePositives = 0;
  /** Weighted false negatives so far. */
  falseNegatives = 0;

  protected constructor(name: string, thresholds: number) {
    super(name);
    if (!(thresholds >= 0 && thresholds <= 1)) throw new Error(`keras.metrics.${name}: thresholds must lie in [0, 1], got ${thresholds}`);
    this.thresholds = thresholds;
  }

  override updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null = null): void {
    noGrad(() => {
      const { truth, pred, weight } = flatten(this.className, yTrue, yPred, sampleWeight);
      const pos = pred.gt(this.thresholds).double().mul(weight);
      const neg = weight.sub(pos);
      this.truePositives += pos.mul(truth).sum().item();
      this.falsePositives += pos.sum().item() - pos.mul(truth).sum().item();
      this.falseNegatives += neg.mul(truth).sum().item();
    });
  }

  override resetState(): void {
    this.truePositives = 0;
    this.falsePositives = 0;
    this.falseNegatives = 0;
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), thresholds: this.thresholds };
  }
}

/**
 * Precision over an epoch (keras.metrics.Precision): `TP / (TP + FP)` of the weighted counts, a
 * prediction positive when `yPred > thresholds`, a label positive when non-zero; 0 while TP + FP is 0.
 * Predictions must lie in [0, 1].
 * @example
 * const m = new keras.metrics.Precision();
 * m.updateState(bp.tensor([[1], [0], [1]]), bp.tensor([[0.9], [0.7], [0.2]]));
 * m.result(); // 0.5
 */
export class Precision extends ThresholdMetric {
  protected readonly className = "Precision";
  /** @param options `{thresholds = 0.5, name = "precision"}`. */
  constructor(options: ThresholdOptions = {}) {
    super(options.name ?? "precision", options.thresholds ?? 0.5);
  }
  override result(): number {
    const d = this.truePositives + this.falsePositives;
    return d === 0 ? 0 : this.truePositives / d;
  }
}

/**
 * Recall over an epoch (keras.metrics.Recall): `TP / (TP + FN)` of the weighted counts (see
 * Precision); 0 while TP + FN is 0.
 * @example
 * const m = new keras.metrics.Recall();
 * m.updateState(bp.tensor([[1], [0], [1]]), bp.tensor([[0.9], [0.7], [0.2]]));
 * m.result(); // 0.5
 */
export class Recall extends ThresholdMetric {
  protected readonly className = "Recall";
  /** @param options `{thresholds = 0.5, name = "recall"}`. */
  constructor(options: ThresholdOptions = {}) {
    super(options.name ?? "recall", options.thresholds ?? 0.5);
  }
  override result(): number {
    const d = this.truePositives + this.falseNegatives;
    return d === 0 ? 0 : this.truePositives / d;
  }
}

/**
 * Options of AUC.
 * @example new keras.metrics.AUC({ curve: "PR", numThresholds: 100 });
 */
export interface AUCOptions extends MetricOptions {
  /** Number of thresholds, at least 2 (default 200). */
  numThresholds?: number;
  /** "ROC" (default) or "PR". */
  curve?: "ROC" | "PR";
  /** How each interval's area is taken: "interpolation" (default), "minoring" or "majoring". */
  summationMethod?: "interpolation" | "minoring" | "majoring";
}

/**
 * Area under the ROC or PR curve (keras.metrics.AUC), from weighted confusion counts at
 * `numThresholds` thresholds `[-eps, 1/(n-1), 2/(n-1), ..., (n-2)/(n-1), 1 + eps]` (eps = 1e-7).
 * ROC: x = FP / (FP + TN), y = TP / (TP + FN), area `sum_i (x_i - x_{i+1}) h_i` with
 * `h_i = (y_i + y_{i+1}) / 2` ("interpolation", the trapezoid rule), `min` ("minoring") or `max`
 * ("majoring"). PR with "interpolation": Keras's interpolation of precision between thresholds
 * (Davis & Goadrich): per interval `slope (dTP + intercept log(P_i / P_{i+1})) / (TP + FN)_{i+1}` with
 * P = TP + FP, `slope = dTP / max(dP, 0)`, `intercept = TP_{i+1} - slope P_{i+1}`; other summations use
 * x = recall, y = precision. Predictions must lie in [0, 1]; labels 0/1.
 * @example
 * const m = new keras.metrics.AUC();
 * m.updateState(bp.tensor([0, 0, 1, 1]), bp.tensor([0, 0.5, 0.3, 0.9]));
 * m.result(); // 0.75
 */
export class AUC extends Metric {
  protected readonly className = "AUC";
  /** Number of thresholds. */
  readonly numThresholds: number;
  /** "ROC" or "PR". */
  readonly curve: "ROC" | "PR";
  /** "interpolation", "minoring" or "majoring". */
  readonly summationMethod: "interpolation" | "minoring" | "majoring";
  /** The thresholds, float32 `[numThresholds]`, ascending. */
  readonly thresholds: Tensor;
  /** Weighted counts per threshold, float64 `[numThresholds]`. */
  truePositives!: Tensor;
  /** Weighted false positives per threshold. */
  falsePositives!: Tensor;
  /** Weighted true negatives per threshold. */
  trueNegatives!: Tensor;
  /** Weighted false negatives per threshold. */
  falseNegatives!: Tensor;

  /** @param options `{numThresholds = 200, curve = "ROC", summationMethod = "interpolation", name = "auc"}`. */
  constructor(options: AUCOptions = {}) {
    super(options.name ?? "auc");
    const n = options.numThresholds ?? 200;
    if (!Number.isInteger(n) || n < 2) throw new Error(`keras.metrics.AUC: numThresholds must be an integer > 1, got ${n}`);
    const curve = options.curve ?? "ROC";
    if (curve !== "ROC" && curve !== "PR") throw new Error(`keras.metrics.AUC: curve must be "ROC" or "PR", got "${String(curve)}"`);
    const summation = options.summationMethod ?? "interpolation";
    if (!["interpolation", "minoring", "majoring"].includes(summation)) {
      throw new Error(`keras.metrics.AUC: summationMethod must be "interpolation", "minoring" or "majoring", got "${String(summation)}"`);
    }
    this.numThresholds = n;
    this.curve = curve;
    this.summationMethod = summation;
    const t = new Float32Array(n);
    t[0] = -EPSILON;
    for (let i = 1; i < n - 1; i++) t[i] = i / (n - 1);
    t[n - 1] = 1 + EPSILON;
    this.thresholds = new Tensor(t, [n]);
    this.resetState();
  }

  override updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null = null): void {
    noGrad(() => {
      const { truth, pred, weight } = flatten("AUC", yTrue, yPred, sampleWeight);
      const thr = pred.dtype === this.thresholds.dtype ? this.thresholds : this.thresholds.to(pred.dtype);
      // above[i, m] = pred_m > threshold_i
      const above = pred.unsqueeze(0).gt(thr.unsqueeze(1)).double();
      const posW = truth.mul(weight);
      const negW = weight.sub(posW);
      const tp = above.matmul(posW.unsqueeze(1)).squeeze(1);
      const fp = above.matmul(negW.unsqueeze(1)).squeeze(1);
      this.truePositives = this.truePositives.add(tp);
      this.falsePositives = this.falsePositives.add(fp);
      this.falseNegatives = this.falseNegatives.add(tp.neg().add(posW.sum()));
      this.trueNegatives = this.trueNegatives.add(fp.neg().add(negW.sum()));
    });
  }

  override result(): number {
    return noGrad(() => {
      const n = this.numThresholds;
      const head = (t: Tensor): Tensor => t.narrow(0, 0, n - 1);
      const tail = (t: Tensor): Tensor => t.narrow(0, 1, n - 1);
      const tp = this.truePositives;
      const fp = this.falsePositives;
      const fn = this.falseNegatives;
      if (this.curve === "PR" && this.summationMethod === "interpolation") {
        const dtp = head(tp).sub(tail(tp));
        const p = tp.add(fp);
        const dp = head(p).sub(tail(p));
        const slope = divNoNan(dtp, dp.maximum(0));
        const intercept = tail(tp).sub(slope.mul(tail(p)));
        const bothPositive = head(p).gt(0).logicalAnd(tail(p).gt(0));
        const ratio = where(bothPositive, divNoNan(head(p), tail(p).maximum(0)), 1);
        return divNoNan(slope.mul(dtp.add(intercept.mul(ratio.log()))), tail(tp).add(tail(fn)).maximum(0)).sum().item();
      }
      const recall = divNoNan(tp, tp.add(fn));
      const [x, y] = this.curve === "ROC"
        ? [divNoNan(fp, fp.add(this.trueNegatives)), recall]
        : [recall, divNoNan(tp, tp.add(fp))];
      const heights = this.summationMethod === "interpolation"
        ? head(y).add(tail(y)).div(2)
        : this.summationMethod === "minoring" ? head(y).minimum(tail(y)) : head(y).maximum(tail(y));
      return head(x).sub(tail(x)).mul(heights).sum().item();
    });
  }

  override resetState(): void {
    const zeros = (): Tensor => new Tensor(new Float64Array(this.numThresholds), [this.numThresholds]);
    this.truePositives = zeros();
    this.falsePositives = zeros();
    this.trueNegatives = zeros();
    this.falseNegatives = zeros();
  }

  override getConfig(): MetricConfig {
    return { ...super.getConfig(), numThresholds: this.numThresholds, curve: this.curve, summationMethod: this.summationMethod };
  }
}
