import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as preprocessing from "../../src/preprocessing/index.ts";
import { assertMatches, decoded, preprocessingCases } from "./helpers.ts";

type Rows = (string | number)[][];

test("OneHotEncoder matches scikit-learn 1.2: categories, drop, unknowns, given categories, names, inverse, errors", (t) => {
  t.mock.method(console, "warn", () => {});
  const cases = preprocessingCases("OneHotEncoder");
  assert.ok(cases.length >= 13);
  for (const c of cases) {
    const enc = new preprocessing.OneHotEncoder(c.opts);
    const fit = decoded(c.fit) as Rows;
    if (c.error && !c.attrs) {
      assert.throws(() => enc.fit(fit), (e: Error) => e.message.includes(c.error!), c.name);
      continue;
    }
    enc.fit(fit);
    assertMatches(enc.categories, c.attrs!.categories, `${c.name}: categories`);
    assert.deepEqual(enc.dropIdx, c.attrs!.dropIdx, `${c.name}: dropIdx`);
    if (c.error) {
      assert.throws(() => enc.transform(c.X as Rows), (e: Error) => e.message.includes(c.error!), c.name);
      continue;
    }
    const out = enc.transform(decoded(c.X ?? c.fit) as Rows);
    assert.equal(out.dtype, "float64");
    assertMatches(out, c.out!, `${c.name}: transform`);
    assert.deepEqual(enc.inverseTransform(out), decoded(c.inverse!), `${c.name}: inverse`);
    if (c.names) assert.deepEqual(enc.getFeatureNamesOut(), c.names, `${c.name}: names`);
  }
});

test("OneHotEncoder: NaN is a category, sorted last and named 'nan'; numbers print as JavaScript writes them", () => {
  const enc = new preprocessing.OneHotEncoder().fit([[1.5, 10], [NaN, 10], [0.5, 30], [1.5, NaN]]);
  assert.deepEqual(enc.categories, [[0.5, 1.5, NaN], [10, 30, NaN]]);
  // scikit-learn prints a float column's 10.0 as "10.0"; plain JavaScript numbers carry no int/float kind
  assert.deepEqual(enc.getFeatureNamesOut(["a", "b"]), ["a_0.5", "a_1.5", "a_nan", "b_10", "b_30", "b_nan"]);
});

test("OneHotEncoder: unknown categories warn with drop; Tensor input; dense output only", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const enc = new preprocessing.OneHotEncoder({ handleUnknown: "ignore", drop: "first" }).fit([["a"], ["b"]]);
  assert.deepEqual(enc.transform([["c"], ["b"]]).toArray(), [[0], [1]]);
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /Found unknown categories in columns \[0\] during transform/);
  const num = new preprocessing.OneHotEncoder().fit(bp.tensor([[2], [0], [2]], { dtype: "int32" }));
  assert.deepEqual(num.transform(bp.tensor([[0], [2]])).toArray(), [[1, 0], [0, 1]]);
  assert.throws(() => new preprocessing.OneHotEncoder({ sparseOutput: true }), /OneHotEncoder: sparseOutput must be false/);
  assert.throws(() => num.transform([[1, 2]]), /OneHotEncoder.transform: X has 2 features, but OneHotEncoder is expecting 1 features as input/);
  assert.throws(() => new preprocessing.OneHotEncoder().fit([["a", 1], [2, 1]]), /uniformly strings or numbers \(column 0 mixes them\)/);
});
