import { madd } from "./vmath";

/*
 * C = op(A) · op(B) on float32, BLIS-style: for each KC-deep slice of k and NC-wide block of columns,
 * B is packed into NR-wide strips (each row of a strip contiguous, zero-padded at the edge), then for
 * each MC-high block of rows A is packed into MR-high strips; the micro-kernel multiplies one A strip
 * by one B strip with MR x NR = 5 x 8 floats of C held in 10 v128 accumulators. The transposes are
 * absorbed by the packing, so all four cases run the same micro-kernel. A B strip (KC x NR, 8 KiB)
 * stays in L1 while the A block (MC x KC, 120 KiB) streams from L2. Edge tiles are computed into a
 * scratch tile and copied.
 */

// @ts-ignore: decorator
@inline const MR = 5;
// @ts-ignore: decorator
@inline const NR = 8;
// @ts-ignore: decorator
@inline const KC = 256;
// @ts-ignore: decorator
@inline const MC = 120;
// @ts-ignore: decorator
@inline const NC = 1024;

/** Bytes of scratch the gemm needs at `work`: a packed A block, a packed B block and one tile. */
export function gemmWorkBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) << 2;
}

/**
 * C[MR x NR] (= or +=) the product of a packed A strip and a packed B strip over kc. Not inlined on
 * purpose: in its own function the accumulators get registers (inlined into the blocked loops, V8
 * spills them and the gemm runs at half speed).
 *
 * Registers: V8 gives wasm 15 vector registers (16 less a scratch) and issues every load of the loop
 * body before its arithmetic, so each load holds a register until its multiply-adds run. Five
 * load32_splats of A would need 10 + 2 + 5 = 17 and spill (so would 6 x 8, 4 x 12, 3 x 16, or any
 * unrolling of p); instead rows 0-3 of A come in one v128 load and are splatted by shuffles, each next
 * to the multiply-adds that use it, and only row 4 is a load32_splat: 10 accumulators, 2 B vectors,
 * the A vector and one splat at a time make 14 (15 in the plain build, with its product). Ten
 * accumulators rather than eight do more multiply-adds per load of B and per loop step, and the loop
 * runs on the B address rather than a counter: an add fewer per step in a loop whose instruction
 * count, next to its 10 multiply-adds, is what limits it.
 */
function microKernel(a: usize, b: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let c40 = f32x4.splat(0), c41 = f32x4.splat(0);
  const end = b + <usize>kc * (NR << 2);
  while (b < end) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const a4 = v128.load(a); // rows 0-3 (row 4 is the strip's fifth float)
    let x = v128.shuffle<f32>(a4, a4, 0, 0, 0, 0);
    c00 = madd(x, b0, c00);
    c01 = madd(x, b1, c01);
    x = v128.shuffle<f32>(a4, a4, 1, 1, 1, 1);
    c10 = madd(x, b0, c10);
    c11 = madd(x, b1, c11);
    x = v128.shuffle<f32>(a4, a4, 2, 2, 2, 2);
    c20 = madd(x, b0, c20);
    c21 = madd(x, b1, c21);
    x = v128.shuffle<f32>(a4, a4, 3, 3, 3, 3);
    c30 = madd(x, b0, c30);
    c31 = madd(x, b1, c31);
    x = v128.load32_splat(a, 16);
    c40 = madd(x, b0, c40);
    c41 = madd(x, b1, c41);
    a += MR << 2;
    b += NR << 2;
  }
  const c1 = c + ldc;
  const c2 = c1 + ldc;
  const c3 = c2 + ldc;
  const c4 = c3 + ldc;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(c));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c20 = f32x4.add(c20, v128.load(c2));
    c21 = f32x4.add(c21, v128.load(c2, 16));
    c30 = f32x4.add(c30, v128.load(c3));
    c31 = f32x4.add(c31, v128.load(c3, 16));
    c40 = f32x4.add(c40, v128.load(c4));
    c41 = f32x4.add(c41, v128.load(c4, 16));
  }
  v128.store(c, c00);
  v128.store(c, c01, 16);
  v128.store(c1, c10);
  v128.store(c1, c11, 16);
  v128.store(c2, c20);
  v128.store(c2, c21, 16);
  v128.store(c3, c30);
  v128.store(c3, c31, 16);
  v128.store(c4, c40);
  v128.store(c4, c41, 16);
}

/** Writes the 4 x 4 block at src (rows `stride` bytes apart) transposed to dst, dst rows `dstride` bytes apart. */
// @ts-ignore: decorator
@inline function transpose4(src: usize, stride: usize, dst: usize, dstride: usize): void {
  const r0 = v128.load(src);
  const r1 = v128.load(src + stride);
  const r2 = v128.load(src + 2 * stride);
  const r3 = v128.load(src + 3 * stride);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5);
  const t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7);
  const t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f64>(t0, t1, 0, 2));
  v128.store(dst + dstride, v128.shuffle<f64>(t0, t1, 1, 3));
  v128.store(dst + 2 * dstride, v128.shuffle<f64>(t2, t3, 0, 2));
  v128.store(dst + 3 * dstride, v128.shuffle<f64>(t2, t3, 1, 3));
}

/**
 * Packs `w` (<= W) lines of length `len` into a strip dst[p][q] (W floats per p, zero past w). Line q
 * starts at src + q * lineStride; consecutive elements along p are `step` bytes apart. With step 4 the
 * lines are rows in memory (a transposing pack, done 4 x 4 at a time); otherwise `step` is the row
 * stride and the W values for one p are contiguous in memory at src + p * step.
 */
// @ts-ignore: decorator
@inline function packStrip(W: i32, src: usize, lineStride: usize, step: usize, len: i32, w: i32, dst: usize): void {
  const rowBytes = <usize>W << 2;
  if (step != 4) {
    // the W values of each p are contiguous: copy rows
    if (w == W) {
      for (let p = 0; p < len; p++) {
        const s = src + <usize>p * step;
        const d = dst + <usize>p * rowBytes;
        // whole vectors while they fit in W (5 for A), then single floats
        let q = 0;
        for (; q + 4 <= W; q += 4) v128.store(d + (<usize>q << 2), v128.load(s + (<usize>q << 2)));
        for (; q < W; q++) store<f32>(d + (<usize>q << 2), load<f32>(s + (<usize>q << 2)));
      }
    } else {
      for (let p = 0; p < len; p++) {
        const s = src + <usize>p * step;
        const d = dst + <usize>p * rowBytes;
        for (let q = 0; q < W; q++) store<f32>(d + (<usize>q << 2), q < w ? load<f32>(s + (<usize>q << 2)) : 0);
      }
    }
    return;
  }
  // lines are contiguous along p: transpose 4 x 4 blocks
  let q = 0;
  for (; q + 4 <= w; q += 4) {
    const s = src + <usize>q * lineStride;
    const d = dst + (<usize>q << 2);
    let p = 0;
    for (; p + 4 <= len; p += 4) transpose4(s + (<usize>p << 2), lineStride, d + <usize>p * rowBytes, rowBytes);
    for (; p < len; p++) {
      for (let r = 0; r < 4; r++) store<f32>(d + <usize>p * rowBytes + (<usize>r << 2), load<f32>(s + <usize>r * lineStride + (<usize>p << 2)));
    }
  }
  for (; q < W; q++) {
    const s = src + <usize>q * lineStride;
    const d = dst + (<usize>q << 2);
    if (q < w) {
      for (let p = 0; p < len; p++) store<f32>(d + <usize>p * rowBytes, load<f32>(s + (<usize>p << 2)));
    } else {
      for (let p = 0; p < len; p++) store<f32>(d + <usize>p * rowBytes, 0);
    }
  }
}

/**
 * C (m x n, row-major at c) = op(A) · op(B), or C += op(A) · op(B) when `accumulate`, or the block of
 * it in rows [i0, i1) and columns [j0, j1) (the rest of C is left alone, so threads can share one
 * product by blocks). op(A) is m x k: A is m x k row-major, or k x m when transA. op(B) is k x n: B is
 * k x n, or n x k when transB. `work` holds gemmWorkBytes() of scratch, one per thread running at once.
 */
export function gemm(
  a: usize, transA: bool, b: usize, transB: bool, c: usize, m: i32, k: i32, n: i32, work: usize,
  i0: i32, i1: i32, j0: i32, j1: i32, accumulate: bool,
): void {
  i0 = max(i0, 0);
  j0 = max(j0, 0);
  i1 = min(i1, m);
  j1 = min(j1, n);
  if (i1 <= i0 || j1 <= j0) return;
  const ldc = <usize>n << 2;
  if (k <= 0) {
    if (accumulate) return;
    for (let i = i0; i < i1; i++) memory.fill(c + <usize>i * ldc + (<usize>j0 << 2), 0, <usize>(j1 - j0) << 2);
    return;
  }
  const packA = work;
  const packB = work + (<usize>(MC * KC) << 2);
  const tile = packB + (<usize>(KC * NC) << 2);
  // op(A)[i, p] at a + (i * aRow + p * aCol) * 4, op(B)[p, j] at b + (p * bRow + j * bCol) * 4
  const aRow: usize = transA ? 1 : <usize>k;
  const aCol: usize = transA ? <usize>m : 1;
  const bRow: usize = transB ? 1 : <usize>n;
  const bCol: usize = transB ? <usize>k : 1;
  // equal k slices no deeper than KC (784 = 4 x 196 rather than 3 x 256 + 16)
  const slices = (k + KC - 1) / KC;
  const kcMax = (k + slices - 1) / slices;
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += kcMax) {
      const kc = min(kcMax, k - pc);
      const first = pc == 0 && !accumulate;
      for (let jr = 0; jr < nc; jr += NR) {
        const j = jc + jr;
        // strip lines are the columns j..j+NR of op(B); along p they step by bRow
        packStrip(NR, b + ((<usize>pc * bRow + <usize>j * bCol) << 2), bCol << 2, bRow << 2, kc, min(NR, nc - jr), packB + (<usize>(jr * kc) << 2));
      }
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        for (let ir = 0; ir < mc; ir += MR) {
          const i = ic + ir;
          packStrip(MR, a + ((<usize>i * aRow + <usize>pc * aCol) << 2), aRow << 2, aCol << 2, kc, min(MR, mc - ir), packA + (<usize>(ir * kc) << 2));
        }
        for (let jr = 0; jr < nc; jr += NR) {
          const w = min(NR, nc - jr);
          const bp = packB + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const h = min(MR, mc - ir);
            const ap = packA + (<usize>(ir * kc) << 2);
            const cp = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (w == NR && h == MR) {
              if (first) microKernel(ap, bp, kc, cp, ldc, false);
              else microKernel(ap, bp, kc, cp, ldc, true);
            } else {
              microKernel(ap, bp, kc, tile, NR << 2, false);
              for (let r = 0; r < h; r++) {
                const crow = cp + <usize>r * ldc;
                const trow = tile + (<usize>(r * NR) << 2);
                for (let q = 0; q < w; q++) {
                  const o = crow + (<usize>q << 2);
                  const v = load<f32>(trow + (<usize>q << 2));
                  store<f32>(o, first ? v : load<f32>(o) + v);
                }
              }
            }
          }
        }
      }
    }
  }
}
