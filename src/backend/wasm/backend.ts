import type { TypedArray } from "../../tensor/dtype.ts";
import type { AdamHyper, Backend, BinaryOp, BlockVisitor, ReduceOp, SGDHyper, UnaryGradOp, UnaryOp } from "../backend.ts";
import { adamScalars } from "../js_fused.ts";
import { jsBackend } from "../js.ts";
import { gemmBlocksWith } from "../gemm.ts";
import { argKminEuclideanBlock } from "../js_argkmin.ts";
import type { WasmModule } from "./module.ts";
import { BINARY_CODES, GRAD_CODES, REDUCE_CODES, UNARY_CODES, poolArg, poolArgs } from "./opcodes.ts";
import { POOL_KERNELS, type PoolJob, type WorkerPool } from "./pool.ts";

/*
 * The WebAssembly SIMD backend: float32 kernels in wasm, everything else (float64, int32, ops without a
 * wasm kernel, and sizes too small to pay for the copies) on the plain-TS reference. Built as
 * `{ ...jsBackend, ...wasm kernels }`, so a kernel added to the Backend interface runs on its JS
 * reference here until it gets a wasm version.
 *
 * Each call copies its inputs into the module's arena, runs, and copies the output back. The size
 * thresholds below are where the wasm kernel, copies included, starts beating the JS loop (measured on
 * a 2-core Zen 4 under Node 20, each kernel at sizes from 16 to 1M elements). When the module has a
 * parallel twin with a worker pool (module.ts, pool.ts), big gemms and cdists are copied into its
 * shared memory instead and shared out over its threads by blocks of the output; every other kernel
 * runs on the calling thread.
 */

/**
 * Sizes below which a call stays on the JS reference. Mutable so that benchmarks and tests can move
 * them (0 sends everything to wasm).
 */
export const thresholds = {
  /** Multiply-adds (m * k * n) of a gemm: below 8 x 8 x 8, packing and copies cost more than they save. */
  gemmMacs: 512,
  /**
   * Multiply-adds of a gemm (or terms n * m * d of a cdist) shared out over the worker pool (when
   * there is one). With two threads, a parked worker (woken in ~60 us) breaks even at 2M
   * (64 x 256 x 128) and gains a third at 6.4M (64 x 784 x 128); a spinning one gains from 1M. In the
   * MLP's training step the 6.4M products gain less (5-20%), as copies into shared memory run at ~40%
   * of the speed of copies into the unshared one.
   */
  parallelGemmMacs: 1 << 21,
  /**
   * Chunks per thread a pooled gemm is cut into. Each chunk packs all of the other operand, and one
   * per thread measured best (2 or 4 cost 2-10%); threads claim chunks, so a late or descheduled
   * worker leaves its chunk to the caller rather than holding it up.
   */
  gemmChunksPerThread: 1,
  /**
   * Chunks per thread of each block of a pooled gemmBlocks: finer than a gemm's, so that the calling
   * thread, back from visiting the previous block, still finds chunks to run.
   */
  gemmBlockChunksPerThread: 8,
  /** Multiply-adds of a whole gemmBlocks worth waiting for the pool's workers to start (~30 ms of work). */
  waitForPoolMacs: 1 << 30,
  /** Elements of an elementwise op, reduction or softmax. */
  elementwise: 128,
  /** Elements of exp / sigmoid / tanh / softmax, which cost more per element in JS. */
  transcendental: 32,
  /** Elements of an argmax / argmin. */
  argReduce: 128,
};

const COMPARISON = new Set<BinaryOp>(["eq", "ne", "gt", "lt", "ge", "le"]);
const TRANSCENDENTAL = new Set<UnaryOp | UnaryGradOp>(["exp", "sigmoid", "tanh", "elu", "selu", "celu", "softplus", "logsigmoid", "silu", "mish"]);
const GRAD: Partial<Record<UnaryGradOp, number>> = GRAD_CODES;
/** Gradients the kernel reads y = f(x) for (the rest read x). */
const READS_Y = new Set<UnaryGradOp>(["sigmoid", "tanh", "elu"]);

/** A power of two in [2^-20, 2^20]: a factor that scales float32 values exactly. */
function powerOfTwo(v: number): boolean {
  const e = Math.log2(v);
  return Number.isInteger(e) && Math.abs(e) <= 20;
}

/** Exactly a float32 (a bound or a slope the float32 kernel compares or scales with as the reference does). */
function isFloat32(v: number): boolean {
  return Number.isFinite(v) && Math.fround(v) === v;
}

/**
 * Whether the float32 kernel of a parameterised activation agrees with the reference at `alpha` /
 * `beta`: softplus scales x by beta before an exp, where a rounded product would cost ulps, so it
 * takes powers of two (the default 1 among them); celu's gradient likewise; the kinks of the shrinks
 * and hardtanh must be float32 values.
 */
function paramsOk(op: UnaryOp | UnaryGradOp, alpha: number, beta: number, backward: boolean): boolean {
  switch (op) {
    case "softplus": return powerOfTwo(alpha) && !Number.isNaN(beta);
    case "celu": return backward ? powerOfTwo(alpha) : alpha >= 2 ** -20 && alpha <= 2 ** 20;
    case "elu": return backward ? isFloat32(alpha) : Number.isFinite(alpha);
    case "leakyRelu": return backward ? Number.isFinite(alpha) : true;
    case "hardshrink": case "softshrink": case "shrink": return isFloat32(alpha);
    case "hardtanh": return isFloat32(alpha) && isFloat32(beta);
    default: return true;
  }
}
const UNARY: Partial<Record<UnaryOp, number>> = UNARY_CODES;
const BINARY: Partial<Record<BinaryOp, number>> = BINARY_CODES;
const REDUCE: Partial<Record<ReduceOp, number>> = REDUCE_CODES;

/** The Backend running on a loaded module. */
export function wasmBackend(wasm: WasmModule): Backend {
  const k = wasm.kernels;
  const js = jsBackend;

  /** Copies n elements of src from `offset` into mod's arena at byte address p (int32 converts to float32). */
  function put(src: TypedArray, offset: number, n: number, p: number, mod = wasm): void {
    mod.f32.set(offset === 0 && src.length === n ? src : src.subarray(offset, offset + n), p >> 2);
  }
  /**
   * Copies n float32 (or int32) elements at byte address p of mod's arena into dst from `offset`; a
   * bool dst takes the int32 0 / 1 that the comparison kernels write, narrowed to bytes by `set`.
   */
  function get(p: number, n: number, dst: TypedArray, offset: number, mod = wasm): void {
    const view = dst instanceof Int32Array || dst instanceof Uint8Array ? mod.i32 : mod.f32;
    dst.set(view.subarray(p >> 2, (p >> 2) + n), offset);
  }
  /**
   * How a one-output kernel runs on `mod` (this module, or its parallel twin): `count` elements of
   * each input, from its `offset`, are copied into the arena, `run` gets their byte addresses and the
   * output's, and `outCount` results come back into `out` from `outOffset`. With `outIsInput`, out's
   * values are copied in first, for a kernel that adds into its output.
   */
  function viaArena(
    inputs: readonly Operand[], out: TypedArray, outCount: number, run: (pointers: number[], po: number) => void,
    { mod = wasm, outOffset = 0, outIsInput = false }: { mod?: WasmModule; outOffset?: number; outIsInput?: boolean } = {},
  ): void {
    const pointers = inputs.map(([, count]) => mod.alloc(count));
    const po = mod.alloc(outCount);
    mod.ready();
    inputs.forEach(([src, count, offset = 0], i) => put(src, offset, count, pointers[i], mod));
    if (outIsInput) put(out, outOffset, outCount, po, mod);
    run(pointers, po);
    get(po, outCount, out, outOffset, mod);
  }

  /** The parallel twin and its pool, when a call of `work` multiply-adds is worth sharing out; else null. */
  function pooled(work: number): [WasmModule, WorkerPool] | null {
    const parallel = wasm.parallel;
    const pool = parallel?.pool ?? null;
    return parallel !== null && pool !== null && work >= thresholds.parallelGemmMacs && pool.ready() ? [parallel, pool] : null;
  }

  function gemm(
    a: TypedArray, aOff: number, transA: boolean,
    b: TypedArray, bOff: number, transB: boolean,
    out: TypedArray, outOff: number,
    m: number, kk: number, n: number, accumulate = false,
  ): void {
    if (!(a instanceof Float32Array && b instanceof Float32Array && out instanceof Float32Array) || m * kk * n < thresholds.gemmMacs) {
      js.gemm(a, aOff, transA, b, bOff, transB, out, outOff, m, kk, n, accumulate);
      return;
    }
    const acc = accumulate ? 1 : 0;
    const ta = transA ? 1 : 0;
    const tb = transB ? 1 : 0;
    const operands: Operand[] = [[a, m * kk, aOff], [b, kk * n, bOff]];
    const arena = { outOffset: outOff, outIsInput: accumulate };
    const threads = pooled(m * kk * n);
    if (threads === null) {
      viaArena(operands, out, m * n, ([pa, pb], pc) => k.gemm(pa, ta, pb, tb, pc, m, kk, n, wasm.works[0], 0, m, 0, n, acc), arena);
      return;
    }
    const [parallel, pool] = threads;
    const chunks = Math.max(1, Math.round(pool.threads * thresholds.gemmChunksPerThread));
    viaArena(operands, out, m * n, ([pa, pb], pc) => pool.run(gemmJob(pa, ta, pb, tb, pc, m, kk, n, acc, chunks)), { ...arena, mod: parallel });
  }

  /**
   * gemmBlocks (backend.ts). On the pool: A and each column block of B are copied into the shared
   * memory once, and the blocks of C are computed into two buffers there in turn: while the workers run
   * the chunks of one block, this thread visits the previous one straight from the shared memory (no
   * copy out: V8 copies out of a shared buffer at a third of the speed), then joins in on the chunks left.
   * Chunks are finer than a plain gemm's (gemmBlockChunksPerThread) so that this thread, back from its
   * visit, still finds some. Elsewhere, a block at a time through `gemm`.
   */
  function gemmBlocks(a: TypedArray, b: TypedArray, m: number, kk: number, n: number, rows: number, cols: number, visit: BlockVisitor): void {
    rows = Math.min(rows, m);
    cols = Math.min(cols, n);
    // the pool starts on first use and, until its workers are up, calls run on this thread alone: a
    // product this big is worth waiting the few milliseconds they take
    if (m * kk * n >= thresholds.waitForPoolMacs) wasm.parallel?.pool?.waitReady(1000);
    const threads = a instanceof Float32Array && b instanceof Float32Array ? pooled(rows * kk * cols) : null;
    if (threads === null) {
      gemmBlocksWith(gemm, a, b, m, kk, n, rows, cols, visit);
      return;
    }
    const [parallel, pool] = threads;
    const pa = parallel.alloc(m * kk);
    const pb = parallel.alloc(cols * kk);
    const pc = [parallel.alloc(rows * cols), parallel.alloc(rows * cols)];
    parallel.ready();
    put(a, 0, m * kk, pa, parallel);
    const chunks = pool.threads * thresholds.gemmBlockChunksPerThread;
    /** The block computed last and not visited yet. */
    let pending: { c: number; i0: number; j0: number; rows: number; cols: number } | null = null;
    const visitPending = (): void => {
      if (pending === null) return;
      visit(parallel.f32, pending.c >> 2, pending.i0, pending.j0, pending.rows, pending.cols);
      pending = null;
    };
    let turn = 0;
    for (let j0 = 0; j0 < n; j0 += cols) {
      const nc = Math.min(cols, n - j0);
      visitPending(); // before B's block is replaced (no job is running now)
      put(b, j0 * kk, nc * kk, pb, parallel);
      for (let i0 = 0; i0 < m; i0 += rows) {
        const nr = Math.min(rows, m - i0);
        const c = pc[turn];
        turn ^= 1;
        const started = pool.start(gemmJob(pa + i0 * kk * 4, 0, pb, 1, c, nr, kk, nc, 0, chunks));
        try {
          visitPending();
        } finally {
          pool.finish(started);
        }
        pending = { c, i0, j0, rows: nr, cols: nc };
      }
    }
    visitPending();
  }

  /**
   * argKminEuclidean (backend.ts). On the pool: q, the norms and the heaps are copied into the shared
   * memory once and each column block of x once; for each block the threads share its product (a gemm
   * job) and then its heap updates (an argkminEuclidean job, by rows: each row's heap is one thread's),
   * and the heaps come back at the end. Elsewhere, gemmBlocks with the plain-TS heap updates.
   */
  function argKminEuclidean(
    q: TypedArray, x: TypedArray, n: number, d: number, m: number, qn: Float64Array, fn: Float64Array,
    values: Float64Array, indices: Int32Array, kk: number, rows: number, cols: number,
  ): void {
    rows = Math.min(rows, n);
    cols = Math.min(cols, m);
    if (n * d * m >= thresholds.waitForPoolMacs) wasm.parallel?.pool?.waitReady(1000);
    const threads = q instanceof Float32Array && x instanceof Float32Array ? pooled(rows * d * cols) : null;
    if (threads === null) {
      gemmBlocks(q, x, n, d, m, rows, cols, (block, offset, i0, j0, nr, nc) => {
        argKminEuclideanBlock(block, offset, nr, nc, qn, fn, j0, i0, values, indices, kk);
      });
      return;
    }
    const [parallel, pool] = threads;
    const pq = parallel.alloc(n * d);
    const px = parallel.alloc(cols * d);
    const pc = parallel.alloc(rows * cols);
    const pqn = parallel.alloc(2 * n);
    const pfn = parallel.alloc(2 * m);
    const pv = parallel.alloc(2 * n * kk);
    const pi = parallel.alloc(n * kk);
    parallel.ready();
    const f64 = (p: number, len: number): Float64Array => new Float64Array(parallel.memory.buffer, p, len);
    put(q, 0, n * d, pq, parallel);
    f64(pqn, n).set(qn);
    f64(pfn, m).set(fn);
    f64(pv, n * kk).set(values);
    parallel.i32.set(indices, pi >> 2);
    const gemmChunks = pool.threads * thresholds.gemmChunksPerThread;
    for (let j0 = 0; j0 < m; j0 += cols) {
      const nc = Math.min(cols, m - j0);
      put(x, j0 * d, nc * d, px, parallel);
      for (let i0 = 0; i0 < n; i0 += rows) {
        const nr = Math.min(rows, n - i0);
        pool.run(gemmJob(pq + i0 * d * 4, 0, px, 1, pc, nr, d, nc, 0, gemmChunks));
        pool.run({
          kernel: ARGKMIN_KERNEL,
          args: poolArgs("argkminEuclidean", { dots: pc, cols: nc, qn: pqn, fn: pfn, j0, row0: i0, values: pv, indices: pi, k: kk, i0: 0, i1: nr }),
          work: -1, lo: ARGKMIN_ARG.i0, hi: ARGKMIN_ARG.i1, len: nr, unit: Math.ceil(nr / (4 * pool.threads)),
        });
      }
    }
    values.set(f64(pv, n * kk));
    indices.set(parallel.i32.subarray(pi >> 2, (pi >> 2) + n * kk));
  }

  function unary(op: UnaryOp, x: TypedArray, out: TypedArray, alpha = 0, beta = 0): void {
    const n = x.length;
    let code = UNARY[op];
    if (op === "powScalar" && alpha === 2) code = UNARY_CODES.square;
    if (op === "round" && alpha !== 0) code = undefined; // the kernel rounds to integers only
    if (code === undefined || !(x instanceof Float32Array && out instanceof Float32Array) || n < (TRANSCENDENTAL.has(op) ? thresholds.transcendental : thresholds.elementwise)) {
      js.unary(op, x, out, alpha, beta);
      return;
    }
    if (op === "clamp" && (alpha !== alpha || beta !== beta)) return js.unary(op, x, out, alpha, beta); // a NaN bound: NaN everywhere
    if (!paramsOk(op, alpha, beta, false)) return js.unary(op, x, out, alpha, beta);
    if (op === "celu") beta = 1 / alpha; // the kernel multiplies by 1 / alpha, as the reference does
    if (op === "clamp" && alpha > beta) alpha = beta; // min(max(x, lo), hi): hi wins when lo > hi
    viaArena([[x, n]], out, n, ([px], po) => k.unary(code, px, po, n, alpha, beta));
  }

  function binary(
    op: BinaryOp, a: TypedArray, aStrides: readonly number[],
    b: TypedArray, bStrides: readonly number[], out: TypedArray, shape: readonly number[],
  ): void {
    const code = BINARY[op];
    const total = out.length;
    const comparison = COMPARISON.has(op);
    // arithmetic reads int32 operands as float32 (as PyTorch does), and a one-element operand of any
    // dtype as a scalar; comparisons need float32 on both sides, and write int32 or bool 0 / 1
    const typesOk = comparison
      ? a instanceof Float32Array && b instanceof Float32Array && (out instanceof Int32Array || out instanceof Uint8Array)
      : out instanceof Float32Array && arithmeticOperand(a) && arithmeticOperand(b);
    if (code === undefined || !typesOk || total < thresholds.elementwise) {
      js.binary(op, a, aStrides, b, bStrides, out, shape);
      return;
    }
    const [dims, sa, sb] = collapse(shape, aStrides, bStrides);
    if (dims.length === 1) {
      const [n] = dims;
      if (sa[0] === 1 && sb[0] === 1) {
        return viaArena([[a, n], [b, n]], out, n, ([pa, pb], po) => k.binarySame(code, pa, pb, po, n));
      }
      if (sa[0] === 1 && sb[0] === 0) return scalar(code, 0, a, b[0], out, n);
      if (sa[0] === 0 && sb[0] === 1) return scalar(code, 1, b, a[0], out, n);
    } else if (dims.length === 2) {
      const [rows, cols] = dims;
      const aFull = sa[0] === cols && sa[1] === 1;
      const bFull = sb[0] === cols && sb[1] === 1;
      if (aFull && sb[0] === 0 && sb[1] === 1) return broadcast(k.binaryRow, code, 0, a, b, cols, out, rows, cols);
      if (bFull && sa[0] === 0 && sa[1] === 1) return broadcast(k.binaryRow, code, 1, b, a, cols, out, rows, cols);
      if (aFull && sb[0] === 1 && sb[1] === 0) return broadcast(k.binaryCol, code, 0, a, b, rows, out, rows, cols);
      if (bFull && sa[0] === 1 && sa[1] === 0) return broadcast(k.binaryCol, code, 1, b, a, rows, out, rows, cols);
    }
    js.binary(op, a, aStrides, b, bStrides, out, shape);
  }

  function scalar(code: number, swap: number, x: TypedArray, s: number, out: TypedArray, n: number): void {
    viaArena([[x, n]], out, n, ([px], po) => k.binaryScalar(code, swap, px, s, po, n));
  }

  function broadcast(
    kernel: WasmModuleKernel, code: number, swap: number, x: TypedArray, v: TypedArray, vn: number,
    out: TypedArray, rows: number, cols: number,
  ): void {
    const n = rows * cols;
    viaArena([[x, n], [v, vn]], out, n, ([px, pv], po) => kernel(code, swap, px, pv, po, rows, cols));
  }

  function reduce(op: ReduceOp, x: TypedArray, out: TypedArray, outer: number, size: number, inner: number): void {
    const n = outer * size * inner;
    const code = REDUCE[op];
    if (code === undefined || !(x instanceof Float32Array && out instanceof Float32Array) || n < thresholds.elementwise) {
      js.reduce(op, x, out, outer, size, inner);
      return;
    }
    viaArena([[x, n]], out, outer * inner, ([px], po) => k.reduce(code, px, po, outer, size, inner));
  }

  function argReduce(op: "max" | "min", x: TypedArray, out: Int32Array, outer: number, size: number, inner: number): void {
    const n = outer * size * inner;
    if (!(x instanceof Float32Array) || n < thresholds.argReduce || size === 0) {
      js.argReduce(op, x, out, outer, size, inner);
      return;
    }
    viaArena([[x, n]], out, outer * inner, ([px], po) => k.argReduce(op === "max" ? 1 : 0, px, po, outer, size, inner));
  }

  function softmax(x: TypedArray, out: TypedArray, outer: number, size: number, inner: number, log: boolean): void {
    const n = outer * size * inner;
    if (!(x instanceof Float32Array && out instanceof Float32Array) || n < thresholds.transcendental || (inner > 1 && inner < 4)) {
      js.softmax(x, out, outer, size, inner, log);
      return;
    }
    viaArena([[x, n]], out, n, ([px], po) => k.softmax(px, po, outer, size, inner, log ? 1 : 0));
  }

  // ---- fused training kernels: relu's gradient and the SGD update give the reference's exact bits;
  // the Adam update (float32 arithmetic) and softmax cross-entropy (built from the softmax and exp
  // kernels) agree within float32 rounding; the rest run the reference

  function unaryBackward(
    op: UnaryGradOp, x: TypedArray | null, y: TypedArray | null, g: TypedArray, out: TypedArray, alpha?: number, beta?: number,
  ): void {
    const n = g.length;
    const a = alpha ?? 0;
    const b = beta ?? 0;
    const code = GRAD[op];
    const readsY = READS_Y.has(op);
    const readsX = op !== "sigmoid" && op !== "tanh";
    const typesOk = g instanceof Float32Array && out instanceof Float32Array && (!readsX || x instanceof Float32Array) && (!readsY || y instanceof Float32Array);
    if ((op !== "relu" && code === undefined) || !typesOk || n < (TRANSCENDENTAL.has(op) ? thresholds.transcendental : thresholds.elementwise) || !paramsOk(op, a, b, true)) {
      js.unaryBackward(op, x, y, g, out, alpha, beta);
      return;
    }
    if (op === "relu") return viaArena([[x as TypedArray, n], [g, n]], out, n, ([px, pg], po) => k.reluBackward(px, pg, po, n));
    const inputs: Operand[] = [[g, n]];
    if (readsX) inputs.push([x as TypedArray, n]);
    if (readsY) inputs.push([y as TypedArray, n]);
    viaArena(inputs, out, n, ([pg, p1 = 0, p2 = 0], po) => {
      const px = readsX ? p1 : 0;
      const py = readsY ? (readsX ? p2 : p1) : 0;
      k.unaryBackward(code as number, px, py, pg, po, n, a, op === "celu" ? 1 / a : b);
    });
  }

  function addRowBias(y: TypedArray, bias: TypedArray, rows: number, cols: number): void {
    const n = rows * cols;
    if (!(y instanceof Float32Array && bias instanceof Float32Array) || n < thresholds.elementwise) {
      js.addRowBias(y, bias, rows, cols);
      return;
    }
    broadcast(k.binaryRow, BINARY_CODES.add, 0, y, bias, cols, y, rows, cols);
  }

  function sumRows(x: TypedArray, out: TypedArray, rows: number, cols: number): void {
    if (!(x instanceof Float32Array && out instanceof Float32Array) || rows * cols < thresholds.elementwise) {
      js.sumRows(x, out, rows, cols);
      return;
    }
    reduce("sum", x, out, 1, rows, cols); // the same float64 sums, in the same row order, per column
  }

  function softmaxCrossEntropy(
    logits: TypedArray, targets: Int32Array, probs: TypedArray, loss: TypedArray, rows: number, classes: number,
  ): number {
    const n = rows * classes;
    if (!(logits instanceof Float32Array && probs instanceof Float32Array && loss instanceof Float32Array) || n < thresholds.transcendental) {
      return js.softmaxCrossEntropy(logits, targets, probs, loss, rows, classes);
    }
    // log softmax in one kernel pass; the losses are read off it at the targets; exp of it in place
    // gives the probabilities
    softmax(logits, probs, rows, classes, 1, true);
    let total = 0;
    for (let r = 0, base = 0; r < rows; r++, base += classes) {
      const l = -probs[base + targets[r]];
      loss[r] = l;
      total += l;
    }
    unary("exp", probs, probs);
    return total;
  }

  function sgdUpdate(param: TypedArray, grad: TypedArray, buf: TypedArray | null, h: SGDHyper): void {
    const n = param.length;
    const plain = buf === null || h.momentum === 0;
    const simple = h.weightDecay === 0 && (plain || (!h.nesterov && !h.firstStep));
    const types = param instanceof Float32Array && grad instanceof Float32Array && (plain || buf instanceof Float32Array);
    if (!simple || !types || n < thresholds.elementwise) {
      js.sgdUpdate(param, grad, buf, h);
      return;
    }
    const pw = wasm.alloc(n);
    const pg = wasm.alloc(n);
    const pb = plain ? 0 : wasm.alloc(n);
    wasm.ready();
    put(param, 0, n, pw);
    put(grad, 0, n, pg);
    if (!plain) put(buf as TypedArray, 0, n, pb);
    k.sgdUpdate(pw, pg, pb, n, h.lr, h.momentum, 1 - h.dampening, h.maximize ? -1 : 1, plain ? 0 : 1);
    get(pw, n, param, 0);
    if (!plain) get(pb, n, buf as TypedArray, 0);
  }

  function adamUpdate(
    param: TypedArray, grad: TypedArray, expAvg: TypedArray, expAvgSq: TypedArray, maxExpAvgSq: TypedArray | null, h: AdamHyper,
  ): void {
    const n = param.length;
    const all = [param, grad, expAvg, expAvgSq, ...(maxExpAvgSq === null ? [] : [maxExpAvgSq])];
    if (!all.every((t) => t instanceof Float32Array) || n < thresholds.elementwise) {
      js.adamUpdate(param, grad, expAvg, expAvgSq, maxExpAvgSq, h);
      return;
    }
    const pointers = all.map(() => wasm.alloc(n));
    wasm.ready();
    all.forEach((t, i) => put(t, 0, n, pointers[i]));
    const [pw, pg, pm, pv, pMax = 0] = pointers;
    const { sign, l2, decay, stepSize, bc2Sqrt } = adamScalars(h);
    k.adamUpdate(
      pw, pg, pm, pv, pMax, n, sign, l2, decay, h.beta1, 1 - h.beta1, h.beta2, 1 - h.beta2, h.eps, stepSize, bc2Sqrt,
      h.decoupled ? 1 : 0,
    );
    all.forEach((t, i) => {
      if (t !== grad) get(pointers[i], n, t, 0);
    });
  }

  function cdist(x1: TypedArray, x2: TypedArray, out: TypedArray, n: number, m: number, d: number, p: 1 | 2): void {
    if (!(x1 instanceof Float32Array && x2 instanceof Float32Array && out instanceof Float32Array) || n * m * d < thresholds.gemmMacs || (p !== 1 && p !== 2)) {
      js.cdist(x1, x2, out, n, m, d, p);
      return;
    }
    const l1 = p === 1 ? 1 : 0;
    const operands: Operand[] = [[x1, n * d], [x2, m * d]];
    const threads = pooled(n * m * d);
    if (threads === null || n < 2 * threads[1].threads) {
      viaArena(operands, out, n * m, ([pa, pb], po) => k.cdist(pa, pb, po, n, m, d, l1, 0, n));
      return;
    }
    const [parallel, pool] = threads;
    // chunks of whole row pairs of x1 (the kernel's block), one per thread
    const unit = Math.ceil(n / pool.threads / 2) * 2;
    viaArena(operands, out, n * m, ([pa, pb], po) => pool.run({
      kernel: CDIST_KERNEL, args: poolArgs("cdist", { x1: pa, x2: pb, out: po, n, m, d, l1, i0: 0, i1: n }), work: -1, lo: CDIST_ARG.i0, hi: CDIST_ARG.i1, len: n, unit,
    }), { mod: parallel });
  }

  return {
    ...jsBackend,
    name: wasm.parallel?.pool == null ? wasm.tier : `${wasm.tier} x${wasm.parallel.pool.threads}`,
    gemm, gemmBlocks, argKminEuclidean, unary, binary, reduce, argReduce, softmax,
    unaryBackward, addRowBias, sumRows, softmaxCrossEntropy, sgdUpdate, adamUpdate, cdist,
  };
}

/** A kernel's input: the array, how many elements the kernel reads, and where they start (default 0). */
type Operand = readonly [src: TypedArray, count: number, offset?: number];

const GEMM_KERNEL = POOL_KERNELS.indexOf("gemm");
const CDIST_KERNEL = POOL_KERNELS.indexOf("cdist");
const ARGKMIN_KERNEL = POOL_KERNELS.indexOf("argkminEuclidean");
const ARGKMIN_ARG = { i0: poolArg("argkminEuclidean", "i0"), i1: poolArg("argkminEuclidean", "i1") };
/** Positions of the arguments a pool job sets per chunk (opcodes.ts POOL_ARGS). */
/**
 * The pool job of a whole gemm at byte addresses of the shared memory, cut into about `chunks` chunks
 * of whole micro-tiles (MR x NR = 5 x 8, assembly/gemm.ts) along C's longer side; each chunk packs all
 * of the other operand.
 */
function gemmJob(a: number, transA: number, b: number, transB: number, c: number, m: number, k: number, n: number, accumulate: number, chunks: number): PoolJob {
  const byRows = m >= n;
  const len = byRows ? m : n;
  const tile = byRows ? 5 : 8;
  return {
    kernel: GEMM_KERNEL, args: poolArgs("gemm", { a, transA, b, transB, c, m, k, n, work: 0, i0: 0, i1: m, j0: 0, j1: n, accumulate }),
    work: GEMM_ARG.work, lo: byRows ? GEMM_ARG.i0 : GEMM_ARG.j0, hi: byRows ? GEMM_ARG.i1 : GEMM_ARG.j1, len,
    unit: Math.ceil(Math.ceil(len / tile) / chunks) * tile,
  };
}

const GEMM_ARG = { work: poolArg("gemm", "work"), i0: poolArg("gemm", "i0"), i1: poolArg("gemm", "i1"), j0: poolArg("gemm", "j0"), j1: poolArg("gemm", "j1") };
const CDIST_ARG = { i0: poolArg("cdist", "i0"), i1: poolArg("cdist", "i1") };

function arithmeticOperand(t: TypedArray): boolean {
  return t instanceof Float32Array || t instanceof Int32Array || t.length === 1;
}

type WasmModuleKernel = WasmModule["kernels"]["binaryRow"];

/**
 * Drops size-1 dimensions and merges neighbours that both operands walk contiguously (or both
 * broadcast), so `[64, 128] + [128]` is rows x cols and `[2, 3, 4] * [2, 3, 4]` is one run of 24.
 */
export function collapse(shape: readonly number[], aStrides: readonly number[], bStrides: readonly number[]): [number[], number[], number[]] {
  const dims: number[] = [];
  const sa: number[] = [];
  const sb: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    const last = dims.length - 1;
    if (last >= 0 && sa[last] === aStrides[d] * shape[d] && sb[last] === bStrides[d] * shape[d]) {
      dims[last] *= shape[d];
      sa[last] = aStrides[d];
      sb[last] = bStrides[d];
    } else {
      dims.push(shape[d]);
      sa.push(aStrides[d]);
      sb.push(bStrides[d]);
    }
  }
  return [dims, sa, sb];
}
