import { Tensor } from "../tensor/tensor.ts";

/*
 * The checks the plot functions share: series from tensors or arrays, with errors that name the
 * function, the argument and what is wrong.
 */

/** A 1-D series: a Tensor ([N], or [N, 1] / [1, N]) or an array of numbers. */
export type SeriesLike = Tensor | readonly number[];

/** A series as plain numbers; errors name `op` and `arg`. */
export function toSeries(op: string, arg: string, values: SeriesLike): number[] {
  if (values instanceof Tensor) {
    const s = values.shape;
    const flat = s.length === 1 || (s.length === 2 && (s[0] === 1 || s[1] === 1));
    if (!flat) throw new Error(`${op}: ${arg} must be 1-D ([N] or [N, 1]); got shape [${s.join(", ")}]`);
    return Array.from(values.data, Number);
  }
  if (!Array.isArray(values)) throw new Error(`${op}: ${arg} must be a Tensor or an array of numbers; got ${typeof values}`);
  return values.map((v, i) => {
    if (typeof v !== "number") throw new Error(`${op}: ${arg}[${i}] must be a number; got ${typeof v}`);
    return v;
  });
}

/** Labels as strings (hue, classes): a Tensor, numbers or strings. */
export function toLabels(op: string, arg: string, values: Tensor | readonly (number | string)[]): string[] {
  if (values instanceof Tensor) return toSeries(op, arg, values).map((v) => String(v));
  if (!Array.isArray(values)) throw new Error(`${op}: ${arg} must be a Tensor or an array; got ${typeof values}`);
  return values.map((v) => String(v));
}

/** The distinct labels in first-seen order, numeric ones sorted numerically when all are numbers. */
export function distinct(labels: readonly string[]): string[] {
  const seen = [...new Set(labels)];
  return seen.every((l) => l !== "" && Number.isFinite(Number(l))) ? seen.sort((a, b) => Number(a) - Number(b)) : seen;
}

/** A number for display: up to `digits` decimals, trailing zeros dropped ("9.78", "2", "-0.5"). */
export function formatNumber(v: number, digits = 2): string {
  const s = v.toFixed(digits).replace(/\.?0+$/, "");
  return s === "-0" ? "0" : s;
}

/** Checks an optional positive integer option. */
export function positiveInt(op: string, arg: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!Number.isInteger(v) || v < 1) throw new Error(`${op}: ${arg} must be a positive integer; got ${String(value)}`);
  return v;
}
