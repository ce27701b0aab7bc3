/** noGrad / enableGrad: nesting, return values, restoring the mode after errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

test("noGrad stops recording; enableGrad inside noGrad records again; nesting restores each level", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  assert.equal(bp.isGradEnabled(), true);
  const r = bp.noGrad(() => {
    assert.equal(bp.isGradEnabled(), false);
    const a = w.mul(2);
    assert.equal(a.requiresGrad, false);
    const b = bp.enableGrad(() => {
      assert.equal(bp.isGradEnabled(), true);
      const inner = bp.noGrad(() => w.mul(3));
      assert.equal(inner.requiresGrad, false);
      assert.equal(bp.isGradEnabled(), true);
      return w.mul(2);
    });
    assert.equal(bp.isGradEnabled(), false);
    assert.equal(b.requiresGrad, true);
    assert.equal(b.gradFn!.name, "Mul");
    return b;
  });
  assert.equal(bp.isGradEnabled(), true);
  r.sum().backward();
  assert.deepEqual(Array.from(w.grad!.data), [2, 2]);
});

test("noGrad / enableGrad return the function's value and restore the mode when it throws", () => {
  assert.equal(bp.noGrad(() => 42), 42);
  assert.throws(() => bp.noGrad(() => { throw new Error("boom"); }), /boom/);
  assert.equal(bp.isGradEnabled(), true);
  bp.noGrad(() => {
    assert.throws(() => bp.enableGrad(() => { throw new Error("inner"); }), /inner/);
    assert.equal(bp.isGradEnabled(), false);
  });
  assert.equal(bp.isGradEnabled(), true);
});

test("bp.autograd re-exports the grad-mode functions", () => {
  assert.equal(bp.autograd.noGrad, bp.noGrad);
  assert.equal(bp.autograd.enableGrad, bp.enableGrad);
  assert.equal(bp.autograd.isGradEnabled, bp.isGradEnabled);
});

test("backward() works inside noGrad, like PyTorch (the graph was recorded before)", () => {
  const w = bp.tensor([1, 2], { requiresGrad: true });
  const loss = w.mul(w).sum();
  bp.noGrad(() => loss.backward());
  assert.deepEqual(Array.from(w.grad!.data), [2, 4]);
});
