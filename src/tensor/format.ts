import type { DType, TypedArray } from "./dtype.ts";

/** Prints tensor values the way PyTorch does: `tensor([[1.0000, 2.0000], [3.0000, 4.0000]])`. */
export function formatValues(data: TypedArray, shape: readonly number[], dtype: DType): string {
  const allIntegral = Array.from(data).every((v) => Number.isInteger(v));
  let maxAbs = 0;
  let minAbs = Infinity;
  for (const v of data) {
    if (!Number.isFinite(v) || v === 0) continue;
    maxAbs = Math.max(maxAbs, Math.abs(v));
    minAbs = Math.min(minAbs, Math.abs(v));
  }
  // PyTorch's rule: scientific when values span over 3 decades or leave [1e-4, 1e8)
  const scientific = dtype !== "int32" && !allIntegral && maxAbs > 0 && (maxAbs / minAbs > 1000 || maxAbs >= 1e8 || minAbs < 1e-4);
  const one = (v: number): string => {
    if (dtype === "int32") return String(v);
    if (!Number.isFinite(v)) return Number.isNaN(v) ? "nan" : v > 0 ? "inf" : "-inf";
    if (scientific) return v.toExponential(4).replace(/e([+-])(\d)$/, "e$10$2");
    if (allIntegral) return `${v}.`;
    return v.toFixed(4);
  };
  const rec = (dim: number, offset: number, stride: number): string => {
    if (dim === shape.length) return one(data[offset]);
    const inner = stride / shape[dim];
    const parts: string[] = [];
    for (let i = 0; i < shape[dim]; i++) parts.push(rec(dim + 1, offset + i * inner, inner));
    const sep = dim === shape.length - 1 ? ", " : ",\n" + " ".repeat(8 + dim);
    return `[${parts.join(sep)}]`;
  };
  return rec(0, 0, data.length);
}
