import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as linalg from "../../src/linalg/index.ts";
import { fixture, formula, maxAbsDiff, orthogonalityError, tensor } from "./fixture.ts";

for (const c of fixture.qr) {
  test(`qr matches scipy.linalg.qr (LAPACK's signs): ${c.name}`, () => {
    const A = tensor(c.A);
    const { Q, R } = linalg.qr(A);
    assert.deepEqual(Q.shape, c.Q.shape);
    assert.deepEqual(R.shape, c.R.shape);
    assert.ok(maxAbsDiff(Q.data, c.Q.data) < 1e-13, `Q ${Array.from(Q.data)}`);
    assert.ok(maxAbsDiff(R.data, c.R.data) < 1e-13, `R ${Array.from(R.data)}`);
    const full = linalg.qr(A, { mode: "complete" });
    assert.deepEqual(full.Q.shape, c.Qfull.shape);
    assert.deepEqual(full.R.shape, c.Rfull.shape);
    assert.ok(maxAbsDiff(full.Q.data, c.Qfull.data) < 1e-13);
    assert.ok(maxAbsDiff(full.R.data, c.Rfull.data) < 1e-13);
    const onlyR = linalg.qr(A, { mode: "r" });
    assert.deepEqual(onlyR.Q.shape, [0]);
    assert.ok(maxAbsDiff(onlyR.R.data, c.R.data) < 1e-13);
  });
}

test("qr of a 70 x 40 matrix (two blocked panels) matches scipy and reconstructs A", () => {
  const f = fixture.qrFormula;
  const A = formula(f.m, f.n);
  const { Q, R } = linalg.qr(A);
  const diag = Array.from({ length: f.n }, (_, i) => R.data[i * f.n + i]);
  assert.ok(maxAbsDiff(diag, f.Rdiag) < 1e-12, String(diag));
  assert.ok(maxAbsDiff(R.data.subarray(0, f.n), f.Rrow0) < 1e-12);
  for (const [col, ref] of Object.entries(f.Qcols)) {
    const q = Array.from({ length: f.m }, (_, i) => Q.data[i * f.n + Number(col)]);
    assert.ok(maxAbsDiff(q, ref) < 1e-12, `Q[:, ${col}]`);
  }
  assert.ok(orthogonalityError(Q) < 1e-13);
  assert.ok(maxAbsDiff(Q.matmul(R).data, A.data) < 1e-13);
  for (let i = 1; i < f.n; i++) for (let j = 0; j < i; j++) assert.equal(R.data[i * f.n + j], 0);
  // complete Q: orthogonal 70 x 70, and its first 40 columns are the reduced Q
  const full = linalg.qr(A, { mode: "complete" });
  assert.ok(orthogonalityError(full.Q) < 1e-13);
  assert.ok(maxAbsDiff(full.Q.matmul(full.R).data, A.data) < 1e-13);
  const first = Array.from({ length: f.m * f.n }, (_, t) => full.Q.data[Math.floor(t / f.n) * f.m + (t % f.n)]);
  assert.ok(maxAbsDiff(first, Q.data) < 1e-14);
});

test("qr of a wide matrix with more columns than a panel: Q R = A, Q orthogonal", () => {
  const A = formula(40, 75);
  const { Q, R } = linalg.qr(A);
  assert.deepEqual(Q.shape, [40, 40]);
  assert.deepEqual(R.shape, [40, 75]);
  assert.ok(orthogonalityError(Q) < 1e-13);
  assert.ok(maxAbsDiff(Q.matmul(R).data, A.data) < 1e-13);
});

test("qr computes float32 and nested-array-free inputs in float64 and checks its arguments", () => {
  const { Q, R } = linalg.qr(bp.tensor([[3, 1], [4, 2]]));
  assert.equal(Q.dtype, "float64");
  assert.ok(maxAbsDiff(R.data, [-5, -2.2, 0, 0.4]) < 1e-6, String(R.data));
  assert.ok(maxAbsDiff(Q.data, [-0.6, -0.8, -0.8, 0.6]) < 1e-6, String(Q.data));
  assert.throws(() => linalg.qr(bp.tensor([1, 2])), /qr: A must be 2-D, got shape \[2\]/);
  // @ts-expect-error: a bad mode
  assert.throws(() => linalg.qr(bp.eye(2), { mode: "economic" }), /qr: mode must be "reduced", "complete" or "r", got economic/);
});
