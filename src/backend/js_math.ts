import type { TypedArray } from "../tensor/dtype.ts";
import type { ScanOp } from "./backend.ts";
import { ASCENDING, DESCENDING, quickSelect, stdNthElement, stdPartialSort, stdSort } from "./js_stdsort.ts";

/*
 * The plain-TypeScript kernels of the wider math surface: the elementwise functions added for
 * PyTorch parity (spread into js.ts's tables), rounding, inclusive scans and the stable sort.
 */

/** `x` rounded to the nearest integer, ties to even (C's `nearbyint`, as `torch.round`). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x); // ties go up
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** The new elementwise functions of one input (`round` has its own loop: see `roundInto`). */
export const MATH_UNARY = {
  tan: (x: number) => Math.tan(x),
  asin: (x: number) => Math.asin(x),
  acos: (x: number) => Math.acos(x),
  atan: (x: number) => Math.atan(x),
  sinh: (x: number) => Math.sinh(x),
  cosh: (x: number) => Math.cosh(x),
  asinh: (x: number) => Math.asinh(x),
  acosh: (x: number) => Math.acosh(x),
  atanh: (x: number) => Math.atanh(x),
  log1p: (x: number) => Math.log1p(x),
  expm1: (x: number) => Math.expm1(x),
  log2: (x: number) => Math.log2(x),
  log10: (x: number) => Math.log10(x),
  exp2: (x: number) => Math.pow(2, x),
  rsqrt: (x: number) => 1 / Math.sqrt(x),
  floor: (x: number) => Math.floor(x),
  ceil: (x: number) => Math.ceil(x),
  round: (x: number) => roundHalfEven(x),
  trunc: (x: number) => Math.trunc(x),
  frac: (x: number) => x - Math.trunc(x),
};

/** The new elementwise functions of two inputs. */
export const MATH_BINARY = {
  atan2: (a: number, b: number) => Math.atan2(a, b),
  fmod: (a: number, b: number) => a % b, // C's fmod: the sign of a
  // the sign of b, as torch.remainder (and Python's %): fmod, moved by b when the signs differ
  remainder: (a: number, b: number) => {
    const m = a % b;
    return m !== 0 && b < 0 !== m < 0 ? m + b : m;
  },
  hypot: (a: number, b: number) => Math.hypot(a, b),
  floorDivide,
};

/**
 * `floor(a / b)` computed as PyTorch does (exact where a / b would round across an integer):
 * `(a - fmod(a, b)) / b`, less 1 when the signs of the remainder and b differ, rounded to the nearest
 * integer; `a / b` when b is 0, and a signed zero for a zero quotient.
 */
export function floorDivide(a: number, b: number): number {
  if (b === 0) return a / b;
  const mod = a % b;
  let div = (a - mod) / b;
  if (mod !== 0 && b < 0 !== mod < 0) div -= 1;
  if (div === 0) return (a / b < 0 || Object.is(a / b, -0)) ? -0 : 0;
  let q = Math.floor(div);
  if (div - q > 0.5) q += 1;
  return q;
}

/**
 * `round(x, decimals)` into out, as PyTorch computes it: `nearbyint(x · 10^d) / 10^d` (for d < 0,
 * `nearbyint(x / 10^-d) · 10^-d`), each step rounded to float32 when out is float32.
 */
export function roundInto(x: TypedArray, out: TypedArray, decimals: number): void {
  const n = x.length;
  if (decimals === 0) {
    for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]);
    return;
  }
  const f = out instanceof Float32Array ? Math.fround : (v: number) => v;
  const scale = f(Math.pow(10, Math.abs(decimals)));
  if (decimals > 0) for (let i = 0; i < n; i++) out[i] = roundHalfEven(f(x[i] * scale)) / scale;
  else for (let i = 0; i < n; i++) out[i] = roundHalfEven(f(x[i] / scale)) * scale;
}

/** Inclusive scan along the middle axis of `[outer, size, inner]`, in float64, from the end when `reverse`. */
export function scan(op: ScanOp, x: TypedArray, out: TypedArray, outer: number, size: number, inner: number, reverse = false): void {
  const step = reverse ? -inner : inner;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i + (reverse ? (size - 1) * inner : 0);
      let acc = op === "sum" ? 0 : 1;
      for (let s = 0, p = base; s < size; s++, p += step) {
        acc = op === "sum" ? acc + x[p] : acc * x[p];
        out[p] = acc;
      }
    }
  }
}

/** The gradient of cumprod along the middle axis of `[outer, size, inner]`, zeros in x included. */
export function cumprodBackward(x: TypedArray, g: TypedArray, gx: TypedArray, outer: number, size: number, inner: number): void {
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      // gx[k] = prefix(k - 1) · Σ_{j >= k} g[j] · Π_{k < m <= j} x[m]: one pass from the end per k would be
      // quadratic, so the suffix sum runs backwards, r = g[k] + x[k + 1] · r
      let prefix = 1;
      const prefixes = new Float64Array(size);
      for (let s = 0; s < size; s++) {
        prefixes[s] = prefix;
        prefix *= x[base + s * inner];
      }
      let r = 0;
      for (let s = size - 1; s >= 0; s--) {
        r = g[base + s * inner] + (s + 1 < size ? x[base + (s + 1) * inner] * r : 0);
        gx[base + s * inner] = prefixes[s] * r;
      }
    }
  }
}

/** a before b in ascending order, NaN last (as the largest); ties keep their positions. */
function ascending(a: number, b: number): number {
  if (a !== a) return b !== b ? 0 : 1;
  if (b !== b) return -1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Calls `run(v, ix, put)` on a float64 copy of each slice along the middle axis, with ix = 0..size-1. */
function eachSlice(
  x: TypedArray, outer: number, size: number, inner: number,
  run: (v: Float64Array, ix: Int32Array, o: number, i: number) => void,
): void {
  const v = new Float64Array(size);
  const ix = new Int32Array(size);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const base = o * size * inner + i;
      for (let s = 0; s < size; s++) {
        v[s] = x[base + s * inner];
        ix[s] = s;
      }
      run(v, ix, o, i);
    }
  }
}

/** Sorts each slice along the middle axis of `[outer, size, inner]` (see Backend.sort). */
export function sort(
  x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number,
  descending: boolean, stable: boolean,
): void {
  const order = new Array<number>(size);
  eachSlice(x, outer, size, inner, (v, ix, o, i) => {
    const base = o * size * inner + i;
    if (stable) {
      // Array.prototype.sort is stable (ES2019)
      for (let s = 0; s < size; s++) order[s] = s;
      if (descending) order.sort((a, b) => ascending(v[b], v[a]) || a - b);
      else order.sort((a, b) => ascending(v[a], v[b]) || a - b);
      for (let s = 0; s < size; s++) {
        values[base + s * inner] = v[order[s]];
        indices[base + s * inner] = order[s];
      }
      return;
    }
    stdSort(v, ix, 0, size, descending ? DESCENDING : ASCENDING);
    for (let s = 0; s < size; s++) {
      values[base + s * inner] = v[s];
      indices[base + s * inner] = ix[s];
    }
  });
}

/** The k largest / smallest of each slice, in PyTorch's CPU order (see Backend.topk). */
export function topk(
  x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number,
  k: number, largest: boolean, sorted: boolean,
): void {
  if (k === 0) return;
  const less = largest ? DESCENDING : ASCENDING;
  eachSlice(x, outer, size, inner, (v, ix, o, i) => {
    if (k * 64 <= size) stdPartialSort(v, ix, 0, k, size, less);
    else {
      stdNthElement(v, ix, 0, k - 1, size, less);
      if (sorted) stdSort(v, ix, 0, k - 1, less);
    }
    const base = o * k * inner + i;
    for (let s = 0; s < k; s++) {
      values[base + s * inner] = v[s];
      indices[base + s * inner] = ix[s];
    }
  });
}

/** The k-th smallest of each slice by PyTorch's quick-select (see Backend.kthvalue). */
export function kthvalue(x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number, k: number): void {
  eachSlice(x, outer, size, inner, (v, ix, o, i) => {
    quickSelect(v, ix, size, k - 1);
    values[o * inner + i] = v[k - 1];
    indices[o * inner + i] = ix[k - 1];
  });
}

/** The most frequent value of each slice and the last position of its run (see Backend.mode). */
export function mode(x: TypedArray, values: TypedArray, indices: Int32Array, outer: number, size: number, inner: number): void {
  eachSlice(x, outer, size, inner, (v, ix, o, i) => {
    stdSort(v, ix, 0, size, (a, b) => a < b); // PyTorch's comparator: values only, NaN unordered
    let best = 0;
    let run = 0;
    for (let s = 0; s < size; s++) {
      run++;
      if (s === size - 1 || v[s] !== v[s + 1]) {
        if (run > best) {
          best = run;
          values[o * inner + i] = v[s];
          indices[o * inner + i] = ix[s];
        }
        run = 0;
      }
    }
  });
}
