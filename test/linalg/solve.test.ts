import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { lstsq as linalgLstsq, ridgeSolve } from "../../src/linalg/lstsq.ts";

/** linalg.lstsq with the positional rcond the cases below were written with. */
const lstsq = (A: bp.Tensor, B: bp.Tensor) => {
  const r = linalgLstsq(A, B);
  return { solution: r.solution, rank: r.rank, singular: r.singularValues };
};

const f64 = (x: number[] | number[][]) => bp.tensor(x, { dtype: "float64" });

test("lstsq solves a consistent overdetermined system exactly and reports rank and singular values", () => {
  const A = f64([[1, 0], [0, 1], [1, 1]]);
  const { solution, rank, singular } = lstsq(A, f64([1, 2, 3]));
  assert.deepEqual(solution.shape, [2]);
  const x = Array.from(solution.data);
  assert.ok(Math.abs(x[0] - 1) < 1e-14 && Math.abs(x[1] - 2) < 1e-14, String(x));
  assert.equal(rank, 2);
  // AᵀA = [[2, 1], [1, 2]]: eigenvalues 3 and 1
  const s = Array.from(singular.data);
  assert.ok(Math.abs(s[0] - Math.sqrt(3)) < 1e-14 && Math.abs(s[1] - 1) < 1e-14, String(s));
});

test("lstsq gives the minimum-norm solution of a rank-deficient or underdetermined system", () => {
  // two equal columns: x0 + x1 = 2 -> the minimum-norm solution is [1, 1]
  const dup = lstsq(f64([[1, 1], [2, 2], [3, 3]]), f64([2, 4, 6]));
  assert.equal(dup.rank, 1);
  assert.ok(Array.from(dup.solution.data).every((v) => Math.abs(v - 1) < 1e-13), String(dup.solution.data));
  // one equation, three unknowns: x = a / |a|² * b
  const wide = lstsq(f64([[1, 2, 2]]), f64([[9, 18]]));
  assert.deepEqual(wide.solution.shape, [3, 2]);
  const expected = [1, 2, 2, 4, 2, 4];
  Array.from(wide.solution.data).forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-13, `${i}: ${v}`));
});

test("lstsq is accurate where the normal equations lose half the digits (cond(A) = 1e7)", () => {
  // Läuchli-like: cond(A) ~ 1/eps_ = 1e7, cond(AᵀA) ~ 1e14
  const e = 1e-7;
  const A = f64([[1, 1], [e, 0], [0, e]]);
  const b = f64([2, e, e]); // exact solution [1, 1]
  const x = Array.from(lstsq(A, b).solution.data);
  assert.ok(Math.abs(x[0] - 1) < 1e-8 && Math.abs(x[1] - 1) < 1e-8, String(x));
});

test("ridgeSolve is (AᵀA + αI)⁻¹ Aᵀ b; lstsq and ridgeSolve check their arguments", () => {
  const A = f64([[1, 2], [3, 4], [5, 7]]);
  const b = f64([1, 0, 2]);
  const x = ridgeSolve(A, b, 0.5);
  // (AᵀA + αI) x == Aᵀ b
  const lhs = A.transpose(0, 1).matmul(A).add(bp.eye(2, { dtype: "float64" }).mul(0.5)).matmul(x);
  const rhs = A.transpose(0, 1).matmul(b);
  Array.from(lhs.data).forEach((v, i) => assert.ok(Math.abs(v - rhs.data[i]) < 1e-12, `${v} vs ${rhs.data[i]}`));
  assert.throws(() => lstsq(f64([1, 2]), f64([1, 2])), /lstsq: A must be 2-D/);
  assert.throws(() => lstsq(A, f64([1, 2])), /lstsq: A and B have different numbers of rows: 3 and 2/);
  assert.throws(() => ridgeSolve(A, b, -1), /ridgeSolve: alpha must be >= 0, got -1/);
});
