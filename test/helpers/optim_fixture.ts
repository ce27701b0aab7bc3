/**
 * Replays the optimizer cases of test/fixtures/optim.json (written by test/fixtures/gen_optim.py with
 * PyTorch 1.13): the same parameters, loss, optimizer, scheduler and number of steps, compared with
 * PyTorch's parameters after every step.
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
  optimizer: "SGD" | "Adam" | "AdamW";
  options: Record<string, unknown>;
  dtype: Dtype;
  steps: number;
  groups?: { params: Name[]; options: Record<string, unknown> }[];
  scheduler?: { type: "StepLR" | "ExponentialLR"; stepSize?: number; gamma?: number };
  /** Learning rate of each group after each iteration (after the scheduler's step). */
  lrs: number[][];
  /** W and b, flattened, after each step. */
  trajectory: { W: number[]; b: number[] }[];
}

interface Fixture {
  torch: string;
  init: Record<Name, bp.NestedNumbers>;
  consts: Record<"W" | "b", { c: bp.NestedNumbers; d: bp.NestedNumbers }>;
  cases: OptimCase[];
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/optim.json", import.meta.url), "utf8")) as Fixture;
const byName = new Map(fixture.cases.map((c) => [c.name, c]));

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
  return fixture.cases.map((c) => c.name);
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
export function makeOptimizer(c: OptimCase, params: Params): { opt: optim.Optimizer; scheduler: optim.lrScheduler.LRScheduler | null } {
  const Cls = { SGD: optim.SGD, Adam: optim.Adam, AdamW: optim.AdamW }[c.optimizer] as unknown as new (
    params: unknown,
    options: Record<string, unknown>,
  ) => optim.Optimizer;
  const input = c.groups === undefined
    ? [params.W, params.b, params.u]
    : c.groups.map((g) => ({ params: g.params.map((n) => params[n]), ...g.options }));
  const opt = new Cls(input, c.options);
  let scheduler: optim.lrScheduler.LRScheduler | null = null;
  if (c.scheduler?.type === "StepLR") {
    scheduler = new optim.lrScheduler.StepLR(opt, c.scheduler.stepSize!, { gamma: c.scheduler.gamma });
  } else if (c.scheduler?.type === "ExponentialLR") {
    scheduler = new optim.lrScheduler.ExponentialLR(opt, c.scheduler.gamma!);
  }
  return { opt, scheduler };
}

/** One iteration as the fixture ran it: zeroGrad, backward, step, scheduler step. */
export function iterate(opt: optim.Optimizer, scheduler: optim.lrScheduler.LRScheduler | null, params: Params): void {
  opt.zeroGrad();
  loss(params).backward();
  opt.step();
  scheduler?.step();
}

/** Asserts that W and b equal PyTorch's after step `step` (1-based) of case `c`. */
export function assertAtStep(c: OptimCase, params: Params, step: number, what = c.name): void {
  const tol = c.dtype === "float32" ? OPTIM32 : OPTIM64;
  const expected = c.trajectory[step - 1];
  assertClose(params.W.data, expected.W, tol, `${what}: W after step ${step}`);
  assertClose(params.b.data, expected.b, tol, `${what}: b after step ${step}`);
}

/**
 * One PyTorch-parity test: runs the case's iterations and compares the parameters (and the groups'
 * learning rates) after every step; checks that u, which never gets a gradient, is untouched.
 */
export function checkOptimCase(name: string): void {
  test(`torch parity: ${name}`, () => {
    const c = optimCase(name);
    const params = makeParams(c.dtype);
    const u0 = [...params.u.data];
    const { opt, scheduler } = makeOptimizer(c, params);
    for (let step = 1; step <= c.steps; step++) {
      iterate(opt, scheduler, params);
      assertAtStep(c, params, step);
      assertClose(opt.paramGroups.map((g) => g.lr), c.lrs[step - 1], { atol: 0, rtol: 1e-15 }, `${name}: lr after step ${step}`);
    }
    assert.equal(params.u.grad, null);
    assert.deepEqual([...params.u.data], u0, `${name}: u has no gradient and must not change`);
    assert.equal(opt.state.has(params.u), false, `${name}: u must get no state`);
    assert.equal(params.W.dtype, c.dtype);
  });
}
