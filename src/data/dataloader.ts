import { randperm } from "../tensor/random.ts";
import type { Dataset } from "./dataset.ts";
import { defaultCollate, type Collated } from "./collate.ts";

/** Options of `new DataLoader(dataset, options)`. */
export interface DataLoaderOptions<T, B> {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /**
   * Visit the samples in a new random order every epoch (default false). The order is drawn from the
   * global generator (`bp.manualSeed`) when an epoch's iteration starts, so runs repeat exactly.
   */
  shuffle?: boolean;
  /** Drop the last batch when it would be smaller than `batchSize` (default false). */
  dropLast?: boolean;
  /**
   * Makes a batch from a list of samples (default `defaultCollate`: stack tensors along dimension 0).
   * Without it, a data set's own `getBatch` (e.g. `TensorDataset`'s) is used when it has one.
   */
  collateFn?: (samples: T[]) => B;
}

/**
 * Iterates over a data set in mini-batches, like `torch.utils.data.DataLoader`: `for (const batch of
 * loader)` yields one batch per `batchSize` samples, in order or (with `shuffle`) in a new random order
 * each epoch. For a `TensorDataset` a batch is an array of tensors (`[images, labels]`) stacked along
 * dimension 0, gathered with one typed-array copy per tensor. `length` is the number of batches.
 *
 * Defaults: batchSize 1, shuffle false, dropLast false. Single process (no workers).
 * @example
 * const loader = new data.DataLoader(new data.TensorDataset(images, labels), { batchSize: 64, shuffle: true });
 * for (let epoch = 0; epoch < 10; epoch++) {
 *   for (const [x, y] of loader) {
 *     opt.zeroGrad();
 *     lossFn.forward(model.forward(x), y).backward();
 *     opt.step();
 *   }
 * }
 */
export class DataLoader<T, B = Collated<T>> implements Iterable<B> {
  /** The data set batches are drawn from. */
  readonly dataset: Dataset<T>;
  /** Samples per batch. */
  readonly batchSize: number;
  /** Whether each epoch visits the samples in a new random order. */
  readonly shuffle: boolean;
  /** Whether a last, smaller batch is dropped. */
  readonly dropLast: boolean;
  private readonly collateFn: ((samples: T[]) => B) | undefined;

  constructor(dataset: Dataset<T>, options: DataLoaderOptions<T, B> = {}) {
    if (dataset === null || typeof dataset !== "object" || typeof dataset.get !== "function" || !Number.isInteger(dataset.length)) {
      throw new TypeError("DataLoader: dataset must have an integer length and a get(index) method");
    }
    // an empty data set would give epochs of no batches: a training loop that silently does nothing
    if (dataset.length <= 0) {
      throw new Error(`DataLoader: dataset is empty (length ${dataset.length}); there are no samples to iterate over`);
    }
    const batchSize = options.batchSize ?? 1;
    if (!Number.isInteger(batchSize) || batchSize <= 0) {
      throw new Error(`DataLoader: batchSize should be a positive integer, got ${batchSize}`);
    }
    if (options.collateFn !== undefined && typeof options.collateFn !== "function") {
      throw new TypeError(`DataLoader: collateFn must be a function, got ${options.collateFn === null ? "null" : typeof options.collateFn}`);
    }
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = options.shuffle ?? false;
    this.dropLast = options.dropLast ?? false;
    this.collateFn = options.collateFn;
  }

  /**
   * Number of batches per epoch: `ceil(n / batchSize)`, or `floor(n / batchSize)` with `dropLast`.
   * @example
   * new data.DataLoader(ds, { batchSize: 64 }).length; // 157 for 10 000 samples
   */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch of batches; each new iteration reshuffles when `shuffle` is on. */
  [Symbol.iterator](): Iterator<B> {
    return this.batches(this.epochOrder());
  }

  /**
   * The order of one epoch: a fresh permutation drawn from the global generator with `shuffle`, null
   * (0..n-1) without. What `[Symbol.iterator]` draws first; a checkpoint keeps it to resume mid-epoch.
   * @example const order = loader.epochOrder(); for (const batch of loader.batches(order, 3)) {}
   */
  epochOrder(): Int32Array | null {
    return this.shuffle ? randperm(this.dataset.length) : null;
  }

  /**
   * The batches of an epoch in `order` (from `epochOrder()`), from batch `startBatch` on.
   * @example for (const [x, y] of loader.batches(savedOrder, savedBatch)) step(x, y);
   */
  *batches(order: Int32Array | null, startBatch = 0): Generator<B> {
    const n = this.dataset.length;
    const bs = this.batchSize;
    if (order !== null && order.length !== n) throw new Error(`DataLoader.batches: order has ${order.length} indices, the dataset ${n}`);
    if (!Number.isInteger(startBatch) || startBatch < 0) throw new Error(`DataLoader.batches: startBatch must be a non-negative integer, got ${startBatch}`);
    const batches = this.length;
    for (let b = startBatch; b < batches; b++) {
      const start = b * bs;
      const end = Math.min(start + bs, n);
      let indices: Int32Array;
      if (order !== null) {
        indices = order.subarray(start, end);
      } else {
        indices = new Int32Array(end - start);
        for (let j = 0; j < indices.length; j++) indices[j] = start + j;
      }
      yield this.fetch(indices);
    }
  }

  private fetch(indices: Int32Array): B {
    const ds = this.dataset;
    if (this.collateFn !== undefined) return this.collateFn(Array.from(indices, (i) => ds.get(i)));
    if (typeof ds.getBatch === "function") return ds.getBatch(indices) as B;
    return defaultCollate(Array.from(indices, (i) => ds.get(i))) as B;
  }
}
