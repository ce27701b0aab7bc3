/**
 * PyTorch 1.13's rules at NaN, inf, -0 and masks, replayed from test/fixtures/rules.json (written by
 * test/fixtures/gen_rules.py): every case in float32 and float64, forward values, and the gradients for
 * an upstream gradient that itself holds NaN / inf where the rule is about that. Values must match
 * exactly in kind: NaN for NaN, the same infinity, and the same sign of zero.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
const F = bp.nn.functional;
import { TIGHT32, TIGHT64, type Encoded, type Tolerance, values } from "../helpers/parity.ts";

interface RuleCase {
  name: string;
  inputs: Encoded[];
  out: Encoded;
  g?: Encoded;
  grads?: (Encoded | null)[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/rules.json", import.meta.url), "utf8")) as { cases: RuleCase[] };

function decode(e: Encoded): bp.Tensor {
  const v = values(e);
  const data = e.dtype === "float64" ? Float64Array.from(v) : e.dtype === "float32" ? Float32Array.from(v)
    : e.dtype === "bool" ? Uint8Array.from(v) : Int32Array.from(v);
  const t = new bp.Tensor(data, e.shape);
  if (e.grad === true) t.requiresGrad_(true);
  return t;
}

/**
 * Like assertClose, but also -0 against 0 (unless `anyZero`): where PyTorch writes an exact zero, so
 * must we.
 */
function assertSame(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: Tolerance, what: string, anyZero = false): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (anyZero && e === 0 && a === 0) continue;
    if (Number.isNaN(e) || !Number.isFinite(e) || e === 0) {
      assert.ok(Object.is(a, e), `${what}[${i}]: got ${Object.is(a, -0) ? "-0" : a}, expected ${Object.is(e, -0) ? "-0" : e}`);
      continue;
    }
    assert.ok(Math.abs(a - e) <= tol.atol + tol.rtol * Math.abs(e), `${what}[${i}]: got ${a}, expected ${e}`);
  }
}

const x1 = (f: (x: bp.Tensor) => bp.Tensor) => (...t: bp.Tensor[]) => f(t[0]);
const x2 = (f: (a: bp.Tensor, b: bp.Tensor) => bp.Tensor) => (...t: bp.Tensor[]) => f(t[0], t[1]);

/** The op of each case (the case name without its _f32 / _f64 suffix). */
const OPS: Record<string, (...inputs: bp.Tensor[]) => bp.Tensor> = {
  where_issue: x2((x, o) => { const v = bp.where(x.gt(1.5), x, o); return v.mul(v).sum(); }),
  where_issue_both: x2((x, o) => { const v = bp.where(x.gt(1.5), x, o); return v.mul(v).sum(); }),
  where_upstream_nonfinite: (c, a, b) => bp.where(c, a, b),
  where_bcast_cond: (c, a, b) => bp.where(c, a, b),
  clamp: x1((x) => x.clamp(0, 2)),
  clamp_min: x1((x) => x.clamp(0)),
  clamp_max: x1((x) => x.clamp(null, 2)),
  clamp_nan_min: x1((x) => x.clamp(NaN, 2)),
  clamp_nan_max: x1((x) => x.clamp(0, NaN)),
  clamp_lone_nan_min: x1((x) => bp.clamp(x, NaN)),
  clamp_lone_nan_max: x1((x) => bp.clamp(x, null, NaN)),
  clamp_inplace: x1((x) => x.clone().clamp_(0, 2)),
  clamp_inplace_min: x1((x) => x.clone().clamp_(0)),
  clamp_inplace_nan_max: x1((x) => x.clone().clamp_(0, NaN)),
  clamp_inplace_lone_nan_min: x1((x) => x.clone().clamp_(NaN)),
  clamp_inplace_lone_nan_max: x1((x) => x.clone().clamp_(null, NaN)),
  threshold: x1((x) => F.threshold(x, 1, -7)),
  relu: x1((x) => x.relu()),
  prelu: x2((x, w) => F.prelu(x, w)),
  prelu_channels: x2((x, w) => F.prelu(x, w)),
  maximum: x2((a, b) => a.maximum(b)),
  minimum: x2((a, b) => bp.minimum(a, b)),
  max_all_nan: x1((x) => x.max()),
  min_all_nan: x1((x) => x.min()),
  max_all_ties: x1((x) => x.max()),
  max_all_inf_g: x1((x) => bp.max(x)),
  min_all_ties_inf_g: x1((x) => bp.min(x)),
  max_dim_nan: x1((x) => x.max(1).values),
  min_dim_nan: x1((x) => x.min(0).values),
  max_dim_indices: x1((x) => x.max(1).indices),
  abs: x1((x) => x.abs()),
  pow_half: x1((x) => x.pow(0.5)),
  pow_neg_half: x1((x) => bp.pow(x, -0.5)),
  pow_tensor_half: x2((x, e) => x.pow(e)),
  pow_tensor_neg_half: x2((x, e) => x.pow(e)),
  pow_two: x1((x) => x.pow(2)),
  pow_zero: x1((x) => x.pow(0)),
  sum_empty_dims: x1((x) => x.sum([])),
  sum_empty_dims_keepdim: x1((x) => x.sum([], true)),
  mean_empty_dims: x1((x) => bp.mean(x, [])),
  nan_to_num: x1((x) => x.nanToNum()),
  nan_to_num_values: x1((x) => bp.nanToNum(x, -1, 100, -100)),
  nan_to_num_posinf_only: x1((x) => x.nanToNum(0, 7)),
  isnan: x1((x) => x.isnan()),
  isinf: x1((x) => bp.isinf(x)),
  isposinf: x1((x) => x.isposinf()),
  isneginf: x1((x) => bp.isneginf(x)),
  isfinite: x1((x) => x.isfinite()),
  logical_not: x1((x) => x.logicalNot()),
  logical_and: x2((a, b) => a.logicalAnd(b)),
  logical_or: x2((a, b) => bp.logicalOr(a, b)),
  logical_xor: x2((a, b) => a.logicalXor(b)),
  logical_and_bool_int: x2((a, b) => bp.logicalAnd(a, b)),
  logical_or_bcast: x2((a, b) => a.logicalOr(b)),
  bool_cast: x1((x) => x.bool()),
  eq_nan: x2((a, b) => a.eq(b)),
  ne_nan: x2((a, b) => a.ne(b)),
};

for (const c of fixture.cases) {
  test(`torch rule: ${c.name}`, () => {
    const op = OPS[c.name.replace(/_f(32|64)$/, "")];
    assert.ok(op !== undefined, `no op for fixture case ${c.name}`);
    const tol = c.out.dtype === "float32" || c.name.endsWith("_f32") ? TIGHT32 : TIGHT64;
    const inputs = c.inputs.map(decode);
    const out = op(...inputs);
    assert.equal(out.dtype, c.out.dtype, `${c.name}: dtype`);
    assert.deepEqual([...out.shape], c.out.shape, `${c.name}: shape`);
    // maximum(0, -0): PyTorch's own kernels disagree on the zero's sign (0 in float32, -0 in float64)
    assertSame(out.data, values(c.out), tol, `${c.name} forward`, /^(maximum|minimum)_/.test(c.name));
    if (c.g === undefined) {
      assert.equal(out.requiresGrad, false);
      return;
    }
    out.backward(decode(c.g));
    const withGrad = inputs.filter((t) => t.requiresGrad);
    assert.equal(withGrad.length, c.grads!.length);
    withGrad.forEach((t, i) => {
      const e = c.grads![i]!;
      assert.ok(t.grad !== null, `${c.name}: input ${i} got no gradient`);
      assert.deepEqual([...t.grad.shape], e.shape, `${c.name}: grad ${i} shape`);
      assertSame(t.grad.data, values(e), tol, `${c.name} grad of input ${i}`);
    });
  });
}

test("every op in rules.test.ts has fixture cases in both dtypes", () => {
  const names = new Set(fixture.cases.map((c) => c.name));
  const missing = Object.keys(OPS).filter((k) => !names.has(`${k}_f32`) || (!names.has(`${k}_f64`) && k !== "logical_and_bool_int"));
  assert.deepEqual(missing, []);
});

// ---- gradcheck (float64, finite differences) of the ops whose backward changed or is new
function gc(name: string, fn: (...xs: bp.Tensor[]) => bp.Tensor, inputs: bp.Tensor[]): void {
  test(`gradcheck: ${name}`, () => {
    assert.equal(bp.autograd.gradcheck(fn, inputs), true);
  });
}
const f64 = (v: bp.NestedNumbers): bp.Tensor => bp.tensor(v, { dtype: "float64", requiresGrad: true });
gc("nanToNum", (x) => x.nanToNum().mul(x), [f64([0.3, -1.2, 2.5, 0.7])]);
gc("pow -0.5", (x) => x.pow(-0.5), [f64([0.6, 1.3, 2.2])]);
gc("pow 0.5", (x) => bp.pow(x, 0.5), [f64([0.6, 1.3, 2.2])]);
gc("where with a bool mask", (a, b) => bp.where(a.gt(0), a.mul(b), b.exp()), [f64([0.5, -0.4, 1.1, -2]), f64([0.2, 0.3, -0.7, 1.4])]);
gc("clamp", (x) => x.clamp(-0.5, 0.5).mul(x), [f64([-1.1, -0.2, 0.3, 0.9])]);
gc("threshold", (x) => F.threshold(x, 0.1, -3).mul(x), [f64([-1.1, -0.2, 0.3, 0.9])]);
gc("prelu", (x, w) => F.prelu(x, w), [f64([[-1.1, 0.4], [0.3, -0.9], [-0.5, 2]]), f64([0.25, -0.5])]);
gc("maximum / minimum", (a, b) => a.maximum(b).mul(bp.minimum(a, b)), [f64([1, -2, 0.5]), f64([0.3, -1, 2])]);
gc("max / min of all", (a) => a.max().mul(a.min()), [f64([0.4, -1.3, 2.2, 0.1])]);
gc("abs", (a) => a.abs(), [f64([0.4, -1.3, 2.2])]);
gc("sum / mean over []", (a) => a.sum([]).mul(a.mean([])), [f64([[0.4, -1.3], [2.2, 0.5]])]);

// The same elementwise cases tiled to 40x their length, so that the wasm backend's kernels (which take
// over from 128 elements) are held to the same rules.
const TILES = 40;
const tile = (e: Encoded): Encoded => ({ ...e, shape: [e.shape[0] * TILES], data: Array.from({ length: TILES }, () => e.data).flat() });
const elementwise = fixture.cases.filter((c) =>
  c.out.shape.length === 1 && c.inputs.every((e) => e.shape.length === 1 && e.shape[0] === c.out.shape[0]) &&
  !/^(max|min)_dim/.test(c.name));
test("the elementwise rules hold at wasm kernel sizes", () => {
  assert.ok(elementwise.length > 40, `only ${elementwise.length} elementwise cases`);
  for (const c of elementwise) {
    const tol = c.name.endsWith("_f32") ? TIGHT32 : TIGHT64;
    const inputs = c.inputs.map((e) => decode(tile(e)));
    const out = OPS[c.name.replace(/_f(32|64)$/, "")](...inputs);
    assertSame(out.data, values(tile(c.out)), tol, `${c.name} x${TILES} forward`, /^(maximum|minimum)_/.test(c.name));
    if (c.g === undefined) continue;
    out.backward(decode(tile(c.g)));
    inputs.filter((t) => t.requiresGrad).forEach((t, i) => assertSame(t.grad!.data, values(tile(c.grads![i]!)), tol, `${c.name} x${TILES} grad ${i}`));
  }
});

test("max / min along a dim at wasm kernel sizes: the first NaN wins, else the first extreme, and only it gets g", () => {
  const rows = 8;
  const cols = 64;
  const v = Array.from({ length: rows * cols }, (_, i) => ((i * 37) % 11) - 5);
  v[1 * cols + 9] = NaN;
  v[1 * cols + 30] = NaN;
  v[5 * cols + 63] = NaN;
  for (const dtype of ["float32", "float64"] as const) {
    for (const op of ["max", "min"] as const) {
      const leaf = bp.tensor(v, { dtype, requiresGrad: true });
      const x = leaf.reshape(rows, cols);
      const { values: vals, indices } = op === "max" ? x.max(1) : x.min(1);
      const g = bp.full([rows], Infinity, { dtype });
      vals.backward(g);
      for (let r = 0; r < rows; r++) {
        const row = v.slice(r * cols, (r + 1) * cols);
        const nanAt = row.findIndex((t) => Number.isNaN(t));
        const best = op === "max" ? Math.max(...row) : Math.min(...row);
        const at = nanAt >= 0 ? nanAt : row.indexOf(best);
        assert.equal(indices.data[r], at, `${op} ${dtype} row ${r} index`);
        assert.ok(Object.is(vals.data[r], nanAt >= 0 ? NaN : best), `${op} ${dtype} row ${r} value`);
        for (let c = 0; c < cols; c++) {
          assert.ok(Object.is(leaf.grad!.data[r * cols + c], c === at ? Infinity : 0), `${op} ${dtype} grad [${r}, ${c}]`);
        }
      }
    }
  }
});

test("max() / min() of all at wasm kernel sizes: NaN wins and the NaNs share g; otherwise the ties share it", () => {
  for (const dtype of ["float32", "float64"] as const) {
    const v = Array.from({ length: 300 }, (_, i) => ((i * 37) % 101) - 50); // 50 and -50 appear 3 times each
    for (const [what, data, k] of [["ties", v, 3], ["NaNs", v.map((t, i) => (i % 97 === 5 ? NaN : t)), 4]] as [string, number[], number][]) {
      for (const op of ["max", "min"] as const) {
        const x = bp.tensor(data, { dtype, requiresGrad: true });
        const out = op === "max" ? x.max() : x.min();
        out.backward(bp.tensor(6, { dtype }));
        const hasNaN = data.some((t) => Number.isNaN(t));
        const best = op === "max" ? 50 : -50;
        assert.ok(Object.is(out.item(), hasNaN ? NaN : best), `${op} ${what} ${dtype}`);
        const wins = (t: number): boolean => (hasNaN ? Number.isNaN(t) : t === best);
        assert.equal(data.filter(wins).length, k);
        data.forEach((t, i) => assert.ok(Object.is(x.grad!.data[i], wins(t) ? 6 / k : 0), `${op} ${what} ${dtype} grad[${i}]: ${x.grad!.data[i]}`));
      }
    }
  }
});
