/*
 * Shared pieces of the property-based fuzz tests (test/fuzz/*.test.ts) and of the longer run in
 * bench/fuzz.ts: the seed and budget (FUZZ_SEED, FUZZ_RUNS), byte-level mutations of a valid file,
 * and THE property every reader must keep: on any input it either returns consistent data or throws
 * a plain Error whose message starts with the reader's name and is shorter than 500 characters.
 * TypeError, RangeError ("Invalid typed array length", "Maximum call stack size exceeded"), or an
 * Error from a library underneath that does not name the reader all count as failures.
 */
import fc from "fast-check";

/** The fixed seed of the CI runs (override with FUZZ_SEED=...). */
export const FUZZ_SEED = envInt("FUZZ_SEED", 20261301);
/** Runs per property in CI (override with FUZZ_RUNS=...). */
export const FUZZ_RUNS = envInt("FUZZ_RUNS", 150);
/** The longest error message a reader may throw. */
export const MAX_MESSAGE = 500;

function envInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const v = Number(raw);
  if (!Number.isSafeInteger(v)) throw new Error(`${name} must be an integer, got ${JSON.stringify(raw)}`);
  return v;
}

/** fast-check's parameters for a CI run: the fixed seed, `runs` (default FUZZ_RUNS) runs. */
export function fuzzParams<T>(runs = FUZZ_RUNS): fc.Parameters<T> {
  return { seed: FUZZ_SEED, numRuns: runs };
}

// ---------------------------------------------------------------------------------------------
// Byte mutations

/** Integers that break size arithmetic: 0, 1, sign and word boundaries, 2^40, 2^53. */
export const INTERESTING = [
  0, 1, 2, 7, 8, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
  2 ** 32, 2 ** 40, 2 ** 53 - 1, 2 ** 53,
];

/** One edit of a byte string; positions are taken modulo the length, so any edit fits any input. */
export type Mutation =
  | { kind: "flip"; at: number; bit: number }
  | { kind: "set"; at: number; value: number }
  | { kind: "truncate"; at: number }
  | { kind: "insert"; at: number; bytes: Uint8Array }
  | { kind: "delete"; at: number; length: number }
  | { kind: "copy"; from: number; to: number; length: number }
  | { kind: "int"; at: number; value: number; width: 1 | 2 | 4 | 8; littleEndian: boolean };

const position = fc.nat({ max: 1 << 20 });

/** One random {@link Mutation}. */
export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  { arbitrary: fc.record({ kind: fc.constant("flip" as const), at: position, bit: fc.nat({ max: 7 }) }), weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant("set" as const), at: position, value: fc.nat({ max: 255 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("truncate" as const), at: position }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant("insert" as const), at: position, bytes: fc.uint8Array({ minLength: 1, maxLength: 16 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("delete" as const), at: position, length: fc.integer({ min: 1, max: 16 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant("copy" as const), from: position, to: position, length: fc.integer({ min: 1, max: 64 }) }), weight: 1 },
  {
    arbitrary: fc.record({
      kind: fc.constant("int" as const),
      at: position,
      value: fc.oneof(fc.constantFrom(...INTERESTING), fc.nat()),
      width: fc.constantFrom(1 as const, 2 as const, 4 as const, 8 as const),
      littleEndian: fc.boolean(),
    }),
    weight: 3,
  },
);

/** `bytes` with one mutation applied (a fresh array; `bytes` is not touched). */
export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const n = bytes.length;
  const at = (p: number, extra = 0): number => (n + extra === 0 ? 0 : p % (n + extra));
  switch (m.kind) {
    case "flip": {
      if (n === 0) return bytes.slice();
      const out = bytes.slice();
      out[at(m.at)] ^= 1 << m.bit;
      return out;
    }
    case "set": {
      if (n === 0) return bytes.slice();
      const out = bytes.slice();
      out[at(m.at)] = m.value;
      return out;
    }
    case "truncate":
      return bytes.slice(0, at(m.at));
    case "insert": {
      const p = at(m.at, 1);
      const out = new Uint8Array(n + m.bytes.length);
      out.set(bytes.subarray(0, p));
      out.set(m.bytes, p);
      out.set(bytes.subarray(p), p + m.bytes.length);
      return out;
    }
    case "delete": {
      const p = at(m.at);
      const out = new Uint8Array(n - Math.min(m.length, n - p));
      out.set(bytes.subarray(0, p));
      out.set(bytes.subarray(p + m.length), p);
      return out;
    }
    case "copy": {
      if (n === 0) return bytes.slice();
      const from = at(m.from);
      const to = at(m.to);
      const out = bytes.slice();
      out.set(bytes.subarray(from, Math.min(n, from + m.length)).subarray(0, n - to), to);
      return out;
    }
    case "int": {
      if (n === 0) return bytes.slice();
      const out = bytes.slice();
      const p = at(m.at);
      let v = BigInt(m.value) & ((1n << BigInt(8 * m.width)) - 1n);
      const width = Math.min(m.width, n - p);
      const bytesOf: number[] = [];
      for (let k = 0; k < m.width; k++) {
        bytesOf.push(Number(v & 0xffn));
        v >>= 8n;
      }
      if (!m.littleEndian) bytesOf.reverse();
      for (let k = 0; k < width; k++) out[p + k] = bytesOf[k];
      return out;
    }
  }
}

/**
 * Mutated copies of the valid files `seeds`: one of them with 1 to `maxMutations` mutations applied
 * in turn (the seed itself, unmutated, now and then, so the valid path stays covered).
 */
export function mutatedBytes(seeds: readonly Uint8Array[], maxMutations = 4): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.nat({ max: seeds.length - 1 }), fc.array(mutationArb, { minLength: 0, maxLength: maxMutations }))
    .map(([i, ms]) => ms.reduce((b, m) => mutate(b, m), seeds[i]));
}

// ---------------------------------------------------------------------------------------------
// The property

/**
 * A reader under fuzzing: `run` reads one input, `check` says what is wrong with a value it returned
 * (null when it is consistent), and errors must start with one of `prefixes`.
 */
export interface FuzzTarget<I = Uint8Array, O = unknown> {
  /** The reader's name, as the fuzz runner prints it. */
  name: string;
  /** The inputs: mutated valid files (and structured edits of their headers). */
  input: fc.Arbitrary<I>;
  /** Reads one input. */
  run: (input: I) => O;
  /** What is inconsistent in a returned value, or null when it is fine. */
  check: (output: O, input: I) => string | null;
  /** An error message must start with one of these (the reader's name). */
  prefixes: readonly string[];
}

/** Why `err` is not an acceptable error of a reader whose messages start with `prefixes`, or null. */
export function badError(err: unknown, prefixes: readonly string[]): string | null {
  if (!(err instanceof Error)) return `threw a non-Error ${typeof err}: ${String(err).slice(0, 200)}`;
  if (err.name !== "Error") return `threw a ${err.name}: ${err.message.slice(0, 300)}`;
  if (!prefixes.some((p) => err.message.startsWith(p))) {
    return `error does not name the reader (${prefixes.join(" | ")}): ${err.message.slice(0, 300)}`;
  }
  if (err.message.length >= MAX_MESSAGE) return `error message of ${err.message.length} chars: ${err.message.slice(0, 200)}...`;
  return null;
}

/**
 * Runs the target on one input and throws an AssertionError-like Error describing the fault (a bad
 * error, or inconsistent data) — the predicate of {@link readerProperty}.
 */
export function runOnce<I, O>(target: FuzzTarget<I, O>, input: I): void {
  let out: O;
  try {
    out = target.run(input);
  } catch (err) {
    const bad = badError(err, target.prefixes);
    if (bad !== null) {
      const fault = new Error(`${target.name}: ${bad}`);
      if (err instanceof Error) fault.stack = `${fault.message}\n--- original stack ---\n${err.stack ?? ""}`;
      throw fault;
    }
    return;
  }
  const wrong = target.check(out, input);
  if (wrong !== null) throw new Error(`${target.name}: returned inconsistent data: ${wrong}`);
}

/** The fuzz property of a reader: {@link runOnce} on every input the target generates. */
export function readerProperty<I, O>(target: FuzzTarget<I, O>): fc.IPropertyWithHooks<[I]> {
  return fc.property(target.input, (input) => runOnce(target, input));
}

/**
 * Asserts the property of `target` with the CI seed and budget (throws fast-check's report, with the
 * seed, path and counterexample, on failure).
 */
export function assertReader<I, O>(target: FuzzTarget<I, O>, runs = FUZZ_RUNS): void {
  fc.assert(readerProperty(target), fuzzParams(runs));
}

/**
 * Asserts `run` fails with a clean Error (see {@link badError}) matching `pattern`: for the
 * "claims 2^40 bytes" tests and the regressions.
 */
export function assertCleanFailure(run: () => unknown, prefixes: readonly string[], pattern: RegExp): void {
  let threw = false;
  try {
    run();
  } catch (err) {
    threw = true;
    const bad = badError(err, prefixes);
    if (bad !== null) throw new Error(bad);
    if (!pattern.test((err as Error).message)) throw new Error(`message does not match ${pattern}: ${(err as Error).message}`);
  }
  if (!threw) throw new Error(`expected an error matching ${pattern}, but the reader returned`);
}

/** Shapes consistent with a flat length: every dimension a non-negative integer, product === length. */
export function shapeProblem(shape: readonly number[], length: number): string | null {
  if (!shape.every((d) => Number.isSafeInteger(d) && d >= 0)) return `shape [${shape.join(", ")}] holds a non-integer or negative dimension`;
  const n = shape.reduce((a, b) => a * b, 1);
  return n === length ? null : `shape [${shape.join(", ")}] has ${n} elements but the data holds ${length}`;
}
