import { test } from "node:test";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadMnistIdx } from "../../src/datasets/mnist.ts";
import { withTempDir } from "../helpers/idx.ts";
import { assertCleanFailure, assertReader, FUZZ_RUNS } from "./_fuzz.ts";
import { idxBytes, mnistTarget } from "./_targets.ts";

test("fuzz: loadMnistIdx on a folder of mutated IDX files returns consistent samples or a short error naming it", () => {
  assertReader(mnistTarget, Math.max(1, Math.round(FUZZ_RUNS / 3)));
});

test("fuzz: MNIST images whose header claims 2^40 bytes fail before allocating", () => {
  withTempDir("backprop-fuzz-mnist-", (dir) => {
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idxBytes(0x08, [1402438, 28, 28000], new Uint8Array(0)));
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), idxBytes(0x08, [1], new Uint8Array(1)));
    assertCleanFailure(() => loadMnistIdx(dir, "test"), ["readIdx: "], /truncated file: shape \[1402438, 28, 28000\] of uint8 needs 1099511392000 bytes/);
  });
});

test("fuzz regression: MNIST labels of 220 dimensions get an error under 500 characters (was 892)", () => {
  withTempDir("backprop-fuzz-mnist-", (dir) => {
    writeFileSync(join(dir, "t10k-images-idx3-ubyte"), idxBytes(0x08, [1, 28, 28], new Uint8Array(784)));
    writeFileSync(join(dir, "t10k-labels-idx1-ubyte"), idxBytes(0x08, Array<number>(220).fill(1), new Uint8Array(1)));
    assertCleanFailure(() => loadMnistIdx(dir, "test"), ["mnist: "], /expected uint8 labels of shape \[n\], got uint8 of shape \[1, 1, 1, 1, \.\.\. \(220 dims\)\]/);
  });
});
