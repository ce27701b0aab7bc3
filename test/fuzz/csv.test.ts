import { test } from "node:test";
import assert from "node:assert/strict";
import { parseCsv } from "../../src/data/csv.ts";
import { assertCleanFailure, assertReader } from "./_fuzz.ts";
import { csvTarget } from "./_targets.ts";

test("fuzz: parseCsv on random tables and mutated files reads every cell as its number, or fails naming it", () => {
  assertReader(csvTarget);
});

test("fuzz: a CSV cannot make parseCsv allocate by declaring a size: 2^20 columns of one row fail on the first bad cell", () => {
  // CSV has no size header; the nearest thing is a row that is wide but cheap to write
  const wide = `${Array.from({ length: 1 << 20 }, (_, i) => `c${i}`).join(",")}\n${"1,".repeat((1 << 20) - 1)}x\n`;
  assertCleanFailure(() => parseCsv(wide, { verbose: false }), ["parseCsv: "], /line 2, column 1048575 \("c1048575"\): not a number: found "x"/);
});

test("fuzz regression: long column names and many columns give errors under 500 characters", () => {
  // a 2000-character header name was quoted whole (a 2066-character message)
  assertCleanFailure(() => parseCsv(`${"h".repeat(2000)}\nabc\n`, { verbose: false }), ["parseCsv: "], /column 0 \("h{40}\.\.\."\): not a number: found "abc"/);
  // a missing column listed all 5000 names (43 938 characters)
  const wide = `${Array.from({ length: 5000 }, (_, i) => `c${i}`).join(",")}\n${"1,".repeat(4999)}1\n`;
  assertCleanFailure(() => parseCsv(wide, { columns: ["zz"], verbose: false }), ["parseCsv: "], /no column named "zz" \(columns: "c0", .*"c7", \.\.\. \(5000 columns\)\)/);
});

test("fuzz regression: a cell of 100 000 digits and a letter fails at once (the number pattern backtracked quadratically)", () => {
  // /^[+-]?(?:\d+\.?\d*|...)/ split a digit run between \d+ and \d* every way before failing: a 1 MB
  // cell ran for more than a minute. The pattern now reads a dot before any second run of digits.
  const text = `a\n${"1".repeat(100_000)}x\n`;
  assertCleanFailure(() => parseCsv(text, { verbose: false }), ["parseCsv: "], /line 2, column 0 \("a"\): not a number: found "1{40}\.\.\."/);
  assert.equal(parseCsv(`a\n${"1".repeat(400)}.5e-3\n`, { dtype: "float64", verbose: false }).data.data[0], Number(`${"1".repeat(400)}.5e-3`));
});
