/**
 * Kernel tests, written once for every backend (the plain-TS reference and, where it runs, the
 * WebAssembly one; test/backend/wasm.test.ts compares the two on float32): gemm in all transpose
 * cases against a naive triple loop on odd sizes crossing the block sizes, with offsets; reductions,
 * arg-reductions, softmax, strided copies, elementwise kernels; NaN propagation.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import * as bp from "../../src/index.ts";
import { type Backend, jsBackend, wasmBackend } from "../../src/backend/index.ts";
import type { TypedArray } from "../../src/tensor/dtype.ts";
import { lcg } from "../helpers/arrays.ts";
import { assertClose, assertTensor } from "../helpers/parity.ts";

const BACKENDS: Backend[] = wasmBackend === null ? [jsBackend] : [jsBackend, wasmBackend];

function filled<T extends TypedArray>(arr: T, seed: number): T {
  const r = lcg(seed);
  for (let i = 0; i < arr.length; i++) arr[i] = r();
  return arr;
}

/** C = op(A) op(B) by the definition, in float64. */
function naiveGemm(a: TypedArray, aOff: number, transA: boolean, b: TypedArray, bOff: number, transB: boolean, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) {
        const av = transA ? a[aOff + p * m + i] : a[aOff + i * k + p];
        const bv = transB ? b[bOff + j * k + p] : b[bOff + p * n + j];
        s += av * bv;
      }
      c[i * n + j] = s;
    }
  }
  return c;
}

const SIZES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 2],
  [37, 129, 65], // odd sizes, k just past BLOCK_K = 128
  [5, 300, 520], // k and n cross BLOCK_K and BLOCK_N = 256 more than once
  [130, 7, 259],
  [2, 1, 7],
];

for (const be of BACKENDS) {
  for (const [m, k, n] of SIZES) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        test(`${be.name} gemm ${m}x${k}x${n} transA=${transA} transB=${transB} (float64, with offsets)`, () => {
          const aOff = 3;
          const bOff = 5;
          const cOff = 7;
          const a = filled(new Float64Array(aOff + m * k + 2), m * 31 + k);
          const b = filled(new Float64Array(bOff + k * n + 2), n * 17 + k);
          const c = new Float64Array(cOff + m * n + 4).fill(42); // garbage to overwrite, and guards around it
          be.gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, k, n);
          const expected = naiveGemm(a, aOff, transA, b, bOff, transB, m, k, n);
          assertClose(c.subarray(cOff, cOff + m * n), expected, { atol: 1e-12, rtol: 1e-12 }, "C");
          assert.deepEqual(Array.from(c.subarray(0, cOff)), new Array(cOff).fill(42), "before C untouched");
          assert.deepEqual(Array.from(c.subarray(cOff + m * n)), [42, 42, 42, 42], "after C untouched");
        });
      }
    }
  }

  test(`${be.name} gemm float32 37x129x65, all transposes, within float32 rounding`, () => {
    const [m, k, n] = [37, 129, 65];
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = filled(new Float32Array(m * k), 1);
        const b = filled(new Float32Array(k * n), 2);
        const c = new Float32Array(m * n);
        be.gemm(a, 0, transA, b, 0, transB, c, 0, m, k, n);
        assertClose(c, naiveGemm(a, 0, transA, b, 0, transB, m, k, n), { atol: 1e-5, rtol: 1e-5 }, `C transA=${transA} transB=${transB}`);
      }
    }
  });

  test(`${be.name} gemm with accumulate adds op(A)·op(B) to C in every transpose case; k = 0 leaves C`, () => {
    for (const [m, k, n] of [[3, 5, 2], [37, 129, 65], [2, 0, 3]] as const) {
      for (const transA of [false, true]) {
        for (const transB of [false, true]) {
          const a = filled(new Float64Array(m * k), 3);
          const b = filled(new Float64Array(k * n), 4);
          const c0 = filled(new Float64Array(m * n), 5);
          const c = c0.slice();
          be.gemm(a, 0, transA, b, 0, transB, c, 0, m, k, n, true);
          const product = naiveGemm(a, 0, transA, b, 0, transB, m, k, n);
          const expected = Array.from(product, (v, i) => v + c0[i]);
          assertClose(c, expected, { atol: 1e-12, rtol: 1e-12 }, `C ${m}x${k}x${n} transA=${transA} transB=${transB}`);
        }
      }
    }
  });

  test(`${be.name} gemm with an empty dimension writes zeros (k = 0) or nothing`, () => {
    const c = new Float64Array(6).fill(9);
    be.gemm(new Float64Array(0), 0, false, new Float64Array(0), 0, false, c, 0, 2, 0, 3);
    assert.deepEqual(Array.from(c), [0, 0, 0, 0, 0, 0]);
    const d = new Float64Array(2).fill(9);
    be.gemm(new Float64Array(0), 0, false, new Float64Array(6), 0, false, d, 0, 0, 3, 2);
    assert.deepEqual(Array.from(d), [9, 9]);
  });

  test(`${be.name} gemm batches through offsets: matmul of [4, 3, 5] x [4, 5, 2] equals per-matrix products`, () => {
    const a = filled(new Float64Array(4 * 3 * 5), 11);
    const b = filled(new Float64Array(4 * 5 * 2), 12);
    const c = new Float64Array(4 * 3 * 2);
    for (let i = 0; i < 4; i++) be.gemm(a, i * 15, false, b, i * 10, false, c, i * 6, 3, 5, 2);
    for (let i = 0; i < 4; i++) {
      assertClose(c.subarray(i * 6, i * 6 + 6), naiveGemm(a, i * 15, false, b, i * 10, false, 3, 5, 2), { atol: 1e-14, rtol: 1e-14 }, `batch ${i}`);
    }
  });

  test(`${be.name} reduce sum / max / min over [outer, size, inner]`, () => {
    // x[o][s][i] = o*100 + s*10 + i with a twist so max/min are not always the last/first
    const [outer, size, inner] = [2, 3, 4];
    const x = new Float64Array(outer * size * inner);
    for (let o = 0; o < outer; o++) for (let s = 0; s < size; s++) for (let i = 0; i < inner; i++) x[(o * size + s) * inner + i] = o * 100 + ((s * 7 + i) % 3) * 10 + i;
    const expect = (f: (vals: number[]) => number): number[] => {
      const out: number[] = [];
      for (let o = 0; o < outer; o++) for (let i = 0; i < inner; i++) out.push(f([0, 1, 2].map((s) => x[(o * size + s) * inner + i])));
      return out;
    };
    for (const [op, f] of [["sum", (v: number[]) => v.reduce((a, b) => a + b)], ["max", (v: number[]) => Math.max(...v)], ["min", (v: number[]) => Math.min(...v)]] as const) {
      const out = new Float64Array(outer * inner);
      be.reduce(op, x, out, outer, size, inner);
      assert.deepEqual(Array.from(out), expect(f), op);
    }
  });

  test(`${be.name} reduce over an empty axis: sum 0, max / min NaN`, () => {
    const out = new Float64Array(2);
    be.reduce("sum", new Float64Array(0), out, 2, 0, 1);
    assert.deepEqual(Array.from(out), [0, 0]);
    be.reduce("max", new Float64Array(0), out, 2, 0, 1);
    assert.ok(out.every(Number.isNaN));
  });

  test(`${be.name} reduce and argReduce propagate NaN`, () => {
    const x = new Float64Array([1, NaN, 3, 7, 5, 6]); // [2, 3] rows
    const out = new Float64Array(2);
    be.reduce("max", x, out, 2, 3, 1);
    assert.ok(Number.isNaN(out[0]));
    assert.equal(out[1], 7);
    be.reduce("min", x, out, 2, 3, 1);
    assert.ok(Number.isNaN(out[0]));
    assert.equal(out[1], 5);
    be.reduce("sum", x, out, 2, 3, 1);
    assert.ok(Number.isNaN(out[0]));
    const idx = new Int32Array(2);
    be.argReduce("max", x, idx, 2, 3, 1);
    assert.deepEqual(Array.from(idx), [1, 0]);
    be.argReduce("min", new Float64Array([NaN, 0, -1]), idx.subarray(0, 1), 1, 3, 1);
    assert.equal(idx[0], 0, "a NaN first stays the answer");
  });

  test(`${be.name} argReduce picks the first on ties, along inner axes too`, () => {
    const x = new Float64Array([3, 1, 3, 3, 1, 0]); // [outer=1, size=3, inner=2]: columns [3, 3, 1] and [1, 3, 0]
    const idx = new Int32Array(2);
    be.argReduce("max", x, idx, 1, 3, 2);
    assert.deepEqual(Array.from(idx), [0, 1]);
    be.argReduce("min", x, idx, 1, 3, 2);
    assert.deepEqual(Array.from(idx), [2, 2]);
    const ties = new Float64Array([2, 2, 2]);
    be.argReduce("min", ties, idx.subarray(0, 1), 1, 3, 1);
    assert.equal(idx[0], 0);
  });

  test(`${be.name} softmax and log-softmax along middle and inner axes, finite for large inputs`, () => {
    const x = new Float64Array([1, 2, 3, 1000, 1001, 1002]);
    const out = new Float64Array(6);
    be.softmax(x, out, 2, 3, 1, false);
    const e = [Math.exp(-2), Math.exp(-1), 1];
    const z = e[0] + e[1] + e[2];
    assertClose(out, [...e, ...e].map((v) => v / z), { atol: 1e-15, rtol: 1e-14 }, "softmax rows");
    be.softmax(x, out, 2, 3, 1, true);
    assertClose(out, [...e, ...e].map((v) => Math.log(v / z)), { atol: 1e-14, rtol: 1e-14 }, "log-softmax rows");
    // along the first axis of a [3, 2] matrix: outer 1, size 3, inner 2
    const col = new Float64Array([0, 5, 0, 5, Math.log(2), 5]);
    be.softmax(col, out, 1, 3, 2, false);
    assertClose(out, [0.25, 1 / 3, 0.25, 1 / 3, 0.5, 1 / 3], { atol: 1e-15, rtol: 1e-14 }, "softmax columns");
  });

  test(`${be.name} softmax with -inf entries gives 0 for them; an all -inf row gives NaN like PyTorch`, () => {
    const out = new Float64Array(3);
    be.softmax(new Float64Array([-Infinity, 0, 0]), out, 1, 3, 1, false);
    assert.deepEqual(Array.from(out), [0, 0.5, 0.5]);
    be.softmax(new Float64Array([-Infinity, -Infinity, -Infinity]), out, 1, 3, 1, false);
    assert.ok(out.every(Number.isNaN));
  });

  test(`${be.name} copyStrided: transpose, broadcast (stride 0), offset`, () => {
    const x = new Float64Array([0, 1, 2, 3, 4, 5]); // [2, 3]
    const t = new Float64Array(6);
    be.copyStrided(x, 0, [1, 3], t, [3, 2]);
    assert.deepEqual(Array.from(t), [0, 3, 1, 4, 2, 5]);
    const bc = new Float64Array(6);
    be.copyStrided(new Float64Array([7, 8, 9]), 0, [0, 1], bc, [2, 3]);
    assert.deepEqual(Array.from(bc), [7, 8, 9, 7, 8, 9]);
    const sl = new Float64Array(4);
    be.copyStrided(x, 1, [3, 1], sl, [2, 2]); // columns 1..2
    assert.deepEqual(Array.from(sl), [1, 2, 4, 5]);
    const s = new Float64Array(1);
    be.copyStrided(x, 4, [], s, []);
    assert.deepEqual(Array.from(s), [4]);
    const three = new Float64Array(24);
    const src = Float64Array.from({ length: 24 }, (_, i) => i); // [2, 3, 4] permuted to [4, 2, 3]
    be.copyStrided(src, 0, [1, 12, 4], three, [4, 2, 3]);
    assert.deepEqual(Array.from(three.subarray(0, 6)), [0, 4, 8, 12, 16, 20]);
    assert.equal(three[23], 23);
  });

  test(`${be.name} unary kernels: values, parameters, NaN`, () => {
    const x = new Float64Array([-2, -0.5, 0, 0.5, 2, NaN]);
    const out = new Float64Array(6);
    const run = (op: Parameters<Backend["unary"]>[0], alpha?: number, beta?: number): number[] => {
      be.unary(op, x, out, alpha, beta);
      return Array.from(out);
    };
    assert.deepEqual(run("relu"), [0, 0, 0, 0.5, 2, NaN]);
    assert.deepEqual(run("neg"), [2, 0.5, -0, -0.5, -2, NaN]);
    assert.deepEqual(run("abs"), [2, 0.5, 0, 0.5, 2, NaN]);
    assert.deepEqual(run("sign"), [-1, -1, 0, 1, 1, 0]); // torch.sign(NaN) is 0
    assert.deepEqual(run("clamp", -1, 1), [-1, -0.5, 0, 0.5, 1, NaN]);
    assert.deepEqual(run("leakyRelu", 0.1), [-0.2, -0.05, 0, 0.5, 2, NaN]);
    assert.deepEqual(run("step"), [0, 0, 1, 1, 1, 0]);
    assert.deepEqual(run("square"), [4, 0.25, 0, 0.25, 4, NaN]);
    assert.deepEqual(run("powScalar", 3), [-8, -0.125, 0, 0.125, 8, NaN]);
    assertClose(run("sigmoid"), x.map((v) => 1 / (1 + Math.exp(-v))), { atol: 1e-16, rtol: 1e-15 }, "sigmoid");
    assertClose(run("elu", 1), x.map((v) => (v > 0 ? v : Math.expm1(v))), { atol: 0, rtol: 0 }, "elu");
    assertClose(run("exp"), x.map(Math.exp), { atol: 0, rtol: 0 }, "exp");
    assertClose(run("tanh"), x.map(Math.tanh), { atol: 0, rtol: 0 }, "tanh");
    assertClose(run("erf"), [-0.9953222650189527, -0.5204998778130465, 0, 0.5204998778130465, 0.9953222650189527, NaN], { atol: 1e-15, rtol: 1e-14 }, "erf");
    be.unary("sigmoid", new Float64Array([-1000, 1000]), out);
    assert.deepEqual([out[0], out[1]], [0, 1], "sigmoid saturates without NaN");
    // in place (out === x) is allowed
    const y = new Float64Array([-1, 1]);
    be.unary("relu", y, y);
    assert.deepEqual(Array.from(y), [0, 1]);
  });

  test(`${be.name} binary kernels: broadcasting strides, comparisons, maximum / minimum NaN`, () => {
    const a = new Float64Array([1, 2, 3]); // [3, 1]
    const b = new Float64Array([10, 20]); // [2]
    const out = new Float64Array(6);
    be.binary("sub", a, [1, 0], b, [0, 1], out, [3, 2]);
    assert.deepEqual(Array.from(out), [-9, -19, -8, -18, -7, -17]);
    be.binary("pow", a, [1, 0], new Float64Array([2, 0.5]), [0, 1], out, [3, 2]);
    assertClose(out, [1, 1, 4, Math.SQRT2, 9, Math.sqrt(3)], { atol: 0, rtol: 1e-16 }, "pow");
    const s = new Float64Array(1);
    be.binary("mul", new Float64Array([3]), [], new Float64Array([4]), [], s, []);
    assert.equal(s[0], 12);
    const p = new Float64Array([NaN, 1, 2, NaN]);
    const q = new Float64Array([1, NaN, 3, NaN]);
    const r = new Float64Array(4);
    be.binary("maximum", p, [1], q, [1], r, [4]);
    assert.ok(Number.isNaN(r[0]) && Number.isNaN(r[1]) && Number.isNaN(r[3]));
    assert.equal(r[2], 3);
    be.binary("minimum", p, [1], q, [1], r, [4]);
    assert.ok(Number.isNaN(r[0]) && Number.isNaN(r[1]) && Number.isNaN(r[3]));
    assert.equal(r[2], 2);
    const cmp = new Int32Array(4);
    be.binary("eq", p, [1], q, [1], cmp, [4]);
    assert.deepEqual(Array.from(cmp), [0, 0, 0, 0]);
    be.binary("ne", p, [1], q, [1], cmp, [4]);
    assert.deepEqual(Array.from(cmp), [1, 1, 1, 1]);
    be.binary("ge", new Float64Array([1, 2, 3, NaN]), [1], new Float64Array([2]), [0], cmp, [4]);
    assert.deepEqual(Array.from(cmp), [0, 1, 1, 0]);
  });
}

test("NaN propagates through the ops max / min / maximum / minimum / relu / argmax like PyTorch", () => {
  const x = bp.tensor([[1, NaN, 3], [4, 5, 6]], { dtype: "float64" });
  assert.ok(Number.isNaN(x.max().item()));
  assert.ok(Number.isNaN(x.min().item()));
  const { values, indices } = x.max(1);
  assert.ok(Number.isNaN(values.data[0]));
  assert.equal(values.data[1], 6);
  assert.deepEqual(Array.from(indices.data), [1, 2]);
  assert.deepEqual(Array.from(x.argmax(1).data), [1, 2]);
  assert.equal(x.argmax().item(), 1);
  assert.ok(Number.isNaN(bp.maximum(bp.tensor(NaN), bp.tensor(1)).item()));
  assert.ok(Number.isNaN(bp.maximum(bp.tensor(1), bp.tensor(NaN)).item()));
  assert.ok(Number.isNaN(bp.minimum(bp.tensor([NaN]), 0).item()));
  assertTensor(bp.tensor([NaN, -1, 2]).relu(), [3], [NaN, 0, 2]);
  assert.ok(Number.isNaN(bp.tensor([NaN, 1]).clamp(0, 1).data[0]));
  assert.ok(Number.isNaN(bp.tensor([NaN, 1]).softmax(0).data[1]));
});

test("bp.backend() names the active backend: BACKPROP_BACKEND's choice, else wasm where WebAssembly SIMD runs", () => {
  const forced = process.env.BACKPROP_BACKEND ?? "";
  if (forced === "js" || wasmBackend === null) assert.equal(bp.backend(), "js");
  else assert.equal(bp.backend(), wasmBackend.name);
  if (forced.startsWith("wasm")) assert.match(bp.backend(), /^wasm-/);
});
