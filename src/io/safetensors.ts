/**
 * The Hugging Face safetensors format, on raw typed arrays.
 *
 * Layout:
 * - 8 bytes: `N`, the header length, a little-endian unsigned 64-bit integer;
 * - `N` bytes: a UTF-8 JSON object `{"name": {"dtype": "F32", "shape": [2, 3], "data_offsets": [0, 24]},
 *   "__metadata__": {"key": "value"}}`, padded with spaces to a multiple of 8;
 * - the tensor bytes, little-endian, row-major; `data_offsets` are relative to the start of this
 *   section. The tensors are packed without gaps, in sorted-name order when written here.
 *
 * Reading follows the reference implementation's checks: the offsets must tile the data section
 * exactly, and each tensor's byte length must equal `product(shape) * itemsize`.
 */
import { readRegularFile, writeFileAtomic } from "./files.ts";

/** The element types backprop stores in safetensors files. */
export type SafetensorsDtype = "float32" | "float64" | "int32" | "bool";

/**
 * One tensor as stored in a safetensors file: element type, shape and row-major values.
 *
 * @example
 * const w: SafetensorsTensor = { dtype: "float32", shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) };
 */
export interface SafetensorsTensor {
  dtype: SafetensorsDtype;
  shape: number[];
  data: Float32Array | Float64Array | Int32Array | Uint8Array;
}

/**
 * The contents of a safetensors file: named tensors and the free-form string metadata.
 *
 * @example
 * const { tensors, metadata } = readSafetensorsFile("model.safetensors");
 */
export interface SafetensorsContents {
  tensors: Record<string, SafetensorsTensor>;
  metadata: Record<string, string>;
}

interface DtypeInfo {
  dtype: SafetensorsDtype;
  code: string;
  itemsize: number;
  make: (n: number) => Float32Array | Float64Array | Int32Array | Uint8Array;
  matches: (data: unknown) => boolean;
}

const DTYPES: readonly DtypeInfo[] = [
  { dtype: "float32", code: "F32", itemsize: 4, make: (n) => new Float32Array(n), matches: (d) => d instanceof Float32Array },
  { dtype: "float64", code: "F64", itemsize: 8, make: (n) => new Float64Array(n), matches: (d) => d instanceof Float64Array },
  { dtype: "int32", code: "I32", itemsize: 4, make: (n) => new Int32Array(n), matches: (d) => d instanceof Int32Array },
  // one byte per element, 0 or 1, as PyTorch's torch.bool is saved
  { dtype: "bool", code: "BOOL", itemsize: 1, make: (n) => new Uint8Array(n), matches: (d) => d instanceof Uint8Array },
];

const METADATA_KEY = "__metadata__";
/** The reference implementation refuses headers above 100 MB; so do we (a guard against garbage). */
const MAX_HEADER_BYTES = 100_000_000;
/**
 * At most this many top-level header entries (tensors plus `__metadata__`). A 100 MB header can name
 * 1.4M tensors, which JSON.parse took 20-40 s and 1.5 GB to build; the header scan refuses it first.
 */
const MAX_HEADER_ENTRIES = 100_000;
/** The format nests 3 deep (`{"name": {"shape": [...]}}`); anything past this is garbage. */
const MAX_HEADER_DEPTH = 16;
/** Longest name, value or shape text quoted in an error message. */
const MAX_SHOWN = 80;
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

function fail(source: string, message: string): never {
  throw new Error(`safetensors: ${source}: ${message}`);
}

/** A name for error messages, in single quotes and cut to {@link MAX_SHOWN} characters. */
function quote(text: string): string {
  return text.length > MAX_SHOWN ? `'${text.slice(0, MAX_SHOWN)}'... (${text.length} chars)` : `'${text}'`;
}

/**
 * Sets an own enumerable property, even one named `__proto__` (plain assignment would set the
 * prototype instead and the entry would vanish). The record keeps Object.prototype, so it compares
 * and prints like any literal.
 */
function setOwn<T>(record: Record<string, T>, key: string, value: T): void {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Any JSON-ish value for error messages, one level deep and bounded in length. */
function show(value: unknown): string {
  if (typeof value === "string") {
    return value.length > MAX_SHOWN ? `${JSON.stringify(value.slice(0, MAX_SHOWN))}... (${value.length} chars)` : JSON.stringify(value);
  }
  if (Array.isArray(value)) {
    const head = value.slice(0, 8).map((v) => (Array.isArray(v) ? "[...]" : typeof v === "object" && v !== null ? "{...}" : show(v)));
    const text = `[${head.join(", ")}${value.length > 8 ? `, ... (${value.length} items)` : ""}]`;
    return text.length > 2 * MAX_SHOWN ? `${text.slice(0, 2 * MAX_SHOWN)}...]` : text;
  }
  if (typeof value === "object" && value !== null) return "an object";
  return String(value).slice(0, MAX_SHOWN);
}

/** A shape for error messages: `[2, 3]`, or the first dimensions and the count of a long one. */
function showShape(shape: readonly number[]): string {
  if (shape.length <= 8) return `[${shape.join(", ")}]`;
  return `[${shape.slice(0, 8).join(", ")}, ... (${shape.length} dims)]`;
}

function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

function isShape(value: unknown): value is number[] {
  return Array.isArray(value) && value.every((d) => Number.isSafeInteger(d) && d >= 0);
}

// ---------------------------------------------------------------------------------------------
// Writing

function checkTensor(name: string, t: SafetensorsTensor, source: string): DtypeInfo {
  if (name === "" || name === METADATA_KEY) fail(source, `invalid tensor name ${show(name)}`);
  const info = DTYPES.find((d) => d.dtype === t.dtype);
  if (info === undefined) {
    fail(source, `tensor ${quote(name)} has unknown dtype ${show(t.dtype)} (supported: float32, float64, int32, bool)`);
  }
  if (!isShape(t.shape)) fail(source, `tensor ${quote(name)} has an invalid shape ${show(t.shape)}`);
  if (!info.matches(t.data)) {
    fail(source, `tensor ${quote(name)} has dtype ${t.dtype} but its data is a ${t.data?.constructor?.name ?? typeof t.data}`);
  }
  if (t.data.length !== numel(t.shape)) {
    fail(source, `tensor ${quote(name)} has shape ${showShape(t.shape)} (${numel(t.shape)} elements) ` +
      `but ${t.data.length} values`);
  }
  return info;
}

function checkMetadata(metadata: Record<string, string>, source: string): void {
  for (const [key, value] of Object.entries(metadata)) {
    if (typeof value !== "string") fail(source, `metadata value for ${quote(key)} must be a string, got ${typeof value}`);
  }
}

/** Builds the header JSON, padded with spaces to a multiple of 8 bytes. */
function encodeHeader(header: Record<string, unknown>): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const padded = new Uint8Array(Math.ceil(json.length / 8) * 8).fill(0x20);
  padded.set(json);
  return padded;
}

/** Copies `src` into `out` at `offset` as little-endian bytes. */
function writeLittleEndian(out: Uint8Array, offset: number, src: Float32Array | Float64Array | Int32Array | Uint8Array): void {
  if (LITTLE_ENDIAN_HOST) {
    out.set(new Uint8Array(src.buffer, src.byteOffset, src.byteLength), offset);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset + offset, src.byteLength);
  const size = src.BYTES_PER_ELEMENT;
  for (let i = 0; i < src.length; i++) {
    if (src instanceof Float32Array) view.setFloat32(i * size, src[i], true);
    else if (src instanceof Float64Array) view.setFloat64(i * size, src[i], true);
    else if (src instanceof Uint8Array) view.setUint8(i, src[i]);
    else view.setInt32(i * size, src[i], true);
  }
}

function serializeWith(
  tensors: Record<string, SafetensorsTensor>,
  metadata: Record<string, string> | undefined,
  source: string,
): Uint8Array {
  // null-prototype records, so a tensor or metadata key named `__proto__` is kept, not swallowed
  const header = Object.create(null) as Record<string, unknown>;
  if (metadata !== undefined && Object.keys(metadata).length > 0) {
    checkMetadata(metadata, source);
    header[METADATA_KEY] = Object.assign(Object.create(null) as Record<string, string>, metadata);
  }
  const names = Object.keys(tensors).sort();
  let offset = 0;
  for (const name of names) {
    const t = tensors[name];
    const info = checkTensor(name, t, source);
    header[name] = { dtype: info.code, shape: t.shape, data_offsets: [offset, offset + t.data.byteLength] };
    offset += t.data.byteLength;
  }
  const headerBytes = encodeHeader(header);
  const out = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  out.set(headerBytes, 8);
  let at = 8 + headerBytes.length;
  for (const name of names) {
    writeLittleEndian(out, at, tensors[name].data);
    at += tensors[name].data.byteLength;
  }
  return out;
}

/**
 * Serializes named tensors (and optional string metadata) into safetensors bytes.
 * Tensors are laid out in sorted-name order; the header is padded with spaces to a multiple of 8.
 *
 * @throws Error starting with `safetensors: ` for an unknown dtype, a shape that does not match the
 *   data length, data of the wrong typed-array class, or a non-string metadata value.
 * @example
 * const bytes = serializeSafetensors({ w: { dtype: "float32", shape: [2], data: new Float32Array([1, 2]) } });
 * parseSafetensors(bytes).tensors.w.data; // Float32Array [1, 2]
 */
export function serializeSafetensors(
  tensors: Record<string, SafetensorsTensor>,
  metadata?: Record<string, string>,
): Uint8Array {
  return serializeWith(tensors, metadata, "<serialize>");
}

// ---------------------------------------------------------------------------------------------
// Reading

interface HeaderEntry {
  name: string;
  info: DtypeInfo;
  shape: number[];
  begin: number;
  end: number;
}

/** Reads the 8-byte header length and checks it fits inside the file. */
function readHeaderLength(bytes: Uint8Array, source: string): number {
  if (bytes.length < 8) fail(source, `file is too short (${bytes.length} bytes) to hold the 8-byte header length`);
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  if (n > BigInt(bytes.length - 8)) {
    fail(source, `header length ${n} goes beyond the end of the file (${bytes.length - 8} bytes after the length field)`);
  }
  if (n > BigInt(MAX_HEADER_BYTES)) fail(source, `header length ${n} exceeds the ${MAX_HEADER_BYTES}-byte limit`);
  return Number(n);
}

const KEY_DECODER = new TextDecoder();
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Decodes one JSON string token (quotes included) found by {@link scanHeader}. */
function decodeKey(bytes: Uint8Array, begin: number, end: number, escaped: boolean): string {
  const raw = KEY_DECODER.decode(bytes.subarray(begin + 1, end - 1));
  if (!escaped) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw; // malformed: JSON.parse of the whole header reports it
  }
}

/**
 * One pass over the header bytes before JSON.parse, which cannot see duplicate keys (the last one
 * wins) and would spend seconds and gigabytes on a header of a million entries or overflow the stack
 * on deep nesting. Refuses nesting past {@link MAX_HEADER_DEPTH}, more than {@link MAX_HEADER_ENTRIES}
 * top-level entries, and duplicate tensor names, `__metadata__` keys or keys within an entry. JSON's structural characters
 * are ASCII and never occur inside a UTF-8 multi-byte sequence, so scanning bytes is exact; anything
 * malformed is left for JSON.parse to report.
 */
function scanHeader(bytes: Uint8Array, source: string): void {
  const stack: boolean[] = []; // true for an object, false for an array
  let expectKey = false;
  let entries = 0;
  let lastTopKey = "";
  let inMetadata = false;
  const names = new Set<string>();
  const entryKeys = new Set<string>(); // the keys of the current entry or of __metadata__
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i];
    if (c === QUOTE) {
      const begin = i;
      let escaped = false;
      for (i++; i < bytes.length && bytes[i] !== QUOTE; i++) {
        if (bytes[i] === BACKSLASH) {
          escaped = true;
          i++;
        }
      }
      const depth = stack.length;
      if (expectKey && depth === 1) {
        if (++entries > MAX_HEADER_ENTRIES) fail(source, `header has more than ${MAX_HEADER_ENTRIES} entries`);
        lastTopKey = decodeKey(bytes, begin, i + 1, escaped);
        if (names.has(lastTopKey)) fail(source, `duplicate tensor name ${quote(lastTopKey)} in the header`);
        names.add(lastTopKey);
      } else if (expectKey && depth === 2) {
        const key = decodeKey(bytes, begin, i + 1, escaped);
        if (entryKeys.has(key)) {
          fail(source, inMetadata ? `duplicate __metadata__ key ${quote(key)} in the header`
            : `duplicate key ${quote(key)} in the entry for tensor ${quote(lastTopKey)}`);
        }
        entryKeys.add(key);
      }
      expectKey = false;
    } else if (c === 0x7b || c === 0x5b) { // { [
      stack.push(c === 0x7b);
      if (stack.length > MAX_HEADER_DEPTH) fail(source, `header is nested deeper than ${MAX_HEADER_DEPTH} levels`);
      expectKey = c === 0x7b;
      if (stack.length === 2) {
        inMetadata = c === 0x7b && lastTopKey === METADATA_KEY;
        entryKeys.clear();
      }
    } else if (c === 0x7d || c === 0x5d) { // } ]
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c) { // ,
      expectKey = stack.length > 0 && stack[stack.length - 1];
    }
  }
}

function decodeHeaderJson(bytes: Uint8Array, source: string): Record<string, unknown> {
  scanHeader(bytes, source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fail(source, `header is not valid UTF-8 JSON (${reason.slice(0, 2 * MAX_SHOWN)})`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    fail(source, "header must be a JSON object");
  }
  return parsed as Record<string, unknown>;
}

function readMetadata(value: unknown, source: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== "object" || Array.isArray(value)) fail(source, "__metadata__ must be an object of strings");
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== "string") fail(source, `__metadata__ value for ${quote(key)} must be a string, got ${show(v)}`);
    setOwn(out, key, v);
  }
  return out;
}

function readEntry(name: string, value: unknown, source: string): HeaderEntry {
  if (typeof value !== "object" || value === null) fail(source, `entry for tensor ${quote(name)} is not an object`);
  const { dtype, shape, data_offsets: offsets } = value as Record<string, unknown>;
  const info = DTYPES.find((d) => d.code === dtype);
  if (info === undefined) {
    fail(source, `tensor ${quote(name)} has unknown dtype ${show(dtype)} (supported: F32, F64, I32, BOOL)`);
  }
  if (!isShape(shape)) fail(source, `tensor ${quote(name)} has an invalid shape ${show(shape)}`);
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    fail(source, `tensor ${quote(name)} has invalid data_offsets ${show(offsets)} (want [begin, end])`);
  }
  return { name, info, shape, begin: offsets[0], end: offsets[1] };
}

/** Checks the offsets tile `[0, dataLength)` exactly and match each tensor's shape * itemsize. */
function checkLayout(entries: HeaderEntry[], dataLength: number, source: string): void {
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let expectedBegin = 0;
  for (const e of sorted) {
    const range = `[${e.begin}, ${e.end}]`;
    if (e.end > dataLength) fail(source, `tensor ${quote(e.name)} data_offsets ${range} out of range (data section has ${dataLength} bytes)`);
    if (e.end < e.begin) fail(source, `tensor ${quote(e.name)} data_offsets ${range} end before they begin`);
    if (e.begin !== expectedBegin) {
      fail(source, `tensor ${quote(e.name)} data_offsets ${range} should begin at ${expectedBegin} (tensors must be packed without gaps or overlaps)`);
    }
    const want = numel(e.shape) * e.info.itemsize;
    if (e.end - e.begin !== want) {
      fail(source, `tensor ${quote(e.name)} data_offsets ${range} span ${e.end - e.begin} bytes but shape ` +
        `${showShape(e.shape)} of ${e.info.code} needs ${want}`);
    }
    expectedBegin = e.end;
  }
  if (expectedBegin !== dataLength) {
    fail(source, `data section has ${dataLength} bytes but the tensors cover only ${expectedBegin}`);
  }
}

/** Copies little-endian bytes into a fresh, aligned typed array. */
function readValues(bytes: Uint8Array, offset: number, e: HeaderEntry): Float32Array | Float64Array | Int32Array | Uint8Array {
  const out = e.info.make(numel(e.shape));
  const src = bytes.subarray(offset + e.begin, offset + e.end);
  if (LITTLE_ENDIAN_HOST) {
    new Uint8Array(out.buffer).set(src);
    return out;
  }
  const view = new DataView(src.buffer, src.byteOffset, src.byteLength);
  for (let i = 0; i < out.length; i++) {
    if (out instanceof Float32Array) out[i] = view.getFloat32(i * 4, true);
    else if (out instanceof Float64Array) out[i] = view.getFloat64(i * 8, true);
    else if (out instanceof Uint8Array) out[i] = view.getUint8(i);
    else out[i] = view.getInt32(i * 4, true);
  }
  return out;
}

/**
 * Parses safetensors bytes. Data is copied into fresh, aligned typed arrays (never views of `bytes`).
 * Only the F32, F64, I32 and BOOL dtypes are supported.
 *
 * @param bytes the file contents
 * @param source a name for error messages (default `"<bytes>"`)
 * @throws Error starting with `safetensors: ` when the header length runs past the file, the header
 *   is not valid JSON, a dtype is unknown, or the offsets are out of range or do not match the shape.
 * @example
 * const { tensors, metadata } = parseSafetensors(serializeSafetensors({
 *   b: { dtype: "int32", shape: [3], data: new Int32Array([1, 2, 3]) },
 * }, { format: "pt" }));
 * tensors.b.shape; // [3]
 */
export function parseSafetensors(bytes: Uint8Array, source = "<bytes>"): SafetensorsContents {
  const headerLength = readHeaderLength(bytes, source);
  const header = decodeHeaderJson(bytes.subarray(8, 8 + headerLength), source);
  const metadata = readMetadata(header[METADATA_KEY], source);
  const entries = Object.entries(header)
    .filter(([name]) => name !== METADATA_KEY)
    .map(([name, value]) => readEntry(name, value, source));
  const dataOffset = 8 + headerLength;
  checkLayout(entries, bytes.length - dataOffset, source);
  const tensors: Record<string, SafetensorsTensor> = {};
  for (const e of entries) {
    setOwn(tensors, e.name, { dtype: e.info.dtype, shape: [...e.shape], data: readValues(bytes, dataOffset, e) });
  }
  return { tensors, metadata };
}

// ---------------------------------------------------------------------------------------------
// Files

/**
 * Writes tensors to a safetensors file atomically: the bytes go to `path + ".tmp-<pid>-<random>"`,
 * which is then renamed over `path`, so readers never see a half-written file and an existing file
 * is left untouched if anything fails. Creates the parent directory if it is missing.
 *
 * @throws Error starting with `safetensors: <path>: ` when the tensors cannot be serialized.
 * @example
 * writeSafetensorsFile("checkpoints/model.safetensors",
 *   { w: { dtype: "float32", shape: [2], data: new Float32Array([0.5, -1]) } }, { epoch: "3" });
 */
export function writeSafetensorsFile(
  path: string,
  tensors: Record<string, SafetensorsTensor>,
  metadata?: Record<string, string>,
): void {
  writeFileAtomic(path, serializeWith(tensors, metadata, path), "safetensors");
}

/**
 * Reads a safetensors file (see {@link parseSafetensors}).
 *
 * @throws Error starting with `safetensors: <path>: ` when the file does not exist or is malformed.
 * @example
 * const { tensors } = readSafetensorsFile("checkpoints/model.safetensors");
 * tensors.w.data; // Float32Array [0.5, -1]
 */
export function readSafetensorsFile(path: string): SafetensorsContents {
  return parseSafetensors(readRegularFile(path, "safetensors"), path);
}
