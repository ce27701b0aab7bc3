import { Tensor } from "../tensor/tensor.ts";
import { tensor } from "../tensor/creation.ts";
import { stack } from "../ops/join.ts";

/**
 * The type of a batch made from samples of type `T` by `defaultCollate`: tensors and numbers become
 * tensors with a leading batch dimension; arrays and plain objects are collated field by field
 * (a `Tensor[]` sample gives a `Tensor[]` batch).
 */
export type Collated<T> = T extends Tensor
  ? Tensor
  : T extends number | boolean
    ? Tensor
    : T extends readonly unknown[]
      ? { -readonly [K in keyof T]: Collated<T[K]> }
      : T extends object
        ? { [K in keyof T]: Collated<T[K]> }
        : never;

/**
 * Stacks a list of samples into a batch, like PyTorch's `default_collate`: tensors are stacked along a
 * new dimension 0; numbers become a 1-D tensor (int32 when all are integers or booleans, else float32,
 * backprop's default float); arrays (e.g. `[image, label]`) and plain objects are collated per position
 * or key, keeping their structure.
 * @example
 * const [x, y] = data.defaultCollate([[bp.ones(3), 1], [bp.zeros(3), 0]]); // x: [2, 3], y: int32 [2]
 */
export function defaultCollate<T>(samples: readonly T[]): Collated<T> {
  if (samples.length === 0) throw new Error("defaultCollate: cannot collate an empty list of samples");
  return collate(samples as readonly unknown[], "sample") as Collated<T>;
}

function collate(samples: readonly unknown[], path: string): unknown {
  const first = samples[0];
  if (first instanceof Tensor) {
    samples.forEach((s, i) => {
      if (!(s instanceof Tensor)) throw new Error(`defaultCollate: ${path} of item 0 is a Tensor but of item ${i} is ${kind(s)}`);
    });
    return stack(samples as Tensor[], 0);
  }
  if (typeof first === "number" || typeof first === "boolean") {
    const values = samples.map((s, i) => {
      if (typeof s !== "number" && typeof s !== "boolean") {
        throw new Error(`defaultCollate: ${path} of item 0 is a number but of item ${i} is ${kind(s)}`);
      }
      return Number(s);
    });
    return tensor(values, { dtype: values.every(Number.isInteger) ? "int32" : "float32" });
  }
  if (Array.isArray(first)) {
    samples.forEach((s, i) => {
      if (!Array.isArray(s) || s.length !== first.length) {
        throw new Error(
          `defaultCollate: each sample should have the same number of fields: item 0 has ${first.length}, item ${i} has ${Array.isArray(s) ? s.length : kind(s)}`,
        );
      }
    });
    return first.map((_, k) => collate(samples.map((s) => (s as unknown[])[k]), `${path}[${k}]`));
  }
  if (first !== null && typeof first === "object" && Object.getPrototypeOf(first) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(first)) {
      out[key] = collate(samples.map((s) => (s as Record<string, unknown>)[key]), `${path}.${key}`);
    }
    return out;
  }
  throw new Error(`defaultCollate: cannot collate ${path} of type ${kind(first)}; pass a collateFn`);
}

function kind(value: unknown): string {
  if (value === null) return "null";
  if (value instanceof Tensor) return "a Tensor";
  if (Array.isArray(value)) return "an array";
  return typeof value;
}
