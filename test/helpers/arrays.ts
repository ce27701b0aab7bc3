/**
 * Test helpers for kernel tests: deterministic data that does not depend on the library's own RNG,
 * and bit-for-bit comparison of arrays.
 */
import assert from "node:assert/strict";

/** A small deterministic generator of values in [-0.5, 0.5) (a 32-bit linear congruential one). */
export function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296 - 0.5;
  };
}

/** `n` float32 values from `lcg(seed)`, each times `scale`. */
export function random(n: number, seed: number, scale = 1): Float32Array {
  const r = lcg(seed);
  return Float32Array.from({ length: n }, () => r() * scale);
}

/** Bit-for-bit equality (Object.is: -0 differs from 0, NaN equals NaN), naming the first difference. */
export function assertSameBits(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    if (!Object.is(actual[i], expected[i])) assert.fail(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]}`);
  }
}

/** The byte arrays one after another, in one new array. */
export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
