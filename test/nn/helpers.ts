/**
 * Test helpers for nn: the PyTorch 1.13 fixture cases of test/fixtures/nn.json (written by
 * test/fixtures/gen_nn.py) and `checkCase`, which runs one case in one line, tinygrad-style:
 * forward values, input gradients after backward with the fixture's upstream gradient, and (for
 * float64 cases) a gradcheck.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";
import * as nn from "../../src/nn/index.ts";
import { functional as F } from "../../src/nn/index.ts";

/** A tensor as nn.json stores it. */
export interface Encoded {
  dtype: "float32" | "float64" | "int32";
  shape: number[];
  /** NaN and the infinities are written "nan", "inf", "-inf" (JSON has no such numbers). */
  data: (number | "nan" | "inf" | "-inf")[];
}

/** One recorded PyTorch computation. */
export interface NNCase {
  name: string;
  op: string;
  kwargs: Record<string, unknown>;
  inputs: Record<string, Encoded>;
  grad: string[];
  upstream: Encoded | null;
  out: Encoded;
  grads: Record<string, Encoded>;
  gradcheck: boolean;
}

interface Fixture {
  torch: string;
  cases: NNCase[];
}

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/nn.json", import.meta.url), "utf8")) as Fixture;
/** test/fixtures/layers.json (gen_layers.py): the newer activations, normalisation, Embedding, clip_grad. */
export const layersFixture = JSON.parse(readFileSync(new URL("../fixtures/layers.json", import.meta.url), "utf8")) as Fixture;

/** The numbers of a fixture tensor. */
export function numbers(e: Encoded): number[] {
  return e.data.map((v) => (v === "nan" ? NaN : v === "inf" ? Infinity : v === "-inf" ? -Infinity : v));
}

/** Tolerances `|a - e| <= atol + rtol |e|` by dtype. */
export const TOL = {
  float64: { atol: 1e-12, rtol: 1e-9 },
  float32: { atol: 1e-6, rtol: 2e-5 },
} as const;

/** A fixture tensor as a backprop tensor. */
export function decode(e: Encoded, requiresGrad = false): bp.Tensor {
  const t = bp.tensor(numbers(e), { dtype: e.dtype }).reshape(e.shape);
  return requiresGrad ? t.requiresGrad_(true) : t;
}

/** Asserts values within tolerance (and the same shape). */
export function assertClose(actual: bp.Tensor, expected: Encoded, what: string, tol?: { atol: number; rtol: number }): void {
  assert.deepEqual([...actual.shape], expected.shape, `${what}: shape [${actual.shape}] vs torch [${expected.shape}]`);
  const t = tol ?? (expected.dtype === "float32" ? TOL.float32 : TOL.float64);
  const values = numbers(expected);
  for (let i = 0; i < values.length; i++) {
    const a = actual.data[i];
    const e = values[i];
    if (Number.isNaN(e)) {
      if (!Number.isNaN(a)) assert.fail(`${what}[${i}]: got ${a}, torch NaN`);
      continue;
    }
    if (!Number.isFinite(e) && a === e) continue;
    const diff = Math.abs(a - e);
    if (!(diff <= t.atol + t.rtol * Math.abs(e))) {
      assert.fail(`${what}[${i}]: got ${a}, torch ${e} (diff ${diff.toExponential(2)})`);
    }
  }
}

/** Inputs of a case by name; a runner may replace entries (e.g. by a module's parameters) to have their gradients checked. */
export type Inputs = Record<string, bp.Tensor>;
/** Runs a case's computation. */
export type Runner = (t: Inputs, kwargs: Record<string, unknown>) => bp.Tensor;

/** The fixture case called `name`. */
export function getCase(name: string): NNCase {
  const c = fixture.cases.find((x) => x.name === name);
  if (c === undefined) throw new Error(`nn.json has no case "${name}"; add it to test/fixtures/gen_nn.py and regenerate`);
  return c;
}

/** The fixture cases of the given ops. */
export function casesOf(...ops: string[]): NNCase[] {
  return fixture.cases.filter((c) => ops.includes(c.op));
}

/** The layers.json cases of the given ops. */
export function layerCasesOf(...ops: string[]): NNCase[] {
  return layersFixture.cases.filter((c) => ops.includes(c.op));
}

function buildInputs(c: NNCase): Inputs {
  const t: Inputs = {};
  for (const [k, v] of Object.entries(c.inputs)) t[k] = decode(v, c.grad.includes(k));
  return t;
}

/**
 * Runs case `c` with `run`: output equals torch's; after backward (with the fixture's upstream
 * gradient) each listed input's gradient equals torch's; with `gradcheck` (float64 cases) the analytic
 * gradients also agree with finite differences.
 */
export function checkCase(c: NNCase, run: Runner, options: { gradcheck?: boolean } = {}): void {
  const t = buildInputs(c);
  const out = run(t, c.kwargs);
  assert.equal(out.dtype, c.out.dtype, `${c.name}: dtype ${out.dtype} vs torch ${c.out.dtype}`);
  assertClose(out, c.out, `${c.name} forward`);
  if (c.grad.length > 0) {
    out.backward(c.upstream === null ? undefined : decode(c.upstream));
    for (const k of c.grad) {
      const g = t[k].grad;
      assert.ok(g !== null, `${c.name}: no gradient reached ${k}`);
      assertClose(g, c.grads[k], `${c.name} grad ${k}`);
    }
  }
  if ((options.gradcheck ?? true) && c.gradcheck) {
    const fresh = buildInputs(c);
    const names = Object.keys(fresh);
    assert.ok(
      bp.autograd.gradcheck((...xs) => run(Object.fromEntries(names.map((n, i) => [n, xs[i]])), c.kwargs), names.map((n) => fresh[n])),
      `${c.name}: gradcheck`,
    );
  }
}


/** Each fixture op as a call of nn.functional. */
export const FUNCTIONAL: Record<string, Runner> = {
  relu: (t) => F.relu(t.input),
  leakyRelu: (t, k) => F.leakyRelu(t.input, k as F.LeakyReLUOptions),
  prelu: (t) => F.prelu(t.input, t.weight),
  rrelu: (t, k) => F.rrelu(t.input, k as F.RReLUFunctionalOptions),
  elu: (t, k) => F.elu(t.input, k as F.ELUOptions),
  gelu: (t, k) => F.gelu(t.input, k as F.GELUOptions),
  sigmoid: (t) => F.sigmoid(t.input),
  tanh: (t) => F.tanh(t.input),
  softmax: (t, k) => F.softmax(t.input, k as F.SoftmaxOptions),
  logSoftmax: (t, k) => F.logSoftmax(t.input, k as F.SoftmaxOptions),
  threshold: (t, k) => F.threshold(t.input, k.threshold as number, k.value as number),
  linear: (t) => F.linear(t.input, t.weight, t.bias ?? null),
  mseLoss: (t, k) => F.mseLoss(t.input, t.target, k as F.LossOptions),
  l1Loss: (t, k) => F.l1Loss(t.input, t.target, k as F.LossOptions),
  crossEntropy: (t, k) => F.crossEntropy(t.input, t.target, { ...(k as F.CrossEntropyLossOptions), weight: t.weight }),
  nllLoss: (t, k) => F.nllLoss(t.input, t.target, { ...(k as F.NLLLossOptions), weight: t.weight }),
  binaryCrossEntropy: (t, k) => F.binaryCrossEntropy(t.input, t.target, { ...(k as F.BCELossOptions), weight: t.weight }),
  binaryCrossEntropyWithLogits: (t, k) =>
    F.binaryCrossEntropyWithLogits(t.input, t.target, { ...(k as F.BCEWithLogitsLossOptions), weight: t.weight, posWeight: t.posWeight }),
  multiMarginLoss: (t, k) => F.multiMarginLoss(t.input, t.target, { ...(k as F.MultiMarginLossOptions), weight: t.weight }),
};

function prelu(t: Inputs): bp.Tensor {
  const m = new nn.PReLU({ numParameters: t.weight.numel(), dtype: t.weight.dtype });
  m.loadStateDict({ weight: t.weight });
  t.weight = m.weight; // the module's parameter is what gets the gradient
  return m.forward(t.input);
}

function linear(t: Inputs): bp.Tensor {
  const [out, inF] = t.weight.shape;
  const m = new nn.Linear(inF, out, { bias: t.bias !== undefined, dtype: t.weight.dtype });
  m.loadStateDict(t.bias !== undefined ? { weight: t.weight, bias: t.bias } : { weight: t.weight });
  t.weight = m.weight;
  if (t.bias !== undefined) t.bias = m.bias!;
  return m.forward(t.input);
}

/** Each fixture op as a module, built from the case's options (weights copied in with loadStateDict). */
export const MODULES: Record<string, Runner> = {
  relu: (t) => new nn.ReLU().forward(t.input),
  leakyRelu: (t, k) => new nn.LeakyReLU(k as F.LeakyReLUOptions).forward(t.input),
  prelu,
  rrelu: (t, k) => new nn.RReLU(k as F.RReLUOptions).train(Boolean(k.training)).forward(t.input),
  elu: (t, k) => new nn.ELU(k as F.ELUOptions).forward(t.input),
  gelu: (t, k) => new nn.GELU(k as F.GELUOptions).forward(t.input),
  sigmoid: (t) => new nn.Sigmoid().forward(t.input),
  tanh: (t) => new nn.Tanh().forward(t.input),
  softmax: (t, k) => new nn.Softmax(k as F.SoftmaxOptions).forward(t.input),
  logSoftmax: (t, k) => new nn.LogSoftmax(k as F.SoftmaxOptions).forward(t.input),
  threshold: (t, k) => new nn.Threshold(k.threshold as number, k.value as number).forward(t.input),
  linear,
  mseLoss: (t, k) => new nn.MSELoss(k as F.LossOptions).forward(t.input, t.target),
  l1Loss: (t, k) => new nn.L1Loss(k as F.LossOptions).forward(t.input, t.target),
  crossEntropy: (t, k) => new nn.CrossEntropyLoss({ ...(k as F.CrossEntropyLossOptions), weight: t.weight }).forward(t.input, t.target),
  nllLoss: (t, k) => new nn.NLLLoss({ ...(k as F.NLLLossOptions), weight: t.weight }).forward(t.input, t.target),
  binaryCrossEntropy: (t, k) => new nn.BCELoss({ ...(k as F.BCELossOptions), weight: t.weight }).forward(t.input, t.target),
  binaryCrossEntropyWithLogits: (t, k) =>
    new nn.BCEWithLogitsLoss({ ...(k as F.BCEWithLogitsLossOptions), weight: t.weight, posWeight: t.posWeight }).forward(t.input, t.target),
  multiMarginLoss: (t, k) => new nn.MultiMarginLoss({ ...(k as F.MultiMarginLossOptions), weight: t.weight }).forward(t.input, t.target),
};
