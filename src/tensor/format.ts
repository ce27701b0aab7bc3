import type { DType, TypedArray } from "./dtype.ts";
import { contiguousStrides } from "./shape.ts";

/**
 * Text for an error message, cut to `max` characters (default 60) with its length: names and lines
 * from a hostile file may run to megabytes.
 * @example shortText("x".repeat(100)); // "xxx...x... (100 chars)" (60 x)
 */
export function shortText(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}... (${text.length} chars)` : text;
}

/** What a non-Tensor value is, for error messages: "an array (wrap it with bp.tensor(...))", "null", "number". */
export function describeNonTensor(value: unknown): string {
  if (Array.isArray(value)) return "an array (wrap it with bp.tensor(...))";
  if (value === null) return "null";
  return typeof value === "object" ? (value.constructor?.name ?? "object") : typeof value;
}

/*
 * Printing like PyTorch's `_tensor_str.py` with its default print options: 4 decimals, values padded
 * to one width, scientific notation when values span over 3 decades or leave [1e-4, 1e8], integral
 * floats printed as `1.`, rows wrapped at 80 characters, and tensors of more than 1000 elements
 * summarised with `...` around their first and last 3 items per dimension. Bool values print as
 * `True` / `False`.
 */

const PRECISION = 4;
const THRESHOLD = 1000;
const EDGE_ITEMS = 3;
const LINE_WIDTH = 80;

/** The prefix `tensor(` whose width indents the rows below the first. */
const PREFIX_WIDTH = "tensor(".length;

interface Formatter {
  width: number;
  format(v: number): string;
}

/** Python's `'{:.4e}'`: at least two exponent digits. */
function sci(v: number): string {
  return v.toExponential(PRECISION).replace(/e([+-])(\d)$/, "e$10$2");
}

function nonFinite(v: number): string {
  return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
}

/** `toFixed` that keeps the sign of -0, like Python's format. */
function fixed(v: number, digits: number): string {
  const s = v.toFixed(digits);
  return Object.is(v, -0) || (v < 0 && !s.startsWith("-")) ? "-" + s : s;
}

/** Chooses the notation and the common width from the values that will be printed. */
function makeFormatter(values: ArrayLike<number>, dtype: DType): Formatter {
  if (dtype === "bool") {
    // `True` / `False`, padded to one width: `tensor([ True, False])`
    let width = 4;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) width = 5;
    return { width, format: (v) => (v !== 0 ? "True" : "False").padStart(width) };
  }
  if (dtype === "int32") {
    let width = 1;
    for (let i = 0; i < values.length; i++) width = Math.max(width, String(values[i]).length);
    return { width, format: (v) => String(v).padStart(width) };
  }
  const finite: number[] = [];
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v) && v !== 0) finite.push(v);
  }
  let intMode = true;
  let sciMode = false;
  let width = 1;
  if (finite.length > 0) {
    let min = Infinity;
    let max = 0;
    for (const v of finite) {
      min = Math.min(min, Math.abs(v));
      max = Math.max(max, Math.abs(v));
    }
    intMode = finite.every((v) => v === Math.ceil(v));
    if (intMode) {
      if (max / min > 1000 || max > 1e8) {
        sciMode = true;
        for (const v of finite) width = Math.max(width, sci(v).length);
      } else {
        for (const v of finite) width = Math.max(width, fixed(v, 0).length + 1);
      }
    } else if (max / min > 1000 || max > 1e8 || min < 1e-4) {
      sciMode = true;
      for (const v of finite) width = Math.max(width, sci(v).length);
    } else {
      for (const v of finite) width = Math.max(width, fixed(v, PRECISION).length);
    }
  }
  const format = (v: number): string => {
    let s: string;
    if (!Number.isFinite(v)) s = nonFinite(v);
    else if (sciMode) s = sci(v);
    else if (intMode) s = fixed(v, 0) + ".";
    else s = fixed(v, PRECISION);
    return s.padStart(width);
  };
  return { width, format };
}

/** Indices printed along a dimension of `size` (all, or the first and last EDGE_ITEMS). */
function shownIndices(size: number, summarize: boolean): (number | null)[] {
  if (!summarize || size <= 2 * EDGE_ITEMS) return Array.from({ length: size }, (_, i) => i);
  const head = Array.from({ length: EDGE_ITEMS }, (_, i) => i);
  const tail = Array.from({ length: EDGE_ITEMS }, (_, i) => size - EDGE_ITEMS + i);
  return [...head, null, ...tail];
}

/**
 * Prints tensor values the way PyTorch does, e.g. `[[ 1.5000, -2.0000], [10.0000,  3.0000]]` (rows
 * on separate lines, indented under `tensor(`).
 */
export function formatValues(data: TypedArray, shape: readonly number[], dtype: DType): string {
  if (data.length === 0) return "[]";
  const summarize = data.length > THRESHOLD;
  const strides = contiguousStrides(shape);

  // the formatter sees only the values that will be printed
  const shown: number[] = [];
  const collect = (dim: number, offset: number): void => {
    if (dim === shape.length) {
      shown.push(data[offset]);
      return;
    }
    for (const i of shownIndices(shape[dim], summarize)) if (i !== null) collect(dim + 1, offset + i * strides[dim]);
  };
  collect(0, 0);
  const formatter = makeFormatter(shown, dtype);

  const vector = (offset: number, indent: number): string => {
    const size = shape[shape.length - 1];
    const items = shownIndices(size, summarize).map((i) => (i === null ? " ..." : formatter.format(data[offset + i])));
    const perLine = Math.max(1, Math.floor((LINE_WIDTH - indent) / (formatter.width + 2)));
    const lines: string[] = [];
    for (let i = 0; i < items.length; i += perLine) lines.push(items.slice(i, i + perLine).join(", "));
    return "[" + lines.join(",\n" + " ".repeat(indent + 1)) + "]";
  };
  const rec = (dim: number, offset: number, indent: number): string => {
    if (shape.length === 0) return formatter.format(data[0]);
    if (dim === shape.length - 1) return vector(offset, indent);
    const parts = shownIndices(shape[dim], summarize).map((i) =>
      i === null ? "..." : rec(dim + 1, offset + i * strides[dim], indent + 1),
    );
    const rest = shape.length - dim;
    return "[" + parts.join("," + "\n".repeat(rest - 1) + " ".repeat(indent + 1)) + "]";
  };
  return rec(0, 0, PREFIX_WIDTH);
}
