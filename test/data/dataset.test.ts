/** TensorDataset and Subset: indexing, batches, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as data from "../../src/data/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

function toy(n = 6): data.TensorDataset {
  const x = bp.arange(n * 2 * 3).view(n, 2, 3);
  const y = bp.arange(n, { dtype: "int32" });
  return new data.TensorDataset(x, y);
}

test("TensorDataset: length is the first dimension; get(i) gives the i-th slice of each tensor", () => {
  const ds = toy();
  assert.equal(ds.length, 6);
  const [x, y] = ds.get(2);
  assert.deepEqual(x.toArray(), [[12, 13, 14], [15, 16, 17]]);
  assert.deepEqual([...y.shape], []);
  assert.equal(y.item(), 2);
  assert.equal(y.dtype, "int32");
  assert.equal(ds.get(-1)[1].item(), 5, "negative indices count from the end");
  assert.equal(ds.tensors.length, 2);
});

test("TensorDataset: errors name the sizes and the index", () => {
  assertThrowsWith(
    () => new data.TensorDataset(bp.zeros(100, 3), bp.zeros([99], { dtype: "int32" })),
    "TensorDataset: size mismatch between tensors: first dimensions are 100, 99",
    "[100, 3], [99]",
  );
  assertThrowsWith(() => new data.TensorDataset(), "TensorDataset: expected at least one tensor");
  assertThrowsWith(() => new data.TensorDataset(bp.tensor(1)), "TensorDataset: tensor 0 is 0-d");
  assert.throws(() => new data.TensorDataset(bp.zeros(2), [1, 2] as unknown as bp.Tensor),
    /^TypeError: TensorDataset: argument 1 is not a Tensor but an array \(wrap it with bp\.tensor\(\.\.\.\)\)$/);
  // 10 000 tensors of mismatched sizes: the message names 8 of them and stays short
  const many = Array.from({ length: 10_000 }, (_, i) => bp.zeros(1 + (i % 2)));
  assert.throws(() => new data.TensorDataset(...many), (e: Error) =>
    e.message.startsWith("TensorDataset: size mismatch between tensors: first dimensions are 1, 2, 1, 2, 1, 2, 1, 2, ... (10000 tensors)") &&
      e.message.length < 300);
  assertThrowsWith(() => toy().get(6), "TensorDataset: index 6 is out of range for a data set of length 6");
  assertThrowsWith(() => toy().get(1.5), "index 1.5");
  assertThrowsWith(() => toy().getBatch([0, 7]), "index 7 is out of range");
});

test("TensorDataset.getBatch gathers rows into new tensors (any order, contiguous or not), keeping dtypes", () => {
  const ds = toy();
  for (const idx of [[4, 0, 5], [1, 2, 3], [3], []]) {
    const [x, y] = ds.getBatch(idx);
    assert.deepEqual([...x.shape], [idx.length, 2, 3]);
    assert.deepEqual([...y.shape], [idx.length]);
    assert.equal(y.dtype, "int32");
    assert.deepEqual([...y.data], idx);
    idx.forEach((i, j) => assert.deepEqual(x.select(0, j).toArray(), ds.get(i)[0].toArray()));
    if (idx.length > 0) {
      x.data[0] = -1; // a copy: the data set is untouched
      assert.notEqual(ds.tensors[0].data[idx[0] * 6], -1);
    }
  }
  const wide = new data.TensorDataset(bp.arange(5 * 40).view(5, 40)); // rows copied with set()
  assert.deepEqual(wide.getBatch([3, 1])[0].toArray(), [wide.get(3)[0].toArray(), wide.get(1)[0].toArray()]);
});

test("TensorDataset.getBatch stays differentiable when a tensor requires grad", () => {
  const x = bp.tensor([[1, 2], [3, 4], [5, 6]], { requiresGrad: true });
  const ds = new data.TensorDataset(x);
  const [b] = ds.getBatch([2, 0, 2]);
  b.sum().backward();
  assert.deepEqual(x.grad!.toArray(), [[1, 1], [0, 0], [2, 2]]);
});

test("Subset: samples of the whole set at the given indices; getBatch goes through the whole set's getBatch", () => {
  const ds = toy();
  const sub = new data.Subset(ds, [5, 1, 3]);
  assert.equal(sub.length, 3);
  assert.equal(sub.get(0)[1].item(), 5);
  assert.equal(sub.get(-1)[1].item(), 3);
  const [x, y] = sub.getBatch([2, 0]);
  assert.deepEqual([...y.data], [3, 5]);
  assert.deepEqual([...x.shape], [2, 2, 3]);
  assertThrowsWith(() => new data.Subset(ds, [6]), "Subset: index 6 is out of range for a data set of length 6");
  assertThrowsWith(() => sub.get(3), "Subset: index 3 is out of range for a data set of length 3");
});

test("Subset of a data set without getBatch collates its samples", () => {
  const plain: data.Dataset<[bp.Tensor, number]> = { length: 4, get: (i) => [bp.full([2], i), i * 10] };
  const [x, y] = new data.Subset(plain, [3, 1]).getBatch([0, 1]);
  assert.deepEqual(x.toArray(), [[3, 3], [1, 1]]);
  assert.deepEqual(y.toArray(), [30, 10]);
});
