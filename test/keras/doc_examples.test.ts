/**
 * The one-line `@example`s of keras.losses and keras.metrics that state their result (`// tensor(...)`,
 * `// "name"`, a number or a boolean) are run and must print exactly that, so the docs cannot drift from the code.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as losses from "../../src/keras/losses.ts";
import * as metrics from "../../src/keras/metrics/index.ts";

const FILES = ["losses.ts", "metrics/accuracy.ts", "metrics/confusion.ts", "metrics/metric.ts", "metrics/get.ts"];
const EXAMPLE = /@example\s+(.+?);\s*\/\/\s*(tensor\(.*\)|"[^"]*"|true|false|-?\d[\d.e+-]*)\s*(\*\/)?\s*$/;
const keras = { losses, metrics };

let count = 0;
for (const file of FILES) {
  readFileSync(new URL(`../../src/keras/${file}`, import.meta.url), "utf8").split("\n").forEach((line, i) => {
    const m = EXAMPLE.exec(line);
    if (m === null) return;
    const [, expr, expected] = m;
    count++;
    test(`doc example ${file}:${i + 1}: ${expr}`, () => {
      const run = new Function("bp", "keras", `return (${expr});`);
      const result = run(bp, keras) as unknown;
      const printed = result instanceof bp.Tensor ? result.toString() : JSON.stringify(result);
      assert.equal(printed, expected);
    });
  });
}

test("doc examples were found", () => {
  assert.ok(count >= 25, `only ${count} examples matched`);
});
