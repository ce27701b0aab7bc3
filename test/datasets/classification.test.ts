/** datasets.makeClassification against scikit-learn 1.2's make_classification (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeClassification, type MakeClassificationOptions } from "../../src/datasets/index.ts";
import { checkCases, fixture } from "./sklearn_fixture.ts";

test("makeClassification gives scikit-learn's X and y for the same randomState", () => {
  checkCases("makeClassification", fixture.makeClassification, (o) => makeClassification(o as MakeClassificationOptions));
});

test("makeClassification without shuffle: informative, redundant, repeated, then noise columns", () => {
  const [X, y] = makeClassification({ nSamples: 30, nFeatures: 7, nInformative: 2, nRedundant: 1, nRepeated: 1, shuffle: false, flipY: 0, randomState: 4 });
  assert.deepEqual(X.shape, [30, 7]);
  assert.deepEqual(new Set(y.data), new Set([0, 1]));
  // the repeated column (3) equals one of columns 0..2
  const col = (j: number): number[] => Array.from({ length: 30 }, (_, i) => X.data[i * 7 + j]);
  assert.ok([0, 1, 2].some((j) => col(j).every((v, i) => v === col(3)[i])));
});

test("makeClassification rejects impossible designs", () => {
  assert.throws(() => makeClassification({ nFeatures: 3 }), /makeClassification: nInformative \+ nRedundant \+ nRepeated \(4\) must be at most nFeatures \(3\)/);
  assert.throws(() => makeClassification({ nClasses: 3 }), /makeClassification: nClasses \(3\) \* nClustersPerClass \(2\) must be at most 2\*\*nInformative \(4\)/);
  assert.throws(() => makeClassification({ weights: [0.1, 0.2, 0.7] }), /makeClassification: weights must hold nClasses \(2\) or nClasses - 1 values, got 3/);
  assert.throws(() => makeClassification({ shift: [1, 2] }), /makeClassification: shift must be a number or hold nFeatures \(20\) values, got 2/);
});
