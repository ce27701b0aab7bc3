import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { playground, PLAYGROUND_CLASSIFICATION, PLAYGROUND_NAMES, PLAYGROUND_REGRESSION, type PlaygroundName } from "../../src/datasets/playground.ts";
import { makeMoons } from "../../src/datasets/moons.ts";
import { makeBlobs } from "../../src/datasets/blobs.ts";
import { RandomState } from "../../src/random/random_state.ts";
import type { Tensor } from "../../src/tensor/tensor.ts";

interface Case {
  name: PlaygroundName;
  options: { n: number; noise: number; seed: number; shuffle: boolean };
  x: number[];
  y: number[];
}

/** test/fixtures/playground.json, written by gen_playground.py with numpy's RandomState and scikit-learn. */
const fixture = JSON.parse(readFileSync(new URL("../fixtures/playground.json", import.meta.url), "utf8")) as { cases: Case[] };

const isRegression = (name: string): boolean => (PLAYGROUND_REGRESSION as readonly string[]).includes(name);

function rows(x: Tensor): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i < x.shape[0]; i++) out.push([x.data[2 * i], x.data[2 * i + 1]]);
  return out;
}

function closeTo(a: number, b: number, what: string, tol = 2 ** -22): void {
  assert.ok(Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${what}: ${a} vs ${b}`);
}

test("playground matches the numpy / scikit-learn restatement of every set (gen_playground.py)", () => {
  assert.equal(fixture.cases.length, PLAYGROUND_NAMES.length * 3);
  for (const c of fixture.cases) {
    const what = `${c.name} ${JSON.stringify(c.options)}`;
    const { x, y } = playground(c.name, c.options);
    assert.deepEqual(x.shape, [c.options.n, 2], what);
    assert.equal(x.data.length, c.x.length, what);
    c.x.forEach((v, i) => closeTo(x.data[i], v, `${what} x[${i}]`));
    if (isRegression(c.name)) c.y.forEach((v, i) => closeTo(y.data[i], v, `${what} y[${i}]`));
    else assert.deepEqual(Array.from(y.data), c.y, `${what} y`);
  }
});

test("playground: float32 [n, 2] points, int32 0/1 labels or float32 targets [n], n 500 by default", () => {
  for (const name of PLAYGROUND_NAMES) {
    const { x, y } = playground(name);
    assert.equal(x.dtype, "float32", name);
    assert.deepEqual(x.shape, [500, 2], name);
    assert.deepEqual(y.shape, [500], name);
    if (isRegression(name)) assert.equal(y.dtype, "float32", name);
    else {
      assert.equal(y.dtype, "int32", name);
      assert.ok(Array.from(y.data).every((v) => v === 0 || v === 1), name);
    }
    assert.ok(Array.from(x.data).every(Number.isFinite), name);
  }
});

test("playground: the same seed gives the same set bit for bit, another seed another set", () => {
  for (const name of PLAYGROUND_NAMES) {
    const a = playground(name, { n: 50, noise: 0.25, seed: 11 });
    const b = playground(name, { n: 50, noise: 0.25, seed: 11 });
    const c = playground(name, { n: 50, noise: 0.25, seed: 12 });
    assert.deepEqual(a.x.data, b.x.data, name);
    assert.deepEqual(a.y.data, b.y.data, name);
    assert.notDeepEqual(a.x.data, c.x.data, name);
  }
  // the default seed is 0, and a RandomState given as the seed is drawn on
  assert.deepEqual(playground("xor", { n: 20 }).x.data, playground("xor", { n: 20, seed: 0 }).x.data);
  const rs = new RandomState(5);
  const first = playground("circle", { n: 20, seed: rs });
  const second = playground("circle", { n: 20, seed: rs });
  assert.deepEqual(first.x.data, playground("circle", { n: 20, seed: 5 }).x.data);
  assert.notDeepEqual(first.x.data, second.x.data);
});

test("playground: circle, xor, spiral, plane and multiGaussian points lie in [-6, 6]²", () => {
  for (const name of ["circle", "xor", "spiral", "plane", "multiGaussian"] as const) {
    const { x } = playground(name, { n: 1000, noise: 0.5, seed: 2 });
    const v = Array.from(x.data);
    assert.ok(Math.max(...v.map(Math.abs)) <= 6, name);
  }
  const xs = Array.from(playground("xor", { n: 1000, seed: 2 }).x.data);
  assert.ok(xs.every((v) => Math.abs(v) >= 0.3 && Math.abs(v) <= 5.3), "xor keeps 0.3 away from the axes");
  const plane = playground("plane", { n: 1000, seed: 2 }).x.data;
  assert.ok(Math.min(...plane) < -5.9 && Math.max(...plane) > 5.9, "plane fills [-6, 6]");
});

test("playground: two classes split n in half, label 1 taking the odd point (blobs: makeBlobs' rule, label 0)", () => {
  for (const name of PLAYGROUND_CLASSIFICATION) {
    const y = Array.from(playground(name, { n: 501, noise: 0.3, seed: 4 }).y.data);
    const ones = y.filter((v) => v === 1).length;
    if (name === "circle" || name === "xor") {
      // labels follow the noisy point: only roughly balanced
      assert.ok(ones > 180 && ones < 320, `${name}: ${ones} ones`);
    } else assert.equal(ones, name === "blobs" ? 250 : 251, name);
  }
  assert.equal(Array.from(playground("circle", { n: 501, seed: 4 }).y.data).filter((v) => v === 1).length, 251);
});

test("playground: with noise 0 each set has its defining property", () => {
  const circle = playground("circle", { n: 400, seed: 1 });
  rows(circle.x).forEach(([a, b], i) => {
    const r = Math.hypot(a, b);
    if (circle.y.data[i] === 1) assert.ok(r <= 2.5 + 1e-6, `circle inside: ${r}`);
    else assert.ok(r >= 3.5 - 1e-6 && r <= 5 + 1e-6, `circle ring: ${r}`);
  });
  const xor = playground("xor", { n: 400, seed: 1 });
  rows(xor.x).forEach(([a, b], i) => assert.equal(xor.y.data[i], a * b >= 0 ? 1 : 0));
  const plane = playground("plane", { n: 400, seed: 1 });
  rows(plane.x).forEach(([a, b], i) => closeTo(plane.y.data[i], (a + b) / 10, "plane", 1e-6));
  const multi = playground("multiGaussian", { n: 400, seed: 1 });
  const bumps = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];
  rows(multi.x).forEach(([a, b], i) => {
    const v = bumps.map(([cx, cy, s]) => s * Math.max(0, 1 - Math.hypot(a - cx, b - cy) / 2));
    const best = v.reduce((p, q) => (Math.abs(q) > Math.abs(p) ? q : p), 0);
    closeTo(multi.y.data[i], best, "multiGaussian", 1e-5);
  });
  assert.ok(Math.max(...multi.y.data) > 0.5 && Math.min(...multi.y.data) < -0.5);
  const spiral = playground("spiral", { n: 400, seed: 1 });
  // unshuffled arms: point k of 200 sits at radius 5k/200, angle 3.5πk/200 (+π for label 0)
  const arms = playground("spiral", { n: 400, seed: 1, shuffle: false });
  rows(arms.x).forEach(([a, b], i) => {
    const k = i % 200;
    const t = (1.75 * k / 200) * 2 * Math.PI + (i < 200 ? 0 : Math.PI);
    closeTo(a, (5 * k / 200) * Math.sin(t), "spiral x1", 1e-6);
    closeTo(b, (5 * k / 200) * Math.cos(t), "spiral x2", 1e-6);
    assert.equal(arms.y.data[i], i < 200 ? 1 : 0);
  });
  assert.notDeepEqual(spiral.y.data, arms.y.data, "shuffled by default");
});

test("playground: gaussian clouds sit at (2, 2) and (-2, -2), variance 0.5 + 7 * noise", () => {
  for (const noise of [0, 0.5]) {
    const { x, y } = playground("gaussian", { n: 4000, noise, seed: 9 });
    for (const [label, c] of [[1, 2], [0, -2]]) {
      const pts = rows(x).filter((_, i) => y.data[i] === label).flat();
      const mean = pts.reduce((a, b) => a + b, 0) / pts.length;
      const variance = pts.reduce((a, b) => a + (b - mean) ** 2, 0) / pts.length;
      assert.ok(Math.abs(mean - c) < 0.1, `mean ${mean}`);
      assert.ok(Math.abs(variance / (0.5 + 7 * noise) - 1) < 0.08, `variance ${variance} at noise ${noise}`);
    }
  }
});

test("playground: noise moves the labels of circle, xor and plane, not their points", () => {
  for (const name of ["circle", "xor", "plane"] as const) {
    const clean = playground(name, { n: 300, seed: 6 });
    const noisy = playground(name, { n: 300, noise: 0.5, seed: 6 });
    assert.deepEqual(clean.x.data, noisy.x.data, name);
    assert.notDeepEqual(clean.y.data, noisy.y.data, name);
  }
});

test("playground: moons and blobs are makeMoons / makeBlobs, centred and scaled as documented", () => {
  const opts = { n: 101, noise: 0.2, seed: 8 };
  const moons = playground("moons", opts);
  const [mX, mY] = makeMoons({ nSamples: 101, noise: 0.2, randomState: 8 });
  assert.deepEqual(Array.from(moons.y.data), Array.from(mY.data));
  assert.deepEqual(moons.x.data, Float32Array.from(mX.data, (v, i) => (v - (i % 2 === 0 ? 0.5 : 0.25)) * (10 / 3)));
  const clean = Array.from(playground("moons", { n: 202 }).x.data);
  const cols = [clean.filter((_, i) => i % 2 === 0), clean.filter((_, i) => i % 2 === 1)];
  closeTo(Math.min(...cols[0]), -5, "moons x1 min", 1e-6);
  closeTo(Math.max(...cols[0]), 5, "moons x1 max", 1e-6);
  closeTo(Math.min(...cols[1]), -2.5, "moons x2 min", 1e-6);
  closeTo(Math.max(...cols[1]), 2.5, "moons x2 max", 1e-6);
  const blobs = playground("blobs", opts);
  const [bX, bY] = makeBlobs({ nSamples: 101, centers: [[-3, 3], [3, -3]], clusterStd: 1.8, randomState: 8 });
  assert.deepEqual(Array.from(blobs.y.data), Array.from(bY.data));
  assert.deepEqual(blobs.x.data, Float32Array.from(bX.data));
});

test("playground: an unknown name lists the valid ones; bad n, noise and seed are named", () => {
  assert.throws(() => playground("spirals" as PlaygroundName), (err: Error) =>
    err.message === 'playground: unknown data set "spirals"; expected one of "circle", "xor", "gaussian", "spiral", "moons", "blobs", "plane", "multiGaussian"');
  assert.throws(() => playground("xor", { noise: 10 }), /^Error: playground: noise must be a number in \[0, 0\.5\] .*got 10$/);
  assert.throws(() => playground("xor", { noise: -0.1 }), /noise must be a number in \[0, 0\.5\]/);
  assert.throws(() => playground("xor", { noise: NaN }), /noise must be a number in \[0, 0\.5\]/);
  assert.throws(() => playground("xor", { n: 0 }), /^Error: playground: n must be a positive integer, got 0$/);
  assert.throws(() => playground("xor", { n: 2.5 }), /playground: n must be a positive integer, got 2.5/);
  assert.throws(() => playground("xor", { seed: -1 }), /playground: seed must be a non-negative integer, got -1/);
});
