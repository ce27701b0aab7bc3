/*
 * The fuzz targets: one per reader, each a generator of hostile inputs built from small valid files
 * (made here, or the committed fixtures) and the check of what the reader returns. The tests in
 * test/fuzz/<reader>.test.ts assert them with a fixed seed; bench/fuzz.ts runs them with random seeds
 * for as long as asked. One place per property: both import them from here.
 */
import fc from "fast-check";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync, zlibSync } from "fflate";
import { parseSafetensors, serializeSafetensors, type SafetensorsContents, type SafetensorsTensor } from "../../src/io/safetensors.ts";
import { load } from "../../src/io/checkpoint.ts";
import { parseIdx, type IdxArray } from "../../src/data/idx.ts";
import { loadMnistIdx, type MnistData } from "../../src/datasets/mnist.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { INTERESTING, mutatedBytes, shapeProblem, type FuzzTarget } from "./_fuzz.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures");

/** A folder for the targets that read files; removed when the process exits. */
let scratch: string | null = null;
function scratchDir(): string {
  if (scratch === null) {
    const dir = mkdtempSync(join(tmpdir(), "backprop-fuzz-"));
    scratch = dir;
    process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
  }
  return scratch;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// safetensors

const SAFETENSORS_SAMPLE: Record<string, SafetensorsTensor> = {
  "fc1.weight": { dtype: "float32", shape: [2, 3], data: new Float32Array([1, -2, 3.5, 0, 1e-8, -7]) },
  "fc1.bias": { dtype: "float64", shape: [3], data: new Float64Array([Math.PI, -Math.E, 1e300]) },
  step: { dtype: "int32", shape: [], data: new Int32Array([42]) },
  mask: { dtype: "bool", shape: [2, 1], data: new Uint8Array([1, 0]) },
  empty: { dtype: "float32", shape: [0, 4], data: new Float32Array(0) },
};

/** Small valid safetensors files: several dtypes, a scalar, an empty tensor, with and without metadata. */
export const SAFETENSORS_SEEDS: readonly Uint8Array[] = [
  serializeSafetensors(SAFETENSORS_SAMPLE, { format: "pt", note: "fuzz" }),
  serializeSafetensors({ w: SAFETENSORS_SAMPLE["fc1.weight"] }),
  serializeSafetensors({}),
];

/** A safetensors file from header text and data bytes (header padded with spaces to 8). */
export function safetensorsBytes(headerJson: string, data: Uint8Array = new Uint8Array(0)): Uint8Array {
  const json = new TextEncoder().encode(headerJson);
  const length = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + length + data.length).fill(0x20, 8, 8 + length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length), true);
  out.set(json, 8);
  out.set(data, 8 + length);
  return out;
}

/** JSON number tokens that break size arithmetic (some are not integers, some overflow a double). */
const NUMBER_TOKENS = ["-1", "0", "1", "2", "3", "4", "24", "1.5", "1e400", "-0", "2e9", "4294967296", "9007199254740993", "1099511627776", '"2"', "null", "true", "[]", "{}"];

const entryText = fc
  .record({
    name: fc.oneof(fc.constantFrom("w", "b", "__proto__", "constructor", "__metadata__", "", "a\\u0000b", "x".repeat(300)), fc.string({ maxLength: 8 })),
    dtype: fc.constantFrom('"F32"', '"F64"', '"I32"', '"BOOL"', '"F16"', '"BF16"', '"U8"', '"f32"', '""', "5", "null"),
    shape: fc.array(fc.oneof(fc.constantFrom(...NUMBER_TOKENS), fc.constantFrom(...INTERESTING.map(String))), { maxLength: 5 }),
    begin: fc.oneof(fc.constantFrom(...NUMBER_TOKENS), fc.nat({ max: 64 }).map(String)),
    end: fc.oneof(fc.constantFrom(...NUMBER_TOKENS), fc.nat({ max: 64 }).map(String)),
    extraKey: fc.option(fc.constantFrom('"dtype": "F32"', '"shape": []', '"data_offsets": [0, 0]', '"x": 1'), { nil: undefined, freq: 8 }),
  })
  .map((e) => {
    const extra = e.extraKey === undefined ? "" : `, ${e.extraKey}`;
    return `${JSON.stringify(e.name)}: {"dtype": ${e.dtype}, "shape": [${e.shape.join(", ")}], "data_offsets": [${e.begin}, ${e.end}]${extra}}`;
  });

/** Headers written field by field with absurd values: shapes, offsets, dtypes, names, nesting. */
const safetensorsHeaderEdits: fc.Arbitrary<Uint8Array> = fc
  .record({
    entries: fc.array(entryText, { maxLength: 4 }),
    metadata: fc.option(fc.constantFrom('{"format": "pt"}', '{"__proto__": "x"}', '{"a": 1}', '{"a": "1", "a": "2"}', '"text"', "[]", "null"), { nil: undefined }),
    nesting: fc.constantFrom(0, 0, 0, 3, 20, 5000),
    data: fc.uint8Array({ maxLength: 64 }),
  })
  .map(({ entries, metadata, nesting, data }) => {
    const parts = [...entries];
    if (metadata !== undefined) parts.push(`"__metadata__": ${metadata}`);
    if (nesting > 0) parts.push(`"deep": ${"[".repeat(nesting)}${"]".repeat(nesting)}`);
    return safetensorsBytes(`{${parts.join(", ")}}`, data);
  });

const DTYPE_CLASS = { float32: Float32Array, float64: Float64Array, int32: Int32Array, bool: Uint8Array } as const;

function safetensorsProblem(out: SafetensorsContents): string | null {
  for (const [name, t] of Object.entries(out.tensors)) {
    if (!(t.data instanceof DTYPE_CLASS[t.dtype])) return `tensor ${JSON.stringify(name)} of dtype ${t.dtype} holds a ${t.data.constructor.name}`;
    const wrong = shapeProblem(t.shape, t.data.length);
    if (wrong !== null) return `tensor ${JSON.stringify(name)}: ${wrong}`;
  }
  for (const [key, v] of Object.entries(out.metadata)) if (typeof v !== "string") return `metadata ${JSON.stringify(key)} is a ${typeof v}`;
  return null;
}

/** safetensors bytes: `io.parseSafetensors`. */
export const safetensorsTarget: FuzzTarget<Uint8Array, SafetensorsContents> = {
  name: "safetensors",
  input: fc.oneof({ arbitrary: mutatedBytes(SAFETENSORS_SEEDS), weight: 3 }, { arbitrary: safetensorsHeaderEdits, weight: 2 }),
  run: (bytes) => parseSafetensors(bytes, "fuzz.safetensors"),
  check: safetensorsProblem,
  prefixes: ["safetensors: fuzz.safetensors: "],
};

/** A checkpoint file (`bp.load`): the same inputs, read from disk into Tensors. */
export const checkpointTarget: FuzzTarget<Uint8Array, Record<string, Tensor>> = {
  name: "checkpoint",
  input: safetensorsTarget.input,
  run: (bytes) => {
    const path = join(scratchDir(), "checkpoint.safetensors");
    writeFileSync(path, bytes);
    return load(path);
  },
  check: (out) => {
    for (const [name, t] of Object.entries(out)) {
      if (!(t instanceof Tensor)) return `${JSON.stringify(name)} is not a Tensor`;
      const wrong = shapeProblem(t.shape, t.data.length);
      if (wrong !== null) return `${JSON.stringify(name)}: ${wrong}`;
    }
    return null;
  },
  prefixes: ["safetensors: "],
};

// ---------------------------------------------------------------------------------------------
// IDX

/** An IDX file of any type byte: magic, big-endian sizes, then `data` as given. */
export function idxBytes(typeByte: number, shape: readonly number[], data: Uint8Array): Uint8Array {
  const head = new Uint8Array(4 + 4 * shape.length);
  head.set([0, 0, typeByte, shape.length]);
  const view = new DataView(head.buffer);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d >>> 0));
  return concat(head, data);
}

function bigEndian(kind: "i16" | "i32" | "f32" | "f64", values: number[]): Uint8Array {
  const size = kind === "i16" ? 2 : kind === "f64" ? 8 : 4;
  const out = new Uint8Array(values.length * size);
  const v = new DataView(out.buffer);
  values.forEach((x, i) => {
    if (kind === "i16") v.setInt16(i * 2, x);
    else if (kind === "i32") v.setInt32(i * 4, x);
    else if (kind === "f32") v.setFloat32(i * 4, x);
    else v.setFloat64(i * 8, x);
  });
  return out;
}

const IDX_PLAIN: readonly Uint8Array[] = [
  idxBytes(0x08, [3, 2, 2], Uint8Array.from({ length: 12 }, (_, i) => i * 20)),
  idxBytes(0x08, [4], new Uint8Array([0, 9, 3, 7])),
  idxBytes(0x09, [2, 2], new Uint8Array([0x80, 0x7f, 1, 0xff])),
  idxBytes(0x0b, [3], bigEndian("i16", [-300, 0, 300])),
  idxBytes(0x0c, [2, 1], bigEndian("i32", [-1, 2 ** 31 - 1])),
  idxBytes(0x0d, [2], bigEndian("f32", [0.5, -2])),
  idxBytes(0x0e, [1, 2], bigEndian("f64", [Math.PI, 1e-300])),
  idxBytes(0x08, [0, 28, 28], new Uint8Array(0)),
];

/** Small valid IDX files, plain and gzip-compressed, of every type. */
export const IDX_SEEDS: readonly Uint8Array[] = [...IDX_PLAIN, ...IDX_PLAIN.slice(0, 4).map((b) => gzipSync(b))];

/** Headers with absurd sizes and type bytes (plain, or gzip-compressed), followed by a little data. */
const idxHeaderEdits: fc.Arbitrary<Uint8Array> = fc
  .record({
    type: fc.constantFrom(0x08, 0x09, 0x0b, 0x0c, 0x0d, 0x0e, 0x00, 0x0a, 0xff),
    shape: fc.array(fc.oneof(fc.constantFrom(...INTERESTING.filter((v) => v < 2 ** 32)), fc.nat({ max: 8 })), { minLength: 0, maxLength: 6 }),
    ndimOverride: fc.option(fc.constantFrom(0, 1, 3, 64, 255), { nil: undefined }),
    data: fc.uint8Array({ maxLength: 48 }),
    gzip: fc.boolean(),
  })
  .map(({ type, shape, ndimOverride, data, gzip }) => {
    const raw = idxBytes(type, shape, data);
    if (ndimOverride !== undefined) raw[3] = ndimOverride;
    return gzip ? gzipSync(raw) : raw;
  });

const IDX_CLASS = { uint8: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array } as const;

function idxProblem(out: IdxArray): string | null {
  if (!(out.data instanceof IDX_CLASS[out.dtype])) return `dtype ${out.dtype} holds a ${out.data.constructor.name}`;
  if (out.shape.length === 0) return "no dimensions";
  return shapeProblem(out.shape, out.data.length);
}

/** IDX bytes, plain or gzip: `data.parseIdx` (with a 1 MB inflate cap, so a bomb is cheap to refuse). */
export const idxTarget: FuzzTarget<Uint8Array, IdxArray> = {
  name: "idx",
  input: fc.oneof({ arbitrary: mutatedBytes(IDX_SEEDS), weight: 3 }, { arbitrary: idxHeaderEdits, weight: 2 }),
  run: (bytes) => parseIdx(bytes, "fuzz.idx", { maxBytes: 1 << 20 }),
  check: idxProblem,
  prefixes: ["readIdx: fuzz.idx: "],
};

// ---------------------------------------------------------------------------------------------
// MNIST folder

const MNIST_IMAGES = idxBytes(0x08, [2, 28, 28], Uint8Array.from({ length: 2 * 784 }, (_, i) => (i * 7) % 256));
const MNIST_LABELS = idxBytes(0x08, [2], new Uint8Array([3, 9]));

/** Which MNIST file a mutation hits, and how. */
const mnistInput: fc.Arbitrary<{ images: Uint8Array; labels: Uint8Array; gzip: boolean }> = fc
  .record({
    which: fc.constantFrom("images", "labels", "both"),
    images: mutatedBytes([MNIST_IMAGES], 3),
    labels: fc.oneof(mutatedBytes([MNIST_LABELS], 3), idxHeaderEdits),
    gzip: fc.boolean(),
  })
  .map(({ which, images, labels, gzip }) => ({
    images: which === "labels" ? MNIST_IMAGES : images,
    labels: which === "images" ? MNIST_LABELS : labels,
    gzip,
  }));

/** A folder of t10k IDX files: `datasets.loadMnistIdx(dir, "test")`. */
export const mnistTarget: FuzzTarget<{ images: Uint8Array; labels: Uint8Array; gzip: boolean }, MnistData> = {
  name: "mnist",
  input: mnistInput,
  run: ({ images, labels, gzip }) => {
    const dir = mkdtempSync(join(scratchDir(), "mnist-"));
    try {
      const ext = gzip ? ".gz" : "";
      writeFileSync(join(dir, `t10k-images-idx3-ubyte${ext}`), gzip ? gzipSync(images) : images);
      writeFileSync(join(dir, `t10k-labels-idx1-ubyte${ext}`), gzip ? gzipSync(labels) : labels);
      return loadMnistIdx(dir, "test");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
  check: (out) => {
    if (out.images.length !== out.n * 784) return `${out.n} samples but ${out.images.length} pixels`;
    if (out.labels.length !== out.n) return `${out.n} samples but ${out.labels.length} labels`;
    if (out.labels.some((l) => l < 0 || l > 9)) return "a label outside 0..9";
    if (out.images.some((p) => !(p >= 0 && p <= 1))) return "a pixel outside [0, 1]";
    return null;
  },
  prefixes: ["mnist: ", "readIdx: "],
};

export { FIXTURES, concat, scratchDir, readFileSync, zlibSync };
