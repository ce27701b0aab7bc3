import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { LinearRegression, Ridge } from "../../src/linear_model/index.ts";
import { fixture, flat, maxRelErr } from "./fixture.ts";

// scikit-learn 1.2.1's coef / intercept within 1e-6 relative (relative to max(|value|, 1))
for (const c of fixture.regression) {
  test(`LinearRegression matches scikit-learn: ${c.name}`, () => {
    const m = new LinearRegression({ fitIntercept: c.fitIntercept }).fit(c.X, c.y);
    const multi = Array.isArray(c.y[0]);
    assert.deepEqual(m.coef!.shape, multi ? [(c.y[0] as number[]).length, c.X[0].length] : [c.X[0].length]);
    assert.ok(maxRelErr(m.coef!.data, flat(c.linear.coef)) < 1e-6, `coef ${Array.from(m.coef!.data)} vs ${flat(c.linear.coef)}`);
    if (multi && c.fitIntercept) assert.ok(maxRelErr((m.intercept as bp.Tensor).data, flat(c.linear.intercept)) < 1e-6);
    else assert.ok(maxRelErr([m.intercept as number], flat(c.linear.intercept)) < 1e-6, `${m.intercept} vs ${c.linear.intercept}`);
    assert.equal(m.rank, c.linear.rank);
    assert.ok(maxRelErr(m.singular!.data, c.linear.singular) < 1e-9);
  });

  test(`Ridge matches scikit-learn: ${c.name}`, () => {
    for (const r of c.ridge) {
      const m = new Ridge({ alpha: r.alpha, fitIntercept: c.fitIntercept }).fit(c.X, c.y);
      assert.ok(maxRelErr(m.coef!.data, flat(r.coef)) < 1e-6, `alpha ${r.alpha}: ${Array.from(m.coef!.data)} vs ${flat(r.coef)}`);
      const icpt = typeof m.intercept === "number" ? [m.intercept] : Array.from((m.intercept as bp.Tensor).data);
      assert.ok(maxRelErr(icpt, flat(r.intercept)) < 1e-6, `alpha ${r.alpha}: ${icpt} vs ${r.intercept}`);
    }
  });
}

test("LinearRegression: the seed's line fit, predict, score and the estimator contract", () => {
  const reg = new LinearRegression();
  assert.equal(reg.coef, null);
  assert.throws(() => reg.predict([[1]]), /LinearRegression.predict: This LinearRegression instance is not fitted yet/);
  assert.equal(reg.fit([[1], [2], [3]], [3, 5, 7]), reg);
  assert.ok(Math.abs(reg.coef!.data[0] - 2) < 1e-12);
  assert.ok(Math.abs((reg.intercept as number) - 1) < 1e-12);
  const p = reg.predict(bp.linspace(0, 1, 3, { dtype: "float64" }).reshape(-1, 1));
  assert.deepEqual(p.shape, [3]);
  assert.ok(Math.abs(p.data[2] - 3) < 1e-12);
  assert.equal(reg.score([[1], [2], [3]], [3, 5, 7]), 1);
  assert.throws(() => reg.predict([[1, 2]]), /X has 2 features, but LinearRegression is expecting 1 features as input/);
  assert.throws(() => new LinearRegression({ fitIntercept: 1 as never }), /LinearRegression: fitIntercept must be a boolean, got 1/);
  assert.deepEqual(bp.base.clone(reg).getParams(), { fitIntercept: true });
  // float32 tensors are fitted in float64
  const r32 = new LinearRegression().fit(bp.tensor([[0], [1]]), bp.tensor([1, 3]));
  assert.equal(r32.coef!.dtype, "float64");
});

test("multi-target predict has shape [samples, targets] and score averages the R² of the targets", () => {
  const X = [[0], [1], [2], [3]];
  const Y = [[1, 0], [3, 1], [5, 1], [7, 3]];
  const m = new LinearRegression().fit(X, Y);
  assert.deepEqual(m.predict(X).shape, [4, 2]);
  assert.deepEqual((m.intercept as bp.Tensor).shape, [2]);
  // target 0 is exact (R² 1); target 1: fitted 0.9x - 0.1 ... R² = 0.81 / 0.9 ... computed by hand below
  const y1 = [0, 1, 1, 3];
  const pred1 = Array.from(m.predict(X).index(":", 1).data);
  const mean1 = 1.25;
  const r2b = 1 - y1.reduce((s, v, i) => s + (v - pred1[i]) ** 2, 0) / y1.reduce((s, v) => s + (v - mean1) ** 2, 0);
  assert.ok(Math.abs(m.score(X, Y) - (1 + r2b) / 2) < 1e-12);
  assert.ok(r2b < 1);
});

test("Ridge: alpha 0 is least squares, a large alpha shrinks the coefficients; bad alpha is an error", () => {
  const X = [[1, 2], [2, 1], [3, 5], [4, 3]];
  const y = [1, 2, 4, 3];
  const ols = new LinearRegression().fit(X, y);
  const r0 = new Ridge({ alpha: 0 }).fit(X, y);
  assert.ok(maxRelErr(r0.coef!.data, ols.coef!.data) < 1e-10);
  const big = new Ridge({ alpha: 1e6 }).fit(X, y);
  assert.ok(Math.abs(big.coef!.data[0]) < 1e-4);
  assert.ok(Math.abs((big.intercept as number) - 2.5) < 1e-3);
  assert.throws(() => new Ridge({ alpha: -1 }), /Ridge: alpha must be a finite number >= 0, got -1/);
  assert.throws(() => new Ridge().setParams({ alpah: 1 } as never), /Ridge: invalid parameter "alpah"; valid parameters are: alpha, fitIntercept/);
});
