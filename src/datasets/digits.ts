import { Tensor } from "../tensor/tensor.ts";
import type { Bunch, LoadOptions } from "./bunch.ts";
import { DIGITS_LINES } from "./digits_data.ts";

/** The digits Bunch: a Bunch plus the images. */
export interface DigitsBunch extends Bunch {
  /** The same pixels as `data`, float64 [nSamples, 8, 8]. */
  images: Tensor;
}

/** Options of `loadDigits`. */
export interface LoadDigitsOptions extends LoadOptions {
  /** Keep only the digits 0 .. nClass - 1 (default 10: all). */
  nClass?: number;
}

const SIDE = 8;
const PIXELS = SIDE * SIDE;

/**
 * The UCI optical handwritten digits, as scikit-learn 1.2's `load_digits(n_class=10)`: 1797 images of
 * 8 x 8 pixels with values 0..16, classes 0..9, in the file's order; `nClass` keeps the digits below it
 * (in order). Bundled in the package (no file access; works in a browser). Returns `{data: float64
 * [n, 64], target: int32 [n], images: float64 [n, 8, 8], targetNames: ["0", ..., "9"], featureNames:
 * ["pixel_0_0", ..., "pixel_7_7"]}`, or `[data, target]` with `returnXY`. scikit-learn's target_names
 * is the array 0..9 (always all ten); here they are strings, like every Bunch's names.
 * @example
 * const digits = datasets.loadDigits();
 * digits.images.shape;                                  // [1797, 8, 8]
 * datasets.loadDigits({ nClass: 2 }).data.shape;        // [360, 64]
 */
export function loadDigits(options: LoadDigitsOptions & { returnXY: true }): [Tensor, Tensor];
export function loadDigits(options?: LoadDigitsOptions & { returnXY?: false }): DigitsBunch;
export function loadDigits(options: LoadDigitsOptions): DigitsBunch | [Tensor, Tensor];
export function loadDigits(options: LoadDigitsOptions = {}): DigitsBunch | [Tensor, Tensor] {
  const nClass = options.nClass ?? 10;
  if (!Number.isInteger(nClass) || nClass < 1 || nClass > 10) {
    throw new Error(`loadDigits: nClass must be an integer between 1 and 10, got ${String(nClass)}`);
  }
  const lines = DIGITS_LINES.trim().split("\n");
  const kept = lines.filter((line) => line.charCodeAt(PIXELS) - 48 < nClass);
  const n = kept.length;
  const data = new Float64Array(n * PIXELS);
  const target = new Int32Array(n);
  kept.forEach((line, i) => {
    for (let j = 0; j < PIXELS; j++) data[i * PIXELS + j] = parseInt(line[j], 17);
    target[i] = line.charCodeAt(PIXELS) - 48;
  });
  const X = new Tensor(data, [n, PIXELS]);
  const y = new Tensor(target, [n]);
  if (options.returnXY) return [X, y];
  const featureNames: string[] = [];
  for (let r = 0; r < SIDE; r++) for (let c = 0; c < SIDE; c++) featureNames.push(`pixel_${r}_${c}`);
  return {
    data: X,
    target: y,
    images: new Tensor(data.slice(), [n, SIDE, SIDE]),
    targetNames: Array.from({ length: 10 }, (_, k) => String(k)),
    featureNames,
  };
}
