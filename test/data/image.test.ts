/**
 * readImage / decodeImage / writeImage / encodeImage: pixels against PIL (test/fixtures/gen_image.py),
 * round trips, and truncated, corrupt and hostile files.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { deflateSync } from "node:zlib";
import * as bp from "../../src/index.ts";
import { decodeImage, encodeImage, readImage, writeImage } from "../../src/data/image.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

interface PilCase {
  mode: string;
  shape: number[];
  data: number[];
}

const FIXTURES = new URL("../fixtures/", import.meta.url);
const cases = (JSON.parse(readFileSync(new URL("image.json", FIXTURES), "utf8")) as { cases: Record<string, PilCase> }).cases;
const fixture = (name: string): string => new URL(`images/${name}`, FIXTURES).pathname;

/** Largest and mean absolute difference between the decoded values and PIL's. */
function differences(t: bp.Tensor, c: PilCase): { max: number; mean: number } {
  assert.equal(t.dtype, "int32");
  assert.deepEqual([...t.shape], c.shape);
  let max = 0;
  let sum = 0;
  c.data.forEach((v, i) => {
    const d = Math.abs(t.data[i] - v);
    max = Math.max(max, d);
    sum += d;
  });
  return { max, mean: sum / c.data.length };
}

test("PNGs decode to PIL's pixels exactly: grey, 1- and 2-bit grey, LA, RGB, RGBA, palette (+tRNS), 16-bit, Adam7", () => {
  const pngs = Object.keys(cases).filter((n) => n.endsWith(".png"));
  assert.equal(pngs.length, 10);
  for (const name of pngs) {
    const t = readImage(fixture(name));
    assert.deepEqual(differences(t, cases[name]), { max: 0, mean: 0 }, name);
  }
  assert.deepEqual([...readImage(fixture("grey.png")).shape], [4, 5]);
  assert.deepEqual([...readImage(fixture("la.png")).shape], [2, 3, 2]);
  assert.deepEqual([...readImage(fixture("palette_trns.png")).shape], [3, 5, 4]);
});

test("JPEGs decode within a few levels of PIL (libjpeg): measured max 1 grey, 3 at 4:4:4, 1 CMYK, 15 at 4:2:0", () => {
  const grey = differences(readImage(fixture("grey.jpg")), cases["grey.jpg"]);
  assert.ok(grey.max <= 2, `grey.jpg: max difference ${grey.max}`);
  const full = differences(readImage(fixture("rgb444.jpg")), cases["rgb444.jpg"]);
  assert.ok(full.max <= 4 && full.mean <= 1, `rgb444.jpg: ${JSON.stringify(full)}`);
  const progressive = differences(readImage(fixture("progressive.jpg")), cases["progressive.jpg"]);
  assert.ok(progressive.max <= 4 && progressive.mean <= 1, `progressive.jpg: ${JSON.stringify(progressive)}`);
  const cmyk = differences(readImage(fixture("cmyk.jpg")), cases["cmyk.jpg"]); // PIL's convert("RGB")
  assert.ok(cmyk.max <= 2, `cmyk.jpg: ${JSON.stringify(cmyk)}`);
  // 4:2:0: libjpeg's "fancy" (triangle) chroma upsampling against jpeg-js's simpler one
  const sub = differences(readImage(fixture("rgb.jpg")), cases["rgb.jpg"]);
  assert.ok(sub.max <= 16 && sub.mean <= 5, `rgb.jpg: ${JSON.stringify(sub)}`);
});

test("readImage takes bytes too; decodeImage is the byte-level part and names its source", () => {
  const bytes = readFileSync(fixture("rgb.png"));
  assert.deepEqual(readImage(bytes).toArray(), readImage(fixture("rgb.png")).toArray());
  assert.deepEqual(decodeImage(bytes).toArray(), readImage(bytes).toArray());
  assertThrowsWith(() => decodeImage(new Uint8Array([1, 2, 3]), "x.bin"), "decodeImage: x.bin: not a PNG or JPEG image (it starts with bytes 01 02 03)");
});

test("writeImage then readImage gives the same pixels (PNG) for [H, W], [H, W, 1], [H, W, 2], [H, W, 3], [H, W, 4]", () => {
  const dir = mkdtempSync(join(tmpdir(), "bp-image-"));
  try {
    for (const shape of [[5, 7], [5, 7, 1], [5, 7, 2], [5, 7, 3], [5, 7, 4]]) {
      const img = bp.randint(0, 256, shape);
      const path = join(dir, "sub", `img${shape.join("x")}.png`);
      writeImage(path, img);
      const back = readImage(path);
      assert.deepEqual([...back.shape], shape[2] === 1 ? [5, 7] : shape);
      assert.deepEqual(Array.from(back.data), Array.from(img.data), `shape ${JSON.stringify(shape)}`);
    }
    assert.deepEqual(readdirSync(join(dir, "sub")).filter((f) => f.includes(".tmp-")), [], "no temporary files left");
    // floats are rounded and clamped to 0..255
    writeImage(join(dir, "f.png"), bp.tensor([[-3, 0.4, 0.6, 254.5, 300]]));
    assert.deepEqual(readImage(join(dir, "f.png")).toArray(), [[0, 0, 1, 255, 255]]);
    writeImage(join(dir, "mask.png"), bp.tensor([[1, 0, 2]]).gt(0.5));
    assert.deepEqual(readImage(join(dir, "mask.png")).toArray(), [[255, 0, 255]], "a bool mask is black and white");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("JPEG round trip stays within its loss; grey is written as three equal channels; quality matters", () => {
  const [h, w] = [16, 24];
  const values = Array.from({ length: h * w * 3 }, (_, i) => {
    const p = Math.floor(i / 3);
    const [y, x, c] = [Math.floor(p / w), p % w, i % 3];
    return [x * 10, y * 15, 128][c];
  });
  const img = bp.tensor(values, { dtype: "int32" }).view(h, w, 3);
  const hi = encodeImage(img, "jpeg", { quality: 95 });
  const lo = encodeImage(img, "jpeg", { quality: 10 });
  assert.ok(lo.length < hi.length, `quality 10 (${lo.length} bytes) should be smaller than 95 (${hi.length})`);
  const back = decodeImage(hi);
  assert.deepEqual([...back.shape], [h, w, 3]);
  const maxDiff = Math.max(...Array.from(back.data, (v, i) => Math.abs(v - values[i])));
  assert.ok(maxDiff <= 8, `JPEG quality 95 round trip: max difference ${maxDiff}`);
  const grey = decodeImage(encodeImage(img.index(":", ":", 0), "jpeg", { quality: 95 }));
  assert.deepEqual([...grey.shape], [h, w, 3]);
  for (let i = 0; i < h * w; i++) assert.ok(grey.data[3 * i] === grey.data[3 * i + 1] && grey.data[3 * i] === grey.data[3 * i + 2]);
});

test("encodeImage / writeImage refuse bad shapes, alpha in JPEG, NaN, bad quality and unknown extensions", () => {
  assertThrowsWith(() => encodeImage(bp.zeros(3, 8, 8)), "encodeImage: an image must be [H, W], [H, W, 1], [H, W, 2], [H, W, 3] or [H, W, 4], got [3, 8, 8] (a CHW image? use image.permute(1, 2, 0))");
  assertThrowsWith(() => encodeImage(bp.zeros(8)), "got [8]");
  assertThrowsWith(() => encodeImage(bp.zeros(2, 2, 4), "jpeg"), "encodeImage: JPEG has no alpha channel");
  assertThrowsWith(() => encodeImage(bp.tensor([[NaN]])), "encodeImage: the image holds NaN");
  assertThrowsWith(() => encodeImage(bp.zeros(2, 2), "jpeg", { quality: 0 }), "encodeImage: quality must be an integer from 1 to 100, got 0");
  assertThrowsWith(() => encodeImage(bp.zeros(2, 2), "gif" as "png"), 'encodeImage: format must be "png" or "jpeg"');
  assertThrowsWith(() => writeImage("out.bmp", bp.zeros(2, 2)), "writeImage: out.bmp: unknown image extension; use .png, .jpg or .jpeg");
  assertThrowsWith(() => writeImage("out.jpg", bp.zeros(2, 2, 2)), "writeImage: out.jpg: JPEG has no alpha channel");
  assert.equal(existsSync("out.jpg"), false);
});

/** CRC-32 (the PNG / zlib polynomial) of a chunk's type and data. */
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

/** A PNG with the given IHDR fields and raw (already filtered) image data. */
function png(width: number, height: number, depth: number, colorType: number, raw: Uint8Array, end = true): Uint8Array {
  const chunk = (kind: string, data: Uint8Array): Uint8Array => {
    const out = new Uint8Array(12 + data.length);
    new DataView(out.buffer).setUint32(0, data.length);
    out.set(new TextEncoder().encode(kind), 4);
    out.set(data, 8);
    new DataView(out.buffer).setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
    return out;
  };
  const ihdr = new Uint8Array(13);
  const v = new DataView(ihdr.buffer);
  v.setUint32(0, width);
  v.setUint32(4, height);
  ihdr.set([depth, colorType, 0, 0, 0], 8);
  const parts = [new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(raw))];
  if (end) parts.push(chunk("IEND", new Uint8Array(0)));
  return Uint8Array.from(parts.flatMap((p) => Array.from(p)));
}

test("hostile and broken PNGs fail with clear errors naming the file, before allocating", () => {
  const good = png(2, 2, 8, 0, new Uint8Array([0, 1, 2, 0, 3, 4]));
  assert.deepEqual(decodeImage(good).toArray(), [[1, 2], [3, 4]]);
  assertThrowsWith(() => decodeImage(png(100000, 100000, 8, 6, new Uint8Array(10)), "big.png"), "decodeImage: big.png: image is too large: 100000 x 100000 x 4 = 40000000000 values, the limit is 2^28");
  assertThrowsWith(() => decodeImage(png(0, 5, 8, 0, new Uint8Array(0))), "image has no pixels");
  // a deflate bomb: 4 x 4 pixels promised, 4 MB of zeros inflated
  assertThrowsWith(() => decodeImage(png(4, 4, 8, 0, new Uint8Array(1 << 22)), "bomb.png"), "decodeImage: bomb.png: corrupt PNG: the image data inflates past the 20 bytes");
  assertThrowsWith(() => decodeImage(png(4, 4, 8, 0, new Uint8Array(10))), "truncated PNG: the image data holds 10 bytes, 4 x 4 pixels need 20");
  assertThrowsWith(() => decodeImage(png(2, 2, 8, 0, new Uint8Array(6), false)), "truncated PNG: no IEND chunk");
  assertThrowsWith(() => decodeImage(good.subarray(0, 45), "cut.png"), "decodeImage: cut.png: truncated PNG: chunk \"IDAT\" at byte 33 needs");
  assertThrowsWith(() => decodeImage(good.subarray(0, 20)), "truncated PNG: 20 bytes, too short for the IHDR header");
  assertThrowsWith(() => decodeImage(png(2, 2, 3, 0, new Uint8Array(4))), "corrupt PNG: bit depth 3 is not allowed for colour type 0");
  assertThrowsWith(() => decodeImage(png(2, 2, 8, 5, new Uint8Array(4))), "corrupt PNG: unknown colour type 5");
  const badCrc = Uint8Array.from(good);
  badCrc[32] ^= 1; // the IHDR chunk's CRC
  assertThrowsWith(() => decodeImage(badCrc, "crc.png"), "decodeImage: crc.png: corrupt PNG (", "CRC");
  const garbled = Uint8Array.from(good);
  garbled.fill(0x55, 43, 50); // inside the zlib stream
  assertThrowsWith(() => decodeImage(garbled), "corrupt PNG");
  const dir = mkdtempSync(join(tmpdir(), "bp-image-"));
  try {
    const path = join(dir, "half.png");
    const real = readFileSync(fixture("rgb.png"));
    writeFileSync(path, real.subarray(0, real.length - 20));
    assertThrowsWith(() => readImage(path), `readImage: ${path}: truncated PNG`);
    writeFileSync(path, new Uint8Array(0));
    assertThrowsWith(() => readImage(path), `readImage: ${path}: the file is empty`);
    writeFileSync(path, new TextEncoder().encode("GIF89a......"));
    assertThrowsWith(() => readImage(path), `readImage: ${path}: not a PNG or JPEG image (it starts with bytes 47 49 46 38 39 61 2e 2e)`);
    assertThrowsWith(() => readImage(join(dir, "none.png")), "readImage: ", "none.png: file does not exist");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test("hostile and broken JPEGs fail with clear errors: truncated, absurd size, garbage after the header", () => {
  const real = readFileSync(fixture("rgb.jpg"));
  assertThrowsWith(() => decodeImage(real.subarray(0, real.length - 100), "cut.jpg"), "decodeImage: cut.jpg: truncated JPEG");
  assertThrowsWith(() => decodeImage(real.subarray(0, 30), "head.jpg"), "decodeImage: head.jpg: truncated JPEG");
  // the frame header (SOF0) with its height and width set to 65535
  const huge = Uint8Array.from(real);
  const sof = huge.findIndex((b, i) => b === 0xff && huge[i + 1] === 0xc0);
  assert.ok(sof > 0);
  huge.set([0xff, 0xff, 0xff, 0xff], sof + 5);
  assertThrowsWith(() => decodeImage(huge, "huge.jpg"), "decodeImage: huge.jpg: image is too large: 65535 x 65535 x 3");
  const noMarker = Uint8Array.from(real);
  const second = 4 + ((real[4] << 8) | real[5]); // after SOI and the first segment
  noMarker[second] = 0x12;
  assertThrowsWith(() => decodeImage(noMarker), `corrupt JPEG: expected a marker at byte ${second}, found 0x12`);
  // garbage inside the entropy-coded data: jpeg-js's own error, wrapped
  const scan = real.findIndex((b, i) => b === 0xff && real[i + 1] === 0xda);
  const garbled = Uint8Array.from(real);
  garbled.set([0xff, 0x12, 0xff, 0x12], scan + 30);
  assertThrowsWith(() => decodeImage(garbled, "garbled.jpg"), "decodeImage: garbled.jpg: corrupt JPEG (");
  assertThrowsWith(() => decodeImage(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0x7f, 0xff, 0, 0])), "truncated JPEG: segment 0xffe0 at byte 2 runs past the end");
});
