/** What the sample generators share: numpy's linspace, and draws continuing on one RandomState across calls. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeBlobs, makeCircles, makeMoons } from "../../src/datasets/index.ts";
import { linspace } from "../../src/datasets/generator_utils.ts";
import { RandomState } from "../../src/random/index.ts";
import { assertMatches, fixture, type Encoded } from "./sklearn_fixture.ts";

test("linspace follows numpy: i * step + start, the endpoint exact, one point is start", () => {
  assert.deepEqual(Array.from(linspace(0, 1, 5).data), [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(Array.from(linspace(0, 1, 4, false).data), [0, 0.25, 0.5, 0.75]);
  assert.deepEqual(Array.from(linspace(2, 3, 1).data), [2]);
  assert.deepEqual(Array.from(linspace(0, 1, 0).data), []);
  assert.equal(linspace(0, Math.PI, 7).data[6], Math.PI);
});

test("a RandomState passed to several generators continues as scikit-learn's does", () => {
  const rs = new RandomState(fixture.chain.seed);
  const got = [makeMoons({ nSamples: 6, noise: 0.1, randomState: rs }), makeBlobs({ nSamples: 5, randomState: rs }), makeCircles({ nSamples: 4, noise: 0.1, randomState: rs })];
  (fixture.chain.out as Encoded[][]).forEach((arrays, k) => arrays.forEach((e, j) => assertMatches(got[k][j], e, `call ${k} output ${j}`)));
});

test("the same integer randomState gives the same arrays; a different one different arrays", () => {
  const [a] = makeBlobs({ randomState: 5 });
  const [b] = makeBlobs({ randomState: 5 });
  const [c] = makeBlobs({ randomState: 6 });
  assert.deepEqual(Array.from(a.data), Array.from(b.data));
  assert.notDeepEqual(Array.from(a.data), Array.from(c.data));
});
