/**
 * test/fixtures/datasets.json (written by gen_datasets.py from scikit-learn 1.2) and the comparison the
 * dataset tests share: integer tensors exactly, float tensors within 1e-12 relative.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type { Tensor } from "../../src/tensor/tensor.ts";

/** An array as the fixture stores it. */
export interface Encoded {
  shape: number[];
  data: number[];
}

/** One recorded call: scikit-learn's keyword arguments in camelCase and the arrays it returned. */
export interface Case {
  kwargs: Record<string, unknown>;
  out: Encoded[];
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const fixture: any = JSON.parse(readFileSync(new URL("../fixtures/datasets.json", import.meta.url), "utf8"));

/** Asserts that `t` has the fixture's shape and values: integer dtypes exactly, floats within `rtol`. */
export function assertMatches(t: Tensor, e: Encoded, what: string, rtol = 1e-12): void {
  assert.deepEqual([...t.shape], e.shape, `${what}: shape`);
  if (t.dtype === "int32") {
    assert.deepEqual(Array.from(t.data), e.data, `${what}: values`);
    return;
  }
  assert.equal(t.dtype, "float64", `${what}: dtype`);
  for (let i = 0; i < e.data.length; i++) {
    const a = t.data[i];
    const b = e.data[i];
    assert.ok(Math.abs(a - b) <= rtol * Math.max(1, Math.abs(b)), `${what}[${i}]: ${a} vs ${b}`);
  }
}

/** Replays every case of `cases` through `fn` and compares each returned array. */
export function checkCases(name: string, cases: Case[], fn: (options: Record<string, unknown>) => Tensor | Tensor[]): void {
  for (const c of cases) {
    const got = fn(c.kwargs);
    const list = Array.isArray(got) ? got : [got];
    assert.equal(list.length, c.out.length, `${name}(${JSON.stringify(c.kwargs)}): number of outputs`);
    list.forEach((t, k) => assertMatches(t, c.out[k], `${name}(${JSON.stringify(c.kwargs)}) output ${k}`));
  }
}
