/*
 * scikit-learn's ArgKmin for euclidean distances in their GEMM form: a block of dot products q_i·x_j
 * becomes squared distances (-2 q_i·x_j + |q_i|²) + |x_j|², in float64 and in that order of the sums,
 * fed column by column into each row's max-heap of the k smallest. The heap's rule is scikit-learn's
 * (a value equal to the current largest is refused); the JS reference is heapPush in ../../js_argkmin.ts,
 * and both give the same heaps bit for bit.
 */

/** Pushes (val, idx) into the max-heap of k entries at values (f64) / indices (i32); val < values[0]. */
function push(values: usize, indices: usize, k: i32, val: f64, idx: i32): void {
  let cur = 0;
  for (;;) {
    const left = 2 * cur + 1;
    const right = left + 1;
    let swap: i32 = 0;
    if (left >= k) break;
    const vl = load<f64>(values + (<usize>left << 3));
    if (right >= k) {
      if (vl > val) swap = left;
      else break;
    } else {
      const vr = load<f64>(values + (<usize>right << 3));
      if (vl >= vr) {
        if (val < vl) swap = left;
        else break;
      } else if (val < vr) swap = right;
      else break;
    }
    store<f64>(values + (<usize>cur << 3), load<f64>(values + (<usize>swap << 3)));
    store<i32>(indices + (<usize>cur << 2), load<i32>(indices + (<usize>swap << 2)));
    cur = swap;
  }
  store<f64>(values + (<usize>cur << 3), val);
  store<i32>(indices + (<usize>cur << 2), idx);
}

/**
 * Rows [i0, i1) of a block of dot products `dots` (rows x cols float32, row r being query row0 + r,
 * column c fitted point j0 + c) into the heaps of `values` (f64, k per query row) and `indices` (i32),
 * with the squared norms qn (f64, per query row) and fn (f64, per fitted point).
 */
export function argkminEuclidean(
  dots: usize, cols: i32, qn: usize, fn: usize, j0: i32, row0: i32, values: usize, indices: usize, k: i32, i0: i32, i1: i32,
): void {
  const f = fn + (<usize>j0 << 3);
  for (let r = i0; r < i1; r++) {
    const row = row0 + r;
    const hv = values + ((<usize>row * <usize>k) << 3);
    const hi = indices + ((<usize>row * <usize>k) << 2);
    const q = load<f64>(qn + (<usize>row << 3));
    const d = dots + ((<usize>r * <usize>cols) << 2);
    let top = load<f64>(hv);
    for (let c = 0; c < cols; c++) {
      const v = (-2.0 * <f64>load<f32>(d + (<usize>c << 2)) + q) + load<f64>(f + (<usize>c << 3));
      if (v < top) {
        push(hv, hi, k, v, j0 + c);
        top = load<f64>(hv);
      }
    }
  }
}
