/**
 * Reader for the IDX binary format used by MNIST, Fashion-MNIST, EMNIST and friends.
 *
 * Layout (all integers big-endian):
 * - 4-byte magic: two zero bytes, a type byte, a number-of-dimensions byte;
 * - one unsigned 32-bit size per dimension;
 * - the values in row-major order, each big-endian.
 *
 * Files may be plain or gzip-compressed (detected by the gzip magic `1f 8b`, not by the name); gzip is
 * inflated by fflate (pure JS, so this runs in a browser too) a piece at a time: the IDX header comes
 * out first, and the size it declares is checked against a cap (and against what the compressed bytes
 * could possibly hold) before the rest is inflated, so a small file that would inflate to gigabytes is
 * refused after its header. Works on raw typed arrays so that it does not depend on the Tensor class.
 */
import { Inflate } from "fflate";
import { readRegularFile } from "../io/files.ts";
import { concatBytes } from "../io/bytes.ts";

/** The element types an IDX file can hold. */
export type IdxDtype = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

/** The typed array that holds the values of an IDX file. */
export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

/**
 * The decoded contents of an IDX file: the element type, the shape, and the values in row-major order.
 *
 * @example
 * const { dtype, shape, data } = readIdx("data/train-labels-idx1-ubyte"); // "uint8", [60000], Uint8Array
 */
export interface IdxArray {
  dtype: IdxDtype;
  shape: number[];
  data: IdxData;
}

interface IdxType {
  dtype: IdxDtype;
  itemsize: number;
  make: (n: number) => IdxData;
  /** Reads one big-endian value at byte offset `o`. */
  get: (view: DataView, o: number) => number;
}

const IDX_TYPES: ReadonlyMap<number, IdxType> = new Map<number, IdxType>([
  [0x08, { dtype: "uint8", itemsize: 1, make: (n) => new Uint8Array(n), get: (v, o) => v.getUint8(o) }],
  [0x09, { dtype: "int8", itemsize: 1, make: (n) => new Int8Array(n), get: (v, o) => v.getInt8(o) }],
  [0x0b, { dtype: "int16", itemsize: 2, make: (n) => new Int16Array(n), get: (v, o) => v.getInt16(o) }],
  [0x0c, { dtype: "int32", itemsize: 4, make: (n) => new Int32Array(n), get: (v, o) => v.getInt32(o) }],
  [0x0d, { dtype: "float32", itemsize: 4, make: (n) => new Float32Array(n), get: (v, o) => v.getFloat32(o) }],
  [0x0e, { dtype: "float64", itemsize: 8, make: (n) => new Float64Array(n), get: (v, o) => v.getFloat64(o) }],
]);

const KNOWN_TYPES = "0x08 uint8, 0x09 int8, 0x0B int16, 0x0C int32, 0x0D float32, 0x0E float64";

function fail(source: string, message: string): never {
  throw new Error(`readIdx: ${source}: ${message}`);
}

function hex(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, "0")}`;
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Checks the 4-byte magic number and returns the element type and the number of dimensions. */
function readMagic(view: DataView, source: string): { type: IdxType; ndim: number } {
  if (view.byteLength < 4) {
    fail(source, `file is too short for an IDX magic number (${view.byteLength} bytes, need 4)`);
  }
  const magic = view.getUint32(0);
  if (view.getUint8(0) !== 0 || view.getUint8(1) !== 0) {
    fail(source, `bad magic number 0x${magic.toString(16).toUpperCase().padStart(8, "0")} ` +
      "(an IDX file starts with two zero bytes, e.g. 0x00000803 for uint8 images)");
  }
  const type = IDX_TYPES.get(view.getUint8(2));
  if (type === undefined) fail(source, `unknown type byte ${hex(view.getUint8(2))} (expected one of ${KNOWN_TYPES})`);
  const ndim = view.getUint8(3);
  if (ndim === 0) fail(source, "number of dimensions is 0 (an IDX file needs at least one)");
  return { type, ndim };
}

function readShape(view: DataView, ndim: number, source: string): number[] {
  const headerBytes = 4 + 4 * ndim;
  if (view.byteLength < headerBytes) {
    fail(source, `truncated header: ${ndim} dimensions need ${headerBytes} header bytes, got ${view.byteLength}`);
  }
  const shape: number[] = [];
  for (let i = 0; i < ndim; i++) shape.push(view.getUint32(4 + 4 * i));
  return shape;
}

function showShape(shape: readonly number[]): string {
  return shape.length <= 8 ? `[${shape.join(", ")}]` : `[${shape.slice(0, 4).join(", ")}, ... (${shape.length} dims)]`;
}

/**
 * The number of elements of `shape`, refused when it or its byte size is not an exact integer: with
 * 255 dimensions of up to 2^32 - 1 the product overflows past 2^53, to Infinity, or (times a zero
 * dimension) to NaN, which compares false with every size and would slip past the checks.
 */
function elementCount(shape: readonly number[], type: IdxType, source: string): number {
  let nonzero = 1;
  for (const d of shape) if (d !== 0) nonzero *= d;
  if (!Number.isSafeInteger(nonzero)) {
    fail(source, `shape ${showShape(shape)} has more than 2^53 elements (without its zero dimensions)`);
  }
  const count = shape.includes(0) ? 0 : nonzero;
  if (!Number.isSafeInteger(count * type.itemsize)) {
    fail(source, `shape ${showShape(shape)} of ${type.dtype} needs more than 2^53 bytes`);
  }
  return count;
}

/** Checks the file holds exactly `product(shape) * itemsize` bytes after the header. */
function checkDataLength(shape: number[], type: IdxType, available: number, source: string): number {
  const count = elementCount(shape, type, source);
  const expected = count * type.itemsize;
  if (available < expected) {
    fail(source, `truncated file: shape ${showShape(shape)} of ${type.dtype} needs ${expected} bytes of data, ` +
      `got ${available}`);
  }
  if (available > expected) {
    fail(source, `trailing garbage: ${available - expected} bytes after the ${expected} bytes of data ` +
      `for shape ${showShape(shape)} of ${type.dtype}`);
  }
  return count;
}

function decodeValues(bytes: Uint8Array, offset: number, count: number, type: IdxType): IdxData {
  const out = type.make(count);
  if (type.itemsize === 1) {
    out.set(bytes.subarray(offset, offset + count));
    return out;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, count * type.itemsize);
  for (let i = 0; i < count; i++) out[i] = type.get(view, i * type.itemsize);
  return out;
}

// ---------------------------------------------------------------------------------------------
// gzip, inflated piece by piece with a cap

/** Options of {@link parseIdx} and {@link readIdx}. */
export interface IdxOptions {
  /**
   * The most bytes a gzip-compressed file may inflate to (default 2^30, 1 GiB): a file whose IDX
   * header declares more is refused before the data is inflated.
   */
  maxBytes?: number;
}

/** Default of `maxBytes`: 1 GiB (the largest common IDX set, EMNIST ByClass, is about 550 MB). */
const DEFAULT_MAX_BYTES = 2 ** 30;
/** Compressed bytes pushed into the inflater at a time (deflate inflates at most 1032x: 66 MB out). */
const PIECE = 64 * 1024;
/** Deflate's largest possible expansion: a 258-byte match in 2 bits. */
const MAX_DEFLATE_RATIO = 1032;

/** CRC-32 tables for slicing by 4: table k maps a byte k places before the end of a word. */
const CRC_TABLES = (() => {
  const t = new Int32Array(4 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    for (let k = 1; k < 4; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  }
  return t;
})();

/** The CRC-32 of gzip's trailer (IEEE 802.3, reflected), as an unsigned 32-bit number; 4 bytes a step. */
function crc32(bytes: Uint8Array): number {
  const t = CRC_TABLES;
  let c = -1;
  let i = 0;
  for (const end = bytes.length - 3; i < end; i += 4) {
    c ^= bytes[i] | (bytes[i + 1] << 8) | (bytes[i + 2] << 16) | (bytes[i + 3] << 24);
    c = t[768 + (c & 0xff)] ^ t[512 + ((c >>> 8) & 0xff)] ^ t[256 + ((c >>> 16) & 0xff)] ^ t[c >>> 24];
  }
  for (; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The length of the gzip member header at the start of `bytes` (RFC 1952), checked field by field. */
function gzipHeaderLength(bytes: Uint8Array, source: string): number {
  const truncated = (): never => fail(source, "gzip data is corrupt or truncated (the gzip header runs past the end)");
  if (bytes.length < 10) truncated();
  if (bytes[2] !== 8) fail(source, `gzip data is corrupt or truncated (compression method ${bytes[2]}, only 8 = deflate exists)`);
  const flags = bytes[3];
  if ((flags & 0xe0) !== 0) fail(source, `gzip data is corrupt or truncated (reserved header flags ${hex(flags)} are set)`);
  let at = 10;
  if (flags & 0x04) {
    if (at + 2 > bytes.length) truncated();
    at += 2 + (bytes[at] | (bytes[at + 1] << 8));
  }
  for (const flag of [0x08, 0x10]) {
    if ((flags & flag) === 0) continue;
    while (at < bytes.length && bytes[at] !== 0) at++;
    at++;
  }
  if (flags & 0x02) at += 2;
  if (at > bytes.length) truncated();
  return at;
}


/**
 * The IDX file held by a single-member gzip file, inflated a piece at a time: once the IDX header is
 * out, the size it declares must fit `maxBytes` and what the compressed bytes could hold, and the
 * inflation stops as soon as it runs past that size. The trailer's CRC-32 and length are checked.
 */
function gunzipIdx(bytes: Uint8Array, source: string, maxBytes: number): Uint8Array {
  const start = gzipHeaderLength(bytes, source);
  if (bytes.length < start + 8) fail(source, "gzip data is corrupt or truncated (no room for the 8-byte gzip trailer)");
  const body = bytes.subarray(start, bytes.length - 8);
  const trailer = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 8, 8);
  const chunks: Uint8Array[] = [];
  let total = 0;
  const inflater = new Inflate((chunk) => {
    if (chunk.length > 0) chunks.push(chunk);
    total += chunk.length;
  });
  let expected: number | null = null;
  let limit = maxBytes;
  for (let at = 0; ; at += PIECE) {
    const end = Math.min(at + PIECE, body.length);
    try {
      inflater.push(body.subarray(at, end), end === body.length);
    } catch (err) {
      fail(source, `gzip data is corrupt or truncated (${err instanceof Error ? err.message : String(err)})`);
    }
    if (expected === null && total >= 4) {
      const head = concatBytes(chunks, total).subarray(0, Math.min(total, 4 + 4 * 255));
      const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
      const { type, ndim } = readMagic(view, source);
      if (total >= 4 + 4 * ndim) {
        const shape = readShape(view, ndim, source);
        const count = elementCount(shape, type, source);
        expected = 4 + 4 * ndim + count * type.itemsize;
        const what = `shape ${showShape(shape)} of ${type.dtype} needs ${expected} bytes`;
        if (expected > maxBytes) {
          fail(source, `${what} inflated, more than maxBytes = ${maxBytes} (pass a larger maxBytes to read it)`);
        }
        if (expected > MAX_DEFLATE_RATIO * body.length + 1024) {
          fail(source, `truncated file: ${what}, more than ${body.length} bytes of gzip data can hold`);
        }
        limit = expected;
      }
    }
    if (total > limit) {
      fail(source, expected === null
        ? `gzip data inflates to more than maxBytes = ${maxBytes}`
        : `trailing garbage: the gzip data inflates to more than the ${expected} bytes its IDX header declares`);
    }
    if (end === body.length) break;
  }
  const raw = concatBytes(chunks, total);
  if (trailer.getUint32(4, true) !== total % 2 ** 32 || trailer.getUint32(0, true) !== crc32(raw)) {
    fail(source, "gzip data is corrupt or truncated (its CRC-32 or length does not match the trailer; " +
      "a file of several gzip members is not read)");
  }
  return raw;
}

/**
 * Decodes the bytes of an IDX file (plain or gzip-compressed) into a fresh typed array.
 *
 * @param bytes the file contents
 * @param source a name for error messages (default `"<bytes>"`)
 * @param options `maxBytes`: the most bytes gzip data may inflate to (default 2^30)
 * @throws Error starting with `readIdx: ` for a bad magic number, an unknown type byte, zero
 *   dimensions, corrupt gzip data, a truncated file, trailing bytes, or gzip data declaring more
 *   than `maxBytes`.
 * @example
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * parseIdx(bytes); // { dtype: "uint8", shape: [3], data: Uint8Array [7, 8, 9] }
 */
export function parseIdx(bytes: Uint8Array, source = "<bytes>", options: IdxOptions = {}): IdxArray {
  const { maxBytes = DEFAULT_MAX_BYTES } = options;
  if (!(maxBytes >= 0)) throw new Error(`readIdx: maxBytes must be a number >= 0, got ${maxBytes}`);
  const raw = isGzip(bytes) ? gunzipIdx(bytes, source, maxBytes) : bytes;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const { type, ndim } = readMagic(view, source);
  const shape = readShape(view, ndim, source);
  const headerBytes = 4 + 4 * ndim;
  const count = checkDataLength(shape, type, raw.byteLength - headerBytes, source);
  return { dtype: type.dtype, shape, data: decodeValues(raw, headerBytes, count, type) };
}

/**
 * Reads an IDX file (MNIST / Fashion-MNIST format), plain or gzip-compressed (`.gz`).
 *
 * Node only (in a browser, fetch the bytes and use {@link parseIdx}).
 *
 * @param path the file to read
 * @param options `maxBytes`: the most bytes a gzip file may inflate to (default 2^30)
 * @returns the element type, the shape and a fresh typed array of the values in row-major order
 * @throws Error starting with `readIdx: <path>: ` when the file does not exist or is malformed.
 * @example
 * const images = readIdx("data/mnist/train-images-idx3-ubyte.gz");
 * images.shape; // [60000, 28, 28]
 */
export function readIdx(path: string, options: IdxOptions = {}): IdxArray {
  return parseIdx(readRegularFile(path, "readIdx"), path, options);
}
