/**
 * Test helpers for the losses, distances and padding: the PyTorch 1.13 cases of
 * test/fixtures/losses.json (written by test/fixtures/gen_losses.py) and `checkLossCase`, which runs
 * one case: forward values, input gradients after backward with the fixture's upstream gradient, and a
 * gradcheck for the finite float64 cases. NaN and infinities ("nan", "inf", "-inf" in the JSON) must
 * match exactly.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { type Encoded, assertClose, decode as decodeEncoded } from "../helpers/parity.ts";
import { TOL } from "./helpers.ts";

/** One recorded PyTorch computation. */
export interface LossCase {
  name: string;
  op: string;
  kwargs: Record<string, unknown>;
  inputs: Record<string, Encoded>;
  grad: string[];
  upstream: Encoded | null;
  out: Encoded;
  grads: Record<string, Encoded>;
  gradcheck: boolean;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/losses.json", import.meta.url), "utf8")) as { cases: LossCase[] };

/** Inputs of a case by name. */
export type Inputs = Record<string, bp.Tensor>;
/** Runs a case's computation. */
export type Runner = (t: Inputs, kwargs: Record<string, unknown>) => bp.Tensor;

/** The fixture case called `name`. */
export function lossCase(name: string): LossCase {
  const c = fixture.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`losses.json has no case "${name}"; add it to test/fixtures/gen_losses.py and regenerate`);
  return c;
}

/** The fixture cases of the given ops (optionally only those whose name starts with `prefix`). */
export function lossCases(ops: readonly string[], prefix = ""): LossCase[] {
  return fixture.cases.filter((c) => ops.includes(c.op) && c.name.startsWith(prefix));
}

function decode(e: Encoded, requiresGrad = false): bp.Tensor {
  const t = decodeEncoded(e);
  return requiresGrad ? t.requiresGrad_(true) : t;
}

function inputsOf(c: LossCase): Inputs {
  const t: Inputs = {};
  for (const [k, v] of Object.entries(c.inputs)) t[k] = decode(v, c.grad.includes(k));
  return t;
}

function check(actual: bp.Tensor, expected: Encoded, what: string): void {
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape [${actual.shape}] vs torch [${expected.shape}]`);
  const tol = expected.dtype === "float32" ? TOL.float32 : TOL.float64;
  const e = expected.data.map((v) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v));
  assertClose(actual.data, e, tol, what);
}

/**
 * Runs case `c` with `run`: output (dtype, shape, values) equals torch's; after backward each listed
 * input's gradient equals torch's; for gradcheck cases the analytic gradients agree with finite
 * differences.
 */
export function checkLossCase(c: LossCase, run: Runner, options: { gradcheck?: boolean } = {}): void {
  const t = inputsOf(c);
  const out = run(t, c.kwargs);
  assert.equal(out.dtype, c.out.dtype, `${c.name}: dtype ${out.dtype} vs torch ${c.out.dtype}`);
  check(out, c.out, `${c.name} forward`);
  if (c.grad.length > 0) {
    out.backward(c.upstream === null ? undefined : decode(c.upstream));
    for (const k of c.grad) {
      const g = t[k].grad;
      assert.ok(g !== null, `${c.name}: no gradient reached ${k}`);
      check(g, c.grads[k], `${c.name} grad ${k}`);
    }
  }
  if ((options.gradcheck ?? true) && c.gradcheck) {
    const fresh = inputsOf(c);
    const names = Object.keys(fresh);
    assert.ok(
      bp.autograd.gradcheck((...xs) => run(Object.fromEntries(names.map((n, i) => [n, xs[i]])), c.kwargs), names.map((n) => fresh[n])),
      `${c.name}: gradcheck`,
    );
  }
}
