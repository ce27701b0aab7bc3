/** datasets.loadIris against scikit-learn 1.2's load_iris (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadIris } from "../../src/datasets/index.ts";
import { assertMatches, fixture } from "./sklearn_fixture.ts";

test("loadIris returns scikit-learn's data, targets and names", () => {
  const iris = loadIris();
  assertMatches(iris.data, fixture.iris.data, "data", 0);
  assert.equal(iris.target.dtype, "int32");
  assertMatches(iris.target, fixture.iris.target, "target");
  assert.deepEqual(iris.targetNames, fixture.iris.targetNames);
  assert.deepEqual(iris.featureNames, fixture.iris.featureNames);
});

test("loadIris({returnXY: true}) gives [data, target]; each call returns fresh arrays", () => {
  const [X, y] = loadIris({ returnXY: true });
  assert.deepEqual(X.shape, [150, 4]);
  assert.deepEqual(y.shape, [150]);
  X.data[0] = -1;
  assert.equal(loadIris().data.data[0], 5.1);
});
