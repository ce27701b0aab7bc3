import { test } from "node:test";
import { gzipSync } from "fflate";
import { readTar } from "../../src/data/archive.ts";
import { tar } from "../helpers/tar.ts";
import { assertCleanFailure, assertReader } from "./_fuzz.ts";
import { tarTarget } from "./_targets.ts";

const PREFIX = ["fuzz.tar: "];

test("fuzz: readTar on mutated .tar / .tar.gz archives and edited headers returns safe entries or a short error naming it", () => {
  assertReader(tarTarget);
});

test("fuzz: a tar entry whose base-256 size field claims 2^40 bytes fails before allocating", () => {
  const bytes = tar([{ name: "big.bin", data: new Uint8Array(8) }]);
  bytes.fill(0, 124, 136);
  bytes[124] = 0x80;
  bytes[130] = 1; // 2^40, big-endian in the 11 bytes after the marker
  bytes.fill(0x20, 148, 156);
  const sum = bytes.subarray(0, 512).reduce((a, b) => a + b, 0);
  bytes.set(new TextEncoder().encode(sum.toString(8).padStart(6, "0") + "\0"), 148);
  assertCleanFailure(() => readTar(bytes, { name: "fuzz.tar" }), PREFIX, /entry 'big.bin' declares 1099511627776 bytes but the archive has only 1536 left/);
});

test("fuzz: a 4 KB tar.gz bomb of 4 MB is refused past maxBytes", () => {
  const bomb = gzipSync(tar([{ name: "zeros", data: new Uint8Array(4 << 20) }]), { level: 9 });
  assertCleanFailure(() => readTar(bomb, { name: "fuzz.tar", maxBytes: 1 << 20 }), PREFIX, /more than 1048576 bytes once decompressed/);
});

test("fuzz regression: a GNU long name or pax path of 3000+ characters is cut in errors (was a 5090-character message)", () => {
  const long = tar([{ name: "././@LongLink", type: "L", data: "a".repeat(5000) }, { name: "x", data: new Uint8Array(10), size: 99999 }]);
  assertCleanFailure(() => readTar(long, { name: "fuzz.tar" }), PREFIX, /entry 'a{100}\.\.\. \(5000 chars\)' declares 99999 bytes/);
  const record = ` path=/${"b".repeat(3000)}\n`;
  const pax = tar([{ name: "pax", type: "x", data: `${record.length + 4}${record}` }, { name: "x", data: new Uint8Array(10) }]);
  assertCleanFailure(() => readTar(pax, { name: "fuzz.tar" }), PREFIX, /entry '\/b{99}\.\.\. \(3001 chars\)' has an absolute path/);
});

test("fuzz regression: a pax size record of 3000 characters is cut in the error", () => {
  const record = ` size=${"9".repeat(3000)}\n`;
  const pax = tar([{ name: "pax", type: "x", data: `${record.length + 4}${record}` }, { name: "x", data: new Uint8Array(10) }]);
  assertCleanFailure(() => readTar(pax, { name: "fuzz.tar" }), PREFIX, /corrupt pax size '9{100}\.\.\. \(3000 chars\)'/);
});
