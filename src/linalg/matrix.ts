import type { Tensor } from "../tensor/tensor.ts";

/*
 * Conversions shared by the factorizations: a 2-D tensor to its float64 row-major data, and between
 * row-major and column-major layouts (the factorizations work on contiguous columns).
 */

/** The float64 row-major data of a 2-D tensor (copied or converted when needed). */
export function float64Matrix(where: string, name: string, x: Tensor): { data: Float64Array; rows: number; cols: number } {
  if (x.dim() !== 2) throw new Error(`${where}: ${name} must be 2-D, got shape [${x.shape.join(", ")}]`);
  const t = x.dtype === "float64" ? x.contiguous() : x.to("float64");
  return { data: t.data as Float64Array, rows: t.shape[0], cols: t.shape[1] };
}

/** Column-major copy of the row-major rows x cols `data`, with `extra` zero columns after it. */
export function colMajor(data: Float64Array, rows: number, cols: number, extra = 0): Float64Array {
  const out = new Float64Array(rows * (cols + extra));
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = data[r + j];
  }
  return out;
}

/** Row-major copy of the column-major rows x cols `data`. */
export function rowMajor(data: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let j = 0; j < cols; j++) {
    const c = j * rows;
    for (let i = 0; i < rows; i++) out[i * cols + j] = data[c + i];
  }
  return out;
}
