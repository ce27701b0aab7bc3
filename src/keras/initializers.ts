import type { Tensor } from "../tensor/tensor.ts";
import { isFloating } from "../tensor/dtype.ts";
import { formatShape } from "../tensor/shape.ts";
import { normal } from "../tensor/random.ts";
import { zeros } from "../tensor/creation.ts";
import { stack } from "../ops/join.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import * as init from "../nn/init.ts";
import { describe } from "./utils/describe.ts";

/*
 * keras.initializers: Keras 2's weight initializers with Keras's names, defaults and formulas. Each
 * fills a tensor in place from backprop's global seeded generator (bp.manualSeed repeats it), through
 * nn.init where nn.init already does the maths.
 */

/** An initializer's configuration: Keras's `get_config()` keys, camelCased. */
export type InitializerConfig = Record<string, number | string>;

/** What `serialize` gives and `deserialize` takes: Keras's `{class_name, config}`, camelCased. */
export interface SerializedInitializer {
  /** Keras's class name (`"GlorotUniform"`, `"Zeros"`, ...). */
  className: string;
  /** Constructor options, as `getConfig()` returns them. */
  config: InitializerConfig;
}

/** Keras's initializer names (snake_case; Keras's class names and TF.js's camelCase work too). */
export type InitializerName =
  | "zeros" | "ones" | "constant" | "glorot_uniform" | "glorot_normal" | "he_normal" | "he_uniform" | "lecun_normal"
  | "lecun_uniform" | "random_normal" | "random_uniform" | "truncated_normal" | "orthogonal" | "variance_scaling";

function checkNumber(owner: string, what: string, value: unknown, ok: (v: number) => boolean = () => true, rule = "a finite number"): number {
  if (typeof value !== "number" || !Number.isFinite(value) || !ok(value)) {
    throw new Error(`${owner}: ${what} must be ${rule}, got ${typeof value === "number" ? value : JSON.stringify(value)}`);
  }
  return value;
}

function checkNoSeed(owner: string, options: object): void {
  const seed = (options as { seed?: unknown }).seed;
  if (seed !== undefined && seed !== null) {
    throw new Error(`${owner}: seed is not supported; initializers draw from backprop's global generator, seed it with bp.manualSeed(${String(seed)})`);
  }
}

function writable(owner: string, t: Tensor): void {
  if (!isFloating(t.dtype)) throw new Error(`${owner}.init_: expected a floating point tensor, got ${t.dtype}`);
}

/**
 * Keras's `_compute_fans` for a weight in backprop's (PyTorch's) layout: `[fanIn, fanOut]`. For 2 or more
 * dimensions it is `nn.init.calculateFanInAndFanOut` (a Dense weight `[out, in]` gives `[in, out]`, a conv
 * weight `[out, in, ...k]` gives `[in·Πk, out·Πk]`), which equals what Keras computes for the same
 * kernel in its layout (`[in, out]`, `[...k, in, out]`). A 1-D tensor `[n]` gives `[n, n]`, a scalar `[1, 1]`,
 * as Keras.
 * @example keras.initializers.computeFans(bp.zeros([10, 3])); // [3, 10]: a Dense(10) weight on 3 inputs
 */
export function computeFans(t: Tensor): [number, number] {
  if (t.dim() === 0) return [1, 1];
  if (t.dim() === 1) return [t.shape[0], t.shape[0]];
  return init.calculateFanInAndFanOut(t);
}

/** Fills `t` with N(mean, std²) truncated to mean ± 2 std (redrawn outside, as TF's truncated_normal). */
function truncatedNormal_(t: Tensor, mean: number, std: number): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) {
    let z = normal();
    while (z < -2 || z > 2) z = normal();
    d[i] = mean + std * z;
  }
  return t;
}

/**
 * Base class of Keras's initializers (`keras.initializers.Initializer`). `init_(t)` fills `t` in place,
 * outside the autograd graph (so a parameter that requires grad can be filled), and returns it.
 * @example
 * const w = bp.zeros([10, 3]);
 * new keras.initializers.GlorotUniform().init_(w); // U(±sqrt(6 / (3 + 10)))
 */
export abstract class Initializer {
  /** Keras's class name (`"GlorotUniform"`, ...), as `serialize` writes it. */
  readonly name: string;

  protected constructor(name: string) {
    this.name = name;
  }

  /**
   * Fills `t` in place with this initializer's values and returns it.
   * @example new keras.initializers.Zeros().init_(layer.bias);
   */
  init_(t: Tensor): Tensor {
    writable(this.name, t);
    noGrad(() => this.fill(t));
    return t;
  }

  /** Writes the values into `t` (a floating tensor, grad mode off). */
  protected abstract fill(t: Tensor): void;

  /**
   * Keras's `get_config()`, camelCased (no `seed`: see the classes).
   * @example new keras.initializers.RandomNormal().getConfig(); // { mean: 0, stddev: 0.05 }
   */
  abstract getConfig(): InitializerConfig;
}

/** Fills with 0. @example new keras.initializers.Zeros().init_(b); */
export class Zeros extends Initializer {
  constructor() {
    super("Zeros");
  }
  protected override fill(t: Tensor): void {
    init.zeros_(t);
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/** Fills with 1. @example new keras.initializers.Ones().init_(gamma); */
export class Ones extends Initializer {
  constructor() {
    super("Ones");
  }
  protected override fill(t: Tensor): void {
    init.ones_(t);
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/** Options of `Constant`. */
export interface ConstantOptions {
  /** The value (default 0). */
  value?: number;
}

/** Fills with `value` (default 0). @example new keras.initializers.Constant({ value: 0.1 }).init_(b); */
export class Constant extends Initializer {
  /** The fill value. */
  readonly value: number;
  constructor(options: ConstantOptions = {}) {
    super("Constant");
    this.value = checkNumber("Constant", "value", options.value ?? 0);
  }
  protected override fill(t: Tensor): void {
    init.constant_(t, this.value);
  }
  override getConfig(): InitializerConfig {
    return { value: this.value };
  }
}

/** Options of `RandomNormal` and `TruncatedNormal`. */
export interface NormalOptions {
  /** Mean (default 0). */
  mean?: number;
  /** Standard deviation, >= 0 (default 0.05). */
  stddev?: number;
  /** Not supported (backprop's generator is global: use `bp.manualSeed`); null / undefined only. */
  seed?: null;
}

/** Samples of N(mean, stddev²), defaults mean 0, stddev 0.05. @example new keras.initializers.RandomNormal({ stddev: 0.01 }).init_(w); */
export class RandomNormal extends Initializer {
  /** Mean. */
  readonly mean: number;
  /** Standard deviation. */
  readonly stddev: number;
  constructor(options: NormalOptions = {}) {
    super("RandomNormal");
    checkNoSeed("RandomNormal", options);
    this.mean = checkNumber("RandomNormal", "mean", options.mean ?? 0);
    this.stddev = checkNumber("RandomNormal", "stddev", options.stddev ?? 0.05, (v) => v >= 0, "a finite number >= 0");
  }
  protected override fill(t: Tensor): void {
    init.normal_(t, this.mean, this.stddev);
  }
  override getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev };
  }
}

/**
 * Samples of N(mean, stddev²) truncated to mean ± 2 stddev (values outside are redrawn, as TF's
 * `truncated_normal`), defaults mean 0, stddev 0.05. The samples' standard deviation is
 * 0.8796 stddev.
 * @example new keras.initializers.TruncatedNormal({ stddev: 0.02 }).init_(w);
 */
export class TruncatedNormal extends Initializer {
  /** Mean. */
  readonly mean: number;
  /** Standard deviation before truncation. */
  readonly stddev: number;
  constructor(options: NormalOptions = {}) {
    super("TruncatedNormal");
    checkNoSeed("TruncatedNormal", options);
    this.mean = checkNumber("TruncatedNormal", "mean", options.mean ?? 0);
    this.stddev = checkNumber("TruncatedNormal", "stddev", options.stddev ?? 0.05, (v) => v >= 0, "a finite number >= 0");
  }
  protected override fill(t: Tensor): void {
    truncatedNormal_(t, this.mean, this.stddev);
  }
  override getConfig(): InitializerConfig {
    return { mean: this.mean, stddev: this.stddev };
  }
}

/** Options of `RandomUniform`. */
export interface UniformOptions {
  /** Lower bound (default -0.05). */
  minval?: number;
  /** Upper bound, >= minval (default 0.05). */
  maxval?: number;
  /** Not supported (use `bp.manualSeed`); null / undefined only. */
  seed?: null;
}

/** Samples of U(minval, maxval), defaults ±0.05. @example new keras.initializers.RandomUniform({ minval: -0.1, maxval: 0.1 }).init_(w); */
export class RandomUniform extends Initializer {
  /** Lower bound. */
  readonly minval: number;
  /** Upper bound. */
  readonly maxval: number;
  constructor(options: UniformOptions = {}) {
    super("RandomUniform");
    checkNoSeed("RandomUniform", options);
    this.minval = checkNumber("RandomUniform", "minval", options.minval ?? -0.05);
    this.maxval = checkNumber("RandomUniform", "maxval", options.maxval ?? 0.05, (v) => v >= this.minval, `a finite number >= minval (${this.minval})`);
  }
  protected override fill(t: Tensor): void {
    init.uniform_(t, this.minval, this.maxval);
  }
  override getConfig(): InitializerConfig {
    return { minval: this.minval, maxval: this.maxval };
  }
}

/** Fan used by `VarianceScaling`: `fanIn`, `fanOut` or their mean `fanAvg` (Keras's snake_case accepted). */
export type VarianceScalingMode = "fan_in" | "fan_out" | "fan_avg" | "fanIn" | "fanOut" | "fanAvg";

/** Distribution of `VarianceScaling` (Keras's `"normal"` is an alias of `"truncated_normal"`). */
export type VarianceScalingDistribution = "truncated_normal" | "untruncated_normal" | "uniform" | "normal" | "truncatedNormal" | "untruncatedNormal";

/** Options of `VarianceScaling`. */
export interface VarianceScalingOptions {
  /** Variance scale, > 0 (default 1). */
  scale?: number;
  /** Which fan n divides the scale (default `"fan_in"`). */
  mode?: VarianceScalingMode;
  /** Distribution (default `"truncated_normal"`). */
  distribution?: VarianceScalingDistribution;
  /** Not supported (use `bp.manualSeed`); null / undefined only. */
  seed?: null;
}

const MODES: Record<string, "fan_in" | "fan_out" | "fan_avg"> = {
  fan_in: "fan_in", fanIn: "fan_in", fan_out: "fan_out", fanOut: "fan_out", fan_avg: "fan_avg", fanAvg: "fan_avg",
};
const DISTRIBUTIONS: Record<string, "truncated_normal" | "untruncated_normal" | "uniform"> = {
  truncated_normal: "truncated_normal", truncatedNormal: "truncated_normal", normal: "truncated_normal",
  untruncated_normal: "untruncated_normal", untruncatedNormal: "untruncated_normal", uniform: "uniform",
};

/**
 * Keras's `VarianceScaling`: samples with variance `scale / n`, n the fan chosen by `mode` (fans from
 * `computeFans`, backprop's `[out, in, ...]` layout):
 *
 * ```text
 * truncated_normal:    N(0, σ²) truncated to ±2σ, σ = sqrt(scale / n) / 0.87962566103423978
 *                      (the constant is the std of a standard normal truncated to ±2, so the samples' std is sqrt(scale / n))
 * untruncated_normal:  N(0, scale / n)
 * uniform:             U(-l, l), l = sqrt(3 scale / n)
 * ```
 * Defaults: scale 1, mode `"fan_in"`, distribution `"truncated_normal"`. GlorotUniform, GlorotNormal,
 * HeNormal, HeUniform, LecunNormal and LecunUniform are its special cases.
 * @example new keras.initializers.VarianceScaling({ scale: 2, mode: "fan_out", distribution: "uniform" }).init_(w);
 */
export class VarianceScaling extends Initializer {
  /** Variance scale. */
  readonly scale: number;
  /** Fan mode, Keras's spelling. */
  readonly mode: "fan_in" | "fan_out" | "fan_avg";
  /** Distribution, Keras's spelling. */
  readonly distribution: "truncated_normal" | "untruncated_normal" | "uniform";

  constructor(options: VarianceScalingOptions = {}, name = "VarianceScaling") {
    super(name);
    checkNoSeed(name, options);
    this.scale = checkNumber(name, "scale", options.scale ?? 1, (v) => v > 0, "a finite number > 0");
    const mode = options.mode ?? "fan_in";
    const distribution = options.distribution ?? "truncated_normal";
    if (!Object.hasOwn(MODES, mode)) throw new Error(`${name}: mode must be "fan_in", "fan_out" or "fan_avg", got ${JSON.stringify(mode)}`);
    if (!Object.hasOwn(DISTRIBUTIONS, distribution)) {
      throw new Error(`${name}: distribution must be "truncated_normal", "untruncated_normal" or "uniform", got ${JSON.stringify(distribution)}`);
    }
    this.mode = MODES[mode];
    this.distribution = DISTRIBUTIONS[distribution];
  }

  protected override fill(t: Tensor): void {
    const [fanIn, fanOut] = computeFans(t);
    const n = Math.max(1, this.mode === "fan_in" ? fanIn : this.mode === "fan_out" ? fanOut : (fanIn + fanOut) / 2);
    const variance = this.scale / n;
    if (this.distribution === "uniform") {
      const limit = Math.sqrt(3 * variance);
      init.uniform_(t, -limit, limit);
    } else if (this.distribution === "untruncated_normal") {
      init.normal_(t, 0, Math.sqrt(variance));
    } else {
      truncatedNormal_(t, 0, Math.sqrt(variance) / 0.87962566103423978);
    }
  }

  override getConfig(): InitializerConfig {
    return { scale: this.scale, mode: this.mode, distribution: this.distribution };
  }
}

/** Options of the Glorot / He / LeCun initializers. */
export interface SeedOptions {
  /** Not supported (use `bp.manualSeed`); null / undefined only. */
  seed?: null;
}

/**
 * Glorot (Xavier) uniform, Keras's default kernel initializer: U(-l, l) with
 * `l = sqrt(6 / (fanIn + fanOut))` (VarianceScaling scale 1, fan_avg, uniform). For a Dense weight
 * `[out, in]` (backprop's layout) the fans are Keras's for its kernel `[in, out]`.
 * @example new keras.initializers.GlorotUniform().init_(dense.weight);
 */
export class GlorotUniform extends VarianceScaling {
  constructor(options: SeedOptions = {}) {
    super({ ...options, scale: 1, mode: "fan_avg", distribution: "uniform" }, "GlorotUniform");
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * Glorot (Xavier) normal: N(0, σ²) truncated to ±2σ, `σ = sqrt(2 / (fanIn + fanOut)) / 0.87962566103423978`
 * (VarianceScaling scale 1, fan_avg, truncated_normal).
 * @example new keras.initializers.GlorotNormal().init_(w);
 */
export class GlorotNormal extends VarianceScaling {
  constructor(options: SeedOptions = {}) {
    super({ ...options, scale: 1, mode: "fan_avg", distribution: "truncated_normal" }, "GlorotNormal");
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * He normal: N(0, σ²) truncated to ±2σ, `σ = sqrt(2 / fanIn) / 0.87962566103423978` (scale 2, fan_in, truncated_normal).
 * @example new keras.initializers.HeNormal().init_(w);
 */
export class HeNormal extends VarianceScaling {
  constructor(options: SeedOptions = {}) {
    super({ ...options, scale: 2, mode: "fan_in", distribution: "truncated_normal" }, "HeNormal");
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * He uniform: U(-l, l), `l = sqrt(6 / fanIn)` (scale 2, fan_in, uniform).
 * @example new keras.initializers.HeUniform().init_(w);
 */
export class HeUniform extends VarianceScaling {
  constructor(options: SeedOptions = {}) {
    super({ ...options, scale: 2, mode: "fan_in", distribution: "uniform" }, "HeUniform");
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * LeCun normal: N(0, σ²) truncated to ±2σ, `σ = sqrt(1 / fanIn) / 0.87962566103423978` (scale 1, fan_in, truncated_normal).
 * @example new keras.initializers.LecunNormal().init_(w);
 */
export class LecunNormal extends VarianceScaling {
  constructor(options: SeedOptions = {}) {
    super({ ...options, scale: 1, mode: "fan_in", distribution: "truncated_normal" }, "LecunNormal");
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/**
 * LeCun uniform: U(-l, l), `l = sqrt(3 / fanIn)` (scale 1, fan_in, uniform).
 * @example new keras.initializers.LecunUniform().init_(w);
 */
export class LecunUniform extends VarianceScaling {
  constructor(options: SeedOptions = {}) {
    super({ ...options, scale: 1, mode: "fan_in", distribution: "uniform" }, "LecunUniform");
  }
  override getConfig(): InitializerConfig {
    return {};
  }
}

/** Options of `Orthogonal`. */
export interface OrthogonalOptions {
  /** Factor applied to the orthogonal matrix (default 1). */
  gain?: number;
  /** Not supported (use `bp.manualSeed`); null / undefined only. */
  seed?: null;
}

/**
 * Keras's `Orthogonal`: a (semi-)orthogonal matrix times `gain` (default 1). The tensor is viewed as
 * `[rows, cols]` = `[shape[0], numel / shape[0]]` (backprop's `[out, in, ...]` layout, as
 * `nn.init.orthogonal_` in PyTorch); a Gaussian matrix of the smaller side by the larger is
 * orthonormalised (the Q of its QR with a positive diagonal R, by Gram-Schmidt applied twice), so
 * rows are orthonormal when rows <= cols, columns otherwise. Needs at least 2 dimensions.
 * @example new keras.initializers.Orthogonal().init_(w); // w.matmul(w.t()) ≈ I for w [3, 5]
 */
export class Orthogonal extends Initializer {
  /** Multiplicative factor. */
  readonly gain: number;
  constructor(options: OrthogonalOptions = {}) {
    super("Orthogonal");
    checkNoSeed("Orthogonal", options);
    this.gain = checkNumber("Orthogonal", "gain", options.gain ?? 1);
  }

  protected override fill(t: Tensor): void {
    if (t.dim() < 2) throw new Error(`Orthogonal.init_: needs a tensor with at least 2 dimensions, got shape ${formatShape(t.shape)}`);
    const rows = t.shape[0];
    const cols = t.numel() / rows;
    if (t.numel() === 0) return;
    const n = Math.min(rows, cols);
    const m = Math.max(rows, cols);
    const a = init.normal_(zeros([n, m], { dtype: "float64" }));
    const q: Tensor[] = [];
    for (let i = 0; i < n; i++) {
      let v = a.select(0, i);
      for (let pass = 0; pass < 2 && i > 0; pass++) {
        const basis = stack(q); // [i, m]
        // v ← v - Qᵀ (Q v)
        v = v.sub(basis.t().matmul(basis.matmul(v)));
      }
      q.push(v.div(v.norm()));
    }
    const qm = stack(q); // [n, m], orthonormal rows
    const full = rows <= cols ? qm : qm.t();
    t.copy_(full.mul(this.gain).reshape(t.shape).to(t.dtype));
  }

  override getConfig(): InitializerConfig {
    return { gain: this.gain };
  }
}

type Constructor = new (options: Record<string, number | string>) => Initializer;

const CLASSES: Record<string, { cls: Constructor; keys: readonly string[] }> = {
  Zeros: { cls: Zeros as Constructor, keys: [] },
  Ones: { cls: Ones as Constructor, keys: [] },
  Constant: { cls: Constant as Constructor, keys: ["value"] },
  RandomNormal: { cls: RandomNormal as Constructor, keys: ["mean", "stddev"] },
  RandomUniform: { cls: RandomUniform as Constructor, keys: ["minval", "maxval"] },
  TruncatedNormal: { cls: TruncatedNormal as Constructor, keys: ["mean", "stddev"] },
  VarianceScaling: { cls: VarianceScaling as Constructor, keys: ["scale", "mode", "distribution"] },
  GlorotUniform: { cls: GlorotUniform as Constructor, keys: [] },
  GlorotNormal: { cls: GlorotNormal as Constructor, keys: [] },
  HeNormal: { cls: HeNormal as Constructor, keys: [] },
  HeUniform: { cls: HeUniform as Constructor, keys: [] },
  LecunNormal: { cls: LecunNormal as Constructor, keys: [] },
  LecunUniform: { cls: LecunUniform as Constructor, keys: [] },
  Orthogonal: { cls: Orthogonal as Constructor, keys: ["gain"] },
};

/** Lower-cased names without underscores → class name (covers snake_case, camelCase and class names). */
const LOOKUP: Record<string, string> = {
  ...Object.fromEntries(Object.keys(CLASSES).map((k) => [k.toLowerCase(), k])),
  zero: "Zeros", one: "Ones", normal: "RandomNormal", uniform: "RandomUniform",
};

/**
 * Keras's snake_case initializer names that `get` knows.
 * @example keras.initializers.names.includes("glorot_uniform"); // true
 */
export const names: readonly string[] = [
  "zeros", "ones", "constant", "glorot_uniform", "glorot_normal", "he_normal", "he_uniform", "lecun_normal", "lecun_uniform",
  "random_normal", "random_uniform", "truncated_normal", "orthogonal", "variance_scaling",
];

function classFor(owner: string, name: string): string {
  const key = name.replace(/_/g, "").toLowerCase();
  const cls = Object.hasOwn(LOOKUP, key) ? LOOKUP[key] : undefined;
  if (cls === undefined) throw new Error(`${owner}: unknown initializer "${name}"; known: ${names.join(", ")}`);
  return cls;
}

/**
 * An initializer from a Keras name (`"glorot_uniform"`, `"zeros"`, ...; Keras's class names such as
 * `"GlorotUniform"` and TF.js's `"glorotUniform"` too) with its defaults, an `Initializer` (returned as
 * is), or a `{className, config}` object.
 * @example
 * keras.initializers.get("he_normal").init_(w);
 * keras.initializers.get("zeros").init_(b);
 */
export function get(identifier: InitializerName | string | Initializer | SerializedInitializer): Initializer {
  if (identifier instanceof Initializer) return identifier;
  if (typeof identifier === "string") return new CLASSES[classFor("keras.initializers.get", identifier)].cls({});
  if (identifier !== null && typeof identifier === "object" && "className" in identifier) return deserialize(identifier);
  throw new Error(`keras.initializers.get: expected an initializer name, an Initializer or {className, config}, got ${describe(identifier)}`);
}

/**
 * `{className, config}` for an initializer (Keras's `serialize`).
 * @example keras.initializers.serialize(new keras.initializers.Constant({ value: 2 })); // { className: "Constant", config: { value: 2 } }
 */
export function serialize(initializer: Initializer): SerializedInitializer {
  if (!(initializer instanceof Initializer)) throw new Error(`keras.initializers.serialize: expected a keras Initializer, got ${describe(initializer)}`);
  return { className: initializer.name, config: initializer.getConfig() };
}

/**
 * Rebuilds an initializer from `{className, config}` (class name in any of `get`'s spellings; `seed:
 * null` is ignored, other unknown keys are an error).
 * @example keras.initializers.deserialize({ className: "RandomUniform", config: { minval: 0, maxval: 1 } });
 */
export function deserialize(config: SerializedInitializer): Initializer {
  if (config === null || typeof config !== "object" || typeof config.className !== "string") {
    throw new Error(`keras.initializers.deserialize: expected {className, config}, got ${describe(config)}`);
  }
  const className = classFor("keras.initializers.deserialize", config.className);
  const { cls, keys } = CLASSES[className];
  const options: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(config.config ?? {})) {
    if (key === "seed" && value === null) continue;
    if (!keys.includes(key) && key !== "seed") {
      throw new Error(`keras.initializers.deserialize: ${className} has no option "${key}"${keys.length ? `; options: ${keys.join(", ")}` : ""}`);
    }
    options[key] = value;
  }
  return new cls(options);
}
