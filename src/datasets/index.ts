export { mnist, type MnistOptions } from "./mnist_dataset.ts";
export { loadBundledDigits, loadMnistIdx, type MnistData } from "./mnist.ts";
export { type Bunch, type LoadOptions } from "./bunch.ts";
export { loadIris } from "./iris.ts";
export { loadDigits, type DigitsBunch, type LoadDigitsOptions } from "./digits.ts";
