import { test } from "node:test";
import assert from "node:assert/strict";
import { KminHeaps, heapPush, simultaneousSort } from "../../src/neighbors/arg_kmin.ts";

test("heapPush keeps the k smallest and rejects a value equal to the largest kept", () => {
  const k = 3;
  const values = new Float64Array(k).fill(Infinity);
  const indices = new Int32Array(k).fill(-1);
  [5, 1, 4, 4, 2, 4, 0.5].forEach((v, i) => heapPush(values, indices, 0, k, v, i));
  assert.deepEqual([...values].sort(), [0.5, 1, 2]);
  // ties with the largest are refused: 4 (index 2) stays over the later 4s until 2 pushes it out
  const v2 = new Float64Array(2).fill(Infinity);
  const i2 = new Int32Array(2).fill(-1);
  [3, 3, 3].forEach((v, i) => heapPush(v2, i2, 0, 2, v, i));
  assert.deepEqual([...i2].sort(), [0, 1]);
});

test("simultaneousSort sorts values ascending and carries the indices along", () => {
  const values = Float64Array.from([5, 3, 9, 1, 3, 7, 0, 2]);
  const indices = Int32Array.from([0, 1, 2, 3, 4, 5, 6, 7]);
  simultaneousSort(values, indices, 0, 8);
  assert.deepEqual([...values], [0, 1, 2, 3, 3, 5, 7, 9]);
  assert.deepEqual([...indices].map((i) => [5, 3, 9, 1, 3, 7, 0, 2][i]), [0, 1, 2, 3, 3, 5, 7, 9]);
  // scikit-learn's quicksort is not stable: the two 3s (indices 1 and 4) come out as 4, 1
  assert.deepEqual([...indices].slice(3, 5), [4, 1]);
});

test("KminHeaps: scikit-learn's order of equal distances, with and without the one-thread merge", () => {
  // replayed by hand against sklearn 1.2's heap_push + simultaneous_sort on one row of equal values
  const row = [1, 1, 1, 1, 1, 0, 1];
  const direct = new KminHeaps(1, 4);
  direct.pushRow(0, row, 0, row.length, 0);
  direct.finish(false);
  const merged = new KminHeaps(1, 4);
  merged.pushRow(0, row, 0, row.length, 0);
  merged.finish(true);
  assert.deepEqual([...direct.values], [0, 1, 1, 1]);
  assert.deepEqual([...merged.values], [0, 1, 1, 1]);
  assert.equal(direct.indices[0], 5);
  assert.equal(merged.indices[0], 5);
  assert.deepEqual([...direct.indices].slice(1).sort(), [...merged.indices].slice(1).sort());
  const byIndex = new KminHeaps(1, 4);
  byIndex.pushRow(0, [2, 1, 1, 0, 1], 0, 5, 0);
  byIndex.finishByIndex();
  assert.deepEqual([...byIndex.indices], [3, 1, 2, 4]);
});
