/** readCsv / parseCsv: the seed's student_scores sample, options, and bad input named by line and column. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseCsv, readCsv } from "../../src/data/csv.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

const SCORES = fileURLToPath(new URL("../fixtures/student_scores.csv", import.meta.url));

test("readCsv reads the seed's student_scores.csv (Hours, Scores) into float32 [25, 2]", () => {
  const { columns, data } = readCsv(SCORES);
  assert.deepEqual(columns, ["Hours", "Scores"]);
  assert.deepEqual([...data.shape], [25, 2]);
  assert.equal(data.dtype, "float32");
  assert.deepEqual(Array.from(data.data.subarray(0, 4)), [Math.fround(2.5), 21, Math.fround(5.1), 47]);
  assert.deepEqual(Array.from(data.data.subarray(48)), [Math.fround(7.8), 86]);
  const byColumn = readCsv(SCORES, { asColumns: true, dtype: "float64", columns: ["Scores", 0] });
  assert.deepEqual(byColumn.columns, ["Scores", "Hours"]);
  assert.equal(byColumn.data.Hours.dtype, "float64");
  assert.deepEqual([...byColumn.data.Hours.shape], [25]);
  assert.equal(byColumn.data.Hours.data[1], 5.1);
  assert.equal(byColumn.data.Scores.data[24], 86);
});

test("parseCsv: quotes, a delimiter and a newline inside quotes, blank lines, BOM, no header, bytes", () => {
  const text = '\uFEFFa;"b;c";d\n1;"2";3\n\n"4";5 ; 6\r\n';
  const { columns, data } = parseCsv(text, { delimiter: ";", dtype: "int32" });
  assert.deepEqual(columns, ["a", "b;c", "d"]);
  assert.equal(data.dtype, "int32");
  assert.deepEqual(data.toArray(), [[1, 2, 3], [4, 5, 6]]);
  const noHeader = parseCsv(new TextEncoder().encode("1,2\n3,4\n"), { header: false, columns: [1] });
  assert.deepEqual(noHeader.columns, ["1"]);
  assert.deepEqual(noHeader.data.toArray(), [[2], [4]]);
  const multiline = parseCsv('name,x\n"two\nlines",7\n', { columns: ["x"] });
  assert.deepEqual(multiline.data.toArray(), [[7]]);
  const proto = parseCsv("__proto__,constructor\n1,2\n", { asColumns: true });
  assert.deepEqual(Object.keys(proto.data), ["__proto__", "constructor"]);
  const key: string = "constructor";
  assert.equal(proto.data[key].data[0], 2);
  const headerOnly = parseCsv("a,b\n");
  assert.deepEqual([...headerOnly.data.shape], [0, 2]);
});

test("parseCsv: missing cells are NaN by default, an error with missing: \"error\"; inf and exponents parse", () => {
  const { data } = parseCsv("a,b,c\n1,,NA\n-inf,1e3,NaN\n", { dtype: "float64" });
  const v = Array.from(data.data);
  assert.ok(Number.isNaN(v[1]) && Number.isNaN(v[2]) && Number.isNaN(v[5]));
  assert.deepEqual([v[0], v[3], v[4]], [1, -Infinity, 1000]);
  assertThrowsWith(() => parseCsv("a,b\n1,2\n3,\n", { missing: "error" }), "parseCsv: <text>: line 3, column 1 (\"b\"): missing value");
  assertThrowsWith(() => parseCsv("a\n1\nNA\n", { dtype: "int32" }), "line 3, column 0 (\"a\"): missing value (int32 has no NaN");
  assertThrowsWith(() => parseCsv("a\n1.5\n", { dtype: "int32" }), "line 2, column 0 (\"a\"): not an int32 integer: found \"1.5\"");
});

test("a bad cell names the file's line (counting header and blank lines), the column and the text", () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-csv-"));
  try {
    const path = join(dir, "bad.csv");
    writeFileSync(path, 'Hours,Scores\n2.5,21\n\n"multi\nline",3\n5.1,forty\n');
    assertThrowsWith(() => readCsv(path, { columns: ["Scores"] }), `readCsv: ${path}: line 6, column 1 ("Scores"): not a number: found "forty"`);
    assertThrowsWith(() => readCsv(path), `readCsv: ${path}: line 4, column 0 ("Hours"): not a number: found "multi\\nline"`);
    writeFileSync(path, "a,b\n1,2\n3\n");
    assertThrowsWith(() => readCsv(path), `readCsv: ${path}: line 3: ragged row: 1 fields, expected 2`);
    writeFileSync(path, "");
    assertThrowsWith(() => readCsv(path), `readCsv: ${path}: the CSV is empty`);
    writeFileSync(path, "\n\n");
    assertThrowsWith(() => readCsv(path), "the CSV is empty");
    writeFileSync(path, 'a,b\n1,"2\n');
    assertThrowsWith(() => readCsv(path), `readCsv: ${path}: line 2: quoted field unterminated`);
    writeFileSync(path, new Uint8Array([0x61, 0x0a, 0xff, 0xfe, 0x0a]));
    assertThrowsWith(() => readCsv(path), `readCsv: ${path}: not valid UTF-8 text`);
    assertThrowsWith(() => readCsv(join(dir, "missing.csv")), "readCsv: ", "missing.csv: file does not exist");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("parseCsv: bad options and column selections are named", () => {
  assertThrowsWith(() => parseCsv("a,b\n1,2\n", { columns: ["c"] }), 'no column named "c" (columns: "a", "b")');
  assertThrowsWith(() => parseCsv("a,b\n1,2\n", { columns: [2] }), "column index 2 is out of range for 2 columns");
  assertThrowsWith(() => parseCsv("a,a\n1,2\n", { columns: ["a"] }), 'column name "a" appears more than once');
  assertThrowsWith(() => parseCsv("a,b\n1,2\n", { columns: [-1] }), "parseCsv: columns must hold names or non-negative integer indices, got -1");
  assertThrowsWith(() => parseCsv("a\n1\n", { dtype: "int64" as "int32" }), 'parseCsv: dtype must be "float32", "float64" or "int32"');
  assertThrowsWith(() => parseCsv("a\n1\n", { delimiter: "" }), "parseCsv: delimiter must be a non-empty string");
  assertThrowsWith(() => parseCsv("a\n0x10\n"), 'not a number: found "0x10"');
  assertThrowsWith(() => readCsv(42 as unknown as string), "readCsv: expected a path, the CSV's text or its bytes (Uint8Array), got number");
});

test("parseCsv reads an input over 1 MB (the progress-bar path, silent off a terminal) row for row", () => {
  const rows = Array.from({ length: 80000 }, (_, i) => `${i},${i % 13}.5,${-i}`);
  const text = `a,b,c\n${rows.join("\n")}\n`;
  assert.ok(text.length > 1 << 20);
  const { data } = parseCsv(text, { dtype: "float64" });
  assert.deepEqual([...data.shape], [80000, 3]);
  assert.deepEqual(Array.from(data.data.subarray(3 * 79999)), [79999, (79999 % 13) + 0.5, -79999]);
  assertThrowsWith(() => parseCsv(`${text}1,2,x\n`), "line 80002, column 2 (\"c\"): not a number: found \"x\"");
});

test("readCsv takes the CSV's text (a string with a line break) or bytes as well as a path", () => {
  const text = "Hours,Scores\n2.5,21\n5.1,47\n";
  const fromText = readCsv(text);
  const fromBytes = readCsv(new TextEncoder().encode(text));
  const parsed = parseCsv(text);
  assert.deepEqual(fromText.columns, ["Hours", "Scores"]);
  assert.deepEqual(fromText.data.toArray(), parsed.data.toArray());
  assert.deepEqual(fromBytes.data.toArray(), parsed.data.toArray());
  assert.throws(() => readCsv("Hours,Scores\n2.5,x\n"), /readCsv: <text>: line 2, column 1 \("Scores"\): not a number: found "x"/);
  // one line without a break is a path
  assert.throws(() => readCsv("Hours,Scores"), /readCsv: Hours,Scores: file does not exist/);
});
