import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as linalg from "../../src/linalg/index.ts";
import { fixture, formula, maxAbsDiff, tensor } from "./fixture.ts";

for (const c of fixture.lstsq) {
  test(`lstsq matches numpy.linalg.lstsq: ${c.name}`, () => {
    const r = linalg.lstsq(tensor(c.A), tensor(c.b), c.rcond === undefined ? {} : { rcond: c.rcond });
    assert.deepEqual(r.solution.shape, c.solution.shape);
    assert.equal(r.rank, c.rank);
    const scale = Math.max(1, ...c.solution.data.map(Math.abs));
    // the Vandermonde solutions are determined only to cond(A) * eps relative
    const tol = c.name.startsWith("vandermonde") ? 1e-6 : 1e-12;
    assert.ok(maxAbsDiff(r.solution.data, c.solution.data) < tol * scale, `${Array.from(r.solution.data)} vs ${c.solution.data}`);
    const S = r.singularValues;
    assert.deepEqual(S.shape, [c.S.length]);
    assert.ok(maxAbsDiff(S.data, c.S) < 1e-13 * c.S[0], `S ${Array.from(S.data)} vs ${c.S}`);
    assert.equal(r.singularValues, S, "singularValues is computed once");
  });
}

/** Aᵀ (A x - b), the normal equations' residual: zero at every least-squares solution. */
function normalResidual(A: bp.Tensor, x: bp.Tensor, b: bp.Tensor): number {
  return Math.max(...Array.from(A.t().matmul(A.matmul(x).sub(b)).data).map(Math.abs));
}

test("lstsq on 70 x 41 with a duplicated column (rank-deficient route) gives the minimum-norm solution; full rank (QR route) agrees with it", () => {
  const A40 = formula(70, 40);
  const b = bp.tensor(Array.from({ length: 70 }, (_, i) => Math.cos(i)), { dtype: "float64" });
  const full = linalg.lstsq(A40, b);
  assert.equal(full.rank, 40);
  assert.ok(normalResidual(A40, full.solution, b) < 1e-11);
  // duplicate column 7: the minimum-norm solution splits its coefficient in two equal halves
  const A41 = bp.cat([A40, A40.index(":", "7:8")], 1);
  const dup = linalg.lstsq(A41, b);
  assert.equal(dup.rank, 40);
  const x = dup.solution.data;
  assert.ok(Math.abs(x[7] - x[40]) < 1e-10, `${x[7]} vs ${x[40]}`);
  assert.ok(Math.abs(x[7] + x[40] - full.solution.data[7]) < 1e-10);
  for (let j = 0; j < 40; j++) if (j !== 7) assert.ok(Math.abs(x[j] - full.solution.data[j]) < 1e-10, `coef ${j}`);
  assert.equal(dup.singularValues.data[40] < 1e-12 * dup.singularValues.data[0], true);
});

test("lstsq of a wide full-rank system is its minimum-norm solution A⁺ b = Aᵀ (A Aᵀ)⁻¹ b", () => {
  const A = formula(35, 70);
  const b = bp.tensor(Array.from({ length: 35 }, (_, i) => Math.sin(i) + 0.5), { dtype: "float64" }).reshape([35, 1]);
  const r = linalg.lstsq(A, b);
  assert.equal(r.rank, 35);
  assert.deepEqual(r.solution.shape, [70, 1]);
  assert.ok(maxAbsDiff(A.matmul(r.solution).data, b.data) < 1e-10, "A x = b");
  // x lies in the row space: x = Aᵀ z with z the least-squares solution of Aᵀ z = x
  const z = linalg.lstsq(A.t(), r.solution).solution;
  assert.ok(maxAbsDiff(A.t().matmul(z).data, r.solution.data) < 1e-10, "x in range(Aᵀ)");
});

test("lstsq handles all-zero columns exactly and a zero matrix", () => {
  const A = bp.tensor([[0, 1, 0], [0, 2, 0], [0, 3, 0]], { dtype: "float64" });
  const r = linalg.lstsq(A, bp.tensor([2, 4, 6], { dtype: "float64" }));
  const x = Array.from(r.solution.data);
  assert.ok(x[0] === 0 && x[2] === 0 && Math.abs(x[1] - 2) < 1e-15, String(x));
  assert.equal(r.rank, 1);
  assert.ok(maxAbsDiff(r.singularValues.data, [Math.sqrt(14), 0, 0]) < 1e-14);
  const z = linalg.lstsq(bp.zeros(3, 2, { dtype: "float64" }), bp.ones(3, { dtype: "float64" }));
  assert.deepEqual(Array.from(z.solution.data), [0, 0]);
  assert.equal(z.rank, 0);
  assert.deepEqual(Array.from(z.singularValues.data), [0, 0]);
});

test("lstsq checks its arguments", () => {
  const A = bp.eye(3, { dtype: "float64" });
  assert.throws(() => linalg.lstsq(bp.ones(3, { dtype: "float64" }), bp.ones(3)), /lstsq: A must be 2-D, got shape \[3\]/);
  assert.throws(() => linalg.lstsq(A, bp.ones(2)), /lstsq: A and B have different numbers of rows: 3 and 2/);
  assert.throws(() => linalg.lstsq(A, bp.ones(3, 1, 1)), /lstsq: B must be 1-D or 2-D, got shape \[3, 1, 1\]/);
  assert.throws(() => linalg.lstsq(A, bp.ones(3), { rcond: -1 }), /lstsq: rcond must be a nonnegative number, got -1/);
});

test("lstsq on 120 x 60 of rank 50 (pivoted-QR route) equals the pseudo-inverse solution V S⁺ Uᵀ b from svd", () => {
  // 10 columns are combinations of others; two right-hand sides
  const base = formula(120, 50);
  const extra = base.index(":", "0:10").add(base.index(":", "20:30").mul(0.5));
  const A = bp.cat([base, extra], 1);
  const B = bp.stack([0, 1].map((c) => bp.tensor(Array.from({ length: 120 }, (_, i) => Math.cos(i * (c + 1))), { dtype: "float64" })), 1);
  const r = linalg.lstsq(A, B);
  assert.equal(r.rank, 50);
  const { U, S, Vh } = linalg.svd(A, { fullMatrices: false });
  const cut = 120 * 2.220446049250313e-16 * S.data[0];
  const sinv = new bp.Tensor(Float64Array.from(S.data, (s) => (s > cut ? 1 / s : 0)), [60]);
  const ref = Vh.t().mul(sinv).matmul(U.t().matmul(B));
  assert.ok(maxAbsDiff(r.solution.data, ref.data) < 1e-9 * Math.max(...Array.from(ref.data).map(Math.abs)), "x != A⁺ b");
  assert.ok(maxAbsDiff(r.singularValues.data, S.data) < 1e-12 * S.data[0]);
});
