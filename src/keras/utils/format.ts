/**
 * Python's number formatting, as Keras's output uses it: `%.4f` / `%.4e` in the progress bar, `repr`
 * of floats in CSV files and messages, and `str.format` fields such as `{epoch:02d}` and
 * `{val_loss:.2f}` in checkpoint file names. Python rounds the exact binary value and breaks exact
 * ties to even (`"%.0f" % 2.5` is `"2"`); JavaScript's `toFixed` breaks them upward, so ties are
 * detected here and rounded Python's way.
 */

/** A value for a `str.format` field: Python ints and floats format differently (`{x}` of 1.0 is `1.0`). */
export type PyValue = { kind: "int"; value: number } | { kind: "float"; value: number };

/** Digits of |x| with 100 decimals (exact for every double under 1e21 that has a tie to detect). */
function exactFixed(ax: number): string {
  return ax.toFixed(100);
}

/** Python's treatment of non-finite numbers: `nan`, `inf` (`NAN`, `INF` for upper-case types). */
function nonFinite(x: number, upper: boolean): string | null {
  if (Number.isNaN(x)) return upper ? "NAN" : "nan";
  if (x === Infinity) return upper ? "INF" : "inf";
  if (x === -Infinity) return upper ? "-INF" : "-inf";
  return null;
}

function isNegative(x: number): boolean {
  return x < 0 || Object.is(x, -0);
}

/**
 * Python's `"%.{digits}f" % x`: fixed-point with `digits` decimals, ties to even, `nan`/`inf` as Python
 * spells them, `-0.0000` for negative values that round to zero.
 * @example
 * pyFixed(0.35214, 4); // "0.3521"
 * pyFixed(2.5, 0);     // "2" (Python's tie to even; toFixed gives "3")
 */
export function pyFixed(x: number, digits: number): string {
  const nf = nonFinite(x, false);
  if (nf !== null) return nf;
  const neg = isNegative(x);
  const ax = Math.abs(x);
  if (ax >= 1e21) return (neg ? "-" : "") + BigInt(Math.round(ax)).toString() + (digits > 0 ? "." + "0".repeat(digits) : "");
  let out = ax.toFixed(digits);
  const exact = exactFixed(ax);
  const point = exact.indexOf(".");
  const rest = exact.slice(point + 1 + digits);
  if (/^50*$/.test(rest)) {
    // an exact tie: JavaScript rounded up; Python keeps the even neighbour
    const kept = exact.slice(0, digits > 0 ? point + 1 + digits : point);
    const last = kept.charCodeAt(kept.length - 1) - 48;
    if (last % 2 === 0) out = kept;
  }
  return (neg ? "-" : "") + out;
}

/**
 * Python's `"%.{digits}e" % x`: one digit, `digits` decimals, an exponent of at least two digits
 * (`1.2346e-05`), ties to even.
 * @example
 * pyExp(0.000012345678, 4); // "1.2346e-05"
 */
export function pyExp(x: number, digits: number, upper = false): string {
  const nf = nonFinite(x, upper);
  if (nf !== null) return nf;
  const neg = isNegative(x);
  const ax = Math.abs(x);
  const [mant0, expPart] = ax.toExponential(digits).split("e");
  let mant = mant0;
  let exp = Number(expPart);
  if (ax !== 0 && ax < 1e21) {
    const exact = exactFixed(ax).replace(".", "");
    const firstSig = exact.search(/[1-9]/);
    const sig = exact.slice(firstSig);
    const rest = sig.slice(digits + 1);
    if (/^50*$/.test(rest)) {
      const kept = sig.slice(0, digits + 1);
      if ((kept.charCodeAt(kept.length - 1) - 48) % 2 === 0) {
        mant = digits > 0 ? `${kept[0]}.${kept.slice(1)}` : kept;
        exp = (exactFixed(ax).indexOf(".") - firstSig) - 1;
      }
    }
  }
  const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
  return `${neg ? "-" : ""}${mant}${upper ? "E" : "e"}${exp < 0 ? "-" : "+"}${e}`;
}

/** Shortest round-trip digits and the decimal exponent of |x| (x finite, non-zero). */
function shortest(ax: number): { digits: string; exp: number } {
  const [m, e] = ax.toExponential().split("e");
  return { digits: m.replace(".", ""), exp: Number(e) };
}

/**
 * Python's `repr` of a float (also its `str`): the shortest digits that round-trip, in fixed notation
 * when the exponent is in [-4, 16), with `.0` on whole numbers, else `1e-05` / `1.5e+16`.
 * @example
 * pyRepr(1);      // "1.0"
 * pyRepr(1e-5);   // "1e-05"
 * pyRepr(0.1);    // "0.1"
 */
export function pyRepr(x: number): string {
  const nf = nonFinite(x, false);
  if (nf !== null) return nf;
  const neg = isNegative(x) ? "-" : "";
  const ax = Math.abs(x);
  if (ax === 0) return `${neg}0.0`;
  const { digits, exp } = shortest(ax);
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${neg}0.${"0".repeat(-exp - 1)}${digits}`;
    const intLen = exp + 1;
    if (digits.length <= intLen) return `${neg}${digits}${"0".repeat(intLen - digits.length)}.0`;
    return `${neg}${digits.slice(0, intLen)}.${digits.slice(intLen)}`;
  }
  const mant = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const e = Math.abs(exp) < 10 ? `0${Math.abs(exp)}` : `${Math.abs(exp)}`;
  return `${neg}${mant}e${exp < 0 ? "-" : "+"}${e}`;
}

/** Python's general format (`g`), precision `p` significant digits; `alt` keeps trailing zeros. */
function pyGeneral(x: number, p: number, upper: boolean, alt: boolean, noType: boolean): string {
  const nf = nonFinite(x, upper);
  if (nf !== null) return nf;
  const prec = p === 0 ? 1 : p;
  const neg = isNegative(x) ? "-" : "";
  const ax = Math.abs(x);
  // the exponent after rounding to `prec` significant digits
  const rounded = pyExp(ax, prec - 1);
  const exp = Number(rounded.slice(rounded.indexOf("e") + 1));
  let body: string;
  if (exp >= -4 && exp < prec) {
    body = pyFixed(ax, prec - 1 - exp);
    if (!alt && body.includes(".")) body = body.replace(/0+$/, "").replace(/\.$/, noType ? ".0" : "");
  } else {
    body = pyExp(ax, prec - 1, upper);
    if (!alt) {
      const [m, e] = body.split(upper ? "E" : "e");
      body = (m.includes(".") ? m.replace(/0+$/, "").replace(/\.$/, "") : m) + (upper ? "E" : "e") + e;
    }
  }
  return neg + body;
}

interface Spec {
  fill: string;
  align: "<" | ">" | "^" | "=" | "";
  sign: "+" | "-" | " " | "";
  alt: boolean;
  zero: boolean;
  width: number;
  grouping: "," | "_" | "";
  precision: number | null;
  type: string;
}

const SPEC_RE = /^(?:(.)?([<>=^]))?([+\- ])?(#)?(0)?(\d+)?([,_])?(?:\.(\d+))?([bcdeEfFgGnosxX%])?$/su;

function parseSpec(spec: string, where: string): Spec {
  const m = SPEC_RE.exec(spec);
  if (m === null) throw new Error(`${where}: invalid format spec "${spec}"`);
  return {
    fill: m[1] ?? (m[2] !== undefined ? " " : ""),
    align: (m[2] ?? "") as Spec["align"],
    sign: (m[3] ?? "") as Spec["sign"],
    alt: m[4] !== undefined,
    zero: m[5] !== undefined,
    width: m[6] !== undefined ? Number(m[6]) : 0,
    grouping: (m[7] ?? "") as Spec["grouping"],
    precision: m[8] !== undefined ? Number(m[8]) : null,
    type: m[9] ?? "",
  };
}

function group(intPart: string, sep: string): string {
  return sep === "" ? intPart : intPart.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
}

/**
 * Python's `format(value, spec)` for ints and floats, the part of the format-spec mini-language that
 * file names and logs use: fill and alignment, sign, `#`, `0`, width, `,`/`_` grouping, precision and
 * the types `d`, `f`/`F`, `e`/`E`, `g`/`G`, `%` and none. `d` on a float is Python's error.
 * @example
 * pyFormat({ kind: "int", value: 3 }, "02d");        // "03"
 * pyFormat({ kind: "float", value: 0.35123 }, ".2f"); // "0.35"
 */
export function pyFormat(v: PyValue, spec: string, where = "format"): string {
  const s = parseSpec(spec, where);
  let type = s.type;
  if (v.kind === "float" && (type === "d" || type === "b" || type === "o" || type === "x" || type === "X" || type === "c")) {
    throw new Error(`${where}: format code "${type}" does not apply to a float (${pyRepr(v.value)}); use ".Nf" or "e"`);
  }
  if (v.kind === "int" && !Number.isInteger(v.value)) throw new Error(`${where}: ${v.value} is not an integer`);
  if (v.kind === "int" && (type === "s" || type === "c")) throw new Error(`${where}: format code "${type}" does not apply to an int`);
  if (v.kind === "float" && type === "s") throw new Error(`${where}: format code "s" does not apply to a float`);
  if (v.kind === "int" && type === "" && s.precision !== null) throw new Error(`${where}: precision is not allowed in an integer format spec`);
  if (v.kind === "int" && type === "n") type = "d";
  if (v.kind === "float" && type === "n") type = "g";
  const x = v.value;
  const neg = isNegative(x) && !(v.kind === "int" && x === 0);
  const ax = Math.abs(x);
  let body: string;
  const upper = type === "E" || type === "F" || type === "G";
  switch (type) {
    case "":
      body = v.kind === "int" ? String(ax) : s.precision === null ? pyRepr(ax) : pyGeneral(ax, s.precision, false, s.alt, true);
      break;
    case "d":
      body = String(ax);
      break;
    case "b":
      body = (s.alt ? "0b" : "") + ax.toString(2);
      break;
    case "o":
      body = (s.alt ? "0o" : "") + ax.toString(8);
      break;
    case "x":
    case "X": {
      const h = ax.toString(16);
      body = type === "X" ? (s.alt ? "0X" : "") + h.toUpperCase() : (s.alt ? "0x" : "") + h;
      break;
    }
    case "f":
    case "F":
      body = pyFixed(ax, s.precision ?? 6);
      if (upper) body = body.toUpperCase();
      break;
    case "e":
    case "E":
      body = pyExp(ax, s.precision ?? 6, upper);
      break;
    case "g":
    case "G":
      body = pyGeneral(ax, s.precision ?? 6, upper, s.alt, false);
      break;
    case "%":
      body = pyFixed(ax * 100, s.precision ?? 6) + "%";
      break;
    default:
      throw new Error(`${where}: unsupported format code "${type}"`);
  }
  if (s.alt && (type === "f" || type === "F" || type === "e" || type === "E" || type === "%") && s.precision === 0) {
    body = body.replace(/^(\d+)/, "$1.");
  }
  if (s.grouping !== "" && /^\d/.test(body)) {
    const m = /^(\d+)(.*)$/s.exec(body)!;
    body = group(m[1], s.grouping) + m[2];
  }
  const signStr = neg ? "-" : s.sign === "+" ? "+" : s.sign === " " ? " " : "";
  let align = s.align;
  let fill = s.fill;
  if (s.zero && align === "") {
    align = "=";
    fill = "0";
  }
  if (align === "") align = ">";
  const len = signStr.length + body.length;
  if (len >= s.width) return signStr + body;
  const pad = s.width - len;
  if (fill === "") fill = " ";
  switch (align) {
    case "<":
      return signStr + body + fill.repeat(pad);
    case ">":
      return fill.repeat(pad) + signStr + body;
    case "^":
      return fill.repeat(Math.floor(pad / 2)) + signStr + body + fill.repeat(pad - Math.floor(pad / 2));
    default:
      return signStr + fill.repeat(pad) + body;
  }
}

/** One piece of a parsed `str.format` template: literal text or a `{name:spec}` field. */
export type TemplatePart = { text: string } | { field: string; spec: string };

/**
 * Parses a Python `str.format` template into literal text and named fields; `{{` and `}}` are literal
 * braces. Positional (`{}`, `{0}`), attribute (`{a.b}`), index (`{a[0]}`) and conversion (`{a!r}`)
 * fields are refused.
 * @example
 * parseTemplate("w.{epoch:02d}-{val_loss:.2f}.safetensors");
 * // [{text: "w."}, {field: "epoch", spec: "02d"}, {text: "-"}, {field: "val_loss", spec: ".2f"}, {text: ".safetensors"}]
 */
export function parseTemplate(template: string, where = "format"): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let text = "";
  let i = 0;
  while (i < template.length) {
    const c = template[i];
    if (c === "{" && template[i + 1] === "{") {
      text += "{";
      i += 2;
    } else if (c === "}" && template[i + 1] === "}") {
      text += "}";
      i += 2;
    } else if (c === "}") {
      throw new Error(`${where}: single "}" in "${template}" (write "}}" for a literal brace)`);
    } else if (c === "{") {
      const end = template.indexOf("}", i);
      if (end < 0) throw new Error(`${where}: unclosed "{" in "${template}" (write "{{" for a literal brace)`);
      const inner = template.slice(i + 1, end);
      const colon = inner.indexOf(":");
      const field = colon < 0 ? inner : inner.slice(0, colon);
      const spec = colon < 0 ? "" : inner.slice(colon + 1);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(field)) {
        throw new Error(`${where}: field "{${inner}}" in "${template}" must be a name such as {epoch} or {val_loss:.2f}`);
      }
      parseSpec(spec, `${where}: field "${field}"`);
      if (text !== "") parts.push({ text });
      text = "";
      parts.push({ field, spec });
      i = end + 1;
    } else {
      text += c;
      i += 1;
    }
  }
  if (text !== "") parts.push({ text });
  return parts;
}

/**
 * Python's `template.format(**values)` for named fields. A field missing from `values` is an error
 * naming the field and the names available.
 * @example
 * formatTemplate("w.{epoch:02d}-{val_loss:.2f}", { epoch: { kind: "int", value: 3 }, val_loss: { kind: "float", value: 0.1234 } });
 * // "w.03-0.12"
 */
export function formatTemplate(template: string, values: Record<string, PyValue>, where = "format"): string {
  let out = "";
  for (const part of parseTemplate(template, where)) {
    if ("text" in part) {
      out += part.text;
      continue;
    }
    const v = Object.prototype.hasOwnProperty.call(values, part.field) ? values[part.field] : undefined;
    if (v === undefined) {
      throw new Error(
        `${where}: "${template}" names field "${part.field}", which is not available (available: ${Object.keys(values).join(", ") || "none"})`,
      );
    }
    out += pyFormat(v, part.spec, `${where}: field "${part.field}"`);
  }
  return out;
}
