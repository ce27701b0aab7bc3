/**
 * bp.random.RandomState against numpy 1.24's legacy numpy.random.RandomState
 * (test/fixtures/random_state.json, written by gen_random_state.py): raw MT19937 words and doubles for
 * several seeds, randn with its cached deviate, randint's masked rejection, permutation, shuffle, choice,
 * uniform / normal, and one generator driven through a mixed sequence. Integers and uniform doubles
 * must be equal; normal deviates (log and sqrt) within 4 ulps.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { Tensor } from "../../src/tensor/tensor.ts";
import { RandomState, checkRandomState, seed as globalSeed } from "../../src/random/index.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const fx: any = JSON.parse(readFileSync(new URL("../fixtures/random_state.json", import.meta.url), "utf8"));

function closeUlps(actual: ArrayLike<number>, expected: readonly number[], what: string): void {
  assert.equal(actual.length, expected.length, `${what}: length`);
  for (let i = 0; i < expected.length; i++) {
    const tol = 4 * Number.EPSILON * Math.max(1, Math.abs(expected[i]));
    assert.ok(Math.abs(actual[i] - expected[i]) <= tol, `${what}[${i}]: ${actual[i]} vs ${expected[i]}`);
  }
}

function values(t: Tensor): number[] {
  return Array.from(t.data);
}

test("raw MT19937 words and random_sample equal numpy's for seeds 0, 1, 42, 777, 2**32-1", () => {
  for (const c of fx.raw) {
    const rs = new RandomState(c.seed);
    const words = Array.from({ length: c.uint32.length }, () => rs.nextUint32());
    assert.deepEqual(words, c.uint32, `seed ${c.seed}`);
    const r2 = new RandomState(c.seed);
    assert.deepEqual(values(r2.randomSample(c.randomSample.length)), c.randomSample, `seed ${c.seed} random_sample`);
    assert.equal(new RandomState(c.seed).randomSample(), c.randomSample[0]);
  }
});

test("an array seed uses numpy's init_by_array", () => {
  for (const c of fx.arraySeed) {
    const rs = new RandomState(c.seed);
    assert.deepEqual(Array.from({ length: c.uint32.length }, () => rs.nextUint32()), c.uint32, JSON.stringify(c.seed));
  }
});

test("randn caches the polar method's second deviate across calls (odd and even counts)", () => {
  const rs = new RandomState(fx.randn.seed);
  fx.randn.calls.forEach((n: number, k: number) => {
    const t = rs.randn(n);
    assert.equal(t.dtype, "float64");
    assert.deepEqual(t.shape, [n]);
    closeUlps(t.data, fx.randn.values[k], `randn call ${k}`);
  });
  const r2 = new RandomState(fx.randn2d.seed);
  const t = r2.randn(3, 5);
  assert.deepEqual(t.shape, fx.randn2d.shape);
  closeUlps(t.data, fx.randn2d.values, "randn(3, 5)");
  closeUlps([r2.randn()], [fx.randn2d.next], "randn()");
});

test("randint matches numpy for ranges 1, 2, 2**k, 2**k + 1, negative and 64-bit", () => {
  for (const c of fx.randint) {
    const rs = new RandomState(c.seed);
    const t = rs.randint(c.low, c.high, 40);
    const fits = c.low >= -(2 ** 31) && c.high - 1 < 2 ** 31;
    assert.equal(t.dtype, fits ? "int32" : "float64", `[${c.low}, ${c.high})`);
    assert.deepEqual(values(t), c.values, `[${c.low}, ${c.high})`);
    assert.equal(rs.randint(c.low, c.high), c.scalar, `[${c.low}, ${c.high}) scalar`);
  }
  const c = fx.randintOneBound;
  const rs = new RandomState(c.seed);
  const t = rs.randint(c.high, null, c.shape);
  assert.deepEqual(t.shape, c.shape);
  assert.deepEqual(values(t), c.values);
  assert.equal(rs.randint(c.high), c.scalar);
});

test("permutation(n) and permutation(tensor) match numpy", () => {
  for (const c of fx.permutation) {
    const p = new RandomState(c.seed).permutation(c.n);
    assert.ok(p instanceof Int32Array);
    assert.deepEqual(Array.from(p), c.values, `n = ${c.n}`);
  }
  const c = fx.permutationRows;
  const x = new Tensor(Float64Array.from(c.x), c.shape);
  const y = new RandomState(c.seed).permutation(x);
  assert.deepEqual(y.shape, c.shape);
  assert.deepEqual(values(y), c.values);
  assert.deepEqual(values(x), c.x, "the input is not modified");
});

test("shuffle reorders lists, typed arrays and tensor rows in place as numpy does", () => {
  const c = fx.shuffle;
  const rs = new RandomState(c.seed);
  const a = Array.from({ length: 10 }, (_, i) => i);
  rs.shuffle(a);
  assert.deepEqual(a, c.list);
  const b = Float64Array.from(c.floatsIn as number[]);
  rs.shuffle(b);
  assert.deepEqual(Array.from(b), c.floats);
  const rows = new Tensor(Float64Array.from({ length: 20 }, (_, i) => i), [5, 4]);
  rs.shuffle(rows);
  assert.deepEqual(values(rows), c.rows);
  assert.equal(rs.randint(1000), c.next);
});

test("choice with and without replacement and with p matches numpy, and leaves the state where numpy does", () => {
  for (const c of fx.choice) {
    const rs = new RandomState(c.seed);
    const got = rs.choice(c.a, c.size, c.replace, c.p ?? undefined);
    assert.ok(got instanceof Int32Array);
    assert.deepEqual(Array.from(got), c.values, `choice(${c.a}, ${c.size}, ${c.replace}, ${JSON.stringify(c.p)})`);
    assert.equal(rs.randomSample(), c.next);
  }
  assert.equal(new RandomState(0).choice(4).length, 1);
});

test("uniform and normal, with and without size", () => {
  const c = fx.uniformNormal;
  const rs = new RandomState(c.seed);
  const u = rs.uniform(-3, 2, 7);
  assert.equal(u.dtype, "float64");
  assert.deepEqual(values(u), c.uniform);
  assert.equal(rs.uniform(), c.uniformScalar);
  closeUlps(rs.normal(1.5, 2, 7).data, c.normal, "normal");
  closeUlps([rs.normal()], [c.normalScalar], "normal()");
  const s = rs.standardNormal([2, 2]);
  assert.deepEqual(s.shape, [2, 2]);
  closeUlps(s.data, c.standardNormal, "standardNormal");
});

test("one generator through randn, randint, rand, permutation, choice shares numpy's state", () => {
  const c = fx.sequence;
  const rs = new RandomState(c.seed);
  closeUlps(rs.randn(3).data, c.randn3, "randn(3)");
  assert.deepEqual(values(rs.randint(0, 100, 5)), c.randint);
  const r = rs.rand(2, 2);
  assert.deepEqual(r.shape, [2, 2]);
  assert.deepEqual(values(r), c.rand);
  closeUlps(rs.randn(1).data, c.randn1, "randn(1) is the cached deviate");
  assert.deepEqual(Array.from(rs.permutation(7)), c.permutation);
  assert.deepEqual(Array.from(rs.choice(50, 5, false)), c.choice);
  assert.equal(rs.randomSample(), c.randomSample);
  closeUlps(rs.randn(5).data, c.randn5, "randn(5)");
  const st = rs.getState();
  assert.equal(st.pos, c.state.pos);
  assert.equal(st.hasGauss, c.state.hasGauss);
  closeUlps([st.cachedGaussian], [c.state.cachedGaussian], "cached gaussian");
});

test("getState / setState replay the same draws, cached normal included", () => {
  const rs = new RandomState(9);
  rs.randn(3);
  const st = rs.getState();
  const a = [...values(rs.randn(4)), rs.randint(0, 1000), rs.randomSample()];
  rs.setState(st);
  const b = [...values(rs.randn(4)), rs.randint(0, 1000), rs.randomSample()];
  assert.deepEqual(a, b);
  rs.seed(9);
  rs.randn(3);
  assert.deepEqual([...values(rs.randn(4)), rs.randint(0, 1000), rs.randomSample()], a, "seed() resets the cache");
});

test("rand() / randn() / randint without size return numbers; unseeded generators differ", () => {
  const rs = new RandomState(0);
  assert.equal(typeof rs.rand(), "number");
  assert.equal(typeof rs.randn(), "number");
  assert.equal(typeof rs.randint(5), "number");
  assert.equal(typeof rs.uniform(), "number");
  const a = new RandomState().randint(0, 2 ** 52);
  const b = new RandomState().randint(0, 2 ** 52);
  assert.notEqual(a, b);
});

test("checkRandomState follows scikit-learn's check_random_state", () => {
  const rs = checkRandomState(42);
  assert.ok(rs instanceof RandomState);
  assert.equal(rs.randomSample(), new RandomState(42).randomSample());
  assert.equal(checkRandomState(rs), rs);
  assert.equal(checkRandomState(null), checkRandomState(undefined), "null gives the process-wide generator");
  globalSeed(0);
  assert.equal(checkRandomState(null).randomSample(), 0.5488135039273248);
  assert.throws(() => checkRandomState(1.5), /checkRandomState: 1\.5 cannot be used to seed a RandomState/);
});

test("bad arguments are errors naming the method and the argument", () => {
  assert.throws(() => new RandomState(-1), /RandomState: seed must be an integer between 0 and 2\*\*32 - 1, got -1/);
  assert.throws(() => new RandomState(2 ** 32), /seed must be an integer between 0 and 2\*\*32 - 1/);
  assert.throws(() => new RandomState(0.5), /seed must be an integer/);
  assert.throws(() => new RandomState([]), /seed array must not be empty/);
  const rs = new RandomState(0);
  assert.throws(() => rs.randint(5, 5), /RandomState.randint: high must be greater than low, got low=5, high=5/);
  assert.throws(() => rs.randint(0), /high must be greater than low/);
  assert.throws(() => rs.randint(0.5, 3), /low and high must be integers/);
  assert.throws(() => rs.randint(0, 2 ** 60), /at most 2\*\*53/);
  assert.throws(() => rs.rand(2, -1), /RandomState.rand: size must hold non-negative integers/);
  assert.throws(() => rs.randint(0, 3, [2.5]), /RandomState.randint: size/);
  assert.throws(() => rs.normal(0, -1), /RandomState.normal: scale must be non-negative, got -1/);
  assert.throws(() => rs.uniform(0, Infinity), /RandomState.uniform: high - low must be finite/);
  assert.throws(() => rs.permutation(-2), /RandomState.permutation: n must be a non-negative integer/);
  assert.throws(() => rs.choice(3, 5, false), /RandomState.choice: cannot take a larger sample \(5\) than the population \(3\)/);
  assert.throws(() => rs.choice(0, 2), /a must be greater than 0/);
  assert.throws(() => rs.choice(3, 2, true, [0.5, 0.5]), /a and p must have the same size/);
  assert.throws(() => rs.choice(2, 1, true, [0.7, 0.7]), /probabilities must sum to 1/);
  assert.throws(() => rs.choice(2, 1, true, [1.5, -0.5]), /probabilities must be non-negative/);
  assert.throws(() => rs.choice(3, 2, false, [1, 0, 0]), /fewer non-zero entries in p \(1\) than size \(2\)/);
});
