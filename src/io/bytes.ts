import type * as Fs from "node:fs";
import type * as Url from "node:url";
import { nodeBuiltin } from "../backend/platform.ts";
import { readRegularFile } from "./files.ts";

/*
 * The bytes of whatever a browser (or Node) holds a file as, for the readers that take bytes
 * (`data.parseIdx`, `io.parseSafetensors`, ...): typed arrays as they are, a Blob or File read
 * whole, a fetched Response's body, a URL fetched (a file: URL read from disk in Node). Every read is
 * capped by `maxBytes` before its bytes are held.
 */

/** What {@link toBytes} accepts. */
export type BytesInput = Uint8Array | ArrayBuffer | ArrayBufferView | Blob | Response | URL;

/** Options of {@link toBytes}. */
export interface ToBytesOptions {
  /** The most bytes to read (default 2^30, 1 GiB): a larger Blob, Response or file is refused. */
  maxBytes?: number;
}

const DEFAULT_MAX_BYTES = 2 ** 30;

function fail(what: string, message: string): never {
  throw new Error(`toBytes: ${what}: ${message}`);
}

function tooBig(what: string, size: number, maxBytes: number): never {
  return fail(what, `${size} bytes, more than maxBytes = ${maxBytes} (pass a larger maxBytes to read it)`);
}

/** A Response's body, refused by its Content-Length or as soon as the stream runs past `maxBytes`. */
async function responseBytes(response: Response, what: string, maxBytes: number): Promise<Uint8Array> {
  if (!response.ok) fail(what, `HTTP ${response.status}${response.statusText === "" ? "" : ` ${response.statusText}`}`);
  const declared = Number(response.headers.get("content-length") ?? NaN);
  if (declared > maxBytes) tooBig(what, declared, maxBytes);
  if (response.body === null) return new Uint8Array(0);
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.length;
    if (total > maxBytes) {
      await reader.cancel();
      fail(what, `the body runs past maxBytes = ${maxBytes} bytes (pass a larger maxBytes to read it)`);
    }
    chunks.push(value);
  }
  return concatBytes(chunks, total);
}

/**
 * The chunks one after another in one array (the chunk itself when there is one); `total` is the sum of
 * their lengths.
 * @example concatBytes([new Uint8Array([1]), new Uint8Array([2, 3])], 3); // Uint8Array [1, 2, 3]
 */
export function concatBytes(chunks: readonly Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A file: URL read from disk (Node only: fetch does not read file: URLs there). */
function fileUrlBytes(url: URL, maxBytes: number): Uint8Array {
  const urls = nodeBuiltin<typeof Url>("node:url");
  if (urls === null) fail(url.href, "a file: URL can be read only in Node; in a browser, pass a File or an http(s) URL");
  const path = urls.fileURLToPath(url);
  const fs = nodeBuiltin<typeof Fs>("node:fs")!;
  let size = 0;
  try {
    size = fs.statSync(path).size;
  } catch {
    // readRegularFile reports a missing file
  }
  if (size > maxBytes) tooBig(url.href, size, maxBytes);
  return readRegularFile(path, "toBytes");
}

/**
 * The bytes of `input`, for the readers that take bytes (in a browser, where file paths cannot be
 * read): a `Uint8Array` is returned as it is, an `ArrayBuffer` or other typed array or DataView as a
 * `Uint8Array` over the same memory; a `Blob` or `File` is read whole; a `Response` has its body read
 * (an HTTP error status is an error); a `URL` is fetched (a `file:` URL is read from disk in Node).
 *
 * @param input the data, in any of those forms
 * @param options `maxBytes` (default 2^30): a larger input is refused before (Blob, file, a declared
 *   Content-Length) or while (a streamed body) it is read
 * @returns the bytes as a `Uint8Array`
 * @throws Error starting with `toBytes: ` for an input of another kind, an HTTP error, a fetch that
 *   fails, or more than `maxBytes` bytes.
 * @example
 * const file = input.files[0];                               // an <input type="file">
 * const labels = bp.data.parseIdx(await bp.io.toBytes(file));
 * const images = bp.data.parseIdx(await bp.io.toBytes(new URL("data/t10k-images-idx3-ubyte.gz", location.href)));
 */
export async function toBytes(input: BytesInput, options: ToBytesOptions = {}): Promise<Uint8Array> {
  const { maxBytes = DEFAULT_MAX_BYTES } = options;
  if (!(maxBytes >= 0)) throw new Error(`toBytes: maxBytes must be a number >= 0, got ${maxBytes}`);
  if (input instanceof Uint8Array) return input;
  if (input instanceof ArrayBuffer) return new Uint8Array(input);
  if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
  if (typeof Blob === "function" && input instanceof Blob) {
    const what = typeof File === "function" && input instanceof File ? `file ${input.name}` : "Blob";
    if (input.size > maxBytes) tooBig(what, input.size, maxBytes);
    return new Uint8Array(await input.arrayBuffer());
  }
  if (typeof Response === "function" && input instanceof Response) return responseBytes(input, input.url === "" ? "Response" : input.url, maxBytes);
  if (input instanceof URL) {
    if (input.protocol === "file:") return fileUrlBytes(input, maxBytes);
    let response: Response;
    try {
      response = await fetch(input);
    } catch (err) {
      return fail(input.href, `fetch failed (${err instanceof Error ? err.message : String(err)})`);
    }
    return responseBytes(response, input.href, maxBytes);
  }
  const kind = input === null ? "null" : typeof input === "object" ? (input as object).constructor?.name ?? "object" : typeof input;
  return fail("input", `expected a Uint8Array, ArrayBuffer, typed array, Blob, File, Response or URL, got ${kind}` +
    (typeof input === "string" ? " (wrap a URL in new URL(...); a file path goes to the reader that takes a path)" : ""));
}
