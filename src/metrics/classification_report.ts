import type { Tensor } from "../tensor/tensor.ts";
import { precisionRecallFscoreSupport, type ZeroDivision } from "./precision_recall_f1.ts";
import { checkTargets, toLabels, uniqueLabels, type Label, type LabelInput, type WeightInput } from "./targets.ts";
import { padLeft, pyLen } from "./format.ts";
import { pyFixed, pyRepr } from "../keras/utils/format.ts";

/** Options of `classificationReport`. */
export interface ClassificationReportOptions {
  /** The classes to report, in order (default: all labels of yTrue and yPred, sorted). */
  labels?: LabelInput | null;
  /** Display names of the classes, one per label (default: the labels themselves). */
  targetNames?: readonly string[] | null;
  /** Per-sample weights (default: each sample counts 1). */
  sampleWeight?: WeightInput | null;
  /** Digits after the point in the text table (default 2; the dictionary keeps full precision). */
  digits?: number;
  /** Return a dictionary of numbers instead of the text table (default false). */
  outputDict?: boolean;
  /** The value of an undefined precision / recall: "warn" (default; 0 with a warning), 0 or 1. */
  zeroDivision?: ZeroDivision;
}

/** One row of the report dictionary (scikit-learn's keys). */
export interface ReportRow {
  precision: number;
  recall: number;
  "f1-score": number;
  support: number;
}

/** The report as a dictionary: a row per class name, "accuracy" (a number) or "micro avg", "macro avg", "weighted avg". */
export type ClassificationReportDict = Record<string, ReportRow | number>;

/** A support value printed as Python prints numpy's: an integer count, or the float repr of a weighted total. */
function formatSupport(v: number, integer: boolean): string {
  return integer ? String(Math.round(v)) : pyRepr(v);
}

/**
 * The per-class precision, recall, F1 and support with the micro (shown as "accuracy" when it equals
 * it), macro and support-weighted averages, as `sklearn.metrics.classification_report`: the same text
 * table, byte for byte, or with `outputDict` the same numbers as a dictionary.
 * @example
 * console.log(metrics.classificationReport([0, 1, 2, 2, 2], [0, 0, 2, 2, 1], { targetNames: ["class 0", "class 1", "class 2"] }));
 * //               precision    recall  f1-score   support
 * //
 * //      class 0       0.50      1.00      0.67         1
 * //      class 1       0.00      0.00      0.00         1
 * //      class 2       1.00      0.67      0.80         3
 * //
 * //     accuracy                           0.60         5
 * //    macro avg       0.50      0.56      0.49         5
 * // weighted avg       0.70      0.60      0.61         5
 */
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions & { outputDict: true }): ClassificationReportDict;
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationReportOptions & { outputDict?: false }): string;
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options?: ClassificationReportOptions): string | ClassificationReportDict;
export function classificationReport(yTrue: LabelInput, yPred: LabelInput, options: ClassificationReportOptions = {}): string | ClassificationReportDict {
  const where = "classificationReport";
  const digits = options.digits ?? 2;
  if (!Number.isInteger(digits) || digits < 0) throw new Error(`${where}: digits must be a non-negative integer, got ${digits}`);
  const { yTrue: t, yPred: p } = checkTargets(where, yTrue, yPred);
  const present = uniqueLabels(t, p);
  const labelsGiven = options.labels !== null && options.labels !== undefined;
  const labels: Label[] = labelsGiven ? toLabels(where, "labels", options.labels!) : present;
  const microIsAccuracy = !labelsGiven || (new Set(labels).size === present.length && present.every((l) => labels.includes(l)));
  let names = options.targetNames ?? null;
  if (names !== null && names.length !== labels.length) {
    if (labelsGiven) console.warn(`${where}: labels size, ${labels.length}, does not match size of targetNames, ${names.length}`);
    else throw new Error(`${where}: Number of classes, ${labels.length}, does not match size of targetNames, ${names.length}. Try specifying the labels parameter`);
  }
  names ??= labels.map(String);
  const common = { labels: labels as LabelInput, sampleWeight: options.sampleWeight, zeroDivision: options.zeroDivision };
  const [pc, rc, fc, sc] = precisionRecallFscoreSupport(t as LabelInput, p as LabelInput, { ...common, average: null }) as [Tensor, Tensor, Tensor, Tensor];
  const integer = sc.dtype === "int32";
  const headers = ["precision", "recall", "f1-score", "support"] as const;
  // zip() stops at the shorter of target names and labels, as in scikit-learn
  const rows = Math.min(names.length, labels.length);
  const totalSupport = sc.sum().item();
  const averages: [string, number, number, number][] = [];
  for (const average of ["micro", "macro", "weighted"] as const) {
    const [ap, ar, af] = precisionRecallFscoreSupport(t as LabelInput, p as LabelInput, { ...common, average }) as [number, number, number, null];
    averages.push([average === "micro" && microIsAccuracy ? "accuracy" : `${average} avg`, ap, ar, af]);
  }
  if (options.outputDict) {
    const out: ClassificationReportDict = {};
    for (let i = 0; i < rows; i++) out[names[i]] = { precision: pc.data[i], recall: rc.data[i], "f1-score": fc.data[i], support: sc.data[i] };
    for (const [heading, ap, ar, af] of averages) out[heading] = heading === "accuracy" ? ap : { precision: ap, recall: ar, "f1-score": af, support: totalSupport };
    return out;
  }
  const width = Math.max(...names.slice(0, rows).map(pyLen), pyLen("weighted avg"), digits);
  const cell = (s: string): string => ` ${padLeft(s, 9)}`;
  let report = `${padLeft("", width)} ${headers.map(cell).join("")}\n\n`;
  for (let i = 0; i < rows; i++) {
    report += `${padLeft(names[i], width)} ${[pc.data[i], rc.data[i], fc.data[i]].map((v) => cell(pyFixed(v, digits))).join("")}${cell(formatSupport(sc.data[i], integer))}\n`;
  }
  report += "\n";
  for (const [heading, ap, ar, af] of averages) {
    const scores = heading === "accuracy" ? ["", "", pyFixed(af, digits)] : [ap, ar, af].map((v) => pyFixed(v, digits));
    report += `${padLeft(heading, width)} ${scores.map(cell).join("")}${cell(formatSupport(totalSupport, integer))}\n`;
  }
  return report;
}
