import { test } from "node:test";
import { zlibSync } from "fflate";
import assert from "node:assert/strict";
import { decodeImage, encodeImage } from "../../src/data/image.ts";
import { Tensor } from "../../src/tensor/tensor.ts";
import { assertCleanFailure, assertReader } from "./_fuzz.ts";
import { imageTarget, IMAGE_SEEDS, pngBytes } from "./_targets.ts";

const PREFIX = ["decodeImage: fuzz.img: "];

test("fuzz: decodeImage on mutated PNG and JPEG files returns a consistent image or a short error naming it", () => {
  assertReader(imageTarget);
});

test("fuzz: a PNG or JPEG header claiming 2^40 bytes of pixels fails before decoding", () => {
  // 2^19 x 2^19 RGBA = 2^40 values
  const png = pngBytes(2 ** 19, 2 ** 19, 8, 6, 0, zlibSync(new Uint8Array(16)));
  assertCleanFailure(() => decodeImage(png, "fuzz.img"), PREFIX, /image is too large: 524288 x 524288 x 4 = 1099511627776 values/);
  const jpeg = IMAGE_SEEDS.find((b) => b[0] === 0xff)!.slice();
  for (let o = 2; o < jpeg.length; o += 2 + ((jpeg[o + 2] << 8) | jpeg[o + 3])) {
    if (jpeg[o + 1] === 0xc0 || jpeg[o + 1] === 0xc2) {
      jpeg.set([0xff, 0xff, 0xff, 0xff], o + 5);
      break;
    }
  }
  assertCleanFailure(() => decodeImage(jpeg, "fuzz.img"), PREFIX, /image is too large: 65535 x 65535 x 3/);
});

test("fuzz: a 1 KB PNG whose data inflates to 1 MB for a 4 x 4 image is refused as it inflates", () => {
  const bomb = pngBytes(4, 4, 8, 0, 0, zlibSync(new Uint8Array(1 << 20), { level: 9 }));
  assertCleanFailure(() => decodeImage(bomb, "fuzz.img"), PREFIX, /the image data inflates past the 20 bytes that 4 x 4 pixels need/);
});

/** `jpeg` with its frame header (SOF0 or SOF2) claiming `height` x `width`. */
function withFrameSize(jpeg: Uint8Array, height: number, width: number): Uint8Array {
  const out = jpeg.slice();
  for (let o = 2; o < out.length; o += 2 + ((out[o + 2] << 8) | out[o + 3])) {
    if (out[o + 1] === 0xc0 || out[o + 1] === 0xc2) {
      out.set([height >> 8, height & 0xff, width >> 8, width & 0xff], o + 5);
      return out;
    }
  }
  throw new Error("no frame header");
}

test("fuzz regression: a 341-byte JPEG claiming 9000 x 9000 pixels is refused before jpeg-js allocates (was 760 MB, 2 s)", () => {
  const grey = IMAGE_SEEDS.find((b) => b[0] === 0xff && b.length === 341)!; // grey.jpg
  assertCleanFailure(() => decodeImage(withFrameSize(grey, 9000, 9000), "fuzz.img"), PREFIX,
    /truncated JPEG: 9000 x 9000 pixels need at least 158204 bytes of image data \(a bit per 8 x 8 block\), the file has 341/);
  // a real flat image compresses far less than that bound: 512 x 512 of one colour still decodes
  const flat = encodeImage(new Tensor(new Int32Array(512 * 512 * 3).fill(128), [512, 512, 3]), "jpeg", { quality: 1 });
  assert.deepEqual(decodeImage(flat, "flat.jpg").shape, [512, 512, 3]);
});
