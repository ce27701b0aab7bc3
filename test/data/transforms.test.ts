/** transforms: normalize, compose, toTensor (scaling and CHW layout), flatten, resize, crops, flips, grayscale. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as data from "../../src/data/index.ts";
import { readImage } from "../../src/data/image.ts";
import { assertClose, assertThrowsWith, decode, TIGHT32, TIGHT64, type Encoded } from "../helpers/parity.ts";

const { transforms } = data;

test("normalize(0.5, 0.5) maps [0, 1] to [-1, 1] (the MNIST lesson's Normalize((0.5,), (0.5,)))", () => {
  const x = bp.tensor([0, 0.25, 0.5, 1]);
  assert.deepEqual(transforms.normalize(0.5, 0.5)(x).toArray(), [-1, -0.5, 0, 1]);
  const img = bp.rand(4, 1, 28, 28);
  const y = transforms.normalize([0.5], [0.5])(img);
  assert.deepEqual([...y.shape], [4, 1, 28, 28]);
  assertClose(y.data, Array.from(img.data, (v) => (v - 0.5) / 0.5), TIGHT32);
  assert.ok(bp.noGrad(() => y.min().item()) >= -1 && y.max().item() <= 1);
});

test("normalize per channel on [C, H, W] and [N, C, H, W] (channel = dimension -3)", () => {
  const mean = [0.1, 0.5, 0.9];
  const std = [0.2, 0.5, 0.1];
  const x = bp.rand(2, 3, 2, 2, { dtype: "float64" });
  const y = transforms.normalize(mean, std)(x);
  assert.equal(y.dtype, "float64");
  const expected = Array.from(x.data, (v, i) => {
    const c = Math.floor(i / 4) % 3;
    return (v - mean[c]) / std[c];
  });
  assertClose(y.data, expected, { atol: 1e-15, rtol: 1e-15 });
  const single = transforms.normalize(mean, std)(x.select(0, 1));
  assert.deepEqual([...single.shape], [3, 2, 2]);
  assertClose(single.data, expected.slice(12), { atol: 1e-15, rtol: 1e-15 });
});

test("normalize errors: channels that do not match, integer input, zero std", () => {
  assertThrowsWith(() => transforms.normalize([0.1, 0.2, 0.3], [1, 1, 1])(bp.zeros(2, 4, 4)), "normalize: 3 channel values need a tensor of shape [..., 3, H, W], got [2, 4, 4]");
  assertThrowsWith(() => transforms.normalize([0.1, 0.2], [1, 1, 1]), "normalize: mean has 2 values and std 3");
  assertThrowsWith(() => transforms.normalize(0, 0), "normalize: std contains zero");
  assertThrowsWith(() => transforms.normalize(0.5, 0.5)(bp.tensor([1], { dtype: "int32" })), "normalize: input should be a floating point tensor, got int32");
});

test("compose applies transforms left to right", () => {
  const t = transforms.compose([(x) => x.add(1), (x) => x.mul(10)]);
  assert.deepEqual(t(bp.tensor([0, 1])).toArray(), [10, 20]);
  assert.deepEqual(transforms.compose([])(bp.tensor([3])).toArray(), [3]);
  assertThrowsWith(() => transforms.compose([1 as unknown as data.transforms.Transform]), "compose: transform 0 is not a function");
});

test("toTensor scales integer pixels (tensors or raw bytes) to [0, 1] float32 and keeps float input", () => {
  const fromInt = transforms.toTensor(bp.tensor([0, 51, 255], { dtype: "int32" }));
  assert.equal(fromInt.dtype, "float32");
  assertClose(fromInt.data, [0, 0.2, 1], TIGHT32);
  const fromBytes = transforms.toTensor({ data: new Uint8Array([0, 255, 128, 64]), shape: [2, 2] });
  assert.deepEqual([...fromBytes.shape], [1, 2, 2]); // a grey [H, W] image gains its channel dimension
  assert.equal(fromBytes.data[2], Math.fround(128 / 255));
  assert.deepEqual(transforms.toTensor(bp.tensor([0.5, 2], { dtype: "float64" })).toArray(), [0.5, 2]);
  assertThrowsWith(() => transforms.toTensor({ data: new Uint8Array(3), shape: [2, 2] }), "toTensor: 3 values do not fill shape [2, 2]");
  const pipeline = transforms.compose([transforms.toTensor, transforms.normalize(0.5, 0.5)]);
  assert.deepEqual(pipeline(bp.tensor([0, 255], { dtype: "int32" })).toArray(), [-1, 1]);
});

interface TransformCase {
  name: string;
  op: "resize" | "grayscale";
  size?: number[];
  mode?: "bilinear" | "nearest";
  channels?: number;
  input: Encoded;
  out: Encoded;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/transforms.json", import.meta.url), "utf8")) as { cases: TransformCase[] };

test("toTensor lays images out CHW like torchvision: [H, W] -> [1, H, W], [H, W, C] -> [C, H, W]; other shapes kept", () => {
  const rgb = bp.tensor([[[0, 51, 102], [255, 0, 0]], [[1, 2, 3], [4, 5, 6]]], { dtype: "int32" }); // [2, 2, 3]
  const chw = transforms.toTensor(rgb);
  assert.deepEqual([...chw.shape], [3, 2, 2]);
  assertClose(chw.data, [0, 255, 1, 4, 51, 0, 2, 5, 102, 0, 3, 6].map((v) => v / 255), TIGHT32);
  for (const c of [1, 2, 4]) assert.deepEqual([...transforms.toTensor(bp.zeros([5, 6, c], { dtype: "int32" })).shape], [c, 5, 6]);
  const floatHwc = transforms.toTensor(bp.tensor([[[0.5, 0.25, 2]]])); // floats: moved, not scaled
  assert.deepEqual(floatHwc.toArray(), [[[0.5]], [[0.25]], [[2]]]);
  // not image layouts: an IDX stack [N, H, W], a batch [N, C, H, W], 1-D values
  assert.deepEqual(transforms.toTensor({ data: new Uint8Array(2 * 28 * 28), shape: [2, 28, 28] }).shape, [2, 28, 28]);
  assert.deepEqual(transforms.toTensor(bp.zeros([2, 3, 4, 4], { dtype: "int32" })).shape, [2, 3, 4, 4]);
  assert.deepEqual(transforms.toTensor(bp.zeros([7], { dtype: "int32" })).shape, [7]);
  // readImage's output goes straight in
  const img = readImage(new URL("../fixtures/images/rgb.png", import.meta.url).pathname); // [3, 4, 3]
  const x = transforms.toTensor(img);
  assert.deepEqual([...x.shape], [3, 3, 4]);
  assert.equal(x.data[1 * 12 + 2 * 4 + 3], Math.fround(img.data[(2 * 4 + 3) * 3 + 1] / 255));
});

test("flatten: one image to a vector, a batch [N, C, H, W] to [N, C*H*W]", () => {
  assert.deepEqual(transforms.flatten(bp.zeros(1, 28, 28)).shape, [784]);
  assert.deepEqual(transforms.flatten(bp.zeros(5, 4)).shape, [20]);
  const batch = bp.arange(24).view(2, 3, 2, 2);
  const flat = transforms.flatten(batch);
  assert.deepEqual(flat.shape, [2, 12]);
  assert.deepEqual(Array.from(flat.data), Array.from(batch.data));
  assertThrowsWith(() => transforms.flatten(bp.zeros(1, 1, 1, 1, 1)), "flatten: expected one image (up to 3 dimensions) or a batch [N, C, H, W], got [1, 1, 1, 1, 1]");
  const prep = transforms.compose([transforms.toTensor, transforms.normalize(0.5, 0.5), transforms.flatten]);
  assert.deepEqual(prep(bp.zeros([28, 28], { dtype: "int32" })).shape, [784]);
});

test("resize matches torch's interpolate (bilinear, align_corners=False; nearest) on float32, float64 and int32 images", () => {
  const resized = fixture.cases.filter((c) => c.op === "resize");
  assert.equal(resized.length, 18);
  for (const c of resized) {
    const x = decode(c.input);
    const y = transforms.resize(c.size!, { interpolation: c.mode })(x);
    assert.equal(y.dtype, x.dtype, c.name);
    assert.deepEqual([...y.shape], c.out.shape, c.name);
    const tol = x.dtype === "float64" ? TIGHT64 : x.dtype === "float32" ? TIGHT32 : { atol: 0, rtol: 0 };
    assertClose(y.data, c.out.data as number[], tol, c.name);
  }
});

test("resize(size) with one number matches the smaller edge and keeps the aspect ratio; bad arguments are named", () => {
  assert.deepEqual(transforms.resize(4)(bp.zeros(3, 5, 7)).shape, [3, 4, 5]);
  assert.deepEqual(transforms.resize(4)(bp.zeros(2, 1, 9, 6)).shape, [2, 1, 6, 4]);
  assert.deepEqual(transforms.resize([2, 3])(bp.ones(4, 4)).toArray(), [[1, 1, 1], [1, 1, 1]]);
  assertThrowsWith(() => transforms.resize([0, 3]), "resize: size must be a positive integer or [height, width] of positive integers, got [0,3]");
  assertThrowsWith(() => transforms.resize(3, { interpolation: "bicubic" as "nearest" }), 'resize: interpolation must be "bilinear" or "nearest"');
  assertThrowsWith(() => transforms.resize(3)(bp.zeros(5)), "resize: expected an image [..., H, W] ([C, H, W] or [N, C, H, W]), got [5]");
});

test("centerCrop starts at round((H - h) / 2) with halves to even, and pads a crop larger than the image", () => {
  const img = bp.arange(36, { dtype: "int32" }).view(1, 6, 6);
  // (6 - 1) / 2 = 2.5 -> 2; (6 - 3) / 2 = 1.5 -> 2
  assert.deepEqual(transforms.centerCrop([1, 3])(img).toArray(), [[[14, 15, 16]]]);
  assert.deepEqual(transforms.centerCrop(2)(bp.arange(9).view(3, 3)).toArray(), [[0, 1], [3, 4]]); // 0.5 -> 0
  const batch = bp.arange(8).view(2, 1, 2, 2);
  const padded = transforms.centerCrop([4, 3])(batch);
  assert.deepEqual(padded.shape, [2, 1, 4, 3]);
  // 2 rows of padding: 1 on top; 1 column: 0 on the left
  assert.deepEqual(padded.toArray(), [[[[0, 0, 0], [0, 1, 0], [2, 3, 0], [0, 0, 0]]], [[[0, 0, 0], [4, 5, 0], [6, 7, 0], [0, 0, 0]]]]);
  assertThrowsWith(() => transforms.centerCrop(-2), "centerCrop: size must be a positive integer");
});

test("randomHorizontalFlip: seeded runs repeat, p = 0 / 1 never / always flip, a batch flips as a whole", () => {
  const img = bp.arange(6).view(1, 2, 3);
  const mirrored = [[[2, 1, 0], [5, 4, 3]]];
  const run = (t: data.transforms.Transform): boolean[] => Array.from({ length: 200 }, () => t(img).data[0] === 2);
  const a = run(transforms.randomHorizontalFlip(0.5, { seed: 7 }));
  assert.deepEqual(run(transforms.randomHorizontalFlip(0.5, { seed: 7 })), a);
  assert.notDeepEqual(run(transforms.randomHorizontalFlip(0.5, { seed: 8 })), a);
  const flips = a.filter(Boolean).length;
  assert.ok(flips > 70 && flips < 130, `${flips} flips in 200 at p = 0.5`);
  assert.deepEqual(transforms.randomHorizontalFlip(1)(img).toArray(), mirrored);
  assert.deepEqual(transforms.randomHorizontalFlip(0)(img).toArray(), img.toArray());
  const batch = transforms.randomHorizontalFlip(1)(bp.arange(8).view(2, 1, 2, 2));
  assert.deepEqual(batch.toArray(), [[[[1, 0], [3, 2]]], [[[5, 4], [7, 6]]]]);
  // the global generator: bp.manualSeed makes it repeat; a shared RandomState is drawn from
  bp.manualSeed(3);
  const g1 = run(transforms.randomHorizontalFlip());
  bp.manualSeed(3);
  assert.deepEqual(run(transforms.randomHorizontalFlip()), g1);
  const fromGenerator = run(transforms.randomHorizontalFlip(0.5, { generator: new bp.random.RandomState(7) }));
  assert.deepEqual(fromGenerator, a);
  assertThrowsWith(() => transforms.randomHorizontalFlip(1.5), "randomHorizontalFlip: p must be a probability from 0 to 1, got 1.5");
  assertThrowsWith(() => transforms.randomHorizontalFlip(0.5, { seed: -1 }), "randomHorizontalFlip: seed must be an integer from 0 to 2**32 - 1, got -1");
});

test("randomCrop: seeded windows of the padded image, every position reachable, fill and padIfNeeded", () => {
  const img = bp.arange(1, 17, { dtype: "int32" }).view(1, 4, 4); // values 1..16, no zero
  const crop = transforms.randomCrop(4, { padding: 1, seed: 5 });
  const again = transforms.randomCrop(4, { padding: 1, seed: 5 });
  const seen = new Set<string>();
  for (let k = 0; k < 60; k++) {
    const out = crop(img);
    assert.deepEqual(out.toArray(), again(img).toArray());
    assert.deepEqual(out.shape, [1, 4, 4]);
    // find the window: the first non-zero value sits at the image's (0, 0) shifted by (1 - i, 1 - j)
    const first = Array.from(out.data).indexOf(1);
    const [i, j] = first === -1 ? [-1, -1] : [1 - Math.floor(first / 4), 1 - (first % 4)];
    if (first !== -1) {
      for (let y = 0; y < 4; y++) {
        for (let x = 0; x < 4; x++) {
          const [sy, sx] = [y + i - 1, x + j - 1];
          const expected = sy >= 0 && sy < 4 && sx >= 0 && sx < 4 ? sy * 4 + sx + 1 : 0;
          assert.equal(out.data[y * 4 + x], expected);
        }
      }
    }
    seen.add(first === -1 ? "other" : `${i},${j}`);
  }
  // windows (i, j) in {0, 1, 2}^2; those with i = 2 or j = 2 cut the value 1 off
  for (const key of ["0,0", "0,1", "1,0", "1,1", "other"]) assert.ok(seen.has(key), `window ${key} never drawn in 60`);
  assert.deepEqual(transforms.randomCrop(4)(img).toArray(), img.toArray(), "a crop the size of the image is the image");
  const filled = transforms.randomCrop([2, 6], { padIfNeeded: true, fill: -1, seed: 0 })(bp.zeros([1, 2, 2], { dtype: "int32" }));
  assert.deepEqual(filled.shape, [1, 2, 6]);
  assert.ok(Array.from(filled.data).includes(-1));
  const padded = transforms.randomCrop([3, 3], { padding: [1, 0, 0, 0], seed: 1 })(bp.ones(1, 3, 2));
  assert.deepEqual(padded.toArray(), [[[0, 1, 1], [0, 1, 1], [0, 1, 1]]], "[left, top, right, bottom] padding");
  assertThrowsWith(() => transforms.randomCrop(5)(img), "randomCrop: the crop size [5, 5] is larger than the (padded) image [4, 4]");
  assertThrowsWith(() => transforms.randomCrop(2, { padding: [1, 2, 3] }), "randomCrop: padding must be a non-negative integer");
});

test("grayscale matches torchvision's tensor kernel (0.2989, 0.587, 0.114) on float32 and int32, 1 or 3 channels out", () => {
  const grey = fixture.cases.filter((c) => c.op === "grayscale");
  assert.equal(grey.length, 3);
  for (const c of grey) {
    const x = decode(c.input);
    const y = transforms.grayscale(c.channels)(x);
    assert.equal(y.dtype, x.dtype, c.name);
    assert.deepEqual([...y.shape], c.out.shape, c.name);
    assertClose(y.data, c.out.data as number[], x.dtype === "int32" ? { atol: 0, rtol: 0 } : TIGHT32, c.name);
  }
  const one = bp.rand(1, 2, 2);
  assert.deepEqual(transforms.grayscale(3)(one).shape, [3, 2, 2]);
  assert.deepEqual(transforms.grayscale()(one).toArray(), one.toArray());
  assertThrowsWith(() => transforms.grayscale(2), "grayscale: numOutputChannels must be 1 or 3, got 2");
  assertThrowsWith(() => transforms.grayscale()(bp.zeros(4, 5, 5)), "grayscale: expected an image [..., 1 or 3, H, W], got [4, 5, 5]");
});
