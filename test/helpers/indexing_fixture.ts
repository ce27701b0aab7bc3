/**
 * Replays test/fixtures/indexing.json (written by test/fixtures/gen_indexing.py): each case is run
 * in float64 and float32 (name + "_f32") by the program the test spells for it; outputs and the
 * gradients of (out * w).sum() must match PyTorch's, or the error must name the same versions.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { TIGHT32, TIGHT64, assertTensor, decode, values, type Encoded, type Tolerance } from "./parity.ts";

/** A fixture tensor; "bool" is a mask. */
export type FixtureTensor = Omit<Encoded, "dtype"> & { dtype: Encoded["dtype"] | "bool" };

interface IndexingCase {
  name: string;
  inputs: FixtureTensor[];
  out?: FixtureTensor;
  outs?: FixtureTensor[];
  w?: FixtureTensor;
  grads?: (FixtureTensor | null)[];
  error?: string;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/indexing.json", import.meta.url), "utf8")) as { cases: IndexingCase[] };
const byName = new Map(fixture.cases.map((c) => [c.name, c]));
const used = new Set<string>();

/** Builds a fixture tensor (masks are bool tensors). */
export function decodeAny(e: FixtureTensor): bp.Tensor {
  if (e.dtype !== "bool") return decode(e as Encoded);
  return bp.tensor(values(e as Encoded), { dtype: "bool" }).reshape(e.shape);
}

function assertSame(t: bp.Tensor, e: FixtureTensor, tol: Tolerance, what: string): void {
  const dtype = e.dtype === "int" ? "int32" : e.dtype;
  assert.equal(t.dtype, dtype, `${what}: dtype ${t.dtype}, expected ${dtype}`);
  assertTensor(t, e.shape, values(e as Encoded), tol, what);
}

/** The fixture case `name` (throws if gen_indexing.py has none). */
export function indexingCase(name: string): IndexingCase {
  const c = byName.get(name);
  if (c === undefined) throw new Error(`indexing.json has no case "${name}"; add it to test/fixtures/gen_indexing.py and regenerate`);
  return c;
}

/** Runs one case (and its float32 twin when present) through `fn`. */
export function checkIndexing(name: string, fn: (...inputs: bp.Tensor[]) => bp.Tensor | bp.Tensor[]): void {
  for (const full of [name, `${name}_f32`]) {
    if (!byName.has(full) && full !== name) continue;
    used.add(full);
    test(`torch parity: ${full}`, () => {
      const c = indexingCase(full);
      const inputs = c.inputs.map(decodeAny);
      const float32 = inputs.some((t) => t.dtype === "float32");
      const tol = float32 ? TIGHT32 : TIGHT64;
      if (c.error !== undefined && c.out === undefined) {
        assert.throws(() => fn(...inputs), (e: Error) => sameVersions(e, c.error!));
        return;
      }
      const result = fn(...inputs);
      if (c.outs !== undefined) {
        const outs = result as bp.Tensor[];
        assert.equal(outs.length, c.outs.length);
        outs.forEach((o, i) => assertSame(o, c.outs![i], tol, `${full} out ${i}`));
        return;
      }
      const out = result as bp.Tensor;
      assertSame(out, c.out!, tol, `${full} forward`);
      if (c.error !== undefined) {
        // PyTorch refuses the backward: the error must name the same versions
        const w = bp.onesLike(out);
        assert.throws(() => out.mul(w).sum().backward(), (e: Error) => sameVersions(e, c.error!));
        return;
      }
      if (c.grads === undefined) {
        assert.equal(out.requiresGrad, false, `${full}: torch records no gradient here`);
        return;
      }
      out.mul(decodeAny(c.w!)).sum().backward();
      const withGrad = inputs.filter((x) => x.requiresGrad);
      assert.equal(withGrad.length, c.grads.length);
      withGrad.forEach((x, i) => {
        const g = c.grads![i];
        if (g === null) return assert.equal(x.grad, null, `${full}: input ${i} should get no gradient`);
        assert.ok(x.grad !== null, `${full}: input ${i} got no gradient`);
        assertSame(x.grad, g, tol, `${full} grad of input ${i}`);
      });
    });
  }
}

/** True when our message is the in-place error with the versions PyTorch's names (else explains). */
function sameVersions(e: Error, torch: string): boolean {
  const m = /is at version (\d+); expected version (\d+)/.exec(torch);
  if (m === null) return e.message.length > 0;
  const ours = `is at version ${m[1]}; expected version ${m[2]} instead`;
  assert.ok(e.message.includes("modified by an inplace operation") && e.message.includes(ours), `error "${e.message}" should say "${ours}" like PyTorch: "${torch}"`);
  return true;
}

/** Fails when a case whose name starts with `prefix` has no check in the calling file. */
export function checkIndexingCovered(prefixes: string[]): void {
  test(`every ${prefixes.join("/")} case in indexing.json is checked`, () => {
    const missing = fixture.cases.filter((c) => prefixes.some((p) => c.name.startsWith(p)) && !used.has(c.name)).map((c) => c.name);
    assert.deepEqual(missing, [], `unchecked cases: ${missing.join(", ")}`);
  });
}
