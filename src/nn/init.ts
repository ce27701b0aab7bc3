import type { Tensor } from "../tensor/tensor.ts";
import { isFloating } from "../tensor/dtype.ts";
import { formatShape } from "../tensor/shape.ts";
import { normal, uniform } from "../tensor/random.ts";
import { checkTensorInput } from "./_checks.ts";

/*
 * Weight initialisation, like torch.nn.init: every function fills a tensor in place (outside the
 * graph, as under no_grad) from the global seeded generator, so `bp.manualSeed(n)` repeats it, and
 * returns the tensor.
 */

/** Nonlinearity names understood by `calculateGain` (PyTorch's strings; `"leakyRelu"` also accepted). */
export type Nonlinearity =
  | "linear" | "identity" | "conv1d" | "conv2d" | "conv3d" | "conv_transpose1d" | "conv_transpose2d" | "conv_transpose3d"
  | "sigmoid" | "tanh" | "relu" | "leaky_relu" | "leakyRelu" | "selu";

/** Fan mode of the kaiming initialisers: `"fanIn"` keeps the forward pass's variance, `"fanOut"` the backward's. PyTorch's `"fan_in"` / `"fan_out"` are accepted too. */
export type FanMode = "fanIn" | "fanOut" | "fan_in" | "fan_out";

/** Options of `kaimingUniform_` / `kaimingNormal_`. */
export interface KaimingOptions {
  /** Negative slope of the rectifier that follows (only for `"leaky_relu"`; default 0). */
  a?: number;
  /** `"fanIn"` (default) or `"fanOut"`. */
  mode?: FanMode;
  /** The nonlinearity that follows (default `"leaky_relu"`). */
  nonlinearity?: Nonlinearity;
}

/** Options of `xavierUniform_` / `xavierNormal_`. */
export interface XavierOptions {
  /** Scaling factor (default 1). */
  gain?: number;
}

function writable(op: string, t: Tensor): void {
  checkTensorInput(`init.${op}`, t, "tensor");
  if (!isFloating(t.dtype)) throw new Error(`init.${op}: expected a floating point tensor, got ${t.dtype}`);
}

/**
 * The recommended gain for a nonlinearity, like `torch.nn.init.calculate_gain`: linear / conv /
 * sigmoid 1, tanh 5/3, relu sqrt(2), leaky_relu sqrt(2 / (1 + slope^2)) (slope `param`, default
 * 0.01), selu 3/4.
 * @example nn.init.calculateGain("relu"); // 1.4142135623730951
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case "linear": case "identity": case "sigmoid":
    case "conv1d": case "conv2d": case "conv3d":
    case "conv_transpose1d": case "conv_transpose2d": case "conv_transpose3d":
      return 1;
    case "tanh":
      return 5 / 3;
    case "relu":
      return Math.SQRT2;
    case "leaky_relu":
    case "leakyRelu": {
      const slope = param ?? 0.01;
      if (typeof slope !== "number" || !Number.isFinite(slope)) throw new Error(`calculateGain: negative_slope ${String(slope)} is not a valid number`);
      return Math.sqrt(2 / (1 + slope * slope));
    }
    case "selu":
      return 3 / 4;
    default:
      throw new Error(`calculateGain: unsupported nonlinearity "${String(nonlinearity)}"`);
  }
}

/**
 * `[fanIn, fanOut]` of a weight of shape `[out, in, ...kernel]`: `fanIn = in * prod(kernel)`,
 * `fanOut = out * prod(kernel)`. Needs at least 2 dimensions.
 * @example nn.init.calculateFanInAndFanOut(bp.zeros(128, 784)); // [784, 128]
 */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  checkTensorInput("init.calculateFanInAndFanOut", t, "tensor");
  if (t.dim() < 2) {
    throw new Error(`init: fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape ${formatShape(t.shape)})`);
  }
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

function fanFor(op: string, t: Tensor, mode: FanMode): number {
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  if (mode === "fanIn" || mode === "fan_in") return fanIn;
  if (mode === "fanOut" || mode === "fan_out") return fanOut;
  throw new Error(`init.${op}: mode ${String(mode)} not supported, please use "fanIn" or "fanOut"`);
}

/**
 * Fills `t` with samples of U(a, b), like `torch.nn.init.uniform_`. Defaults `a = 0`, `b = 1`.
 * @example nn.init.uniform_(w, -0.1, 0.1);
 */
export function uniform_<T extends Tensor>(t: T, a = 0, b = 1): T {
  writable("uniform_", t);
  if (!(a <= b)) throw new Error(`init.uniform_: expects a range [a, b) with a <= b, but got a=${a}, b=${b}`);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = a + (b - a) * uniform();
  return t;
}

/**
 * Fills `t` with samples of N(mean, std^2), like `torch.nn.init.normal_`. Defaults `mean = 0`, `std = 1`.
 * @example nn.init.normal_(w, 0, 0.01);
 */
export function normal_<T extends Tensor>(t: T, mean = 0, std = 1): T {
  writable("normal_", t);
  if (!(std >= 0)) throw new Error(`init.normal_: expects std >= 0, but got std=${std}`);
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * normal();
  return t;
}

/** Fills `t` with `value`, like `torch.nn.init.constant_`. @example nn.init.constant_(prelu.weight, 0.25); */
export function constant_<T extends Tensor>(t: T, value: number): T {
  checkTensorInput("init.constant_", t, "tensor");
  t.data.fill(value);
  return t;
}

/** Fills `t` with zeros. @example nn.init.zeros_(linear.bias!); */
export function zeros_<T extends Tensor>(t: T): T {
  return constant_(t, 0);
}

/** Fills `t` with ones. @example nn.init.ones_(w); */
export function ones_<T extends Tensor>(t: T): T {
  return constant_(t, 1);
}

function gainOf(options: number | XavierOptions): number {
  return typeof options === "number" ? options : (options.gain ?? 1);
}

/**
 * Glorot / Xavier uniform: U(-b, b) with `b = gain * sqrt(6 / (fanIn + fanOut))`, like
 * `torch.nn.init.xavier_uniform_`. Default gain 1 (a number or `{gain}`).
 * @example nn.init.xavierUniform_(w, nn.init.calculateGain("tanh"));
 */
export function xavierUniform_<T extends Tensor>(t: T, gain: number | XavierOptions = {}): T {
  checkTensorInput("init.xavierUniform_", t, "tensor");
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const bound = gainOf(gain) * Math.sqrt(6 / (fanIn + fanOut));
  return uniform_(t, -bound, bound);
}

/**
 * Glorot / Xavier normal: N(0, std^2) with `std = gain * sqrt(2 / (fanIn + fanOut))`, like
 * `torch.nn.init.xavier_normal_`. Default gain 1.
 * @example nn.init.xavierNormal_(w);
 */
export function xavierNormal_<T extends Tensor>(t: T, gain: number | XavierOptions = {}): T {
  checkTensorInput("init.xavierNormal_", t, "tensor");
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return normal_(t, 0, gainOf(gain) * Math.sqrt(2 / (fanIn + fanOut)));
}

function kaimingStd(op: string, t: Tensor, options: number | KaimingOptions): number {
  const o = typeof options === "number" ? { a: options } : options;
  const fan = fanFor(op, t, o.mode ?? "fanIn");
  const gain = calculateGain(o.nonlinearity ?? "leaky_relu", o.a ?? 0);
  return gain / Math.sqrt(fan);
}

/**
 * He / Kaiming uniform: U(-b, b) with `b = gain * sqrt(3 / fan)`, `gain = calculateGain(nonlinearity, a)`,
 * like `torch.nn.init.kaiming_uniform_`. Defaults `a = 0`, `mode = "fanIn"`, `nonlinearity =
 * "leaky_relu"`. `a` may be given alone as a number. `Linear` uses `a = sqrt(5)`, giving
 * `b = 1 / sqrt(fanIn)`.
 * @example nn.init.kaimingUniform_(w, { a: Math.sqrt(5) }); nn.init.kaimingUniform_(w, { nonlinearity: "relu" });
 */
export function kaimingUniform_<T extends Tensor>(t: T, options: number | KaimingOptions = {}): T {
  checkTensorInput("init.kaimingUniform_", t, "tensor");
  if (t.numel() === 0) return t;
  const bound = Math.sqrt(3) * kaimingStd("kaimingUniform_", t, options);
  return uniform_(t, -bound, bound);
}

/**
 * He / Kaiming normal: N(0, std^2) with `std = gain / sqrt(fan)`, like `torch.nn.init.kaiming_normal_`.
 * Defaults as `kaimingUniform_`.
 * @example nn.init.kaimingNormal_(w, { mode: "fanOut", nonlinearity: "relu" });
 */
export function kaimingNormal_<T extends Tensor>(t: T, options: number | KaimingOptions = {}): T {
  checkTensorInput("init.kaimingNormal_", t, "tensor");
  if (t.numel() === 0) return t;
  return normal_(t, 0, kaimingStd("kaimingNormal_", t, options));
}
