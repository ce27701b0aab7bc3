import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { cifar10, CIFAR10 } from "../../src/datasets/cifar10.ts";
import { DataLoader } from "../../src/data/dataloader.ts";
import { tar, type Entry } from "../helpers/tar.ts";

// The python version: Python 2 cPickle-style batches from test/fixtures/gen_cifar_pickles.py.
const DIR = join(import.meta.dirname, "../fixtures/cifar");
const expected = JSON.parse(readFileSync(join(DIR, "expected.json"), "utf8")) as Record<string, { n: number; seed: number; labels: number[] }> & {
  label_names: string[];
};
const PY_FILES = ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5", "test_batch", "batches.meta"];
const pyFile = (name: string): Uint8Array => new Uint8Array(readFileSync(join(DIR, "py2", name)));

function pixels(n: number, seed: number): Uint8Array {
  const out = new Uint8Array(n * 3072);
  for (let i = 0; i < n; i++) for (let j = 0; j < 3072; j++) out[i * 3072 + j] = (i * 131 + j * 7 + seed) % 256;
  return out;
}

// The binary version, written here: batch k holds k images (label (k + i) % 10), the test batch 3.
const BIN_COUNTS: Record<string, number> = { data_batch_1: 1, data_batch_2: 2, data_batch_3: 3, data_batch_4: 4, data_batch_5: 5, test_batch: 3 };
const binLabels = (name: string): number[] => Array.from({ length: BIN_COUNTS[name] }, (_, i) => (i + (name === "test_batch" ? 7 : Number(name.slice(-1)))) % 10);
const binSeed = (name: string): number => (name === "test_batch" ? 77 : 50 + Number(name.slice(-1)));
function binFile(name: string): Uint8Array {
  const labels = binLabels(name);
  const px = pixels(labels.length, binSeed(name));
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => {
    out[i * 3073] = l;
    out.set(px.subarray(i * 3072, (i + 1) * 3072), i * 3073 + 1);
  });
  return out;
}
const BIN_META = expected.label_names.join("\n") + "\n\n";

const pyEntries = (): Entry[] => [{ name: "cifar-10-batches-py/", type: "5" }, ...PY_FILES.map((f) => ({ name: `cifar-10-batches-py/${f}`, data: pyFile(f) }))];
const binEntries = (): Entry[] => [
  { name: "cifar-10-batches-bin/", type: "5" },
  ...Object.keys(BIN_COUNTS).map((f) => ({ name: `cifar-10-batches-bin/${f}.bin`, data: binFile(f) })),
  { name: "cifar-10-batches-bin/batches.meta.txt", data: BIN_META },
  { name: "cifar-10-batches-bin/readme.html", data: "<html></html>" },
];

/** What a split should hold: the batches' pixels one after the other, as float32. */
function expectPython(ds: CIFAR10, train: boolean): void {
  const names = train ? PY_FILES.slice(0, 5) : ["test_batch"];
  const want = names.map((n) => expected[`py2/${n}`]);
  const n = want.reduce((a, w) => a + w.n, 0);
  assert.ok(ds instanceof CIFAR10);
  assert.equal(ds.length, n);
  assert.deepEqual(ds.images.shape, [n, 3, 32, 32]);
  assert.equal(ds.images.dtype, "float32");
  assert.equal(ds.labels.dtype, "int32");
  assert.deepEqual(Array.from(ds.labels.data), want.flatMap((w) => w.labels));
  const px = new Float32Array(n * 3072);
  let at = 0;
  for (const w of want) {
    px.set(pixels(w.n, w.seed), at);
    at += w.n * 3072;
  }
  assert.deepEqual(ds.images.data, px);
  assert.deepEqual(ds.classes, expected.label_names);
}

function expectBinary(ds: CIFAR10, train: boolean): void {
  const names = train ? ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"] : ["test_batch"];
  const n = names.reduce((a, f) => a + BIN_COUNTS[f], 0);
  assert.equal(ds.length, n);
  assert.deepEqual(ds.images.shape, [n, 3, 32, 32]);
  assert.deepEqual(Array.from(ds.labels.data), names.flatMap(binLabels));
  const px = new Float32Array(n * 3072);
  let at = 0;
  for (const f of names) {
    px.set(pixels(BIN_COUNTS[f], binSeed(f)), at);
    at += BIN_COUNTS[f] * 3072;
  }
  assert.deepEqual(ds.images.data, px);
  assert.deepEqual(ds.classes, expected.label_names);
}

function withDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "cifar10-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("cifar10 reads the python tar.gz straight from the archive (bytes and path), train and test", () => {
  const gz = gzipSync(tar(pyEntries()));
  expectPython(cifar10({ archive: gz, verbose: false }), true);
  expectPython(cifar10({ archive: gz.buffer.slice(gz.byteOffset, gz.byteOffset + gz.length) as ArrayBuffer, train: false }), false);
  withDir((dir) => {
    const file = join(dir, "cifar-10-python.tar.gz");
    writeFileSync(file, gz);
    expectPython(cifar10({ archive: file }), true);
    expectPython(cifar10({ archive: file, train: false }), false);
  });
});

test("cifar10 reads the binary tar.gz and a plain .tar", () => {
  const raw = tar(binEntries());
  expectBinary(cifar10({ archive: gzipSync(raw) }), true);
  expectBinary(cifar10({ archive: raw, train: false }), false);
});

test("cifar10 reads a root holding cifar-10-batches-py/ or -bin/, or that folder itself", () => {
  withDir((dir) => {
    const py = join(dir, "py", "cifar-10-batches-py");
    mkdirSync(py, { recursive: true });
    for (const f of PY_FILES) writeFileSync(join(py, f), pyFile(f));
    expectPython(cifar10({ root: join(dir, "py") }), true);
    expectPython(cifar10({ root: py, train: false }), false);
    const bin = join(dir, "bin", "cifar-10-batches-bin");
    mkdirSync(bin, { recursive: true });
    for (const f of Object.keys(BIN_COUNTS)) writeFileSync(join(bin, `${f}.bin`), binFile(f));
    writeFileSync(join(bin, "batches.meta.txt"), BIN_META);
    expectBinary(cifar10({ root: join(dir, "bin") }), true);
    expectBinary(cifar10({ root: bin, train: false }), false);
  });
});

test("cifar10: get(i) is [image [3, 32, 32], label]; DataLoader batches it", () => {
  const ds = cifar10({ archive: tar(binEntries()) });
  const [image, label] = ds.get(2);
  assert.deepEqual(image.shape, [3, 32, 32]);
  assert.deepEqual(label.shape, []);
  assert.equal(label.item(), binLabels("data_batch_2")[1]);
  // Image 2 is data_batch_2's second: its red plane's first pixel, its blue plane's last.
  const px = pixels(2, binSeed("data_batch_2"));
  assert.equal(image.data[0], px[3072]);
  assert.equal(image.data[3071], px[2 * 3072 - 1]);
  const batches = [...new DataLoader(ds, { batchSize: 4 })];
  assert.equal(batches.length, 4);
  assert.deepEqual(batches[0][0].shape, [4, 3, 32, 32]);
  assert.deepEqual(batches[3][1].shape, [3]);
});

test("cifar10: missing pieces and wrong options are clear errors", () => {
  assert.throws(() => cifar10({}), /cifar10: give exactly one of root \(a folder\) or archive/);
  assert.throws(() => cifar10({ root: "x", archive: new Uint8Array(1) }), /give exactly one of root/);
  withDir((dir) => {
    assert.throws(() => cifar10({ root: dir }), /cifar10: .*: no CIFAR-10 batches found \(looked for cifar-10-batches-py\/ and cifar-10-batches-bin\//);
    const py = join(dir, "cifar-10-batches-py");
    mkdirSync(py);
    for (const f of PY_FILES) if (f !== "data_batch_3") writeFileSync(join(py, f), pyFile(f));
    assert.throws(() => cifar10({ root: dir }), /cifar10: .*data_batch_3: file does not exist \(the python version needs data_batch_1, /);
    expectPython(cifar10({ root: dir, train: false }), false);
    rmSync(join(py, "test_batch"));
    assert.throws(() => cifar10({ root: dir, train: false }), /cifar10: .*test_batch: file does not exist \(the python version needs test_batch, batches\.meta\)/);
  });
  const noTest = pyEntries().filter((e) => !e.name.endsWith("test_batch"));
  assert.throws(() => cifar10({ archive: gzipSync(tar(noTest)), train: false }), /cifar10: archive: the archive lacks CIFAR-10's test batches \(the python version needs test_batch, batches\.meta; .*found cifar-10-batches-py\/batches\.meta\)/);
  assert.throws(() => cifar10({ archive: "/nonexistent/cifar-10-python.tar.gz" }), /cifar10: \/nonexistent\/cifar-10-python\.tar\.gz: file does not exist/);
});

test("cifar10: corrupt or hostile batches inside the archive fail naming the batch", () => {
  const withBatch = (data: Uint8Array): Uint8Array =>
    tar(pyEntries().map((e) => (e.name.endsWith("data_batch_4") ? { ...e, data } : e)));
  const evil = new Uint8Array(readFileSync(join(DIR, "hostile/os_system.pkl")));
  assert.throws(() => cifar10({ archive: withBatch(evil) }), /^Error: cifar10: data_batch_4: global 'posix\.system' is not allowed/);
  const extra = new Uint8Array(readFileSync(join(DIR, "hostile/extra_key.pkl")));
  assert.throws(() => cifar10({ archive: withBatch(extra) }), /cifar10: data_batch_4: unexpected key 'extra'/);
  const bin = tar(binEntries().map((e) => (e.name.endsWith("data_batch_2.bin") ? { ...e, data: binFile("data_batch_2").subarray(0, 4000) } : e)));
  assert.throws(() => cifar10({ archive: bin }), { message: "cifar10: data_batch_2.bin: length 4000 is not a multiple of the record size 3073 (1 label byte + 3072 pixels)" });
  const runsPast = tar([{ name: "cifar-10-batches-py/data_batch_1", data: pyFile("data_batch_1"), size: 100_000 }], { end: false });
  const huge = tar([{ name: "cifar-10-batches-py/data_batch_1", data: pyFile("data_batch_1"), size: 100_000_000 }], { end: false });
  assert.throws(() => cifar10({ archive: gzipSync(huge) }), /cifar10: archive: entry 'cifar-10-batches-py\/data_batch_1' declares 100000000 bytes, more than the 67108864 allowed/);
  assert.throws(() => cifar10({ archive: gzipSync(runsPast) }), /cifar10: archive: entry 'cifar-10-batches-py\/data_batch_1' declares 100000 bytes but the archive ends after/);
});
