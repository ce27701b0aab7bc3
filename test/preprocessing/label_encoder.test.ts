import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as preprocessing from "../../src/preprocessing/index.ts";
import { assertMatches, preprocessingCases } from "./helpers.ts";

test("LabelEncoder matches scikit-learn 1.2: numpy's order (strings by code point), codes, inverse, unseen labels", () => {
  const cases = preprocessingCases("LabelEncoder");
  assert.ok(cases.length >= 4);
  for (const c of cases) {
    const le = new preprocessing.LabelEncoder().fit(c.fit as number[]);
    assertMatches(le.classes, c.attrs!.classes, `${c.name}: classes`);
    if (c.error) {
      assert.throws(() => le.transform(c.X as number[]), (e: Error) => e.message.includes(c.error!));
      continue;
    }
    const codes = le.transform(c.X as number[]);
    assert.equal(codes.dtype, "int32");
    assertMatches(codes, c.out!, `${c.name}: transform`);
    assert.deepEqual(le.inverseTransform(codes), c.inverse);
  }
});

test("LabelEncoder: fitTransform, Tensor labels, errors", () => {
  const le = new preprocessing.LabelEncoder<string>();
  assert.throws(() => le.transform(["a"]), /LabelEncoder.transform: This LabelEncoder instance is not fitted yet/);
  assert.deepEqual(le.fitTransform(["b", "a", "b"]).toArray(), [1, 0, 1]);
  assert.deepEqual(le.classes, ["a", "b"]);
  assert.throws(() => le.inverseTransform([0, 2]), /LabelEncoder.inverseTransform: y contains previously unseen labels: \[2\]/);
  assert.throws(() => le.transform(["c", "a", "d"]), /y contains previously unseen labels: \['c', 'd'\]/);
  const num = new preprocessing.LabelEncoder().fit(bp.tensor([5, 1, 5], { dtype: "int32" }));
  assert.deepEqual(num.classes, [1, 5]);
});
