/**
 * Fashion-MNIST (Zalando's 28x28 grey clothing images, 10 classes) from a folder of its four IDX files,
 * read by the MNIST loader (`loadMnistIdx`, which reads through `data.readIdx`), as torchvision's
 * `FashionMNIST`.
 */
import { Tensor } from "../tensor/tensor.ts";
import { TensorDataset } from "../data/dataset.ts";
import { progressBar } from "../data/progress.ts";
import { nodeBuiltin } from "../backend/platform.ts";
import { loadMnistIdx, type MnistData } from "./mnist.ts";

/**
 * Fashion-MNIST's class names, by label 0..9 (torchvision's `FashionMNIST.classes`).
 * @example FASHION_MNIST_CLASSES[9]; // "Ankle boot"
 */
export const FASHION_MNIST_CLASSES = [
  "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot",
] as const;

/**
 * Options of `fashionMnist`.
 * @example const options: FashionMnistOptions = { root: "data/fashion-mnist", train: false };
 */
export interface FashionMnistOptions {
  /**
   * The folder holding `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
   * `t10k-labels-idx1-ubyte` (each plain or `.gz`), or torchvision's root whose `FashionMNIST/raw/` holds them.
   */
  root: string;
  /** The 60 000 training images (default true) or the 10 000 test images. */
  train?: boolean;
  /** Show a progress bar on a terminal (default true; silent anyway when stderr is not a terminal). */
  verbose?: boolean;
}

/**
 * Fashion-MNIST as `mnist()` gives MNIST: a `TensorDataset` of images [n, 1, 28, 28] (float32 in
 * [0, 1]) and int32 labels [n], plus `images` and `labels` (those two tensors) and the class names.
 * @example
 * const test: FashionMnistDataset = datasets.fashionMnist({ root: "data/fashion-mnist", train: false });
 * const loader = new data.DataLoader(test, { batchSize: 64 });
 */
export interface FashionMnistDataset extends TensorDataset {
  /** The images, float32 [n, 1, 28, 28] in [0, 1] (the dataset's first tensor). */
  readonly images: Tensor;
  /** The labels, int32 [n] in 0..9 (the dataset's second tensor). */
  readonly labels: Tensor;
  /** The class names by label: `FASHION_MNIST_CLASSES`. */
  readonly classes: readonly string[];
}

const W = "fashionMnist";

/** `root`, or torchvision's `root/FashionMNIST/raw` when that folder exists and `root` holds no IDX file of the split. */
function folderOf(root: string, prefix: "train" | "t10k"): string {
  const fs = nodeBuiltin<{ existsSync(path: string): boolean }>("node:fs");
  if (fs === null) throw new Error(`${W}: reading files needs Node (root: ${root})`);
  const has = (dir: string) =>
    [`${prefix}-images-idx3-ubyte`, `${prefix}-images.idx3-ubyte`].some((s) => fs.existsSync(`${dir}/${s}`) || fs.existsSync(`${dir}/${s}.gz`));
  const raw = `${root.replace(/[/\\]+$/, "")}/FashionMNIST/raw`;
  return !has(root) && has(raw) ? raw : root;
}

/** Runs the MNIST loader, its `mnist: ` errors renamed `fashionMnist: ` (its `readIdx: ` ones kept after the prefix). */
function load(dir: string, split: "train" | "test"): MnistData {
  try {
    return loadMnistIdx(dir, split);
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    throw new Error(`${W}: ${err.message.replace(/^mnist: /, "")}`, { cause: err });
  }
}

/**
 * Fashion-MNIST from its IDX files, like torchvision's `FashionMNIST(root, train)`: images
 * [n, 1, 28, 28] float32 in [0, 1] (pixels / 255, as `ToTensor()`), labels int32 [n], and `classes`
 * ("T-shirt/top", "Trouser", ..., "Ankle boot"). Node only (it reads files). Shows progress on a
 * terminal unless `verbose` is false.
 * @throws Error starting with `fashionMnist: ` when `root` or a file is missing, a file is not a
 *   28x28 uint8 image file / uint8 label file or is corrupt, the image and label counts differ, or a
 *   label is outside 0..9.
 * @example
 * const train = datasets.fashionMnist({ root: "/usr/share/datasets/fashion-mnist" });
 * train.length;                        // 60000
 * train.classes[train.labels.data[0]]; // "Ankle boot"
 */
export function fashionMnist(options: FashionMnistOptions): FashionMnistDataset {
  const { root, train = true, verbose } = options ?? ({} as Partial<FashionMnistOptions>);
  if (typeof root !== "string" || root === "") throw new Error(`${W}: root must be the folder holding the IDX files, got ${JSON.stringify(root)}`);
  if (typeof train !== "boolean") throw new Error(`${W}: train must be a boolean, got ${JSON.stringify(train)}`);
  const split = train ? "train" : "test";
  const dir = folderOf(root, train ? "train" : "t10k");
  // steps: read and decode both files (the loader refuses labels outside 0..9), build the tensors
  const bar = progressBar(`${W}: reading ${split} from ${dir}`, 2, { verbose });
  try {
    const raw = load(dir, split);
    bar.tick();
    const images = new Tensor(raw.images, [raw.n, 1, raw.height, raw.width]);
    const labels = new Tensor(raw.labels, [raw.n]);
    return Object.assign(new TensorDataset(images, labels), { images, labels, classes: [...FASHION_MNIST_CLASSES] });
  } finally {
    bar.done();
  }
}
