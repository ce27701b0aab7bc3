/** randomSplit: counts or fractions (PyTorch 1.13's rounding), disjoint and complete, seeded. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as data from "../../src/data/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

const ds = (n: number) => new data.TensorDataset(bp.arange(n, { dtype: "int32" }));

function allIndices(parts: data.Subset<bp.Tensor[]>[]): number[] {
  return parts.flatMap((p) => [...p.indices]);
}

test("counts: sizes as given; the subsets are disjoint and cover the data set", () => {
  const parts = data.randomSplit(ds(100), [70, 20, 10]);
  assert.deepEqual(parts.map((p) => p.length), [70, 20, 10]);
  const all = allIndices(parts);
  assert.equal(new Set(all).size, 100);
  assert.deepEqual([...all].sort((a, b) => a - b), Array.from({ length: 100 }, (_, i) => i));
  assert.notDeepEqual(all, Array.from({ length: 100 }, (_, i) => i), "shuffled");
  const [first] = parts;
  assert.equal(first.get(0)[0].item(), first.indices[0], "a subset's samples come from the whole set");
});

test("fractions summing to 1: floor(frac * n) each, remainder handed out round-robin (PyTorch 1.13+)", () => {
  assert.deepEqual(data.randomSplit(ds(10), [0.5, 0.5]).map((p) => p.length), [5, 5]);
  // floor: 3, 3, 4 = 10 of 11; one left goes to the first split
  assert.deepEqual(data.randomSplit(ds(11), [0.3, 0.3, 0.4]).map((p) => p.length), [4, 3, 4]);
  // floor: 2, 2, 2 = 6 of 8; two left go to the first two
  assert.deepEqual(data.randomSplit(ds(8), [1 / 3, 1 / 3, 1 / 3]).map((p) => p.length), [3, 3, 2]);
  assert.deepEqual(data.randomSplit(ds(10000), [0.8, 0.2]).map((p) => p.length), [8000, 2000]);
  const parts = data.randomSplit(ds(11), [0.3, 0.3, 0.4]);
  assert.equal(new Set(allIndices(parts)).size, 11);
});

test("deterministic under manualSeed", () => {
  bp.manualSeed(3);
  const a = allIndices(data.randomSplit(ds(50), [25, 25]));
  bp.manualSeed(3);
  const b = allIndices(data.randomSplit(ds(50), [25, 25]));
  assert.deepEqual(a, b);
  bp.manualSeed(4);
  assert.notDeepEqual(allIndices(data.randomSplit(ds(50), [25, 25])), a);
});

test("errors: lengths that do not add up, negatives, non-integers", () => {
  assertThrowsWith(
    () => data.randomSplit(ds(100), [80, 10]),
    "randomSplit: sum of input lengths (90) does not equal the length of the input dataset (100)",
  );
  assertThrowsWith(() => data.randomSplit(ds(10), [-1, 11]), "randomSplit: length at index 0 must be a non-negative number, got -1");
  assertThrowsWith(() => data.randomSplit(ds(10), [0.5, 0.4]), "length at index 0 is 0.5, not an integer");
  assertThrowsWith(() => data.randomSplit(ds(10), []), "randomSplit: lengths must be a non-empty array");
});
