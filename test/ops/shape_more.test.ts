/**
 * repeat, tile, flip, roll, chunk, split, unbind, tril, triu, diag, diagonal, diagEmbed, movedim,
 * swapaxes, T, mT, unflatten, expandAs, viewAs, reshapeAs, fliplr, flipud, rot90 against PyTorch (float64 and float32,
 * forward and backward), gradcheck, and their errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith, i32 } from "../helpers/parity.ts";
import { checkBoth, checkFamilyCovered, checkOne } from "./shape_parity.ts";

checkBoth("repeat", (a) => a.repeat(2, 1));
checkBoth("repeat_new_dims", (a) => a.repeat([2, 3, 2]));
checkBoth("repeat_3d", (a) => bp.repeat(a, [1, 2, 1, 3]));
checkBoth("repeat_0d", (a) => a.repeat(3));
checkBoth("repeat_zero", (a) => a.repeat(0, 2));
checkBoth("tile", (a) => a.tile([2]));
checkBoth("tile_more", (a) => bp.tile(a, [2, 1, 2]));
checkBoth("flip", (a) => a.flip(0, 2));
checkBoth("flip_neg", (a) => bp.flip(a, [-1]));
checkBoth("flip_none", (a) => a.flip([]));
checkBoth("roll_flat", (a) => a.roll(1));
checkBoth("roll_dim", (a) => a.roll(-1, 1));
checkBoth("roll_two", (a) => bp.roll(a, [1, 2], [0, 1]));
checkBoth("roll_wrap", (a) => a.roll(5, 0));
checkBoth("roll_zero", (a) => a.roll(3, 0));
checkBoth("chunk", (a) => a.chunk(3, 0));
checkBoth("chunk_dim1", (a) => bp.chunk(a, 2, 1));
checkBoth("chunk_fewer", (a) => a.chunk(4));
checkBoth("split", (a) => a.split(2, 0));
checkBoth("split_sizes", (a) => bp.split(a, [1, 2], 1));
checkBoth("unbind", (a) => a.unbind(1));
checkBoth("tril", (a) => a.tril());
checkBoth("tril_1", (a) => a.tril(1));
checkBoth("tril_neg1", (a) => bp.tril(a, -1));
checkBoth("tril_batch", (a) => a.tril());
checkBoth("triu", (a) => a.triu());
checkBoth("triu_2", (a) => bp.triu(a, 2));
checkBoth("triu_neg1_batch", (a) => a.triu(-1));
checkBoth("tril_nonfinite", (a) => a.tril());
checkBoth("triu_int", (a) => a.triu());
checkBoth("diag_vec", (a) => a.diag());
checkBoth("diag_vec_1", (a) => a.diag(1));
checkBoth("diag_vec_neg2", (a) => bp.diag(a, -2));
checkBoth("diag_mat", (a) => a.diag());
checkBoth("diag_mat_1", (a) => a.diag(1));
checkBoth("diag_mat_neg1", (a) => bp.diag(a, -1));
checkBoth("diagonal_out_of_range", (a) => a.diagonal(5));
checkBoth("diagonal", (a) => a.diagonal());
checkBoth("diagonal_3d", (a) => a.diagonal(1, 1, 2));
checkBoth("diagonal_3d_neg", (a) => bp.diagonal(a, -1, 0, 2));
checkBoth("diagonal_swapped", (a) => a.diagonal(0, -1, 0));
checkBoth("diag_embed", (a) => a.diagEmbed());
checkBoth("diag_embed_1", (a) => a.diagEmbed(1));
checkBoth("diag_embed_dims", (a) => bp.diagEmbed(a, 0, 0, 2));
checkBoth("diag_embed_neg", (a) => a.diagEmbed(-1, 1, 0));
checkBoth("movedim", (a) => a.movedim(0, -1));
checkBoth("movedim_two", (a) => bp.movedim(a, [0, 1], [2, 0]));
checkBoth("moveaxis", (a) => bp.moveaxis(a, 2, 0));
checkBoth("swapaxes", (a) => a.swapaxes(0, 2));
checkBoth("swapdims", (a) => bp.swapdims(a, -1, 0));
checkBoth("T_2d", (a) => a.T);
checkBoth("T_3d", (a) => a.T);
checkBoth("mT", (a) => a.mT);
checkBoth("unflatten", (a) => a.unflatten(1, [3, 4]));
checkBoth("unflatten_infer", (a) => bp.unflatten(a, 1, [-1, 2]));
checkBoth("unflatten_last", (a) => a.unflatten(-1, [2, 2, 3]));
checkBoth("expand_as", (a, b) => a.expandAs(b));
checkBoth("view_as", (a, b) => a.viewAs(b));
checkBoth("reshape_as", (a, b) => a.reshapeAs(b));
checkBoth("fliplr", (a) => a.fliplr());
checkBoth("flipud", (a) => bp.flipud(a));
checkBoth("rot90", (a) => a.rot90());
checkBoth("rot90_2", (a) => bp.rot90(a, 2));
checkBoth("rot90_neg1_dims", (a) => a.rot90(-1, [2, 0]));
checkBoth("rot90_0", (a) => a.rot90(4));
// bool tensors (masks) keep their dtype through the relayouts, as in torch
checkOne("tril_bool", (a) => a.tril());
checkOne("triu_bool", (a) => a.triu(1));
checkOne("flip_bool", (a) => a.flip(1));
checkOne("repeat_bool", (a) => a.repeat(2, 1));
checkOne("roll_bool", (a) => a.roll(1, 1));
checkOne("diag_bool", (a) => a.diag());
checkOne("T_bool", (a) => a.T);
checkOne("rot90_bool", (a) => a.rot90());
checkOne("diag_embed_bool", (a) => a.diagEmbed());
checkFamilyCovered("shape");

function gc(name: string, fn: (x: bp.Tensor) => bp.Tensor | bp.Tensor[], shape: number[]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(77);
    const x = bp.randn(shape, { dtype: "float64", requiresGrad: true });
    // several outputs: each gets its own weight so that a misplaced gradient shows
    const f = (t: bp.Tensor): bp.Tensor => {
      const out = fn(t);
      if (!Array.isArray(out)) return out;
      return bp.cat(out.map((o, k) => o.mul(k + 1).reshape(-1)));
    };
    assert.equal(bp.autograd.gradcheck(f, [x]), true);
  });
}
gc("repeat", (x) => x.repeat(2, 1, 3), [2, 3]);
gc("tile", (x) => x.tile([2]), [2, 3]);
gc("flip", (x) => x.flip(0, 1), [3, 4]);
gc("roll", (x) => x.roll([1, -2], [0, 1]), [3, 4]);
gc("roll flat", (x) => x.roll(4), [2, 3]);
gc("chunk", (x) => x.chunk(3, 1), [2, 5]);
gc("split sizes", (x) => x.split([2, 1, 2]), [5, 2]);
gc("unbind", (x) => x.unbind(1), [2, 3]);
gc("tril", (x) => x.tril(-1), [2, 4, 3]);
gc("triu", (x) => x.triu(1), [4, 3]);
gc("diag 1-D", (x) => x.diag(1), [3]);
gc("diag 2-D", (x) => x.diag(-1), [4, 3]);
gc("diagonal", (x) => x.diagonal(1, 0, 2), [3, 2, 4]);
gc("diagEmbed", (x) => x.diagEmbed(-1, 0, 2), [2, 3]);
gc("movedim", (x) => x.movedim([0, 2], [1, 0]), [2, 3, 4]);
gc("T", (x) => x.T, [2, 3, 4]);
gc("mT", (x) => x.mT, [2, 3, 4]);
gc("unflatten", (x) => x.unflatten(0, [2, -1]), [6, 2]);
gc("expandAs", (x) => x.expandAs(bp.zeros(2, 3, 4)), [3, 1]);
gc("rot90", (x) => x.rot90(3, [1, 0]), [2, 3]);
gc("fliplr", (x) => x.fliplr(), [2, 3]);
gc("swapaxes", (x) => x.swapaxes(0, 2), [2, 3, 4]);
gc("viewAs", (x) => x.viewAs(bp.zeros(3, 2)).mul(bp.arange(2, { dtype: "float64" })), [2, 3]);

test("contiguous returns the tensor itself (storage is always contiguous)", () => {
  const x = bp.randn(2, 3).transpose(0, 1);
  assert.equal(x.contiguous(), x);
});

test("T keeps 0-d and 1-d tensors; swapaxes is transpose", () => {
  const v = bp.tensor([1, 2, 3]);
  assert.equal(v.T, v);
  assertTensor(bp.swapaxes(bp.tensor([[1, 2, 3]]), 0, 1), [3, 1], [1, 2, 3]);
});

test("int32 tensors keep their dtype through flip, repeat, roll, diag and tril", () => {
  const x = i32([[1, 2], [3, 4]]);
  assert.equal(x.flip(0).dtype, "int32");
  assertTensor(x.flip(0), [2, 2], [3, 4, 1, 2]);
  assertTensor(x.repeat(1, 2), [2, 4], [1, 2, 1, 2, 3, 4, 3, 4]);
  assertTensor(x.roll(1, 1), [2, 2], [2, 1, 4, 3]);
  assertTensor(x.diag(), [2], [1, 4]);
  assertTensor(x.tril(), [2, 2], [1, 0, 3, 4]);
  assert.equal(x.tril().dtype, "int32");
});

test("tril backward writes exact zeros above the diagonal, even for a NaN upstream gradient", () => {
  const x = bp.tensor([[1, 2], [3, 4]], { dtype: "float64", requiresGrad: true });
  x.tril().backward(bp.tensor([[1, NaN], [2, 3]], { dtype: "float64" }));
  assertTensor(x.grad!, [2, 2], [1, 0, 2, 3]);
});

test("split and chunk of an empty dimension, as torch", () => {
  assert.deepEqual(bp.zeros(0).chunk(3).map((t) => t.shape), [[0], [0], [0]]);
  assert.deepEqual(bp.zeros(0, 2).split(2).map((t) => t.shape), [[0, 2]]);
  assert.deepEqual(bp.zeros(2, 3).split(3).map((t) => t.shape), [[2, 3]]);
});

test("shape ops name the function and the argument at fault", () => {
  const x = bp.zeros(2, 3);
  assertThrowsWith(() => x.repeat(2), "repeat", "smaller than the number of dimensions");
  assertThrowsWith(() => x.repeat(2, -1), "repeat", "-1");
  assertThrowsWith(() => x.flip(0, 0), "flip", "multiple times");
  assertThrowsWith(() => x.flip(2), "flip", "dimension 2 out of range");
  assertThrowsWith(() => x.roll([1, 2], [0]), "roll", "shifts and dims must align");
  assertThrowsWith(() => x.roll([1, 2]), "roll", "dims");
  assertThrowsWith(() => x.chunk(0), "chunk", "positive");
  assertThrowsWith(() => x.split([1, 1], 1), "split", "sum exactly to 3");
  assertThrowsWith(() => x.split(0, 1), "split", "splitSize can only be 0");
  assertThrowsWith(() => bp.zeros(3).tril(), "tril", "at least 2 dimensions");
  assertThrowsWith(() => bp.zeros(3).triu(), "triu", "at least 2 dimensions");
  assertThrowsWith(() => bp.zeros(2, 2, 2).diag(), "diag", "1-D or 2-D");
  assertThrowsWith(() => x.diagonal(0, 1, -1), "diagonal", "same dimension");
  assertThrowsWith(() => x.movedim([0, 1], [0]), "movedim", "same number of dims");
  assertThrowsWith(() => x.movedim([0, 0], [0, 1]), "movedim", "multiple times in source");
  assertThrowsWith(() => x.unflatten(1, [2, 2]), "unflatten", "don't multiply up", "(3)");
  assertThrowsWith(() => bp.zeros(2, 0).unflatten(1, [0, -1]), "unflatten", "ambiguous");
  assertThrowsWith(() => x.unflatten(1, [-1, -1]), "unflatten", "don't multiply up");
  assertThrowsWith(() => bp.zeros(3).mT, "mT", "matrices");
  assertThrowsWith(() => x.unbind(2), "unbind", "out of range");
  assertThrowsWith(() => x.diagEmbed(0, 0, 0), "diagEmbed", "same dimension");
  assertThrowsWith(() => bp.zeros(3).fliplr(), "fliplr", "at least 2 dimensions");
  assertThrowsWith(() => bp.tensor(1).flipud(), "flipud", "at least 1 dimension");
  assertThrowsWith(() => x.rot90(1, [0]), "rot90", "2 dimensions");
  assertThrowsWith(() => x.rot90(1, [1, -1]), "rot90", "must differ");
});
