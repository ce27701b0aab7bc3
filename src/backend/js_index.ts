import type { TypedArray } from "../tensor/dtype.ts";

/*
 * Reference kernels for indexing: reads and writes at precomputed element offsets (advanced
 * indexing, gather / scatter, masks) and whole-slice copies along one dimension (indexSelect /
 * indexAdd). Ops compute the offsets (index arithmetic, with the bounds checks that name the user's
 * argument); these kernels move the values.
 */

/** `out[i] = x[offsets[i]]`. */
export function gatherAt(x: TypedArray, offsets: Int32Array, out: TypedArray): void {
  for (let i = 0; i < offsets.length; i++) out[i] = x[offsets[i]];
}

/**
 * `out[offsets[i]] = src[i]` ("set": the last write wins on repeated offsets), `+= src[i]` ("add"),
 * `*= src[i]` ("multiply"); `src` of length 1 is one value for every offset.
 */
export function scatterAt(src: TypedArray, offsets: Int32Array, out: TypedArray, mode: "set" | "add" | "multiply"): void {
  const n = offsets.length;
  const one = src.length === 1 && n !== 1;
  if (mode === "set") {
    if (one) for (let i = 0; i < n; i++) out[offsets[i]] = src[0];
    else for (let i = 0; i < n; i++) out[offsets[i]] = src[i];
  } else if (mode === "add") {
    if (one) for (let i = 0; i < n; i++) out[offsets[i]] += src[0];
    else for (let i = 0; i < n; i++) out[offsets[i]] += src[i];
  } else {
    if (one) for (let i = 0; i < n; i++) out[offsets[i]] *= src[0];
    else for (let i = 0; i < n; i++) out[offsets[i]] *= src[i];
  }
}

/**
 * Whole slices of x seen as `[outer, size, inner]` at the positions `index` (each in `[0, size)`,
 * checked by the caller) into out `[outer, index.length, inner]`.
 */
export function indexSelect(x: TypedArray, index: Int32Array, out: TypedArray, outer: number, size: number, inner: number): void {
  const n = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const src = (o * size + index[j]) * inner;
      out.set(x.subarray(src, src + inner), (o * n + j) * inner);
    }
  }
}

/**
 * The reverse of `indexSelect`: adds slice j of src `[outer, index.length, inner]` into slice
 * `index[j]` of out `[outer, size, inner]` (repeated indices add up).
 */
export function indexAdd(src: TypedArray, index: Int32Array, out: TypedArray, outer: number, size: number, inner: number): void {
  const n = index.length;
  for (let o = 0; o < outer; o++) {
    for (let j = 0; j < n; j++) {
      const dst = (o * size + index[j]) * inner;
      const from = (o * n + j) * inner;
      for (let i = 0; i < inner; i++) out[dst + i] += src[from + i];
    }
  }
}

/** `out[i] = value` for every i. */
export function fill(out: TypedArray, value: number): void {
  out.fill(value);
}

/** The positions i (ascending) where `x[i] != 0` (NaN counts as non-zero), into a new Int32Array. */
export function nonzeroFlat(x: TypedArray): Int32Array {
  let count = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) count++;
  const out = new Int32Array(count);
  let k = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) out[k++] = i;
  return out;
}
