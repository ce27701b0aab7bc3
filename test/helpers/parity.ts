/**
 * Test helpers: tolerant comparison of tensors with expected values, and `checkOp`, the one-line
 * PyTorch-parity test driven by test/fixtures/ops.json (written by test/fixtures/gen_ops.py).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";

/** A tensor as the fixtures store it. */
export interface Encoded {
  dtype: "float32" | "float64" | "int32" | "bool" | "int";
  shape: number[];
  data: (number | "nan" | "inf" | "-inf")[];
  grad?: boolean;
}

interface OpCase {
  family: string;
  name: string;
  inputs: Encoded[];
  out: Encoded;
  w?: Encoded;
  grads?: (Encoded | null)[];
}

/** Absolute and relative tolerance: `|actual - expected| <= atol + rtol * |expected|`. */
export interface Tolerance {
  atol: number;
  rtol: number;
}

/** float64 results must agree with PyTorch to about the last few bits. */
export const TIGHT64: Tolerance = { atol: 1e-13, rtol: 1e-12 };
/** float32 results: a few ulps. */
export const TIGHT32: Tolerance = { atol: 1e-6, rtol: 1e-5 };

/** Asserts that every value is within tolerance (NaN matches NaN, infinities must match exactly). */
export function assertClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what = "values"): void {
  assert.equal(actual.length, expected.length, `${what}: ${actual.length} values, expected ${expected.length}`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (!Number.isFinite(e) && a === e) continue;
    const diff = Math.abs(a - e);
    if (!(diff <= tol.atol + tol.rtol * Math.abs(e))) {
      assert.fail(`${what}[${i}]: got ${a}, expected ${e} (diff ${diff.toExponential(2)}, atol ${tol.atol}, rtol ${tol.rtol})`);
    }
  }
}

/** Asserts shape, dtype and values of a tensor. */
export function assertTensor(t: bp.Tensor, shape: readonly number[], values: ArrayLike<number>, tol: Tolerance = TIGHT64, what = "tensor"): void {
  assert.deepEqual([...t.shape], [...shape], `${what}: shape ${JSON.stringify(t.shape)}, expected ${JSON.stringify(shape)}`);
  assertClose(t.data, values, tol, what);
}

/** The numbers of a fixture tensor ("nan" / "inf" / "-inf" strings stand for the values JSON lacks). */
export function values(e: Encoded): number[] {
  return e.data.map((v) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v));
}

/** Builds a tensor from its fixture encoding ("int" inputs become int32; `grad` sets requiresGrad). */
export function decode(e: Encoded): bp.Tensor {
  const dtype = e.dtype === "int" ? "int32" : e.dtype;
  const v = values(e);
  const data = dtype === "float64" ? Float64Array.from(v) : dtype === "float32" ? Float32Array.from(v) : dtype === "bool" ? Uint8Array.from(v) : Int32Array.from(v);
  const t = new bp.Tensor(data, e.shape);
  if (e.grad) t.requiresGrad_(true);
  return t;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/ops.json", import.meta.url), "utf8")) as { cases: OpCase[] };
const byName = new Map(fixture.cases.map((c) => [c.name, c]));
const used = new Set<string>();

/** The fixture case called `name` (throws if gen_ops.py has no such case). */
export function opCase(name: string): OpCase {
  const c = byName.get(name);
  if (c === undefined) throw new Error(`ops.json has no case "${name}"; add it to test/fixtures/gen_ops.py and regenerate`);
  return c;
}

/**
 * One PyTorch-parity test: runs `fn` on the fixture's inputs, compares the forward output (shape, dtype,
 * values), then backpropagates `(out * w).sum()` and compares the gradient of every input that
 * requires grad. Tolerance defaults to TIGHT64, or TIGHT32 when the output is float32.
 * @example checkOp("mul_bcast_3x1_4", (a, b) => a.mul(b));
 */
export function checkOp(name: string, fn: (...inputs: bp.Tensor[]) => bp.Tensor, tol?: Partial<Tolerance>): void {
  used.add(name);
  test(`torch parity: ${name}`, () => {
    const c = opCase(name);
    const inputs = c.inputs.map(decode);
    const out = fn(...inputs);
    const t: Tolerance = { ...(c.out.dtype === "float32" ? TIGHT32 : TIGHT64), ...tol };
    assert.equal(out.dtype, c.out.dtype, `${name}: dtype ${out.dtype}, expected ${c.out.dtype}`);
    assertTensor(out, c.out.shape, values(c.out), t, `${name} forward`);
    if (c.grads === undefined) {
      assert.equal(out.requiresGrad && inputs.some((x) => x.requiresGrad), false, `${name}: torch records no gradient here`);
      return;
    }
    assert.ok(out.requiresGrad, `${name}: output should require grad`);
    out.mul(decode(c.w!)).sum().backward();
    assertInputGrads(name, inputs, c.grads, () => t);
  });
}

/**
 * After a backward: the inputs that require grad got torch's `grads` (in order; null: no gradient),
 * each in its input's dtype, within `tolOf(expected)`.
 */
export function assertInputGrads(name: string, inputs: readonly bp.Tensor[], grads: readonly (Encoded | null)[], tolOf: (g: Encoded) => Tolerance): void {
  const withGrad = inputs.filter((x) => x.requiresGrad);
  assert.equal(withGrad.length, grads.length);
  withGrad.forEach((x, i) => {
    const g = grads[i];
    if (g === null) {
      assert.equal(x.grad, null, `${name}: input ${i} should get no gradient`);
      return;
    }
    assert.ok(x.grad !== null, `${name}: input ${i} got no gradient`);
    assert.equal(x.grad.dtype, x.dtype, `${name}: grad ${i} dtype`);
    assertTensor(x.grad, g.shape, values(g), tolOf(g), `${name} grad of input ${i}`);
  });
}

/** Fails when a fixture case of `family` has no `checkOp` in the calling file (so no case is forgotten). */
export function checkFamilyCovered(family: string): void {
  test(`every "${family}" case in ops.json is checked`, () => {
    const missing = fixture.cases.filter((c) => c.family === family && !used.has(c.name)).map((c) => c.name);
    assert.deepEqual(missing, [], `unchecked ${family} cases: ${missing.join(", ")}`);
  });
}

/** `bp.randn` in float64 requiring grad, for gradcheck. */
export function r64(...shape: number[]): bp.Tensor {
  return bp.randn(shape, { dtype: "float64", requiresGrad: true });
}

/** An int32 tensor. */
export function i32(data: bp.NestedNumbers): bp.Tensor {
  return bp.tensor(data, { dtype: "int32" });
}

/** Asserts that `fn` throws an error whose message contains every one of `parts`. */
export function assertThrowsWith(fn: () => unknown, ...parts: string[]): void {
  let caught: unknown = null;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof Error, `expected an error containing ${JSON.stringify(parts)}, nothing was thrown`);
  for (const p of parts) {
    assert.ok(caught.message.includes(p), `error message "${caught.message}" should contain "${p}"`);
  }
}
