/** mm, bmm, dot, outer, mv, addmm, baddbmm, trace, kron, tensordot against PyTorch (float64 and float32), gradcheck and errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { assertTensor, assertThrowsWith } from "../helpers/parity.ts";
import { checkBoth, checkFamilyCovered } from "./shape_parity.ts";

checkBoth("mm", (a, b) => a.mm(b));
checkBoth("bmm", (a, b) => bp.bmm(a, b));
checkBoth("dot", (a, b) => a.dot(b));
checkBoth("outer", (a, b) => bp.outer(a, b));
checkBoth("mv", (a, b) => a.mv(b));
checkBoth("addmm", (c, a, b) => bp.addmm(c, a, b));
checkBoth("addmm_bcast_scaled", (c, a, b) => c.addmm(a, b, { beta: 0.5, alpha: 2 }));
checkBoth("addmm_beta0_nan", (c, a, b) => bp.addmm(c, a, b, { beta: 0 }));
checkBoth("baddbmm", (c, a, b) => c.baddbmm(a, b, { beta: -1.5, alpha: 0.25 }));
checkBoth("trace", (a) => a.trace());
checkBoth("kron", (a, b) => a.kron(b));
checkBoth("kron_ranks", (a, b) => bp.kron(a, b));
checkBoth("tensordot", (a, b) => bp.tensordot(a, b));
checkBoth("tensordot_lists", (a, b) => bp.tensordot(a, b, [[0, 2], [2, 1]]));
checkBoth("tensordot_0", (a, b) => bp.tensordot(a, b, 0));
checkFamilyCovered("linalg");

function gc(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor, shapes: number[][]): void {
  test(`gradcheck: ${name}`, () => {
    bp.manualSeed(5);
    const xs = shapes.map((s) => bp.randn(s, { dtype: "float64", requiresGrad: true }));
    assert.equal(bp.autograd.gradcheck(fn, xs), true);
  });
}
gc("mm", (a, b) => a.mm(b), [[3, 4], [4, 2]]);
gc("bmm", (a, b) => a.bmm(b), [[2, 3, 4], [2, 4, 2]]);
gc("dot", (a, b) => a.dot(b), [[5], [5]]);
gc("outer", (a, b) => a.outer(b), [[3], [4]]);
gc("mv", (a, b) => a.mv(b), [[3, 4], [4]]);
gc("addmm", (c, a, b) => c.addmm(a, b, { beta: 0.5, alpha: -2 }), [[1, 2], [3, 4], [4, 2]]);
gc("addmm beta 0", (c, a, b) => c.addmm(a, b, { beta: 0 }), [[3, 2], [3, 4], [4, 2]]);
gc("trace", (a) => a.trace(), [[3, 4]]);
gc("kron", (a, b) => a.kron(b), [[2, 1, 2], [2, 3]]);
gc("tensordot", (a, b) => bp.tensordot(a, b, [[1, 0], [0, 2]]), [[3, 2, 2], [2, 4, 3]]);
gc("baddbmm", (c, a, b) => c.baddbmm(a, b, { alpha: 3 }), [[2, 3, 2], [2, 3, 4], [2, 4, 2]]);

test("addmm with beta 0 gives the input a zero gradient, not NaN", () => {
  const c = bp.tensor([NaN, Infinity], { dtype: "float64", requiresGrad: true });
  const out = bp.addmm(c, bp.ones(1, 2, { dtype: "float64" }), bp.ones(2, 2, { dtype: "float64" }), { beta: 0 });
  assertTensor(out, [1, 2], [2, 2]);
  out.sum().backward();
  assertTensor(c.grad!, [2], [0, 0]);
});

test("outer promotes dtypes like mul", () => {
  assert.equal(bp.outer(bp.ones(2), bp.ones(3, { dtype: "float64" })).dtype, "float64");
});

test("the fixed-rank products refuse other ranks, sizes and mixed dtypes, naming the argument", () => {
  assertThrowsWith(() => bp.mm(bp.ones(3), bp.ones(3, 2)), "mm", "input must be a 2-D tensor");
  assertThrowsWith(() => bp.mm(bp.ones(2, 3), bp.ones(2, 3, 2)), "mm", "mat2 must be a 2-D tensor");
  assertThrowsWith(() => bp.mm(bp.ones(2, 3), bp.ones(4, 2)), "mm", "cannot be multiplied (2x3 and 4x2)");
  assertThrowsWith(() => bp.mm(bp.ones(2, 3), bp.ones(3, 2, { dtype: "float64" })), "mm", "same dtype", "float32 and float64");
  assertThrowsWith(() => bp.bmm(bp.ones(2, 3), bp.ones(2, 3, 2)), "bmm", "input must be a 3-D tensor");
  assertThrowsWith(() => bp.bmm(bp.ones(2, 2, 3), bp.ones(3, 3, 2)), "bmm", "same number of batches, got 2 and 3");
  assertThrowsWith(() => bp.bmm(bp.ones(2, 2, 3), bp.ones(2, 4, 2)), "bmm", "cannot be multiplied (2x2x3 and 2x4x2)");
  assertThrowsWith(() => bp.dot(bp.ones(2, 2), bp.ones(4)), "dot", "1-D tensors expected, but got 2-D and 1-D");
  assertThrowsWith(() => bp.dot(bp.ones(3), bp.ones(4)), "dot", "same number of elements, got 3 and 4");
  assertThrowsWith(() => bp.mv(bp.ones(2, 3), bp.ones(4)), "mv", "size mismatch");
  assertThrowsWith(() => bp.mv(bp.ones(2, 3), bp.ones(3, 1)), "mv", "vec must be a 1-D tensor");
  assertThrowsWith(() => bp.outer(bp.ones(2, 1), bp.ones(3)), "outer", "input must be a 1-D tensor");
  assertThrowsWith(() => bp.addmm(bp.ones(3, 3), bp.ones(2, 4), bp.ones(4, 3)), "addmm", "cannot be broadcast");
  assertThrowsWith(() => bp.addmm(bp.ones(3), bp.ones(2, 4), bp.ones(5, 3)), "addmm", "cannot be multiplied");
  assertThrowsWith(() => bp.addmm(bp.ones(3, { dtype: "float64" }), bp.ones(2, 4), bp.ones(4, 3)), "addmm", "same dtype");
  assertThrowsWith(() => bp.trace(bp.ones(3)), "trace", "input must be a 2-D tensor");
  assertThrowsWith(() => bp.tensordot(bp.ones(2, 3), bp.ones(2, 3), 1), "tensordot", "same size, got 3 (dim 1 of a) and 2 (dim 0 of b)");
  assertThrowsWith(() => bp.tensordot(bp.ones(2, 3), bp.ones(3), 2), "tensordot", "no larger than");
  assertThrowsWith(() => bp.tensordot(bp.ones(2, 3), bp.ones(3), [[1], []]), "tensordot", "same length");
});
