import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseCifarBinary, parseCifarMeta, parseCifarMetaText, parseCifarPickle } from "../../src/data/cifar.ts";

const DIR = join(import.meta.dirname, "../fixtures/cifar");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, { n: number; seed: number; labels: number[]; batch_label: string; filenames: string[] }> & {
  label_names: string[];
};
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, name)));
function pixels(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * 3072);
  for (let i = 0; i < n; i++) for (let j = 0; j < 3072; j++) out[i * 3072 + j] = (i * 131 + j * 7 + seed) % 256;
  return out;
}

/** A binary batch: per image a label byte then its 3072 pixels. */
function binaryBatch(labels: number[], seed: number): Uint8Array {
  const px = pixels(labels.length, seed);
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => {
    out[i * 3073] = l;
    out.set(px.subarray(i * 3072, (i + 1) * 3072), i * 3073 + 1);
  });
  return out;
}

test("parseCifarBinary reads records of a label byte and 3072 pixels", () => {
  const b = parseCifarBinary(binaryBatch([6, 9, 0], 5), "data_batch_1.bin");
  assert.equal(b.n, 3);
  assert.deepEqual(Array.from(b.labels), [6, 9, 0]);
  assert.deepEqual(b.images, pixels(3, 5));
  assert.equal(parseCifarBinary(new Uint8Array(0), "empty.bin").n, 0);
});

test("parseCifarBinary: a length not a multiple of 3073, or a label above 9, is an error naming the file", () => {
  const bytes = binaryBatch([1, 2], 0);
  assert.throws(() => parseCifarBinary(bytes.subarray(0, 5000), "data_batch_3.bin"), {
    message: "cifar10: data_batch_3.bin: length 5000 is not a multiple of the record size 3073 (1 label byte + 3072 pixels)",
  });
  bytes[3073] = 10;
  assert.throws(() => parseCifarBinary(bytes, "test_batch.bin"), { message: "cifar10: test_batch.bin: record 1 has label 10; CIFAR-10 labels are 0..9" });
});

test("parseCifarMetaText: ten names, one a line", () => {
  assert.deepEqual(parseCifarMetaText(new TextEncoder().encode(expected.label_names.join("\n") + "\n\n")), expected.label_names);
  assert.throws(() => parseCifarMetaText("cat\ndog\n"), /batches\.meta\.txt: expected 10 class names, one a line, got 2/);
});

for (const file of ["p2.pkl", "p3.pkl", "p4.pkl", "p5.pkl", "p2_fortran.pkl", "p5_fortran.pkl", "p4_int64.pkl", "p3_byteskeys.pkl", "py2/data_batch_1", "py2/test_batch"]) {
  test(`parseCifarPickle reads ${file}`, () => {
    const want = expected[file];
    const b = parseCifarPickle(fixture(file), file);
    assert.equal(b.n, want.n);
    assert.deepEqual(b.images, pixels(want.n, want.seed));
    assert.deepEqual(Array.from(b.labels), want.labels);
    assert.equal(b.batchLabel, want.batch_label);
    assert.deepEqual(b.filenames, want.filenames);
  });
}

test("parseCifarMeta: label_names from Python 2 and Python 3 pickles", () => {
  assert.deepEqual(parseCifarMeta(fixture("py2/batches.meta")), expected.label_names);
  assert.deepEqual(parseCifarMeta(fixture("meta_p3.pkl")), expected.label_names);
  assert.throws(() => parseCifarMeta(fixture("p3.pkl"), "batches.meta"), /cifar10: batches\.meta: unexpected key 'batch_label'/);
});

test("parseCifarPickle refuses anything but CIFAR's structure, naming the file and what it found", () => {
  assert.throws(() => parseCifarPickle(fixture("hostile/os_system.pkl"), "data_batch_1"), /^Error: cifar10: data_batch_1: global 'posix\.system' is not allowed/);
  assert.throws(() => parseCifarPickle(fixture("hostile/extra_object.pkl"), "data_batch_2"), /cifar10: data_batch_2: global 'fractions\.Fraction' is not allowed/);
  assert.throws(() => parseCifarPickle(fixture("hostile/extra_key.pkl"), "data_batch_3"), {
    message: "cifar10: data_batch_3: unexpected key 'extra' (a CIFAR-10 batch holds 'data', 'labels', 'batch_label', 'filenames')",
  });
  assert.throws(() => parseCifarPickle(fixture("meta_p3.pkl"), "data_batch_4"), /cifar10: data_batch_4: unexpected key 'num_cases_per_batch'/);
  assert.throws(() => parseCifarPickle(fixture("hostile/huge_length.pkl"), "test_batch"), /cifar10: test_batch: BINBYTES8 declares/);
  // A list instead of the dict; a dict whose data is a list; labels out of range; a short label list.
  const P3 = [0x80, 0x03];
  const pickle = (...b: Array<number | string>): Uint8Array => Uint8Array.from(b.flatMap((x) => (typeof x === "string" ? Array.from(x, (c) => c.charCodeAt(0)) : [x])));
  assert.throws(() => parseCifarPickle(pickle(...P3, "]", "."), "data_batch_5"), { message: "cifar10: data_batch_5: expected a dict, got list of 0" });
  const dict = (data: Array<number | string>, labels: Array<number | string>): Uint8Array =>
    pickle(...P3, "}", "(", 0x8c, 4, "data", ...data, 0x8c, 6, "labels", ...labels, "u", ".");
  assert.throws(() => parseCifarPickle(dict(["]"], ["]"]), "data_batch_1"), {
    message: "cifar10: data_batch_1: 'data' must be a uint8 array of shape [N, 3072], got list of 0",
  });
  const real = parseCifarPickle(fixture("p3.pkl"), "p3");
  assert.equal(real.n, 2);
  // Swap the label list [3, 9] for [3, 12]: BININT1 9 -> 12.
  const p3 = fixture("p3.pkl");
  const at = p3.findIndex((b, i) => b === 0x4b && p3[i + 1] === 3 && p3[i + 2] === 0x4b && p3[i + 3] === 9);
  assert.ok(at > 0);
  const bad = p3.slice();
  bad[at + 3] = 12;
  assert.throws(() => parseCifarPickle(bad, "data_batch_1"), { message: "cifar10: data_batch_1: 'labels'[1] must be an int 0..9, got int 12" });
  // Drop one label: K 3 K 9 -> K 3 N (None), then the list holds a None.
  const none = p3.slice();
  none[at + 2] = 0x4e;
  none[at + 3] = 0x4e;
  assert.throws(() => parseCifarPickle(none, "data_batch_1"), /cifar10: data_batch_1: 'labels' holds 3 labels for 2 images|'labels'\[1\] must be an int 0\.\.9, got None/);
});
