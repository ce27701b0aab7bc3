/** StepLR and ExponentialLR: PyTorch's rates (also replayed with optimizers in the parity cases), state, errors. */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";

function sgd(lr = 0.1): optim.SGD {
  return new optim.SGD([bp.zeros([1], { requiresGrad: true })], { lr });
}

test("StepLR: lr = initialLr * gamma^floor(epoch / stepSize), read with getLastLr()", () => {
  const opt = sgd(0.05);
  const scheduler = new optim.lrScheduler.StepLR(opt, 3, { gamma: 0.1 });
  assert.deepEqual(scheduler.getLastLr(), [0.05]);
  assert.equal(scheduler.lastEpoch, 0);
  const seen: number[] = [];
  for (let epoch = 1; epoch <= 10; epoch++) {
    opt.step();
    scheduler.step();
    seen.push(scheduler.getLastLr()[0]);
    const expected = 0.05 * 0.1 ** Math.floor(epoch / 3);
    assert.ok(Math.abs(seen[seen.length - 1] - expected) <= 1e-15 * expected, `epoch ${epoch}: ${seen.at(-1)} vs ${expected}`);
    assert.equal(opt.paramGroups[0].lr, seen[seen.length - 1]);
  }
  assert.equal(opt.paramGroups[0].initialLr, 0.05);
  assert.deepEqual(scheduler.baseLrs, [0.05]);
});

test("StepLR: default gamma 0.1, every group scaled", () => {
  const opt = new optim.SGD(
    [{ params: [bp.zeros([1], { requiresGrad: true })] }, { params: [bp.zeros([1], { requiresGrad: true })], lr: 1 }],
    { lr: 0.5 },
  );
  const scheduler = new optim.lrScheduler.StepLR(opt, 1);
  scheduler.step();
  assert.deepEqual(scheduler.getLastLr(), [0.05, 0.1]);
});

test("StepLR is chainable: it scales the current lr, so changes made by hand are kept", () => {
  const opt = sgd(1);
  const scheduler = new optim.lrScheduler.StepLR(opt, 2, { gamma: 0.5 });
  scheduler.step(); // epoch 1: 1
  opt.paramGroups[0].lr = 4;
  scheduler.step(); // epoch 2: 4 * 0.5
  assert.deepEqual(scheduler.getLastLr(), [2]);
});

test("ExponentialLR: lr = initialLr * gamma^epoch", () => {
  const opt = sgd(0.1);
  const scheduler = new optim.lrScheduler.ExponentialLR(opt, 0.9);
  for (let epoch = 1; epoch <= 5; epoch++) scheduler.step();
  assert.ok(Math.abs(scheduler.getLastLr()[0] - 0.1 * 0.9 ** 5) < 1e-16);
});

test("scheduler stateDict / loadStateDict carries lastEpoch, baseLrs and the schedule", () => {
  const opt = sgd(1);
  const a = new optim.lrScheduler.StepLR(opt, 2, { gamma: 0.5 });
  for (let i = 0; i < 3; i++) a.step();
  const sd = a.stateDict();
  assert.equal(sd.lastEpoch, 3);
  assert.equal(sd.stepSize, 2);
  assert.equal(sd.gamma, 0.5);
  assert.deepEqual(sd.baseLrs, [1]);
  const opt2 = sgd(1);
  opt2.loadStateDict(opt.stateDict());
  const b = new optim.lrScheduler.StepLR(opt2, 100);
  b.loadStateDict(sd);
  a.step();
  b.step();
  assert.deepEqual(b.getLastLr(), a.getLastLr());
  assert.deepEqual(b.getLastLr(), [0.25]);
});

test("scheduler errors: bad stepSize, resuming without initialLr", () => {
  assertThrowsWith(() => new optim.lrScheduler.StepLR(sgd(), 0), "StepLR: stepSize must be a positive integer, got 0");
  assertThrowsWith(() => new optim.lrScheduler.StepLR(sgd(), 2, { lastEpoch: 4 }), "initialLr", "paramGroups[0]");
  assertThrowsWith(() => new optim.lrScheduler.ExponentialLR(sgd(), NaN), "ExponentialLR: invalid gamma NaN");
});
