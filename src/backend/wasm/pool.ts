import type { PoolWorker, SpawnWorker, WorkerData } from "./threads.ts";
import { POOL_ARGS, type PoolKernel } from "./opcodes.ts";

/*
 * A pool of worker threads running the kernels on the calling thread's shared WebAssembly.Memory, so
 * that one big kernel call (a gemm, a cdist) is shared out by blocks of its output. The operands are
 * already in the shared memory: nothing is posted or copied per call.
 *
 * A job is a kernel call whose output is cut into chunks along one dimension. The caller writes the
 * call into a shared job block and publishes it in one 64-bit word, [generation | chunks | next chunk];
 * every thread, the caller included, then claims chunks by compare-and-swap on that word and runs them,
 * and the caller returns when the done counter reaches the chunk count. Claiming (not a fixed share per
 * thread) is what keeps this robust on a busy machine: a worker that is asleep or descheduled simply
 * claims nothing, and the caller runs the whole job itself instead of waiting for a time slice. The
 * generation in the word means a claim can only succeed on the job that is current, so a worker that
 * wakes late never runs a chunk of a finished job; a claimed chunk keeps its job from finishing, so
 * the job block it reads after claiming cannot change under it.
 *
 * Waiting: a worker with nothing to claim spins on the word for SPIN_MS before it parks in
 * Atomics.wait (a wake-up from there costs 50-80 us against 2-5 us for a spinning worker, so kernels
 * called close together find it awake: a training step's two big products are about 1 ms apart); the
 * caller, when no chunk is left, spins on the done counter and then parks too. Only calls big enough
 * to gain even from a parked worker come here (backend.ts's thresholds).
 *
 * Workers start on first use, in the background: until all of them have instantiated the module,
 * `ready()` is false and callers run single-threaded. threads.ts starts them: Node's worker_threads
 * (unref'd, so they never keep a process alive, and a process exiting ends them even while they are
 * parked), or in a browser, Workers started from inside a dedicated worker of a cross-origin-isolated
 * page (never a page's main thread, where Atomics.wait is refused).
 */

/** The module exports a job can run, by index (their argument lists are in opcodes.ts). */
export const POOL_KERNELS = Object.keys(POOL_ARGS) as PoolKernel[];

/** Int32 words of the control block. */
const DONE = 0; // chunks of the current job finished
const READY = 1; // workers that instantiated the module
const FAILED = 2; // set when a kernel threw on a worker
const STOP = 3; // set to end the workers
const CONTROL_WORDS = 4;
/** Float64 words of the job block: kernel, argument count, lo / hi / work argument indices, len, unit, args. */
const JOB_HEADER = 7;
const MAX_ARGS = 25;
/**
 * How long a worker with nothing to claim, and a caller waiting for the last chunks, spin before
 * parking (ms). Measured on the MLP's training step (784-128-10, batch 64, two threads): 0.2 ms let
 * the worker park between the step's products and the pool gained nothing; 1, 2 and 5 ms all made the
 * step 15-20% faster than one thread.
 */
export const SPIN_MS = 1;

/**
 * The worker's program, plain JS (so that it needs no file and no TypeScript loader): `main(data)`
 * with data = { module, memory, control, word, job, work, kernels, spinMs } (threads.ts starts it).
 */
const WORKER_MAIN = `
function main({ module, memory, control, word, job, work, kernels, spinMs }) {
const instance = new WebAssembly.Instance(module, {
  env: { memory, abort() { throw new Error("backprop wasm kernel aborted"); } },
});
const run = kernels.map((name) => instance.exports[name]);
const ctl = new Int32Array(control);
const w = new BigInt64Array(word);
const jb = new Float64Array(job);
const args = [];
Atomics.add(ctl, ${READY}, 1);
Atomics.notify(ctl, ${READY});
let v = Atomics.load(w, 0);
for (;;) {
  // claim chunks while the current job has some left
  for (;;) {
    const next = Number(v & 0xffffn);
    if (next >= Number((v >> 16n) & 0xffffn)) break;
    const seen = Atomics.compareExchange(w, 0, v, v + 1n);
    if (seen !== v) {
      v = seen;
      continue;
    }
    v += 1n;
    args.length = jb[1];
    for (let i = 0; i < args.length; i++) args[i] = jb[${JOB_HEADER} + i];
    const len = jb[5];
    const unit = jb[6];
    args[jb[2]] = Math.min(len, next * unit);
    args[jb[3]] = Math.min(len, (next + 1) * unit);
    if (jb[4] >= 0) args[jb[4]] = work;
    try {
      run[jb[0]](...args);
    } catch {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    Atomics.add(ctl, ${DONE}, 1);
    Atomics.notify(ctl, ${DONE});
  }
  // nothing to claim: spin, then park, until the word changes
  const until = performance.now() + spinMs;
  let now = v;
  for (let i = 1; now === v; i++) {
    if ((i & 255) === 0 && performance.now() > until) break;
    now = Atomics.load(w, 0);
  }
  while (now === v) {
    Atomics.wait(w, 0, v);
    now = Atomics.load(w, 0);
  }
  if (Atomics.load(ctl, ${STOP}) !== 0) break;
  v = now;
}
}
`;

/**
 * A kernel call cut into chunks: `args` is the whole call; chunk c runs it with args[lo] = c * unit and
 * args[hi] = min(len, (c + 1) * unit), and args[work] set to the running thread's work area (work is
 * -1 for a kernel that needs none).
 */
export interface PoolJob {
  kernel: number;
  args: number[];
  lo: number;
  hi: number;
  work: number;
  len: number;
  unit: number;
}

/** A published job, as `WorkerPool.start` returns it for `finish`. */
export interface StartedJob {
  job: PoolJob;
  chunks: number;
  /** The job word as published. */
  word: bigint;
}

/** The exports of the caller's own instance, which runs its chunks. */
export type PoolExports = Record<PoolKernel, (...args: number[]) => void>;

/** Worker threads sharing a module and its shared memory with the calling thread. */
export class WorkerPool {
  /** Threads a job is shared by, the calling thread included. */
  readonly threads: number;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * 4));
  private readonly word = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly job = new Float64Array(new SharedArrayBuffer((JOB_HEADER + MAX_ARGS) * 8));
  private readonly own: ((...args: number[]) => void)[];
  /** Chunks run by workers rather than the calling thread, over the pool's life (for tests and benchmarks). */
  workerChunks = 0;
  /**
   * For tests: the calling thread claims no chunk and waits for the workers to run them all, so a test
   * can check a worker's results without depending on which thread wins the race for a chunk.
   */
  workersOnly = false;
  private workers: PoolWorker[] | null = null;
  private generation = 0n;
  private broken = false;

  /**
   * @param spawn Starts one worker (Node's worker_threads, or a browser's Worker: threads.ts).
   * @param module The compiled shared-memory build.
   * @param memory The caller's shared memory.
   * @param exports The caller's instance of `module` (its own chunks run there).
   * @param works The gemm work areas: works[0] the caller's, works[1 + w] worker w's.
   */
  constructor(
    private readonly spawn: SpawnWorker,
    private readonly module: WebAssembly.Module,
    private readonly memory: WebAssembly.Memory,
    exports: PoolExports,
    private readonly works: readonly number[],
  ) {
    this.threads = works.length;
    this.own = POOL_KERNELS.map((name) => exports[name]);
  }

  private startWorkers(): void {
    const workers: PoolWorker[] = [];
    this.workers = workers;
    const broken = (): void => {
      this.broken = true; // never ready: callers stay single-threaded
    };
    try {
      for (let index = 0; index < this.threads - 1; index++) {
        const data: WorkerData = {
          module: this.module, memory: this.memory, control: this.control.buffer as SharedArrayBuffer,
          word: this.word.buffer as SharedArrayBuffer, job: this.job.buffer as SharedArrayBuffer,
          work: this.works[index + 1], kernels: POOL_KERNELS, spinMs: SPIN_MS,
        };
        workers.push(this.spawn(WORKER_MAIN, data, broken));
      }
    } catch {
      // a runtime that cannot start these workers: stay single-threaded
      broken();
      for (const worker of workers) void worker.terminate();
    }
  }

  /** Whether every worker is up (starting them on the first call): until then, run single-threaded. */
  ready(): boolean {
    if (this.workers === null) this.startWorkers();
    return !this.broken && Atomics.load(this.control, READY) === this.threads - 1;
  }

  /** Starts the workers and blocks until they are up or `timeoutMs` has passed; returns ready(). */
  waitReady(timeoutMs = 5000): boolean {
    const until = performance.now() + timeoutMs;
    for (;;) {
      if (this.ready()) return true;
      const left = until - performance.now();
      if (this.broken || left <= 0) return false;
      Atomics.wait(this.control, READY, Atomics.load(this.control, READY), Math.min(left, 50));
    }
  }

  /**
   * Runs every chunk of `job` on whichever threads claim them, this one included, and returns when all
   * are done; throws (after that) if a kernel threw on a worker. The pool should be ready(); if not,
   * this thread runs all the chunks.
   */
  run(job: PoolJob): void {
    this.finish(this.start(job));
  }

  /**
   * Publishes `job` to the workers and returns at once, so that this thread can do other work (no
   * kernel calls on this module's memory) while they run chunks; `finish` must follow before the next
   * job. Returns what `finish` needs.
   */
  start(job: PoolJob): StartedJob {
    const chunks = Math.ceil(job.len / job.unit);
    if (chunks > 0xffff || job.args.length > MAX_ARGS) throw new Error("backprop: pool job too large");
    const c = this.control;
    const jb = this.job;
    jb[0] = job.kernel;
    jb[1] = job.args.length;
    jb[2] = job.lo;
    jb[3] = job.hi;
    jb[4] = job.work;
    jb[5] = job.len;
    jb[6] = job.unit;
    for (let i = 0; i < job.args.length; i++) jb[JOB_HEADER + i] = job.args[i];
    Atomics.store(c, DONE, 0);
    Atomics.store(c, FAILED, 0);
    this.generation = (this.generation + 1n) & 0xffffffffn;
    const v = (this.generation << 32n) | (BigInt(chunks) << 16n);
    Atomics.store(this.word, 0, v);
    Atomics.notify(this.word, 0);
    return { job, chunks, word: v };
  }

  /** Claims and runs the chunks of the started job that no worker took yet, waits for the rest; throws if a kernel threw on a worker. */
  finish({ job, chunks, word }: StartedJob): void {
    if (this.workersOnly) {
      this.join(chunks);
      this.workerChunks += chunks;
    } else {
      this.claimChunks(job, chunks, word); // a stale word only costs a failed compare-exchange
    }
    if (Atomics.load(this.control, FAILED) !== 0) throw new Error("backprop: a wasm kernel failed on a worker thread");
  }

  /** Claims and runs chunks of the job published in `v` on this thread, then waits for the workers' chunks. */
  private claimChunks(job: PoolJob, chunks: number, v: bigint): void {
    const kernel = this.own[job.kernel];
    const args = job.args.slice();
    if (job.work >= 0) args[job.work] = this.works[0];
    let mine = 0;
    try {
      for (;;) {
        const next = Number(v & 0xffffn);
        if (next >= chunks) break;
        const seen = Atomics.compareExchange(this.word, 0, v, v + 1n);
        if (seen !== v) {
          v = seen;
          continue;
        }
        v += 1n;
        args[job.lo] = Math.min(job.len, next * job.unit);
        args[job.hi] = Math.min(job.len, (next + 1) * job.unit);
        mine++;
        kernel(...args);
      }
    } finally {
      // normally every chunk is claimed by now; if this thread's kernel threw, withdraw the rest
      const claimed = this.closeClaims(chunks);
      this.join(claimed - mine);
      this.workerChunks += claimed - mine;
    }
  }

  /** Lets no more chunks of the current job be claimed; returns how many were. */
  private closeClaims(chunks: number): number {
    for (;;) {
      const v = Atomics.load(this.word, 0);
      const next = Number(v & 0xffffn);
      if (next >= chunks) return chunks;
      if (Atomics.compareExchange(this.word, 0, v, v - BigInt(next) + BigInt(chunks)) === v) return next;
    }
  }

  /** Stops the workers (they also end with the process; this is for tests and long-lived hosts). */
  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = [];
    this.broken = true;
    if (workers === null) return;
    Atomics.store(this.control, STOP, 1);
    this.generation = (this.generation + 1n) & 0xffffffffn;
    Atomics.store(this.word, 0, this.generation << 32n);
    Atomics.notify(this.word, 0);
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  /** Spins, then parks, until the workers have finished `count` chunks. */
  private join(count: number): void {
    const c = this.control;
    let done = Atomics.load(c, DONE);
    if (done >= count) return;
    const until = performance.now() + SPIN_MS;
    for (let i = 1; done < count; i++) {
      if ((i & 255) === 0 && performance.now() > until) break;
      done = Atomics.load(c, DONE);
    }
    while (done < count) {
      Atomics.wait(c, DONE, done);
      done = Atomics.load(c, DONE);
    }
  }
}
