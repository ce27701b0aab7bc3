import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as linalg from "../../src/linalg/index.ts";
import { fixture, formula, maxAbsDiff, orthogonalityError, tensor } from "./fixture.ts";

/** U diag(S) Vh with U [m, p], Vh [q, n]: only the first min(m, n) columns / rows take part. */
function reconstruct(U: bp.Tensor, S: bp.Tensor, Vh: bp.Tensor): bp.Tensor {
  const k = S.shape[0];
  const u = U.index(":", `0:${k}`);
  const vh = Vh.index(`0:${k}`);
  return u.mul(S).matmul(vh);
}

for (const c of fixture.svd) {
  test(`svd matches numpy's singular values and reconstructs A: ${c.name}`, () => {
    const A = tensor(c.A);
    const [m, n] = c.A.shape;
    const k = Math.min(m, n);
    for (const fullMatrices of [false, true]) {
      const { U, S, Vh } = linalg.svd(A, { fullMatrices });
      assert.deepEqual(S.shape, [k]);
      assert.deepEqual(U.shape, fullMatrices ? [m, m] : [m, k]);
      assert.deepEqual(Vh.shape, fullMatrices ? [n, n] : [k, n]);
      assert.ok(maxAbsDiff(S.data, c.S) < 1e-13 * Math.max(1, c.S[0]), `S ${Array.from(S.data)} vs ${c.S}`);
      assert.ok(orthogonalityError(U) < 1e-13, `U not orthonormal (${c.name}, full ${fullMatrices})`);
      assert.ok(orthogonalityError(Vh.t()) < 1e-13, `Vh not orthonormal (${c.name}, full ${fullMatrices})`);
      assert.ok(maxAbsDiff(reconstruct(U, S, Vh).data, A.data) < 1e-13, "U S Vh != A");
    }
    assert.ok(maxAbsDiff(linalg.svdvals(A).data, c.S) < 1e-13 * Math.max(1, c.S[0]));
  });
}

test("svd of a 70 x 40 matrix: descending S, U S Vh = A, and the default fullMatrices is torch's (true)", () => {
  const A = formula(70, 40);
  const { U, S, Vh } = linalg.svd(A);
  assert.deepEqual(U.shape, [70, 70]);
  assert.deepEqual(Vh.shape, [40, 40]);
  for (let i = 1; i < 40; i++) assert.ok(S.data[i] <= S.data[i - 1]);
  assert.ok(orthogonalityError(U) < 1e-13);
  assert.ok(maxAbsDiff(reconstruct(U, S, Vh).data, A.data) < 1e-12);
  // the same singular values from Aᵀ (the wide route)
  assert.ok(maxAbsDiff(linalg.svdvals(A.t()).data, S.data) < 1e-12);
});

test("svd checks its arguments", () => {
  assert.throws(() => linalg.svd(bp.tensor([1, 2])), /svd: A must be 2-D, got shape \[2\]/);
  // @ts-expect-error: a bad fullMatrices
  assert.throws(() => linalg.svd(bp.eye(2), { fullMatrices: "yes" }), /svd: fullMatrices must be a boolean, got yes/);
  assert.throws(() => linalg.svdvals(bp.zeros(2, 2, 2)), /svdvals: A must be 2-D, got shape \[2, 2, 2\]/);
});
