/** The indexing kernels (gatherAt, scatterAt, indexSelect, indexAdd, fill, nonzeroFlat) on the active backend. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { kernels } from "../../src/backend/registry.ts";

test("gatherAt reads at offsets, repeats allowed", () => {
  const out = new Float64Array(4);
  kernels().gatherAt(Float64Array.from([10, 20, 30]), Int32Array.from([2, 0, 2, 1]), out);
  assert.deepEqual(Array.from(out), [30, 10, 30, 20]);
});

test("scatterAt: set (last write wins), add (repeats add up), multiply, one value for all", () => {
  const k = kernels();
  const offsets = Int32Array.from([1, 1, 0]);
  const set = new Float32Array(3);
  k.scatterAt(Float32Array.from([1, 2, 3]), offsets, set, "set");
  assert.deepEqual(Array.from(set), [3, 2, 0]);
  const add = Float32Array.from([1, 1, 1]);
  k.scatterAt(Float32Array.from([1, 2, 3]), offsets, add, "add");
  assert.deepEqual(Array.from(add), [4, 4, 1]);
  const mul = Float32Array.from([1, 1, 1]);
  k.scatterAt(Float32Array.from([2, 3, 5]), offsets, mul, "multiply");
  assert.deepEqual(Array.from(mul), [5, 6, 1]);
  const one = new Int32Array(3);
  k.scatterAt(Int32Array.from([7]), Int32Array.from([0, 2]), one, "set");
  assert.deepEqual(Array.from(one), [7, 0, 7]);
});

test("indexSelect and indexAdd move whole slices of [outer, size, inner]", () => {
  const k = kernels();
  const x = Float64Array.from([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]); // [2, 3, 2]
  const index = Int32Array.from([2, 0, 2]);
  const out = new Float64Array(12);
  k.indexSelect(x, index, out, 2, 3, 2);
  assert.deepEqual(Array.from(out), [4, 5, 0, 1, 4, 5, 10, 11, 6, 7, 10, 11]);
  const back = new Float64Array(12);
  k.indexAdd(out, index, back, 2, 3, 2);
  assert.deepEqual(Array.from(back), [0, 1, 0, 0, 8, 10, 6, 7, 0, 0, 20, 22]);
});

test("fill and nonzeroFlat (NaN is non-zero, -0 is zero)", () => {
  const k = kernels();
  const a = new Float32Array(3);
  k.fill(a, 2.5);
  assert.deepEqual(Array.from(a), [2.5, 2.5, 2.5]);
  assert.deepEqual(Array.from(k.nonzeroFlat(Float64Array.from([0, NaN, -0, 3, 0]))), [1, 3]);
  assert.deepEqual(Array.from(k.nonzeroFlat(Uint8Array.from([1, 0, 1]))), [0, 2]);
  assert.equal(k.nonzeroFlat(new Float32Array(0)).length, 0);
});
