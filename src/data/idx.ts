/**
 * Reader for the IDX binary format used by MNIST, Fashion-MNIST, EMNIST and friends.
 *
 * Layout (all integers big-endian):
 * - 4-byte magic: two zero bytes, a type byte, a number-of-dimensions byte;
 * - one unsigned 32-bit size per dimension;
 * - the values in row-major order, each big-endian.
 *
 * Files may be plain or gzip-compressed (detected by the gzip magic `1f 8b`, not by the name).
 * Works on raw typed arrays so that it does not depend on the Tensor class.
 */
import { readRegularFile } from "../io/files.ts";
import { gunzipSync } from "node:zlib";

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

function gunzip(bytes: Uint8Array, source: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    return fail(source, `gzip data is corrupt or truncated (${reason})`);
  }
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

/** Checks the file holds exactly `product(shape) * itemsize` bytes after the header. */
function checkDataLength(shape: number[], type: IdxType, available: number, source: string): number {
  const count = shape.reduce((a, b) => a * b, 1);
  const expected = count * type.itemsize;
  if (available < expected) {
    fail(source, `truncated file: shape [${shape.join(", ")}] of ${type.dtype} needs ${expected} bytes of data, ` +
      `got ${available}`);
  }
  if (available > expected) {
    fail(source, `trailing garbage: ${available - expected} bytes after the ${expected} bytes of data ` +
      `for shape [${shape.join(", ")}] of ${type.dtype}`);
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

/**
 * Decodes the bytes of an IDX file (plain or gzip-compressed) into a fresh typed array.
 *
 * @param bytes the file contents
 * @param source a name for error messages (default `"<bytes>"`)
 * @throws Error starting with `readIdx: ` for a bad magic number, an unknown type byte, zero
 *   dimensions, corrupt gzip data, a truncated file or trailing bytes.
 * @example
 * const bytes = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]);
 * parseIdx(bytes); // { dtype: "uint8", shape: [3], data: Uint8Array [7, 8, 9] }
 */
export function parseIdx(bytes: Uint8Array, source = "<bytes>"): IdxArray {
  const raw = isGzip(bytes) ? gunzip(bytes, source) : bytes;
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
 * @param path the file to read
 * @returns the element type, the shape and a fresh typed array of the values in row-major order
 * @throws Error starting with `readIdx: <path>: ` when the file does not exist or is malformed.
 * @example
 * const images = readIdx("data/mnist/train-images-idx3-ubyte.gz");
 * images.shape; // [60000, 28, 28]
 */
export function readIdx(path: string): IdxArray {
  return parseIdx(readRegularFile(path, "readIdx"), path);
}
