import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "fflate";
import { fashionMnist, FASHION_MNIST_CLASSES } from "../../src/datasets/fashion_mnist.ts";
import { idxU8, withTempDir } from "../helpers/idx.ts";

/** Pixel p of image i of a fake split: (7 i + p) % 256. */
const pixel = (i: number, p: number): number => (7 * i + p) % 256;

/** Writes `<prefix>-images-idx3-ubyte` and `<prefix>-labels-idx1-ubyte` (gzipped with fflate when asked). */
function writeSplit(dir: string, prefix: "train" | "t10k", labels: number[], options: { gzip?: boolean; images?: number } = {}): void {
  const n = options.images ?? labels.length;
  const pixels = new Uint8Array(n * 784).map((_, k) => pixel(Math.floor(k / 784), k % 784));
  const write = (name: string, bytes: Uint8Array) =>
    writeFileSync(join(dir, options.gzip === true ? `${name}.gz` : name), options.gzip === true ? gzipSync(bytes) : bytes);
  write(`${prefix}-images-idx3-ubyte`, idxU8([n, 28, 28], pixels));
  write(`${prefix}-labels-idx1-ubyte`, idxU8([labels.length], Uint8Array.from(labels)));
}

test("fashionMnist reads a folder of IDX files: images [n, 1, 28, 28] / 255, int32 labels, the class names", () => {
  withTempDir("backprop-fashion-", (dir) => {
    writeSplit(dir, "train", [9, 0, 3]);
    writeSplit(dir, "t10k", [5, 7], { gzip: true });
    const train = fashionMnist({ root: dir, verbose: false });
    assert.equal(train.length, 3);
    assert.deepEqual(train.images.shape, [3, 1, 28, 28]);
    assert.equal(train.images.dtype, "float32");
    assert.equal(train.tensors[0], train.images);
    assert.equal(train.tensors[1], train.labels);
    assert.equal(train.labels.dtype, "int32");
    assert.deepEqual(Array.from(train.labels.data), [9, 0, 3]);
    for (const [i, p] of [[0, 0], [1, 5], [2, 783]]) {
      assert.equal(train.images.data[i * 784 + p], Math.fround(pixel(i, p) / 255), `image ${i} pixel ${p}`);
    }
    const [image, label] = train.get(1);
    assert.deepEqual(image.shape, [1, 28, 28]);
    assert.equal(label.item(), 0);
    assert.deepEqual(train.classes, [...FASHION_MNIST_CLASSES]);
    assert.equal(train.classes[9], "Ankle boot");
    assert.equal(train.classes.length, 10);
    const test = fashionMnist({ root: dir, train: false });
    assert.deepEqual(Array.from(test.labels.data), [5, 7]);
    assert.deepEqual(test.images.shape, [2, 1, 28, 28]);
    assert.equal(test.images.data[784 + 10], Math.fround(pixel(1, 10) / 255));
  });
});

test("fashionMnist reads gzipped files and torchvision's root/FashionMNIST/raw layout", () => {
  withTempDir("backprop-fashion-", (root) => {
    const raw = join(root, "FashionMNIST", "raw");
    mkdirSync(raw, { recursive: true });
    writeSplit(raw, "train", [1, 2, 3, 4], { gzip: true });
    const ds = fashionMnist({ root });
    assert.deepEqual(Array.from(ds.labels.data), [1, 2, 3, 4]);
    assert.equal(ds.images.data[3 * 784 + 1], Math.fround(pixel(3, 1) / 255));
  });
});

test("fashionMnist: a label above 9, mismatched counts, a missing folder or file and a corrupt file are clear errors", () => {
  withTempDir("backprop-fashion-", (dir) => {
    writeSplit(dir, "train", [0, 12, 3]);
    // loadMnistIdx (src/datasets/mnist.ts) refuses it first, naming the labels file
    assert.throws(() => fashionMnist({ root: dir }), (err: Error) =>
      err.message === `fashionMnist: ${join(dir, "train-labels-idx1-ubyte")}: label 12 of sample 1 is not a class (expected 0..9)`);
    writeSplit(dir, "train", [0, 1, 2], { images: 4 });
    assert.throws(() => fashionMnist({ root: dir }), /^Error: fashionMnist: .*: 4 images in .* but 3 labels in /);
    assert.throws(() => fashionMnist({ root: dir, train: false }), /^Error: fashionMnist: no file in .* named any of t10k-images-idx3-ubyte, /);
    writeFileSync(join(dir, "train-images-idx3-ubyte"), idxU8([3, 28, 28], new Uint8Array(100)));
    assert.throws(() => fashionMnist({ root: dir }), /^Error: fashionMnist: readIdx: .*train-images-idx3-ubyte: truncated file/);
  });
  assert.throws(() => fashionMnist({ root: "/no/such/fashion" }), /^Error: fashionMnist: folder \/no\/such\/fashion does not exist$/);
  assert.throws(() => fashionMnist({} as { root: string }), /^Error: fashionMnist: root must be the folder holding the IDX files, got undefined$/);
});

const FASHION = "/usr/share/datasets/fashion-mnist";

test("fashionMnist reads the real Fashion-MNIST test set when present", { skip: !existsSync(FASHION) && `${FASHION} not found` }, () => {
  const ds = fashionMnist({ root: FASHION, train: false, verbose: false });
  assert.equal(ds.length, 10_000);
  assert.deepEqual(ds.images.shape, [10_000, 1, 28, 28]);
  const counts = new Array<number>(10).fill(0);
  for (const l of ds.labels.data) counts[l]++;
  assert.deepEqual(counts, new Array<number>(10).fill(1000), "1000 test images per class");
  // the first test image is an ankle boot, the second a pullover (torchvision's FashionMNIST agrees)
  assert.deepEqual(Array.from(ds.labels.data.subarray(0, 2)).map((l) => ds.classes[l]), ["Ankle boot", "Pullover"]);
  let max = 0;
  for (const v of ds.images.data) if (v > max) max = v;
  assert.equal(max, 1);
});
