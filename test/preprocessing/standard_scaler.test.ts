import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { readFileSync } from "node:fs";
import { loadIris } from "../../src/datasets/index.ts";
import * as preprocessing from "../../src/preprocessing/index.ts";
import { assertMatches, decoded, preprocessingCases } from "./helpers.ts";

test("StandardScaler matches scikit-learn 1.2: attributes, transform, inverse (constant columns, NaN, weights)", () => {
  const cases = preprocessingCases("StandardScaler");
  assert.ok(cases.length >= 12);
  for (const c of cases) {
    const s = new preprocessing.StandardScaler(c.opts);
    s.fit(decoded(c.fit) as number[][], null, c.sampleWeight);
    for (const [k, v] of Object.entries(c.attrs!)) assertMatches(s[k as "mean"], v, `${c.name}: ${k}`, 1e-12, 1e-9);
    const out = s.transform(decoded(c.X ?? c.fit) as number[][]);
    assert.equal(out.dtype, "float64");
    assertMatches(out, c.out!, `${c.name}: transform`, 1e-10, 1e-10);
    assertMatches(s.inverseTransform(out), c.inverse!, `${c.name}: inverse`, 1e-10, 1e-9);
  }
});

test("StandardScaler: population std, constant column scale 1, float32 stays float32", () => {
  const s = new preprocessing.StandardScaler().fit([[0, 5], [0, 5], [1, 5], [1, 5]]);
  assert.deepEqual(Array.from(s.mean!.data), [0.5, 5]);
  assert.deepEqual(Array.from(s.scale!.data), [0.5, 1]);
  assert.equal(s.nSamplesSeen, 4);
  assert.deepEqual(s.transform([[2, 5]]).toArray(), [[3, 0]]);
  const x32 = bp.tensor([[1, 2], [3, 4]]);
  const t = s.fitTransform(x32);
  assert.equal(t.dtype, "float32");
  assert.deepEqual(t.toArray(), [[-1, -1], [1, 1]]);
});

test("StandardScaler: errors name the class and the problem", () => {
  const s = new preprocessing.StandardScaler();
  assert.throws(() => s.transform([[1, 2]]), /StandardScaler.transform: This StandardScaler instance is not fitted yet/);
  s.fit([[1, 2], [3, 4]]);
  assert.throws(() => s.transform([[1, 2, 3]]), /StandardScaler.transform: X has 3 features, but StandardScaler is expecting 2 features as input/);
  assert.throws(() => new preprocessing.StandardScaler({ withMean: "yes" as never }), /StandardScaler: withMean must be a boolean/);
  assert.deepEqual(s.getParams(), { withMean: true, withStd: true });
});

test("seed: StandardScaler().fitTransform(iris) is scikit-learn's z-normalised iris (seed_iris.json)", () => {
  const seed = JSON.parse(readFileSync(new URL("../fixtures/seed_iris.json", import.meta.url), "utf8")) as { data: number[][]; scaled: number[][] };
  const { data } = loadIris();
  assert.deepEqual(data.toArray(), seed.data);
  const scaled = new preprocessing.StandardScaler().fitTransform(data);
  assert.equal(scaled.dtype, "float64");
  const want = seed.scaled.flat();
  Array.from(scaled.data).forEach((v, i) => assert.ok(Math.abs(v - want[i]) <= 1e-14 * Math.max(1, Math.abs(want[i])), `[${i}] ${v} vs ${want[i]}`));
});

test("StandardScaler.partialFit over batches equals one fit; fit forgets earlier batches", () => {
  const rows = [[1, 10], [2, 30], [4, 20], [8, 50], [16, 40]];
  const inc = new preprocessing.StandardScaler().partialFit(rows.slice(0, 2)).partialFit(rows.slice(2));
  const once = new preprocessing.StandardScaler().fit(rows);
  Array.from(inc.var!.data).forEach((v, i) => assert.ok(Math.abs(v - once.var!.data[i]) < 1e-12));
  assert.equal(inc.nSamplesSeen, 5);
  assert.throws(() => inc.partialFit([[1, 2, 3]]), /StandardScaler.partialFit: X has 3 features, but StandardScaler is expecting 2 features as input/);
  inc.fit(rows.slice(0, 2));
  assert.equal(inc.nSamplesSeen, 2);
  assert.deepEqual(Array.from(inc.mean!.data), [1.5, 20]);
});
