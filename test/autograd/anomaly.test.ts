/** Anomaly detection: the first op whose forward or backward makes NaN/Inf is named, with shapes and the user's stack. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    assert.ok(e instanceof Error);
    return e;
  }
  assert.fail("expected an error");
}

test("off by default: NaN flows through forward and backward silently", () => {
  assert.equal(bp.autograd.isAnomalyEnabled(), false);
  const x = bp.tensor([-1, 0], { requiresGrad: true });
  const y = x.log().add(x.sqrt()).sum();
  assert.ok(Number.isNaN(y.item()));
  y.backward();
  assert.ok(!Number.isFinite(x.grad!.data[1]));
});

test("forward NaN: log of a negative names Log, its input shapes and this test file", () => {
  const x = bp.tensor([[1, -2, 3]], { requiresGrad: true });
  const err = thrown(() => bp.autograd.detectAnomaly(() => x.mul(2).log()));
  assert.match(err.message, /Function 'Log' returned nan values in its output/);
  assert.match(err.message, /input shapes: \[\[1, 3\]\]/);
  assert.match(err.message, /anomaly\.test\.ts/);
  assert.ok(err.message.length < 4000, `message of ${err.message.length} characters`);
  // ops without grad are checked too
  const e2 = thrown(() => bp.autograd.detectAnomaly(() => bp.tensor([1]).div(bp.tensor([0]))));
  assert.match(e2.message, /Function 'Div' returned inf values/);
});

test("backward Inf: sqrt at 0 is named as SqrtBackward0 with the stack of the code that created it", () => {
  const x = bp.tensor([0, 4], { requiresGrad: true });
  const err = thrown(() =>
    bp.autograd.detectAnomaly(() => {
      const y = x.sqrt(); // created here
      y.sum().backward();
    }),
  );
  assert.match(err.message, /Function 'SqrtBackward0' returned inf values in its 0th output/);
  assert.match(err.message, /input shapes: \[\[2\]\]/);
  assert.match(err.message, /created at[^]*anomaly\.test\.ts/);
  assert.doesNotMatch(err.message, /src[\\/]autograd[\\/]node\.ts/);
  assert.equal(x.grad, null, "no gradient was accumulated past the anomaly");
});

test("backward NaN: sqrt(0) * 0 gives 0/0 in SqrtBackward0, PyTorch's example", () => {
  const x = bp.tensor([0], { requiresGrad: true });
  const err = thrown(() =>
    bp.autograd.detectAnomaly(() => {
      const y = x.sqrt().mul(0);
      y.sum().backward();
    }),
  );
  assert.match(err.message, /Function 'SqrtBackward0' returned nan values in its 0th output/);
});

test("detectAnomaly returns fn's value and restores the previous setting, even when fn throws", () => {
  assert.equal(bp.autograd.detectAnomaly(() => 42), 42);
  assert.equal(bp.autograd.isAnomalyEnabled(), false);
  assert.throws(() => bp.autograd.detectAnomaly(() => {
    assert.equal(bp.autograd.isAnomalyEnabled(), true);
    throw new Error("boom");
  }), /boom/);
  assert.equal(bp.autograd.isAnomalyEnabled(), false);
  bp.autograd.setDetectAnomaly(true);
  try {
    assert.equal(bp.autograd.detectAnomaly(() => bp.autograd.isAnomalyEnabled()), true);
    assert.equal(bp.autograd.isAnomalyEnabled(), true);
    assert.throws(() => bp.tensor([-1]).log(), /Function 'Log' returned nan/);
  } finally {
    bp.autograd.setDetectAnomaly(false);
  }
  assert.equal(bp.autograd.isAnomalyEnabled(), false);
  assert.throws(() => bp.autograd.setDetectAnomaly(1 as unknown as boolean), /setDetectAnomaly: on must be a boolean, got 1/);
});

test("a finite training step under detection runs and gives the same gradients as without", () => {
  const make = (): bp.Tensor => {
    const w = bp.tensor([[0.5, -0.25], [1, 2]], { requiresGrad: true });
    const x = bp.tensor([[1, 2], [3, 4]]);
    x.matmul(w).tanh().pow(2).mean().backward();
    return w.grad!;
  };
  const plain = make().toArray();
  const checked = bp.autograd.detectAnomaly(make).toArray();
  assert.deepEqual(checked, plain);
});
