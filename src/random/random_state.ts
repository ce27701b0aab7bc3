import { Tensor } from "../tensor/tensor.ts";

/**
 * numpy's legacy random generator, `numpy.random.RandomState`, bit for bit: the Mersenne Twister
 * MT19937 seeded as numpy seeds it, with numpy's rules for doubles, bounded integers, shuffling and
 * normal deviates, so that the same seed gives numpy's (and so scikit-learn's `random_state=`) numbers.
 */

const N = 624;
const M = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_32 = 4294967296;

/** A size argument as numpy takes it: a number of draws or a shape. */
export type Size = number | readonly number[];

/** What `shuffle` reorders in place: a typed array, a plain array, or a Tensor (along axis 0). */
export type Shuffleable = Int32Array | Float64Array | Float32Array | Uint8Array | number[] | Tensor;

/** The generator's full state, as numpy's `get_state()`: `('MT19937', key, pos, has_gauss, cached_gaussian)`. */
export interface RandomStateState {
  /** The 624 words of the Mersenne Twister. */
  key: Uint32Array;
  /** Position in `key` of the next word (624: the block is used up). */
  pos: number;
  /** Whether a second normal deviate of the polar method is cached. */
  hasGauss: boolean;
  /** The cached normal deviate (0 when none). */
  cachedGaussian: number;
}

function isInteger(v: unknown): v is number {
  return typeof v === "number" && Number.isInteger(v);
}

/** A checked shape from numpy's `size` (a count or a shape). */
function shapeOf(where: string, size: Size): number[] {
  const shape = typeof size === "number" ? [size] : [...size];
  for (const s of shape) {
    if (!isInteger(s) || s < 0) throw new Error(`${where}: size must hold non-negative integers, got ${JSON.stringify(size)}`);
  }
  return shape;
}

function product(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

/** The smallest all-ones bit mask >= max (max up to 2**53). */
function maskFor(max: number): number {
  let mask = 1;
  while (mask < max) mask = mask * 2 + 1;
  return mask;
}

function checkSeedWord(where: string, v: unknown): number {
  if (!isInteger(v) || v < 0 || v > 0xffffffff) {
    throw new Error(`${where}: seed must be an integer between 0 and 2**32 - 1, got ${String(v)}`);
  }
  return v;
}

/**
 * numpy's legacy generator `numpy.random.RandomState`: MT19937 with numpy's seeding and its legacy
 * sampling rules, so that `new RandomState(42)` draws exactly what `np.random.RandomState(42)` draws
 * (scikit-learn's `random_state=42`). Methods keep numpy's names and argument order; draws go into
 * float64 Tensors (int32 for integers), in C order, one after another, sharing one state the numpy way.
 *
 * - doubles: `(a >>> 5) * 2**26 + (b >>> 6)` over 2**53, from two 32-bit outputs a, b;
 * - bounded integers in [0, n]: draw 32-bit words (64-bit, high word first, for n >= 2**32), AND with
 *   the smallest mask >= n, reject values > n;
 * - normal deviates: Marsaglia's polar method, the second deviate cached for the next call.
 * @example
 * const rs = new bp.random.RandomState(42);
 * rs.randomSample();            // 0.3745401188473625, as np.random.RandomState(42).random_sample()
 * rs.permutation(5);            // Int32Array [1, 4, 2, 0, 3] for a fresh RandomState(42)
 * rs.randn(2, 3);               // float64 Tensor [2, 3]
 */
export class RandomState {
  private readonly mt = new Uint32Array(N);
  private pos = N;
  private hasGauss = false;
  private gauss = 0;

  /**
   * `seed`: an integer in [0, 2**32 - 1] (numpy's `init_genrand`), or an array of such integers
   * (numpy's `init_by_array`); omitted or null: seeded from the platform's entropy (crypto.getRandomValues,
   * falling back to Math.random).
   */
  constructor(seed?: number | readonly number[] | null) {
    this.seed(seed);
  }

  /**
   * Reseeds the generator in place, as numpy's `RandomState.seed(seed)`; the cached normal is dropped.
   * @example rs.seed(0); rs.randomSample(); // 0.5488135039273248
   */
  seed(seed?: number | readonly number[] | null): void {
    if (seed === undefined || seed === null) {
      const words = new Uint32Array(N);
      const c = (globalThis as { crypto?: { getRandomValues?: (a: Uint32Array) => Uint32Array } }).crypto;
      if (c?.getRandomValues) c.getRandomValues(words);
      else for (let i = 0; i < N; i++) words[i] = Math.floor(Math.random() * TWO_32);
      this.initByArray(words);
    } else if (typeof seed === "number") {
      this.initGenrand(checkSeedWord("RandomState", seed));
    } else if (Array.isArray(seed)) {
      if (seed.length === 0) throw new Error("RandomState: seed array must not be empty");
      this.initByArray(Uint32Array.from(seed, (v) => checkSeedWord("RandomState", v)));
    } else {
      throw new Error(`RandomState: seed must be an integer, an array of integers, or undefined, got ${String(seed)}`);
    }
    this.hasGauss = false;
    this.gauss = 0;
  }

  private initGenrand(s: number): void {
    const mt = this.mt;
    mt[0] = s >>> 0;
    for (let i = 1; i < N; i++) {
      const prev = mt[i - 1];
      mt[i] = Math.imul(1812433253, prev ^ (prev >>> 30)) + i;
    }
    this.pos = N;
  }

  private initByArray(key: Uint32Array): void {
    const mt = this.mt;
    this.initGenrand(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(N, key.length); k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + key[j] + j;
      i++;
      j++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = N - 1; k > 0; k--) {
      const prev = mt[i - 1];
      mt[i] = (mt[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i;
      i++;
      if (i >= N) {
        mt[0] = mt[N - 1];
        i = 1;
      }
    }
    mt[0] = 0x80000000;
    this.pos = N;
  }

  /** Regenerates the 624-word block (the twist). */
  private twist(): void {
    const mt = this.mt;
    let kk = 0;
    let y: number;
    for (; kk < N - M; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + M] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    for (; kk < N - 1; kk++) {
      y = (mt[kk] & UPPER_MASK) | (mt[kk + 1] & LOWER_MASK);
      mt[kk] = mt[kk + (M - N)] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    }
    y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
    mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    this.pos = 0;
  }

  /**
   * The next raw 32-bit output of MT19937 (an integer in [0, 2**32)), as numpy's
   * `randint(0, 2**32, dtype=np.uint32)` draws it.
   * @example new RandomState(0).nextUint32(); // 2357136044
   */
  nextUint32(): number {
    if (this.pos >= N) this.twist();
    let y = this.mt[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /** One double in [0, 1) from two 32-bit outputs: ((a >>> 5) * 2**26 + (b >>> 6)) / 2**53. */
  private nextDouble(): number {
    const a = this.nextUint32() >>> 5;
    const b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /**
   * A uniform integer in [0, max] by numpy's masked rejection (`random_interval`): 32-bit words for
   * max < 2**32, else 64-bit words (high word first); max up to 2**53 - 1.
   */
  private interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = 0xffffffff >>> Math.clz32(max);
      let v: number;
      do v = (this.nextUint32() & mask) >>> 0;
      while (v > max);
      return v;
    }
    const maskHi = Math.floor(maskFor(max) / TWO_32);
    let v: number;
    do {
      const hi = (this.nextUint32() & maskHi) >>> 0;
      v = hi * TWO_32 + this.nextUint32();
    } while (v > max);
    return v;
  }

  /** The legacy polar-method normal deviate with numpy's cache (`legacy_gauss`). */
  private nextGauss(): number {
    if (this.hasGauss) {
      const g = this.gauss;
      this.hasGauss = false;
      this.gauss = 0;
      return g;
    }
    let x1: number;
    let x2: number;
    let r2: number;
    do {
      x1 = 2 * this.nextDouble() - 1;
      x2 = 2 * this.nextDouble() - 1;
      r2 = x1 * x1 + x2 * x2;
    } while (r2 >= 1 || r2 === 0);
    const f = Math.sqrt((-2 * Math.log(r2)) / r2);
    this.gauss = f * x1;
    this.hasGauss = true;
    return f * x2;
  }

  /** Fills a float64 Tensor of `shape` with `draw()`, in C order. */
  private fill(shape: readonly number[], draw: () => number): Tensor {
    const out = new Float64Array(product(shape));
    for (let i = 0; i < out.length; i++) out[i] = draw();
    return new Tensor(out, shape);
  }

  /**
   * Uniform doubles in [0, 1), numpy's `random_sample(size)`: a number without `size`, else a float64
   * Tensor of that shape.
   * @example new RandomState(42).randomSample(); // 0.3745401188473625
   */
  randomSample(): number;
  randomSample(size: Size): Tensor;
  randomSample(size?: Size): number | Tensor {
    if (size === undefined) return this.nextDouble();
    return this.fill(shapeOf("RandomState.randomSample", size), () => this.nextDouble());
  }

  /**
   * Uniform doubles in [0, 1) of the given shape, numpy's `rand(d0, d1, ...)`: a float64 Tensor, or a
   * number when called with no dimensions.
   * @example new RandomState(0).rand(2, 3).shape; // [2, 3]
   */
  rand(): number;
  rand(...shape: number[]): Tensor;
  rand(...shape: number[]): number | Tensor {
    if (shape.length === 0) return this.nextDouble();
    return this.fill(shapeOf("RandomState.rand", shape), () => this.nextDouble());
  }

  /**
   * Standard normal deviates of the given shape, numpy's `randn(d0, d1, ...)` (legacy polar method,
   * pairs drawn at once and the second cached): a float64 Tensor, or a number with no dimensions.
   * @example new RandomState(0).randn(3).shape; // [3]
   */
  randn(): number;
  randn(...shape: number[]): Tensor;
  randn(...shape: number[]): number | Tensor {
    if (shape.length === 0) return this.nextGauss();
    return this.fill(shapeOf("RandomState.randn", shape), () => this.nextGauss());
  }

  /**
   * Standard normal deviates, numpy's `standard_normal(size)`: a number without `size`, else a float64
   * Tensor of that shape.
   * @example new RandomState(0).standardNormal(); // 1.764052345967664
   */
  standardNormal(): number;
  standardNormal(size: Size): Tensor;
  standardNormal(size?: Size): number | Tensor {
    if (size === undefined) return this.nextGauss();
    return this.fill(shapeOf("RandomState.standardNormal", size), () => this.nextGauss());
  }

  /**
   * Normal deviates `loc + scale * z` (z standard normal), numpy's `normal(loc=0, scale=1, size)`:
   * a number without `size`, else a float64 Tensor. `scale` must be >= 0.
   * @example new RandomState(0).normal(10, 2, [2, 2]).shape; // [2, 2]
   */
  normal(loc?: number, scale?: number): number;
  normal(loc: number | undefined, scale: number | undefined, size: Size): Tensor;
  normal(loc = 0, scale = 1, size?: Size): number | Tensor {
    if (!(scale >= 0)) throw new Error(`RandomState.normal: scale must be non-negative, got ${scale}`);
    if (size === undefined) return loc + scale * this.nextGauss();
    return this.fill(shapeOf("RandomState.normal", size), () => loc + scale * this.nextGauss());
  }

  /**
   * Uniform doubles in [low, high), numpy's `uniform(low=0, high=1, size)`: `low + (high - low) * u`
   * with u from `randomSample`; a number without `size`, else a float64 Tensor.
   * @example new RandomState(0).uniform(-1, 1, 5).shape; // [5]
   */
  uniform(low?: number, high?: number): number;
  uniform(low: number | undefined, high: number | undefined, size: Size): Tensor;
  uniform(low = 0, high = 1, size?: Size): number | Tensor {
    const range = high - low;
    if (!Number.isFinite(range)) throw new Error(`RandomState.uniform: high - low must be finite, got low=${low}, high=${high}`);
    if (size === undefined) return low + range * this.nextDouble();
    return this.fill(shapeOf("RandomState.uniform", size), () => low + range * this.nextDouble());
  }

  /**
   * Uniform integers in [low, high), numpy's legacy `randint(low, high=None, size=None)`: with one
   * bound, [0, low). Each draw is `low + v` with v in [0, high - low - 1] by masked rejection on 32-bit
   * words (64-bit words, high first, when the range reaches 2**32). A number without `size`, else an
   * int32 Tensor of that shape (float64 when a value could leave the int32 range). Bounds are integers
   * with high - low <= 2**53.
   * @example new RandomState(42).randint(0, 10, 5); // tensor([6, 3, 7, 4, 6], dtype=int32)
   */
  randint(low: number, high?: number | null): number;
  randint(low: number, high: number | null | undefined, size: Size): Tensor;
  randint(low: number, high?: number | null, size?: Size): number | Tensor {
    if (high === undefined || high === null) {
      high = low;
      low = 0;
    }
    if (!isInteger(low) || !isInteger(high)) throw new Error(`RandomState.randint: low and high must be integers, got low=${low}, high=${high}`);
    if (high <= low) throw new Error(`RandomState.randint: high must be greater than low, got low=${low}, high=${high}`);
    const range = high - low - 1;
    if (range > Number.MAX_SAFE_INTEGER) throw new Error(`RandomState.randint: high - low must be at most 2**53, got ${high - low}`);
    if (size === undefined) return low + this.interval(range);
    const shape = shapeOf("RandomState.randint", size);
    const fitsInt32 = low >= -2147483648 && high - 1 <= 2147483647;
    const out = fitsInt32 ? new Int32Array(product(shape)) : new Float64Array(product(shape));
    for (let i = 0; i < out.length; i++) out[i] = low + this.interval(range);
    return new Tensor(out, shape);
  }

  /**
   * Shuffles in place, numpy's legacy `shuffle(x)`: for i = n - 1 down to 1, j uniform in [0, i] (masked
   * rejection), swap x[i] and x[j]. A Tensor is shuffled along axis 0 (whole rows move).
   * @example const a = [1, 2, 3, 4]; new RandomState(0).shuffle(a); // a is now [3, 4, 2, 1]
   */
  shuffle(x: Shuffleable): void {
    if (x instanceof Tensor) {
      if (x.shape.length === 0) throw new Error("RandomState.shuffle: cannot shuffle a 0-d Tensor");
      const n = x.shape[0];
      const row = n === 0 ? 0 : x.data.length / n;
      if (row === 1) {
        this.shuffleArray(x.data);
        return;
      }
      const data = x.data;
      const buf = data.slice(0, row);
      for (let i = n - 1; i > 0; i--) {
        const j = this.interval(i);
        if (i === j) continue;
        buf.set(data.subarray(j * row, (j + 1) * row));
        data.copyWithin(j * row, i * row, (i + 1) * row);
        data.set(buf, i * row);
      }
      return;
    }
    if (!Array.isArray(x) && !ArrayBuffer.isView(x)) throw new Error("RandomState.shuffle: expected an array, a typed array or a Tensor");
    this.shuffleArray(x);
  }

  private shuffleArray(x: { length: number; [i: number]: number }): void {
    for (let i = x.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const t = x[i];
      x[i] = x[j];
      x[j] = t;
    }
  }

  /**
   * A random permutation, numpy's legacy `permutation(x)`: for an integer n, `arange(n)` shuffled (an
   * Int32Array); for a Tensor, a copy with its rows (axis 0) shuffled the same way.
   * @example new RandomState(42).permutation(5); // Int32Array [1, 4, 2, 0, 3]
   */
  permutation(n: number): Int32Array;
  permutation(x: Tensor): Tensor;
  permutation(x: number | Tensor): Int32Array | Tensor {
    if (x instanceof Tensor) {
      if (x.shape.length === 0) throw new Error("RandomState.permutation: x must be an integer or at least 1-dimensional");
      const copy = new Tensor(x.data.slice(), x.shape);
      this.shuffle(copy);
      return copy;
    }
    if (!isInteger(x) || x < 0) throw new Error(`RandomState.permutation: n must be a non-negative integer, got ${String(x)}`);
    const idx = new Int32Array(x);
    for (let i = 0; i < x; i++) idx[i] = i;
    this.shuffleArray(idx);
    return idx;
  }

  /**
   * Samples from `arange(a)`, numpy's legacy `choice(a, size=1, replace=true, p)`, with numpy's draws:
   * with replacement and no p, `randint(0, a, size)`; without replacement and no p,
   * `permutation(a).slice(0, size)`; with p, the cumulative sum of p (normalised by its last value),
   * `randomSample(size)` and a right-side search (without replacement, repeated on the not-yet-chosen
   * entries until `size` distinct indices are found). p must be non-negative and sum to 1 within
   * sqrt(eps). Returns an Int32Array of `size` indices (numpy returns a scalar when size is None; here
   * an omitted size gives one index in an array).
   * @example new RandomState(42).choice(10, 3, false); // Int32Array [8, 1, 5]
   */
  choice(a: number, size = 1, replace = true, p?: readonly number[] | Float64Array | null): Int32Array {
    if (!isInteger(a)) throw new Error(`RandomState.choice: a must be an integer (the population size), got ${String(a)}`);
    if (!isInteger(size) || size < 0) throw new Error(`RandomState.choice: size must be a non-negative integer, got ${String(size)}`);
    if (a <= 0 && size !== 0) throw new Error(`RandomState.choice: a must be greater than 0 unless no samples are taken, got ${a}`);
    let probs: Float64Array | null = null;
    if (p !== undefined && p !== null) {
      probs = Float64Array.from(p);
      if (probs.length !== a) throw new Error(`RandomState.choice: a and p must have the same size, got a=${a} and ${probs.length} probabilities`);
      // Kahan-compensated sum, as numpy checks it
      let sum = 0;
      let c = 0;
      for (const v of probs) {
        const y = v - c;
        const t = sum + y;
        c = t - sum - y;
        sum = t;
      }
      if (Number.isNaN(sum)) throw new Error("RandomState.choice: probabilities contain NaN");
      if (probs.some((v) => v < 0)) throw new Error("RandomState.choice: probabilities must be non-negative");
      if (Math.abs(sum - 1) > Math.sqrt(2.220446049250313e-16)) throw new Error(`RandomState.choice: probabilities must sum to 1, got ${sum}`);
    }
    if (replace) {
      if (probs === null) {
        const out = new Int32Array(size);
        for (let i = 0; i < size; i++) out[i] = this.interval(a - 1);
        return out;
      }
      const cdf = cumulative(probs);
      const out = new Int32Array(size);
      for (let i = 0; i < size; i++) out[i] = searchRight(cdf, this.nextDouble());
      return out;
    }
    if (size > a) throw new Error(`RandomState.choice: cannot take a larger sample (${size}) than the population (${a}) when replace=false`);
    if (probs === null) return this.permutation(a).slice(0, size);
    let positive = 0;
    for (const v of probs) if (v > 0) positive++;
    if (positive < size) throw new Error(`RandomState.choice: fewer non-zero entries in p (${positive}) than size (${size})`);
    const found = new Int32Array(size);
    let nUniq = 0;
    while (nUniq < size) {
      const x = new Float64Array(size - nUniq);
      for (let i = 0; i < x.length; i++) x[i] = this.nextDouble();
      for (let i = 0; i < nUniq; i++) probs[found[i]] = 0;
      const cdf = cumulative(probs);
      // the distinct new indices, in order of first appearance
      const seen = new Set<number>();
      for (const u of x) {
        const k = searchRight(cdf, u);
        if (!seen.has(k)) {
          seen.add(k);
          found[nUniq + seen.size - 1] = k;
        }
      }
      nUniq += seen.size;
    }
    return found;
  }

  /**
   * The state, as numpy's `get_state()` (a copy): the 624 key words, the position, and the cached normal.
   * @example const s = rs.getState(); rs.rand(3); rs.setState(s); // the same 3 numbers again
   */
  getState(): RandomStateState {
    return { key: this.mt.slice(), pos: this.pos, hasGauss: this.hasGauss, cachedGaussian: this.gauss };
  }

  /** Restores a state from `getState()` (or numpy's `get_state()` fields), as numpy's `set_state`. */
  setState(state: RandomStateState): void {
    if (state.key.length !== N) throw new Error(`RandomState.setState: key must hold ${N} words, got ${state.key.length}`);
    if (!isInteger(state.pos) || state.pos < 0 || state.pos > N) throw new Error(`RandomState.setState: pos must be an integer in [0, ${N}], got ${state.pos}`);
    this.mt.set(state.key);
    this.pos = state.pos;
    this.hasGauss = state.hasGauss;
    this.gauss = state.hasGauss ? state.cachedGaussian : 0;
  }
}

/** numpy's cumsum of p divided by its last value. */
function cumulative(p: Float64Array): Float64Array {
  const cdf = new Float64Array(p.length);
  let s = 0;
  for (let i = 0; i < p.length; i++) cdf[i] = s += p[i];
  const last = cdf[cdf.length - 1];
  for (let i = 0; i < cdf.length; i++) cdf[i] /= last;
  return cdf;
}

/** numpy's searchsorted(side="right"): the first index whose value is > u. */
function searchRight(cdf: Float64Array, u: number): number {
  let lo = 0;
  let hi = cdf.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cdf[mid] <= u) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The process-wide generator behind `checkRandomState(null)`, numpy's `np.random.mtrand._rand`. */
let globalState: RandomState | null = null;

function globalRandomState(): RandomState {
  if (globalState === null) globalState = new RandomState();
  return globalState;
}

/**
 * Seeds the process-wide generator that `checkRandomState(null)` returns, as `np.random.seed(seed)`
 * seeds the one scikit-learn uses when `random_state=None`.
 * @example bp.random.seed(0); bp.random.checkRandomState(null).randomSample(); // 0.5488135039273248
 */
export function seed(value?: number | readonly number[] | null): void {
  globalRandomState().seed(value);
}

/**
 * scikit-learn's `check_random_state`: an integer gives a new `RandomState(seed)`, a RandomState is
 * returned as it is (so draws continue on it), null / undefined give the process-wide generator
 * (unseeded unless `seed()` was called; numpy's global `RandomState`).
 * @example
 * const rs = checkRandomState(42);   // new RandomState(42)
 * checkRandomState(rs) === rs;       // true
 */
export function checkRandomState(seed?: number | RandomState | null): RandomState {
  if (seed === undefined || seed === null) return globalRandomState();
  if (seed instanceof RandomState) return seed;
  if (isInteger(seed)) return new RandomState(seed);
  throw new Error(`checkRandomState: ${String(seed)} cannot be used to seed a RandomState instance (expected an integer, a RandomState or null)`);
}
