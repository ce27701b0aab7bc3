import { Tensor } from "../tensor/tensor.ts";
import { tensor, type NestedNumbers } from "../tensor/creation.ts";
import { cat } from "../ops/join.ts";
import { checkConsistentLength, checkSampleWeight, compareLabels, encodeLabels, formatLabel, toLabels, typeOfTarget, uniqueLabels, type Label, type LabelInput, type WeightInput } from "./targets.ts";

/** Scores: a Tensor `[samples]` (binary: the positive class's score) or `[samples, classes]` (multiclass probabilities). */
export type ScoreInput = Tensor | readonly number[] | readonly (readonly number[])[];

/** Options of `rocCurve`. */
export interface RocCurveOptions {
  /** The positive class (default: 1 when the labels are {0, 1} or {-1, 1}; required otherwise). */
  posLabel?: Label | null;
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** Drop thresholds whose point lies on a straight segment of the curve (default true; the area is unchanged). */
  dropIntermediate?: boolean;
}

/** Options of `rocAucScore`. */
export interface RocAucOptions {
  /** Multiclass / per-class averaging: "macro" (default), "weighted" (by prevalence), "micro" (ovr only) or null (per class, ovr only). */
  average?: "micro" | "macro" | "weighted" | null;
  /** Per-sample weights (default: each sample counts 1; not with "ovo"). */
  sampleWeight?: WeightInput | null;
  /** Binary only: the standardised partial AUC over FPR in [0, maxFpr] (McClish's correction); default null (the whole curve). */
  maxFpr?: number | null;
  /** Multiclass: "ovr" (one class against the rest), "ovo" (every pair of classes), "raise" (default: an error). */
  multiClass?: "raise" | "ovr" | "ovo";
  /** Multiclass: the classes, in the order of yScore's columns (default: the sorted labels of yTrue). */
  labels?: LabelInput | null;
}

function asScores(where: string, yScore: ScoreInput): Tensor {
  let t: Tensor;
  if (yScore instanceof Tensor) t = yScore.detach().to("float64");
  else {
    try {
      t = tensor(yScore as NestedNumbers, { dtype: "float64" });
    } catch (err) {
      throw new Error(`${where}: yScore must be a Tensor or (nested) arrays of numbers: ${(err as Error).message}`);
    }
  }
  if (t.dim() !== 1 && t.dim() !== 2) throw new Error(`${where}: yScore must be 1-D or 2-D, got shape [${t.shape.join(", ")}]`);
  if (t.isfinite().logicalNot().any().item()) throw new Error(`${where}: Input yScore contains NaN or infinity.`);
  return t;
}

/** First differences x[1:] - x[:-1] (numpy's diff). */
function diff(x: Tensor): Tensor {
  return x.index("1:").sub(x.index(":-1"));
}

/**
 * Cumulative true and false positives at each distinct score, from the highest down (scikit-learn's
 * `_binary_clf_curve`): ties in the scores form one threshold.
 */
function binaryClfCurve(positive: Tensor, score: Tensor, weight: Tensor | null): { fps: Tensor; tps: Tensor; thresholds: Tensor } {
  const n = score.shape[0];
  const order = score.argsort(0, true, true);
  const s = score.indexSelect(0, order);
  const y = positive.indexSelect(0, order);
  const w = weight === null ? null : weight.indexSelect(0, order);
  const distinct = diff(s).ne(0).nonzero().reshape(-1);
  const idx = cat([distinct.to("int32"), tensor([n - 1], { dtype: "int32" })]);
  const tps = (w === null ? y : y.mul(w)).cumsum(0).indexSelect(0, idx);
  const fps = w === null ? idx.to("float64").add(1).sub(tps) : y.neg().add(1).mul(w).cumsum(0).indexSelect(0, idx);
  return { fps, tps, thresholds: s.indexSelect(0, idx) };
}

/** The positive class of a binary yTrue, as scikit-learn's `_check_pos_label_consistency`. */
function checkPosLabel(where: string, classes: readonly Label[], posLabel: Label | null | undefined): Label {
  if (posLabel !== null && posLabel !== undefined) return posLabel;
  const key = classes.join(",");
  if (!["0,1", "-1,1", "0", "-1", "1"].includes(key)) {
    throw new Error(`${where}: yTrue takes value in {${classes.map(formatLabel).join(", ")}} and posLabel is not specified: either make yTrue take value in {0, 1} or {-1, 1} or pass posLabel explicitly.`);
  }
  return 1;
}

/** The ROC points of a 0/1 target (drop-intermediate applied), as Tensors. */
function rocPoints(where: string, positive: Tensor, score: Tensor, weight: Tensor | null, dropIntermediate: boolean): [Tensor, Tensor, Tensor] {
  let { fps, tps, thresholds } = binaryClfCurve(positive, score, weight);
  if (dropIntermediate && fps.shape[0] > 2) {
    const bend = diff(diff(fps)).ne(0).logicalOr(diff(diff(tps)).ne(0));
    const keep = cat([tensor([true]), bend, tensor([true])]).nonzero().reshape(-1).to("int32");
    fps = fps.indexSelect(0, keep);
    tps = tps.indexSelect(0, keep);
    thresholds = thresholds.indexSelect(0, keep);
  }
  const zero = tensor([0], { dtype: "float64" });
  fps = cat([zero, fps]);
  tps = cat([zero, tps]);
  thresholds = cat([thresholds.index(":1").add(1), thresholds]);
  const lastF = fps.data[fps.shape[0] - 1];
  const lastT = tps.data[tps.shape[0] - 1];
  if (lastF <= 0) console.warn(`${where}: No negative samples in yTrue, false positive value should be meaningless`);
  if (lastT <= 0) console.warn(`${where}: No positive samples in yTrue, true positive value should be meaningless`);
  const fpr = lastF <= 0 ? fps.mul(NaN) : fps.div(lastF);
  const tpr = lastT <= 0 ? tps.mul(NaN) : tps.div(lastT);
  return [fpr, tpr, thresholds];
}

/**
 * The receiver operating characteristic, as `sklearn.metrics.roc_curve` (scikit-learn 1.2): false and
 * true positive rates at each distinct score threshold, highest first, from (0, 0); the first
 * threshold is max(yScore) + 1. Returns `[fpr, tpr, thresholds]`, float64 Tensors.
 * @example
 * const [fpr, tpr, thr] = metrics.rocCurve([1, 1, 2, 2], [0.1, 0.4, 0.35, 0.8], { posLabel: 2 });
 * fpr.toArray(); // [0, 0, 0.5, 0.5, 1]
 */
export function rocCurve(yTrue: LabelInput, yScore: ScoreInput, options: RocCurveOptions = {}): [fpr: Tensor, tpr: Tensor, thresholds: Tensor] {
  const where = "rocCurve";
  const t = toLabels(where, "yTrue", yTrue);
  const s = asScores(where, yScore);
  if (s.dim() !== 1) throw new Error(`${where}: yScore must be 1-D (the positive class's scores), got shape [${s.shape.join(", ")}]`);
  checkConsistentLength(where, t.length, s.shape[0]);
  const type = typeOfTarget(where, "yTrue", t);
  if (type !== "binary") throw new Error(`${where}: ${type} format is not supported`);
  const pos = checkPosLabel(where, uniqueLabels(t), options.posLabel);
  const positive = new Tensor(Float64Array.from(t, (v) => (v === pos ? 1 : 0)), [t.length]);
  return rocPoints(where, positive, s, checkSampleWeight(where, options.sampleWeight, t.length), options.dropIntermediate ?? true);
}

/**
 * The area under a curve by the trapezoidal rule, as `sklearn.metrics.auc`: x must be monotonic
 * (increasing, or decreasing for a negated area).
 * @example metrics.auc([0, 0.5, 1], [0, 0.8, 1]); // 0.65
 */
export function auc(x: Tensor | readonly number[], y: Tensor | readonly number[]): number {
  const where = "auc";
  const xs = x instanceof Tensor ? x.detach().to("float64").reshape(-1) : tensor(x as number[], { dtype: "float64" });
  const ys = y instanceof Tensor ? y.detach().to("float64").reshape(-1) : tensor(y as number[], { dtype: "float64" });
  checkConsistentLength(where, xs.shape[0], ys.shape[0]);
  if (xs.shape[0] < 2) throw new Error(`${where}: At least 2 points are needed to compute area under curve, but x.shape = ${xs.shape[0]}`);
  const dx = diff(xs);
  let direction = 1;
  if (dx.lt(0).any().item()) {
    if (dx.le(0).all().item()) direction = -1;
    else throw new Error(`${where}: x is neither increasing nor decreasing : [${Array.from(xs.data).join(", ")}].`);
  }
  // the trapezoid: sum dx * (y[1:] + y[:-1]) / 2
  return direction * dx.mul(ys.index("1:").add(ys.index(":-1")).div(2)).sum().item();
}

/** AUC of one 0/1 target (scikit-learn's `_binary_roc_auc_score`), with the McClish-standardised partial AUC for maxFpr < 1. */
function binaryRocAuc(where: string, positive: Tensor, score: Tensor, weight: Tensor | null, maxFpr: number | null): number {
  const pos = positive.sum().item();
  if (pos === 0 || pos === positive.shape[0]) throw new Error(`${where}: Only one class present in yTrue. ROC AUC score is not defined in that case.`);
  const [fpr, tpr] = rocPoints(where, positive, score, weight, true);
  if (maxFpr === null || maxFpr === 1) return auc(fpr, tpr);
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new Error(`${where}: Expected maxFpr in range (0, 1], got: ${maxFpr}`);
  // the curve up to maxFpr, closed by linear interpolation (numpy's searchsorted 'right' + interp)
  const f = fpr.data;
  const r = tpr.data;
  let stop = 0;
  while (stop < f.length && f[stop] <= maxFpr) stop++;
  const x0 = f[stop - 1];
  const x1 = f[stop];
  const yAt = x1 === x0 ? r[stop] : r[stop - 1] + ((maxFpr - x0) * (r[stop] - r[stop - 1])) / (x1 - x0);
  const partial = auc(cat([fpr.index(`:${stop}`), tensor([maxFpr], { dtype: "float64" })]), cat([tpr.index(`:${stop}`), tensor([yAt], { dtype: "float64" })]));
  const minArea = 0.5 * maxFpr ** 2;
  return 0.5 * (1 + (partial - minArea) / (maxFpr - minArea));
}

/** Averages per-class binary AUCs as scikit-learn's `_average_binary_score` (one-vs-rest). */
function ovrScore(where: string, yEncoded: Int32Array, score: Tensor, weight: Tensor | null, average: RocAucOptions["average"]): number | Tensor {
  const n = yEncoded.length;
  const k = score.shape[1];
  const onehot = new Float64Array(n * k);
  for (let i = 0; i < n; i++) if (yEncoded[i] >= 0) onehot[i * k + yEncoded[i]] = 1;
  const Y = new Tensor(onehot, [n, k]);
  if (average === "micro") {
    const w = weight === null ? null : weight.reshape(-1, 1).expand(n, k).reshape(-1);
    return binaryRocAuc(where, Y.reshape(-1), score.reshape(-1), w, null);
  }
  let avgWeight: Tensor | null = null;
  if (average === "weighted") {
    avgWeight = (weight === null ? Y : Y.mul(weight.reshape(-1, 1))).sum(0);
    if (Math.abs(avgWeight.sum().item()) <= 1e-8) return 0;
  }
  const scores = new Float64Array(k);
  for (let c = 0; c < k; c++) scores[c] = binaryRocAuc(where, Y.select(1, c).contiguous(), score.select(1, c).contiguous(), weight, null);
  const perClass = new Tensor(scores, [k]);
  if (average === null) return perClass;
  if (avgWeight === null) return perClass.mean().item();
  const masked = perClass.mul(avgWeight.ne(0).to("float64"));
  return masked.mul(avgWeight).sum().item() / avgWeight.sum().item();
}

/** Mean over pairs of classes of the two one-against-the-other AUCs (Hand & Till), scikit-learn's `_average_multiclass_ovo_score`. */
function ovoScore(where: string, yEncoded: Int32Array, score: Tensor, average: RocAucOptions["average"]): number {
  const present = [...new Set(yEncoded)].sort((a, b) => a - b);
  const pairScores: number[] = [];
  const prevalence: number[] = [];
  for (let i = 0; i < present.length; i++) {
    for (let j = i + 1; j < present.length; j++) {
      const a = present[i];
      const b = present[j];
      const rows: number[] = [];
      for (let r = 0; r < yEncoded.length; r++) if (yEncoded[r] === a || yEncoded[r] === b) rows.push(r);
      const idx = tensor(rows, { dtype: "int32" });
      const isA = new Tensor(Float64Array.from(rows, (r) => (yEncoded[r] === a ? 1 : 0)), [rows.length]);
      const sub = score.indexSelect(0, idx);
      const aScore = binaryRocAuc(where, isA, sub.select(1, a).contiguous(), null, null);
      const bScore = binaryRocAuc(where, isA.neg().add(1), sub.select(1, b).contiguous(), null, null);
      pairScores.push((aScore + bScore) / 2);
      prevalence.push(rows.length / yEncoded.length);
    }
  }
  const s = tensor(pairScores, { dtype: "float64" });
  if (average !== "weighted") return s.mean().item();
  const w = tensor(prevalence, { dtype: "float64" });
  return s.mul(w).sum().item() / w.sum().item();
}

/**
 * Area under the ROC curve, as `sklearn.metrics.roc_auc_score` (1.2). Binary yTrue: yScore is the
 * score of the greater label (1-D; e.g. `predictProba(X).index(":", 1)`), AUC = the trapezoid under
 * (FPR, TPR) over the distinct thresholds, so tied scores count half. Multiclass yTrue: yScore holds
 * probabilities `[samples, classes]` (rows summing to 1) and `multiClass` must be "ovr" (each class
 * against the rest; `average` "macro", "weighted" by prevalence, "micro" or null per class) or "ovo"
 * (Hand & Till's mean over pairs of classes; "macro" or "weighted").
 * @example
 * metrics.rocAucScore([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]); // 0.75
 * metrics.rocAucScore(yTest, model.predictProba(XTest), { multiClass: "ovr" });
 */
export function rocAucScore(yTrue: LabelInput, yScore: ScoreInput, options: RocAucOptions = {}): number | Tensor {
  const where = "rocAucScore";
  const t = toLabels(where, "yTrue", yTrue);
  const s = asScores(where, yScore);
  checkConsistentLength(where, t.length, s.shape[0]);
  const weight = checkSampleWeight(where, options.sampleWeight, t.length);
  const type = typeOfTarget(where, "yTrue", t);
  if (type === "continuous") throw new Error(`${where}: continuous format is not supported`);
  const average = options.average === undefined ? "macro" : options.average;
  const maxFpr = options.maxFpr ?? null;
  const multiClass = options.multiClass ?? "raise";
  if (type === "multiclass" || (s.dim() === 2 && s.shape[1] > 2)) {
    if (maxFpr !== null && maxFpr !== 1) throw new Error(`${where}: Partial AUC computation not available in multiclass setting, 'maxFpr' must be set to \`null\`, received \`maxFpr=${maxFpr}\` instead`);
    if (multiClass === "raise") throw new Error(`${where}: multiClass must be in ('ovo', 'ovr')`);
    if (multiClass !== "ovr" && multiClass !== "ovo") throw new Error(`${where}: multiClass='${multiClass}' is not supported for multiclass ROC AUC, multiClass must be in ('ovo', 'ovr')`);
    if (s.dim() !== 2) throw new Error(`${where}: multiclass yTrue needs yScore of shape [samples, classes], got shape [${s.shape.join(", ")}]`);
    const rowSums = s.sum(1);
    if (rowSums.sub(1).abs().gt(rowSums.abs().mul(1e-5).add(1e-8)).any().item()) throw new Error(`${where}: Target scores need to be probabilities for multiclass roc_auc, i.e. they should sum up to 1.0 over classes`);
    const options2 = multiClass === "ovr" ? ["micro", "macro", "weighted", null] : ["macro", "weighted", null];
    if (!options2.includes(average)) throw new Error(`${where}: average must be one of (${options2.map((o) => (o === null ? "null" : `'${o}'`)).join(", ")}) for multiclass problems`);
    if (average === null && multiClass === "ovo") throw new Error(`${where}: average=null is not implemented for multiClass='ovo'.`);
    let classes: Label[];
    if (options.labels !== null && options.labels !== undefined) {
      const given = toLabels(where, "labels", options.labels);
      classes = uniqueLabels(given);
      if (classes.length !== given.length) throw new Error(`${where}: Parameter 'labels' must be unique`);
      if (given.some((v, i) => compareLabels(v, classes[i]) !== 0)) throw new Error(`${where}: Parameter 'labels' must be ordered`);
      if (classes.length !== s.shape[1]) throw new Error(`${where}: Number of given labels, ${classes.length}, not equal to the number of columns in 'yScore', ${s.shape[1]}`);
      if (t.some((v) => !classes.includes(v))) throw new Error(`${where}: 'yTrue' contains labels not in parameter 'labels'`);
    } else {
      classes = uniqueLabels(t);
      if (classes.length !== s.shape[1]) throw new Error(`${where}: Number of classes in yTrue not equal to the number of columns in 'yScore'`);
    }
    const encoded = encodeLabels(t, classes);
    if (multiClass === "ovo") {
      if (weight !== null) throw new Error(`${where}: sampleWeight is not supported for multiclass one-vs-one ROC AUC, 'sampleWeight' must be null in this case.`);
      return ovoScore(where, encoded, s, average);
    }
    return ovrScore(where, encoded, s, weight, average);
  }
  // binary: the score is of the greater label
  let score = s;
  if (score.dim() === 2) {
    if (score.shape[1] !== 1) throw new Error(`${where}: binary yTrue needs 1-D scores of the positive (greater) class, e.g. predictProba(X).index(":", 1); got shape [${score.shape.join(", ")}]`);
    score = score.reshape(-1);
  }
  const classes = uniqueLabels(t);
  const pos = classes.length === 2 ? classes[1] : null;
  const positive = new Tensor(Float64Array.from(t, (v) => (v === pos ? 1 : 0)), [t.length]);
  return binaryRocAuc(where, positive, score, weight, maxFpr);
}
