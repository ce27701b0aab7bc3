/** keras.regularizers: penalty values and gradients (by hand, float64), defaults, get / configs. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as regularizers from "../../src/keras/regularizers.ts";
import { assertClose, assertThrowsWith } from "../helpers/parity.ts";

const W = [[0.5, -1.5, 0], [2, -0.25, 1]];
const ABS = 0.5 + 1.5 + 0 + 2 + 0.25 + 1; // 5.25
const SQ = 0.25 + 2.25 + 0 + 4 + 0.0625 + 1; // 7.5625
const TOL = { atol: 1e-14, rtol: 1e-13 };

function check(r: regularizers.Regularizer, l1: number, l2: number): void {
  const w = bp.tensor(W, { dtype: "float64" }).requiresGrad_();
  const p = r.penalty(w);
  assert.equal(p.dim(), 0);
  assert.equal(p.dtype, "float64");
  assertClose([p.item()], [l1 * ABS + l2 * SQ], TOL, `${r.name} value`);
  p.backward();
  // d/dw = l1 sign(w) + 2 l2 w, sign(0) = 0
  const expected = W.flat().map((v) => l1 * Math.sign(v) + 2 * l2 * v);
  assertClose(w.grad!.data, expected, TOL, `${r.name} gradient`);
}

test("keras.regularizers: values and gradients", () => {
  check(new regularizers.L1(), 0.01, 0);
  check(new regularizers.L1({ l1: 0.3 }), 0.3, 0);
  check(new regularizers.L1(0.2), 0.2, 0);
  check(new regularizers.L2(), 0, 0.01);
  check(new regularizers.L2({ l2: 0.7 }), 0, 0.7);
  check(new regularizers.L1L2({ l1: 0.1, l2: 0.2 }), 0.1, 0.2);
  check(regularizers.l1(), 0.01, 0);
  check(regularizers.l1(0.5), 0.5, 0);
  check(regularizers.l2(), 0, 0.01);
  check(regularizers.l2(0.05), 0, 0.05);
  check(regularizers.l1l2(), 0.01, 0.01);
  check(regularizers.l1l2({ l1: 0.02 }), 0.02, 0.01);
  check(regularizers.l1l2({ l1: 0.02, l2: 0.03 }), 0.02, 0.03);
});

test("keras.regularizers: float32 weights, and L1L2's zero defaults", () => {
  const w = bp.tensor([1, -2, 3]).requiresGrad_();
  const p = regularizers.l2(0.5).penalty(w);
  assert.equal(p.dtype, "float32");
  assert.equal(p.item(), 7);
  const none = new regularizers.L1L2();
  assert.deepEqual(none.getConfig(), { l1: 0, l2: 0 });
  const z = none.penalty(w);
  assert.equal(z.dim(), 0);
  assert.equal(z.item(), 0);
  assert.equal(z.dtype, "float32");
});

test("keras.regularizers: getConfig / serialize / deserialize / get", () => {
  assert.deepEqual(regularizers.l1().getConfig(), { l1: 0.01 });
  assert.deepEqual(regularizers.l2().getConfig(), { l2: 0.01 });
  assert.deepEqual(regularizers.l1l2().getConfig(), { l1: 0.01, l2: 0.01 });
  for (const r of [regularizers.l1(0.1), regularizers.l2(0.2), new regularizers.L1L2({ l1: 0.3, l2: 0.4 })]) {
    const s = regularizers.serialize(r);
    assert.equal(s.className, r.name);
    const back = regularizers.deserialize(JSON.parse(JSON.stringify(s)) as regularizers.SerializedRegularizer);
    assert.equal(back.constructor, r.constructor);
    assert.deepEqual(back.getConfig(), r.getConfig());
  }
  assert.ok(regularizers.deserialize({ className: "l1_l2", config: { l2: 1 } }) instanceof regularizers.L1L2);
  assert.deepEqual(regularizers.get("l1")!.getConfig(), { l1: 0.01 });
  assert.deepEqual(regularizers.get("L2")!.getConfig(), { l2: 0.01 });
  assert.deepEqual(regularizers.get("l1_l2")!.getConfig(), { l1: 0.01, l2: 0.01 });
  assert.equal(regularizers.get(null), null);
  assert.equal(regularizers.get(undefined), null);
  const mine = regularizers.l2(3);
  assert.equal(regularizers.get(mine), mine);
  assert.deepEqual(regularizers.get({ className: "L1", config: { l1: 0.5 } })!.getConfig(), { l1: 0.5 });
  assertThrowsWith(() => regularizers.get("l3"), "keras.regularizers.get", 'unknown regularizer "l3"', "l1, l2, l1_l2");
  assertThrowsWith(() => regularizers.deserialize({ className: "L3", config: {} }), "keras.regularizers.deserialize", '"L3"');
  assertThrowsWith(() => regularizers.deserialize({ className: "L1", config: { l2: 1 } }), "keras.regularizers.deserialize", 'no option "l2"');
});

test("keras.regularizers: bad coefficients name the class and the argument", () => {
  assertThrowsWith(() => regularizers.l1(-0.1), "L1", "l1", "-0.1");
  assertThrowsWith(() => new regularizers.L2({ l2: Number.POSITIVE_INFINITY }), "L2", "l2", "Infinity");
  assertThrowsWith(() => new regularizers.L1L2({ l1: Number.NaN }), "L1L2", "l1", "NaN");
  assertThrowsWith(() => regularizers.deserialize({ className: "L2", config: { l2: "x" as unknown as number } }), "L2", "l2", '"x"');
});
