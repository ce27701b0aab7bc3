import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";

test("Dropout in eval mode is the identity", () => {
  const drop = new nn.Dropout(0.5).eval();
  const x = bp.randn(100);
  assert.equal(drop.forward(x), x);
  assert.equal(nn.functional.dropout(x, { p: 0.5, training: false }), x);
});

test("Dropout in training zeroes about p of the elements and scales the rest by 1/(1-p)", () => {
  bp.manualSeed(0);
  const drop = new nn.Dropout(0.2);
  assert.equal(drop.training, true);
  const y = drop.forward(bp.ones(10000));
  const values = new Set(Array.from(y.data));
  assert.deepEqual([...values].sort(), [0, Math.fround(1 / 0.8)].sort());
  const zeros = Array.from(y.data).filter((v) => v === 0).length;
  assert.ok(Math.abs(zeros / 10000 - 0.2) < 0.02, `${zeros} zeros`);
  const mean = y.mean().item();
  assert.ok(Math.abs(mean - 1) < 0.03, `mean ${mean}`);
  assert.equal(new nn.Dropout().p, 0.5);
  assert.equal(new nn.Dropout({ p: 0.3 }).p, 0.3);
});

test("Dropout is deterministic under manualSeed", () => {
  const drop = new nn.Dropout(0.5);
  const x = bp.ones(50);
  bp.manualSeed(123);
  const a = Array.from(drop.forward(x).data);
  bp.manualSeed(123);
  const b = Array.from(drop.forward(x).data);
  const c = Array.from(drop.forward(x).data);
  assert.deepEqual(a, b);
  assert.notDeepEqual(b, c);
});

test("Dropout's gradient is its mask scaled by 1/(1-p)", () => {
  bp.manualSeed(5);
  const x = bp.randn([200], { dtype: "float64", requiresGrad: true });
  const y = new nn.Dropout(0.25).forward(x);
  y.sum().backward();
  for (let i = 0; i < 200; i++) {
    const kept = y.data[i] !== 0;
    assert.equal(x.grad!.data[i], kept ? 1 / 0.75 : 0);
    if (kept) assert.ok(Math.abs(y.data[i] - x.data[i] / 0.75) < 1e-15);
  }
  const x2 = bp.randn([6], { dtype: "float64", requiresGrad: true });
  assert.ok(bp.autograd.gradcheck((t) => { bp.manualSeed(9); return nn.functional.dropout(t, 0.5); }, [x2]));
});

test("Dropout p = 0 keeps everything, p = 1 zeroes everything; other p are refused", () => {
  const x = bp.randn(20);
  assert.deepEqual(Array.from(new nn.Dropout(0).forward(x).data), Array.from(x.data));
  assert.ok(Array.from(new nn.Dropout(1).forward(x).data).every((v) => v === 0));
  assert.throws(() => new nn.Dropout(1.5), /Dropout: dropout probability has to be between 0 and 1, but got 1.5/);
  assert.throws(() => nn.functional.dropout(x, -0.1), /dropout: dropout probability has to be between 0 and 1, but got -0.1/);
});

test("Dropout prints like PyTorch and has no parameters", () => {
  assert.equal(String(new nn.Dropout(0.2)), "Dropout(p=0.2, inplace=False)");
  assert.equal(String(new nn.Dropout()), "Dropout(p=0.5, inplace=False)");
  assert.equal(new nn.Dropout().parameters().length, 0);
});
