/** datasets.makeCircles against scikit-learn 1.2's make_circles (test/fixtures/datasets.json). */
import { test } from "node:test";
import assert from "node:assert/strict";
import { makeCircles, type MakeCirclesOptions } from "../../src/datasets/index.ts";
import { checkCases, fixture } from "./sklearn_fixture.ts";

test("makeCircles gives scikit-learn's X and y for the same randomState", () => {
  checkCases("makeCircles", fixture.makeCircles, (o) => makeCircles(o as MakeCirclesOptions));
});

test("makeCircles: inner points lie on the circle of radius factor", () => {
  const [X, y] = makeCircles({ nSamples: 20, factor: 0.25, randomState: 1 });
  for (let i = 0; i < 20; i++) {
    const r = Math.hypot(X.data[2 * i], X.data[2 * i + 1]);
    assert.ok(Math.abs(r - (y.data[i] === 1 ? 0.25 : 1)) < 1e-12, `row ${i}: radius ${r}`);
  }
});

test("makeCircles rejects bad arguments", () => {
  assert.throws(() => makeCircles({ factor: 1 }), /makeCircles: factor must be in \[0, 1\), got 1/);
  assert.throws(() => makeCircles({ factor: -0.5 }), /factor must be in \[0, 1\)/);
  assert.throws(() => makeCircles({ nSamples: 2.5 }), /makeCircles: nSamples must be a non-negative integer, got 2.5/);
});
