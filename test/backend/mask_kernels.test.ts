/**
 * The kernels behind bool and masks, on every backend: cast (to bool: nonzero and NaN are 1; to int32:
 * truncation; from bool), where (broadcast strides, 0-d, the unpicked value never read into the
 * result), binary ops into a bool output (1 for any nonzero result), value tests and comparisons into
 * Uint8Array at wasm sizes.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Backend, jsBackend, wasmBackend } from "../../src/backend/index.ts";

const BACKENDS: Backend[] = wasmBackend === null ? [jsBackend] : [jsBackend, wasmBackend];

for (const be of BACKENDS) {
  test(`${be.name} cast: to bool (NaN and -inf true, ±0 false), to int32 (toward zero), from bool`, () => {
    const x = new Float32Array([NaN, 0, -0, 2.5, -Infinity, -0.7]);
    const b = new Uint8Array(6);
    be.cast(x, b);
    assert.deepEqual(Array.from(b), [1, 0, 0, 1, 1, 1]);
    const i = new Int32Array(4);
    be.cast(new Float64Array([1.7, -1.7, 0.2, -3]), i);
    assert.deepEqual(Array.from(i), [1, -1, 0, -3]);
    const f = new Float64Array(3);
    be.cast(new Uint8Array([1, 0, 1]), f);
    assert.deepEqual(Array.from(f), [1, 0, 1]);
    const fromInt = new Uint8Array(3);
    be.cast(new Int32Array([0, -5, 256]), fromInt);
    assert.deepEqual(Array.from(fromInt), [0, 1, 1], "256 is true, not a wrapped 0");
    const f32 = new Float32Array(1);
    be.cast(new Float64Array([0.1]), f32);
    assert.equal(f32[0], Math.fround(0.1));
  });

  test(`${be.name} where: broadcast condition and operands, 0-d, and NaN / inf on the side not taken`, () => {
    // cond [2, 1], a [3], b [2, 3] -> out [2, 3]
    const cond = new Uint8Array([1, 0]);
    const a = new Float32Array([1, NaN, 3]);
    const b = new Float32Array([Infinity, 5, 6, 7, NaN, 9]);
    const out = new Float32Array(6);
    be.where(cond, [1, 0], a, [0, 1], b, [3, 1], out, [2, 3]);
    assert.deepEqual(Array.from(out), [1, NaN, 3, 7, NaN, 9]);
    const out0 = new Float64Array(1);
    be.where(new Uint8Array([0]), [], new Float64Array([NaN]), [], new Float64Array([2]), [], out0, []);
    assert.deepEqual(Array.from(out0), [2]);
    const big = 300;
    const c = Uint8Array.from({ length: big }, (_, i) => i % 3 === 0 ? 1 : 0);
    const g = Float32Array.from({ length: big }, (_, i) => (i % 2 === 0 ? Infinity : NaN));
    const masked = new Float32Array(big);
    be.where(c, [1], g, [1], new Float32Array([0]), [0], masked, [big]);
    masked.forEach((v, i) => assert.ok(Object.is(v, i % 3 === 0 ? g[i] : 0), `masked[${i}]`));
  });

  test(`${be.name} binary into a bool output writes 1 for any nonzero result (or / and), comparisons at wasm sizes`, () => {
    const a = new Uint8Array([1, 1, 0, 0]);
    const b = new Uint8Array([1, 0, 1, 0]);
    const out = new Uint8Array(4);
    be.binary("add", a, [1], b, [1], out, [4]);
    assert.deepEqual(Array.from(out), [1, 1, 1, 0]);
    be.binary("mul", a, [1], b, [1], out, [4]);
    assert.deepEqual(Array.from(out), [1, 0, 0, 0]);
    be.binary("logicalXor", a, [1], b, [1], out, [4]);
    assert.deepEqual(Array.from(out), [0, 1, 1, 0]);
    const n = 256;
    const x = Float32Array.from({ length: n }, (_, i) => (i % 9 === 0 ? NaN : (i % 7) - 3));
    const y = Float32Array.from({ length: n }, (_, i) => (i % 5) - 2);
    const cmp = new Uint8Array(n);
    for (const [op, f] of [["eq", (p: number, q: number) => p === q], ["ne", (p: number, q: number) => p !== q],
      ["gt", (p: number, q: number) => p > q], ["le", (p: number, q: number) => p <= q]] as const) {
      be.binary(op, x, [1], y, [1], cmp, [n]);
      cmp.forEach((v, i) => assert.equal(v, f(x[i], y[i]) ? 1 : 0, `${op}[${i}]`));
    }
  });

  test(`${be.name} value tests and logical not write 0 / 1 into bool`, () => {
    const x = new Float64Array([NaN, Infinity, -Infinity, 0, -0, 2]);
    const out = new Uint8Array(6);
    const expect: Record<string, number[]> = {
      isnan: [1, 0, 0, 0, 0, 0], isinf: [0, 1, 1, 0, 0, 0], isposinf: [0, 1, 0, 0, 0, 0],
      isneginf: [0, 0, 1, 0, 0, 0], isfinite: [0, 0, 0, 1, 1, 1], logicalNot: [0, 0, 0, 1, 1, 0],
    };
    for (const [op, want] of Object.entries(expect)) {
      be.unary(op as "isnan", x, out);
      assert.deepEqual(Array.from(out), want, op);
    }
  });
}
