import { Tensor } from "../tensor/tensor.ts";
import type { Bunch, LoadOptions } from "./bunch.ts";
import { IRIS_TARGET, IRIS_TARGET_NAMES, IRIS_TENTHS_HEX } from "./iris_data.ts";

/** The iris measurements in scikit-learn's order. */
const IRIS_FEATURE_NAMES = ["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"];

/**
 * Fisher's iris data, as scikit-learn 1.2's `load_iris()`: 150 flowers, 4 measurements in cm (sepal
 * length, sepal width, petal length, petal width), 3 classes of 50 (setosa, versicolor, virginica), in
 * the file's order. Bundled in the package (no file access; works in a browser).
 * Returns `{data: float64 [150, 4], target: int32 [150], targetNames, featureNames}`, or `[data, target]`
 * with `returnXY`.
 * @example
 * const iris = datasets.loadIris();
 * iris.data.shape;   // [150, 4]
 * iris.targetNames;  // ["setosa", "versicolor", "virginica"]
 * const [X, y] = datasets.loadIris({ returnXY: true });
 */
export function loadIris(options: { returnXY: true }): [Tensor, Tensor];
export function loadIris(options?: LoadOptions & { returnXY?: false }): Bunch;
export function loadIris(options: LoadOptions): Bunch | [Tensor, Tensor];
export function loadIris(options: LoadOptions = {}): Bunch | [Tensor, Tensor] {
  const n = IRIS_TARGET.length;
  const d = IRIS_FEATURE_NAMES.length;
  const data = new Float64Array(n * d);
  // stored as tenths: k / 10 is the double nearest to the CSV's decimal
  for (let i = 0; i < n * d; i++) data[i] = parseInt(IRIS_TENTHS_HEX.slice(2 * i, 2 * i + 2), 16) / 10;
  const target = Int32Array.from(IRIS_TARGET, (c) => c.charCodeAt(0) - 48);
  const X = new Tensor(data, [n, d]);
  const y = new Tensor(target, [n]);
  if (options.returnXY) return [X, y];
  return { data: X, target: y, targetNames: [...IRIS_TARGET_NAMES], featureNames: [...IRIS_FEATURE_NAMES] };
}
