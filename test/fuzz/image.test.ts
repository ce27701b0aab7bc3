import { test } from "node:test";
import { zlibSync } from "fflate";
import { decodeImage } from "../../src/data/image.ts";
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
