import { Tensor } from "../tensor/tensor.ts";
import { allocate, type TypedArray } from "../tensor/dtype.ts";
import { kernels } from "../backend/registry.ts";
import { KminHeaps } from "./arg_kmin.ts";
import { reducedToDistance, type Metric } from "./metric.ts";

/*
 * Brute-force k-nearest-neighbour search in blocks: the queries are cut into blocks of rows, the fitted
 * points into blocks of rows, and each (query block, fitted block) pair of distances is computed by one
 * kernel call (a GEMM for euclidean and cosine, the cdist kernel for manhattan, tensor ops for chebyshev
 * and general minkowski) into one reused buffer, then fed, row by row and in index order, to per-query
 * heaps. Memory stays at one block of distances (`blockSizes.elements`) whatever the sizes: 60 000 x 10 000
 * distances are never held at once.
 */

/**
 * Block sizes: `elements` of one block of distances (4M: 16 MB in float32, 32 MB in float64) and
 * `queryRows` per block (the fitted rows per block are elements / queryRows). Mutable for benchmarks.
 */
export const blockSizes = { elements: 1 << 22, queryRows: 1024 };
/** Elements of the [rows, cols, features] difference tensor that chebyshev / minkowski blocks build. */
const DIFF_ELEMENTS = 1 << 21;
/**
 * How euclidean distances are computed: `"gemm"` (scikit-learn's `|q|² - 2 q·x + |x|²` through the
 * matrix-multiply kernel) or `"cdist"` (the cdist kernel, by the definition). Mutable for benchmarks.
 */
export const bruteForceOptions: { euclidean: "gemm" | "cdist" } = { euclidean: "gemm" };

/** scikit-learn's ArgKmin chunk (256 vectors): at most 4 chunks of queries per thread run "parallel on Y". */
const SKLEARN_CHUNK = 256;

/** What `kneighborsBrute` returns: the k nearest per query, nearest first. */
export interface KNeighborsResult {
  /** `[queries, k]`, the query's dtype (float32 or float64). */
  distances: Tensor;
  /** `[queries, k]` int32 indices into the fitted points. */
  indices: Tensor;
}

/** Squared norms of the rows of x (`rows x d`), in float64. */
function rowSquaredNorms(x: TypedArray, rows: number, d: number): Float64Array {
  const out = new Float64Array(rows);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let c = i * d, e = c + d; c < e; c++) s += x[c] * x[c];
    out[i] = s;
  }
  return out;
}

/** The rows of x scaled to unit L2 norm (zero rows stay zero), as scikit-learn's `normalize`. */
function normalizeRows(x: Tensor): Tensor {
  const norms = x.mul(x).sum(1, true).sqrt();
  return x.div(norms.add(norms.eq(0).to(x.dtype)));
}

/**
 * The `k` nearest fitted points of every query row by brute force, with scikit-learn 1.2's neighbour
 * order: the ArgKmin max-heap (a value equal to the current k-th is not taken) fed in index order and
 * its non-stable sort for ties, replaying its one-thread strategy (see arg_kmin.ts); cosine, which
 * scikit-learn computes through `pairwise_distances_chunked` instead, orders ties by index.
 * Shapes: query `[n, d]`, fit `[m, d]` (same float dtype), k <= m. Distances:
 * euclidean `sqrt(max(0, |q|² - 2 q·x + |x|²))` (scikit-learn's GEMM form), manhattan `Σ|q - x|`,
 * chebyshev `max |q - x|`, minkowski `(Σ|q - x|^p)^(1/p)`, cosine `1 - q·x / (|q| |x|)` clipped to [0, 2].
 * @example
 * const { distances, indices } = kneighborsBrute(q, x, 5, { kind: "manhattan", p: 1 });
 */
export function kneighborsBrute(query: Tensor, fit: Tensor, k: number, metric: Metric): KNeighborsResult {
  const n = query.shape[0];
  const m = fit.shape[0];
  const d = fit.shape[1];
  const dtype = query.dtype;
  const x = fit.dtype === dtype ? fit : fit.to(dtype);
  const heaps = new KminHeaps(n, k);
  const qb = Math.min(n, blockSizes.queryRows);
  const fb = Math.max(1, Math.min(m, Math.floor(blockSizes.elements / qb)));
  const K = kernels();

  const viaCdist = metric.kind === "euclidean" && bruteForceOptions.euclidean === "cdist";
  if ((metric.kind === "euclidean" && !viaCdist) || metric.kind === "cosine") {
    const cos = metric.kind === "cosine";
    const q = cos ? normalizeRows(query) : query;
    const f = cos ? normalizeRows(x) : x;
    const qn = cos ? null : rowSquaredNorms(q.data, n, d);
    const fn = cos ? null : rowSquaredNorms(f.data, m, d);
    if (cos) {
      // block[offset + r * cols + c] = q[i0 + r] · f[j0 + c], each row's blocks in column order
      K.gemmBlocks(q.data, f.data, n, d, m, qb, fb, (block, offset, i0, j0, rows, cols) => {
        for (let r = 0; r < rows; r++) pushCosine(heaps, i0 + r, block, offset + r * cols, cols, j0);
      });
    } else {
      // (-2 q·x + |q|²) + |x|² into the heaps, block by block (the threads share each block)
      K.argKminEuclidean(q.data, f.data, n, d, m, qn!, fn!, heaps.values, heaps.indices, heaps.k, qb, fb);
    }
  } else {
    const manhattan = metric.kind === "manhattan" || viaCdist;
    const buffer = manhattan ? allocate(dtype, qb * fb) : null;
    // chebyshev / minkowski build a [rows, cols, d] tensor of differences: smaller blocks
    const rowsPerBlock = manhattan ? qb : Math.min(n, 64);
    const colsPerBlock = manhattan ? fb : Math.max(1, Math.floor(DIFF_ELEMENTS / (rowsPerBlock * d)));
    for (let i0 = 0; i0 < n; i0 += rowsPerBlock) {
      const rows = Math.min(rowsPerBlock, n - i0);
      const qBlock = query.data.subarray(i0 * d, (i0 + rows) * d);
      for (let j0 = 0; j0 < m; j0 += colsPerBlock) {
        const cols = Math.min(colsPerBlock, m - j0);
        const fBlock = x.data.subarray(j0 * d, (j0 + cols) * d);
        let dist: TypedArray;
        if (manhattan) {
          dist = buffer!.subarray(0, rows * cols);
          K.cdist(qBlock, fBlock, dist, rows, cols, d, viaCdist ? 2 : 1);
          if (viaCdist) for (let c = 0; c < dist.length; c++) dist[c] *= dist[c];
        } else {
          // [rows, 1, d] - [1, cols, d] -> |.| -> max or Σ(.)^p over d: the reduced distance
          const a = new Tensor(qBlock, [rows, 1, d]);
          const b = new Tensor(fBlock, [1, cols, d]);
          const diff = a.sub(b).abs();
          dist = (metric.kind === "chebyshev" ? diff.amax(2) : diff.pow(metric.p).sum(2)).data;
        }
        for (let r = 0; r < rows; r++) heaps.pushRow(i0 + r, dist, r * cols, cols, j0);
      }
    }
  }

  // scikit-learn runs "parallel on X" only with more than 4 chunks of 256 queries per thread
  if (metric.kind === "cosine") heaps.finishByIndex();
  else heaps.finish(n <= 4 * SKLEARN_CHUNK);
  const distances = allocate(dtype, n * k);
  for (let i = 0; i < n * k; i++) distances[i] = reducedToDistance(metric, heaps.values[i]);
  return { distances: new Tensor(distances, [n, k]), indices: new Tensor(heaps.indices, [n, k]) };
}

/** Row `row`'s cosine distances `clip(1 - q̂·x̂, 0, 2)` into its heap. */
function pushCosine(heaps: KminHeaps, row: number, dots: TypedArray, off: number, count: number, first: number): void {
  const { values, k } = heaps;
  const hOff = row * k;
  let top = values[hOff];
  for (let c = 0; c < count; c++) {
    const v = Math.min(2, Math.max(0, 1 - dots[off + c]));
    if (v < top) {
      heaps.push(row, v, first + c);
      top = values[hOff];
    }
  }
}
