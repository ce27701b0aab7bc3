import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { gunzip, isGzip, readTar, readTarFile } from "../../src/data/archive.ts";
import { header, tar, type Entry } from "../helpers/tar.ts";

const big = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 251);
const sample = (): Entry[] => [
  { name: "cifar/", type: "5" },
  { name: "./cifar/a.txt", data: "hello" },
  { name: "cifar/link", type: "2" },
  { name: "cifar/big.bin", data: big },
  { name: "empty", data: "" },
];

test("readTar reads a .tar and the same .tar.gz: regular files only, names normalised", () => {
  const raw = tar(sample());
  for (const bytes of [raw, gzipSync(raw)]) {
    const entries = readTar(bytes);
    assert.deepEqual(
      entries.map((e) => e.name),
      ["cifar/a.txt", "cifar/big.bin", "empty"],
    );
    assert.equal(new TextDecoder().decode(entries[0].data), "hello");
    assert.deepEqual(entries[1].data, big);
    assert.equal(entries[2].data.length, 0);
  }
  assert.equal(isGzip(raw), false);
  assert.equal(isGzip(gzipSync(raw)), true);
});

test("readTar: ustar prefix, GNU long names and pax paths", () => {
  const long = "d/" + "x".repeat(150);
  const pax = "27 path=pax/named/file.txt\n";
  const entries = readTar(
    tar([
      { name: "file.txt", prefix: "some/prefix", data: "1" },
      { name: "././@LongLink", type: "L", data: long + "\0" },
      { name: "truncated-name", data: "2" },
      { name: "PaxHeader", type: "x", data: pax },
      { name: "short", data: "3" },
    ]),
  );
  assert.deepEqual(
    entries.map((e) => e.name),
    ["some/prefix/file.txt", long, "pax/named/file.txt"],
  );
});

test("readTar: select keeps some entries, done stops reading early", () => {
  const entries = readTar(gzipSync(tar(sample())), { select: (name) => name.endsWith(".bin") });
  assert.deepEqual(
    entries.map((e) => e.name),
    ["cifar/big.bin"],
  );
  // Stops after the first kept entry: a corrupt header after it is never reached.
  const corrupt = tar([{ name: "first", data: "1" }, { name: "second", data: "2" }]);
  corrupt[1024 + 148] ^= 1;
  assert.throws(() => readTar(corrupt), /bad header checksum for entry 'second'/);
  const first = readTar(gzipSync(corrupt), { done: (es) => es.length === 1 });
  assert.deepEqual(
    first.map((e) => e.name),
    ["first"],
  );
});

test("readTar: an entry whose size runs past the archive is an error naming it (.tar and .tar.gz)", () => {
  const raw = tar([{ name: "ok", data: "fine" }, { name: "cifar/data_batch_1", data: "x".repeat(600), size: 10_000 }], { end: false });
  assert.throws(() => readTar(raw), /archive: entry 'cifar\/data_batch_1' declares 10000 bytes but the archive has only 1024 left/);
  assert.throws(() => readTar(gzipSync(raw), { name: "c.tar.gz" }), /c\.tar\.gz: entry 'cifar\/data_batch_1' declares 10000 bytes but the archive ends after 1024 of them/);
});

test("readTar: bad checksum, truncated header, truncated gzip, hostile names", () => {
  const raw = tar(sample());
  const bad = raw.slice();
  bad[0] ^= 0x20; // the folder's name changes, its checksum no longer matches
  assert.throws(() => readTar(bad), /bad header checksum for entry 'Cifar\/'.*not a tar archive, or a corrupt one/);
  assert.throws(() => readTar(raw.subarray(0, 700)), /entry 'cifar\/a\.txt'|ends inside a header/);
  assert.throws(() => readTar(raw.subarray(0, 300)), /truncated: the archive ends inside a header/);
  const gz = gzipSync(raw);
  assert.throws(() => readTar(gz.subarray(0, gz.length - 30)), /the gzip data is (corrupt or )?truncated/);
  assert.throws(() => readTar(tar([{ name: "../evil", data: "x" }])), /entry '\.\.\/evil' has '\.\.' in its path/);
  assert.throws(() => readTar(tar([{ name: "/etc/passwd", data: "x" }])), /entry '\/etc\/passwd' has an absolute path/);
  assert.throws(() => readTar(new TextEncoder().encode("not a tar file at all".repeat(40))), /bad header checksum/);
  assert.throws(() => readTar(new Uint8Array(0)), /empty archive/);
  assert.throws(() => readTar(tar([{ name: "big", data: big }]), { maxEntryBytes: 1000 }), /entry 'big' declares 70000 bytes, more than the 1000 allowed/);
});

test("a gzip bomb fails fast at the cap, without being inflated whole", () => {
  // 50 MB of zeros behind a tar header that declares them all: ~50 KB compressed.
  const zeros = new Uint8Array(50_000_000);
  const h = header({ name: "bomb" }, zeros.length);
  zeros.set(h, 0);
  const bomb = gzipSync(zeros, { level: 1 });
  assert.ok(bomb.length < 1_000_000);
  let consumed = 0;
  assert.throws(
    () =>
      readTar(bomb, {
        maxBytes: 4_000_000,
        onProgress: (c) => {
          consumed = c;
        },
      }),
    /archive: more than 4000000 bytes once decompressed \(a gzip bomb\?\); pass a larger maxBytes/,
  );
  assert.ok(consumed < bomb.length / 2, `stopped after ${consumed} of ${bomb.length} compressed bytes`);
  assert.throws(() => gunzip(bomb, { maxBytes: 1_000_000 }), /gunzip: more than 1000000 bytes once decompressed/);
  assert.deepEqual(gunzip(gzipSync(big)), big);
  // Progress comes as reading goes, for a .tar.gz and a plain .tar given as bytes.
  const noise = Uint8Array.from({ length: 3_000_000 }, (_, i) => (i * 2654435761) >>> 24);
  const raw = tar([{ name: "noise", data: noise }]);
  for (const archive of [raw, gzipSync(raw, { level: 0 })]) {
    const seen: number[] = [];
    assert.deepEqual(readTar(archive, { onProgress: (c) => seen.push(c) })[0].data, noise);
    assert.ok(seen.length >= 3, `${seen.length} progress reports`);
    assert.equal(seen[seen.length - 1], archive.length);
    assert.ok(seen.every((c, i) => i === 0 || c >= seen[i - 1]));
  }
  assert.throws(() => gunzip(big), /not gzip data/);
});

test("readTarFile reads from disk in pieces, with progress, and names the file in errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "archive-"));
  try {
    const file = join(dir, "sample.tar.gz");
    const gz = gzipSync(tar(sample()));
    writeFileSync(file, gz);
    const seen: number[] = [];
    const entries = readTarFile(file, { onProgress: (c, total) => seen.push(c, total) });
    assert.deepEqual(entries[1].data, big);
    assert.equal(seen[seen.length - 2], gz.length);
    assert.equal(seen[seen.length - 1], gz.length);
    const truncated = join(dir, "bad.tar");
    writeFileSync(truncated, tar([{ name: "x", data: "y".repeat(100), size: 5000 }], { end: false }));
    assert.throws(() => readTarFile(truncated), new RegExp(`${truncated.replace(/[.]/g, "\\.")}: entry 'x' declares 5000 bytes`));
    assert.throws(() => readTarFile(join(dir, "missing.tar")), /missing\.tar: file does not exist/);
    assert.throws(() => readTarFile(dir), /not a regular file/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
