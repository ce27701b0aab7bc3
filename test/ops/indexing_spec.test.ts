/** x.index / indexPut_ / masks / scatter: gradcheck (float64), errors naming index, spec and dimension, and edge rules. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith, i32 } from "../helpers/parity.ts";

function gc(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor, shapes: number[][]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(4321);
    const xs = shapes.map((s) => bp.randn(s, { dtype: "float64", requiresGrad: true }));
    assert.equal(bp.autograd.gradcheck(fn, xs), true);
  });
}

const mask = (rows: number[][] | number[]): bp.Tensor => bp.tensor(rows).bool();

gc("index slices", (x) => x.index("1:", "::2"), [[3, 5]]);
gc("index int, ellipsis, None", (x) => x.index(-1, "...", null), [[2, 3, 4]]);
gc("index repeated indices", (x) => x.index(i32([0, 2, 0, 0])), [[3, 4]]);
gc("index separated tensors", (x) => x.index(i32([0, 2]), ":", i32([[1], [3]])), [[3, 2, 4]]);
gc("indexPut_ on a clone (x and value)", (x, v) => x.mul(1).indexPut_([i32([0, 2])], v).mul(x), [[3, 2], [2]]);
gc("indexPut_ accumulate repeated", (x, v) => x.clone().indexPut_([":", i32([1, 1])], v, { accumulate: true }), [[2, 3], [2, 2]]);
gc("maskedFill", (x) => x.maskedFill(mask([1, 0, 1]), 0.5), [[2, 3]]);
gc("maskedFill value tensor", (x, v) => x.maskedFill(mask([0, 1, 1]), v.sum()), [[2, 3], [1]]);
gc("maskedSelect broadcast", (x) => x.maskedSelect(mask([[1, 0, 1], [0, 1, 1]])), [[3]]);
gc("scatter src", (x, s) => x.scatter(1, i32([[2, 0], [1, 0]]), s), [[2, 3], [2, 2]]);
gc("scatter src larger than index", (x, s) => x.scatter(0, i32([[0, 2]]), s), [[3, 2], [2, 3]]);
gc("scatterAdd repeated", (x, s) => x.scatterAdd(0, i32([[1, 1], [1, 0], [0, 0]]), s), [[2, 2], [3, 2]]);
gc("take", (x) => x.take(i32([[5, 0], [-1, 5]])), [[2, 3]]);
gc("indexAdd alpha", (x, s) => x.indexAdd(0, i32([1, 1, 0]), s, { alpha: -0.5 }), [[2, 3], [3, 3]]);
gc("gather", (x) => x.gather(1, i32([[0, 0], [2, 1]])), [[2, 3]]);
gc("indexSelect", (x) => x.indexSelect(1, i32([2, 2, 0])), [[2, 3]]);

test("index: errors name index, the spec and the dimension", () => {
  const x = bp.zeros(3, 4);
  assertThrowsWith(() => x.index(3), "index", "index 3", "dimension 0", "size 3");
  assertThrowsWith(() => x.index(":", -5), "index", "-5", "dimension 1", "size 4");
  assertThrowsWith(() => x.index("::-1"), "index", '"::-1"', "dimension 0", "negative step", "flip");
  assertThrowsWith(() => x.index(":", "::0"), "index", '"::0"', "dimension 1", "step cannot be zero");
  assertThrowsWith(() => x.index("a:b"), "index", '"a:b"', "not an integer");
  assertThrowsWith(() => x.index("1"), "index", '"1"', "not a slice");
  assertThrowsWith(() => x.index(0, 0, 0), "index", "too many indices", "dimension 2");
  assertThrowsWith(() => x.index("...", 0, "..."), "index", "single ellipsis");
  assertThrowsWith(() => x.index(":", i32([0, 4])), "index", "index 4", "spec 1", "dimension 1", "size 4");
  assertThrowsWith(() => x.index(bp.tensor([0, 1])), "index", "float32", "int32");
  assertThrowsWith(() => x.index(i32([0, 1]), i32([0, 1, 2])), "index", "index tensors", "[2]", "[3]");
  assertThrowsWith(() => x.index(1.5), "index", "1.5", "not an integer");
  assertThrowsWith(() => x.indexPut_([i32([0, 1])], bp.ones(3)), "indexPut_", "[3]", "[2, 4]");
  assertThrowsWith(() => x.maskedFill(bp.tensor([true, false]), 1), "maskedFill", "[2]", "[3, 4]");
  assertThrowsWith(() => x.scatter(1, i32([[4]]), 1), "scatter", "index 4", "dimension 1");
  assertThrowsWith(() => x.gather(0, i32([[-1]])), "gather", "index -1", "out of bounds");
  assertThrowsWith(() => x.take(i32([12])), "take", "12", "12 elements");
});

test("index with masks: shape errors name the mask; int32 0/1 is an index, not a mask", () => {
  const x = bp.arange(4);
  assertThrowsWith(() => x.index(bp.tensor([true, false])), "index", "mask", "[2]", "dimension 0");
  assertTensor(x.index(bp.tensor([1, 0, 1, 1], { dtype: "int32" })), [4], [1, 0, 1, 1]);
  assertTensor(x.index(bp.tensor([true, false, true, true])), [3], [0, 2, 3]);
  assertThrowsWith(() => x.maskedFill(bp.tensor([1, 0, 1, 1], { dtype: "int32" }), 0), "maskedFill", "bool", "int32");
});

test("index with a 0-d bool: x[True] adds an axis, x[False] an empty one", () => {
  const x = bp.arange(3);
  assert.deepEqual(x.index(bp.tensor(true)).shape, [1, 3]);
  assert.deepEqual(x.index(bp.tensor(false)).shape, [0, 3]);
});

test("index: basic slicing is a copy (documented), indexPut_ writes through", () => {
  const x = bp.arange(6).reshape(2, 3);
  const row = x.index(0);
  row.fill_(9);
  assertTensor(x, [2, 3], [0, 1, 2, 3, 4, 5]);
  x.indexPut_([":", "1:"], bp.tensor([7, 8]));
  assertTensor(x, [2, 3], [0, 7, 8, 3, 7, 8]);
  x.indexPut_([-1, i32([0, 0])], 1, { accumulate: true });
  assertTensor(x, [2, 3], [0, 7, 8, 5, 7, 8]);
});

test("index: plain integer arrays are index tensors, nested ones too", () => {
  const x = bp.arange(12).reshape(3, 4);
  assertTensor(x.index([2, 0]), [2, 4], [8, 9, 10, 11, 0, 1, 2, 3]);
  assertTensor(x.index([[1], [2]], [0, 3]), [2, 2], [4, 7, 8, 11]);
  assertThrowsWith(() => x.index([0.5]), "index", "integers");
  assertTensor(x.index([false, true, true]), [2, 4], [4, 5, 6, 7, 8, 9, 10, 11]);
});

test("nonzero as a tuple feeds index (x[x.nonzero(as_tuple=True)])", () => {
  const x = bp.tensor([[0, 2], [3, 0]]);
  const [r, c] = x.nonzero({ asTuple: true });
  assertTensor(x.index(r, c), [2], [2, 3]);
  assertTensor(bp.nonzero(bp.tensor(5)), [1, 0], []);
});

test("int32 tensors: index, scatter and take keep the dtype", () => {
  const x = bp.tensor([[1, 2], [3, 4]], { dtype: "int32" });
  assert.equal(x.index(":", 1).dtype, "int32");
  assert.equal(x.scatter(0, i32([[1, 0]]), 7).dtype, "int32");
  assertThrowsWith(() => x.scatter(0, i32([[1, 0]]), bp.tensor([[0.5, 1]])), "scatter", "float32", "int32");
});

test("scatter with reduce has no gradient, as in PyTorch 1.13", () => {
  const x = bp.zeros([3], { requiresGrad: true });
  const y = x.scatter(0, i32([0, 0]), bp.ones(2), { reduce: "add" });
  assertTensor(y, [3], [2, 0, 0]);
  assertThrowsWith(() => y.sum().backward(), "scatter", "reduce", "not implemented");
});

test("the README's Indexing table: each PyTorch form and its spelling give PyTorch's result", () => {
  const x = bp.arange(12).reshape(3, 4);
  assertTensor(x.index(":", 0), [3], [0, 4, 8]); // x[:, 0]
  assertTensor(x.index("1:3", "::2"), [2, 2], [4, 6, 8, 10]); // x[1:3, ::2]
  assertTensor(x.index(-1), [4], [8, 9, 10, 11]); // x[-1]
  assert.deepEqual(x.index("...", null).shape, [3, 4, 1]); // x[..., None]
  assertTensor(x.index([2, 0], [1, 3]), [2], [9, 3]); // x[[2, 0], [1, 3]]
  assertTensor(x.index(x.gt(9)), [2], [10, 11]); // x[x > 9]
  const y = x.clone();
  y.indexPut_([i32([0, 2])], bp.tensor([-1, -2, -3, -4])); // y[idx] = v
  y.indexPut_([y.gt(8)], 0); // y[y > 8] = 0
  y.indexPut_([":", 1], 1, { accumulate: true }); // y[:, 1] += 1
  assertTensor(y, [3, 4], [-1, -1, -3, -4, 4, 6, 6, 7, -1, -1, -3, -4]);
});

test("bool tensors: index, indexPut_ and scatter keep 0/1 values", () => {
  const b = bp.tensor([true, false, true]);
  assert.equal(b.index([2, 1]).dtype, "bool");
  b.indexPut_([1], 5);
  assert.deepEqual(Array.from(b.data), [1, 1, 1]);
  b.indexPut_([i32([0])], bp.tensor([0.0]));
  b.scatter_(0, i32([2]), 0);
  assert.deepEqual(Array.from(b.data), [0, 1, 0]);
  assert.deepEqual(Array.from(b.clone().scatter(0, i32([0]), 3).data), [1, 1, 0]);
});
