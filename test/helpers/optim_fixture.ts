/**
 * Replays the optimizer cases of test/fixtures/optim.json and optim2.json (written by
 * test/fixtures/gen_optim.py and gen_optim2.py with PyTorch 1.13): the same parameters, loss, optimizer,
 * scheduler and number of steps, compared with PyTorch's parameters after every step.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as optim from "../../src/optim/index.ts";
import { assertClose, type Tolerance } from "./parity.ts";

type Dtype = "float32" | "float64";
type Name = "W" | "b" | "u";

/** One recorded run. */
export interface OptimCase {
  name: string;
  optimizer: OptimizerName;
  options: Record<string, unknown>;
  dtype: Dtype;
  steps: number;
  groups?: { params: Name[]; options: Record<string, unknown> }[];
  scheduler?: SchedulerSpec;
  /** For ReduceLROnPlateau: the metric passed to `step(metric)` after each iteration. */
  metrics?: number[];
  /** For CosineAnnealingWarmRestarts: the (fractional) epoch passed to `step(epoch)` after each iteration. */
  epochs?: number[];
  /** A group added with `addParamGroup` just before iteration `atStep` (1-based); the optimizer starts with [W]. */
  addGroup?: { atStep: number; params: Name[]; options: Record<string, unknown> };
  /** The state keys of W (and of u, when PyTorch gives it state) after the last step. */
  stateKeys?: Partial<Record<"W" | "u", string[]>>;
  /** Learning rate of each group after each iteration (after the scheduler's step). */
  lrs: number[][];
  /** Momentum (or beta1) of each group after each iteration, for schedulers that cycle it. */
  momenta?: number[][];
  /** W and b, flattened, after each step. */
  trajectory: { W: number[]; b: number[] }[];
}

interface Fixture {
  torch: string;
  init: Record<Name, bp.NestedNumbers>;
  consts: Record<"W" | "b", { c: bp.NestedNumbers; d: bp.NestedNumbers }>;
  cases: OptimCase[];
}

/** The optimizers the fixtures use. */
export const OPTIMIZERS = {
  SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW, RMSprop: optim.RMSprop, Adagrad: optim.Adagrad,
  Adadelta: optim.Adadelta, Adamax: optim.Adamax, NAdam: optim.NAdam, RAdam: optim.RAdam,
};
type OptimizerName = keyof typeof OPTIMIZERS;

/** A scheduler as the fixture describes it: its class and its arguments, camelCased. */
export interface SchedulerSpec {
  type: string;
  [arg: string]: unknown;
}

/** The LambdaLR functions of gen_optim2.py, by name. */
export const LAMBDAS: Record<string, (epoch: number) => number> = {
  pow095: (e) => 0.95 ** e,
  inverse: (e) => 1.0 / (e + 1),
  warmup3: (e) => Math.min(1.0, (e + 1) / 3),
};

function readFixture(file: string): Fixture {
  return JSON.parse(readFileSync(new URL(`../fixtures/${file}`, import.meta.url), "utf8")) as Fixture;
}

const fixture = readFixture("optim.json");
const fixture2 = readFixture("optim2.json");
const byName = new Map([...fixture.cases, ...fixture2.cases].map((c) => [c.name, c]));

/** float64 runs agree with PyTorch to rounding; float32 runs to a few float32 ulps. */
export const OPTIM64: Tolerance = { atol: 1e-12, rtol: 1e-10 };
export const OPTIM32: Tolerance = { atol: 2e-6, rtol: 1e-5 };

/** The fixture case called `name`. */
export function optimCase(name: string): OptimCase {
  const c = byName.get(name);
  if (c === undefined) throw new Error(`optim.json has no case "${name}"; add it to test/fixtures/gen_optim.py and regenerate`);
  return c;
}

/** Every case name in the fixture. */
export function optimCaseNames(): string[] {
  return [...byName.keys()];
}

/** The fixture's parameters W [2, 3], b [3], u [2] (u never gets a gradient). */
export type Params = Record<Name, bp.Tensor>;

/** Fresh parameters with the fixture's initial values. */
export function makeParams(dtype: Dtype = "float64"): Params {
  const make = (n: Name) => bp.tensor(fixture.init[n], { dtype, requiresGrad: true });
  return { W: make("W"), b: make("b"), u: make("u") };
}

/** The fixture's loss: for p in (W, b), sum(0.5 c p² + d p + 0.1 p⁴); u is not used. */
export function loss(params: Params): bp.Tensor {
  let total: bp.Tensor | null = null;
  for (const k of ["W", "b"] as const) {
    const p = params[k];
    const c = bp.tensor(fixture.consts[k].c, { dtype: p.dtype });
    const d = bp.tensor(fixture.consts[k].d, { dtype: p.dtype });
    const term = c.mul(0.5).mul(p.pow(2)).add(d.mul(p)).add(p.pow(4).mul(0.1)).sum();
    total = total === null ? term : total.add(term);
  }
  return total!;
}

/** The optimizer (and scheduler) a case describes, over `params`. */
export function makeOptimizer(c: OptimCase, params: Params): { opt: optim.Optimizer; scheduler: Scheduler | null } {
  const Cls = OPTIMIZERS[c.optimizer] as unknown as new (params: unknown, options: Record<string, unknown>) => optim.Optimizer;
  let input: unknown;
  if (c.groups !== undefined) input = c.groups.map((g) => ({ params: g.params.map((n) => params[n]), ...g.options }));
  else input = c.addGroup === undefined ? [params.W, params.b, params.u] : [params.W];
  const opt = new Cls(input, c.options);
  return { opt, scheduler: c.scheduler === undefined ? null : makeScheduler(opt, c.scheduler) };
}

/** A scheduler of either kind: stepped per epoch, or with a metric (ReduceLROnPlateau). */
export type Scheduler = optim.lrScheduler.LRScheduler | optim.lrScheduler.ReduceLROnPlateau;

/** The scheduler `spec` describes, over `opt` (its arguments camelCased as backprop names them). */
export function makeScheduler(opt: optim.Optimizer, spec: SchedulerSpec): Scheduler {
  const s = optim.lrScheduler;
  const { type, ...a } = spec;
  const num = (k: string) => a[k] as number;
  const opts = a as Record<string, never>;
  switch (type) {
    case "StepLR": return new s.StepLR(opt, num("stepSize"), opts);
    case "ExponentialLR": return new s.ExponentialLR(opt, num("gamma"));
    case "MultiStepLR": return new s.MultiStepLR(opt, a.milestones as number[], opts);
    case "CosineAnnealingLR": return new s.CosineAnnealingLR(opt, num("TMax"), opts);
    case "ReduceLROnPlateau": return new s.ReduceLROnPlateau(opt, opts);
    case "OneCycleLR": return new s.OneCycleLR(opt, a.maxLr as number | number[], opts);
    case "LinearLR": return new s.LinearLR(opt, opts);
    case "ConstantLR": return new s.ConstantLR(opt, opts);
    case "LambdaLR":
    case "MultiplicativeLR": {
      const f = a.lrLambda as string | string[];
      const fns = Array.isArray(f) ? f.map((n) => LAMBDAS[n]) : LAMBDAS[f];
      return type === "LambdaLR" ? new s.LambdaLR(opt, fns) : new s.MultiplicativeLR(opt, fns);
    }
    case "PolynomialLR": return new s.PolynomialLR(opt, opts);
    case "CosineAnnealingWarmRestarts": return new s.CosineAnnealingWarmRestarts(opt, num("T0"), opts);
    case "CyclicLR": {
      const scaleFn = typeof a.scaleFn === "string" ? LAMBDAS[a.scaleFn] : undefined;
      return new s.CyclicLR(opt, a.baseLr as number | number[], a.maxLr as number | number[], { ...opts, scaleFn });
    }
    case "ChainedScheduler":
      return new s.ChainedScheduler((a.schedulers as SchedulerSpec[]).map((sub) => makeScheduler(opt, sub) as optim.lrScheduler.LRScheduler));
    case "SequentialLR": {
      const subs = (a.schedulers as SchedulerSpec[]).map((sub) => makeScheduler(opt, sub) as optim.lrScheduler.LRScheduler);
      return new s.SequentialLR(opt, subs, a.milestones as number[]);
    }
    default: throw new Error(`optim fixture: no scheduler ${type}`);
  }
}

/**
 * One iteration as the fixture ran it: zeroGrad, backward, step, scheduler step (with the metric for
 * ReduceLROnPlateau, or the epoch when the case gives one).
 */
export function iterate(opt: optim.Optimizer, scheduler: Scheduler | null, params: Params, metricOrEpoch?: number): void {
  opt.zeroGrad();
  loss(params).backward();
  opt.step();
  if (scheduler instanceof optim.lrScheduler.ReduceLROnPlateau) scheduler.step(metricOrEpoch!);
  else scheduler?.step(metricOrEpoch);
}

/** Asserts that W and b equal PyTorch's after step `step` (1-based) of case `c`. */
export function assertAtStep(c: OptimCase, params: Params, step: number, what = c.name): void {
  const tol = c.dtype === "float32" ? OPTIM32 : OPTIM64;
  const expected = c.trajectory[step - 1];
  assertClose(params.W.data, expected.W, tol, `${what}: W after step ${step}`);
  assertClose(params.b.data, expected.b, tol, `${what}: b after step ${step}`);
}

/** The momentum (or beta1) of each group, as the fixture records it. */
export function momenta(opt: optim.Optimizer): number[] {
  return opt.paramGroups.map((g) => {
    const r = g as unknown as { betas?: [number, number]; momentum?: number };
    return r.betas !== undefined ? r.betas[0] : r.momentum!;
  });
}

/**
 * One PyTorch-parity test: runs the case's iterations and compares the parameters, the groups' learning
 * rates (and momenta) after every step, and the state keys at the end; checks that u, which never gets a
 * gradient, is untouched and has state only where PyTorch gives it some (Adagrad's eager state).
 */
export function checkOptimCase(name: string): void {
  test(`torch parity: ${name}`, () => {
    const c = optimCase(name);
    const params = makeParams(c.dtype);
    const u0 = [...params.u.data];
    const { opt, scheduler } = makeOptimizer(c, params);
    for (let step = 1; step <= c.steps; step++) {
      if (c.addGroup !== undefined && c.addGroup.atStep === step) {
        opt.addParamGroup({ params: c.addGroup.params.map((n) => params[n]), ...c.addGroup.options });
      }
      iterate(opt, scheduler, params, (c.metrics ?? c.epochs)?.[step - 1]);
      assertAtStep(c, params, step);
      assertClose(opt.paramGroups.map((g) => g.lr), c.lrs[step - 1], { atol: 1e-17, rtol: 1e-14 }, `${name}: lr after step ${step}`);
      if (c.momenta !== undefined) {
        assertClose(momenta(opt), c.momenta[step - 1], { atol: 1e-17, rtol: 1e-14 }, `${name}: momentum after step ${step}`);
      }
    }
    assert.equal(params.u.grad, null);
    assert.deepEqual([...params.u.data], u0, `${name}: u has no gradient and must not change`);
    if (c.stateKeys !== undefined) {
      assert.deepEqual(Object.keys(opt.state.get(params.W) ?? {}).sort(), c.stateKeys.W, `${name}: state keys of W`);
      assert.deepEqual(opt.state.has(params.u) ? Object.keys(opt.state.get(params.u)!).sort() : undefined, c.stateKeys.u, `${name}: state of u`);
    } else {
      assert.equal(opt.state.has(params.u), false, `${name}: u must get no state`);
    }
    assert.equal(params.W.dtype, c.dtype);
  });
}

/**
 * Resumes case `name` from a snapshot: half the iterations, `stateDict()` of the optimizer (and
 * scheduler), a fresh optimizer over parameters with the same values restored from it, the other half:
 * the parameters and rates must equal PyTorch's at the end, and the snapshot must not follow the first run.
 */
export function checkResume(name: string): void {
  const c = optimCase(name);
  const half = Math.floor(c.steps / 2);
  const p1 = makeParams(c.dtype);
  const first = makeOptimizer(c, p1);
  for (let i = 0; i < half; i++) iterate(first.opt, first.scheduler, p1, (c.metrics ?? c.epochs)?.[i]);
  const saved = first.opt.stateDict();
  const savedScheduler = first.scheduler?.stateDict();
  const p2 = makeParams(c.dtype);
  p2.W.data.set(p1.W.data);
  p2.b.data.set(p1.b.data);
  const second = makeOptimizer(c, p2);
  second.opt.loadStateDict(saved);
  if (savedScheduler !== undefined) second.scheduler!.loadStateDict(savedScheduler);
  for (let i = half; i < c.steps; i++) iterate(second.opt, second.scheduler, p2, (c.metrics ?? c.epochs)?.[i]);
  assertAtStep(c, p2, c.steps, `${name} resumed`);
  assertClose(second.opt.paramGroups.map((g) => g.lr), c.lrs[c.steps - 1], { atol: 1e-17, rtol: 1e-14 }, `${name} resumed: lr`);
  for (let i = half; i < c.steps; i++) iterate(first.opt, first.scheduler, p1, (c.metrics ?? c.epochs)?.[i]);
  assertAtStep(c, p1, c.steps, `${name} uninterrupted`);
  assert.notDeepEqual(saved, first.opt.stateDict());
}
