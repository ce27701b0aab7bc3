/**
 * The WebAssembly SIMD backend against the plain-TS reference, kernel by kernel, on float32: gemm in
 * all transpose cases on odd sizes crossing the micro-tile (5 x 8), k-slice (256), row-block (120) and
 * column-block (1024) edges, with offsets; elementwise kernels in every broadcast layout the backend
 * special-cases (and some it hands back to JS); reductions and softmax along rows and columns; the
 * fused training kernels (relu's gradient and SGD bit for bit, Adam and softmax cross-entropy within
 * float32 rounding); NaN and infinity propagation; the arena growing between calls. (The whole suite also runs on each backend:
 * `npm test` runs it with BACKPROP_BACKEND=wasm and again with js.)
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Backend, type BinaryOp, type UnaryOp, jsBackend, wasmBackend } from "../../src/backend/index.ts";
import { collapse, thresholds, wasmBackend as makeWasmBackend } from "../../src/backend/wasm/backend.ts";
import { loadWasm } from "../../src/backend/wasm/module.ts";
import type { TypedArray } from "../../src/tensor/dtype.ts";
import { assertClose } from "../helpers/parity.ts";
import { assertSameBits, lcg, random } from "../helpers/arrays.ts";

test("Node 20 runs the WebAssembly SIMD backend", () => {
  assert.ok(process.env.BACKPROP_BACKEND === "js" || wasmBackend !== null, "WebAssembly SIMD should validate on Node >= 20");
});

const wasm = wasmBackend as Backend;
const skip = wasmBackend === null ? "no WebAssembly SIMD here (or BACKPROP_BACKEND=js)" : false;

/** Values with the awkward cases sprinkled in: NaN, ±inf, ±0, ties. */
function awkward(n: number, seed: number): Float32Array {
  const x = random(n, seed, 8);
  const specials = [NaN, Infinity, -Infinity, 0, -0, 1, 1, -1];
  for (let i = 0; i < specials.length && i * 13 < n; i++) x[i * 13] = specials[i];
  return x;
}

/** Within `ulps` units in the last float32 place (NaN and infinities must match exactly). */
function assertUlps(actual: ArrayLike<number>, expected: ArrayLike<number>, ulps: number, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    if (Object.is(a, e) || (Number.isNaN(a) && Number.isNaN(e)) || a === e) continue;
    const ulp = Math.max(Math.abs(e) * 2 ** -23, 2 ** -149);
    if (!(Math.abs(a - e) <= ulps * ulp)) assert.fail(`${what}[${i}]: got ${a}, expected ${e} (${(Math.abs(a - e) / ulp).toFixed(1)} ulp)`);
  }
}

/** Runs a kernel on both backends into fresh outputs and returns [wasm, js]. */
function both<T extends TypedArray>(make: () => T, run: (be: Backend, out: T) => void): [T, T] {
  const w = make();
  const j = make();
  run(wasm, w);
  run(jsBackend, j);
  return [w, j];
}

/** C = op(A) op(B) by the definition, in float64. */
function naiveGemm(a: TypedArray, aOff: number, transA: boolean, b: TypedArray, bOff: number, transB: boolean, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += (transA ? a[aOff + p * m + i] : a[aOff + i * k + p]) * (transB ? b[bOff + j * k + p] : b[bOff + p * n + j]);
      c[i * n + j] = s;
    }
  }
  return c;
}

const GEMM_SIZES: [number, number, number][] = [
  [8, 8, 8], // the smallest that goes to wasm
  [37, 129, 65],
  [5, 300, 520],
  [130, 7, 259], // m crosses the 120-row block
  [64, 784, 128], // the MLP's first layer: k = 784 in 4 slices of 196
  [3, 513, 1030], // k in 3 slices, n crosses the 1024-column block
  [1, 700, 33], // one row: only the edge tile
  [33, 1, 70], // k = 1
];

for (const [m, k, n] of GEMM_SIZES) {
  for (const transA of [false, true]) {
    for (const transB of [false, true]) {
      test(`wasm gemm ${m}x${k}x${n} transA=${transA} transB=${transB} matches float64 within float32 rounding, with offsets`, { skip }, () => {
        const [aOff, bOff, cOff] = [3, 5, 7];
        const a = random(aOff + m * k + 2, m * 31 + k);
        const b = random(bOff + k * n + 2, n * 17 + k);
        const c = new Float32Array(cOff + m * n + 4).fill(42);
        wasm.gemm(a, aOff, transA, b, bOff, transB, c, cOff, m, k, n);
        const tol = { atol: 2e-6 * Math.sqrt(k), rtol: 1e-5 };
        assertClose(c.subarray(cOff, cOff + m * n), naiveGemm(a, aOff, transA, b, bOff, transB, m, k, n), tol, "C");
        assertSameBits(c.subarray(0, cOff), new Array(cOff).fill(42), "before C untouched");
        assertSameBits(c.subarray(cOff + m * n), [42, 42, 42, 42], "after C untouched");
      });
    }
  }
}

for (const [m, k, n] of [[64, 784, 128], [128, 64, 784], [37, 129, 65], [33, 1, 70]] as const) {
  test(`wasm gemm ${m}x${k}x${n} with accumulate adds to C in every transpose case (k sliced or not)`, { skip }, () => {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        const a = random(m * k, m + k);
        const b = random(k * n, n + k);
        const c0 = random(m * n, 7);
        const c = c0.slice();
        wasm.gemm(a, 0, transA, b, 0, transB, c, 0, m, k, n, true);
        const expected = Array.from(naiveGemm(a, 0, transA, b, 0, transB, m, k, n), (v, i) => v + c0[i]);
        assertClose(c, expected, { atol: 2e-6 * Math.sqrt(k), rtol: 1e-5 }, `C transA=${transA} transB=${transB}`);
      }
    }
    const c = Float32Array.from([1, 2, 3]);
    wasm.gemm(new Float32Array(0), 0, false, new Float32Array(0), 0, false, c, 0, 1, 0, 3, true);
    assertSameBits(c, [1, 2, 3], "k = 0 leaves C");
  });
}

test("wasm gemm: k = 0 writes zeros, m = 0 writes nothing; float64 goes to the reference", { skip }, () => {
  const c = new Float32Array(6).fill(9);
  wasm.gemm(new Float32Array(0), 0, false, new Float32Array(0), 0, false, c, 0, 2, 0, 3);
  assertSameBits(c, [0, 0, 0, 0, 0, 0], "k = 0");
  const d = new Float32Array(2).fill(9);
  wasm.gemm(new Float32Array(0), 0, false, new Float32Array(6), 0, false, d, 0, 0, 3, 2);
  assertSameBits(d, [9, 9], "m = 0");
  const a = Float64Array.from(random(40 * 30, 1));
  const b = Float64Array.from(random(30 * 20, 2));
  const [w, j] = both(() => new Float64Array(40 * 20), (be, out) => be.gemm(a, 0, false, b, 0, true, out, 0, 40, 30, 20));
  assertSameBits(w, j, "float64 gemm");
});

test("wasm gemm propagates NaN and infinity like the definition", { skip }, () => {
  const [m, k, n] = [9, 20, 11];
  const a = random(m * k, 3);
  const b = random(k * n, 4);
  a[2 * k + 5] = NaN; // row 2 of C is NaN
  b[7 * n + 3] = Infinity; // column 3 of C is ±inf (or NaN in row 2)
  const c = new Float32Array(m * n);
  wasm.gemm(a, 0, false, b, 0, false, c, 0, m, k, n);
  for (let j = 0; j < n; j++) assert.ok(Number.isNaN(c[2 * n + j]), `C[2, ${j}] is NaN`);
  for (let i = 0; i < m; i++) if (i !== 2) assert.equal(Math.abs(c[i * n + 3]), Infinity, `C[${i}, 3] is infinite`);
});

test("wasm gemm after the arena grows (a big product between small ones) stays right", { skip }, () => {
  const small = (seed: number): void => {
    const a = random(20 * 30, seed);
    const b = random(30 * 10, seed + 1);
    const c = new Float32Array(200);
    wasm.gemm(a, 0, false, b, 0, false, c, 0, 20, 30, 10);
    assertClose(c, naiveGemm(a, 0, false, b, 0, false, 20, 30, 10), { atol: 1e-5, rtol: 1e-5 }, "small C");
  };
  small(1);
  const [m, k, n] = [700, 300, 600];
  const a = random(m * k, 5);
  const b = random(k * n, 6);
  const c = new Float32Array(m * n);
  wasm.gemm(a, 0, true, b, 0, false, c, 0, m, k, n);
  const expected = naiveGemm(a, 0, true, b, 0, false, m, k, n);
  assertClose(c, expected, { atol: 1e-4, rtol: 1e-5 }, "big C");
  small(2);
});

const EXACT_UNARY: [UnaryOp, number?, number?][] = [
  ["relu"], ["neg"], ["abs"], ["sign"], ["square"], ["reciprocal"], ["sqrt"], ["step"],
  ["clamp", -1, 2], ["clamp", -Infinity, 0.5], ["clamp", 3, 1], ["powScalar", 2],
  ["floor"], ["ceil"], ["trunc"], ["round"], ["frac"],
];

for (const n of [1, 63, 64, 1001]) {
  test(`wasm unary kernels on ${n} values match the reference bit for bit (NaN, ±inf, -0 included)`, { skip }, () => {
    const x = awkward(n, n);
    for (const [op, alpha, beta] of EXACT_UNARY) {
      const [w, j] = both(() => new Float32Array(n), (be, out) => be.unary(op, x, out, alpha, beta));
      assertSameBits(w, j, `${op}(${alpha ?? ""}, ${beta ?? ""})`);
    }
  });

  test(`wasm exp / sigmoid / tanh / leakyRelu on ${n} values are within 2 float32 ulps of the reference`, { skip }, () => {
    const x = awkward(n, n + 1);
    for (const op of ["exp", "sigmoid", "tanh", "leakyRelu", "elu", "log", "erf", "rsqrt"] as const) {
      const [w, j] = both(() => new Float32Array(n), (be, out) => be.unary(op, x, out, 0.01));
      assertUlps(w, j, 2, op);
    }
  });
}

test("wasm exp / sigmoid / tanh over their whole float32 range (overflow, underflow, subnormals)", { skip }, () => {
  const n = 200_001;
  const x = Float32Array.from({ length: n }, (_, i) => -110 + (200 * i) / (n - 1));
  for (const op of ["exp", "sigmoid", "tanh"] as const) {
    const [w, j] = both(() => new Float32Array(n), (be, out) => be.unary(op, x, out));
    assertUlps(w, j, 2, op);
  }
  const tiny = Float32Array.from({ length: 100 }, (_, i) => (i - 50) * 1e-5);
  const [w, j] = both(() => new Float32Array(100), (be, out) => be.unary("tanh", tiny, out));
  assertUlps(w, j, 1, "tanh near 0");
});

test("wasm unary in place (out === x) and on int32 / float64 input (the reference runs)", { skip }, () => {
  const x = awkward(300, 9);
  const y = x.slice();
  wasm.unary("relu", y, y);
  const ref = new Float32Array(300);
  jsBackend.unary("relu", x, ref);
  assertSameBits(y, ref, "relu in place");
  const ints = Int32Array.from({ length: 200 }, (_, i) => i - 100);
  const [w, j] = both(() => new Float32Array(200), (be, out) => be.unary("exp", ints, out));
  assertSameBits(w, j, "exp of int32");
  const f64 = Float64Array.from(random(200, 3));
  const [w64, j64] = both(() => new Float64Array(200), (be, out) => be.unary("tanh", f64, out));
  assertSameBits(w64, j64, "tanh of float64");
});

const BINARY: BinaryOp[] = ["add", "sub", "mul", "div", "maximum", "minimum", "eq", "ne", "gt", "lt", "ge", "le", "pow"];
const COMPARISONS = new Set<BinaryOp>(["eq", "ne", "gt", "lt", "ge", "le"]);

/** Contiguous strides of `shape` with 0 on the dims where `of` has size 1 (of right-aligned to shape). */
function stridesOf(of: number[], shape: number[]): number[] {
  const lead = shape.length - of.length;
  const out = new Array<number>(shape.length).fill(0);
  let s = 1;
  for (let d = shape.length - 1; d >= lead; d--) {
    if (of[d - lead] !== 1) out[d] = s;
    s *= of[d - lead];
  }
  return out;
}

const LAYOUTS: [string, number[], number[]][] = [
  ["same shape", [37, 19], [37, 19]],
  ["scalar right", [700], []],
  ["scalar left", [], [700]],
  ["row right (bias)", [64, 131], [131]],
  ["row left", [131], [64, 131]],
  ["column right", [53, 17], [53, 1]],
  ["column left", [53, 1], [53, 17]],
  ["a size-1 dim in the middle", [7, 1, 30], [7, 1, 30]],
  ["general (left to the reference)", [5, 1, 6, 7], [4, 1, 7]],
  ["outer product (left to the reference)", [30, 1], [1, 40]],
];

for (const [name, sa, sb] of LAYOUTS) {
  test(`wasm binary kernels, ${name} ${JSON.stringify(sa)} op ${JSON.stringify(sb)}: bit for bit`, { skip }, () => {
    const shape = sa.length >= sb.length
      ? sa.map((s, i) => Math.max(s, sb[i - (sa.length - sb.length)] ?? 1))
      : sb.map((s, i) => Math.max(s, sa[i - (sb.length - sa.length)] ?? 1));
    const n = shape.reduce((p, s) => p * s, 1);
    const a = awkward(sa.reduce((p, s) => p * s, 1), 11);
    const b = awkward(sb.reduce((p, s) => p * s, 1), 12);
    b[1 % b.length] = a[1 % a.length]; // a tie
    const aStr = stridesOf(sa, shape);
    const bStr = stridesOf(sb, shape);
    for (const op of BINARY) {
      const make = (): TypedArray => (COMPARISONS.has(op) ? new Int32Array(n) : new Float32Array(n));
      const [w, j] = both(make, (be, out) => be.binary(op, a, aStr, b, bStr, out, shape));
      if (op === "pow") assertUlps(w, j, 1, op);
      else assertSameBits(w, j, op);
    }
  });
}

test("wasm binary: int32 operands (a relu mask), a float64 0-d scalar, in place (out === a)", { skip }, () => {
  const g = random(64 * 128, 1);
  const mask = Int32Array.from({ length: 64 * 128 }, (_, i) => (i * 7) % 3 === 0 ? 1 : 0);
  const [w, j] = both(() => new Float32Array(64 * 128), (be, out) => be.binary("mul", g, [128, 1], mask, [128, 1], out, [64, 128]));
  assertSameBits(w, j, "g * mask");
  const half = new Float64Array([0.5]);
  const [ws, js] = both(() => new Float32Array(64 * 128), (be, out) => be.binary("mul", g, [128, 1], half, [0, 0], out, [64, 128]));
  assertSameBits(ws, js, "g * float64 scalar");
  const bias = random(128, 2);
  const y = random(64 * 128, 3);
  const ref = y.slice();
  wasm.binary("add", y, [128, 1], bias, [0, 1], y, [64, 128]);
  jsBackend.binary("add", ref, [128, 1], bias, [0, 1], ref, [64, 128]);
  assertSameBits(y, ref, "y += bias in place");
});

test("collapse merges contiguous and broadcast runs and drops size-1 dims", () => {
  assert.deepEqual(collapse([2, 3, 4], [12, 4, 1], [12, 4, 1]), [[24], [1], [1]]);
  assert.deepEqual(collapse([64, 128], [128, 1], [0, 1]), [[64, 128], [128, 1], [0, 1]]);
  assert.deepEqual(collapse([4, 1, 5, 6], [30, 0, 6, 1], [0, 0, 0, 0]), [[120], [1], [0]]);
  assert.deepEqual(collapse([4, 5, 6], [30, 6, 1], [0, 1, 0]), [[4, 5, 6], [30, 6, 1], [0, 1, 0]]);
  assert.deepEqual(collapse([1, 1], [0, 0], [0, 0]), [[], [], []]);
});

const REDUCE_SHAPES: [number, number, number][] = [
  [1, 1001, 1], [37, 19, 1], [64, 10, 1], [3, 1, 1], [2, 0, 3], // along rows (and an empty axis)
  [1, 64, 128], [5, 17, 13], [3, 40, 4], [2, 33, 2], [1, 7, 1001], // along columns
];

for (const [outer, size, inner] of REDUCE_SHAPES) {
  test(`wasm reduce sum / max / min over [${outer}, ${size}, ${inner}] matches the reference`, { skip }, () => {
    const x = random(outer * size * inner, outer * 7 + size, 10);
    for (const op of ["sum", "max", "min"] as const) {
      const [w, j] = both(() => new Float32Array(outer * inner), (be, out) => be.reduce(op, x, out, outer, size, inner));
      if (op === "sum") assertClose(w, j, { atol: 1e-6, rtol: 1e-6 }, op);
      else assertSameBits(w, j, op);
    }
  });

  test(`wasm softmax and log-softmax over [${outer}, ${size}, ${inner}] match the reference`, { skip }, () => {
    const x = random(outer * size * inner, outer * 5 + size, 20);
    for (const log of [false, true]) {
      const [w, j] = both(() => new Float32Array(outer * size * inner), (be, out) => be.softmax(x, out, outer, size, inner, log));
      assertClose(w, j, { atol: 1e-6, rtol: 2e-6 }, log ? "log-softmax" : "softmax");
    }
  });
}

for (const [outer, size, inner] of [[300, 10, 1], [1, 1001, 1], [4, 50, 7], [2, 3, 100]] as const) {
  test(`wasm argmax / argmin over [${outer}, ${size}, ${inner}]: the first on ties, the first NaN wins`, { skip }, () => {
    const r = lcg(size);
    // few distinct values, so ties are common; a NaN in some slices
    const x = Float32Array.from({ length: outer * size * inner }, () => Math.round(r() * 6));
    for (let i = 0; i < x.length; i += 97) x[i] = NaN;
    x[x.length - 1] = Infinity;
    for (const op of ["max", "min"] as const) {
      const [w, j] = both(() => new Int32Array(outer * inner), (be, out) => be.argReduce(op, x, out as Int32Array, outer, size, inner));
      assertSameBits(w, j, `arg${op}`);
    }
  });
}

test("wasm reduce: NaN wins max / min / sum, infinities count", { skip }, () => {
  for (const [outer, size, inner] of [[4, 50, 1], [1, 50, 4], [2, 9, 8]] as const) {
    const x = random(outer * size * inner, 3, 4);
    x[5] = NaN; // in slice (0, ...)
    x[outer * size * inner - 3] = Infinity;
    x[outer * size * inner - 7] = -Infinity;
    for (const op of ["sum", "max", "min"] as const) {
      const [w, j] = both(() => new Float32Array(outer * inner), (be, out) => be.reduce(op, x, out, outer, size, inner));
      assertClose(w, j, { atol: 1e-6, rtol: 1e-6 }, `${op} [${outer}, ${size}, ${inner}]`);
    }
  }
});

/** Rows of 5 logits with a NaN, a +inf, all -inf, some -inf, and values far from 0. */
const SOFTMAX_SPECIALS = [
  [1, 2, NaN, 4, 5],
  [1, Infinity, 3, 4, 5],
  [-Infinity, -Infinity, -Infinity, -Infinity, -Infinity],
  [-Infinity, 0, 0, -Infinity, 1],
  [1000, 1001, 1002, -1000, 0],
];

test("wasm softmax: NaN, +inf and all -inf rows give NaN, -inf entries give 0, like the reference", { skip }, () => {
  const x = Float32Array.from(Array.from({ length: 8 }, () => SOFTMAX_SPECIALS).flat(2)); // 40 rows of 5: past the size threshold
  for (const log of [false, true]) {
    const [w, j] = both(() => new Float32Array(x.length), (be, out) => be.softmax(x, out, 40, 5, 1, log));
    assertClose(w, j, { atol: 1e-6, rtol: 2e-6 }, log ? "log-softmax" : "softmax");
    const [wc, jc] = both(() => new Float32Array(x.length), (be, out) => be.softmax(x, out, 1, 8, 25, log));
    assertClose(wc, jc, { atol: 1e-6, rtol: 2e-6 }, log ? "log-softmax columns" : "softmax columns");
  }
});

test("wasm kernels on tiny sizes (thresholds at 0, so nothing goes back to JS): 1 to 9 elements, every tail", { skip }, () => {
  const saved = { ...thresholds };
  Object.assign(thresholds, { gemmMacs: 0, elementwise: 0, transcendental: 0, argReduce: 0 });
  try {
    for (let n = 1; n <= 9; n++) {
      const x = awkward(n, n);
      const y = awkward(n, n + 50);
      for (const [op, alpha, beta] of EXACT_UNARY) {
        const [w, j] = both(() => new Float32Array(n), (be, out) => be.unary(op, x, out, alpha, beta));
        assertSameBits(w, j, `${op} n=${n}`);
      }
      for (const op of ["exp", "sigmoid", "tanh"] as const) {
        const [w, j] = both(() => new Float32Array(n), (be, out) => be.unary(op, x, out));
        assertUlps(w, j, 2, `${op} n=${n}`);
      }
      for (const op of BINARY) {
        const make = (): TypedArray => (COMPARISONS.has(op) ? new Int32Array(n) : new Float32Array(n));
        const [w, j] = both(make, (be, out) => be.binary(op, x, [1], y, [1], out, [n]));
        assertUlps(w, j, op === "pow" ? 1 : 0, `${op} n=${n}`);
        const [wr, jr] = both(() => (COMPARISONS.has(op) ? new Int32Array(3 * n) : new Float32Array(3 * n)), (be, out) => be.binary(op, random(3 * n, n), [n, 1], y, [0, 1], out, [3, n]));
        assertUlps(wr, jr, op === "pow" ? 1 : 0, `${op} rows n=${n}`);
      }
      for (const [outer, size, inner] of [[1, n, 1], [3, n, 1], [2, 3, n], [n, 2, 1]]) {
        const v = random(outer * size * inner, n + 7, 5);
        for (const op of ["sum", "max", "min"] as const) {
          const [w, j] = both(() => new Float32Array(outer * inner), (be, out) => be.reduce(op, v, out, outer, size, inner));
          assertClose(w, j, { atol: 1e-6, rtol: 1e-6 }, `${op} [${outer}, ${size}, ${inner}]`);
        }
        for (const op of ["max", "min"] as const) {
          const [w, j] = both(() => new Int32Array(outer * inner), (be, out) => be.argReduce(op, v, out, outer, size, inner));
          assertSameBits(w, j, `arg${op} [${outer}, ${size}, ${inner}]`);
        }
        for (const log of [false, true]) {
          const [w, j] = both(() => new Float32Array(outer * size * inner), (be, out) => be.softmax(v, out, outer, size, inner, log));
          assertClose(w, j, { atol: 1e-6, rtol: 2e-6 }, `softmax log=${log} [${outer}, ${size}, ${inner}]`);
        }
      }
      for (const [m, k, p] of [[n, 1, 1], [1, n, 2], [2, 3, n], [n, n, n]]) {
        const a = random(m * k, n);
        const b = random(k * p, n + 1);
        const c = new Float32Array(m * p);
        wasm.gemm(a, 0, n % 2 === 0, b, 0, n % 3 === 0, c, 0, m, k, p);
        assertClose(c, naiveGemm(a, 0, n % 2 === 0, b, 0, n % 3 === 0, m, k, p), { atol: 1e-6, rtol: 1e-5 }, `gemm ${m}x${k}x${p}`);
      }
    }
  } finally {
    Object.assign(thresholds, saved);
  }
});

test("wasm fused kernels: relu's gradient, the bias epilogue and gradient match the reference bit for bit", { skip }, () => {
  for (const [rows, cols] of [[64, 128], [7, 33], [1, 300], [300, 1]]) {
    const n = rows * cols;
    const x = awkward(n, rows);
    const g = awkward(n, cols);
    const [w, j] = both(() => new Float32Array(n), (be, out) => be.unaryBackward("relu", x, null, g, out));
    assertSameBits(w, j, `relu backward ${rows}x${cols}`);
    const bias = random(cols, 3);
    const [wy, jy] = both(() => random(n, 4), (be, y) => be.addRowBias(y, bias, rows, cols));
    assertSameBits(wy, jy, `addRowBias ${rows}x${cols}`);
    const [ws, js] = both(() => new Float32Array(cols), (be, out) => be.sumRows(x, out, rows, cols));
    assertSameBits(ws, js, `sumRows ${rows}x${cols}`);
  }
});

test("wasm sgdUpdate matches the reference bit for bit, with and without momentum (the rest is the reference's)", { skip }, () => {
  const base = { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, firstStep: false };
  const cases = [
    base,
    { ...base, maximize: true, lr: 0.0123 },
    { ...base, momentum: 0.9 },
    { ...base, momentum: 0.9, dampening: 0.1, maximize: true },
    { ...base, momentum: 0.9, firstStep: true },
    { ...base, momentum: 0.9, nesterov: true, weightDecay: 1e-4 },
    { ...base, weightDecay: 0.01 },
  ];
  for (const n of [1001, 100_352]) {
    for (const h of cases) {
      const g = random(n, n + 1);
      const run = (be: Backend): [Float32Array, Float32Array] => {
        const w = random(n, n);
        const buf = random(n, n + 2);
        for (let step = 0; step < 3; step++) be.sgdUpdate(w, g, h.momentum === 0 ? null : buf, h);
        return [w, buf];
      };
      const [ww, wb] = run(wasm);
      const [jw, jb] = run(jsBackend);
      assertSameBits(ww, jw, `param ${JSON.stringify(h)}`);
      assertSameBits(wb, jb, `momentum buffer ${JSON.stringify(h)}`);
    }
  }
});

test("wasm adamUpdate (float32 arithmetic) matches the reference within float32 rounding, the same on both SIMD tiers: Adam, AdamW, AMSGrad, maximize, L2, NaN and infinities", { skip }, () => {
  const plain = makeWasmBackend(loadWasm("wasm-simd").module as NonNullable<ReturnType<typeof loadWasm>["module"]>);
  const base = { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step: 1 };
  const cases = [
    base,
    { ...base, weightDecay: 0.01 },
    { ...base, weightDecay: 0.01, decoupled: true, lr: 0.0123 },
    { ...base, maximize: true, beta1: 0.5, beta2: 0.25, eps: 1e-3 },
  ];
  for (const n of [1001, 100_352]) {
    for (const h of cases) {
      for (const amsgrad of [false, true]) {
        const g = random(n, n + 1);
        g[3] = NaN;
        g[5] = Infinity;
        const run = (be: Backend): Float32Array[] => {
          const [w, m, v, vMax] = [random(n, n), new Float32Array(n), new Float32Array(n), new Float32Array(n)];
          w[7] = -Infinity;
          for (let step = 1; step <= 3; step++) be.adamUpdate(w, g, m, v, amsgrad ? vMax : null, { ...h, step });
          return [w, m, v, vMax];
        };
        const [wasmOut, plainOut, jsOut] = [run(wasm), run(plain), run(jsBackend)];
        ["param", "expAvg", "expAvgSq", "maxExpAvgSq"].forEach((what, i) => {
          const label = `${what} n=${n} amsgrad=${amsgrad} ${JSON.stringify(h)}`;
          assertClose(wasmOut[i], jsOut[i], { atol: 1e-7, rtol: 1e-5 }, label);
          assertSameBits(wasmOut[i], plainOut[i], `${label}, relaxed against plain SIMD`);
        });
      }
    }
  }
});

test("wasm cdist matches the float64 reference within float32 rounding, L1 and L2, odd sizes and d tails", { skip }, () => {
  for (const [n, m, d] of [[37, 130, 784], [5, 9, 7], [3, 5, 4], [64, 3, 33], [1, 600, 2]] as const) {
    const a = random(n * d, n + d);
    const b = random(m * d, m + d);
    b.set(a.subarray(0, d), d); // row 1 of b is row 0 of a
    for (const p of [1, 2] as const) {
      const [w, j] = both(() => new Float32Array(n * m), (be, out) => be.cdist(a, b, out, n, m, d, p));
      assertClose(w, j, { atol: 1e-6 * Math.sqrt(d), rtol: 2e-6 }, `cdist p=${p} ${n}x${m}x${d}`);
      assert.equal(w[1], 0, "identical rows are exactly 0 apart");
    }
  }
  const c = Float32Array.from({ length: 16 * 5 }, (_, i) => i % 7); // 16 rows of 5: past the gemm threshold
  c[5] = NaN;
  c[17] = Infinity;
  for (const p of [1, 2] as const) {
    const [w, j] = both(() => new Float32Array(16 * 16), (be, out) => be.cdist(c, c, out, 16, 16, 5, p));
    assert.deepEqual(Array.from(w, Number.isNaN), Array.from(j, Number.isNaN), `NaN pattern p=${p}`);
    assert.deepEqual(Array.from(w, (v) => v === Infinity), Array.from(j, (v) => v === Infinity), `infinities p=${p}`);
  }
});

test("an engine that refuses synchronous compiles (a browser's main thread may) gets the module from a promise", { skip }, async () => {
  const syncModule = WebAssembly.Module;
  const refusing = function Module(): never {
    throw new RangeError("WebAssembly.Module is disallowed on the main thread, if the buffer size is larger than 4KB");
  };
  (WebAssembly as { Module: unknown }).Module = refusing;
  let loaded: ReturnType<typeof loadWasm>;
  try {
    loaded = loadWasm(undefined, 2);
  } finally {
    (WebAssembly as { Module: unknown }).Module = syncModule;
  }
  assert.equal(loaded.module, null, "no module yet: the registry runs js meanwhile");
  assert.ok(loaded.later !== null);
  const mod = await loaded.later;
  assert.equal(mod.pool, null, "one thread");
  assert.equal(mod.parallel, null, "and no pool");
  const be = makeWasmBackend(mod);
  const a = random(64 * 33, 1);
  const b = random(33 * 20, 2);
  const [w, j] = [new Float32Array(64 * 20), new Float32Array(64 * 20)];
  be.gemm(a, 0, false, b, 0, false, w, 0, 64, 33, 20);
  jsBackend.gemm(a, 0, false, b, 0, false, j, 0, 64, 33, 20);
  assertClose(w, j, { atol: 1e-5, rtol: 1e-5 }, "a gemm on the module compiled asynchronously");
});

test("wasm softmaxCrossEntropy (log-softmax kernel, losses at the targets, exp in place) matches the reference, specials included", { skip }, () => {
  const cases: [string, Float32Array, number, number][] = [
    ["64 x 10", random(640, 3, 4), 64, 10],
    ["3 x 1000", random(3000, 4, 8), 3, 1000],
    ["specials", Float32Array.from(Array.from({ length: 8 }, () => SOFTMAX_SPECIALS).flat(2)), 40, 5],
  ];
  for (const [what, logits, rows, classes] of cases) {
    const targets = Int32Array.from({ length: rows }, (_, r) => (r * 7) % classes);
    const run = (be: Backend): [Float32Array, Float32Array, number] => {
      const probs = new Float32Array(rows * classes);
      const loss = new Float32Array(rows);
      return [probs, loss, be.softmaxCrossEntropy(logits, targets, probs, loss, rows, classes)];
    };
    const [wp, wl, wt] = run(wasm);
    const [jp, jl, jt] = run(jsBackend);
    assertClose(wp, jp, { atol: 1e-6, rtol: 2e-6 }, `${what} probabilities`);
    assertClose(wl, jl, { atol: 1e-5, rtol: 2e-6 }, `${what} losses`);
    assertClose([wt], [jt], { atol: 1e-4, rtol: 2e-6 }, `${what} total`);
  }
});

test("wasm backend: kernels it has no wasm version of are the reference's", { skip }, () => {
  assert.equal(wasm.copyStrided, jsBackend.copyStrided);
  assert.equal(wasm.softmaxCrossEntropyBackward, jsBackend.softmaxCrossEntropyBackward);
  assert.match(wasm.name, /^wasm-(relaxed-)?simd( x[0-9]+)?$/);
});

test("wasm round / floor / ceil / trunc / frac on halves match the reference bit for bit (ties to even)", { skip }, () => {
  const x = Float32Array.from({ length: 256 }, (_, i) => (i - 128) / 2 + (i % 3 === 0 ? 0.25 : 0));
  for (const op of ["round", "floor", "ceil", "trunc", "frac"] as const) {
    const [w, j] = both(() => new Float32Array(256), (be, out) => be.unary(op, x, out));
    assertSameBits(w, j, op);
  }
});
