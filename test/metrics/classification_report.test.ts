import { test } from "node:test";
import assert from "node:assert/strict";
import * as metrics from "../../src/metrics/index.ts";
import { checkCase, metricCases } from "./helpers.ts";

test("classificationReport: scikit-learn 1.2's text byte for byte, and its dictionary", () => {
  const cases = metricCases("classificationReport");
  assert.ok(cases.length >= 15);
  for (const c of cases) checkCase(c, metrics.classificationReport as never);
});

test("classificationReport rounds exact ties to even as Python does (0.125 -> 0.12, 0.375 -> 0.38)", () => {
  const c = metricCases("classificationReport").find((x) => x.name === "classificationReport ties in rounding")!;
  const text = metrics.classificationReport(c.args[0] as number[], c.args[1] as number[]);
  assert.equal((0.125).toFixed(2), "0.13"); // what toFixed alone would print
  assert.match(text, /^ {11}1 {7}0\.12 /m);
  assert.match(text, /^ {11}0 {7}0\.38 /m);
});

test("classificationReport: labels that do not match targetNames warn when labels are given", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  const text = metrics.classificationReport([0, 1, 1], [0, 1, 0], { labels: [0, 1], targetNames: ["a", "b", "c"] });
  assert.match(String(warn.mock.calls[0].arguments[0]), /labels size, 2, does not match size of targetNames, 3/);
  assert.match(text, /^ {11}a {7}/m);
  assert.throws(() => metrics.classificationReport([0, 1], [0, 1], { digits: -1 }), /classificationReport: digits must be a non-negative integer/);
});
