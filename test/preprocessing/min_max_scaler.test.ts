import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as preprocessing from "../../src/preprocessing/index.ts";
import { assertMatches, decoded, preprocessingCases } from "./helpers.ts";

test("MinMaxScaler matches scikit-learn 1.2: attributes, transform, clip, inverse, NaN", () => {
  const cases = preprocessingCases("MinMaxScaler");
  assert.ok(cases.length >= 7);
  for (const c of cases) {
    if (c.error) {
      assert.throws(() => new preprocessing.MinMaxScaler(c.opts).fit(decoded(c.fit) as number[][]), (e: Error) => e.message.includes(c.error!));
      continue;
    }
    const s = new preprocessing.MinMaxScaler(c.opts).fit(decoded(c.fit) as number[][]);
    for (const [k, v] of Object.entries(c.attrs!)) assertMatches(s[k as "scale"], v, `${c.name}: ${k}`);
    const out = s.transform(decoded(c.X ?? c.fit) as number[][]);
    assertMatches(out, c.out!, `${c.name}: transform`, 1e-12, 1e-12);
    assertMatches(s.inverseTransform(out), c.inverse!, `${c.name}: inverse`, 1e-12, 1e-9);
  }
});

test("MinMaxScaler: the docstring example; constant columns; float32 kept", () => {
  const mm = new preprocessing.MinMaxScaler().fit([[-1, 2], [-0.5, 6], [0, 10], [1, 18]]);
  assert.deepEqual(mm.transform([[2, 2]]).toArray(), [[1.5, 0]]);
  const c = new preprocessing.MinMaxScaler({ featureRange: [-1, 1] }).fit([[3], [3]]);
  assert.deepEqual(Array.from(c.scale!.data), [2]);
  assert.equal(new preprocessing.MinMaxScaler().fitTransform(bp.tensor([[1], [3]])).dtype, "float32");
  assert.throws(() => new preprocessing.MinMaxScaler({ featureRange: [0] as never }), /MinMaxScaler: featureRange must be \[min, max\]/);
});
