import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";

/** A class label: any number, or a string (scikit-learn's metrics accept both). */
export type Label = number | string;

/** Labels as the metrics take them: a 1-D Tensor (or `[n, 1]`), an array of numbers or an array of strings. */
export type LabelInput = Tensor | readonly number[] | readonly string[];

/** Per-sample weights: a 1-D Tensor or an array of numbers. */
export type WeightInput = Tensor | readonly number[];

/** scikit-learn's `type_of_target` for the 1-D targets the metrics handle. */
export type TargetType = "binary" | "multiclass" | "continuous";

/**
 * numpy's order for labels: numbers ascending (NaN last), strings by Unicode code point (numpy
 * compares UCS-4 code points, not UTF-16 code units). Mixing numbers and strings is an error, as in scikit-learn.
 */
export function compareLabels(a: Label, b: Label): number {
  if (typeof a === "number" && typeof b === "number") {
    // NaN sorts last, as in np.sort / np.unique
    if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) ? (Number.isNaN(b) ? 0 : 1) : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }
  if (typeof a === "string" && typeof b === "string") {
    if (a === b) return 0;
    const ai = a[Symbol.iterator]();
    const bi = b[Symbol.iterator]();
    for (;;) {
      const x = ai.next();
      const y = bi.next();
      if (x.done) return y.done ? 0 : -1;
      if (y.done) return 1;
      const cx = x.value.codePointAt(0)!;
      const cy = y.value.codePointAt(0)!;
      if (cx !== cy) return cx < cy ? -1 : 1;
    }
  }
  throw new Error("Mix of label input types (string and number)");
}

/** The sorted distinct labels of all the arrays (numpy's `np.union1d` / `unique_labels`). */
export function uniqueLabels(...arrays: readonly (readonly Label[])[]): Label[] {
  const seen = new Set<Label>();
  let kind: string | null = null;
  for (const arr of arrays) {
    for (const v of arr) {
      const k = typeof v;
      if (kind === null) kind = k;
      else if (k !== kind) throw new Error("Mix of label input types (string and number)");
      seen.add(v);
    }
  }
  return [...seen].sort(compareLabels);
}

/** The label printed as numpy prints it inside a list (`'cat'` or `1`). */
export function formatLabel(v: Label): string {
  return typeof v === "string" ? `'${v}'` : String(v);
}

/**
 * y as a plain array of labels. A Tensor must be 1-D (or `[n, 1]`); bool tensors give 0 / 1. A 2-D
 * target with several columns (multilabel / multioutput) is an error naming the function.
 */
export function toLabels(where: string, name: string, y: LabelInput): Label[] {
  if (y instanceof Tensor) {
    let t = y.detach();
    if (t.dim() === 2 && t.shape[1] === 1) t = t.reshape(-1);
    if (t.dim() === 0) throw new Error(`${where}: ${name} must be 1-D, got a scalar`);
    if (t.dim() !== 1) throw new Error(`${where}: ${name} must be 1-D [samples], got shape [${t.shape.join(", ")}] (multilabel and multioutput targets are not supported)`);
    return Array.from(t.data, Number);
  }
  if (!Array.isArray(y)) throw new Error(`${where}: ${name} must be a Tensor, an array of numbers or an array of strings`);
  const out: Label[] = [];
  let kind: string | null = null;
  for (const v of y as readonly unknown[]) {
    let x: unknown = v;
    if (Array.isArray(v) && v.length === 1) x = v[0];
    if (typeof x === "boolean") x = Number(x);
    if (typeof x !== "number" && typeof x !== "string") {
      throw new Error(`${where}: ${name} must be 1-D numbers or strings, got ${Array.isArray(v) ? "a nested array (multilabel and multioutput targets are not supported)" : typeof v}`);
    }
    if (kind === null) kind = typeof x;
    else if (kind !== typeof x) throw new Error(`${where}: ${name} mixes numbers and strings`);
    out.push(x);
  }
  return out;
}

/** scikit-learn's `type_of_target` for 1-D labels: "continuous" when a number is not an integer. */
export function typeOfTarget(where: string, name: string, y: readonly Label[]): TargetType {
  for (const v of y) {
    if (typeof v === "number") {
      if (!Number.isFinite(v)) throw new Error(`${where}: Input ${name} contains ${Number.isNaN(v) ? "NaN" : "infinity"}.`);
      if (v !== Math.trunc(v)) return "continuous";
    }
  }
  return new Set(y).size > 2 ? "multiclass" : "binary";
}

/** scikit-learn's `check_consistent_length` message. */
export function checkConsistentLength(where: string, ...lengths: number[]): void {
  if (lengths.some((n) => n !== lengths[0])) {
    throw new Error(`${where}: Found input variables with inconsistent numbers of samples: [${lengths.join(", ")}]`);
  }
}

/** Checked classification targets: their common type and the labels as arrays. */
export interface CheckedTargets {
  type: "binary" | "multiclass";
  yTrue: Label[];
  yPred: Label[];
}

/**
 * scikit-learn's `_check_targets` for 1-D targets: the same length, both discrete (a continuous one is
 * "Classification metrics can't handle a mix of binary and continuous targets"), and the type
 * "multiclass" when the union of labels has more than two values.
 */
export function checkTargets(where: string, yTrue: LabelInput, yPred: LabelInput): CheckedTargets {
  const t = toLabels(where, "yTrue", yTrue);
  const p = toLabels(where, "yPred", yPred);
  checkConsistentLength(where, t.length, p.length);
  const typeTrue = typeOfTarget(where, "yTrue", t);
  const typePred = typeOfTarget(where, "yPred", p);
  let types = new Set<string>([typeTrue, typePred]);
  if (types.size === 2 && types.has("binary") && types.has("multiclass")) types = new Set(["multiclass"]);
  if (types.size > 1) throw new Error(`${where}: Classification metrics can't handle a mix of ${typeTrue} and ${typePred} targets`);
  const type = [...types][0];
  if (type === "continuous") throw new Error(`${where}: continuous is not supported (classification metrics need discrete labels)`);
  if (t.length > 0 && p.length > 0 && typeof t[0] !== typeof p[0]) {
    throw new Error(`${where}: Labels in yTrue and yPred should be of the same type (both numbers or both strings)`);
  }
  const union = uniqueLabels(t, p);
  return { type: type === "binary" && union.length > 2 ? "multiclass" : (type as "binary" | "multiclass"), yTrue: t, yPred: p };
}

/** Index of each label in `classes` (-1 when absent). */
export function encodeLabels(y: readonly Label[], classes: readonly Label[]): Int32Array {
  const index = new Map<Label, number>();
  classes.forEach((c, i) => index.set(c, i));
  const out = new Int32Array(y.length);
  for (let i = 0; i < y.length; i++) out[i] = index.get(y[i]) ?? -1;
  return out;
}

/** sampleWeight as a float64 Tensor of `n` values, or null when not given. */
export function checkSampleWeight(where: string, sampleWeight: WeightInput | null | undefined, n: number): Tensor | null {
  if (sampleWeight === null || sampleWeight === undefined) return null;
  let w: Tensor;
  if (sampleWeight instanceof Tensor) w = sampleWeight.detach().to("float64");
  else if (Array.isArray(sampleWeight)) w = tensor(sampleWeight as number[], { dtype: "float64" });
  else throw new Error(`${where}: sampleWeight must be a Tensor or an array of numbers`);
  if (w.dim() === 2 && w.shape[1] === 1) w = w.reshape(-1);
  if (w.dim() !== 1) throw new Error(`${where}: sampleWeight must be 1-D, got shape [${w.shape.join(", ")}]`);
  checkConsistentLength(where, n, w.shape[0]);
  return w;
}
