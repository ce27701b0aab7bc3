/**
 * `checkMath`, the one-line PyTorch-parity test of the wider math surface, driven by
 * test/fixtures/math.json (written by test/fixtures/gen_math.py): forward values (and indices, for ops
 * returning `{values, indices}`), then the gradients of `(out * w).sum()`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import type * as bp from "../../src/index.ts";
import { type Encoded, type Tolerance, TIGHT32, TIGHT64, assertTensor, decode, values } from "../helpers/parity.ts";

interface MathCase {
  family: string;
  name: string;
  inputs: Encoded[];
  out: Encoded;
  indices?: Encoded;
  w?: Encoded;
  grads?: (Encoded | null)[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/math.json", import.meta.url), "utf8")) as { cases: MathCase[] };
const byName = new Map(fixture.cases.map((c) => [c.name, c]));
const used = new Set<string>();

/** What an op under test returns: a tensor, or values with their indices. */
type Result = bp.Tensor | { values: bp.Tensor; indices: bp.Tensor };

/**
 * One parity test against math.json's case `name`. Tolerance defaults to TIGHT64, or TIGHT32 when the
 * output is float32.
 * @example checkMath("sin", (x) => x.sin());
 */
export function checkMath(name: string, fn: (...inputs: bp.Tensor[]) => Result, tol?: Partial<Tolerance>): void {
  used.add(name);
  test(`torch parity: ${name}`, () => {
    const c = byName.get(name);
    if (c === undefined) throw new Error(`math.json has no case "${name}"; add it to test/fixtures/gen_math.py and regenerate`);
    const inputs = c.inputs.map(decode);
    const res = fn(...inputs);
    const out = "values" in res ? res.values : res;
    const t: Tolerance = { ...(c.out.dtype === "float32" ? TIGHT32 : TIGHT64), ...tol };
    assert.equal(out.dtype, c.out.dtype, `${name}: dtype ${out.dtype}, expected ${c.out.dtype}`);
    assertTensor(out, c.out.shape, values(c.out), t, `${name} forward`);
    if (c.indices !== undefined) {
      assert.ok("indices" in res, `${name}: expected {values, indices}`);
      assert.equal(res.indices.dtype, "int32");
      assertTensor(res.indices, c.indices.shape, values(c.indices), { atol: 0, rtol: 0 }, `${name} indices`);
    }
    if (c.grads === undefined) {
      assert.equal(out.requiresGrad && inputs.some((x) => x.requiresGrad), false, `${name}: torch records no gradient here`);
      return;
    }
    assert.ok(out.requiresGrad, `${name}: output should require grad`);
    out.mul(decode(c.w!)).sum().backward();
    const withGrad = inputs.filter((x) => x.requiresGrad);
    assert.equal(withGrad.length, c.grads.length);
    withGrad.forEach((x, i) => {
      const g = c.grads![i];
      if (g === null) {
        assert.equal(x.grad, null, `${name}: input ${i} should get no gradient`);
        return;
      }
      assert.ok(x.grad !== null, `${name}: input ${i} got no gradient`);
      assert.equal(x.grad.dtype, x.dtype, `${name}: grad ${i} dtype`);
      assertTensor(x.grad, g.shape, values(g), t, `${name} grad of input ${i}`);
    });
  });
}

/** Fails when a case of `family` in math.json has no `checkMath` in the calling file. */
export function checkMathFamilyCovered(family: string): void {
  test(`every "${family}" case in math.json is checked`, () => {
    const missing = fixture.cases.filter((c) => c.family === family && !used.has(c.name)).map((c) => c.name);
    assert.deepEqual(missing, [], `unchecked ${family} cases: ${missing.join(", ")}`);
  });
}
