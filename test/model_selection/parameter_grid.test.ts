import { test } from "node:test";
import assert from "node:assert/strict";
import * as modelSelection from "../../src/model_selection/index.ts";
import { RandomState } from "../../src/random/random_state.ts";
import { arange } from "../../src/tensor/creation.ts";
import { FIXTURE } from "./fixture.ts";

const { ParameterGrid, ParameterSampler } = modelSelection;

test("ParameterGrid iterates in scikit-learn's order (sorted keys, last fastest, grids in turn)", () => {
  for (const c of FIXTURE.parameter_grid) {
    const grid = new ParameterGrid(c.grid);
    assert.deepEqual([...grid], c.order);
    assert.equal(grid.length, c.order.length);
    c.order.forEach((p, i) => assert.deepEqual(grid.at(i), p));
  }
  assert.throws(() => new ParameterGrid({ a: [1] }).at(1), /ParameterGrid.at: index 1 out of range/);
});

test("ParameterGrid takes a 1-D Tensor of values (np.arange in the seed)", () => {
  const grid = new ParameterGrid({ nNeighbors: arange(1, 4), metric: ["euclidean", "manhattan"] });
  assert.deepEqual([...grid].map((p) => [p.metric, p.nNeighbors]), [["euclidean", 1], ["euclidean", 2], ["euclidean", 3], ["manhattan", 1], ["manhattan", 2], ["manhattan", 3]]);
});

test("ParameterGrid: scikit-learn's errors for values that are not a non-empty list", () => {
  assert.throws(() => new ParameterGrid({ a: 3 } as never), /Parameter grid for parameter 'a' needs to be a list or a numpy array, but got 3/);
  assert.throws(() => new ParameterGrid({ a: [] }), /Parameter grid for parameter 'a' need to be a non-empty sequence/);
  assert.throws(() => new ParameterGrid([1] as never), /Parameter grid is not a dict/);
});

/** The fixture's distributions: "uniform(lo, hi)" strings become objects drawing rs.uniform(lo, hi), as the Python side's rvs. */
function distributions(d: Record<string, unknown>): Record<string, modelSelection.ParamValues | modelSelection.Distribution> {
  const out: Record<string, modelSelection.ParamValues | modelSelection.Distribution> = {};
  for (const [k, v] of Object.entries(d)) {
    const m = typeof v === "string" ? /^uniform\((-?[\d.]+), (-?[\d.]+)\)$/.exec(v) : null;
    out[k] = m !== null ? { rvs: (rs: RandomState) => rs.uniform(Number(m[1]), Number(m[2])) } : (v as (number | string)[]);
  }
  return out;
}

test("ParameterSampler draws scikit-learn's combinations (each sample_without_replacement path, distributions)", (t) => {
  const warn = t.mock.method(console, "warn", () => {});
  for (const c of FIXTURE.parameter_sampler) {
    const dist = Array.isArray(c.dist) ? c.dist.map(distributions) : distributions(c.dist);
    const sampler = new ParameterSampler(dist, c.n_iter, { randomState: c.random_state });
    const draws = [...sampler];
    assert.equal(draws.length, c.draws.length);
    assert.equal(sampler.length, c.draws.length);
    draws.forEach((d, i) => {
      for (const [k, v] of Object.entries(c.draws[i])) {
        if (typeof v === "number" && !Number.isInteger(v)) assert.ok(Math.abs((d[k] as number) - v) < 1e-12, `${k}: ${String(d[k])} vs ${v}`);
        else assert.equal(d[k], v);
      }
    });
  }
  assert.equal(warn.mock.callCount(), 1);
  assert.match(String(warn.mock.calls[0].arguments[0]), /The total space of parameters 6 is smaller than n_iter=10. Running 6 iterations/);
});

test("keys sort as scikit-learn sorts its snake_case names, not as camelCase would", () => {
  // camelCase order would put innerX before inner__power ("X" < "_"); scikit-learn's is inner__power, inner_x
  const grid = new ParameterGrid({ innerX: [1, 2], inner__power: [3, 4], C: [5] });
  assert.deepEqual(Object.keys(grid.at(0)), ["C", "inner__power", "innerX"]);
  assert.deepEqual([...grid].map((p) => [p.inner__power, p.innerX]), [[3, 1], [3, 2], [4, 1], [4, 2]]);
});
