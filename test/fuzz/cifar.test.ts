import { test } from "node:test";
import { parseCifarPickle } from "../../src/data/cifar.ts";
import { cifar10 } from "../../src/datasets/cifar10.ts";
import { tar } from "../helpers/tar.ts";
import { assertCleanFailure, assertReader } from "./_fuzz.ts";
import { cifarArchiveTarget, cifarBinaryTarget, cifarMetaTarget, cifarPickleTarget } from "./_targets.ts";

test("fuzz: parseCifarBinary on mutated batches returns consistent records or a short error naming it", () => {
  assertReader(cifarBinaryTarget);
});

test("fuzz: parseCifarPickle on mutated pickled batches (protocols 2-5, Python 2) stays inside CIFAR's structure", () => {
  assertReader(cifarPickleTarget);
});

test("fuzz: parseCifarMeta on mutated batches.meta pickles gives 10 names or a short error naming it", () => {
  assertReader(cifarMetaTarget);
});

test("fuzz: cifar10 on mutated .tar and .tar.gz archives gives a consistent data set or a short error naming it", () => {
  assertReader(cifarArchiveTarget);
});

test("fuzz: a pickle or an archive entry claiming 2^40 bytes fails before allocating", () => {
  // PROTO 4, BINBYTES8 of 2^40 bytes
  const pickle = new Uint8Array([0x80, 4, 0x8e, 0, 0, 0, 0, 0, 1, 0, 0, 0x2e]);
  assertCleanFailure(() => parseCifarPickle(pickle, "fuzz.pkl"), ["cifar10: fuzz.pkl: "], /BINBYTES8 declares 1099511627776 bytes but only 1 are left/);
  const archive = tar([{ name: "cifar-10-batches-bin/test_batch.bin", data: new Uint8Array(8), size: 8 ** 11 - 1 }]);
  assertCleanFailure(() => cifar10({ archive, train: false, verbose: false }), ["cifar10: "], /declares 8589934591 bytes but the archive has only 1536 left/);
});

test("fuzz regression: a pickle naming a 4000-character global or dict key gets an error under 500 characters", () => {
  const latin = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
  // GLOBAL 'xxxx...\nos\n' (found by the archive fuzzer: a 661-character message quoting the whole line)
  const global = new Uint8Array([0x80, 2, 0x63, ...latin(`${"x".repeat(4000)}\nsystem\n`), 0x2e]);
  assertCleanFailure(() => parseCifarPickle(global, "fuzz.pkl"), ["cifar10: fuzz.pkl: "], /global 'x{60}\.\.\. \(4007 chars\)' is not allowed/);
  // {"kkkk...": None}
  const key = "k".repeat(5000);
  const dict = new Uint8Array([0x80, 2, 0x7d, 0x58, 0x88, 0x13, 0, 0, ...latin(key), 0x4e, 0x73, 0x2e]);
  assertCleanFailure(() => parseCifarPickle(dict, "fuzz.pkl"), ["cifar10: fuzz.pkl: "], /unexpected key 'k{60}\.\.\.'/);
  // INT with a 4000-digit line
  const int = new Uint8Array([0x80, 2, 0x49, ...latin(`${"9".repeat(4000)}\n`), 0x2e]);
  assertCleanFailure(() => parseCifarPickle(int, "fuzz.pkl"), ["cifar10: fuzz.pkl: "], /INT with text '9{60}\.\.\. \(4000 chars\)'/);
  // numpy.core.numeric._frombuffer(b"\x07\x07", dtype("u1"), (1,) * 300, "C"): 300 dimensions quoted whole
  const u = (text: string): number[] => [0x8c, text.length, ...latin(text)];
  const frombuffer = new Uint8Array([
    0x80, 4, ...u("numpy.core.numeric"), ...u("_frombuffer"), 0x93,
    0x28, 0x43, 2, 7, 7, ...u("numpy"), ...u("dtype"), 0x93, ...u("u1"), 0x89, 0x88, 0x87, 0x52,
    0x28, ...Array.from({ length: 300 }, () => [0x4b, 1]).flat(), 0x74, ...u("C"), 0x74,
    0x52, 0x2e,
  ]);
  assertCleanFailure(() => parseCifarPickle(frombuffer, "fuzz.pkl"), ["cifar10: fuzz.pkl: "], /numpy array of shape \[1, 1, 1, 1, 1, 1, 1, 1, \.\.\. \(300 dims\)\] and dtype uint8 needs 1 bytes, got 2/);
});

test("fuzz regression: an archive lacking batches lists at most 3 of the entries found, cut to 60 characters", () => {
  const dir = "d".repeat(3000);
  const archive = tar([
    { name: "././@LongLink", type: "L", data: `${dir}/test_batch` },
    { name: "placeholder", data: new Uint8Array(3) },
  ]);
  assertCleanFailure(() => cifar10({ archive, train: false, verbose: false }), ["cifar10: "], /found \.\.\.d{49}\/test_batch\)$/);
});

test("fuzz regression: a pickle REDUCEing one memoised 64 KB array 100 times is refused as a pickle bomb", () => {
  const latin = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));
  const u = (text: string): number[] => [0x8c, text.length, ...latin(text)];
  const size = 1 << 16;
  const parts = [
    [0x80, 4, 0x5d], // EMPTY_LIST, the bottom of the stack
    [...u("numpy.core.numeric"), ...u("_frombuffer"), 0x93, 0x94], // memo 0: the function
    [0x28, 0x42, 0, 0, 1, 0], new Uint8Array(size), // MARK, BINBYTES of 64 KB
    [...u("numpy"), ...u("dtype"), 0x93, ...u("u1"), 0x89, 0x88, 0x87, 0x52], // dtype("u1", False, True)
    [0x4a, 0, 0, 1, 0, 0x85, ...u("C"), 0x74, 0x94], // (65536,), "C"; TUPLE; memo 1: the arguments
    [0x52, 0x61], // REDUCE, APPEND
    ...Array.from({ length: 100 }, () => [0x68, 0, 0x68, 1, 0x52, 0x61]), // GET 0, GET 1, REDUCE, APPEND
    [0x2e],
  ];
  const bytes = new Uint8Array(parts.flatMap((p) => Array.from(p)));
  assertCleanFailure(() => parseCifarPickle(bytes, "fuzz.pkl"), ["cifar10: fuzz.pkl: "], /the arrays built add up to more than 4 times the pickle's own size \(a pickle bomb\?\)/);
});
