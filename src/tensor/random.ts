/**
 * The global seeded random number generator (xoshiro128**), behind rand / randn / randint, weight
 * init, dropout and DataLoader shuffling. `manualSeed(n)` makes every run repeat exactly.
 */

let state = new Uint32Array(4);
let spareNormal: number | null = null;

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Seeds the global generator, like `torch.manual_seed`.
 * @example
 * bp.manualSeed(42);
 * const a = bp.randn(3); bp.manualSeed(42); const b = bp.randn(3); // a equals b
 */
export function manualSeed(seed: number): void {
  if (!Number.isFinite(seed)) throw new Error(`manualSeed: seed must be a finite number, got ${seed}`);
  const next = splitmix32(Math.floor(seed) >>> 0);
  state = new Uint32Array([next(), next(), next(), next()]);
  spareNormal = null;
}

/** The global generator's whole state: xoshiro128**'s four words and the cached second normal. */
export interface RngState {
  words: [number, number, number, number];
  spareNormal: number | null;
}

/**
 * A copy of the global generator's state, like `torch.get_rng_state()`: init, dropout and shuffling
 * all draw from it, so a checkpoint that holds it resumes the same random stream.
 * @example
 * const saved = getRngState(); const a = bp.rand(2); setRngState(saved); const b = bp.rand(2); // a equals b
 */
export function getRngState(): RngState {
  return { words: [state[0], state[1], state[2], state[3]], spareNormal };
}

/**
 * Restores a state from `getRngState()`, like `torch.set_rng_state()`; checks it first.
 * @example
 * setRngState(getRngState());
 */
export function setRngState(saved: RngState): void {
  const words = saved?.words;
  if (!Array.isArray(words) || words.length !== 4 || !words.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
    throw new Error("setRngState: words must be four unsigned 32-bit integers");
  }
  if (words.every((w) => w === 0)) throw new Error("setRngState: an all-zero state never leaves zero");
  const spare = saved.spareNormal;
  if (spare !== null && !Number.isFinite(spare)) throw new Error("setRngState: spareNormal must be a finite number or null");
  state = new Uint32Array(words);
  spareNormal = spare;
}

// deterministic by default, like PyTorch's fixed default seed
manualSeed(67280421310721);

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** Next raw 32-bit output of xoshiro128**. */
export function nextUint32(): number {
  const s = state;
  const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
  const t = s[1] << 9;
  s[2] ^= s[0];
  s[3] ^= s[1];
  s[1] ^= s[2];
  s[0] ^= s[3];
  s[2] ^= t;
  s[3] = rotl(s[3], 11);
  return result;
}

/** Uniform float in [0, 1) with 53 random bits. */
export function uniform(): number {
  const hi = nextUint32() >>> 5;
  const lo = nextUint32() >>> 6;
  return (hi * 67108864 + lo) / 9007199254740992;
}

/** Standard normal sample (Box-Muller, caching the second value). */
export function normal(): number {
  if (spareNormal !== null) {
    const v = spareNormal;
    spareNormal = null;
    return v;
  }
  let u = 0;
  while (u === 0) u = uniform();
  const v = uniform();
  const r = Math.sqrt(-2 * Math.log(u));
  spareNormal = r * Math.sin(2 * Math.PI * v);
  return r * Math.cos(2 * Math.PI * v);
}

/** Uniform integer in [low, high). */
export function randomInt(low: number, high: number): number {
  return low + Math.floor(uniform() * (high - low));
}

/** A random permutation of 0..n-1 (Fisher-Yates), like `torch.randperm`. */
export function randperm(n: number): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(uniform() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}
