/** Reads test/fixtures/preprocessing.json (written by gen_preprocessing.py) and compares with scikit-learn's results. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";

type Json = number | string | null | Json[];

/** One recorded scikit-learn transformer run. */
export interface PreprocessingCase {
  name: string;
  cls: string;
  opts: Record<string, unknown>;
  fit: Json[];
  X?: Json[];
  sampleWeight?: number[];
  attrs?: Record<string, Json>;
  out?: Json[];
  inverse?: Json[];
  names?: string[];
  error?: string;
  warns?: string[];
}

let cached: PreprocessingCase[] | null = null;

/** The cases of preprocessing.json for the class `cls`. */
export function preprocessingCases(cls: string): PreprocessingCase[] {
  cached ??= (JSON.parse(readFileSync(new URL("../fixtures/preprocessing.json", import.meta.url), "utf8")) as { cases: PreprocessingCase[] }).cases;
  return cached.filter((c) => c.cls === cls);
}

/** Fixture values with "nan" / "inf" decoded (strings that are not those stay strings). */
export function decoded(v: Json): Json {
  if (Array.isArray(v)) return v.map(decoded);
  if (v === "nan") return NaN;
  if (v === "inf") return Infinity;
  if (v === "-inf") return -Infinity;
  return v;
}

/** Flat numbers of nested arrays. */
function flat(v: Json): Json[] {
  return Array.isArray(v) ? v.flatMap(flat) : [v];
}

/**
 * Asserts that `got` (a Tensor, a number, an array or null) equals scikit-learn's value: numbers
 * within `atol + rtol |e|` (NaN matches NaN), strings and nulls exactly, shapes equal.
 */
export function assertMatches(got: unknown, expected: Json, what: string, rtol = 1e-12, atol = 1e-12): void {
  if (expected === null) return assert.equal(got, null, `${what}: expected null`);
  let values: unknown[];
  if (got instanceof bp.Tensor) {
    values = Array.from(got.data as ArrayLike<number>);
    if (Array.isArray(expected)) assert.equal(got.shape[0], expected.length, `${what}: rows`);
  } else if (Array.isArray(got)) values = (got as unknown[]).flat(Infinity);
  else values = [got];
  const exp = flat(decoded(expected));
  assert.equal(values.length, exp.length, `${what}: ${values.length} values, expected ${exp.length}`);
  exp.forEach((e, i) => {
    const g = values[i];
    if (typeof e === "number" && typeof g === "number") {
      if (Number.isNaN(e)) assert.ok(Number.isNaN(g), `${what}[${i}]: expected NaN, got ${g}`);
      else assert.ok(Math.abs(g - e) <= atol + rtol * Math.abs(e), `${what}[${i}]: got ${g}, expected ${e}`);
    } else assert.equal(g, e, `${what}[${i}]`);
  });
}
