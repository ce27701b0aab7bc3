import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { parseIdx, readIdx } from "../../src/data/idx.ts";

const TYPE_BYTES = { uint8: 0x08, int8: 0x09, int16: 0x0b, int32: 0x0c, float32: 0x0d, float64: 0x0e } as const;
const ITEMSIZE = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

/** Builds an IDX file by hand: magic, big-endian sizes, big-endian values. */
function idxBytes(dtype: keyof typeof TYPE_BYTES, shape: number[], values: number[]): Uint8Array {
  const size = ITEMSIZE[dtype];
  const out = new Uint8Array(4 + 4 * shape.length + size * values.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, TYPE_BYTES[dtype], shape.length]);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const at = 4 + 4 * shape.length;
  values.forEach((v, i) => {
    const o = at + i * size;
    if (dtype === "uint8") view.setUint8(o, v);
    else if (dtype === "int8") view.setInt8(o, v);
    else if (dtype === "int16") view.setInt16(o, v);
    else if (dtype === "int32") view.setInt32(o, v);
    else if (dtype === "float32") view.setFloat32(o, v);
    else view.setFloat64(o, v);
  });
  return out;
}

function withTempDir(fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), "backprop-idx-"));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("parseIdx decodes uint8 images with shape [2, 2, 3]", () => {
  const values = [0, 1, 2, 3, 4, 5, 250, 251, 252, 253, 254, 255];
  const idx = parseIdx(idxBytes("uint8", [2, 2, 3], values));
  assert.equal(idx.dtype, "uint8");
  assert.deepEqual(idx.shape, [2, 2, 3]);
  assert.ok(idx.data instanceof Uint8Array);
  assert.deepEqual(Array.from(idx.data), values);
});

test("parseIdx decodes every big-endian type", () => {
  const cases = [
    { dtype: "int8", values: [-128, -1, 0, 127], ctor: Int8Array },
    { dtype: "int16", values: [-32768, -2, 258, 32767], ctor: Int16Array },
    { dtype: "int32", values: [-2147483648, -3, 16909060, 2147483647], ctor: Int32Array },
    { dtype: "float32", values: [-1.5, 0, 0.25, 2 ** 40 + 2 ** 20], ctor: Float32Array },
    { dtype: "float64", values: [-1e-300, 0, Math.PI, 1e300], ctor: Float64Array },
  ] as const;
  for (const { dtype, values, ctor } of cases) {
    const idx = parseIdx(idxBytes(dtype, [2, 2], [...values]));
    assert.equal(idx.dtype, dtype);
    assert.deepEqual(idx.shape, [2, 2]);
    assert.ok(idx.data instanceof ctor, dtype);
    assert.deepEqual(Array.from(idx.data), [...values], dtype);
  }
});

test("parseIdx returns aligned fresh arrays even from an odd offset", () => {
  const file = idxBytes("float32", [3], [1, 2, 3]);
  const padded = new Uint8Array(file.length + 1);
  padded.set(file, 1);
  const idx = parseIdx(padded.subarray(1));
  assert.deepEqual(Array.from(idx.data), [1, 2, 3]);
  assert.equal(idx.data.byteOffset, 0);
});

test("parseIdx accepts gzip bytes", () => {
  const idx = parseIdx(gzipSync(idxBytes("int16", [3], [1, -2, 300])));
  assert.deepEqual(idx.shape, [3]);
  assert.deepEqual(Array.from(idx.data), [1, -2, 300]);
});

test("parseIdx accepts a dimension of size zero", () => {
  const idx = parseIdx(idxBytes("uint8", [0, 28, 28], []));
  assert.deepEqual(idx.shape, [0, 28, 28]);
  assert.equal(idx.data.length, 0);
});

test("readIdx reads plain and .gz files", () => {
  withTempDir((dir) => {
    const bytes = idxBytes("uint8", [4], [9, 8, 7, 6]);
    writeFileSync(join(dir, "labels-idx1-ubyte"), bytes);
    writeFileSync(join(dir, "labels-idx1-ubyte.gz"), gzipSync(bytes));
    for (const name of ["labels-idx1-ubyte", "labels-idx1-ubyte.gz"]) {
      const idx = readIdx(join(dir, name));
      assert.deepEqual(idx.shape, [4]);
      assert.deepEqual(Array.from(idx.data), [9, 8, 7, 6]);
    }
  });
});

test("readIdx: bad magic number is reported in hex with the file name", () => {
  const bytes = idxBytes("uint8", [1], [0]);
  bytes[0] = 0x12;
  bytes[1] = 0x34;
  assert.throws(() => parseIdx(bytes, "x.idx"), /^Error: readIdx: x\.idx: bad magic number 0x12340801/);
});

test("readIdx: unknown type byte", () => {
  const bytes = idxBytes("uint8", [1], [0]);
  bytes[2] = 0x07;
  assert.throws(() => parseIdx(bytes, "x.idx"), /^Error: readIdx: x\.idx: unknown type byte 0x07/);
});

test("readIdx: zero dimensions", () => {
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 0, 1, 2]), "x.idx"),
    /^Error: readIdx: x\.idx: number of dimensions is 0/);
});

test("readIdx: files too short for the magic or the sizes", () => {
  assert.throws(() => parseIdx(new Uint8Array([0, 0]), "x.idx"), /^Error: readIdx: x\.idx: file is too short/);
  assert.throws(() => parseIdx(new Uint8Array([0, 0, 8, 3, 0, 0, 0, 1]), "x.idx"),
    /^Error: readIdx: x\.idx: truncated header: 3 dimensions need 16 header bytes, got 8/);
});

test("readIdx: truncated data says how many bytes were expected and found", () => {
  const bytes = idxBytes("int32", [2, 3], [1, 2, 3, 4, 5, 6]);
  assert.throws(() => parseIdx(bytes.subarray(0, bytes.length - 5), "x.idx"),
    /^Error: readIdx: x\.idx: truncated file: shape \[2, 3\] of int32 needs 24 bytes of data, got 19/);
});

test("readIdx: a huge declared shape errors instead of allocating or hanging", () => {
  const bytes = idxBytes("float64", [0xffffffff, 0xffff], []);
  assert.throws(() => parseIdx(bytes, "x.idx"), /truncated file: .* got 0$/);
  const past = idxBytes("float64", [0xffffffff, 0xffffffff, 0xffffffff], []);
  assert.throws(() => parseIdx(past, "x.idx"), /has more than 2\^53 elements/);
});

test("readIdx: trailing garbage", () => {
  const bytes = idxBytes("uint8", [2], [1, 2]);
  const longer = new Uint8Array(bytes.length + 3);
  longer.set(bytes);
  assert.throws(() => parseIdx(longer, "x.idx"), /^Error: readIdx: x\.idx: trailing garbage: 3 bytes after the 2 bytes/);
});

test("readIdx: truncated gzip file", () => {
  withTempDir((dir) => {
    const gz = gzipSync(idxBytes("uint8", [100], Array.from({ length: 100 }, (_, i) => i)));
    const path = join(dir, "cut.gz");
    writeFileSync(path, gz.subarray(0, gz.length - 10));
    assert.throws(() => readIdx(path), (err: Error) =>
      err.message.startsWith(`readIdx: ${path}: gzip data is corrupt or truncated`));
  });
});

test("readIdx: truncated plain file names the file", () => {
  withTempDir((dir) => {
    const bytes = idxBytes("uint8", [10, 28, 28], new Array<number>(10 * 784).fill(1));
    const path = join(dir, "images-idx3-ubyte");
    writeFileSync(path, bytes.subarray(0, 1000));
    assert.throws(() => readIdx(path), (err: Error) =>
      err.message === `readIdx: ${path}: truncated file: shape [10, 28, 28] of uint8 needs 7840 bytes of data, got 984`);
  });
});

test("readIdx: missing file and directory", () => {
  withTempDir((dir) => {
    const missing = join(dir, "nope-idx1-ubyte");
    assert.throws(() => readIdx(missing), (err: Error) => err.message === `readIdx: ${missing}: file does not exist`);
    assert.throws(() => readIdx(dir), (err: Error) => err.message === `readIdx: ${dir}: not a regular file`);
  });
});

test("parseIdx reads gzip bytes of every size across the inflater's pieces, the same as the plain bytes", () => {
  for (const n of [0, 1, 3, 5, 70_000, 300_001]) {
    const values = Array.from({ length: n }, (_, i) => ((i * 7919) ^ (i >> 9)) & 0xff);
    const plain = idxBytes("uint8", [n], values);
    const idx = parseIdx(gzipSync(plain, { level: 1 }));
    assert.deepEqual(idx.shape, [n]);
    assert.deepEqual(idx.data, parseIdx(plain).data, `n = ${n}`);
  }
});

test("readIdx: a gzip file whose header declares more than maxBytes is refused after its header", () => {
  // 47 GB declared, a megabyte of zeros present: refused once the header is out, nothing big allocated
  const header = idxBytes("uint8", [60_000_000, 28, 28], []);
  const gz = gzipSync(Buffer.concat([header, new Uint8Array(1 << 20)]));
  assert.throws(() => parseIdx(gz, "bomb.gz"), (err: Error) => err.message ===
    "readIdx: bomb.gz: shape [60000000, 28, 28] of uint8 needs 47040000016 bytes inflated, more than maxBytes = 1073741824 " +
    "(pass a larger maxBytes to read it)");
  const small = gzipSync(idxBytes("uint8", [2000], new Array<number>(2000).fill(3)));
  assert.throws(() => parseIdx(small, "x.gz", { maxBytes: 1000 }), /^Error: readIdx: x\.gz: shape \[2000\] of uint8 needs 2008 bytes inflated, more than maxBytes = 1000/);
  assert.equal(parseIdx(small, "x.gz", { maxBytes: 2008 }).data.length, 2000);
  assert.throws(() => parseIdx(small, "x.gz", { maxBytes: -1 }), /^Error: readIdx: maxBytes must be a number >= 0, got -1/);
});

test("readIdx: a gzip file too small to hold what its header declares is refused before inflating the rest", () => {
  const gz = gzipSync(idxBytes("uint8", [512, 1024, 1024], new Array<number>(4096).fill(0)));
  assert.throws(() => parseIdx(gz, "x.gz"), (err: Error) =>
    err.message.startsWith("readIdx: x.gz: truncated file: shape [512, 1024, 1024] of uint8 needs 536870928 bytes, more than ") &&
    err.message.endsWith(" bytes of gzip data can hold"));
});

test("readIdx: gzip data that inflates past the declared size is trailing garbage", () => {
  const bytes = idxBytes("uint8", [2], [1, 2]);
  const gz = gzipSync(Buffer.concat([bytes, new Uint8Array(5)]));
  assert.throws(() => parseIdx(gz, "x.gz"),
    /^Error: readIdx: x\.gz: trailing garbage: the gzip data inflates to more than the 10 bytes its IDX header declares/);
});

test("readIdx: a gzip trailer whose CRC-32 or length does not match, and a bad gzip header, are corrupt", () => {
  const gz = gzipSync(idxBytes("uint8", [4], [1, 2, 3, 4]));
  for (const at of [gz.length - 8, gz.length - 1]) {
    const bad = Uint8Array.from(gz);
    bad[at] ^= 0x01;
    assert.throws(() => parseIdx(bad, "x.gz"), /^Error: readIdx: x\.gz: gzip data is corrupt or truncated \(its CRC-32 or length does not match/);
  }
  const method = Uint8Array.from(gz);
  method[2] = 7;
  assert.throws(() => parseIdx(method, "x.gz"), /^Error: readIdx: x\.gz: gzip data is corrupt or truncated \(compression method 7/);
  const flags = Uint8Array.from(gz);
  flags[3] = 0x20;
  assert.throws(() => parseIdx(flags, "x.gz"), /reserved header flags 0x20 are set/);
  assert.throws(() => parseIdx(gz.subarray(0, 9), "x.gz"), /the gzip header runs past the end/);
  assert.throws(() => parseIdx(gz.subarray(0, 15), "x.gz"), /gzip data is corrupt or truncated/);
});

test("readIdx: gzip data holding something other than IDX fails on its magic number", () => {
  assert.throws(() => parseIdx(gzipSync(new TextEncoder().encode("hello, world")), "x.gz"),
    /^Error: readIdx: x\.gz: bad magic number 0x68656C6C/);
});

test("readIdx: a dimension product that overflows is an error before any allocation", () => {
  const huge = 0xffffffff;
  // 40 dims of 2^32-1 then a 0: the product was Infinity * 0 = NaN, which slipped past the size checks
  const nan = idxBytes("uint8", [...new Array(40).fill(huge), 0], []);
  assert.throws(() => parseIdx(nan, "x.idx"),
    /^Error: readIdx: x\.idx: shape \[4294967295, 4294967295, .*\(41 dims\)\] has more than 2\^53 elements/);
  assert.throws(() => parseIdx(gzipSync(nan), "x.idx.gz"), /readIdx: x\.idx\.gz: shape .* has more than 2\^53 elements/);
  // Infinity, and a finite product past 2^53 bytes
  const inf = idxBytes("float64", new Array(200).fill(huge), []);
  assert.throws(() => parseIdx(inf, "x.idx"), /has more than 2\^53 elements|more than 2\^53 bytes/);
  assert.throws(() => parseIdx(idxBytes("float64", [2 ** 26, 2 ** 25], []), "x.idx"),
    /^Error: readIdx: x\.idx: shape \[67108864, 33554432\] of float64 needs more than 2\^53 bytes/);
  assert.throws(() => parseIdx(gzipSync(idxBytes("float64", [2 ** 26, 2 ** 25], [])), "x.gz"), /needs more than 2\^53 bytes/);
  // a product just under 2^53 stays a plain size error
  assert.throws(() => parseIdx(idxBytes("uint8", [2 ** 26, 2 ** 26], []), "x.idx"), /truncated file/);
});
