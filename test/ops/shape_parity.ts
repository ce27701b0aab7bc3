/**
 * The one-line PyTorch-parity test for test/fixtures/shape.json (written by gen_shape.py): like
 * `checkOp` in test/helpers/parity.ts, but a case may have several outputs (split, chunk, unbind,
 * meshgrid), every float case comes in float64 (`name`) and float32 (`name_f32`), and value-only
 * cases (creation) are compared with `checkValue`.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { type Encoded, type Tolerance, TIGHT32, TIGHT64, assertInputGrads, assertTensor, decode, values } from "../helpers/parity.ts";

interface ShapeCase {
  family: string;
  name: string;
  inputs: Encoded[];
  out: Encoded | Encoded[];
  w?: Encoded | Encoded[];
  grads?: (Encoded | null)[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/shape.json", import.meta.url), "utf8")) as { cases: ShapeCase[] };
const byName = new Map(fixture.cases.map((c) => [c.name, c]));
const used = new Set<string>();

function shapeCase(name: string): ShapeCase {
  const c = byName.get(name);
  if (c === undefined) throw new Error(`shape.json has no case "${name}"; add it to test/fixtures/gen_shape.py and regenerate`);
  return c;
}

function toleranceFor(e: Encoded, tol?: Partial<Tolerance>): Tolerance {
  return { ...(e.dtype === "float32" ? TIGHT32 : TIGHT64), ...tol };
}

function runCase(name: string, fn: (...inputs: bp.Tensor[]) => bp.Tensor | bp.Tensor[], tol?: Partial<Tolerance>): void {
  used.add(name);
  test(`torch parity: ${name}`, () => {
    const c = shapeCase(name);
    const inputs = c.inputs.map(decode);
    const result = fn(...inputs);
    const outs = Array.isArray(result) ? result : [result];
    const expected = Array.isArray(c.out) ? c.out : [c.out];
    assert.equal(Array.isArray(result), Array.isArray(c.out), `${name}: one output vs a list`);
    assert.equal(outs.length, expected.length, `${name}: ${outs.length} outputs, expected ${expected.length}`);
    outs.forEach((o, k) => {
      assert.equal(o.dtype, expected[k].dtype, `${name}: output ${k} dtype ${o.dtype}, expected ${expected[k].dtype}`);
      assertTensor(o, expected[k].shape, values(expected[k]), toleranceFor(expected[k], tol), `${name} forward ${k}`);
    });
    if (c.grads === undefined) {
      assert.ok(outs.every((o) => !o.requiresGrad || !inputs.some((x) => x.requiresGrad)), `${name}: torch records no gradient here`);
      return;
    }
    const ws = Array.isArray(c.w) ? c.w : [c.w!];
    const terms = outs.map((o, k) => o.mul(decode(ws[k])).sum());
    terms.reduce((a, b) => a.add(b)).backward();
    assertInputGrads(name, inputs, c.grads, (g) => toleranceFor(g, tol));
  });
}

/**
 * Forward and backward against PyTorch in float64 (`name`) and float32 (`name_f32`).
 * @example checkBoth("flip", (a) => a.flip(0, 2));
 */
export function checkBoth(name: string, fn: (...inputs: bp.Tensor[]) => bp.Tensor | bp.Tensor[], tol?: Partial<Tolerance>): void {
  runCase(name, fn, tol);
  runCase(`${name}_f32`, fn, tol);
}

/** One case as recorded (no float32 twin): for bool and int inputs. */
export function checkOne(name: string, fn: (...inputs: bp.Tensor[]) => bp.Tensor | bp.Tensor[], tol?: Partial<Tolerance>): void {
  runCase(name, fn, tol);
}

/** A value-only case: `make()` must give PyTorch's tensor (shape, dtype, values). */
export function checkValue(name: string, make: () => bp.Tensor, tol?: Partial<Tolerance>): void {
  used.add(name);
  test(`torch parity: ${name}`, () => {
    const c = shapeCase(name);
    const out = make();
    const e = c.out as Encoded;
    assert.equal(out.dtype, e.dtype, `${name}: dtype ${out.dtype}, expected ${e.dtype}`);
    assertTensor(out, e.shape, values(e), toleranceFor(e, tol), name);
  });
}

/** Fails when a case of `family` in shape.json has no check in the calling file. */
export function checkFamilyCovered(family: string): void {
  test(`every "${family}" case in shape.json is checked`, () => {
    const missing = fixture.cases.filter((c) => c.family === family && !used.has(c.name)).map((c) => c.name);
    assert.deepEqual(missing, [], `unchecked ${family} cases: ${missing.join(", ")}`);
  });
}
