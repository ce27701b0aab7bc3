/**
 * The one-line `@example`s in src/ops and src/tensor that state their result (`// tensor(...)` or
 * `.shape; // [...]`) are run and must print exactly that, so the docs cannot drift from the code.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import * as bp from "../../src/index.ts";

const dirs = ["../../src/ops/", "../../src/tensor/"];
const EXAMPLE = /@example\s+(.+?(?:\.shape)?);\s*\/\/\s*(tensor\(.*\)|\[[\d, ]*\])\s*(\*\/)?\s*$/;

let count = 0;
for (const dir of dirs) {
  const url = new URL(dir, import.meta.url);
  for (const file of readdirSync(url).filter((f) => f.endsWith(".ts"))) {
    readFileSync(new URL(file, url), "utf8").split("\n").forEach((line, i) => {
      const m = EXAMPLE.exec(line);
      if (m === null) return;
      const [, expr, expected] = m;
      if (expected.startsWith("[") && !expr.endsWith(".shape")) return; // a comment about values, not a printout
      count++;
      test(`doc example ${file}:${i + 1}: ${expr}`, () => {
        const run = new Function("bp", `return (${expr});`);
        const result = run(bp) as unknown;
        const printed = result instanceof bp.Tensor ? result.toString() : JSON.stringify(result).replace(/,/g, ", ");
        assert.equal(printed, expected);
      });
    });
  }
}

test("doc examples were found", () => {
  assert.ok(count >= 40, `only ${count} examples matched`);
});
