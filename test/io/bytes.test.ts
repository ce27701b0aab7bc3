import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { toBytes } from "../../src/io/bytes.ts";

test("toBytes: a Uint8Array as it is, other typed arrays, DataViews and ArrayBuffers over the same memory", async () => {
  const u8 = new Uint8Array([1, 2, 3]);
  assert.equal(await toBytes(u8), u8);
  const f32 = new Float32Array([1]);
  const fromF32 = await toBytes(f32);
  assert.deepEqual([...fromF32], [0, 0, 0x80, 0x3f]);
  assert.equal(fromF32.buffer, f32.buffer);
  const buffer = new ArrayBuffer(8);
  new DataView(buffer).setUint8(5, 9);
  assert.deepEqual([...await toBytes(new DataView(buffer, 4, 2))], [0, 9]);
  assert.equal((await toBytes(buffer)).length, 8);
});

test("toBytes: a Blob and a File are read whole, a larger one than maxBytes refused before reading", async () => {
  assert.deepEqual([...await toBytes(new Blob([new Uint8Array([4, 5]), "A"]))], [4, 5, 65]);
  const file = new File([new Uint8Array(10)], "images.idx");
  assert.equal((await toBytes(file)).length, 10);
  await assert.rejects(toBytes(file, { maxBytes: 9 }), (err: Error) =>
    err.message === "toBytes: file images.idx: 10 bytes, more than maxBytes = 9 (pass a larger maxBytes to read it)");
  await assert.rejects(toBytes(file, { maxBytes: Number.NaN }), /^Error: toBytes: maxBytes must be a number >= 0, got NaN/);
});

test("toBytes: a Response's body; an HTTP error status, a declared or streamed size past maxBytes are errors", async () => {
  assert.deepEqual([...await toBytes(new Response(new Uint8Array([7, 8])))], [7, 8]);
  await assert.rejects(toBytes(new Response("gone", { status: 404, statusText: "Not Found" })), /^Error: toBytes: Response: HTTP 404 Not Found$/);
  await assert.rejects(toBytes(new Response("x".repeat(20), { headers: { "content-length": "20" } }), { maxBytes: 10 }),
    /^Error: toBytes: Response: 20 bytes, more than maxBytes = 10/);
  // an endless body: refused once it runs past maxBytes, and the stream is cancelled
  let cancelled = false;
  const endless = new ReadableStream<Uint8Array>({
    pull: (controller) => controller.enqueue(new Uint8Array(1000)),
    cancel: () => { cancelled = true; },
  });
  await assert.rejects(toBytes(new Response(endless), { maxBytes: 5500 }),
    /^Error: toBytes: Response: the body runs past maxBytes = 5500 bytes \(pass a larger maxBytes to read it\)$/);
  assert.equal(cancelled, true);
  const chunked = new ReadableStream<Uint8Array>({
    start: (controller) => { controller.enqueue(new Uint8Array([1, 2])); controller.enqueue(new Uint8Array([3])); controller.close(); },
  });
  assert.deepEqual([...await toBytes(new Response(chunked))], [1, 2, 3]);
});

test("toBytes: a URL is fetched (a data: URL here), a file: URL read from disk in Node", async () => {
  assert.deepEqual([...await toBytes(new URL("data:application/octet-stream;base64,AQID"))], [1, 2, 3]);
  const dir = mkdtempSync(join(tmpdir(), "backprop-bytes-"));
  try {
    const path = join(dir, "x.bin");
    writeFileSync(path, new Uint8Array([5, 6, 7]));
    assert.deepEqual([...await toBytes(pathToFileURL(path))], [5, 6, 7]);
    await assert.rejects(toBytes(pathToFileURL(path), { maxBytes: 2 }), /^Error: toBytes: file:.*x\.bin: 3 bytes, more than maxBytes = 2/);
    await assert.rejects(toBytes(pathToFileURL(join(dir, "none.bin"))), (err: Error) => err.message === `toBytes: ${join(dir, "none.bin")}: file does not exist`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  await assert.rejects(toBytes(new URL("http://127.0.0.1:9/x.idx")), /^Error: toBytes: http:\/\/127\.0\.0\.1:9\/x\.idx: fetch failed/);
});

test("toBytes: anything else is an error naming what it got", async () => {
  await assert.rejects(toBytes("data/x.idx" as unknown as Uint8Array), (err: Error) => err.message ===
    "toBytes: input: expected a Uint8Array, ArrayBuffer, typed array, Blob, File, Response or URL, got string " +
    "(wrap a URL in new URL(...); a file path goes to the reader that takes a path)");
  await assert.rejects(toBytes([1, 2] as unknown as Uint8Array), /got Array$/);
  await assert.rejects(toBytes(null as unknown as Uint8Array), /got null$/);
});
