/**
 * Every scheduler's `stateDict()` against PyTorch 1.13's `state_dict()` (test/fixtures/lr_scheduler_state.json,
 * from gen_lr_scheduler_state.py): the same keys (camelCased) and values, and a scheduler loaded from it
 * continues as the original.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import { makeScheduler, type Scheduler, type SchedulerSpec } from "../helpers/optim_fixture.ts";

interface StateCase {
  name: string;
  spec: SchedulerSpec;
  lrs: number[];
  steps: number;
  metrics: number[] | null;
  groupLrs: number[];
  state: Record<string, unknown>;
}

const fixture = JSON.parse(readFileSync(new URL("../fixtures/lr_scheduler_state.json", import.meta.url), "utf8")) as { torch: string; cases: StateCase[] };

/**
 * PyTorch-only keys, each with why backprop has none: `verbose` and `getLrCalledWithinStep` (logging and
 * a warning flag, not schedule state), `scaleFnRef` / `scaleFnCustom` / `annealFunc` (functions, which
 * a state dict cannot hold; CyclicLR and OneCycleLR keep `scaleMode` / `annealStrategy` instead).
 */
const PYTORCH_ONLY = new Set(["verbose", "getLrCalledWithinStep", "scaleFnRef", "scaleFnCustom", "annealFunc"]);
/** backprop-only keys: OneCycleLR's `annealStrategy` stands for PyTorch's `annealFunc`. */
const BACKPROP_ONLY = new Set(["annealStrategy"]);

function expected(value: unknown): unknown {
  if (value === "inf") return Infinity;
  if (value === "-inf") return -Infinity;
  if (Array.isArray(value)) return value.map(expected);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !PYTORCH_ONLY.has(k)).map(([k, v]) => [k, expected(v)]));
  }
  // OneCycleLR's phases name group keys, which backprop's groups spell in camelCase
  if (typeof value === "string" && /^[a-z]+_[a-z_]+$/.test(value)) return value.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return value;
}

function ours(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(ours);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).filter(([k]) => !BACKPROP_ONLY.has(k)).map(([k, v]) => [k, ours(v)]));
  }
  return value;
}

/** Equal structure; numbers equal to 1e-15 relative (PyTorch and V8 may round a cosine differently). */
function assertClose(actual: unknown, want: unknown, path: string): void {
  if (typeof want === "number" && typeof actual === "number") {
    const ok = actual === want || Math.abs(actual - want) <= 1e-15 * Math.max(1, Math.abs(want));
    assert.ok(ok, `${path}: ${actual} != ${want}`);
    return;
  }
  if (Array.isArray(want)) {
    assert.ok(Array.isArray(actual), `${path}: not an array`);
    assert.equal(actual.length, want.length, `${path}: length`);
    want.forEach((w, i) => assertClose((actual as unknown[])[i], w, `${path}[${i}]`));
    return;
  }
  if (want !== null && typeof want === "object") {
    assert.ok(actual !== null && typeof actual === "object", `${path}: not an object`);
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(want).sort(), `${path}: keys`);
    for (const [k, w] of Object.entries(want)) assertClose((actual as Record<string, unknown>)[k], w, `${path}.${k}`);
    return;
  }
  assert.equal(actual, want, path);
}

function build(c: StateCase): { opt: bp.optim.SGD; scheduler: Scheduler } {
  const groups = c.lrs.map((lr) => ({ params: [bp.zeros([2], { requiresGrad: true })], lr }));
  const opt = new bp.optim.SGD(groups, { lr: c.lrs[0], momentum: 0.9 });
  return { opt, scheduler: makeScheduler(opt, c.spec) };
}

function stepOnce(scheduler: Scheduler, metric: number | undefined): void {
  if (scheduler instanceof bp.optim.lrScheduler.ReduceLROnPlateau) scheduler.step(metric ?? 1);
  else scheduler.step();
}

test("lr_scheduler_state.json covers every scheduler backprop has", () => {
  const names = new Set(fixture.cases.map((c) => c.name));
  const classes = Object.keys(bp.optim.lrScheduler).filter((k) => /^[A-Z]/.test(k) && k !== "LRScheduler");
  assert.deepEqual(classes.filter((k) => !names.has(k)), []);
});

for (const c of fixture.cases) {
  test(`${c.name}: stateDict() has PyTorch 1.13's keys and values; a loaded copy continues the same`, () => {
    const { opt, scheduler } = build(c);
    for (let i = 0; i < c.steps; i++) stepOnce(scheduler, c.metrics?.[i]);
    assertClose(opt.paramGroups.map((g) => g.lr), c.groupLrs, "group lrs");
    assertClose(ours(scheduler.stateDict()), expected(c.state), c.name);

    // a fresh scheduler over a fresh optimizer, given both states, continues as the original
    const copy = build(c);
    copy.opt.loadStateDict(opt.stateDict());
    copy.scheduler.loadStateDict(scheduler.stateDict());
    assert.deepEqual(copy.scheduler.stateDict(), scheduler.stateDict());
    for (let i = 0; i < 3; i++) {
      stepOnce(scheduler, 0.5 + i);
      stepOnce(copy.scheduler, 0.5 + i);
      assert.deepEqual(copy.opt.paramGroups.map((g) => g.lr), opt.paramGroups.map((g) => g.lr), `${c.name}: lr after ${i + 1} more steps`);
    }
  });
}
