import { Tensor, wouldRecord } from "../tensor/tensor.ts";
import { allocate } from "../tensor/dtype.ts";
import { formatShape, numel } from "../tensor/shape.ts";
import { indexSelect } from "../ops/indexing.ts";
import { describeNonTensor } from "../ops/operands.ts";
import { defaultCollate, type Collated } from "./collate.ts";

/**
 * A map-style data set, like `torch.utils.data.Dataset`: `length` samples, sample `i` from `get(i)`.
 * Implement it for your own data; `DataLoader` batches it.
 *
 * A data set may also offer `getBatch(indices)`, returning the collated batch of those samples at
 * once (what `defaultCollate` would make of them); `DataLoader` uses it instead of `get` + collate when
 * present. `TensorDataset` implements it with one typed-array copy per tensor per batch.
 * @example
 * class Squares implements data.Dataset<[bp.Tensor, bp.Tensor]> {
 *   readonly length = 100;
 *   get(i: number): [bp.Tensor, bp.Tensor] { return [bp.tensor([i]), bp.tensor([i * i])]; }
 * }
 */
export interface Dataset<T> {
  /** Number of samples. */
  readonly length: number;
  /** Sample `index` (0 <= index < length). */
  get(index: number): T;
  /** Optional fast path: the batch of samples at `indices`, already collated. */
  getBatch?(indices: ArrayLike<number>): Collated<T>;
}

/**
 * A data set of tensors indexed along their first dimension, like `torch.utils.data.TensorDataset`:
 * sample `i` is `[t0[i], t1[i], ...]`, and a batch is `[t0[indices], t1[indices], ...]`.
 * All tensors must have the same size in dimension 0.
 * @example
 * const ds = new data.TensorDataset(images, labels);   // images [n, 1, 28, 28], labels [n]
 * const [image, label] = ds.get(0);                     // [1, 28, 28] and a 0-d int32 tensor
 */
export class TensorDataset implements Dataset<Tensor[]> {
  /** The tensors, as given. */
  readonly tensors: Tensor[];

  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new Error("TensorDataset: expected at least one tensor");
    tensors.forEach((t, i) => {
      if (!(t instanceof Tensor)) throw new TypeError(`TensorDataset: argument ${i} is not a Tensor but ${describeNonTensor(t)}`);
      if (t.dim() === 0) throw new Error(`TensorDataset: tensor ${i} is 0-d; every tensor needs a first dimension to index`);
    });
    const sizes = tensors.map((t) => t.shape[0]);
    if (sizes.some((s) => s !== sizes[0])) {
      // at most 8 tensors in the message, which stays short whatever was passed
      const some = tensors.slice(0, 8);
      const more = tensors.length > 8 ? `, ... (${tensors.length} tensors)` : "";
      throw new Error(
        `TensorDataset: size mismatch between tensors: first dimensions are ${some.map((t) => t.shape[0]).join(", ")}${more} ` +
          `(shapes ${some.map((t) => formatShape(t.shape)).join(", ")}${more})`,
      );
    }
    this.tensors = tensors;
  }

  /** Number of samples: the tensors' first dimension. */
  get length(): number {
    return this.tensors[0].shape[0];
  }

  /**
   * Sample `index` (negative counts from the end): the `index`-th slice of each tensor.
   * @example
   * const [x, y] = ds.get(3);
   */
  get(index: number): Tensor[] {
    const n = this.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`TensorDataset: index ${index} is out of range for a data set of length ${n}`);
    }
    return this.tensors.map((t) => t.select(0, index));
  }

  /**
   * The samples at `indices` stacked along a new dimension 0: for each tensor of shape `[n, ...rest]`,
   * a tensor of shape `[indices.length, ...rest]` with its own data (rows gathered in one typed-array
   * copy per tensor). Recorded for backward (via `indexSelect`) if a tensor requires grad.
   * @example
   * const [x, y] = ds.getBatch([0, 5, 2]); // x [3, ...], y [3]
   */
  getBatch(indices: ArrayLike<number>): Tensor[] {
    const n = this.length;
    const count = indices.length;
    let contiguous = true;
    for (let j = 0; j < count; j++) {
      const v = indices[j];
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new RangeError(`TensorDataset: index ${v} is out of range for a data set of length ${n}`);
      }
      if (j > 0 && v !== indices[j - 1] + 1) contiguous = false;
    }
    return this.tensors.map((t) => {
      if (wouldRecord(t)) return indexSelect(t, 0, new Tensor(Int32Array.from(indices), [count]));
      const row = numel(t.shape.slice(1));
      const shape = [count, ...t.shape.slice(1)];
      const src = t.data;
      if (contiguous && count > 0) {
        const start = indices[0] * row;
        return new Tensor(src.slice(start, start + count * row), shape);
      }
      const out = allocate(t.dtype, count * row);
      if (row === 1) {
        for (let j = 0; j < count; j++) out[j] = src[indices[j]];
      } else if (row < 32) {
        for (let j = 0; j < count; j++) {
          const s = indices[j] * row;
          const d = j * row;
          for (let k = 0; k < row; k++) out[d + k] = src[s + k];
        }
      } else {
        for (let j = 0; j < count; j++) {
          const s = indices[j] * row;
          out.set(src.subarray(s, s + row), j * row);
        }
      }
      return new Tensor(out, shape);
    });
  }
}

/**
 * The samples of `dataset` at `indices`, in that order, like `torch.utils.data.Subset`.
 * `randomSplit` returns these.
 * @example
 * const firstHundred = new data.Subset(ds, Array.from({ length: 100 }, (_, i) => i));
 */
export class Subset<T> implements Dataset<T> {
  /** The whole data set. */
  readonly dataset: Dataset<T>;
  /** Positions in `dataset` of this subset's samples. */
  readonly indices: Int32Array;

  constructor(dataset: Dataset<T>, indices: ArrayLike<number>) {
    const n = dataset.length;
    for (let j = 0; j < indices.length; j++) {
      const v = indices[j];
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new RangeError(`Subset: index ${v} is out of range for a data set of length ${n}`);
      }
    }
    this.dataset = dataset;
    this.indices = Int32Array.from(indices);
  }

  /** Number of samples in the subset. */
  get length(): number {
    return this.indices.length;
  }

  /**
   * Sample `index` of the subset (negative counts from the end): `dataset.get(indices[index])`.
   * @example
   * const [x, y] = subset.get(0);
   */
  get(index: number): T {
    const n = this.indices.length;
    if (!Number.isInteger(index) || index < -n || index >= n) {
      throw new RangeError(`Subset: index ${index} is out of range for a data set of length ${n}`);
    }
    return this.dataset.get(this.indices[index < 0 ? index + n : index]);
  }

  /**
   * The collated batch of samples at `indices` of the subset, through the whole data set's
   * `getBatch` when it has one (so a split `TensorDataset` keeps the fast path).
   */
  getBatch(indices: ArrayLike<number>): Collated<T> {
    const n = this.indices.length;
    const mapped = new Int32Array(indices.length);
    for (let j = 0; j < indices.length; j++) {
      const v = indices[j];
      if (!Number.isInteger(v) || v < 0 || v >= n) {
        throw new RangeError(`Subset: index ${v} is out of range for a data set of length ${n}`);
      }
      mapped[j] = this.indices[v];
    }
    if (typeof this.dataset.getBatch === "function") return this.dataset.getBatch(mapped);
    return defaultCollate(Array.from(mapped, (i) => this.dataset.get(i)));
  }
}
