/**
 * Text layout as Python measures it, so that report strings match scikit-learn's byte for byte:
 * padding counted in code points. Python's number formatting (`repr(float)`, `"%.2f"` with ties to
 * even) is keras/utils/format.ts's `pyRepr` / `pyFixed`.
 */

/** Number of code points (Python's `len` of a str). */
export function pyLen(s: string): number {
  return [...s].length;
}

/** Right-aligns `s` in `width` code points (Python's `{:>{width}}`). */
export function padLeft(s: string, width: number): string {
  const n = pyLen(s);
  return n >= width ? s : " ".repeat(width - n) + s;
}
