/** DataLoader: batch shapes, last batch, dropLast, length, shuffling, determinism, generic data sets. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as data from "../../src/data/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

/** x[i] = [i, i + 0.5] (float32 [n, 2]), y[i] = i (int32 [n]): a batch's labels are its sample indices. */
function indexed(n: number): data.TensorDataset {
  const x = bp.arange(n).unsqueeze(1).add(bp.tensor([0, 0.5]));
  return new data.TensorDataset(x, bp.arange(n, { dtype: "int32" }));
}

function epochOrder(loader: data.DataLoader<bp.Tensor[]>): number[] {
  const order: number[] = [];
  for (const [, y] of loader) order.push(...y.data);
  return order;
}

test("batches of [x, y] stacked along dimension 0, in order without shuffle; the last batch is smaller", () => {
  const loader = new data.DataLoader(indexed(10), { batchSize: 4 });
  assert.equal(loader.length, 3);
  const batches = [...loader];
  assert.equal(batches.length, 3);
  assert.deepEqual(batches.map(([x, y]) => [[...x.shape], [...y.shape]]), [
    [[4, 2], [4]],
    [[4, 2], [4]],
    [[2, 2], [2]],
  ]);
  assert.deepEqual(batches[1][0].toArray(), [[4, 4.5], [5, 5.5], [6, 6.5], [7, 7.5]]);
  assert.equal(batches[2][1].dtype, "int32");
  assert.deepEqual(epochOrder(loader), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
});

test("dropLast drops the incomplete batch; length = floor(n / batchSize)", () => {
  const loader = new data.DataLoader(indexed(10), { batchSize: 4, dropLast: true });
  assert.equal(loader.length, 2);
  assert.deepEqual([...loader].map(([, y]) => y.numel()), [4, 4]);
  assert.equal(new data.DataLoader(indexed(8), { batchSize: 4, dropLast: true }).length, 2);
  assert.equal(new data.DataLoader(indexed(3), { batchSize: 4, dropLast: true }).length, 0);
  assert.equal(new data.DataLoader(indexed(3), { batchSize: 4 }).length, 1);
});

test("defaults: batchSize 1, no shuffle, no dropLast", () => {
  const loader = new data.DataLoader(indexed(3));
  assert.equal(loader.batchSize, 1);
  assert.equal(loader.shuffle, false);
  assert.equal(loader.dropLast, false);
  assert.deepEqual([...loader].map(([x]) => [...x.shape]), [[1, 2], [1, 2], [1, 2]]);
});

test("shuffle: every index exactly once per epoch, a new order each epoch, rows kept together", () => {
  const loader = new data.DataLoader(indexed(50), { batchSize: 8, shuffle: true });
  const orders: number[][] = [];
  for (let epoch = 0; epoch < 3; epoch++) {
    const order: number[] = [];
    for (const [x, y] of loader) {
      y.data.forEach((i, j) => assert.deepEqual([x.data[2 * j], x.data[2 * j + 1]], [i, i + 0.5]));
      order.push(...y.data);
    }
    assert.deepEqual([...order].sort((a, b) => a - b), Array.from({ length: 50 }, (_, i) => i));
    orders.push(order);
  }
  assert.notDeepEqual(orders[0], orders[1]);
  assert.notDeepEqual(orders[1], orders[2]);
  assert.notDeepEqual(orders[0], Array.from({ length: 50 }, (_, i) => i));
});

test("shuffle is deterministic under manualSeed", () => {
  const run = () => {
    bp.manualSeed(1234);
    const loader = new data.DataLoader(indexed(20), { batchSize: 6, shuffle: true });
    return [epochOrder(loader), epochOrder(loader)];
  };
  const a = run();
  const b = run();
  assert.deepEqual(a, b);
  bp.manualSeed(4321);
  assert.notDeepEqual(epochOrder(new data.DataLoader(indexed(20), { batchSize: 6, shuffle: true })), a[0]);
});

test("a generic data set (no getBatch) is collated sample by sample", () => {
  const squares: data.Dataset<[bp.Tensor, number]> = { length: 5, get: (i) => [bp.tensor([i, i * i]), i % 2] };
  const batches = [...new data.DataLoader(squares, { batchSize: 2 })];
  assert.equal(batches.length, 3);
  const [x, y] = batches[1];
  assert.deepEqual(x.toArray(), [[2, 4], [3, 9]]);
  assert.deepEqual(y.toArray(), [0, 1]);
  assert.equal(y.dtype, "int32");
});

test("collateFn replaces the default batching", () => {
  const loader = new data.DataLoader(indexed(5), {
    batchSize: 2,
    collateFn: (samples: bp.Tensor[][]) => samples.map(([, y]) => y.item()),
  });
  assert.deepEqual([...loader], [[0, 1], [2, 3], [4]]);
});

test("a Subset of a TensorDataset keeps the fast path and gives the same batches as the generic path", () => {
  const ds = indexed(30);
  bp.manualSeed(7);
  const [train] = data.randomSplit(ds, [20, 10]);
  const fast = [...new data.DataLoader(train, { batchSize: 7 })];
  const generic = [...new data.DataLoader({ length: train.length, get: (i: number) => train.get(i) }, { batchSize: 7 })];
  assert.equal(fast.length, generic.length);
  fast.forEach(([x, y], b) => {
    assert.deepEqual(x.toArray(), generic[b][0].toArray());
    assert.deepEqual(y.toArray(), generic[b][1].toArray());
    assert.equal(y.dtype, generic[b][1].dtype);
  });
});

test("MNIST-sized batching gathers each batch in one getBatch call, never sample by sample (its speed is timed in bench/mlp.ts and bench/profile.ts)", () => {
  const n = 10000;
  const ds = new data.TensorDataset(bp.rand(n, 1, 28, 28), bp.randint(0, 10, [n]));
  let batchCalls = 0;
  const counted: data.Dataset<bp.Tensor[]> = {
    length: ds.length,
    get(): bp.Tensor[] {
      throw new Error("DataLoader went sample by sample");
    },
    getBatch(indices: ArrayLike<number>): bp.Tensor[] {
      batchCalls++;
      return ds.getBatch(indices);
    },
  };
  const loader = new data.DataLoader(counted, { batchSize: 64, shuffle: true });
  let seen = 0;
  for (const [x, y] of loader) {
    assert.deepEqual(x.shape.slice(1), [1, 28, 28]);
    seen += y.numel();
  }
  assert.equal(seen, n);
  assert.equal(batchCalls, Math.ceil(n / 64));
});

test("errors: bad batchSize, not a data set", () => {
  assertThrowsWith(() => new data.DataLoader(indexed(3), { batchSize: 0 }), "DataLoader: batchSize should be a positive integer, got 0");
  assertThrowsWith(() => new data.DataLoader(indexed(3), { batchSize: 2.5 }), "got 2.5");
  assertThrowsWith(() => new data.DataLoader({} as data.Dataset<number>), "DataLoader: dataset must have an integer length and a get(index) method");
  // a collateFn that is not a function used to fail only at the first batch, inside the loop
  assert.throws(() => new data.DataLoader(indexed(3), { collateFn: 3 as unknown as undefined }),
    /^TypeError: DataLoader: collateFn must be a function, got number$/);
});

test("an empty data set is an error (epochs of no batches would train on nothing, silently)", () => {
  // PyTorch refuses it when shuffling ("num_samples should be a positive integer value"); issue 13
  // asks for a clear error either way
  for (const shuffle of [true, false]) {
    assert.throws(() => new data.DataLoader(new data.TensorDataset(bp.zeros(0, 3)), { batchSize: 4, shuffle }),
      /^Error: DataLoader: dataset is empty \(length 0\); there are no samples to iterate over$/);
  }
  assert.throws(() => new data.DataLoader({ length: -2, get: () => 0 }), /DataLoader: dataset is empty \(length -2\)/);
});

test("DataLoader.epochOrder / batches: an epoch resumed from its order and a batch index gives the same batches", () => {
  const ds = new data.TensorDataset(bp.arange(10).reshape(10, 1));
  const loader = new data.DataLoader(ds, { batchSize: 3, shuffle: true });
  bp.manualSeed(1);
  const whole = [...loader].map(([x]) => [...x.data]);
  bp.manualSeed(1);
  const order = loader.epochOrder();
  assert.equal(order?.length, 10);
  assert.deepEqual([...loader.batches(order, 2)].map(([x]) => [...x.data]), whole.slice(2));
  assert.throws(() => [...loader.batches(new Int32Array(3))], /DataLoader\.batches: order has 3 indices, the dataset 10/);
  assert.throws(() => [...loader.batches(order, -1)], /startBatch must be a non-negative integer, got -1/);
  assert.equal(new data.DataLoader(ds, { batchSize: 3 }).epochOrder(), null);
});
