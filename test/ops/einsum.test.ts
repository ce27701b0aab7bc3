/** einsum against PyTorch (float64 and float32, forward and backward), gradcheck, and its errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith } from "../helpers/parity.ts";
import { checkBoth, checkFamilyCovered } from "./shape_parity.ts";

checkBoth("einsum_transpose", (a) => bp.einsum("ij->ji", a));
checkBoth("einsum_trace", (a) => bp.einsum("ii->", a));
checkBoth("einsum_diagonal", (a) => bp.einsum("ii->i", a));
checkBoth("einsum_sum", (a) => bp.einsum("ij->", a));
checkBoth("einsum_col_sums", (a) => bp.einsum("ij->j", a));
checkBoth("einsum_permute3", (a) => bp.einsum("ijk->kji", a));
checkBoth("einsum_matmul", (a, b) => bp.einsum("ij,jk->ik", a, b));
checkBoth("einsum_matmul_implicit", (a, b) => bp.einsum("ij,jk", a, b));
checkBoth("einsum_matmul_bt", (a, b) => bp.einsum("ij,kj->ki", a, b));
checkBoth("einsum_bmm", (a, b) => bp.einsum("bij,bjk->bik", a, b));
checkBoth("einsum_outer", (a, b) => bp.einsum("i,j->ij", a, b));
checkBoth("einsum_dot", (a, b) => bp.einsum("i,i->", a, b));
checkBoth("einsum_hadamard", (a, b) => bp.einsum("ij,ij->ij", a, b));
checkBoth("einsum_mv", (a, b) => bp.einsum("ij,j->i", [a, b]));
checkBoth("einsum_bilinear", (x, a, y) => bp.einsum("bi,ij,bj->b", x, a, y));
checkBoth("einsum_bilinear_torch", (l, a, r) => bp.einsum("bn,anm,bm->ba", l, a, r));
checkBoth("einsum_chain3", (a, b, c) => bp.einsum("ij,jk,kl->il", a, b, c));
checkBoth("einsum_ellipsis_bmm", (a, b) => bp.einsum("...ij,...jk->...ik", a, b));
checkBoth("einsum_ellipsis_sum", (a) => bp.einsum("i...->...", a));
checkBoth("einsum_batch_diag", (a) => bp.einsum("bii->bi", a));
checkBoth("einsum_sum_then_mul", (a, b) => bp.einsum("ij,k->jk", a, b));
checkFamilyCovered("einsum");

function gc(equation: string, shapes: number[][]): void {
  test(`gradcheck: einsum ${equation}`, () => {
    bp.manualSeed(11);
    const xs = shapes.map((s) => bp.randn(s, { dtype: "float64", requiresGrad: true }));
    assert.equal(bp.autograd.gradcheck((...ts) => bp.einsum(equation, ...ts), xs), true);
  });
}
gc("ii->", [[3, 3]]);
gc("ii->i", [[3, 3]]);
gc("ij,jk->ik", [[2, 3], [3, 4]]);
gc("bij,bjk->bik", [[2, 3, 4], [2, 4, 2]]);
gc("i,j->ij", [[3], [2]]);
gc("bi,ij,bj->b", [[4, 2], [2, 3], [4, 3]]);
gc("...ij,...jk->...ik", [[2, 1, 3, 4], [5, 4, 2]]);
gc("bii->b", [[2, 3, 3]]);

test("einsum with spaces and a transposed result of one operand", () => {
  const a = bp.tensor([[1, 2, 3], [4, 5, 6]]);
  assertTensor(bp.einsum(" i j -> j i ", a), [3, 2], [1, 4, 2, 5, 3, 6]);
});

test("einsum errors name the subscript or the operand at fault", () => {
  const a = bp.ones(2, 3);
  assertThrowsWith(() => bp.einsum("ij,jk->ik", a), "einsum", "2 operand(s) but 1 were given");
  assertThrowsWith(() => bp.einsum("ijk->i", a), "einsum", "3 subscripts but its tensor has 2 dims");
  assertThrowsWith(() => bp.einsum("ij,jk->ik", a, bp.ones(4, 2)), "einsum", "subscript j has size 4");
  assertThrowsWith(() => bp.einsum("ii->i", a), "einsum", "subscript i is repeated for operand 0");
  assertThrowsWith(() => bp.einsum("ij->k", a), "einsum", "output subscript k does not appear");
  assertThrowsWith(() => bp.einsum("ij->ii", a), "einsum", "output subscript i appears more than once");
  assertThrowsWith(() => bp.einsum("i1->i", a), "einsum", 'invalid subscript "1"');
  assertThrowsWith(() => bp.einsum("ij,jk", a, bp.ones(3, 2, { dtype: "float64" })), "einsum", "operand 1 is float64");
  assertThrowsWith(() => bp.einsum("ij"), "einsum", "at least one operand");
});
