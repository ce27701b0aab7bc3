import { Tensor, type TensorLike } from "../tensor/tensor.ts";
import { isGradEnabled } from "../autograd/grad_mode.ts";
import { bumpVersion, recordInPlace, refreshView, viewBase } from "../autograd/node.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { broadcastShapes, broadcastStrides, contiguousStrides, formatShape, sameShape } from "../tensor/shape.ts";
import { kernels } from "../backend/registry.ts";
import type { BinaryOp, UnaryGradOp, UnaryOp } from "../backend/backend.ts";
import { activationGrad, asTensor } from "./operands.ts";
import { clampBounds, clampGrad } from "./unary.ts";
import { normal, uniform } from "../tensor/random.ts";

/*
 * In-place ops write into the tensor's own data (and so into every view sharing it), bump its version
 * (PyTorch's version counter, shared by the views) and, when grad mode is on and the tensor or an
 * operand requires grad, record like PyTorch: the tensor's gradFn becomes the in-place op's node,
 * whose input 0 is the tensor's previous value (its gradient flows on to the previous gradFn). A
 * backward through an op that saved the tensor before the write fails with PyTorch's "modified by an
 * inplace operation" error. A write through a view (reshape / view, which share storage; the other
 * shape ops copy) records on the view's base, as PyTorch. Refused while grad mode is on: a leaf that
 * requires grad, or a view of one (its value is the graph's input; updates belong inside `noGrad`).
 */

/**
 * Checks that `t` may be written in place by `op` now, and bumps its version. Every in-place op
 * calls this before writing; it throws before anything is written.
 */
export function beginInPlace(op: string, t: Tensor): void {
  if (isGradEnabled()) {
    if (t.requiresGrad && t.isLeaf) {
      throw new Error(
        `${op}: a leaf tensor that requires grad is being used in an in-place operation; do parameter updates inside noGrad(() => ...)`,
      );
    }
    refreshView(t);
    const view = viewBase(t);
    if (view !== null && view.base.isLeaf) {
      throw new Error(
        `${op}: a view of a leaf tensor that requires grad is being used in an in-place operation; do parameter updates inside noGrad(() => ...)`,
      );
    }
  }
  bumpVersion(t.data);
}

/** True when an in-place op on `t` with `others` will be recorded. */
function recording(t: Tensor, others: readonly Tensor[] = []): boolean {
  return isGradEnabled() && (t.requiresGrad || others.some((o) => o.requiresGrad));
}

/** A copy of t's current values, cut from the graph (the old value a backward needs). */
function snapshot(t: Tensor): Tensor {
  return new Tensor(t.data.slice(), t.shape);
}

/** Zeros of t's shape and dtype. */
function zerosOf(t: Tensor): Tensor {
  return new Tensor(allocate(t.dtype, t.numel()), t.shape);
}

/** Fills `t` with `value` in place (`fill_`, `zero_`); recorded with a zero gradient for t's old value. */
export function fill_<T extends Tensor>(t: T, value: number, op: string): T {
  beginInPlace(op, t);
  kernels().fill(t.data, value);
  // d fill/dt = 0
  recordInPlace(t, op === "zero_" ? "Zero" : "Fill", [], (g) => [zerosOf(g)]);
  return t;
}

/** `t = t (op) other` in place; `other` broadcasts to t's shape. */
export function binary_<T extends Tensor>(t: T, other: TensorLike, op: BinaryOp): T {
  const name = `${op}_`;
  const o = asTensor(other, t, name);
  if (!isFloating(t.dtype) && (isFloating(o.dtype) || op === "div")) {
    throw new Error(`${name}: the float result cannot be written into an ${t.dtype} tensor (use the out-of-place ${op})`);
  }
  if (t.dtype === "bool" && o.dtype !== "bool") {
    throw new Error(`${name}: the ${o.dtype} result cannot be written into a bool tensor (use the out-of-place ${op})`);
  }
  const shape = broadcastShapes(name, t.shape, o.shape);
  if (!sameShape(shape, t.shape)) {
    throw new Error(`${name}: the result of shape ${formatShape(shape)} does not fit in the tensor of shape ${formatShape(t.shape)}`);
  }
  beginInPlace(name, t);
  const old = recording(t, [o]) && o.requiresGrad && (op === "mul" || op === "div") ? snapshot(t) : null;
  kernels().binary(op, t.data, contiguousStrides(t.shape), o.data, broadcastStrides(o.shape, t.shape), t.data, t.shape);
  const others = o === other ? [o] : [];
  switch (op) {
    case "add": // d(t + o) = (g, g)
      recordInPlace(t, "AddInPlace", others, (g) => [g, g]);
      break;
    case "sub": // d(t - o) = (g, -g)
      recordInPlace(t, "SubInPlace", others, (g) => [g, o.requiresGrad ? g.neg() : null]);
      break;
    case "mul": // d(t·o) = (g·o, g·t_old)
      recordInPlace(t, "MulInPlace", others, (g) => [g.mul(o), old === null ? null : g.mul(old)], [o], true);
      break;
    case "div": // d(t/o) = (g/o, -g·t_old/o²)
      recordInPlace(t, "DivInPlace", others, (g) => [g.div(o), old === null ? null : g.mul(old).div(o.mul(o)).neg()], [o], true);
      break;
    default:
      if (recording(t, others)) throw new Error(`${name}: not differentiable in place; use the out-of-place ${op}`);
  }
  return t;
}

/** Copies `source` (broadcast to t's shape, converted to t's dtype) into t; the gradient flows to source. */
export function copy_<T extends Tensor>(t: T, source: Tensor): T {
  const shape = broadcastShapes("copy_", t.shape, source.shape);
  if (!sameShape(shape, t.shape)) {
    throw new Error(`copy_: source of shape ${formatShape(source.shape)} does not broadcast to ${formatShape(t.shape)}`);
  }
  beginInPlace("copy_", t);
  kernels().copyStrided(source.data, 0, broadcastStrides(source.shape, t.shape), t.data, t.shape);
  // d copy/dt = 0, d copy/dsource = g (summed over broadcast dims by the engine)
  recordInPlace(t, "CopyInPlace", [source], (g) => [zerosOf(g), g]);
  return t;
}

/**
 * Clamps t into `[min, max]` in place, with `clamp`'s rules (see `clampBounds`); the gradient passes
 * where the old value was inside and is exactly 0 elsewhere.
 */
export function clamp_<T extends Tensor>(t: T, min?: number | null, max?: number | null): T {
  const { lo, hi, kernelLo, kernelHi } = clampBounds("clamp_", min, max);
  beginInPlace("clamp_", t);
  const old = recording(t) ? snapshot(t) : null;
  kernels().unary("clamp", t.data, t.data, kernelLo, kernelHi);
  recordInPlace(t, "ClampInPlace", [], (g) => [clampGrad(old!, lo, hi, g)]);
  return t;
}

/** An elementwise activation in place (`relu_`, `sigmoid_`, `tanh_`); the gradient reads the result. */
export function activation_<T extends Tensor>(t: T, op: UnaryOp & UnaryGradOp): T {
  const name = `${op}_`;
  if (!isFloating(t.dtype)) throw new Error(`${name}: expected a floating point tensor, got ${t.dtype}`);
  beginInPlace(name, t);
  kernels().unary(op, t.data, t.data);
  const result = new Tensor(t.data, t.shape);
  // d relu = g·[y > 0], d sigmoid = g·y(1 - y), d tanh = g·(1 - y²), all from the result y (saved: t)
  const grad = (g: Tensor): Tensor => (op === "relu" ? activationGrad("relu", result, null, g) : activationGrad(op, null, result, g));
  recordInPlace(t, `${op[0].toUpperCase()}${op.slice(1)}InPlace`, [], (g) => [grad(g)], [t]);
  return t;
}

/** `t = -t` in place. */
export function neg_<T extends Tensor>(t: T): T {
  beginInPlace("neg_", t);
  kernels().unary("neg", t.data, t.data);
  // d(-t) = -g
  recordInPlace(t, "NegInPlace", [], (g) => [g.neg()]);
  return t;
}

/** `t = t ** exponent` in place (a number exponent). */
export function pow_<T extends Tensor>(t: T, exponent: number): T {
  if (!isFloating(t.dtype)) throw new Error(`pow_: expected a floating point tensor, got ${t.dtype}`);
  beginInPlace("pow_", t);
  const old = recording(t) ? snapshot(t) : null;
  kernels().unary("powScalar", t.data, t.data, exponent);
  // d t^p = g·p·t_old^(p-1) (0 for p = 0)
  recordInPlace(t, "PowInPlace", [], (g) => [exponent === 0 ? zerosOf(g) : g.mul(old!.pow(exponent - 1).mul(exponent))]);
  return t;
}

/** How a random in-place op draws one value. */
type Sampler = () => number;

/**
 * Overwrites t with samples (seeded by `manualSeed`). Like PyTorch, refused on a leaf that requires
 * grad in grad mode, and recorded on other tensors with a zero gradient for the old value.
 */
function random_<T extends Tensor>(t: T, op: string, node: string, sample: Sampler): T {
  if (!isFloating(t.dtype)) throw new Error(`${op}: expected a floating point tensor, got ${t.dtype}`);
  beginInPlace(op, t);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = sample();
  // d sample/dt = 0
  recordInPlace(t, node, [], (g) => [zerosOf(g)]);
  return t;
}

/** Fills with samples of N(mean, std²), like `normal_`. */
export function normal_<T extends Tensor>(t: T, mean = 0, std = 1): T {
  if (!(std >= 0)) throw new Error(`normal_: std must be >= 0, got ${std}`);
  return random_(t, "normal_", "Normal", () => mean + std * normal());
}

/** Fills with samples of U[from, to), like `uniform_`. */
export function uniform_<T extends Tensor>(t: T, from = 0, to = 1): T {
  if (!(from <= to)) throw new Error(`uniform_: expected from <= to, got from=${from} and to=${to}`);
  return random_(t, "uniform_", "Uniform", () => from + (to - from) * uniform());
}

/** Fills with samples of the exponential distribution of rate `lambd`, like `exponential_`. */
export function exponential_<T extends Tensor>(t: T, lambd = 1): T {
  if (!(lambd > 0)) throw new Error(`exponential_: lambd must be > 0, got ${lambd}`);
  return random_(t, "exponential_", "Exponential", () => -Math.log1p(-uniform()) / lambd);
}

/** Fills with 1 with probability p, else 0, like `bernoulli_(p)`. */
export function bernoulli_<T extends Tensor>(t: T, p = 0.5): T {
  if (!(p >= 0 && p <= 1)) throw new Error(`bernoulli_: p must be in [0, 1], got ${p}`);
  return random_(t, "bernoulli_", "Bernoulli", () => (uniform() < p ? 1 : 0));
}
