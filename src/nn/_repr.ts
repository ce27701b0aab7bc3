/* Helpers for PyTorch-style module printouts (internal: not re-exported). */

/** Python's repr of a float: `1.0`, `0.01`, `1e-05`, `inf`. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const ax = Math.abs(x);
  if (ax !== 0 && (ax < 1e-4 || ax >= 1e16)) return x.toExponential().replace(/e([+-])(\d)$/, "e$10$2");
  return Number.isInteger(x) ? x.toFixed(1) : String(x);
}

/** Python's repr of a bool. */
export function pyBool(b: boolean): string {
  return b ? "True" : "False";
}

/** Indents every line but the first by `n` spaces (PyTorch's `_addindent`). */
export function addIndent(s: string, n: number): string {
  const lines = s.split("\n");
  if (lines.length === 1) return s;
  const pad = " ".repeat(n);
  return [lines[0], ...lines.slice(1).map((l) => pad + l)].join("\n");
}
