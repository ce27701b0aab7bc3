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
import { gunzipSync, gzipSync, zlibSync } from "fflate";
import { parseSafetensors, serializeSafetensors, type SafetensorsContents, type SafetensorsTensor } from "../../src/io/safetensors.ts";
import { load } from "../../src/io/checkpoint.ts";
import { parseIdx, type IdxArray } from "../../src/data/idx.ts";
import { loadMnistIdx, type MnistData } from "../../src/datasets/mnist.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { parseCsv, type CsvDtype, type CsvTable } from "../../src/data/csv.ts";
import { decodeImage, encodeImage } from "../../src/data/image.ts";
import { parseCifarBinary, parseCifarMeta, parseCifarPickle, type CifarBatch } from "../../src/data/cifar.ts";
import { readTar, type TarEntry } from "../../src/data/archive.ts";
import { cifar10, type CIFAR10 } from "../../src/datasets/cifar10.ts";
import * as keras from "../../src/keras/index.ts";
import { manualSeed } from "../../src/tensor/random.ts";
import { tar } from "../helpers/tar.ts";
import { concat } from "../helpers/arrays.ts";
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

const SAFETENSORS_CODES: Record<string, string> = { float32: "F32", float64: "F64", int32: "I32", bool: "BOOL" };

/**
 * What a parsed file must agree with, read from the bytes independently: the header's JSON names
 * every tensor returned (and no other), with its dtype and shape, and each tensor's bytes are those
 * at its data_offsets (little-endian host).
 */
function safetensorsMismatch(out: SafetensorsContents, bytes: Uint8Array): string | null {
  const n = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n))) as Record<string, unknown>;
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  const got = Object.keys(out.tensors);
  if (names.length !== got.length || names.some((k) => !Object.hasOwn(out.tensors, k))) {
    return `the header names [${names.slice(0, 5).join(", ")}] but the reader returned [${got.slice(0, 5).join(", ")}]`;
  }
  for (const name of names) {
    const entry = Object.getOwnPropertyDescriptor(header, name)!.value as { dtype: string; shape: number[]; data_offsets: [number, number] };
    const t = Object.getOwnPropertyDescriptor(out.tensors, name)!.value as SafetensorsTensor;
    if (SAFETENSORS_CODES[t.dtype] !== entry.dtype || t.shape.join() !== entry.shape.join()) return `tensor ${JSON.stringify(name)}: dtype or shape differs from the header`;
    const want = bytes.subarray(8 + n + entry.data_offsets[0], 8 + n + entry.data_offsets[1]);
    const have = new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength);
    if (want.length !== have.length || want.some((b, i) => b !== have[i])) return `tensor ${JSON.stringify(name)}: bytes differ from the file's`;
  }
  return null;
}

/** safetensors bytes: `io.parseSafetensors`. */
export const safetensorsTarget: FuzzTarget<Uint8Array, SafetensorsContents> = {
  name: "safetensors",
  input: fc.oneof({ arbitrary: mutatedBytes(SAFETENSORS_SEEDS), weight: 3 }, { arbitrary: safetensorsHeaderEdits, weight: 2 }),
  run: (bytes) => parseSafetensors(bytes, "fuzz.safetensors"),
  check: (out, bytes) => safetensorsProblem(out) ?? safetensorsMismatch(out, bytes),
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
    ones: fc.constantFrom(0, 0, 0, 40, 255),
    data: fc.uint8Array({ maxLength: 48 }),
    gzip: fc.boolean(),
  })
  .map(({ type, shape, ndimOverride, ones, data, gzip }) => {
    // `ones` dimensions of size 1 first: up to 255 dimensions, a header of 1 KB
    const raw = idxBytes(type, [...Array<number>(Math.max(0, Math.min(ones, 255 - shape.length))).fill(1), ...shape], data);
    if (ndimOverride !== undefined) raw[3] = ndimOverride;
    return gzip ? gzipSync(raw) : raw;
  });

const IDX_CLASS = { uint8: Uint8Array, int8: Int8Array, int16: Int16Array, int32: Int32Array, float32: Float32Array, float64: Float64Array } as const;

function idxProblem(out: IdxArray): string | null {
  if (!(out.data instanceof IDX_CLASS[out.dtype])) return `dtype ${out.dtype} holds a ${out.data.constructor.name}`;
  if (out.shape.length === 0) return "no dimensions";
  return shapeProblem(out.shape, out.data.length);
}

const IDX_SIZES = { uint8: 1, int8: 1, int16: 2, int32: 4, float32: 4, float64: 8 } as const;

/** The values read back independently: big-endian at 4 + 4 * ndim of the (inflated) bytes. */
function idxMismatch(out: IdxArray, input: Uint8Array): string | null {
  const raw = input[0] === 0x1f && input[1] === 0x8b ? gunzipSync(input) : input;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const ndim = raw[3];
  for (let d = 0; d < ndim; d++) if (view.getUint32(4 + 4 * d) !== out.shape[d]) return `dimension ${d} differs from the header`;
  const size = IDX_SIZES[out.dtype];
  const at = 4 + 4 * ndim;
  if (raw.length !== at + out.data.length * size) return `${raw.length} bytes for ${out.data.length} values of ${size} bytes`;
  for (let i = 0; i < out.data.length; i++) {
    const o = at + i * size;
    const v = out.dtype === "uint8" ? view.getUint8(o) : out.dtype === "int8" ? view.getInt8(o) : out.dtype === "int16" ? view.getInt16(o)
      : out.dtype === "int32" ? view.getInt32(o) : out.dtype === "float32" ? view.getFloat32(o) : view.getFloat64(o);
    if (!Object.is(v, out.data[i]) && !(Number.isNaN(v) && Number.isNaN(out.data[i]))) return `value ${i} is ${out.data[i]}, the file holds ${v}`;
  }
  return null;
}

/** IDX bytes, plain or gzip: `data.parseIdx` (with a 1 MB inflate cap, so a bomb is cheap to refuse). */
export const idxTarget: FuzzTarget<Uint8Array, IdxArray> = {
  name: "idx",
  input: fc.oneof({ arbitrary: mutatedBytes(IDX_SEEDS), weight: 3 }, { arbitrary: idxHeaderEdits, weight: 2 }),
  run: (bytes) => parseIdx(bytes, "fuzz.idx", { maxBytes: 1 << 20 }),
  check: (out, bytes) => idxProblem(out) ?? idxMismatch(out, bytes),
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


// ---------------------------------------------------------------------------------------------
// CSV

/** Cell texts: numbers in every spelling, missing markers, and things that only look numeric. */
const CELLS = [
  "1", "-2.5", "+.5", "3.", "1e3", "1E-3", "1e400", "1e-400", "2147483647", "2147483648", "-2147483649", "3.0", " 7 ",
  "nan", "NaN", "NA", "", "null", "inf", "-Infinity", "INF", "0x10", "1_000", "1,5", ".", "-", "e5", "abc", "Infinityx", "１",
];

const csvCell = fc.oneof(
  { arbitrary: fc.constantFrom(...CELLS), weight: 6 },
  { arbitrary: fc.double().map(String), weight: 2 },
  { arbitrary: fc.integer().map(String), weight: 2 },
  { arbitrary: fc.string({ maxLength: 4 }), weight: 1 },
  { arbitrary: fc.constantFrom(`${"9".repeat(3000)}x`, `1.${"0".repeat(3000)}e`, `${"7".repeat(400)}.5`), weight: 1 },
);

/** One CSV text and the options it is read with; `quoted` cells are wrapped in quotes. */
export interface CsvInput {
  text: string | Uint8Array;
  delimiter: string;
  header: boolean;
  dtype: CsvDtype;
  missing: "nan" | "error";
  /** The columns to keep (names or indices), or undefined for all. */
  columns?: (string | number)[];
}

const csvGrid: fc.Arbitrary<CsvInput> = fc
  .record({
    width: fc.integer({ min: 1, max: 4 }),
    rows: fc.array(fc.array(csvCell, { minLength: 1, maxLength: 5 }), { minLength: 0, maxLength: 6 }),
    ragged: fc.boolean(),
    quote: fc.constantFrom(0, 0, 0, 0.3),
    delimiter: fc.constantFrom(",", ",", ";", "\t"),
    newline: fc.constantFrom("\n", "\n", "\r\n"),
    trailing: fc.boolean(),
    header: fc.boolean(),
    dtype: fc.constantFrom("float32" as const, "float64" as const, "int32" as const),
    missing: fc.constantFrom("nan" as const, "error" as const),
    longName: fc.constantFrom(0, 0, 0, 600),
    columns: fc.option(fc.array(fc.oneof(fc.constantFrom("c0", "c1", "zz", "__proto__", "x".repeat(600)), fc.nat({ max: 5 })), { minLength: 1, maxLength: 3 }), { nil: undefined, freq: 4 }),
    seed: fc.nat(),
  })
  .map(({ width, rows, ragged, quote, delimiter, newline, trailing, header, dtype, missing, longName, columns, seed }) => {
    let r = seed;
    const rand = (): number => ((r = (r * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const lines = rows.map((row) => {
      const cells = ragged ? row : Array.from({ length: width }, (_, j) => row[j % row.length]);
      return cells.map((c) => (rand() < quote ? `"${c.replaceAll('"', '""')}"` : c)).join(delimiter);
    });
    const names = Array.from({ length: width }, (_, j) => (j === 0 && longName > 0 ? "n".repeat(longName) : `c${j}`)).join(delimiter);
    const text = (header ? [names, ...lines] : lines).join(newline) + (trailing ? newline : "");
    return { text, delimiter, header, dtype, missing, columns };
  });

const CSV_SEEDS = ["Hours,Scores\n2.5,21\n5.1,47\n", 'a,"b ""q""",c\n1,"2,5",nan\n-3e2,,inf\n', "\uFEFFx;y\r\n1;2\r\n"].map((t) => new TextEncoder().encode(t));

const csvInput: fc.Arbitrary<CsvInput> = fc.oneof(
  { arbitrary: csvGrid, weight: 3 },
  {
    arbitrary: fc.tuple(mutatedBytes(CSV_SEEDS), fc.boolean()).map(([bytes, asText]) => ({
      text: asText ? new TextDecoder().decode(bytes) : bytes,
      delimiter: ",",
      header: true,
      dtype: "float64" as const,
      missing: "nan" as const,
    })),
    weight: 1,
  },
);

const MISSING_TEXT = new Set(["", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "None", "#N/A", "<NA>"]);

/**
 * What a cell must read as, worked out independently of the reader: a decimal number, an infinity,
 * NaN for a missing marker; undefined for a text that is not a number (the reader must refuse it).
 */
function expectedCell(text: string): number | undefined {
  const t = text.trim();
  if (MISSING_TEXT.has(t)) return NaN;
  const inf = /^([+-]?)inf(?:inity)?$/i.exec(t);
  if (inf !== null) return inf[1] === "-" ? -Infinity : Infinity;
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(t)) return undefined;
  return Number(t);
}

function csvProblem(out: CsvTable, input: CsvInput): string | null {
  const [n, k] = out.data.shape;
  if (out.data.shape.length !== 2 || out.columns.length !== k) return `shape [${out.data.shape.join(", ")}] for ${out.columns.length} columns`;
  const wrong = shapeProblem(out.data.shape, out.data.data.length);
  if (wrong !== null) return wrong;
  if (out.data.dtype !== input.dtype) return `dtype ${out.data.dtype}, asked for ${input.dtype}`;
  const values = out.data.data;
  for (let i = 0; i < values.length; i++) {
    if (input.dtype === "int32" && !Number.isInteger(values[i])) return `int32 value ${values[i]}`;
  }
  // A table without quotes or carriage returns splits by hand: every value must be its cell's number.
  const text = typeof input.text === "string" ? input.text : new TextDecoder().decode(input.text);
  if (/["\r\uFEFF]/.test(text) || input.columns !== undefined) return null;
  const rows = text.split("\n").filter((l) => l !== "").map((l) => l.split(input.delimiter));
  const body = input.header ? rows.slice(1) : rows;
  if (body.length !== n) return `${n} rows read, the text holds ${body.length}`;
  for (let r = 0; r < n; r++) {
    for (let j = 0; j < k; j++) {
      const want = expectedCell(body[r][j] ?? "");
      if (want === undefined) return `row ${r} column ${j}: ${JSON.stringify(body[r][j])} is not a number but read as ${values[r * k + j]}`;
      const cast = input.dtype === "float32" ? Math.fround(want) : want;
      const got = values[r * k + j];
      if (!(Object.is(got, cast) || (Number.isNaN(got) && Number.isNaN(cast)) || (got === 0 && cast === 0))) {
        return `row ${r} column ${j}: ${JSON.stringify(body[r][j])} read as ${got}, expected ${cast}`;
      }
    }
  }
  return null;
}

/** CSV text or bytes with random options: `data.parseCsv`. */
export const csvTarget: FuzzTarget<CsvInput, CsvTable> = {
  name: "csv",
  input: csvInput,
  run: ({ text, delimiter, header, dtype, missing, columns }) => parseCsv(text, { delimiter, header, dtype, missing, columns, verbose: false }),
  check: csvProblem,
  prefixes: ["parseCsv: "],
};

// ---------------------------------------------------------------------------------------------
// PNG and JPEG

const IMAGE_DIR = join(FIXTURES, "images");
const IMAGE_FILES = ["grey.png", "grey1.png", "grey2.png", "la.png", "palette.png", "palette_trns.png", "rgb.png", "rgb16.png", "rgba.png", "adam7.png", "grey.jpg", "rgb.jpg", "cmyk.jpg", "progressive.jpg", "rgb444.jpg"];

/** The committed test images (PNG of every colour type and depth, baseline, progressive and CMYK JPEG). */
export const IMAGE_SEEDS: readonly Uint8Array[] = IMAGE_FILES.map((f) => new Uint8Array(readFileSync(join(IMAGE_DIR, f))));

const PNG_CRC = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = PNG_CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG chunk with its length and CRC. */
export function pngChunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let k = 0; k < 4; k++) out[4 + k] = type.charCodeAt(k);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** A PNG from its IHDR fields and the zlib stream of its image data (CRCs correct, so the decoder reads on). */
export function pngBytes(width: number, height: number, depth: number, colorType: number, interlace: number, zdata: Uint8Array): Uint8Array {
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width >>> 0);
  v.setUint32(4, height >>> 0);
  ihdr.set([depth, colorType, 0, 0, interlace], 8);
  return concat(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), pngChunk("IHDR", ihdr), pngChunk("IDAT", zdata), pngChunk("IEND", new Uint8Array(0)));
}

/** IHDR fields edited to absurd values with the CRC fixed, over raw data of plausible or bomb size. */
const pngHeaderEdits: fc.Arbitrary<Uint8Array> = fc
  .record({
    width: fc.oneof(fc.constantFrom(...INTERESTING.filter((v) => v < 2 ** 32)), fc.integer({ min: 1, max: 6 })),
    height: fc.oneof(fc.constantFrom(...INTERESTING.filter((v) => v < 2 ** 32)), fc.integer({ min: 1, max: 6 })),
    depth: fc.constantFrom(1, 2, 4, 8, 16, 0, 3, 255),
    colorType: fc.constantFrom(0, 2, 3, 4, 6, 1, 7),
    interlace: fc.constantFrom(0, 1, 2),
    raw: fc.oneof(fc.uint8Array({ maxLength: 200 }), fc.constantFrom(1 << 16, 1 << 20).map((n) => new Uint8Array(n))),
  })
  .map(({ width, height, depth, colorType, interlace, raw }) => pngBytes(width, height, depth, colorType, interlace, zlibSync(raw)));

/** JPEG frame (SOF) fields edited: height, width, number of components. */
const jpegHeaderEdits: fc.Arbitrary<Uint8Array> = fc
  .record({
    seed: fc.constantFrom(...IMAGE_SEEDS.filter((b) => b[0] === 0xff)),
    height: fc.constantFrom(0, 1, 8, 3000, 9000, 0x7fff, 0xffff),
    width: fc.constantFrom(0, 1, 8, 3000, 9000, 0x7fff, 0xffff),
    components: fc.option(fc.constantFrom(0, 1, 2, 3, 4, 5, 255), { nil: undefined }),
  })
  .map(({ seed, height, width, components }) => {
    const out = seed.slice();
    for (let o = 2; o + 9 < out.length; ) {
      if (out[o] !== 0xff) break;
      const marker = out[o + 1];
      const length = (out[o + 2] << 8) | out[o + 3];
      if (marker >= 0xc0 && marker <= 0xc2) {
        out.set([height >> 8, height & 0xff, width >> 8, width & 0xff], o + 5);
        if (components !== undefined) out[o + 9] = components;
        break;
      }
      o += 2 + length;
    }
    return out;
  });

/** Images made here too: an RGB PNG and a JPEG from encodeImage. */
const ENCODED_SEEDS: readonly Uint8Array[] = [
  encodeImage(new Tensor(Int32Array.from({ length: 18 }, (_, i) => i * 14), [2, 3, 3]), "png"),
  encodeImage(new Tensor(Int32Array.from({ length: 48 }, (_, i) => (i * 5) % 256), [4, 4, 3]), "jpeg"),
];

function imageProblem(out: Tensor): string | null {
  if (out.dtype !== "int32") return `dtype ${out.dtype}`;
  const s = out.shape;
  if (!(s.length === 2 || (s.length === 3 && s[2] >= 2 && s[2] <= 4))) return `shape [${s.join(", ")}] is not [H, W] or [H, W, 2..4]`;
  if (s[0] < 1 || s[1] < 1) return `shape [${s.join(", ")}] has no pixels`;
  const wrong = shapeProblem(s, out.data.length);
  if (wrong !== null) return wrong;
  for (let i = 0; i < out.data.length; i++) if (!(Number.isInteger(out.data[i]) && out.data[i] >= 0 && out.data[i] <= 255)) return `value ${out.data[i]} outside 0..255`;
  return null;
}

/** PNG and JPEG bytes: `data.decodeImage`. */
export const imageTarget: FuzzTarget<Uint8Array, Tensor> = {
  name: "image",
  input: fc.oneof(
    { arbitrary: mutatedBytes([...IMAGE_SEEDS, ...ENCODED_SEEDS]), weight: 4 },
    { arbitrary: pngHeaderEdits, weight: 2 },
    { arbitrary: jpegHeaderEdits, weight: 1 },
  ),
  run: (bytes) => decodeImage(bytes, "fuzz.img"),
  check: imageProblem,
  prefixes: ["decodeImage: fuzz.img: "],
};

// ---------------------------------------------------------------------------------------------
// CIFAR-10: binary batches, pickled batches, archives

/** A binary batch: per image a label byte, then 3072 pixels. */
export function cifarBinary(labels: readonly number[]): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((l, i) => {
    out[i * 3073] = l;
    for (let j = 0; j < 3072; j++) out[i * 3073 + 1 + j] = (i * 131 + j * 7) % 256;
  });
  return out;
}

function batchProblem(out: CifarBatch): string | null {
  if (!Number.isSafeInteger(out.n) || out.n < 0) return `n = ${out.n}`;
  if (out.images.length !== out.n * 3072) return `${out.n} images but ${out.images.length} pixels`;
  if (out.labels.length !== out.n) return `${out.n} images but ${out.labels.length} labels`;
  if (out.labels.some((l) => l < 0 || l > 9)) return "a label outside 0..9";
  if (out.filenames !== undefined && out.filenames.length !== out.n) return `${out.filenames.length} filenames for ${out.n} images`;
  return null;
}

/** CIFAR-10 binary batches: `data.parseCifarBinary`. */
export const cifarBinaryTarget: FuzzTarget<Uint8Array, CifarBatch> = {
  name: "cifar-binary",
  input: mutatedBytes([cifarBinary([6, 9]), cifarBinary([0])]),
  run: (bytes) => parseCifarBinary(bytes, "fuzz.bin"),
  check: (out, bytes) => {
    const wrong = batchProblem(out);
    if (wrong !== null) return wrong;
    for (let i = 0; i < out.n; i++) {
      if (out.labels[i] !== bytes[i * 3073]) return `label ${i} is ${out.labels[i]}, the file holds ${bytes[i * 3073]}`;
      for (let j = 0; j < 3072; j++) if (out.images[i * 3072 + j] !== bytes[i * 3073 + 1 + j]) return `pixel ${j} of image ${i} differs from the file`;
    }
    return null;
  },
  prefixes: ["cifar10: fuzz.bin: "],
};

const CIFAR_DIR = join(FIXTURES, "cifar");
const pickleFixture = (name: string): Uint8Array => new Uint8Array(readFileSync(join(CIFAR_DIR, name)));

/** The committed pickled batches: protocols 2 to 5, Fortran order, int64 labels, bytes keys, Python 2. */
export const PICKLE_SEEDS: readonly Uint8Array[] = ["p2.pkl", "p3.pkl", "p4.pkl", "p5.pkl", "p2_fortran.pkl", "p5_fortran.pkl", "p4_int64.pkl", "p3_byteskeys.pkl", "py2/data_batch_1"].map(pickleFixture);
const META_SEEDS: readonly Uint8Array[] = ["meta_p3.pkl", "py2/batches.meta"].map(pickleFixture);

/** Pickled CIFAR-10 batches: `data.parseCifarPickle`. */
export const cifarPickleTarget: FuzzTarget<Uint8Array, CifarBatch> = {
  name: "cifar-pickle",
  input: mutatedBytes(PICKLE_SEEDS),
  run: (bytes) => parseCifarPickle(bytes, "fuzz.pkl"),
  check: batchProblem,
  prefixes: ["cifar10: fuzz.pkl: "],
};

/** Pickled CIFAR-10 `batches.meta`: `data.parseCifarMeta`. */
export const cifarMetaTarget: FuzzTarget<Uint8Array, string[]> = {
  name: "cifar-meta",
  input: mutatedBytes(META_SEEDS),
  run: (bytes) => parseCifarMeta(bytes, "fuzz.meta"),
  check: (out) => (out.length === 10 && out.every((s) => typeof s === "string") ? null : `${out.length} class names`),
  prefixes: ["cifar10: fuzz.meta: "],
};

const CLASS_NAMES = "airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n";

/** Small CIFAR-10 archives, binary and python versions, as .tar and .tar.gz. */
export const ARCHIVE_SEEDS: readonly Uint8Array[] = (() => {
  const binary = tar([
    { name: "cifar-10-batches-bin/", type: "5" },
    { name: "cifar-10-batches-bin/batches.meta.txt", data: CLASS_NAMES },
    { name: "cifar-10-batches-bin/test_batch.bin", data: cifarBinary([3, 1]) },
  ]);
  const python = tar([
    { name: "cifar-10-batches-py/batches.meta", data: pickleFixture("meta_p3.pkl") },
    { name: "cifar-10-batches-py/test_batch", data: pickleFixture("p3.pkl") },
  ]);
  return [gzipSync(binary), binary, gzipSync(python)];
})();

/** Tar headers edited: the size field (octal or base-256), the type flag, the name. */
const tarHeaderEdits: fc.Arbitrary<Uint8Array> = fc
  .record({
    size: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat({ max: 4096 })),
    type: fc.constantFrom("0", "5", "2", "L", "x", "g", "7", "\0"),
    name: fc.constantFrom("a.bin", "../x", "/etc/passwd", "./a//b", "", "c:/w"),
    data: fc.uint8Array({ maxLength: 700 }),
    longName: fc.constantFrom(null, null, "L", "x"),
    gzip: fc.boolean(),
  })
  .map(({ size, type, name, data, longName, gzip }) => {
    const entry = { name, type, data, size: Math.min(size, 8 ** 11 - 1) };
    const long = `${name}${"/d".repeat(1500)}`;
    const pax = (): string => {
      const record = ` path=${long}\n`;
      const digits = String(record.length + 4).length;
      return `${record.length + digits}${record}`;
    };
    const before = longName === "L" ? [{ name: "././@LongLink", type: "L", data: long }] : longName === "x" ? [{ name: "pax", type: "x", data: pax() }] : [];
    const archive = tar([...before, entry]);
    const bytes = archive.subarray(archive.length - 1024 - Math.ceil(data.length / 512) * 512 - 512);
    if (size >= 8 ** 11) {
      // GNU base-256 size field: the top bit set, then the big-endian value
      const field = new Uint8Array(12);
      field[0] = 0x80;
      let v = BigInt(size);
      for (let k = 11; k >= 1; k--) {
        field[k] = Number(v & 0xffn);
        v >>= 8n;
      }
      bytes.set(field, 124);
      bytes.fill(0x20, 148, 156);
      const sum = bytes.subarray(0, 512).reduce((a, b) => a + b, 0);
      const text = sum.toString(8).padStart(6, "0");
      for (let k = 0; k < 6; k++) bytes[148 + k] = text.charCodeAt(k);
      bytes[154] = 0;
    }
    return gzip ? gzipSync(archive) : archive;
  });

/** .tar / .tar.gz bytes: `data.readTar` (1 MB cap). */
export const tarTarget: FuzzTarget<Uint8Array, TarEntry[]> = {
  name: "tar",
  input: fc.oneof({ arbitrary: mutatedBytes(ARCHIVE_SEEDS), weight: 3 }, { arbitrary: tarHeaderEdits, weight: 2 }),
  run: (bytes) => readTar(bytes, { name: "fuzz.tar", maxBytes: 1 << 20 }),
  check: (out) => {
    for (const e of out) {
      if (e.name.startsWith("/") || e.name.split("/").includes("..")) return `unsafe entry name ${JSON.stringify(e.name)}`;
      if (!(e.data instanceof Uint8Array)) return `entry ${JSON.stringify(e.name)} holds no bytes`;
    }
    return null;
  },
  prefixes: ["fuzz.tar: "],
};

/** A CIFAR-10 archive (as bytes): `datasets.cifar10({archive, train: false})`. */
export const cifarArchiveTarget: FuzzTarget<Uint8Array, CIFAR10> = {
  name: "cifar-archive",
  input: mutatedBytes(ARCHIVE_SEEDS),
  run: (bytes) => cifar10({ archive: bytes, train: false, verbose: false }),
  check: (out) => {
    const n = out.labels.shape[0];
    if (out.images.shape.join() !== [n, 3, 32, 32].join()) return `images [${out.images.shape.join(", ")}] for ${n} labels`;
    if (out.classes.length !== 10) return `${out.classes.length} classes`;
    for (let i = 0; i < n; i++) if (!(out.labels.data[i] >= 0 && out.labels.data[i] <= 9)) return `label ${out.labels.data[i]}`;
    return null;
  },
  prefixes: ["cifar10: "],
};

// ---------------------------------------------------------------------------------------------
// Keras saved models

let kerasSeedCache: Uint8Array | null = null;
/**
 * A small compiled Keras model as `ModelCheckpoint` writes it (Dense, Dropout, Dense + softmax, one
 * Adam step taken): weights, architecture, compile settings, the optimizer's state (tensors and JSON),
 * the random generator's state and a training state (epoch, batch, History).
 */
export function kerasSeed(): Uint8Array {
  if (kerasSeedCache === null) {
    manualSeed(13);
    const model = new keras.Sequential([
      new keras.layers.Dense({ units: 3, inputDim: 2, activation: "tanh" }),
      new keras.layers.Dropout(0.1),
      new keras.layers.Flatten(),
      new keras.layers.Dense({ units: 2, activation: "softmax" }),
    ]);
    model.compile({ loss: "categorical_crossentropy", optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), metrics: ["acc"] });
    model.trainOnBatch(new Tensor(new Float32Array([1, 2, 3, 4]), [2, 2]), new Tensor(new Float32Array([1, 0, 0, 1]), [2, 2]));
    const path = join(scratchDir(), "seed.safetensors");
    model.save(path, { trainingState: { epoch: 1, batch: 0, history: { epoch: [0], history: { loss: [0.7], acc: [0.5] } } } });
    kerasSeedCache = new Uint8Array(readFileSync(path));
  }
  return kerasSeedCache;
}

/** Values a config field may be edited to. */
const CONFIG_VALUES: unknown[] = [
  -1, 0, 1, 2, 3, 1.5, 2 ** 20, 2 ** 31, 2 ** 40, 1e308, null, "3", [], {}, [2 ** 20, 2 ** 20], [-1], [0], [2, 3], true,
  "x".repeat(600), Array<number>(300).fill(7), { name: "y".repeat(600) },
];

/** The seed model with one field of its metadata (architecture or compile settings) edited. */
const kerasConfigEdits: fc.Arbitrary<Uint8Array> = fc
  .record({
    path: fc.constantFrom(
      ["model_config", "config", "inputShape"],
      ["model_config", "config", "layers", 0, "config", "units"],
      ["model_config", "config", "layers", 3, "config", "units"],
      ["model_config", "config", "layers", 0, "config", "inputDim"],
      ["model_config", "config", "layers", 0, "config", "inputShape"],
      ["model_config", "config", "layers", 0, "className"],
      ["model_config", "config", "layers", 0, "config", "name"],
      ["model_config", "config", "layers", 3, "config", "name"],
      ["model_config", "config", "name"],
      ["model_config", "config", "layers", 1, "config", "rate"],
      ["model_config", "config", "layers", 0, "config", "activation"],
      ["model_config", "config", "layers", 0, "config", "kernelInitializer"],
      ["model_config", "config", "layers"],
      ["model_config", "className"],
      ["training_config", "loss"],
      ["training_config", "optimizer"],
      ["training_config", "optimizer", "config", "learningRate"],
      ["training_config", "metrics"],
      ["training_config", "lossWeight"],
      ["optimizer_state", "iterations"],
      ["optimizer_state", "paramGroups"],
      ["optimizer_state", "paramGroups", 0, "lr"],
      ["optimizer_state", "paramGroups", 0, "params"],
      ["optimizer_state", "numberState"],
      ["optimizer_state", "numberState", "0", "step"],
      ["optimizer_state", "tensors"],
      ["optimizer_state", "tensors", 0],
      ["rng_state"],
      ["rng_state", "words"],
      ["rng_state", "words", 0],
      ["rng_state", "spareNormal"],
      ["training_state"],
      ["training_state", "epoch"],
      ["training_state", "batch"],
      ["training_state", "history", "epoch"],
      ["training_state", "history", "history", "loss"],
    ),
    value: fc.oneof(fc.constantFrom(...CONFIG_VALUES), fc.string({ maxLength: 6 })),
  })
  .map(({ path, value }) => {
    const { tensors, metadata } = parseSafetensors(kerasSeed());
    const [key, ...rest] = path as unknown as [string, ...(string | number)[]];
    let root = JSON.parse(metadata[key]) as unknown;
    if (rest.length === 0) root = value; // the whole entry replaced
    else {
      let node = root as Record<string | number, unknown>;
      for (const p of rest.slice(0, -1)) node = (node as Record<string | number, Record<string | number, unknown>>)[p];
      node[rest[rest.length - 1]] = value;
    }
    return serializeSafetensors(tensors, { ...metadata, [key]: JSON.stringify(root) });
  });

/** The seed model with one tensor renamed (to a long or unknown name) or reshaped (same size, 300 dims). */
const kerasTensorEdits: fc.Arbitrary<Uint8Array> = fc
  .record({ which: fc.nat({ max: 11 }), edit: fc.constantFrom("rename-long", "rename", "reshape", "drop") })
  .map(({ which, edit }) => {
    const { tensors, metadata } = parseSafetensors(kerasSeed());
    const names = Object.keys(tensors).sort();
    const name = names[which % names.length];
    const t = tensors[name];
    delete tensors[name];
    if (edit === "rename-long") tensors["w".repeat(700)] = t;
    else if (edit === "rename") tensors[`${name}_x`] = t;
    else if (edit === "reshape") tensors[name] = { ...t, shape: [...Array<number>(300).fill(1), t.data.length] };
    return serializeSafetensors(tensors, metadata);
  });

/** A saved Keras model file: `keras.models.loadModel`. */
export const kerasTarget: FuzzTarget<Uint8Array, keras.Sequential> = {
  name: "keras",
  input: fc.oneof(
    { arbitrary: fc.constant(null).chain(() => mutatedBytes([kerasSeed()])), weight: 2 },
    { arbitrary: kerasConfigEdits, weight: 2 },
    { arbitrary: kerasTensorEdits, weight: 1 },
  ),
  run: (bytes) => {
    const path = join(scratchDir(), "model.safetensors");
    writeFileSync(path, bytes);
    return keras.models.loadModel(path);
  },
  check: (out) => {
    if (!out.built) return "the loaded model is not built";
    const size = out.inputShape!.reduce((a, b) => a * b, 1);
    if (size > 10_000) return null; // a valid but large input: not worth predicting on
    const x = new Tensor(new Float32Array(size), [1, ...out.inputShape!]);
    const y = out.predict(x);
    return shapeProblem(y.shape, y.data.length);
  },
  prefixes: ["keras.models.loadModel: "],
};

// ---------------------------------------------------------------------------------------------
// All of them

/** One reader's fuzz target and the test file that asserts it in CI. */
export interface RegisteredTarget {
  target: FuzzTarget<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- a list of targets of different input types
  testFile: string;
}

/** Every fuzz target, in the order bench/fuzz.ts visits them. */
export const FUZZ_TARGETS: readonly RegisteredTarget[] = [
  { target: safetensorsTarget, testFile: "test/fuzz/safetensors.test.ts" },
  { target: checkpointTarget, testFile: "test/fuzz/checkpoint.test.ts" },
  { target: idxTarget, testFile: "test/fuzz/idx.test.ts" },
  { target: mnistTarget, testFile: "test/fuzz/mnist.test.ts" },
  { target: csvTarget, testFile: "test/fuzz/csv.test.ts" },
  { target: imageTarget, testFile: "test/fuzz/image.test.ts" },
  { target: cifarBinaryTarget, testFile: "test/fuzz/cifar.test.ts" },
  { target: cifarPickleTarget, testFile: "test/fuzz/cifar.test.ts" },
  { target: cifarMetaTarget, testFile: "test/fuzz/cifar.test.ts" },
  { target: cifarArchiveTarget, testFile: "test/fuzz/cifar.test.ts" },
  { target: tarTarget, testFile: "test/fuzz/tar.test.ts" },
  { target: kerasTarget, testFile: "test/fuzz/keras.test.ts" },
];
