import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describePickle, DType, NdArray, PickleDict, PickleGlobal, PickleTuple, readPickle } from "../../src/data/pickle.ts";

// Fixtures written by test/fixtures/gen_cifar_pickles.py (Python 3.11's pickle and numpy 1.24).
const DIR = join(import.meta.dirname, "../fixtures/cifar");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, { n: number; seed: number; labels: number[]; batch_label: string; filenames: string[] }> & {
  label_names: string[];
};
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));

/** The generator's pixels: data[i, j] = (i * 131 + j * 7 + seed) % 256. */
function pixels(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * 3072);
  for (let i = 0; i < n; i++) for (let j = 0; j < 3072; j++) out[i * 3072 + j] = (i * 131 + j * 7 + seed) % 256;
  return out;
}

const text = (v: unknown): string => (v instanceof Uint8Array ? new TextDecoder("latin1").decode(v) : (v as string));

for (const file of ["p2.pkl", "p3.pkl", "p4.pkl", "p5.pkl", "p2_fortran.pkl", "p5_fortran.pkl", "py2/data_batch_1", "py2/test_batch"]) {
  test(`readPickle reads ${file} (a CIFAR-like batch) exactly`, () => {
    const want = expected[file];
    const v = readPickle(fixture(file));
    assert.ok(v instanceof PickleDict);
    const data = v.get("data");
    assert.ok(data instanceof NdArray);
    assert.equal(data.dtype, "uint8");
    assert.deepEqual(data.shape, [want.n, 3072]);
    assert.deepEqual(data.data, pixels(want.n, want.seed));
    assert.deepEqual(v.get("labels"), want.labels);
    assert.equal(text(v.get("batch_label")), want.batch_label);
    assert.deepEqual((v.get("filenames") as unknown[]).map(text), want.filenames);
  });
}

test("readPickle: Python 2 keys and strings are bytes (SHORT_BINSTRING), found by get() as text", () => {
  const v = readPickle(fixture("py2/data_batch_1")) as PickleDict;
  assert.ok(v.entries[0][0] instanceof Uint8Array);
  assert.deepEqual(v.keys(), ["data", "labels", "batch_label", "filenames"]);
  const meta = readPickle(fixture("py2/batches.meta")) as PickleDict;
  assert.deepEqual((meta.get("label_names") as unknown[]).map(text), expected.label_names);
  assert.equal(meta.get("num_cases_per_batch"), 10000);
});

test("readPickle: Python 3 meta holds str", () => {
  const meta = readPickle(fixture("meta_p3.pkl")) as PickleDict;
  assert.deepEqual(meta.get("label_names"), expected.label_names);
  assert.equal(meta.get("num_vis"), 3072);
});

test("readPickle: an int64 numpy array of labels", () => {
  const v = readPickle(fixture("p4_int64.pkl")) as PickleDict;
  const labels = v.get("labels");
  assert.ok(labels instanceof NdArray);
  assert.equal(labels.dtype, "int64");
  assert.deepEqual(labels.shape, [2]);
  assert.deepEqual(Array.from(labels.data as BigInt64Array), [8n, 4n]);
});

const hostile: Array<[string, RegExp]> = [
  ["os_system.pkl", /global 'posix\.system' is not allowed/],
  ["builtins_eval.pkl", /global 'builtins\.eval' is not allowed/],
  ["extra_object.pkl", /global 'fractions\.Fraction' is not allowed/],
  ["huge_length.pkl", /BINBYTES8 declares 4611686018427387904 bytes but only 4 are left/],
  ["huge_unicode.pkl", /BINUNICODE declares 4294967295 bytes but only 4 are left/],
  ["deep_marks.pkl", /nesting deeper than 64 levels/],
  ["deep_tuples.pkl", /nesting deeper than 64 levels/],
  ["f8_data.pkl", /numpy\.dtype\(str 'f8'\) is not allowed/],
  ["ndarray_reduce.pkl", /REDUCE on global numpy\.ndarray is not allowed/],
];
for (const [file, message] of hostile) {
  test(`readPickle refuses hostile/${file}`, () => {
    assert.throws(() => readPickle(fixture(`hostile/${file}`), { name: file }), (err: Error) => {
      assert.match(err.message, new RegExp(`^${file.replace(".", "\\.")}: `));
      assert.match(err.message, message);
      return true;
    });
  });
}

// Hand-made pickles for the opcodes and checks the fixtures do not reach.
const P2 = [0x80, 0x02];
const bytes = (...parts: Array<number | string | number[]>): Uint8Array => {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "number") out.push(p);
    else if (typeof p === "string") for (const c of p) out.push(c.charCodeAt(0));
    else for (const b of p) out.push(b);
  }
  return Uint8Array.from(out);
};

test("readPickle: scalars, tuples, lists, memo and protocol 0 opcodes", () => {
  // (None, True, False, -1, 300, 2**40 via LONG1, 1.5, 'hé', b'xy', [1, 2], memo copy of the list)
  const v = readPickle(
    bytes(
      P2,
      ...["(", "N", 0x88, 0x89, "J", [0xff, 0xff, 0xff, 0xff], "M", [0x2c, 0x01], 0x8a, 6, [0, 0, 0, 0, 0, 1], "G", [0x3f, 0xf8, 0, 0, 0, 0, 0, 0]],
      ...[0x8c, 3, 0x68, 0xc3, 0xa9],
      ...["C", 2, "xy"],
      ...["]", "q", 1, "(", "K", 1, "K", 2, "e", "h", 1, "t", "."],
    ),
  );
  assert.ok(v instanceof PickleTuple);
  assert.deepEqual(v.items.slice(0, 7), [null, true, false, -1, 300, 2 ** 40, 1.5]);
  assert.equal(v.items[7], "hé");
  assert.deepEqual(v.items[8], new Uint8Array([120, 121]));
  assert.deepEqual(v.items[9], [1, 2]);
  assert.equal(v.items[10], v.items[9]);
  // Protocol 0's INT / LIST / DICT / PUT / GET read; its quoted STRING is refused.
  const p0 = readPickle(bytes("(lp0\nI12\naI01\na(dp1\nI3\nI4\nsag0\na."));
  assert.ok(Array.isArray(p0));
  assert.deepEqual(p0.slice(0, 2), [12, true]);
  assert.deepEqual((p0[2] as PickleDict).entries, [[3, 4]]);
  assert.equal(p0[3], p0);
  assert.throws(() => readPickle(bytes("S'abc'\n.")), /opcode STRING is not allowed/);
});

test("readPickle: large ints become bigint, never lose digits", () => {
  const v = readPickle(bytes(P2, 0x8a, 9, [0, 0, 0, 0, 0, 0, 0, 0, 1], "."));
  assert.equal(v, 2n ** 64n);
  assert.equal(readPickle(bytes(P2, 0x8a, 1, [0xff], ".")), -1);
  assert.equal(readPickle(bytes(P2, 0x8a, 0, ".")), 0);
});

test("readPickle refuses objects, outside data, bad structure and truncation with the reason", () => {
  const cases: Array<[Uint8Array, RegExp]> = [
    [bytes(P2, "cnumpy\nndarray\n", ")", 0x81, "."), /opcode NEWOBJ is not allowed/],
    [bytes(P2, "N", 0x51, "."), /opcode BINPERSID is not allowed/],
    [bytes(P2, 0xff), /unknown opcode 0xff/],
    [bytes(P2, "N"), /ended without STOP/],
    [bytes(P2, "NN."), /STOP with values left on the stack/],
    [bytes(P2, "T", [0xff, 0xff, 0xff, 0xff], "."), /BINSTRING declares a negative length -1/],
    [bytes(P2, "h", 5, "."), /GET of memo entry 5, which was never stored/],
    [bytes(P2, "}", "N", "b", "."), /BUILD on dict/],
    [bytes(P2, "]", "N", "R", "."), /REDUCE on list of 0/],
    [bytes(P2, "}", "K", 1, "a", "."), /APPEND to dict/],
    [bytes(P2, "c_codecs\nencode\n", "X", [1, 0, 0, 0], "a", "X", [4, 0, 0, 0], "utf8", 0x86, "R", "."), /_codecs\.encode must be called as \(str, 'latin1'\)/],
    [bytes(P2, "cnumpy.core.multiarray\n_reconstruct\n", "N", 0x85, "R", "."), /must be called as numpy writes it/],
    [bytes(P2, "cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\nndarray\n", "K", 5, 0x85, "U", 1, "b", 0x87, "R", "."), /must be called as numpy writes it: \(ndarray, \(0,\), b'b'\)/],
    [bytes(P2, "cnumpy.core.multiarray\n_reconstruct\n", "c_codecs\nencode\n", "K", 0, 0x85, "U", 1, "b", 0x87, "R", "."), /must be called as numpy writes it/],
    [bytes(P2, "cnumpy\ndtype\n", "U", 2, "u1", "K", 1, "K", 1, 0x87, "R", "."), /numpy\.dtype must be called as numpy writes it: \('u1', False, True\), got bytes of length 2, int 1, int 1/],
    [bytes(P2, "cnumpy\ndtype\n", "U", 2, "O8", "K", 0, "K", 1, 0x87, "R", "."), /numpy\.dtype\(bytes of length 2\) is not allowed/],
    [bytes(P2, 0x8c, 5, "posix", 0x8c, 6, "system", 0x93, "."), /global 'posix\.system' is not allowed/],
    [bytes(P2, "X", [2, 0, 0, 0], [0xc3, 0x28], "."), /BINUNICODE: invalid UTF-8/],
    [bytes(0x80, 9), /protocol 9 is newer than 5/],
    [bytes(P2, "e"), /APPENDS without a MARK/],
  ];
  for (const [b, message] of cases) assert.throws(() => readPickle(b), message, String(message));
});

test("readPickle: dtype states of older numpy versions; structured dtypes refused", () => {
  // An int64 array [2] built with dtype states of versions 3, 2 (7 items) and 0 (5 items), big-endian too.
  const array = (state: Array<number | string | number[]>, data: number[]): Uint8Array =>
    bytes(
      P2,
      ...["cnumpy.core.multiarray\n_reconstruct\n", "cnumpy\nndarray\n", "K", 0, 0x85, "U", 1, "b", 0x87, "R"],
      ...["(", "K", 1, "K", 2, 0x85, "cnumpy\ndtype\n", "U", 2, "i8", "K", 0, "K", 1, 0x87, "R", ...state, "b"],
      ...[0x89, "U", 16, data, "t", "b", "."],
    );
  const le = [7, 0, 0, 0, 0, 0, 0, 0, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff];
  const be = [0, 0, 0, 0, 0, 0, 0, 7, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe];
  const v3 = ["(", "K", 3, "U", 1, "<", "N", "N", "N", "J", [0xff, 0xff, 0xff, 0xff], "J", [0xff, 0xff, 0xff, 0xff], "K", 0, "t"];
  const v2 = ["(", "K", 2, "U", 1, ">", "N", "N", "N", "K", 8, "K", 8, "t"];
  const v0 = ["(", "U", 1, "<", "N", "N", "K", 8, "K", 8, "t"];
  for (const [state, data] of [[v3, le], [v2, be], [v0, le]] as const) {
    const a = readPickle(array([...state], [...data]));
    assert.ok(a instanceof NdArray);
    assert.deepEqual(Array.from(a.data as BigInt64Array), [7n, -2n]);
  }
  const fields = ["(", "K", 3, "U", 1, "|", "N", "(", "U", 1, "a", "t", "}", "K", 8, "K", 1, "K", 0, "t"];
  assert.throws(() => readPickle(array(fields, le)), /numpy dtype state: only plain dtypes \(no fields, names, subarrays or metadata\), got tuple of 1/);
});

test("readPickle: a numpy array whose data does not match its shape is an error", () => {
  const p = fixture("p3.pkl");
  // Cut the array's BINBYTES short by rewriting the shape (2, 3072) to (3, 3072): the data no longer fits.
  const at = p.findIndex((b, i) => b === 0x4b && p[i + 1] === 2 && p[i + 2] === 0x4d && p[i + 3] === 0x00 && p[i + 4] === 0x0c);
  assert.ok(at > 0);
  const q = p.slice();
  q[at + 1] = 3;
  assert.throws(() => readPickle(q), /numpy array of shape \[3, 3072\] and dtype uint8 needs 9216 bytes, got 6144/);
});

test("readPickle: a dict of many keys reads in linear time; a repeated key keeps the last value", () => {
  const n = 200_000;
  const body: number[] = [];
  for (let i = 0; i < n; i++) body.push(0x4a, i & 255, (i >> 8) & 255, (i >> 16) & 255, 0, 0x4e);
  const d = readPickle(bytes(P2, "}", "(", body, "u", ".")) as PickleDict;
  assert.equal(d.entries.length, n);
  const twice = readPickle(bytes(P2, "}", "(", 0x8c, 1, "a", "K", 1, 0x8c, 1, "a", "K", 2, "u", ".")) as PickleDict;
  assert.deepEqual(twice.entries, [["a", 2]]);
});

test("readPickle: caps on the stack and memo", () => {
  const many = bytes(P2, "(", ...Array.from({ length: 20 }, () => "N"), "t", ".");
  assert.throws(() => readPickle(many, { maxStack: 10 }), /more than 10 values on the stack/);
  const memo = bytes(P2, "N", ...Array.from({ length: 20 }, (_, i) => [0x71, i]).flat(), ".");
  assert.throws(() => readPickle(memo, { maxMemo: 10 }), /more than 10 memo entries/);
  assert.equal(readPickle(memo), null);
});

test("describePickle names what it sees", () => {
  assert.equal(describePickle(new NdArray("uint8", [4, 3072], new Uint8Array(0))), "uint8 array [4, 3072]");
  assert.equal(describePickle([1, 2]), "list of 2");
  assert.equal(describePickle(new PickleTuple([])), "tuple of 0");
  assert.equal(describePickle("abc"), "str 'abc'");
  assert.equal(describePickle(7), "int 7");
  assert.equal(describePickle(new DType("int64")), "numpy dtype int64");
  assert.equal(describePickle(new PickleGlobal("numpy", "ndarray")), "global numpy.ndarray");
  assert.equal(describePickle(undefined), "nothing");
});
