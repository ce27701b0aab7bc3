/**
 * The fused kernels against naive references written from their definitions (in float64): activation
 * gradients, linear's bias epilogue and column sums, softmax + cross-entropy forward and backward,
 * the SGD / Adam updates (against PyTorch's algorithm written out, for several steps), pairwise
 * distances and their gradients. Shape edges (0 rows, 1 column, sizes around the 4 x 4 blocks), NaN
 * and infinities. Run on the plain-TS reference and, when another backend is active, on it too.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { type Backend, jsBackend, kernels } from "../../src/backend/index.ts";
import type { AdamHyper, SGDHyper, UnaryGradOp } from "../../src/backend/backend.ts";
import { erf } from "../../src/backend/erf.ts";
import type { TypedArray } from "../../src/tensor/dtype.ts";
import { lcg } from "../helpers/arrays.ts";
import { type Tolerance, assertClose } from "../helpers/parity.ts";

const BACKENDS: Backend[] = kernels() === jsBackend ? [jsBackend] : [jsBackend, kernels()];

const F64: Tolerance = { atol: 1e-14, rtol: 1e-12 };
const F32: Tolerance = { atol: 1e-6, rtol: 1e-5 };

function filled<T extends TypedArray>(arr: T, seed: number, scale = 6): T {
  const r = lcg(seed);
  for (let i = 0; i < arr.length; i++) arr[i] = r() * scale;
  return arr;
}

type FloatArray = Float32Array | Float64Array;
const FLOATS: [string, (n: number) => FloatArray, Tolerance][] = [
  ["float64", (n) => new Float64Array(n), F64],
  ["float32", (n) => new Float32Array(n), F32],
];

// ---- activation gradients

const SPECIAL = [0, -0, 1e-30, -1e-30, Infinity, -Infinity, NaN, 30, -30];

// the nn.functional activations' gradients are checked against PyTorch in test/nn/activation_more.test.ts
const ACT: Partial<Record<UnaryGradOp, { alpha: number; f: (x: number) => number; df: (x: number) => number; reads: "x" | "y" | "xy" }>> = {
  relu: { alpha: 0, f: (x) => (x > 0 || x !== x ? x : 0), df: (x) => (x > 0 || x !== x ? 1 : 0), reads: "x" },
  leakyRelu: { alpha: 0.2, f: (x) => (x > 0 ? x : 0.2 * x), df: (x) => (x > 0 ? 1 : 0.2), reads: "x" },
  elu: { alpha: 1.5, f: (x) => (x > 0 ? x : 1.5 * Math.expm1(x)), df: (x) => (x > 0 || x !== x ? 1 : 1.5 * Math.exp(x)), reads: "xy" },
  sigmoid: { alpha: 0, f: (x) => 1 / (1 + Math.exp(-x)), df: (x) => Math.exp(-x) / (1 + Math.exp(-x)) ** 2, reads: "y" },
  tanh: { alpha: 0, f: Math.tanh, df: (x) => 1 / Math.cosh(x) ** 2, reads: "y" },
  gelu: {
    alpha: 0,
    f: (x) => x * 0.5 * (1 + erf(x / Math.SQRT2)),
    df: (x) => 0.5 * (1 + erf(x / Math.SQRT2)) + (x * Math.exp(-x * x / 2)) / Math.sqrt(2 * Math.PI),
    reads: "x",
  },
};

for (const be of BACKENDS) {
  for (const [op, spec] of Object.entries(ACT) as [UnaryGradOp, NonNullable<(typeof ACT)[UnaryGradOp]>][]) {
    for (const [dtype, make, tol] of FLOATS) {
      for (const n of [0, 1, 7, 1001]) {
        test(`${be.name} unaryBackward ${op} ${dtype} n=${n}`, () => {
          const x = filled(make(n), n + 3);
          const y = make(n);
          for (let i = 0; i < n; i++) y[i] = spec.f(x[i]);
          const g = filled(make(n), n + 4, 2);
          const out = make(n).fill(123);
          be.unaryBackward(op, spec.reads === "y" ? null : x, spec.reads === "x" ? null : y, g, out, spec.alpha);
          const expected = Array.from(x, (v, i) => g[i] * spec.df(v));
          assertClose(out, expected, tol, op);
        });
      }
    }
    test(`${be.name} unaryBackward ${op} at 0, ±tiny, ±inf, NaN, ±30`, () => {
      const x = Float64Array.from(SPECIAL);
      const y = x.map(spec.f);
      const g = new Float64Array(x.length).fill(3);
      const out = new Float64Array(x.length);
      be.unaryBackward(op, x, y, g, out, spec.alpha);
      for (let i = 0; i < x.length; i++) {
        const v = x[i];
        // the derivative's own value, or its limit where the formula through y is 0 * inf
        const e = 3 * spec.df(v);
        if (Number.isNaN(e)) {
          if (op === "sigmoid" || op === "tanh" || op === "gelu") assert.ok(Number.isNaN(out[i]) || out[i] === 0, `${op}(${v})`);
          else assert.ok(Number.isNaN(out[i]), `${op}(${v}) should be NaN, got ${out[i]}`);
        } else assertClose([out[i]], [e], F64, `${op}'(${v})`);
      }
    });
  }

  test(`${be.name} unaryBackward relu follows PyTorch: g passes at NaN x, 0 (not NaN) where x <= 0 even for a NaN g`, () => {
    const x = new Float64Array([NaN, -1, 0, 2]);
    const g = new Float64Array([5, NaN, Infinity, NaN]);
    const out = new Float64Array(4);
    be.unaryBackward("relu", x, null, g, out);
    assert.deepEqual(Array.from(out), [5, 0, 0, NaN]);
  });

  test(`${be.name} unaryBackward leakyRelu with non-finite g or slope: x > 0 ? g : g * slope, element by element`, () => {
    const out = new Float64Array(4);
    be.unaryBackward("leakyRelu", new Float64Array([-1, 2, NaN, -0]), null, new Float64Array([Infinity, NaN, 3, 2]), out, 0.1);
    assert.deepEqual(Array.from(out), [Infinity, NaN, 3 * 0.1, 2 * 0.1]);
    const o2 = new Float64Array(2);
    be.unaryBackward("leakyRelu", new Float64Array([2, -1]), null, new Float64Array([1, 1]), o2, Infinity);
    assert.deepEqual(Array.from(o2), [1, Infinity]);
  });

  test(`${be.name} unaryBackward relu writes 0, not -0, for a negative g where x <= 0`, () => {
    const out = new Float32Array(3);
    be.unaryBackward("relu", new Float32Array([-1, 0, 1]), null, new Float32Array([-2, -3, -4]), out);
    assert.deepEqual(Array.from(out), [0, 0, -4]);
    assert.ok(Object.is(out[0], 0) && Object.is(out[1], 0));
  });

  // ---- linear's bias epilogue and bias gradient

  for (const [rows, cols] of [[0, 3], [1, 1], [5, 1], [3, 7], [5, 13], [2, 8], [64, 128]]) {
    for (const [dtype, make] of FLOATS) {
      test(`${be.name} addRowBias and sumRows ${rows}x${cols} ${dtype}`, () => {
        const y = filled(make(rows * cols), rows + cols);
        const bias = filled(make(cols), cols + 1);
        const expected = Array.from(y, (v, i) => v + bias[i % cols]);
        be.addRowBias(y, bias, rows, cols);
        assertClose(y, dtype === "float32" ? expected.map(Math.fround) : expected, { atol: 0, rtol: 0 }, "y + b");
        const sums = make(cols).fill(99);
        be.sumRows(y, sums, rows, cols);
        const viaReduce = make(cols);
        jsBackend.reduce("sum", y, viaReduce, 1, rows, cols);
        assert.deepEqual(Array.from(sums), Array.from(viaReduce), "the same sums as reduce(sum) over the rows");
      });
    }
  }

  test(`${be.name} addRowBias / sumRows propagate NaN and infinity per column`, () => {
    const y = new Float64Array([1, 2, 3, 4, 5, 6]);
    be.addRowBias(y, new Float64Array([NaN, Infinity, 0]), 2, 3);
    assert.ok(Number.isNaN(y[0]) && Number.isNaN(y[3]));
    assert.deepEqual([y[1], y[2], y[4], y[5]], [Infinity, 3, Infinity, 6]);
    const s = new Float64Array(3);
    be.sumRows(new Float64Array([1, Infinity, NaN, 2, -Infinity, 1]), s, 2, 3);
    assert.ok(Number.isNaN(s[1]) && Number.isNaN(s[2]));
    assert.equal(s[0], 3);
  });

  // ---- softmax + cross-entropy

  for (const [rows, classes] of [[1, 1], [1, 5], [64, 10], [7, 3]]) {
    for (const [dtype, make, tol] of FLOATS) {
      test(`${be.name} softmaxCrossEntropy forward and backward ${rows}x${classes} ${dtype}`, () => {
        const x = filled(make(rows * classes), rows * classes, 20);
        const t = Int32Array.from({ length: rows }, (_, r) => (r * 7 + 3) % classes);
        const probs = make(rows * classes);
        const loss = make(rows);
        const total = be.softmaxCrossEntropy(x, t, probs, loss, rows, classes);
        const eProbs: number[] = [];
        const eLoss: number[] = [];
        for (let r = 0; r < rows; r++) {
          const row = Array.from(x.subarray(r * classes, (r + 1) * classes));
          const max = Math.max(...row);
          const z = row.reduce((s, v) => s + Math.exp(v - max), 0);
          eProbs.push(...row.map((v) => Math.exp(v - max) / z));
          eLoss.push(Math.log(z) + max - row[t[r]]);
        }
        assertClose(probs, eProbs, tol, "probs");
        assertClose(loss, eLoss, tol, "loss");
        assertClose([total], [eLoss.reduce((a, b) => a + b, 0)], tol, "total");
        // backward, one gradient shared by every row (mean / sum) and one per row (none)
        const out = make(rows * classes);
        const gShared = make(1).fill(0.5);
        be.softmaxCrossEntropyBackward(probs, t, gShared, 1 / rows, out, rows, classes);
        const onehot = (i: number): number => (i % classes === t[Math.floor(i / classes)] ? 1 : 0);
        assertClose(out, eProbs.map((p, i) => (p - onehot(i)) * 0.5 / rows), tol, "grad (shared g)");
        const gRows = filled(make(rows), 9, 4);
        be.softmaxCrossEntropyBackward(probs, t, gRows, 1, out, rows, classes);
        assertClose(out, eProbs.map((p, i) => (p - onehot(i)) * gRows[Math.floor(i / classes)]), tol, "grad (per-row g)");
      });
    }
  }

  test(`${be.name} softmaxCrossEntropy is finite for huge logits and for -inf in other classes; NaN and +inf give NaN`, () => {
    const x = new Float64Array([1000, -1000, 0, /**/ 0, -Infinity, 2, /**/ NaN, 0, 0, /**/ Infinity, 0, 0]);
    const t = new Int32Array([0, 2, 1, 1]);
    const probs = new Float64Array(12);
    const loss = new Float64Array(4);
    const total = be.softmaxCrossEntropy(x, t, probs, loss, 4, 3);
    assertClose([loss[0], loss[1]], [0, Math.log(1 + Math.exp(-2))], F64, "finite rows");
    assert.equal(probs[4], 0);
    assert.ok(Number.isNaN(loss[2]) && Number.isNaN(loss[3]) && Number.isNaN(total));
    const g = new Float64Array(12);
    be.softmaxCrossEntropyBackward(probs, t, new Float64Array([1]), 1, g, 4, 3);
    assert.ok(g.subarray(0, 6).every(Number.isFinite));
  });

  // ---- optimizer updates, for several steps against the algorithms written out

  const sgdCases: Omit<SGDHyper, "firstStep">[] = [
    { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
    { lr: 0.05, momentum: 0, dampening: 0, weightDecay: 0.01, nesterov: false, maximize: true },
    { lr: 0.1, momentum: 0.9, dampening: 0, weightDecay: 0, nesterov: false, maximize: false },
    { lr: 0.1, momentum: 0.9, dampening: 0.3, weightDecay: 0.02, nesterov: false, maximize: false },
    { lr: 0.01, momentum: 0.8, dampening: 0, weightDecay: 0.1, nesterov: true, maximize: true },
  ];
  for (const h of sgdCases) {
    for (const [dtype, make] of FLOATS) {
      test(`${be.name} sgdUpdate ${dtype} ${JSON.stringify(h)}: 3 steps as PyTorch's algorithm`, () => {
        const n = 37;
        const w = filled(make(n), 1);
        const buf = h.momentum === 0 ? null : make(n);
        const ew = Array.from(w);
        const eb = new Array<number>(n).fill(0);
        const round = dtype === "float32" ? Math.fround : (v: number) => v;
        for (let step = 1; step <= 3; step++) {
          const g = filled(make(n), 10 + step);
          be.sgdUpdate(w, g, buf, { ...h, firstStep: step === 1 });
          for (let i = 0; i < n; i++) {
            let d = h.maximize ? -g[i] : g[i];
            if (h.weightDecay !== 0) d = d + h.weightDecay * ew[i];
            if (h.momentum !== 0) {
              eb[i] = round(step === 1 ? d : h.momentum * eb[i] + (1 - h.dampening) * d);
              d = h.nesterov ? d + h.momentum * eb[i] : eb[i];
            }
            ew[i] = round(ew[i] - h.lr * d);
          }
        }
        assert.deepEqual(Array.from(w), ew, "parameters: the same numbers, bit for bit");
        if (buf !== null) assert.deepEqual(Array.from(buf), eb, "momentum buffer");
      });
    }
  }

  const adamCases: Omit<AdamHyper, "step">[] = [
    { lr: 1e-3, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false },
    { lr: 1e-2, beta1: 0.8, beta2: 0.99, eps: 1e-6, weightDecay: 0.1, decoupled: false, maximize: true },
    { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0.01, decoupled: true, maximize: false },
  ];
  for (const h of adamCases) {
    for (const amsgrad of [false, true]) {
      test(`${be.name} adamUpdate float64 amsgrad=${amsgrad} ${JSON.stringify(h)}: 4 steps as PyTorch's algorithm`, () => {
        const n = 29;
        const w = filled(new Float64Array(n), 2);
        const m = new Float64Array(n);
        const v = new Float64Array(n);
        const vMax = amsgrad ? new Float64Array(n) : null;
        const ew = Array.from(w);
        const em = new Array<number>(n).fill(0);
        const ev = new Array<number>(n).fill(0);
        const evMax = new Array<number>(n).fill(0);
        for (let step = 1; step <= 4; step++) {
          const g = filled(new Float64Array(n), 20 + step);
          if (step === 3) g[5] = 0;
          be.adamUpdate(w, g, m, v, vMax, { ...h, step });
          for (let i = 0; i < n; i++) {
            let gi = h.maximize ? -g[i] : g[i];
            if (!h.decoupled && h.weightDecay !== 0) gi += h.weightDecay * ew[i];
            if (h.decoupled) ew[i] *= 1 - h.lr * h.weightDecay;
            em[i] = em[i] * h.beta1 + (1 - h.beta1) * gi;
            ev[i] = ev[i] * h.beta2 + (1 - h.beta2) * gi * gi;
            evMax[i] = Math.max(evMax[i], ev[i]);
            const denom = Math.sqrt(amsgrad ? evMax[i] : ev[i]) / Math.sqrt(1 - h.beta2 ** step) + h.eps;
            ew[i] = ew[i] - (h.lr / (1 - h.beta1 ** step)) * (em[i] / denom);
          }
        }
        assert.deepEqual(Array.from(w), ew, "parameters: the same numbers, bit for bit");
        assert.deepEqual(Array.from(m), em);
        assert.deepEqual(Array.from(v), ev);
        if (vMax !== null) assert.deepEqual(Array.from(vMax), evMax);
      });
    }
  }

  test(`${be.name} adamUpdate float32 stays within float32 rounding of the float64 update`, () => {
    const n = 50;
    const h: AdamHyper = { lr: 1e-2, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step: 1 };
    const w32 = filled(new Float32Array(n), 3);
    const w64 = Float64Array.from(w32);
    const g32 = filled(new Float32Array(n), 4);
    be.adamUpdate(w32, g32, new Float32Array(n), new Float32Array(n), null, h);
    be.adamUpdate(w64, Float64Array.from(g32), new Float64Array(n), new Float64Array(n), null, h);
    assertClose(w32, w64, F32, "w");
  });

  test(`${be.name} sgdUpdate / adamUpdate propagate NaN gradients into the parameter`, () => {
    const w = new Float64Array([1, 2]);
    be.sgdUpdate(w, new Float64Array([NaN, 1]), null, { lr: 0.1, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, firstStep: false });
    assert.ok(Number.isNaN(w[0]));
    assert.equal(w[1], 1.9);
    const w2 = new Float64Array([1, 2]);
    const vMax = new Float64Array(2);
    be.adamUpdate(w2, new Float64Array([NaN, 1]), new Float64Array(2), new Float64Array(2), vMax, { lr: 0.1, beta1: 0.9, beta2: 0.999, eps: 1e-8, weightDecay: 0, decoupled: false, maximize: false, step: 1 });
    assert.ok(Number.isNaN(w2[0]) && Number.isNaN(vMax[0]));
    assert.ok(Number.isFinite(w2[1]));
  });

  // ---- pairwise distances

  const naiveCdist = (a: ArrayLike<number>, b: ArrayLike<number>, n: number, m: number, d: number, p: 1 | 2): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < m; j++) {
        let s = 0;
        for (let k = 0; k < d; k++) s += p === 1 ? Math.abs(a[i * d + k] - b[j * d + k]) : (a[i * d + k] - b[j * d + k]) ** 2;
        out.push(p === 1 ? s : Math.sqrt(s));
      }
    }
    return out;
  };

  for (const [n, m, d] of [[1, 1, 1], [4, 4, 3], [5, 7, 3], [9, 4, 0], [0, 3, 2], [3, 0, 2], [13, 17, 33]]) {
    for (const p of [1, 2] as const) {
      for (const [dtype, make, tol] of FLOATS) {
        test(`${be.name} cdist p=${p} ${n}x${m}x${d} ${dtype} and its gradients`, () => {
          const a = filled(make(n * d), n * 13 + d);
          const b = filled(make(m * d), m * 7 + d + 1);
          if (n > 2 && m > 2) b.set(a.subarray(2 * d, 3 * d), d); // a duplicated row: distance 0
          const out = make(n * m).fill(7);
          be.cdist(a, b, out, n, m, d, p);
          const expected = naiveCdist(a, b, n, m, d, p);
          assertClose(out, expected, tol, "distances");
          if (n > 2 && m > 2) assert.equal(out[2 * m + 1], 0, "identical rows are 0 apart");
          // gradients: w_ij = g_ij * (a_i - b_j) / dist (p = 2; 0 at dist 0) or g_ij * sign(a_i - b_j)
          const g = filled(make(n * m), 5, 2);
          const ga = make(n * d).fill(9);
          const gb = make(m * d).fill(9);
          be.cdistBackward(a, b, out, g, ga, gb, n, m, d, p);
          const ea = new Array<number>(n * d).fill(0);
          const eb = new Array<number>(m * d).fill(0);
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < m; j++) {
              for (let k = 0; k < d; k++) {
                const diff = a[i * d + k] - b[j * d + k];
                const w = p === 1 ? g[i * m + j] * Math.sign(diff) : out[i * m + j] === 0 ? 0 : (g[i * m + j] * diff) / out[i * m + j];
                ea[i * d + k] += w;
                eb[j * d + k] -= w;
              }
            }
          }
          assertClose(ga, ea, tol, "grad x1");
          assertClose(gb, eb, tol, "grad x2");
          const gaOnly = make(n * d);
          be.cdistBackward(a, b, out, g, gaOnly, null, n, m, d, p);
          assert.deepEqual(Array.from(gaOnly), Array.from(ga), "x1's gradient alone");
        });
      }
    }
  }

  test(`${be.name} cdist: far-apart coordinates keep small distances exact; NaN and infinity propagate`, () => {
    const a = new Float64Array([1e8, 1e8, 1e8 + 1, 1e8]);
    const out = new Float64Array(4);
    be.cdist(a, a, out, 2, 2, 2, 2);
    assert.deepEqual(Array.from(out), [0, 1, 1, 0]);
    const b = new Float64Array([NaN, 0, Infinity, 0, 0, 0]);
    const o2 = new Float64Array(3);
    for (const p of [1, 2] as const) {
      be.cdist(b, new Float64Array([0, 0]), o2, 3, 1, 2, p);
      assert.ok(Number.isNaN(o2[0]));
      assert.deepEqual([o2[1], o2[2]], [Infinity, 0]);
    }
  });
}
