import { RELAXED_SIMD_SHARED_WASM, RELAXED_SIMD_WASM, SIMD_SHARED_WASM, SIMD_WASM } from "./kernels.generated.ts";
import { type PoolExports, WorkerPool } from "./pool.ts";
import { type SpawnWorker, workerSpawner } from "./threads.ts";
import { nodeBuiltin } from "../platform.ts";

/*
 * Loads the AssemblyScript kernels and owns the memory they run in. Tensor storage stays in JS typed
 * arrays: each kernel call lays its buffers out in a scratch arena in the wasm memory, copies its
 * inputs in, runs, and copies its output back (so there is nothing to free). The arena is reused by
 * every call and only grows.
 *
 * Layout: [static data | gemm work area per thread | arena]. Every buffer starts on 16 bytes and is
 * padded with a whole spare v128, so kernels can run in whole vectors past the end of a buffer.
 *
 * Tiers: the relaxed-SIMD build (fused multiply-add) where the engine validates it (on Node 20 after
 * turning on V8's flag for it at run time, see enableRelaxedSimdFlag), else plain SIMD128. With more
 * than one thread (Node, or a dedicated worker of a cross-origin-isolated page: threads.ts), a second
 * module, the same tier's shared-memory build, runs on a shared WebAssembly.Memory that every worker
 * instantiates it on, for the calls big enough to share out; each thread has its own gemm work area
 * there. Every other call stays on the first module's unshared memory. Memories are created here and
 * imported by the module, and only the calling thread grows them.
 */

/** The kernels the AssemblyScript module exports (addresses are byte offsets into its memory). */
export interface WasmKernels {
  heapBase(): number;
  gemmWorkBytes(): number;
  /** C = op(A) op(B) (C += op(A) op(B) when accumulate is 1), or its block of rows [i0, i1) and columns [j0, j1). */
  gemm(
    a: number, transA: number, b: number, transB: number, c: number, m: number, k: number, n: number, work: number,
    i0: number, i1: number, j0: number, j1: number, accumulate: number,
  ): void;
  binarySame(op: number, a: number, b: number, out: number, n: number): void;
  binaryScalar(op: number, swap: number, x: number, s: number, out: number, n: number): void;
  binaryRow(op: number, swap: number, x: number, row: number, out: number, rows: number, cols: number): void;
  binaryCol(op: number, swap: number, x: number, col: number, out: number, rows: number, cols: number): void;
  unary(op: number, x: number, out: number, n: number, alpha: number, beta: number): void;
  reduce(op: number, x: number, out: number, outer: number, size: number, inner: number): void;
  argReduce(isMax: number, x: number, out: number, outer: number, size: number, inner: number): void;
  reluBackward(x: number, g: number, out: number, n: number): void;
  unaryBackward(op: number, x: number, y: number, g: number, out: number, n: number, alpha: number, beta: number): void;
  sgdUpdate(w: number, g: number, buf: number, n: number, lr: number, momentum: number, keep: number, sign: number, withMomentum: number): void;
  /** Pairwise L1 (l1 = 1) or L2 distances, rows [i0, i1) of out. */
  cdist(x1: number, x2: number, out: number, n: number, m: number, d: number, l1: number, i0: number, i1: number): void;
  argkminEuclidean(dots: number, cols: number, qn: number, fn: number, j0: number, row0: number, values: number, indices: number, k: number, i0: number, i1: number): void;
  adamUpdate(
    w: number, g: number, m: number, v: number, vMax: number, n: number, sign: number, l2: number, decay: number,
    beta1: number, oneMinusBeta1: number, beta2: number, oneMinusBeta2: number, eps: number, stepSize: number,
    bc2Sqrt: number, decoupled: number,
  ): void;
  softmax(x: number, out: number, outer: number, size: number, inner: number, log: number): void;
}

/** Which build runs. */
export type WasmTier = "wasm-simd" | "wasm-relaxed-simd";

const PAGE = 65536;

function decode(base64: string): Uint8Array<ArrayBuffer> {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}

/** The 64 KiB pages of a shared memory's maximum: wasm32's whole 4 GiB, as the shared builds declare. */
const SHARED_MAX_PAGES = 65536;

/** How a module is loaded: the tier's build, its memory shared or not, and the threads that run it. */
export interface WasmOptions {
  /** Run the shared-memory build on a shared memory (implied by threads > 1). Default false. */
  shared?: boolean;
  /** Threads in all, the caller's included; > 1 needs `spawn` and makes a WorkerPool. Default 1. */
  threads?: number;
  /** How the pool starts its workers (threads.ts). */
  spawn?: SpawnWorker | null;
}

/** A loaded module: its kernels, its memory, a bump allocator over the arena, and its worker pool. */
export class WasmModule {
  readonly tier: WasmTier;
  readonly kernels: WasmKernels;
  readonly memory: WebAssembly.Memory;
  /** Whether the memory is shared (the shared-memory build). */
  readonly shared: boolean;
  /** Each thread's gemm scratch (packed panels): works[0] is the calling thread's. */
  readonly works: readonly number[];
  /** The worker pool, when this module runs on more than one thread. */
  readonly pool: WorkerPool | null;
  /**
   * For calls big enough to share out over threads: a second module, on a shared memory, with the
   * worker pool (null on one thread). Everything else runs here, on an unshared memory, because V8
   * copies into a shared buffer at a third of the speed (relaxed atomic copies), and on this 2-core
   * machine the seeds' kernels ran 20-40% slower there.
   */
  parallel: WasmModule | null = null;
  /** Views of the whole memory, renewed when it grows. */
  f32: Float32Array;
  i32: Int32Array;
  private readonly arenaStart: number;
  private top: number;

  constructor(tier: WasmTier, module: WebAssembly.Module, options: WasmOptions = {}) {
    const threads = options.threads ?? 1;
    this.tier = tier;
    this.shared = options.shared === true || threads > 1;
    this.memory = this.shared
      ? new WebAssembly.Memory({ initial: 32, maximum: SHARED_MAX_PAGES, shared: true })
      : new WebAssembly.Memory({ initial: 32 });
    const instance = new WebAssembly.Instance(module, {
      env: {
        memory: this.memory,
        abort: () => {
          throw new Error("backprop wasm kernel aborted");
        },
      },
    });
    this.kernels = instance.exports as unknown as WasmKernels;
    const works: number[] = [];
    let end = align(this.kernels.heapBase(), 64);
    for (let t = 0; t < threads; t++) {
      works.push(end);
      end = align(end + this.kernels.gemmWorkBytes(), 64);
    }
    this.works = works;
    this.arenaStart = end;
    this.top = this.arenaStart;
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
    if (threads > 1) {
      if (options.spawn == null) throw new Error("backprop: threads > 1 needs a way to start workers");
      this.pool = new WorkerPool(options.spawn, module, this.memory, instance.exports as unknown as PoolExports, works);
    } else this.pool = null;
  }

  /** Reserves a buffer of `n` 4-byte elements (plus padding) in the arena; call `ready()` before use. */
  alloc(n: number): number {
    const p = this.top;
    this.top += align(n * 4, 16) + 16;
    return p;
  }

  /**
   * Grows the memory to hold everything allocated since the last call (and the work areas), then
   * rewinds the arena. Views are renewed here; workers hold none (they run kernels on addresses, and
   * the engine extends every instance of a shared memory when it grows).
   */
  ready(): void {
    const need = this.top;
    this.top = this.arenaStart;
    if (need <= this.f32.byteLength) return;
    const have = this.memory.buffer.byteLength;
    if (need > have) this.memory.grow(Math.ceil((need - have) / PAGE));
    this.f32 = new Float32Array(this.memory.buffer);
    this.i32 = new Int32Array(this.memory.buffer);
  }
}

function align(n: number, to: number): number {
  return Math.ceil(n / to) * to;
}

/**
 * On Node, turns on V8's relaxed-SIMD flag so that the relaxed build can validate: Node 20's V8 has
 * relaxed SIMD behind `--experimental-wasm-relaxed-simd` (Chromium and Node >= 22 ship it on), and V8
 * reads its wasm feature flags when a module is validated or compiled, so setting the flag at run time,
 * before the first validate, works without a command-line flag. The flag is process-wide, so worker
 * threads see it too.
 *
 * `node:v8` is reached through `process.getBuiltinModule` (Node >= 20.16), not an import: a static
 * import would not resolve in a browser bundle, and a dynamic one would need a top-level await. Where
 * it is missing (a browser, Node < 20.16) nothing happens and detection decides as before.
 */
function enableRelaxedSimdFlag(): void {
  try {
    const v8 = nodeBuiltin<{ setFlagsFromString?: (flags: string) => void }>("node:v8");
    v8?.setFlagsFromString?.("--experimental-wasm-relaxed-simd");
  } catch {
    // an engine that refuses the flag keeps the plain build
  }
}

/** The build of a tier, private or shared memory. */
function build(tier: WasmTier, shared: boolean): Uint8Array<ArrayBuffer> {
  if (tier === "wasm-simd") return decode(shared ? SIMD_SHARED_WASM : SIMD_WASM);
  return decode(shared ? RELAXED_SIMD_SHARED_WASM : RELAXED_SIMD_WASM);
}

function chooseTier(preferred?: WasmTier): WasmTier | null {
  if (typeof WebAssembly !== "object") return null;
  if (!WebAssembly.validate(decode(SIMD_WASM))) return null;
  if (preferred !== "wasm-simd") {
    const relaxed = decode(RELAXED_SIMD_WASM);
    if (WebAssembly.validate(relaxed)) return "wasm-relaxed-simd";
    enableRelaxedSimdFlag();
    if (WebAssembly.validate(relaxed)) return "wasm-relaxed-simd";
  }
  return "wasm-simd";
}

/**
 * Loads the best build this engine runs (plain SIMD when `preferred` says so), synchronously: `module`
 * is null where WebAssembly SIMD is missing, and `later` is a promise of it where the engine refuses
 * synchronous compiles of this size (a browser's main thread may), null otherwise. With `threads` > 1
 * where a pool can run (threads.ts), `module.parallel` is the shared-memory build with a WorkerPool;
 * elsewhere one thread. `shared` puts the module itself on the shared-memory build (to measure what sharing costs).
 */
export function loadWasm(
  preferred?: WasmTier, threads = 1, shared = false,
): { module: WasmModule | null; later: Promise<WasmModule> | null } {
  const tier = chooseTier(preferred);
  if (tier === null) return { module: null, later: null };
  let compiled: WebAssembly.Module;
  try {
    compiled = new WebAssembly.Module(build(tier, shared));
  } catch {
    // an engine that compiles only asynchronously (a browser's main thread) runs one thread, unshared
    return { module: null, later: WebAssembly.compile(build(tier, false)).then((m) => new WasmModule(tier, m)) };
  }
  const module = new WasmModule(tier, compiled, { shared });
  const spawn = threads > 1 ? workerSpawner() : null;
  if (spawn !== null) {
    try {
      module.parallel = new WasmModule(tier, new WebAssembly.Module(build(tier, true)), { threads, spawn });
    } catch {
      // no shared memory after all (its 4 GiB maximum is reserved up front, which a capped address
      // space may refuse): one thread
    }
  }
  return { module, later: null };
}
