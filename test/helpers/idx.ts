import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A uint8 IDX file built by hand: magic 00 00 08 <ndim>, the sizes as big-endian uint32, then the
 * values, given as bytes or as a function of the flat index.
 */
export function idxU8(shape: number[], values: Uint8Array | ((i: number) => number)): Uint8Array {
  const n = shape.reduce((a, b) => a * b, 1);
  const body = typeof values === "function" ? Uint8Array.from({ length: n }, (_, i) => values(i)) : values;
  const out = new Uint8Array(4 + 4 * shape.length + body.length);
  out.set([0, 0, 0x08, shape.length]);
  const view = new DataView(out.buffer);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(body, 4 + 4 * shape.length);
  return out;
}

/** Runs `fn` on a fresh temporary folder (named `prefix`...) and removes it afterwards. */
export function withTempDir(prefix: string, fn: (dir: string) => void): void {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  try {
    fn(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A tiny MNIST folder in `dir`: 48 training and 16 test 28x28 images whose label shows in their
 * brightness, as the four IDX files `--data-dir` reads.
 */
export function tinyMnist(dir: string): void {
  const write = (name: string, count: number, offset: number): void => {
    const label = (k: number) => (k * 7 + offset) % 10;
    writeFileSync(join(dir, `${name}-images-idx3-ubyte`), idxU8([count, 28, 28], (i) => (label(Math.floor(i / 784)) * 25 + (i % 13)) & 255));
    writeFileSync(join(dir, `${name}-labels-idx1-ubyte`), idxU8([count], label));
  };
  write("train", 48, 0);
  write("t10k", 16, 3);
}
