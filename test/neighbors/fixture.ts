/*
 * The scikit-learn 1.2 reference values of test/fixtures/neighbors.json (written by
 * test/fixtures/gen_neighbors.py), typed, and the comparisons the neighbours tests share.
 */
import { readFileSync } from "node:fs";
import assert from "node:assert/strict";
import type { Tensor } from "../../src/tensor/tensor.ts";

export interface Run { k: number; weights: "uniform" | "distance"; predict: number[]; score: number; proba?: number[][] }
export interface MetricCase {
  metric: "euclidean" | "manhattan" | "minkowski" | "chebyshev" | "cosine";
  p: number;
  kneighbors: { k: number; distances: number[][]; indices: number[][] };
  runs: Run[];
}
export interface Dataset { name: string; X: number[][]; y: number[]; Xq: number[][]; yq: number[]; cases: MetricCase[] }
export interface Fixture {
  datasets: Dataset[];
  selfKneighbors: { metric: MetricCase["metric"]; p: number; k: number; distances: number[][]; indices: number[][] }[];
  irisAuto: { metric: MetricCase["metric"]; k: number; predict: number[] }[];
  regressor: { y: number[]; runs: (Run & { metric: MetricCase["metric"]; p: number; boundaryTie: number[] })[] };
  nearestCentroid: {
    data: string; metric: "euclidean" | "manhattan"; shrinkThreshold: number | null; centroid: "mean" | null;
    centroids: number[][]; predict: number[];
  }[];
  tieData: Record<string, { X: number[][]; y: number[]; Xq: number[][] }>;
  ties: {
    data: string; metric: MetricCase["metric"]; p: number; k: number; weights: "uniform" | "distance";
    distances: number[][]; indices: number[][]; predict: number[]; proba: number[][];
  }[];
}

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/neighbors.json", import.meta.url), "utf8")) as Fixture;

export function dataset(name: string): Dataset {
  const d = fixture.datasets.find((x) => x.name === name);
  if (d === undefined) throw new Error(`neighbors.json has no dataset ${name}`);
  return d;
}

/** A 2-D tensor as nested arrays. */
export function rows(t: Tensor): number[][] {
  const [n, m] = t.shape;
  return Array.from({ length: n }, (_, i) => Array.from(t.data.subarray(i * m, (i + 1) * m)));
}

/** Every element of `got` within `atol + rtol · |want|` of `want`. */
export function assertClose(got: ArrayLike<number>, want: ArrayLike<number>, rtol: number, atol: number, what: string): void {
  assert.equal(got.length, want.length, `${what}: length`);
  for (let i = 0; i < want.length; i++) {
    const ok = Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]);
    if (!ok) assert.fail(`${what}: element ${i}: got ${got[i]}, want ${want[i]}`);
  }
}

/**
 * kneighbors results against scikit-learn's: distances within `rtol` (plus `atol`), indices identical,
 * or, with `ties` set, identical up to the order inside each group of equal distances (and the
 * membership of the group cut by k): for the euclidean GEMM form on non-integer data, where
 * scikit-learn's BLAS (fused multiply-adds) rounds equal distances apart differently from ours.
 */
export function assertNeighbors(
  dist: Tensor, ind: Tensor, want: { distances: number[][]; indices: number[][] }, what: string,
  opts: { rtol?: number; atol?: number; ties?: boolean } = {},
): void {
  const { rtol = 1e-7, atol = 1e-9, ties = false } = opts;
  assertClose(dist.data, want.distances.flat(), rtol, atol, `${what} distances`);
  const got = rows(ind);
  assert.equal(got.length, want.indices.length, `${what}: rows`);
  want.indices.forEach((w, i) => {
    if (!ties) {
      assert.deepEqual(got[i], w, `${what}: row ${i} indices`);
      return;
    }
    const d = want.distances[i];
    for (let a = 0; a < w.length;) {
      let b = a + 1;
      while (b < w.length && Math.abs(d[b] - d[a]) <= 1e-6 * Math.max(1, Math.abs(d[a]))) b++;
      if (b < w.length) {
        const g = got[i].slice(a, b).sort((x, y) => x - y);
        const s = w.slice(a, b).sort((x, y) => x - y);
        assert.deepEqual(g, s, `${what}: row ${i}, neighbours ${a}..${b - 1} (equal distances)`);
      }
      a = b;
    }
  });
}
