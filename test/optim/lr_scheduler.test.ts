/**
 * The LR schedulers: PyTorch's rates (and momenta) step by step, replayed with optimizers from
 * optim2.json; resuming from stateDict; errors.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertThrowsWith } from "../helpers/parity.ts";
import { checkOptimCase, checkResume, optimCaseNames } from "../helpers/optim_fixture.ts";

for (const name of optimCaseNames().filter((n) => n.startsWith("sched_"))) checkOptimCase(name);

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

test("schedulers resume from stateDict: cosine (recursive form), 1cycle, plateau, lambda, sequential", () => {
  for (const name of [
    "sched_cosine", "sched_cosine_groups", "sched_onecycle_sgd", "sched_onecycle_adam_linear", "sched_plateau_min",
    "sched_lambdalr", "sched_sequential_linear_cosine", "sched_sequential_three", "sched_multisteplr", "sched_linearlr",
    "sched_multiplicativelr", "sched_polynomiallr", "sched_chained", "sched_warm_restarts", "sched_warm_restarts_epochs",
    "sched_cyclic_triangular2_down", "sched_cyclic_exp_range", "sched_cyclic_scale_fn",
  ]) checkResume(name);
});

test("MultiStepLR: a repeated milestone decays twice; closed form via step(epoch)", () => {
  const opt = sgd(1);
  const s = new optim.lrScheduler.MultiStepLR(opt, [3, 1, 3], { gamma: 0.5 });
  assert.deepEqual(s.milestones, [1, 3, 3]);
  const seen = [s.getLastLr()[0]];
  for (let i = 0; i < 4; i++) {
    s.step();
    seen.push(s.getLastLr()[0]);
  }
  assert.deepEqual(seen, [1, 0.5, 0.5, 0.125, 0.125]);
  s.step(2);
  assert.deepEqual(s.getLastLr(), [0.5]);
  assertThrowsWith(() => new optim.lrScheduler.MultiStepLR(sgd(), [1.5]), "MultiStepLR: milestones must be a list of integers");
});

test("CosineAnnealingLR: TMax must be positive; the recursive form follows a rate changed by hand", () => {
  assertThrowsWith(() => new optim.lrScheduler.CosineAnnealingLR(sgd(), 0), "CosineAnnealingLR: TMax must be positive, got 0");
  const opt = sgd(1);
  const s = new optim.lrScheduler.CosineAnnealingLR(opt, 4);
  s.step(); // 1 · (1 + cos(π/4)) / 2
  opt.paramGroups[0].lr = 0.5;
  s.step(); // 0.5 · (1 + cos(2π/4)) / (1 + cos(π/4))
  const expected = (0.5 * (1 + Math.cos(Math.PI / 2))) / (1 + Math.cos(Math.PI / 4));
  assert.ok(Math.abs(s.getLastLr()[0] - expected) < 1e-16);
});

test("CosineAnnealingLR resumed with lastEpoch: the first step uses the closed form from baseLrs, as PyTorch's _step_count == 1 branch", () => {
  const opt = sgd(0.3);
  opt.paramGroups[0].initialLr = 1;
  const s = new optim.lrScheduler.CosineAnnealingLR(opt, 8, { lastEpoch: 2, etaMin: 0.1 });
  assert.equal(s.lastEpoch, 3);
  const expected = 0.1 + ((1 - 0.1) * (1 + Math.cos((3 * Math.PI) / 8))) / 2;
  assert.ok(Math.abs(s.getLastLr()[0] - expected) < 1e-16, String(s.getLastLr()[0]));
});

test("ReduceLROnPlateau: takes a tensor metric; errors with PyTorch's messages", () => {
  const opt = sgd(1);
  const s = new optim.lrScheduler.ReduceLROnPlateau(opt, { patience: 0, factor: 0.5 });
  assert.deepEqual(s.getLastLr(), [1]);
  s.step(bp.tensor(2));
  s.step(bp.tensor([2]));
  assert.deepEqual(s.getLastLr(), [0.5]);
  assert.equal(s.best, 2);
  assert.equal(s.lastEpoch, 2);
  assertThrowsWith(() => new optim.lrScheduler.ReduceLROnPlateau(sgd(), { factor: 1 }), "ReduceLROnPlateau: Factor should be < 1.0.");
  assertThrowsWith(() => new optim.lrScheduler.ReduceLROnPlateau(sgd(), { minLr: [0, 1] }), "ReduceLROnPlateau: expected 1 min_lrs, got 2");
  assertThrowsWith(
    () => new optim.lrScheduler.ReduceLROnPlateau(sgd(), { mode: "up" as "min" }),
    "ReduceLROnPlateau: mode up is unknown!",
  );
  assertThrowsWith(
    () => new optim.lrScheduler.ReduceLROnPlateau(sgd(), { thresholdMode: "x" as "abs" }),
    "ReduceLROnPlateau: threshold mode x is unknown!",
  );
});

test("OneCycleLR: writes initialLr / maxLr / minLr and momenta into the groups; errors as PyTorch", () => {
  const opt = new optim.SGD([bp.zeros([1], { requiresGrad: true })], { lr: 0.1, momentum: 0.9 });
  const s = new optim.lrScheduler.OneCycleLR(opt, 1, { totalSteps: 4 });
  const g = opt.paramGroups[0] as unknown as Record<string, number>;
  assert.deepEqual([g.initialLr, g.maxLr, g.minLr, g.maxMomentum, g.baseMomentum, g.momentum], [0.04, 1, 0.04 / 1e4, 0.95, 0.85, 0.95]);
  for (let i = 0; i < 4; i++) s.step();
  assertThrowsWith(() => s.step(), "OneCycleLR: Tried to step 6 times. The specified number of total steps is 4");
  const adagrad = new optim.Adagrad([bp.zeros([1], { requiresGrad: true })]);
  assertThrowsWith(() => new optim.lrScheduler.OneCycleLR(adagrad, 1, { totalSteps: 4 }), "optimizer must support momentum");
  assert.doesNotThrow(() => new optim.lrScheduler.OneCycleLR(adagrad, 1, { totalSteps: 4, cycleMomentum: false }));
  assertThrowsWith(() => new optim.lrScheduler.OneCycleLR(sgd(), 1), "You must define either totalSteps OR (epochs AND stepsPerEpoch)");
  assertThrowsWith(() => new optim.lrScheduler.OneCycleLR(sgd(), 1, { totalSteps: 0 }), "Expected positive integer totalSteps, but got 0");
  assertThrowsWith(() => new optim.lrScheduler.OneCycleLR(sgd(), 1, { epochs: 2 }), "Expected positive integer stepsPerEpoch, but got undefined");
  assertThrowsWith(() => new optim.lrScheduler.OneCycleLR(sgd(), 1, { totalSteps: 5, pctStart: 1.5 }), "Expected float between 0 and 1 pctStart, but got 1.5");
  assertThrowsWith(() => new optim.lrScheduler.OneCycleLR(sgd(), [1, 2], { totalSteps: 5 }), "OneCycleLR: expected 1 values for maxLr, got 2");
  assertThrowsWith(
    () => new optim.lrScheduler.OneCycleLR(sgd(), 1, { totalSteps: 5, annealStrategy: "exp" as "cos" }),
    "annealStrategy must be one of 'cos' or 'linear', instead got exp",
  );
});

test("LinearLR, ConstantLR, LambdaLR: errors as PyTorch", () => {
  assertThrowsWith(() => new optim.lrScheduler.LinearLR(sgd(), { startFactor: 1.5 }), "LinearLR: Starting multiplicative factor expected to be between 0 and 1.");
  assertThrowsWith(() => new optim.lrScheduler.LinearLR(sgd(), { endFactor: -1 }), "LinearLR: Ending multiplicative factor expected to be between 0 and 1.");
  assertThrowsWith(() => new optim.lrScheduler.ConstantLR(sgd(), { factor: 2 }), "ConstantLR: Constant multiplicative factor expected to be between 0 and 1.");
  assertThrowsWith(() => new optim.lrScheduler.LambdaLR(sgd(), [(e) => e, (e) => e]), "LambdaLR: Expected 1 lr_lambdas, but got 2");
});

test("LambdaLR: the functions are not in stateDict (null in their place, as PyTorch 1.13)", () => {
  const s = new optim.lrScheduler.LambdaLR(sgd(), (e) => 1 / (e + 1));
  s.step();
  const sd = s.stateDict();
  assert.deepEqual(sd.lrLambdas, [null]);
  assert.equal(sd.lastEpoch, 1);
  assert.deepEqual(s.getLastLr(), [0.05]);
});

test("SequentialLR: checks its schedulers and milestones; stateDict nests each scheduler's", () => {
  const opt = sgd(1);
  const a = new optim.lrScheduler.ConstantLR(opt, { factor: 0.5, totalIters: 2 });
  const b = new optim.lrScheduler.ExponentialLR(opt, 0.5);
  assertThrowsWith(
    () => new optim.lrScheduler.SequentialLR(opt, [a, b], [1, 2]),
    "SequentialLR: Sequential Schedulers expects number of schedulers provided to be one more than the number of milestone points, but got number of schedulers 2 and the number of milestones to be equal to 2",
  );
  const other = new optim.lrScheduler.ExponentialLR(sgd(), 0.5);
  assertThrowsWith(() => new optim.lrScheduler.SequentialLR(opt, [a, other], [2]), "got schedulers at index 1 to be different than the optimizer passed in");
  const s = new optim.lrScheduler.SequentialLR(opt, [a, b], [2]);
  assert.deepEqual(s.getLastLr(), [0.5]);
  s.step();
  s.step(); // milestone: b restarts at epoch 0 with its closed form
  assert.deepEqual(s.getLastLr(), [1]);
  s.step();
  assert.deepEqual(s.getLastLr(), [0.5]);
  const sd = s.stateDict();
  assert.equal(Array.isArray(sd.schedulers) && sd.schedulers.length, 2);
  assert.deepEqual(sd.lastLr, [0.5]);
  assert.equal((sd.schedulers as Record<string, unknown>[])[1].gamma, 0.5);
});

test("CosineAnnealingWarmRestarts, ChainedScheduler, MultiplicativeLR: errors as PyTorch; functions and schedulers kept out of the flat state", () => {
  const W = optim.lrScheduler.CosineAnnealingWarmRestarts;
  assertThrowsWith(() => new W(sgd(), 0), "CosineAnnealingWarmRestarts: Expected positive integer T0, but got 0");
  assertThrowsWith(() => new W(sgd(), 2, { TMult: 1.5 }), "CosineAnnealingWarmRestarts: Expected integer TMult >= 1, but got 1.5");
  assertThrowsWith(() => new W(sgd(), 2).step(-1), "CosineAnnealingWarmRestarts: Expected non-negative epoch, but got -1");
  const opt = sgd(1);
  const a = new optim.lrScheduler.MultiplicativeLR(opt, () => 0.5);
  assertThrowsWith(() => new optim.lrScheduler.MultiplicativeLR(opt, [() => 1, () => 1]), "MultiplicativeLR: Expected 1 lr_lambdas, but got 2");
  const b = new optim.lrScheduler.ExponentialLR(opt, 0.5);
  assertThrowsWith(
    () => new optim.lrScheduler.ChainedScheduler([a, new optim.lrScheduler.ExponentialLR(sgd(), 0.5)]),
    "ChainedScheduler expects all schedulers to belong to the same optimizer, but got schedulers at index 0 and 1 to be different",
  );
  const chained = new optim.lrScheduler.ChainedScheduler([a, b]);
  chained.step();
  assert.deepEqual(chained.getLastLr(), [0.25]);
  const sd = chained.stateDict();
  assert.deepEqual(sd.lastLr, [0.25]);
  assert.deepEqual((sd.schedulers as Record<string, unknown>[])[0].lrLambdas, [null]);
  assert.equal((sd.schedulers as Record<string, unknown>[])[1].gamma, 0.5);
});

test("CyclicLR: errors as PyTorch 1.13 (momentum cycling needs `momentum`); a custom scaleFn stays out of stateDict", () => {
  const adam = new optim.Adam([bp.zeros([1], { requiresGrad: true })]);
  assertThrowsWith(() => new optim.lrScheduler.CyclicLR(adam, 0.01, 0.1), "CyclicLR: optimizer must support momentum with `cycleMomentum` option enabled");
  assertThrowsWith(() => new optim.lrScheduler.CyclicLR(sgd(), 0.01, 0.1, { mode: "up" as "triangular" }), "CyclicLR: mode is invalid and scaleFn is null");
  assertThrowsWith(() => new optim.lrScheduler.CyclicLR(sgd(), [0.01, 0.02], 0.1), "CyclicLR: expected 1 values for baseLr, got 2");
  const s = new optim.lrScheduler.CyclicLR(sgd(), 0.01, 0.1, { scaleFn: () => 0.5, cycleMomentum: false, stepSizeUp: 1 });
  s.step();
  assert.ok(Math.abs(s.getLastLr()[0] - (0.01 + 0.09 * 0.5)) < 1e-17);
  assert.equal("customScaleFn" in s.stateDict(), false);
  assert.equal(s.stateDict().scaleMode, "cycle");
});
