import { Tensor } from "../tensor/tensor.ts";
import { compareLabels } from "../metrics/targets.ts";

/*
 * What the splitters share: how many samples an input holds, how rows are taken from it, and how a label
 * vector becomes class codes for stratification.
 */

/** What a splitter or `trainTestSplit` accepts as an array: a Tensor (rows along dimension 0) or a plain array. */
export type Indexable = Tensor | readonly unknown[];

/** Labels a stratified splitter reads: a Tensor or an array of numbers or strings. */
export type Labels = Tensor | readonly (number | string)[];

/** Number of samples (rows) in `x`: its first dimension. */
export function numSamples(where: string, x: Indexable): number {
  if (x instanceof Tensor) {
    if (x.dim() === 0) throw new Error(`${where}: expected an array of samples, got a 0-d tensor`);
    return x.shape[0];
  }
  if (!Array.isArray(x)) throw new Error(`${where}: expected a Tensor or an array, got ${typeof x}`);
  return x.length;
}

/** The rows of `x` at `indices`, in that order: `indexSelect(0, ·)` for a Tensor, picked items for an array. */
export function takeRows<T extends Indexable>(x: T, indices: Int32Array): T {
  if (x instanceof Tensor) return x.indexSelect(0, new Tensor(indices, [indices.length])) as T;
  const arr = x as readonly unknown[];
  return Array.from(indices, (i) => arr[i]) as unknown as T;
}

/** `[0, 1, ..., n - 1]` as an Int32Array. */
export function arange(n: number): Int32Array {
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = i;
  return out;
}

/** The labels as plain values (numbers or strings), checked to be 1-D and `n` long. */
export function labelValues(where: string, y: Labels, n: number): (number | string)[] {
  let values: (number | string)[];
  if (y instanceof Tensor) {
    if (y.dim() !== 1 && !(y.dim() === 2 && y.shape[1] === 1)) throw new Error(`${where}: y must be 1-D, got shape [${y.shape.join(", ")}]`);
    values = Array.from(y.data as ArrayLike<number>);
  } else {
    if (!Array.isArray(y)) throw new Error(`${where}: y must be a Tensor or an array of labels`);
    values = y.map((v, i) => {
      if (typeof v !== "number" && typeof v !== "string") throw new Error(`${where}: y[${i}] must be a number or a string, got ${typeof v}`);
      return v;
    });
  }
  if (values.length !== n) throw new Error(`${where}: X and y have different numbers of samples: ${n} and ${values.length}`);
  return values;
}

/**
 * scikit-learn's `type_of_target` as far as stratification needs it: "binary" (at most two values),
 * "multiclass" (more, all integers or strings) or "continuous" (a non-integer number among them).
 */
export function targetType(values: readonly (number | string)[]): "binary" | "multiclass" | "continuous" {
  if (values.some((v) => typeof v === "number" && !Number.isInteger(v))) return "continuous";
  return new Set(values).size <= 2 ? "binary" : "multiclass";
}

/**
 * Class codes by sorted label (numpy's `np.unique(y, return_inverse=True)`): `classes` sorted,
 * `codes[i]` the position of y[i] among them, `counts[k]` the members of class k.
 */
export function encodeSorted(values: readonly (number | string)[]): { classes: (number | string)[]; codes: Int32Array; counts: Int32Array } {
  const classes = Array.from(new Set(values)).sort(compareLabels);
  const position = new Map<number | string, number>(classes.map((c, k) => [c, k]));
  const codes = Int32Array.from(values, (v) => position.get(v)!);
  const counts = new Int32Array(classes.length);
  for (const c of codes) counts[c]++;
  return { classes, codes, counts };
}
