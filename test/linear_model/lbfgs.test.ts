import { test } from "node:test";
import assert from "node:assert/strict";
import { lbfgs } from "../../src/linear_model/lbfgs.ts";

/** Rosenbrock's banana in n dimensions: minimum 0 at (1, ..., 1). */
function rosenbrock(x: Float64Array): { f: number; grad: Float64Array } {
  let f = 0;
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    f += 100 * a * a + b * b;
    g[i] += -400 * x[i] * a - 2 * b;
    g[i + 1] += 200 * a;
  }
  return { f, grad: g };
}

test("lbfgs minimises Rosenbrock's function to gtol", () => {
  const r = lbfgs(rosenbrock, Float64Array.of(-1.2, 1, -1.2, 1, 0.5), { gtol: 1e-8, ftol: 0 });
  assert.ok(r.converged, r.message);
  assert.match(r.message, /PROJECTED_GRADIENT/);
  for (const v of r.x) assert.ok(Math.abs(v - 1) < 1e-6, String(r.x));
  assert.ok(r.nIter > 10 && r.nIter < 200, String(r.nIter));
});

test("lbfgs solves a quadratic; maxIter and a zero gradient at the start are honoured", () => {
  const quad = (x: Float64Array) => ({ f: (x[0] - 1) ** 2 + 10 * (x[1] + 2) ** 2, grad: Float64Array.of(2 * (x[0] - 1), 20 * (x[1] + 2)) });
  const r = lbfgs(quad, new Float64Array(2), { gtol: 1e-10, ftol: 0 });
  assert.ok(Math.abs(r.x[0] - 1) < 1e-9 && Math.abs(r.x[1] + 2) < 1e-9, String(r.x));
  const short = lbfgs(rosenbrock, Float64Array.of(-1.2, 1), { maxIter: 3 });
  assert.equal(short.nIter, 3);
  assert.equal(short.converged, false);
  assert.match(short.message, /ITERATIONS REACHED LIMIT/);
  const atMin = lbfgs(quad, Float64Array.of(1, -2));
  assert.equal(atMin.nIter, 0);
  assert.ok(atMin.converged);
  assert.throws(() => lbfgs(() => ({ f: NaN, grad: new Float64Array(1) }), new Float64Array(1)), /lbfgs: the objective is not finite at the starting point/);
});
