/** Reads test/fixtures/metrics.json (written by gen_metrics.py) and compares results with scikit-learn's. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";

/** An array result as the fixture stores it. */
export interface EncodedOut {
  shape: number[];
  dtype: "int32" | "float64";
  data: (number | "nan" | "inf" | "-inf")[];
}

/** A recorded result: a number, an array, a tuple of those (or null), a text, a report dictionary, or an error. */
export type Out =
  | number
  | "nan"
  | "inf"
  | "-inf"
  | null
  | EncodedOut
  | { tuple: Out[] }
  | { text: string }
  | { dict: Record<string, number | Record<string, number>> }
  | { error: string };

/** One recorded scikit-learn call. */
export interface MetricCase {
  name: string;
  fn: string;
  args: unknown[];
  opts: Record<string, unknown>;
  out: Out;
  warns?: string[];
}

const FIXTURE = new URL("../fixtures/metrics.json", import.meta.url);
let cached: MetricCase[] | null = null;

/** The cases of metrics.json whose fn is one of `fns`. */
export function metricCases(...fns: string[]): MetricCase[] {
  cached ??= (JSON.parse(readFileSync(FIXTURE, "utf8")) as { cases: MetricCase[] }).cases;
  return cached.filter((c) => fns.includes(c.fn));
}

/** A fixture number ("nan", "inf" spelled as strings) as a JS number. */
export function decode(v: number | string): number {
  return v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number);
}

/** `|a - e| <= atol + rtol |e|`, NaN matching NaN. */
export function assertNear(actual: number, expected: number, what: string, rtol = 1e-12, atol = 1e-12): void {
  if (Number.isNaN(expected)) return assert.ok(Number.isNaN(actual), `${what}: expected NaN, got ${actual}`);
  if (!Number.isFinite(expected)) return assert.equal(actual, expected, what);
  assert.ok(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected), `${what}: got ${actual}, expected ${expected}`);
}

/** scikit-learn's message with its snake_case argument names spelled as backprop's. */
export function camelMessage(msg: string): string {
  const names: Record<string, string> = {
    y_true: "yTrue",
    y_pred: "yPred",
    y_score: "yScore",
    pos_label: "posLabel",
    max_fpr: "maxFpr",
    zero_division: "zeroDivision",
    multi_class: "multiClass",
    sample_weight: "sampleWeight",
    target_names: "targetNames",
    None: "null",
  };
  return msg.replace(/\b(y_true|y_pred|y_score|pos_label|max_fpr|zero_division|multi_class|sample_weight|target_names|None)\b/g, (m) => names[m]);
}

/** Compares a result with a recorded one (see `Out`). */
export function checkOut(name: string, got: unknown, out: Out, rtol: number): void {
  if (out === null) return assert.equal(got, null, `${name}: expected null`);
  if (typeof out === "object" && "tuple" in out) {
    assert.ok(Array.isArray(got) && got.length === out.tuple.length, `${name}: expected a tuple of ${out.tuple.length}`);
    out.tuple.forEach((o, i) => checkOut(`${name}[${i}]`, (got as unknown[])[i], o, rtol));
    return;
  }
  if (typeof out === "object" && "text" in out) return assert.equal(got, out.text, name);
  if (typeof out === "object" && "dict" in out) {
    const g = got as Record<string, number | Record<string, number>>;
    assert.deepEqual(Object.keys(g).sort(), Object.keys(out.dict).sort(), `${name}: keys`);
    for (const [k, v] of Object.entries(out.dict)) {
      if (typeof v === "number") assertNear(g[k] as number, v, `${name}.${k}`, rtol);
      else for (const [k2, v2] of Object.entries(v)) assertNear((g[k] as Record<string, number>)[k2], v2, `${name}.${k}.${k2}`, rtol);
    }
    return;
  }
  if (typeof out === "object" && "shape" in out) {
    assert.ok(got instanceof bp.Tensor, `${name}: expected a Tensor, got ${typeof got}`);
    assert.deepEqual(got.shape, out.shape, `${name}: shape`);
    assert.equal(got.dtype, out.dtype, `${name}: dtype`);
    out.data.forEach((e, i) => assertNear(got.data[i], decode(e), `${name}[${i}]`, rtol));
    return;
  }
  assert.equal(typeof got, "number", `${name}: expected a number, got ${String(got)}`);
  assertNear(got as number, decode(out as number | string), name, rtol);
}

/**
 * Replays a case through `fn` and checks the result: numbers within `rtol`, tensors in dtype, shape
 * and values, texts byte for byte, errors by scikit-learn's message (its snake_case names camelCased),
 * or by `message` where backprop words it differently on purpose. Console warnings are silenced.
 */
export function checkCase(c: MetricCase, fn: (...args: unknown[]) => unknown, rtol = 1e-12, message?: RegExp): void {
  const warn = console.warn;
  console.warn = () => {};
  try {
    const run = (): unknown => fn(...c.args, c.opts);
    const out = c.out;
    if (out !== null && typeof out === "object" && "error" in out) {
      assert.throws(run, (e: Error) => {
        if (message) assert.match(e.message, message, c.name);
        else assert.ok(e.message.includes(camelMessage(out.error)), `${c.name}: message ${JSON.stringify(e.message)} lacks ${JSON.stringify(camelMessage(out.error))}`);
        return true;
      });
      return;
    }
    checkOut(c.name, run(), out, rtol);
  } finally {
    console.warn = warn;
  }
}
