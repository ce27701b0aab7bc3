import { test } from "node:test";
import assert from "node:assert/strict";
import { Tensor } from "../../src/tensor/tensor.ts";
import { blockSizes, bruteForceOptions, kneighborsBrute } from "../../src/neighbors/brute_force.ts";
import type { Metric } from "../../src/neighbors/metric.ts";

/** Integer points (many exact ties) from a fixed LCG. */
function points(n: number, d: number, seed: number, dtype: "float32" | "float64"): Tensor {
  const data = dtype === "float32" ? new Float32Array(n * d) : new Float64Array(n * d);
  let s = seed;
  for (let i = 0; i < data.length; i++) {
    s = (s * 1103515245 + 12345) % 2147483648;
    data[i] = s % 5;
  }
  return new Tensor(data, [n, d]);
}

const METRICS: Metric[] = [
  { kind: "euclidean", p: 2 }, { kind: "manhattan", p: 1 }, { kind: "chebyshev", p: Infinity }, { kind: "minkowski", p: 3 }, { kind: "cosine", p: 2 },
];

/** The k smallest distances of each row by a full sort (the reference). */
function reference(q: Tensor, x: Tensor, k: number, metric: Metric): number[][] {
  const [n, d] = q.shape;
  const m = x.shape[0];
  const out: number[][] = [];
  for (let i = 0; i < n; i++) {
    const ds: number[] = [];
    for (let j = 0; j < m; j++) {
      let s = 0, qq = 0, xx = 0, dot = 0;
      for (let c = 0; c < d; c++) {
        const a = q.data[i * d + c], b = x.data[j * d + c], t = Math.abs(a - b);
        if (metric.kind === "chebyshev") s = Math.max(s, t);
        else if (metric.kind === "euclidean") s += t * t;
        else if (metric.kind === "manhattan") s += t;
        else s += t ** metric.p;
        qq += a * a; xx += b * b; dot += a * b;
      }
      ds.push(metric.kind === "euclidean" ? Math.sqrt(s) : metric.kind === "minkowski" ? s ** (1 / metric.p)
        : metric.kind === "cosine" ? Math.min(2, Math.max(0, 1 - dot / ((Math.sqrt(qq) || 1) * (Math.sqrt(xx) || 1)))) : s);
    }
    out.push(ds.sort((a, b) => a - b).slice(0, k));
  }
  return out;
}

test("blocked search: the k smallest distances, identical neighbours whatever the block sizes", () => {
  const q = points(37, 6, 7, "float64");
  const x = points(150, 6, 11, "float64");
  const saved = { ...blockSizes };
  try {
    for (const metric of METRICS) {
      const whole = kneighborsBrute(q, x, 7, metric);
      const ref = reference(q, x, 7, metric).flat();
      whole.distances.data.forEach((v, i) => assert.ok(Math.abs(v - ref[i]) < 1e-9, `${metric.kind}: distance ${i}: ${v} vs ${ref[i]}`));
      Object.assign(blockSizes, { elements: 40, queryRows: 4 });
      const blocked = kneighborsBrute(q, x, 7, metric);
      Object.assign(blockSizes, saved);
      assert.deepEqual([...blocked.indices.data], [...whole.indices.data], `${metric.kind}: indices`);
      assert.deepEqual([...blocked.distances.data], [...whole.distances.data], `${metric.kind}: distances`);
    }
  } finally {
    Object.assign(blockSizes, saved);
  }
});

test("float32 on the kernels; euclidean through cdist finds the same neighbours as the GEMM form", () => {
  const q = points(40, 16, 3, "float32");
  const x = points(300, 16, 5, "float32");
  const gemm = kneighborsBrute(q, x, 5, { kind: "euclidean", p: 2 });
  assert.equal(gemm.distances.dtype, "float32");
  bruteForceOptions.euclidean = "cdist";
  try {
    const cd = kneighborsBrute(q, x, 5, { kind: "euclidean", p: 2 });
    assert.deepEqual([...cd.indices.data], [...gemm.indices.data]);
    assert.deepEqual([...cd.distances.data], [...gemm.distances.data]);
  } finally {
    bruteForceOptions.euclidean = "gemm";
  }
});

test("more than 1024 queries: scikit-learn's parallel-on-X order (no merge), same neighbour sets", () => {
  const x = points(60, 3, 13, "float64");
  const many = points(1100, 3, 17, "float64");
  const few = new Tensor(many.data.slice(0, 300), [100, 3]);
  const a = kneighborsBrute(many, x, 6, { kind: "manhattan", p: 1 });
  const b = kneighborsBrute(few, x, 6, { kind: "manhattan", p: 1 });
  for (let i = 0; i < 100; i++) {
    const sa = [...a.indices.data.subarray(i * 6, i * 6 + 6)].sort((u, v) => u - v);
    const sb = [...b.indices.data.subarray(i * 6, i * 6 + 6)].sort((u, v) => u - v);
    assert.deepEqual(sa, sb, `row ${i}`);
    assert.deepEqual([...a.distances.data.subarray(i * 6, i * 6 + 6)], [...b.distances.data.subarray(i * 6, i * 6 + 6)]);
  }
});
