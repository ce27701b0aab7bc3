import type { TypedArray } from "../tensor/dtype.ts";
import type { AdamHyper, SGDHyper, UnaryGradOp } from "./backend.ts";
import { erf } from "./erf.ts";
import { SELU_ALPHA, SELU_SCALE } from "./constants.ts";

/*
 * The plain-TypeScript reference of the fused kernels: one pass over memory for what the ops would
 * otherwise compose from several kernels and temporaries (activation gradients, linear's bias,
 * softmax + cross-entropy, the optimizers' updates, pairwise distances). Part of `jsBackend`; the
 * oracle the faster backends are tested against.
 */

const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** `out[i] = g[i] · f'(x[i])` for the activation `op`, reading x and/or y = f(x). */
export function unaryBackward(
  op: UnaryGradOp, x: TypedArray | null, y: TypedArray | null, g: TypedArray, out: TypedArray, alpha = 0, beta = 0,
): void {
  const n = g.length;
  switch (op) {
    case "relu": {
      // PyTorch's threshold_backward: 0 where relu(x) <= 0, else g (so NaN x passes g, NaN g at x < 0 gives 0).
      // The signs of x are random in practice, so a branch mispredicts half the time: multiply by the
      // 0/1 mask instead (+0 turns -0 into 0), and redo with the select only if some g is not finite.
      const xs = need(op, "x", x);
      let check = 0;
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        out[i] = gi * +!(xs[i] <= 0) + 0;
        check += gi * 0;
      }
      if (check !== 0) for (let i = 0; i < n; i++) out[i] = xs[i] <= 0 ? 0 : g[i];
      return;
    }
    case "leakyRelu": {
      // x > 0 ? g : g·alpha, branch-free as for relu (exact for finite g; the rest redone with the select)
      const xs = need(op, "x", x);
      let check = alpha * 0;
      for (let i = 0; i < n; i++) {
        const gi = g[i];
        const pos = +(xs[i] > 0);
        out[i] = gi * pos + gi * alpha * (1 - pos);
        check += gi * 0;
      }
      if (check !== 0) for (let i = 0; i < n; i++) out[i] = xs[i] > 0 ? g[i] : g[i] * alpha;
      return;
    }
    case "elu": {
      const xs = need(op, "x", x);
      const ys = need(op, "y", y);
      // elu(x) + alpha = alpha e^x for x <= 0
      for (let i = 0; i < n; i++) out[i] = xs[i] <= 0 ? g[i] * (ys[i] + alpha) : g[i];
      return;
    }
    case "sigmoid": {
      const ys = need(op, "y", y);
      for (let i = 0; i < n; i++) {
        const s = ys[i];
        out[i] = g[i] * s * (1 - s);
      }
      return;
    }
    case "tanh": {
      const ys = need(op, "y", y);
      for (let i = 0; i < n; i++) {
        const t = ys[i];
        out[i] = g[i] * (1 - t * t);
      }
      return;
    }
    case "gelu": {
      const xs = need(op, "x", x);
      for (let i = 0; i < n; i++) {
        const v = xs[i];
        const cdf = (erf(v * Math.SQRT1_2) + 1) * 0.5;
        const pdf = Math.exp(v * v * -0.5) * INV_SQRT_2PI;
        out[i] = g[i] * (cdf + v * pdf);
      }
      return;
    }
    default: {
      const xs = need(op, "x", x);
      const f = ACTIVATION_GRADS[op];
      if (f === undefined) throw new Error(`unaryBackward: unknown op "${String(op)}"`);
      for (let i = 0; i < n; i++) out[i] = f(xs[i], g[i], alpha, beta);
    }
  }
}

/**
 * `g · f'(x)` of the nn.functional activations, each as PyTorch 1.13's CPU backward kernel writes it
 * (the same comparisons at the kinks, the same order of operations).
 */
const ONE_SIXTH_F32 = Math.fround(1 / 6);

const ACTIVATION_GRADS: Partial<Record<UnaryGradOp, (x: number, g: number, alpha: number, beta: number) => number>> = {
  // z = e^(beta x); linear above the threshold
  softplus: (x, g, beta, threshold) => {
    const z = Math.exp(x * beta);
    return x * beta > threshold ? g : (g * z) / (z + 1);
  },
  // s (1 + x (1 - s)), s = sigmoid(x)
  silu: (x, g) => {
    const s = 1 / (1 + Math.exp(-x));
    return g * s * (1 + x * (1 - s));
  },
  // tanh(sp) + x s (1 - tanh(sp)^2), sp = softplus(x)
  mish: (x, g) => {
    const t = Math.tanh(Math.log1p(Math.exp(x)));
    const s = 1 / (1 + Math.exp(-x));
    return g * (t + x * s * (1 - t * t));
  },
  selu: (x, g) => (x <= 0 ? g * (SELU_ALPHA * SELU_SCALE) * Math.exp(x) : g * SELU_SCALE),
  // PyTorch's backward takes 1 / alpha through a float32 alpha (derivatives.yaml: 1.0 / alpha.toFloat())
  celu: (x, g, alpha) => {
    const inv = 1 / Math.fround(alpha);
    return x <= 0 ? g * inv * alpha * Math.exp(x * inv) : g;
  },
  // 0 at and beyond the edges, as PyTorch's hardtanh_backward
  hardtanh: (x, g, lo, hi) => (x <= lo || x >= hi ? 0 : g),
  // PyTorch's constant is the float32 1/6
  hardsigmoid: (x, g) => (x > -3 && x < 3 ? g * ONE_SIXTH_F32 : 0),
  // at x = 3 exactly: 3/2 g, as PyTorch's scalar loop (its vectorised loop gives g there, by position)
  hardswish: (x, g) => (x < -3 ? 0 : x <= 3 ? g * (x / 3 + 0.5) : g),
  // 1 - sigmoid(x), with z = e^-|x| so nothing overflows
  logsigmoid: (x, g) => {
    const z = Math.exp(-Math.abs(x));
    return x < 0 ? g * (1 - z / (1 + z)) : g * (z / (1 + z));
  },
  // 1 / d - x sign(x) / d^2, d = 1 + |x|, in the order of PyTorch's composed x / (|x| + 1) (NaN at ±inf)
  softsign: (x, g) => {
    const d = Math.abs(x) + 1;
    const sign = x > 0 ? 1 : x < 0 ? -1 : 0;
    return g / d + ((-g * x) / (d * d)) * sign;
  },
  // 1 - (1 - tanh^2)
  tanhshrink: (x, g) => {
    const t = Math.tanh(x);
    return g - g * (1 - t * t);
  },
  shrink: (x, g, lambd) => (x >= -lambd && x <= lambd ? 0 : g),
};

function need(op: string, what: string, a: TypedArray | null): TypedArray {
  if (a === null) throw new Error(`unaryBackward: ${op} needs ${what}`);
  return a;
}

/** `y[r, c] += bias[c]` in place. */
export function addRowBias(y: TypedArray, bias: TypedArray, rows: number, cols: number): void {
  for (let r = 0, o = 0; r < rows; r++, o += cols) {
    for (let c = 0; c < cols; c++) y[o + c] += bias[c];
  }
}

/**
 * `out[c] = Σ_r x[r, c]`: 8 columns at a time down the rows, with float64 sums in registers (the same
 * sums, in the same order, as `reduce("sum")`).
 */
export function sumRows(x: TypedArray, out: TypedArray, rows: number, cols: number): void {
  let c = 0;
  for (; c + 7 < cols; c += 8) {
    let s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
    for (let r = 0, o = c; r < rows; r++, o += cols) {
      s0 += x[o]; s1 += x[o + 1]; s2 += x[o + 2]; s3 += x[o + 3];
      s4 += x[o + 4]; s5 += x[o + 5]; s6 += x[o + 6]; s7 += x[o + 7];
    }
    out[c] = s0; out[c + 1] = s1; out[c + 2] = s2; out[c + 3] = s3;
    out[c + 4] = s4; out[c + 5] = s5; out[c + 6] = s6; out[c + 7] = s7;
  }
  for (; c < cols; c++) {
    let s = 0;
    for (let r = 0, o = c; r < rows; r++, o += cols) s += x[o];
    out[c] = s;
  }
}

/** Per row: probabilities into `probs`, `-log softmax(x)[t]` into `loss`; returns the summed loss. */
export function softmaxCrossEntropy(
  logits: TypedArray, targets: Int32Array, probs: TypedArray, loss: TypedArray, rows: number, classes: number,
): number {
  let total = 0;
  for (let r = 0, base = 0; r < rows; r++, base += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]);
    if (max === -Infinity) max = 0;
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp(logits[base + c] - max);
      probs[base + c] = e;
      sum += e;
    }
    const inv = 1 / sum;
    for (let c = 0; c < classes; c++) probs[base + c] *= inv;
    // -log softmax(x)[t] = log Σ e^(x - max) - (x_t - max)
    const l = -(logits[base + targets[r]] - max - Math.log(sum));
    loss[r] = l;
    total += l;
  }
  return total;
}

/** `out[r, c] = (probs[r, c] - [c == t_r]) · g_r · scale`; g of length 1 applies to every row. */
export function softmaxCrossEntropyBackward(
  probs: TypedArray, targets: Int32Array, g: TypedArray, scale: number, out: TypedArray, rows: number, classes: number,
): void {
  const shared = g.length === 1;
  // dCE/dlogits = softmax - onehot
  for (let r = 0, base = 0; r < rows; r++, base += classes) {
    const gr = (shared ? g[0] : g[r]) * scale;
    for (let c = 0; c < classes; c++) out[base + c] = probs[base + c] * gr;
    const at = base + targets[r];
    out[at] = (probs[at] - 1) * gr;
  }
}

/** One SGD step in place, in the order of PyTorch 1.13's single-tensor loop. */
export function sgdUpdate(w: TypedArray, g: TypedArray, buf: TypedArray | null, h: SGDHyper): void {
  const { lr, momentum, dampening, weightDecay: wd, nesterov, firstStep } = h;
  const sign = h.maximize ? -1 : 1;
  const n = w.length;
  if (buf === null || momentum === 0) {
    if (wd === 0) {
      for (let i = 0; i < n; i++) w[i] = w[i] - lr * (sign * g[i]);
    } else {
      for (let i = 0; i < n; i++) w[i] = w[i] - lr * (sign * g[i] + wd * w[i]);
    }
    return;
  }
  const keep = 1 - dampening;
  if (wd === 0 && !nesterov && !firstStep) {
    // the common case: b = μb + (1 - τ)g; θ = θ - γb (b read back after its store, as PyTorch does)
    for (let i = 0; i < n; i++) {
      buf[i] = momentum * buf[i] + keep * (sign * g[i]);
      w[i] = w[i] - lr * buf[i];
    }
    return;
  }
  for (let i = 0; i < n; i++) {
    let d = sign * g[i];
    if (wd !== 0) d += wd * w[i];
    // b_1 = g_1 (a copy of the gradient); b_t = μ b_{t-1} + (1 - τ) g_t
    buf[i] = firstStep ? d : momentum * buf[i] + keep * d;
    d = nesterov ? d + momentum * buf[i] : buf[i];
    w[i] = w[i] - lr * d;
  }
}

/** The per-step scalars of an Adam update, computed once (and the same way by every backend). */
export function adamScalars(h: AdamHyper): { sign: number; l2: number; decay: number; stepSize: number; bc2Sqrt: number } {
  const { lr, beta1, beta2, weightDecay: wd, decoupled, step } = h;
  return {
    sign: h.maximize ? -1 : 1,
    l2: decoupled ? 0 : wd,
    decay: decoupled ? 1 - lr * wd : 1,
    stepSize: lr / (1 - beta1 ** step),
    bc2Sqrt: Math.sqrt(1 - beta2 ** step),
  };
}

/** One Adam / AdamW step in place, in the order of PyTorch 1.13's single-tensor loop. */
export function adamUpdate(
  w: TypedArray, g: TypedArray, m: TypedArray, v: TypedArray, vMax: TypedArray | null, h: AdamHyper,
): void {
  const { beta1, beta2, eps, decoupled } = h;
  const { sign, l2, decay, stepSize, bc2Sqrt } = adamScalars(h);
  const n = w.length;
  for (let i = 0; i < n; i++) {
    let gi = sign * g[i];
    if (l2 !== 0) gi += l2 * w[i];
    if (decoupled) w[i] = w[i] * decay;
    m[i] = m[i] * beta1 + (1 - beta1) * gi;
    v[i] = v[i] * beta2 + (1 - beta2) * gi * gi;
    let denom: number;
    if (vMax !== null) {
      if (v[i] > vMax[i] || Number.isNaN(v[i])) vMax[i] = v[i];
      denom = Math.sqrt(vMax[i]) / bc2Sqrt + eps;
    } else {
      denom = Math.sqrt(v[i]) / bc2Sqrt + eps;
    }
    w[i] = w[i] - stepSize * (m[i] / denom);
  }
}

/**
 * `out[i, j] = ||x1_i - x2_j||_p` by the definition (no `|x|² + |y|² - 2x·y`, which loses the small
 * distances to cancellation), 4 x 4 pairs at a time with their sums in registers.
 */
export function cdist(x1: TypedArray, x2: TypedArray, out: TypedArray, n: number, m: number, d: number, p: 1 | 2): void {
  if (p !== 1 && p !== 2) throw new Error(`cdist: p must be 1 or 2, got ${String(p)}`);
  const l1 = p === 1;
  let i = 0;
  for (; i + 3 < n; i += 4) {
    let j = 0;
    for (; j + 3 < m; j += 4) block4x4(x1, i * d, x2, j * d, d, out, i * m + j, m, l1);
    for (; j < m; j++) for (let r = i; r < i + 4; r++) out[r * m + j] = pair(x1, r * d, x2, j * d, d, l1);
  }
  for (; i < n; i++) for (let j = 0; j < m; j++) out[i * m + j] = pair(x1, i * d, x2, j * d, d, l1);
}

function pair(a: TypedArray, ai: number, b: TypedArray, bj: number, d: number, l1: boolean): number {
  let s = 0;
  if (l1) {
    for (let k = 0; k < d; k++) s += Math.abs(a[ai + k] - b[bj + k]);
    return s;
  }
  for (let k = 0; k < d; k++) {
    const t = a[ai + k] - b[bj + k];
    s += t * t;
  }
  return Math.sqrt(s);
}

/** Distances of rows a0..a0+3 of x1 to rows b0..b0+3 of x2 (row length d) into out at o (row stride ldo). */
function block4x4(a: TypedArray, a0: number, b: TypedArray, b0: number, d: number, out: TypedArray, o: number, ldo: number, l1: boolean): void {
  const a1 = a0 + d, a2 = a1 + d, a3 = a2 + d;
  const b1 = b0 + d, b2 = b1 + d, b3 = b2 + d;
  let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
  let s20 = 0, s21 = 0, s22 = 0, s23 = 0, s30 = 0, s31 = 0, s32 = 0, s33 = 0;
  if (l1) {
    for (let k = 0; k < d; k++) {
      const y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
      const x0 = a[a0 + k];
      s00 += Math.abs(x0 - y0); s01 += Math.abs(x0 - y1); s02 += Math.abs(x0 - y2); s03 += Math.abs(x0 - y3);
      const x1 = a[a1 + k];
      s10 += Math.abs(x1 - y0); s11 += Math.abs(x1 - y1); s12 += Math.abs(x1 - y2); s13 += Math.abs(x1 - y3);
      const x2 = a[a2 + k];
      s20 += Math.abs(x2 - y0); s21 += Math.abs(x2 - y1); s22 += Math.abs(x2 - y2); s23 += Math.abs(x2 - y3);
      const x3 = a[a3 + k];
      s30 += Math.abs(x3 - y0); s31 += Math.abs(x3 - y1); s32 += Math.abs(x3 - y2); s33 += Math.abs(x3 - y3);
    }
    out[o] = s00; out[o + 1] = s01; out[o + 2] = s02; out[o + 3] = s03;
    o += ldo;
    out[o] = s10; out[o + 1] = s11; out[o + 2] = s12; out[o + 3] = s13;
    o += ldo;
    out[o] = s20; out[o + 1] = s21; out[o + 2] = s22; out[o + 3] = s23;
    o += ldo;
    out[o] = s30; out[o + 1] = s31; out[o + 2] = s32; out[o + 3] = s33;
    return;
  }
  for (let k = 0; k < d; k++) {
    const y0 = b[b0 + k], y1 = b[b1 + k], y2 = b[b2 + k], y3 = b[b3 + k];
    const x0 = a[a0 + k];
    let t0 = x0 - y0, t1 = x0 - y1, t2 = x0 - y2, t3 = x0 - y3;
    s00 += t0 * t0; s01 += t1 * t1; s02 += t2 * t2; s03 += t3 * t3;
    const x1 = a[a1 + k];
    t0 = x1 - y0; t1 = x1 - y1; t2 = x1 - y2; t3 = x1 - y3;
    s10 += t0 * t0; s11 += t1 * t1; s12 += t2 * t2; s13 += t3 * t3;
    const x2 = a[a2 + k];
    t0 = x2 - y0; t1 = x2 - y1; t2 = x2 - y2; t3 = x2 - y3;
    s20 += t0 * t0; s21 += t1 * t1; s22 += t2 * t2; s23 += t3 * t3;
    const x3 = a[a3 + k];
    t0 = x3 - y0; t1 = x3 - y1; t2 = x3 - y2; t3 = x3 - y3;
    s30 += t0 * t0; s31 += t1 * t1; s32 += t2 * t2; s33 += t3 * t3;
  }
  const sq = Math.sqrt;
  out[o] = sq(s00); out[o + 1] = sq(s01); out[o + 2] = sq(s02); out[o + 3] = sq(s03);
  o += ldo;
  out[o] = sq(s10); out[o + 1] = sq(s11); out[o + 2] = sq(s12); out[o + 3] = sq(s13);
  o += ldo;
  out[o] = sq(s20); out[o + 1] = sq(s21); out[o + 2] = sq(s22); out[o + 3] = sq(s23);
  o += ldo;
  out[o] = sq(s30); out[o + 1] = sq(s31); out[o + 2] = sq(s32); out[o + 3] = sq(s33);
}

/**
 * Gradients of cdist: `w = g · sign(x1_i - x2_j)` (p = 1) or `g · (x1_i - x2_j) / dist` (p = 2, 0 where
 * dist is 0); `gx1_i = Σ_j w`, `gx2_j = -Σ_i w`, summed in float64.
 */
export function cdistBackward(
  x1: TypedArray, x2: TypedArray, dist: TypedArray, g: TypedArray, gx1: TypedArray | null, gx2: TypedArray | null,
  n: number, m: number, d: number, p: 1 | 2,
): void {
  if (p !== 1 && p !== 2) throw new Error(`cdist: p must be 1 or 2, got ${String(p)}`);
  const acc1 = new Float64Array(d);
  const acc2 = gx2 === null ? null : new Float64Array(m * d);
  for (let i = 0; i < n; i++) {
    acc1.fill(0);
    const ai = i * d;
    for (let j = 0; j < m; j++) {
      const bj = j * d;
      const gij = g[i * m + j];
      if (p === 2) {
        const r = dist[i * m + j];
        // d||x1_i - x2_j||/dx1_i = (x1_i - x2_j) / ||x1_i - x2_j|| (0 where the distance is 0)
        if (r === 0) continue;
        const ratio = gij / r;
        for (let k = 0; k < d; k++) acc1[k] += ratio * (x1[ai + k] - x2[bj + k]);
        if (acc2 !== null) for (let k = 0; k < d; k++) acc2[bj + k] -= ratio * (x1[ai + k] - x2[bj + k]);
      } else {
        // d||x1_i - x2_j||_1/dx1_i = sign(x1_i - x2_j)
        for (let k = 0; k < d; k++) {
          const t = x1[ai + k] - x2[bj + k];
          const v = t > 0 ? gij : t < 0 ? -gij : t === 0 ? 0 : NaN;
          acc1[k] += v;
          if (acc2 !== null) acc2[bj + k] -= v;
        }
      }
    }
    if (gx1 !== null) for (let k = 0; k < d; k++) gx1[ai + k] = acc1[k];
  }
  if (gx2 !== null && acc2 !== null) for (let k = 0; k < m * d; k++) gx2[k] = acc2[k];
}
