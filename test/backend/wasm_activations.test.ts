/**
 * The wasm kernels of the nn.functional activations, forward (`unary`) and backward (`unaryBackward`),
 * against the plain-TS reference on float32: every value from -110 to 110 in steps of 0.011, dense
 * around 0 and at the kinks, the edges (NaN, ±inf, ±0, the largest floats, the subnormal range of
 * e^x), at sizes above the thresholds, on both SIMD tiers (which give the same bits: the kernels use no
 * fused multiply-add). Within a few float32 ulps; where the formula subtracts terms of similar size
 * (silu's, mish's and hardswish's gradients near their zeros) within float32 rounding of those terms,
 * as PyTorch's own float32 kernels compute them.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { UnaryGradOp } from "../../src/backend/backend.ts";
import { type Backend, type UnaryOp, jsBackend, wasmBackend } from "../../src/backend/index.ts";
import { wasmBackend as makeWasmBackend } from "../../src/backend/wasm/backend.ts";
import { type WasmTier, loadWasm } from "../../src/backend/wasm/module.ts";
import { assertSameBits } from "../helpers/arrays.ts";

const skip = wasmBackend === null ? "no WebAssembly SIMD here (or BACKPROP_BACKEND=js)" : false;

/** The backend of each tier this engine validates (the relaxed one falls back to plain SIMD where it cannot). */
function tiers(): Backend[] {
  return (["wasm-simd", "wasm-relaxed-simd"] as WasmTier[]).map((t) => makeWasmBackend(loadWasm(t).module as NonNullable<ReturnType<typeof loadWasm>["module"]>));
}

/** The inputs: a sweep over the whole useful range, a dense one around 0, tiny values, and the edges. */
function inputs(): Float32Array {
  const xs = [NaN, Infinity, -Infinity, 0, -0, 3, -3, 2.9999998, -2.9999998, 64, -64, 87, -87, 88.7, -88.7, 103, -103, 104, -104,
    20, 20.000002, 19.999998, 0.5, -0.5, 1e-8, -1e-8, 1e-30, -1e-30, 1e-40, -1e-40, 1e6, -1e6, 3e38, -3e38, -1.2784645, -1.1917];
  for (let i = 0; i < 20_000; i++) xs.push(-110 + (220 * i) / 19_999);
  for (let i = 0; i < 20_000; i++) xs.push((i - 10_000) * 1e-3);
  for (let i = 0; i < 2_000; i++) xs.push((i - 1_000) * 1e-9);
  return Float32Array.from(xs);
}

/** Upstream gradients in (-2, 2), 1 at the infinities (so their own rule shows), and a few non-finite ones. */
function grads(n: number): Float32Array {
  const g = Float32Array.from({ length: n }, (_, i) => Math.sin(i * 12.9898) * 2);
  g[1] = 1;
  g[2] = 1;
  for (const [i, v] of [[40, NaN], [41, Infinity], [42, -Infinity], [43, 0], [44, -0]] as const) g[i] = v;
  return g;
}

/**
 * Within `ulps` float32 ulps of the reference, or within `ulps` ulps of `scale[i]` (the size of the
 * terms the formula adds); NaN where the reference has NaN, the same infinities, and the
 * same signed zeros where `zeros` is set.
 */
function assertClose(actual: Float32Array, expected: Float32Array, ulps: number, what: string, scale?: (i: number) => number, zeros = true): void {
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e))) continue;
    if (a === e && !zeros) continue;
    const ulp = Math.max(Math.abs(e) * 2 ** -23, 2 ** -149);
    const tol = Math.max(ulps * ulp, scale === undefined ? 0 : ulps * 2 ** -23 * scale(i));
    if (!(Number.isFinite(a) && Number.isFinite(e) && Math.abs(a - e) <= tol)) {
      assert.fail(`${what}[${i}]: got ${a}, expected ${e} (${(Math.abs(a - e) / ulp).toFixed(1)} ulp)`);
    }
  }
}

const FORWARD: [UnaryOp, number, number][] = [
  ["elu", 1, 0], ["elu", 0.3, 0], ["selu", 0, 0], ["celu", 1, 0], ["celu", 0.7, 0], ["softplus", 1, 20], ["softplus", 2, 5],
  ["silu", 0, 0], ["mish", 0, 0], ["logsigmoid", 0, 0], ["hardsigmoid", 0, 0], ["hardswish", 0, 0], ["softsign", 0, 0],
  ["hardshrink", 0.5, 0], ["softshrink", 0.5, 0],
];

test("wasm activations (forward) agree with the reference within 3 float32 ulps, edges exactly, the same on both tiers", { skip }, () => {
  const x = inputs();
  const n = x.length;
  const [plain, relaxed] = tiers();
  for (const [op, a, b] of FORWARD) {
    const what = `${op}(${a}, ${b})`;
    const j = new Float32Array(n);
    jsBackend.unary(op, x, j, a, b);
    const w = new Float32Array(n);
    plain.unary(op, x, w, a, b);
    const r = new Float32Array(n);
    relaxed.unary(op, x, r, a, b);
    const d = new Float32Array(n);
    (wasmBackend as Backend).unary(op, x, d, a, b);
    assertClose(w, j, 3, what);
    assertSameBits(r, w, `${what}: relaxed against plain SIMD`);
    assertSameBits(d, w, `${what}: the default backend against plain SIMD`);
  }
});

test("wasm activations at their edges: softplus linear above the threshold, NaN in -> NaN out, ±inf, -0", { skip }, () => {
  const be = wasmBackend as Backend;
  const x = new Float32Array(256).fill(1);
  x.set([NaN, Infinity, -Infinity, -0, 0, 20, 21, 1e30, -1e30]);
  const run = (op: UnaryOp, a = 0, b = 0): Float32Array => {
    const out = new Float32Array(x.length);
    be.unary(op, x, out, a, b);
    return out;
  };
  const sp = run("softplus", 1, 20);
  assert.deepEqual([...sp.subarray(0, 9)], [NaN, Infinity, 0, Math.fround(Math.LN2), Math.fround(Math.LN2), Math.fround(20 + Math.log1p(Math.exp(-20))), 21, 1e30, 0].map(Math.fround));
  for (const op of ["silu", "mish", "selu", "elu", "celu", "hardswish", "softsign", "logsigmoid"] as const) {
    const y = run(op, 1);
    assert.ok(Number.isNaN(y[0]), `${op}(NaN)`);
    if (op !== "logsigmoid") assert.ok(Object.is(y[3], -0), `${op}(-0) is -0`);
  }
  assert.deepEqual([...run("silu").subarray(1, 3)], [Infinity, NaN]);
  assert.deepEqual([...run("mish").subarray(1, 3)], [Infinity, NaN]);
  assert.deepEqual([...run("logsigmoid").subarray(1, 3)], [0, -Infinity]);
  assert.deepEqual([...run("selu").subarray(1, 3)], [Infinity, Math.fround(-1.6732632423543772 * 1.0507009873554805)]);
});

/** Backward cases: the op, alpha, beta, which reference output it reads, and the size of its terms (for a cancelling sum). */
type GradCase = [UnaryGradOp, number, number, UnaryOp | null, ((x: number, g: number) => number)?];

const sig = (x: number): number => 1 / (1 + Math.exp(-x));
const BACKWARD: GradCase[] = [
  ["sigmoid", 0, 0, "sigmoid"], ["tanh", 0, 0, "tanh"], ["leakyRelu", 0.01, 0, null], ["elu", 1, 0, "elu"], ["elu", 0.25, 0, "elu"],
  ["softplus", 1, 20, null], ["softplus", 0.5, 20, null], ["selu", 0, 0, null], ["celu", 1, 0, null], ["celu", 2, 0, null],
  ["hardtanh", -1, 1, null], ["hardsigmoid", 0, 0, null], ["logsigmoid", 0, 0, null], ["softsign", 0, 0, null], ["shrink", 0.5, 0, null],
  // the terms, and x times the float32 sigmoid's (and tanh's) rounding, which 1 - s and 1 - t² carry
  ["silu", 0, 0, null, (x, g) => Math.abs(g * sig(x)) * (1 + Math.abs(x))],
  ["mish", 0, 0, null, (x, g) => Math.abs(g) * (Math.abs(Math.tanh(Math.log1p(Math.exp(x)))) + Math.abs(x) * sig(x))],
  ["hardswish", 0, 0, null, (x, g) => Math.abs(g) * (Math.abs(x / 3) + 0.5)],
];

test("wasm activation gradients agree with the reference within 3 float32 ulps (or float32 rounding of the terms), the same on both tiers", { skip }, () => {
  const x = inputs();
  const n = x.length;
  const g = grads(n);
  const [plain, relaxed] = tiers();
  for (const [op, a, b, reads, terms] of BACKWARD) {
    const what = `${op}'(${a}, ${b})`;
    let y: Float32Array | null = null;
    if (reads !== null) {
      y = new Float32Array(n);
      jsBackend.unary(reads, x, y, a);
    }
    const run = (be: Backend): Float32Array => {
      const out = new Float32Array(n);
      be.unaryBackward(op, reads === "sigmoid" || reads === "tanh" ? null : x, y, g, out, a, b);
      return out;
    };
    const j = run(jsBackend);
    const w = run(plain);
    // a zero gradient may differ in sign where g is -0 (softsign takes the exact g / d² rather than the
    // reference's sum of two terms); every other zero matches
    assertClose(w, j, 3, what, terms === undefined ? undefined : (i) => terms(x[i], g[i]), op !== "softsign");
    assertSameBits(run(relaxed), w, `${what}: relaxed against plain SIMD`);
    assertSameBits(run(wasmBackend as Backend), w, `${what}: the default backend against plain SIMD`);
  }
});

test("activations whose parameters the float32 kernels cannot match run the reference (bit for bit)", { skip }, () => {
  const x = inputs();
  const n = x.length;
  const g = grads(n);
  const be = wasmBackend as Backend;
  for (const [op, a, b] of [["softplus", 0.3, 20], ["hardshrink", 0.1, 0], ["softshrink", 0.1, 0]] as [UnaryOp, number, number][]) {
    const w = new Float32Array(n);
    const j = new Float32Array(n);
    be.unary(op, x, w, a, b);
    jsBackend.unary(op, x, j, a, b);
    assertSameBits(w, j, `${op}(${a})`);
  }
  for (const [op, a, b] of [["softplus", 0.3, 20], ["celu", 0.7, 0], ["elu", 0.3, 0], ["hardtanh", -0.1, 0.1], ["shrink", 0.1, 0]] as [UnaryGradOp, number, number][]) {
    const y = new Float32Array(n);
    jsBackend.unary("elu", x, y, a);
    const w = new Float32Array(n);
    const j = new Float32Array(n);
    be.unaryBackward(op, x, y, g, w, a, b);
    jsBackend.unaryBackward(op, x, y, g, j, a, b);
    assertSameBits(w, j, `${op}'(${a})`);
  }
});
