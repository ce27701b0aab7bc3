import { Tensor } from "../tensor/tensor.ts";
import { tensor, type NestedNumbers } from "../tensor/creation.ts";

/** What `fit` / `evaluate` / `predict` accept as data: a Tensor or nested arrays of numbers. */
export type ArrayLike = Tensor | NestedNumbers;

/** Class index -> weight, as `fit`'s `classWeight` takes it (`{0: 1, 1: 3}`). */
export type ClassWeight = Record<number, number>;

/**
 * `value` as a tensor with a batch axis: nested arrays become float32 (or int32 with `keepInt`), float64
 * and int tensors are cast to float32 as Keras casts inputs to floatx (int32 is kept with `keepInt`,
 * for class indices).
 */
export function toBatchTensor(where: string, name: string, value: ArrayLike, keepInt = false): Tensor {
  let t: Tensor;
  if (value instanceof Tensor) t = value.detach();
  else {
    try {
      t = tensor(value as NestedNumbers);
    } catch (err) {
      throw new Error(`${where}: ${name} must be a Tensor or nested arrays of numbers: ${(err as Error).message}`);
    }
  }
  if (t.dim() === 0) throw new Error(`${where}: ${name} must have a batch axis, got a scalar`);
  if (t.dtype === "float32" || (keepInt && t.dtype === "int32")) return t;
  return t.to("float32");
}

/** Checks that `x` and `y` (and `sampleWeight`) have the same number of rows, naming both shapes. */
export function checkSameRows(where: string, x: Tensor, y: Tensor, sampleWeight?: Tensor | null): void {
  if (x.shape[0] !== y.shape[0]) {
    throw new Error(
      `${where}: x and y must have the same number of samples, got x with ${x.shape[0]} (shape [${x.shape.join(", ")}]) ` +
        `and y with ${y.shape[0]} (shape [${y.shape.join(", ")}])`,
    );
  }
  if (sampleWeight != null && (sampleWeight.dim() !== 1 || sampleWeight.shape[0] !== x.shape[0])) {
    throw new Error(`${where}: sampleWeight must have shape [${x.shape[0]}] (one weight per sample), got [${sampleWeight.shape.join(", ")}]`);
  }
}

/** Rows `start` to `end` (exclusive) of `t`. */
export function rows(t: Tensor, start: number, end: number): Tensor {
  return t.index(`${start}:${end}`);
}

/**
 * Per-sample weights from `classWeight`: the class of a sample is the argmax of a one-hot row, or the
 * rounded label (0/1 or a class index), as Keras reads it. A class present in y but missing from
 * `classWeight` is an error, as in Keras.
 */
export function classWeightsToSampleWeights(where: string, y: Tensor, classWeight: ClassWeight): Tensor {
  const classes = y.dim() > 1 && y.shape[y.dim() - 1] > 1 ? y.argmax(-1) : y.reshape(-1).round();
  const labels = classes.toArray() as number[];
  const w = new Float32Array(labels.length);
  labels.forEach((c, i) => {
    const v = classWeight[c];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${where}: classWeight has no weight for class ${c}, which is in y; give a weight for every class`);
    }
    w[i] = v;
  });
  return tensor(w);
}
