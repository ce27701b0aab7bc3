/** datasets.makeMoons against scikit-learn 1.2's make_moons (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeMoons, type MakeMoonsOptions } from "../../src/datasets/index.ts";
import { checkCases, fixture } from "./sklearn_fixture.ts";

test("makeMoons gives scikit-learn's X and y for the same randomState", () => {
  checkCases("makeMoons", fixture.makeMoons, (o) => makeMoons(o as MakeMoonsOptions));
});

test("makeMoons: dtypes, shapes, and labels split as n // 2 outer", () => {
  const [X, y] = makeMoons({ nSamples: 7, randomState: 0 });
  assert.equal(X.dtype, "float64");
  assert.equal(y.dtype, "int32");
  assert.deepEqual(X.shape, [7, 2]);
  assert.equal(Array.from(y.data).filter((v) => v === 0).length, 3);
});

test("makeMoons rejects bad arguments", () => {
  assert.throws(() => makeMoons({ nSamples: -1 }), /makeMoons: nSamples must be a non-negative integer, got -1/);
  assert.throws(() => makeMoons({ nSamples: [1, 2, 3] as unknown as [number, number] }), /makeMoons: nSamples must be a number or a two-element array/);
  assert.throws(() => makeMoons({ noise: -0.1 }), /makeMoons: noise must be a non-negative number or null, got -0.1/);
});
