import { test } from "node:test";
import assert from "node:assert/strict";
import { formatTemplate, parseTemplate, pyExp, pyFixed, pyFormat, pyRepr } from "../../src/keras/utils/format.ts";

const int = (value: number) => ({ kind: "int" as const, value });
const float = (value: number) => ({ kind: "float" as const, value });

// Expected strings are what CPython 3 prints for the same expressions.
test("pyFixed is Python's %.Nf: exact value, ties to even, nan/inf, negative zero", () => {
  assert.equal(pyFixed(0.35214, 4), "0.3521"); // "%.4f" % 0.35214
  assert.equal(pyFixed(2.5, 0), "2"); // "%.0f" % 2.5 (toFixed gives "3")
  assert.equal(pyFixed(3.5, 0), "4");
  assert.equal(pyFixed(0.03125, 4), "0.0312"); // an exact binary tie
  assert.equal(pyFixed(0.1, 20), "0.10000000000000000555");
  assert.equal(pyFixed(-0.00001, 4), "-0.0000");
  assert.equal(pyFixed(-0, 2), "-0.00");
  assert.equal(pyFixed(Number.NaN, 4), "nan");
  assert.equal(pyFixed(-Infinity, 4), "-inf");
  assert.equal(pyFixed(1e22, 1), "10000000000000000000000.0");
});

test("pyExp is Python's %.Ne with a two-digit exponent", () => {
  assert.equal(pyExp(0.000012345678, 4), "1.2346e-05");
  assert.equal(pyExp(0, 4), "0.0000e+00");
  assert.equal(pyExp(1e-300, 4), "1.0000e-300");
  assert.equal(pyExp(-1.5e-7, 2), "-1.50e-07");
  assert.equal(pyExp(8.5, 0), "8e+00"); // tie to even
  assert.equal(pyExp(9.5, 0), "1e+01");
  assert.equal(pyExp(123456, 2, true), "1.23E+05");
});

test("pyRepr is Python's repr of a float", () => {
  assert.equal(pyRepr(1), "1.0");
  assert.equal(pyRepr(0.1), "0.1");
  assert.equal(pyRepr(1e-5), "1e-05");
  assert.equal(pyRepr(0.0001), "0.0001");
  assert.equal(pyRepr(1.5e-5), "1.5e-05");
  assert.equal(pyRepr(1e16), "1e+16");
  assert.equal(pyRepr(1e15), "1000000000000000.0");
  assert.equal(pyRepr(-2.5), "-2.5");
  assert.equal(pyRepr(0.1 + 0.2), "0.30000000000000004");
  assert.equal(pyRepr(Number.NaN), "nan");
  assert.equal(pyRepr(-0), "-0.0");
});

test("pyFormat follows the format-spec mini-language", () => {
  assert.equal(pyFormat(int(3), "02d"), "03");
  assert.equal(pyFormat(int(3), ""), "3");
  assert.equal(pyFormat(int(7), ".2f"), "7.00");
  assert.equal(pyFormat(int(5), ">4"), "   5");
  assert.equal(pyFormat(int(5), "*<4"), "5***");
  assert.equal(pyFormat(int(5), "^5"), "  5  ");
  assert.equal(pyFormat(int(255), "#x"), "0xff");
  assert.equal(pyFormat(int(1234567), ","), "1,234,567");
  assert.equal(pyFormat(float(0.35123), ".2f"), "0.35");
  assert.equal(pyFormat(float(1), ""), "1.0");
  assert.equal(pyFormat(float(1234567.5), ",.1f"), "1,234,567.5");
  assert.equal(pyFormat(float(0.5), ".2"), "0.5");
  assert.equal(pyFormat(float(1), ".2"), "1.0");
  assert.equal(pyFormat(float(1e20), ".2"), "1e+20");
  assert.equal(pyFormat(float(0.0001234), "g"), "0.0001234");
  assert.equal(pyFormat(float(123456789), "g"), "1.23457e+08");
  assert.equal(pyFormat(float(100), "g"), "100");
  assert.equal(pyFormat(float(-3.14159), "+08.3f"), "-003.142");
  assert.equal(pyFormat(float(3.14159), "+.1f"), "+3.1");
  assert.equal(pyFormat(float(0.25), ".1%"), "25.0%");
  assert.equal(pyFormat(float(0.000123), ".3e"), "1.230e-04");
});

test("pyFormat refuses what Python refuses, naming the place", () => {
  assert.throws(() => pyFormat(float(1.5), "02d", "where"), /^Error: where: format code "d" does not apply to a float \(1\.5\)/);
  assert.throws(() => pyFormat(int(1), ".2", "where"), /where: precision is not allowed in an integer format spec/);
  assert.throws(() => pyFormat(int(1), "2.2.2", "where"), /where: invalid format spec "2\.2\.2"/);
});

test("templates: named fields, {{ }} escapes, and clear errors", () => {
  const values = { epoch: int(3), val_loss: float(0.1234), loss: float(0.5) };
  assert.equal(formatTemplate("w.{epoch:02d}-{val_loss:.2f}.st", values), "w.03-0.12.st");
  assert.equal(formatTemplate("{epoch}-{loss}-{{x}}", values), "3-0.5-{x}");
  assert.deepEqual(parseTemplate("a{epoch:02d}b"), [{ text: "a" }, { field: "epoch", spec: "02d" }, { text: "b" }]);
  assert.throws(
    () => formatTemplate("w.{acc:.2f}", values, "keras.callbacks.ModelCheckpoint: filepath"),
    /keras\.callbacks\.ModelCheckpoint: filepath: "w\.\{acc:\.2f\}" names field "acc", which is not available \(available: epoch, val_loss, loss\)/,
  );
  assert.throws(() => parseTemplate("w.{epoch", "f"), /f: unclosed "\{"/);
  assert.throws(() => parseTemplate("w.}", "f"), /f: single "\}"/);
  assert.throws(() => parseTemplate("w.{}", "f"), /f: field "\{\}" .* must be a name/);
  assert.throws(() => parseTemplate("w.{0}", "f"), /must be a name/);
  assert.throws(() => parseTemplate("w.{epoch:zz}", "f"), /f: field "epoch": invalid format spec "zz"/);
});
