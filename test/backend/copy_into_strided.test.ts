/**
 * copyIntoStrided, the write side of copyStrided (cat's kernel, and the backward of narrow, flip and
 * diagonal), on every backend: blocks at offsets, transposed and negative strides, dtype conversion,
 * and the round trip with copyStrided.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Backend, jsBackend, wasmBackend } from "../../src/backend/index.ts";

const BACKENDS: Backend[] = wasmBackend === null ? [jsBackend] : [jsBackend, wasmBackend];

for (const be of BACKENDS) {
  test(`${be.name} copyIntoStrided: a block at an offset, as cat writes it`, () => {
    const out = new Float64Array(10); // [2, 5]: write a [2, 2] block at columns 3..4
    be.copyIntoStrided(new Float64Array([1, 2, 3, 4]), out, 3, [5, 1], [2, 2]);
    assert.deepEqual(Array.from(out), [0, 0, 0, 1, 2, 0, 0, 0, 3, 4]);
  });

  test(`${be.name} copyIntoStrided: transposed, negative and diagonal strides, 0-d and empty`, () => {
    const t = new Float64Array(6);
    be.copyIntoStrided(new Float64Array([0, 1, 2, 3, 4, 5]), t, 0, [1, 2], [2, 3]); // write [2, 3] x as [3, 2] x^T
    assert.deepEqual(Array.from(t), [0, 3, 1, 4, 2, 5]);
    const flipped = new Float64Array(3);
    be.copyIntoStrided(new Float64Array([1, 2, 3]), flipped, 2, [-1], [3]);
    assert.deepEqual(Array.from(flipped), [3, 2, 1]);
    const diag = new Float64Array(9);
    be.copyIntoStrided(new Float64Array([7, 8]), diag, 1, [4], [2]); // offset-1 diagonal of [3, 3]
    assert.deepEqual(Array.from(diag), [0, 7, 0, 0, 0, 8, 0, 0, 0]);
    const s = new Float64Array(3);
    be.copyIntoStrided(new Float64Array([5]), s, 2, [], []);
    assert.deepEqual(Array.from(s), [0, 0, 5]);
    const untouched = new Float64Array([9, 9]);
    be.copyIntoStrided(new Float64Array(0), untouched, 0, [1, 1], [0, 2]);
    assert.deepEqual(Array.from(untouched), [9, 9]);
  });

  test(`${be.name} copyIntoStrided converts to the output's element type and inverts copyStrided`, () => {
    const out = new Float32Array(2);
    be.copyIntoStrided(new Int32Array([3, -4]), out, 0, [1], [2]);
    assert.deepEqual(Array.from(out), [3, -4]);
    const x = Float64Array.from({ length: 24 }, (_, i) => i * 1.5);
    const strides = [1, 12, 4]; // [2, 3, 4] read as [4, 2, 3]
    const read = new Float64Array(24);
    be.copyStrided(x, 0, strides, read, [4, 2, 3]);
    const back = new Float64Array(24);
    be.copyIntoStrided(read, back, 0, strides, [4, 2, 3]);
    assert.deepEqual(Array.from(back), Array.from(x));
  });
}
