import { Gunzip } from "fflate";
import { nodeBuiltin } from "../backend/platform.ts";
import { concatBytes } from "../io/bytes.ts";
import { shortText } from "../tensor/format.ts";

/*
 * Reading .tar and .tar.gz archives from bytes (any host) or a path (Node), with caps: the gzip
 * stream is inflated piece by piece (fflate's streaming Gunzip) and the tar headers parsed as the
 * bytes arrive, so reading stops as soon as the entries wanted are in, the archive's end is seen or
 * the cap on decompressed bytes is passed — a gzip bomb fails fast instead of being inflated whole.
 * Headers are parsed by hand (ustar, GNU long names, pax `path` / `size`): every header's checksum is
 * verified, an entry whose size runs past the archive is an error naming it, only regular files are
 * returned, and names are normalised ("./a/b" -> "a/b"; absolute names and ".." are refused).
 */

/**
 * One regular file of an archive.
 * @example
 * const [{ name, data }] = readTar(bytes); // "cifar-10-batches-py/data_batch_4", its bytes
 */
export interface TarEntry {
  /** Its normalised path inside the archive, e.g. "cifar-10-batches-py/data_batch_1". */
  name: string;
  /** Its contents. */
  data: Uint8Array;
}

/**
 * Options of `readTar` / `readTarFile`.
 * @example
 * readTar(bytes, { maxBytes: 256 * 1024 * 1024, select: (name) => name.endsWith("test_batch"), done: (es) => es.length === 1 });
 */
export interface ReadTarOptions {
  /** Most bytes of tar (after gunzip) read before giving up (default 1 GiB). */
  maxBytes?: number;
  /** Most bytes one returned entry may hold (default `maxBytes`). */
  maxEntryBytes?: number;
  /** Which regular files to keep, by normalised name and size (default: all). Others are skipped. */
  select?: (name: string, size: number) => boolean;
  /** Reading stops as soon as this returns true for the entries kept so far (default: never). */
  done?: (entries: TarEntry[]) => boolean;
  /** Called with (bytes of the archive consumed so far, its total size) as reading goes. */
  onProgress?: (consumed: number, total: number) => void;
  /** How errors name the archive (default "archive"; `readTarFile` uses the path). */
  name?: string;
}

const GiB = 1024 * 1024 * 1024;
const PIECE = 1024 * 1024; // bytes read from a file, or handed to the parser, at a time
const BLOCK = 512;
// Compressed bytes per inflate step: deflate expands at most ~1032 times, so a step is sized to the
// room left under the cap (between 4 KB and 64 KB: at most ~66 MB out per step).
const MIN_STEP = 4 * 1024;
const MAX_STEP = 64 * 1024;

/**
 * True if `bytes` starts with gzip's magic number (0x1f 0x8b).
 * @example isGzip(bytes) ? "tar.gz" : "tar";
 */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * Inflates gzip `bytes`, stopping with an error once more than `maxBytes` come out (default 1 GiB),
 * so a gzip bomb fails after inflating little more than the cap.
 * @example
 * const raw = gunzip(bytes, { maxBytes: 64 * 1024 * 1024 });
 */
export function gunzip(bytes: Uint8Array, options: { maxBytes?: number; name?: string } = {}): Uint8Array {
  const name = options.name ?? "gunzip";
  const maxBytes = options.maxBytes ?? GiB;
  if (!isGzip(bytes)) throw new Error(`${name}: not gzip data (the first bytes are not 1f 8b)`);
  const parts: Uint8Array[] = [];
  let total = 0;
  inflateChunks(
    name,
    [bytes],
    bytes.length,
    () => maxBytes - total,
    (out) => {
      total += out.length;
      if (total > maxBytes) throw new Error(`${name}: more than ${maxBytes} bytes once decompressed (a gzip bomb?); pass a larger maxBytes to read it`);
      parts.push(out);
      return false;
    },
    undefined,
  );
  return concatBytes(parts, total);
}

/**
 * The regular files of a .tar or .tar.gz archive given as bytes (gzip is recognised by its magic
 * number). See `ReadTarOptions` for the caps, the selection and early stopping.
 * @param bytes the archive.
 * @returns the entries kept, in archive order.
 * @example
 * const entries = readTar(bytes, { select: (name) => name.endsWith(".bin") });
 * for (const { name, data } of entries) console.log(name, data.length);
 */
export function readTar(bytes: Uint8Array, options: ReadTarOptions = {}): TarEntry[] {
  // In 1 MB pieces, so that progress is reported as a plain tar is parsed too.
  function* pieces(): Generator<Uint8Array> {
    for (let at = 0; at < bytes.length; at += PIECE) yield bytes.subarray(at, Math.min(at + PIECE, bytes.length));
  }
  return readChunks(bytes.length === 0 ? [bytes] : pieces(), bytes.length, options, options.name ?? "archive");
}

/**
 * The regular files of a .tar or .tar.gz archive on disk (Node only), read in pieces so that a
 * big archive is never held whole and reading stops early when `done` says so.
 * @param path the archive's path.
 * @example
 * const entries = readTarFile("data/cifar-10-python.tar.gz", { select: (n) => n.includes("data_batch") });
 */
export function readTarFile(path: string, options: ReadTarOptions = {}): TarEntry[] {
  const name = options.name ?? path;
  const fs = nodeBuiltin<typeof import("node:fs")>("node:fs");
  if (fs === null) throw new Error(`${name}: reading a path needs Node's fs; pass the archive's bytes instead`);
  let size: number;
  try {
    const st = fs.statSync(path);
    if (!st.isFile()) throw new Error(`${name}: not a regular file`);
    size = st.size;
  } catch (err) {
    if (err instanceof Error && err.message.startsWith(name)) throw err;
    throw new Error(`${name}: file does not exist`);
  }
  const fd = fs.openSync(path, "r");
  try {
    function* chunks(): Generator<Uint8Array> {
      for (;;) {
        const buf = new Uint8Array(PIECE);
        const n = fs!.readSync(fd, buf, 0, buf.length, null);
        if (n === 0) return;
        yield buf.subarray(0, n);
      }
    }
    return readChunks(chunks(), size, options, name);
  } finally {
    fs.closeSync(fd);
  }
}

function readChunks(source: Iterable<Uint8Array>, total: number, options: ReadTarOptions, name: string): TarEntry[] {
  const maxBytes = options.maxBytes ?? GiB;
  const parser = new TarParser(name, maxBytes, options.maxEntryBytes ?? maxBytes, options.select, options.done);
  const it = source[Symbol.iterator]();
  const first = it.next();
  if (first.done === true || first.value.length === 0) throw new Error(`${name}: empty archive`);
  function* all(): Generator<Uint8Array> {
    yield first.value as Uint8Array;
    for (let r = it.next(); r.done !== true; r = it.next()) yield r.value;
  }
  if (isGzip(first.value)) {
    inflateChunks(name, all(), total, () => parser.room(), (out) => parser.push(out, -1), options.onProgress);
  } else {
    let consumed = 0;
    for (const chunk of all()) {
      consumed += chunk.length;
      const stop = parser.push(chunk, total - consumed);
      options.onProgress?.(consumed, total);
      if (stop) break;
    }
  }
  return parser.end();
}

/**
 * Feeds `chunks` of gzip data through fflate's streaming Gunzip in steps sized by `room()` (bytes
 * left under the cap); `sink` gets each piece inflated and returns true to stop early. Errors of
 * fflate become errors naming `name`.
 */
function inflateChunks(
  name: string,
  chunks: Iterable<Uint8Array>,
  total: number,
  room: () => number,
  sink: (out: Uint8Array) => boolean,
  onProgress: ((consumed: number, total: number) => void) | undefined,
): void {
  let stop = false;
  let ended = false;
  const gz = new Gunzip((out, final) => {
    if (final) ended = true;
    if (!stop && out.length > 0 && sink(out)) stop = true;
  });
  let consumed = 0;
  const step = (piece: Uint8Array, final: boolean): void => {
    try {
      gz.push(piece, final);
    } catch (err) {
      if (err instanceof Error && err.message.startsWith(name)) throw err;
      throw new Error(`${name}: the gzip data is corrupt or truncated (${err instanceof Error ? err.message : String(err)})`);
    }
  };
  const feed = (piece: Uint8Array, last: boolean): void => {
    for (let at = 0; at < piece.length && !stop; ) {
      const size = Math.max(MIN_STEP, Math.min(MAX_STEP, Math.floor(room() / 1032)));
      const end = Math.min(at + size, piece.length);
      step(piece.subarray(at, end), last && end === piece.length);
      at = end;
      if (end < piece.length) onProgress?.(consumed + end, total);
    }
  };
  let pending: Uint8Array | null = null;
  for (const chunk of chunks) {
    if (pending !== null) {
      feed(pending, false);
      consumed += pending.length;
      onProgress?.(consumed, total);
      if (stop) return;
    }
    pending = chunk;
  }
  if (pending === null) throw new Error(`${name}: empty gzip data`);
  feed(pending, true);
  consumed += pending.length;
  onProgress?.(consumed, total);
  if (!stop && !ended) throw new Error(`${name}: the gzip data is truncated`);
}


const latin1 = new TextDecoder("latin1");
const utf8 = new TextDecoder("utf-8");

function field(h: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && h[end] !== 0) end++;
  return utf8.decode(h.subarray(start, end));
}

/** A numeric header field: octal text (NUL/space padded), or GNU's base-256 when the top bit is set. */
function number(h: Uint8Array, start: number, length: number): number {
  if (h[start] & 0x80) {
    let v = h[start] & 0x7f;
    for (let k = 1; k < length; k++) v = v * 256 + h[start + k];
    return v;
  }
  const t = latin1.decode(h.subarray(start, start + length)).replace(/[\0 ]+$/, "").replace(/^[\0 ]+/, "");
  if (t === "") return 0;
  if (!/^[0-7]+$/.test(t)) return NaN;
  return parseInt(t, 8);
}

/** An entry's name for an error message: a GNU long name or pax path may run to 1 MB, so cut to 100 characters. */
function shown(name: string): string {
  return shortText(name, 100);
}

/** The entry's name made safe: "./a//b" -> "a/b"; absolute names and ".." are errors. */
function normalise(archive: string, raw: string): string {
  if (raw.startsWith("/") || /^[A-Za-z]:[\\/]/.test(raw)) throw new Error(`${archive}: entry '${shown(raw)}' has an absolute path`);
  const parts = raw.split("/").filter((p) => p !== "" && p !== ".");
  if (parts.includes("..")) throw new Error(`${archive}: entry '${shown(raw)}' has '..' in its path`);
  return parts.join("/");
}

/** Parses tar as it arrives: push(chunk) -> true once reading may stop; end() -> the entries. */
class TarParser {
  private header = new Uint8Array(BLOCK);
  private headerFill = 0;
  private state: "header" | "data" | "pad" | "finished" = "header";
  private remaining = 0; // data or pad bytes left
  private current: { name: string; size: number; kind: "keep" | "skip" | "longname" | "pax"; parts: Uint8Array[] } | null = null;
  private longName: string | null = null;
  private paxPath: string | null = null;
  private paxSize: number | null = null;
  private readBytes = 0;
  private readonly entries: TarEntry[] = [];

  constructor(
    private readonly archive: string,
    private readonly maxBytes: number,
    private readonly maxEntryBytes: number,
    private readonly select: ((name: string, size: number) => boolean) | undefined,
    private readonly done: ((entries: TarEntry[]) => boolean) | undefined,
  ) {}

  /** Takes the next bytes; `left` is how many bytes of tar follow this chunk (-1: unknown). */
  push(chunk: Uint8Array, left: number): boolean {
    if (this.state === "finished") return true;
    this.readBytes += chunk.length;
    if (this.readBytes > this.maxBytes) {
      throw new Error(`${this.archive}: more than ${this.maxBytes} bytes once decompressed (a gzip bomb?); pass a larger maxBytes to read it`);
    }
    let at = 0;
    while (at < chunk.length) {
      if (this.state === "header") {
        const n = Math.min(BLOCK - this.headerFill, chunk.length - at);
        this.header.set(chunk.subarray(at, at + n), this.headerFill);
        this.headerFill += n;
        at += n;
        if (this.headerFill === BLOCK) {
          this.headerFill = 0;
          this.onHeader(left < 0 ? -1 : left + (chunk.length - at));
          if (this.isFinished()) return true;
        }
      } else if (this.state === "data") {
        const n = Math.min(this.remaining, chunk.length - at);
        const cur = this.current!;
        if (cur.kind !== "skip") cur.parts.push(chunk.slice(at, at + n));
        this.remaining -= n;
        at += n;
        if (this.remaining === 0) {
          this.onData();
          if (this.isFinished()) return true;
        }
      } else if (this.state === "pad") {
        const n = Math.min(this.remaining, chunk.length - at);
        this.remaining -= n;
        at += n;
        if (this.remaining === 0) this.state = "header";
      } else {
        return true;
      }
    }
    return false;
  }

  /** Bytes that may still be read under the cap. */
  room(): number {
    return this.maxBytes - this.readBytes;
  }

  private isFinished(): boolean {
    return this.state === "finished";
  }

  end(): TarEntry[] {
    if (this.state === "data") {
      const cur = this.current!;
      throw new Error(`${this.archive}: entry '${shown(cur.name)}' declares ${cur.size} bytes but the archive ends after ${cur.size - this.remaining} of them`);
    }
    if (this.state === "header" && this.headerFill > 0) throw new Error(`${this.archive}: truncated: the archive ends inside a header`);
    if (this.entries.length === 0 && this.readBytes === 0) throw new Error(`${this.archive}: empty archive`);
    return this.entries;
  }

  private onHeader(left: number): void {
    const h = this.header;
    if (h.every((b) => b === 0)) {
      this.state = "finished"; // end-of-archive marker
      return;
    }
    const stored = number(h, 148, 8);
    let sum = 0;
    let signed = 0;
    for (let k = 0; k < BLOCK; k++) {
      const b = k >= 148 && k < 156 ? 0x20 : h[k];
      sum += b;
      signed += b > 127 ? b - 256 : b;
    }
    const rawName = field(h, 0, 100);
    if (stored !== sum && stored !== signed) {
      throw new Error(`${this.archive}: bad header checksum for entry '${rawName}' (stored ${Number.isNaN(stored) ? "not a number" : stored}, computed ${sum}): not a tar archive, or a corrupt one`);
    }
    const type = h[156] === 0 ? "0" : String.fromCharCode(h[156]);
    const magic = latin1.decode(h.subarray(257, 262));
    let raw = rawName;
    if (magic === "ustar") {
      const prefix = field(h, 345, 155);
      if (prefix !== "") raw = `${prefix}/${rawName}`;
    }
    if (this.longName !== null) raw = this.longName;
    if (this.paxPath !== null) raw = this.paxPath;
    let size = number(h, 124, 12);
    if (this.paxSize !== null && (type === "0" || type === "7")) size = this.paxSize;
    if (!Number.isSafeInteger(size) || size < 0) throw new Error(`${this.archive}: entry '${shown(raw)}' has an invalid size field`);
    if (left >= 0 && size > left) {
      throw new Error(`${this.archive}: entry '${shown(raw)}' declares ${size} bytes but the archive has only ${left} left (truncated or corrupt)`);
    }
    let kind: "keep" | "skip" | "longname" | "pax" = "skip";
    let name = raw;
    if (type === "L" || type === "x") {
      if (size > 1024 * 1024) throw new Error(`${this.archive}: ${type === "L" ? "long-name" : "pax"} header of ${size} bytes is too large`);
      kind = type === "L" ? "longname" : "pax";
    } else {
      this.longName = null;
      this.paxPath = null;
      this.paxSize = null;
      if (type === "0" || type === "7") {
        name = normalise(this.archive, raw);
        if (this.select === undefined || this.select(name, size)) {
          if (size > this.maxEntryBytes) throw new Error(`${this.archive}: entry '${shown(name)}' declares ${size} bytes, more than the ${this.maxEntryBytes} allowed`);
          kind = "keep";
        }
      }
    }
    // Types "g" (global pax), "5" (folder), links, devices and others are skipped.
    this.current = { name, size, kind, parts: [] };
    this.remaining = size;
    if (size === 0) this.onData();
    else this.state = "data";
  }

  private onData(): void {
    const cur = this.current!;
    const data = concatBytes(cur.parts, cur.size);
    if (cur.kind === "keep") {
      this.entries.push({ name: cur.name, data: cur.parts.length === 0 ? new Uint8Array(0) : data });
    } else if (cur.kind === "longname") {
      this.longName = field(data, 0, data.length);
    } else if (cur.kind === "pax") {
      this.parsePax(data);
    }
    this.current = null;
    const pad = (BLOCK - (cur.size % BLOCK)) % BLOCK;
    this.remaining = pad;
    this.state = pad === 0 ? "header" : "pad";
    if (cur.kind === "keep" && this.done?.(this.entries) === true) this.state = "finished";
  }

  /** pax records "<len> <key>=<value>\n": `path` and `size` apply to the next entry. */
  private parsePax(data: Uint8Array): void {
    let at = 0;
    while (at < data.length) {
      const space = data.indexOf(0x20, at);
      if (space < 0) break;
      const len = Number(latin1.decode(data.subarray(at, space)));
      if (!Number.isInteger(len) || len <= 0 || at + len > data.length) throw new Error(`${this.archive}: corrupt pax header`);
      const record = utf8.decode(data.subarray(space + 1, at + len - 1));
      const eq = record.indexOf("=");
      const key = record.slice(0, eq);
      const value = record.slice(eq + 1);
      if (key === "path") this.paxPath = value;
      if (key === "size") {
        if (!/^\d{1,16}$/.test(value)) throw new Error(`${this.archive}: corrupt pax size '${shown(value)}'`);
        this.paxSize = Number(value);
      }
      at += len;
    }
  }
}
