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

/** One recorded scikit-learn call. */
export interface MetricCase {
  name: string;
  fn: string;
  args: unknown[];
  opts: Record<string, unknown>;
  out: number | "nan" | "inf" | "-inf" | EncodedOut | { error: string };
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
  return msg.replace(/y_true/g, "yTrue").replace(/y_pred/g, "yPred").replace(/y_score/g, "yScore");
}

/**
 * Replays a case through `fn` and checks the result: numbers within 1e-12 relative, tensors in dtype,
 * shape and values, errors by scikit-learn's message (its snake_case names camelCased).
 */
export function checkCase(c: MetricCase, fn: (...args: unknown[]) => unknown, rtol = 1e-12): void {
  const run = (): unknown => fn(...c.args, c.opts);
  const out = c.out;
  if (typeof out === "object" && "error" in out) {
    assert.throws(run, (e: Error) => {
      assert.ok(e.message.includes(camelMessage(out.error)), `${c.name}: message ${JSON.stringify(e.message)} lacks ${JSON.stringify(camelMessage(out.error))}`);
      return true;
    });
    return;
  }
  const got = run();
  if (typeof out === "object") {
    assert.ok(got instanceof bp.Tensor, `${c.name}: expected a Tensor, got ${typeof got}`);
    assert.deepEqual(got.shape, out.shape, `${c.name}: shape`);
    assert.equal(got.dtype, out.dtype, `${c.name}: dtype`);
    out.data.forEach((e, i) => assertNear(got.data[i], decode(e), `${c.name}[${i}]`, rtol));
    return;
  }
  assert.equal(typeof got, "number", `${c.name}: expected a number`);
  assertNear(got as number, decode(out), c.name, rtol);
}
