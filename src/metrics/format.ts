/**
 * Number and text formatting as Python prints it, so that report strings match scikit-learn's byte
 * for byte: `repr(float)`, `format(x, ".2f")` (round half to even on the exact binary value) and
 * padding counted in code points.
 */

/** Python's `repr(x)` for a float: shortest round-trip digits, "1.0", "1e-05", "1.5e+16", "nan", "inf". */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0.0" : "0.0";
  const [mant, expStr] = x.toExponential().split("e");
  const exp = Number(expStr);
  const neg = mant.startsWith("-");
  const digits = mant.replace("-", "").replace(".", "");
  let body: string;
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    body = `${m}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  } else if (exp < 0) {
    body = `0.${"0".repeat(-exp - 1)}${digits}`;
  } else if (digits.length <= exp + 1) {
    body = `${digits}${"0".repeat(exp + 1 - digits.length)}.0`;
  } else {
    body = `${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return neg ? `-${body}` : body;
}

/** Python's `format(x, ".{digits}f")`: like toFixed, but an exact tie rounds to the even digit. */
export function pyFixed(x: number, digits: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (Math.abs(x) >= 1e21) return x.toFixed(digits);
  const exact = Math.abs(x).toFixed(100);
  const dot = exact.indexOf(".");
  const rest = exact.slice(dot + 1 + digits);
  if (/^50*$/.test(rest)) {
    // an exact tie: truncate, then round up only when the last kept digit is odd
    const kept = exact.slice(0, dot + 1 + digits).replace(/\.$/, "");
    const lastDigit = Number(kept[kept.length - 1]);
    const truncated = Number(kept);
    const step = 10 ** -digits;
    const value = lastDigit % 2 === 0 ? truncated : truncated + step;
    const out = value.toFixed(digits);
    return x < 0 ? `-${out}` : out;
  }
  return x.toFixed(digits);
}

/** Number of code points (Python's `len` of a str). */
export function pyLen(s: string): number {
  return [...s].length;
}

/** Right-aligns `s` in `width` code points (Python's `{:>{width}}`). */
export function padLeft(s: string, width: number): string {
  const n = pyLen(s);
  return n >= width ? s : " ".repeat(width - n) + s;
}
