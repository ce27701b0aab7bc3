import { test } from "node:test";
import { gzipSync } from "fflate";
import { parseIdx } from "../../src/data/idx.ts";
import { assertCleanFailure, assertReader } from "./_fuzz.ts";
import { idxBytes, idxTarget } from "./_targets.ts";

const PREFIX = ["readIdx: fuzz.idx: "];

test("fuzz: parseIdx on mutated plain and gzip IDX files returns consistent arrays or a short error naming it", () => {
  assertReader(idxTarget);
});

test("fuzz: an IDX header claiming 2^40 bytes fails before allocating, plain or gzip", () => {
  // 2^20 * 2^20 uint8 values = 2^40 bytes
  const header = idxBytes(0x08, [2 ** 20, 2 ** 20], new Uint8Array(16));
  assertCleanFailure(() => parseIdx(header, "fuzz.idx"), PREFIX, /truncated file: shape \[1048576, 1048576\] of uint8 needs 1099511627776 bytes/);
  assertCleanFailure(() => parseIdx(gzipSync(header), "fuzz.idx"), PREFIX, /needs 1099511627788 bytes inflated, more than maxBytes/);
});

test("fuzz: a small gzip bomb (1 KB inflating to 1 MB) is refused after its header, past maxBytes", () => {
  const bomb = gzipSync(idxBytes(0x08, [1 << 20], new Uint8Array(1 << 20)), { level: 9 });
  assertCleanFailure(() => parseIdx(bomb, "fuzz.idx", { maxBytes: 1 << 16 }), PREFIX, /needs 1048584 bytes inflated, more than maxBytes = 65536/);
});

test("fuzz regression: an IDX header of 200 dimensions gets an error under 500 characters (was 672)", () => {
  const bytes = idxBytes(0x08, Array<number>(200).fill(1), new Uint8Array(0));
  assertCleanFailure(() => parseIdx(bytes, "fuzz.idx"), PREFIX, /truncated file: shape \[1, 1, 1, 1, \.\.\. \(200 dims\)\] of uint8 needs 1 bytes/);
  const trailing = idxBytes(0x08, Array<number>(200).fill(1), new Uint8Array(3));
  assertCleanFailure(() => parseIdx(trailing, "fuzz.idx"), PREFIX, /trailing garbage: 2 bytes after .* \[1, 1, 1, 1, \.\.\. \(200 dims\)\]/);
});
