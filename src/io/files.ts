import type * as Crypto from "node:crypto";
import type * as Fs from "node:fs";
import type * as Path from "node:path";
import { nodeBuiltin, nodeProcess } from "../backend/platform.ts";

/*
 * The library's file access, Node only. Node's fs, path and crypto are reached through
 * `process.getBuiltinModule` (Node >= 20.16) inside the functions, never imported, so that a browser
 * bundle of the library holds no Node built-in; there these functions throw an error that names the
 * caller and says to pass bytes instead.
 */

/** Node's modules for files, from {@link nodeFiles}. */
export interface NodeFiles {
  fs: typeof Fs;
  path: typeof Path;
  crypto: typeof Crypto;
}

/**
 * Node's `node:fs`, `node:path` and `node:crypto` for `op`; outside Node an Error
 * `<op>: <what> needs Node; <instead>` (defaults: "reading a file path", "pass the bytes (Uint8Array)
 * instead").
 * @example
 * const { fs, path } = nodeFiles("mnist");
 * fs.existsSync(path.join("data", "mnist")); // in a browser: Error "mnist: reading a file path needs Node; ..."
 */
export function nodeFiles(op: string, what = "reading a file path", instead = "pass the bytes (Uint8Array) instead"): NodeFiles {
  const fs = nodeBuiltin<typeof Fs>("node:fs");
  const path = nodeBuiltin<typeof Path>("node:path");
  const crypto = nodeBuiltin<typeof Crypto>("node:crypto");
  if (fs === null || path === null || crypto === null) {
    const node = nodeProcess() === undefined ? "Node" : "Node >= 20.16 (process.getBuiltinModule)";
    throw new Error(`${op}: ${what} needs ${node}; ${instead}`);
  }
  return { fs, path, crypto };
}

/**
 * Writes a file atomically: the bytes go to `path + ".tmp-<pid>-<random>"`, synced to disk, then
 * renamed over `path`, so readers never see a half-written file and an existing file is left
 * untouched if anything fails. Creates the parent directory if it is missing. Node only: elsewhere
 * it throws `<op>: writing a file needs Node; ...` (`op` default "writeFileAtomic").
 * @example
 * writeFileAtomic("runs/mnist/metrics.json", JSON.stringify(metrics));
 */
export function writeFileAtomic(path: string, contents: Uint8Array | string, op = "writeFileAtomic"): void {
  const { fs, path: paths, crypto } = nodeFiles(op, "writing a file", "keep the bytes (Uint8Array) instead");
  const bytes = typeof contents === "string" ? new TextEncoder().encode(contents) : contents;
  fs.mkdirSync(paths.dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${(nodeProcess() as { pid?: number } | undefined)?.pid ?? 0}-${crypto.randomBytes(6).toString("hex")}`;
  try {
    const fd = fs.openSync(tmp, "wx");
    try {
      let written = 0;
      while (written < bytes.length) written += fs.writeSync(fd, bytes, written, bytes.length - written);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, path);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
}

/** The name `writeFileAtomic` gives its temporary file: `<target>.tmp-<pid>-<12 hex>`. */
const TEMPORARY = /^(.+)\.tmp-(\d+)-[0-9a-f]{12}$/;

/**
 * Removes from `dir` the temporary files that a killed `writeFileAtomic` left: names
 * `<target>.tmp-<pid>-<12 hex>` whose target passes `target` (default: any), written by another
 * process, regular files last modified before `before` (ms since the epoch, e.g. when the run began).
 * Returns the names removed. Node only (`op` names the caller in the error elsewhere).
 * @example removeStaleTemporaries("runs/x", runStart, "train"); // ["model.safetensors.tmp-4242-0a1b2c3d4e5f"]
 */
export function removeStaleTemporaries(dir: string, before: number, op: string, target: (name: string) => boolean = () => true): string[] {
  const { fs, path } = nodeFiles(op, "cleaning a folder");
  const pid = (nodeProcess() as { pid?: number } | undefined)?.pid;
  const removed: string[] = [];
  for (const name of fs.readdirSync(dir)) {
    const m = TEMPORARY.exec(name);
    if (m === null || Number(m[2]) === pid || !target(m[1])) continue;
    const file = path.join(dir, name);
    const stat = fs.lstatSync(file);
    if (!stat.isFile() || stat.mtimeMs >= before) continue;
    fs.rmSync(file, { force: true });
    removed.push(name);
  }
  return removed;
}

/**
 * Reads a whole file, refusing anything that is not a regular file (a folder, a pipe or a device
 * could fail oddly or block forever). Errors read `<op>: <path>: file does not exist`. Node only:
 * elsewhere it throws `<op>: reading a file path needs Node; <instead>` (default: pass the bytes
 * (Uint8Array) instead).
 * @example
 * const bytes = readRegularFile("model.safetensors", "safetensors");
 */
export function readRegularFile(path: string, op: string, instead?: string): Uint8Array {
  const { fs } = nodeFiles(op, undefined, instead);
  let isFile: boolean;
  try {
    isFile = fs.statSync(path).isFile();
  } catch {
    throw new Error(`${op}: ${path}: file does not exist`);
  }
  if (!isFile) throw new Error(`${op}: ${path}: not a regular file`);
  return fs.readFileSync(path);
}
