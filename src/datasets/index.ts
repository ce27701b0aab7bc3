export { mnist, type MnistOptions } from "./mnist_dataset.ts";
export { loadBundledDigits, loadMnistIdx, type MnistData } from "./mnist.ts";
