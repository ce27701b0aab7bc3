import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * Writes a file atomically: the bytes go to `path + ".tmp-<pid>-<random>"`, synced to disk, then
 * renamed over `path`, so readers never see a half-written file and an existing file is left
 * untouched if anything fails. Creates the parent directory if it is missing.
 * @example
 * writeFileAtomic("runs/mnist/metrics.json", JSON.stringify(metrics));
 */
export function writeFileAtomic(path: string, contents: Uint8Array | string): void {
  const bytes = typeof contents === "string" ? new TextEncoder().encode(contents) : contents;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.tmp-${process.pid}-${randomBytes(6).toString("hex")}`;
  try {
    const fd = openSync(tmp, "wx");
    try {
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}

/**
 * Reads a whole file, refusing anything that is not a regular file (a folder, a pipe or a device
 * could fail oddly or block forever). Errors read `<op>: <path>: file does not exist`.
 * @example
 * const bytes = readRegularFile("model.safetensors", "safetensors");
 */
export function readRegularFile(path: string, op: string): Uint8Array {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new Error(`${op}: ${path}: file does not exist`);
  }
  if (!isFile) throw new Error(`${op}: ${path}: not a regular file`);
  return readFileSync(path);
}
