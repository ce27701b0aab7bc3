import type * as WorkerThreads from "node:worker_threads";
import { clone, type BaseEstimator, type Params } from "../base/estimator.ts";
import { getScorer, type Scorer } from "../metrics/scorer.ts";
import type { TypedArray } from "../tensor/dtype.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { fitAndScore, type ErrorScore, type FitResult } from "./fit_and_score.ts";
import { Progress } from "./progress.ts";
import { cpuCount, nodeBuiltin, nodeProcess } from "../backend/platform.ts";
import { canShip, estimatorToJson, paramToJson, registeredModules, registerNamespace, type EstimatorJson, type JsonParam } from "./registry.ts";
import type { Split } from "./splitter.ts";

/*
 * Runs the fits of a cross-validation or a search: every candidate on every split, candidate-major
 * (result t is candidate floor(t / nSplits) on split t % nSplits, scikit-learn's order). With nJobs != 1
 * in Node, on worker_threads: each worker of the run gets X, y, the splits, the estimator (as registry
 * data) and the candidates once, then batches of task numbers, and answers with their FitResults. Each
 * worker has two batches in flight (it never waits for a message); a batch is a quarter of the remaining
 * share per worker (guided scheduling: few messages, workers finishing together) but at least about a
 * millisecond of work by the fits timed so far (no stream of one-fit messages when fits are tiny). Each fit is the same
 * computation on either side, so the results equal nJobs = 1's. Workers run the wasm backend on one
 * thread each (BACKPROP_THREADS=1), so nJobs workers use nJobs cores. The workers stay alive between runs (like joblib's reusable executor behind scikit-learn's n_jobs), so
 * only the first parallel run pays for starting them (loading the library: about half a second); they
 * are unref'd between runs and never keep the process alive. Runs on the pool take turns.
 * Sequential instead (with a note at verbose >= 1) where no worker can run it: a browser, a scoring
 * function (functions cannot cross threads), an estimator class not in the registry.
 */

/** Everything the fits need. */
export interface FitJob {
  estimator: BaseEstimator;
  candidates: readonly Params[];
  splits: readonly Split[];
  X: Tensor;
  y: Tensor | null;
  scoring: string | Scorer | null;
  returnTrainScore: boolean;
  errorScore: ErrorScore;
}

/** How to run them: jobs (scikit-learn's n_jobs), verbosity, the name in messages, the verbose header. */
export interface RunOptions {
  nJobs: number;
  verbose: number;
  name: string;
  header?: string;
}

/** What a worker starts from (workerData). */
export interface WorkerInput {
  X: { data: TypedArray; shape: number[] };
  y: { data: TypedArray; shape: number[] } | null;
  splits: [Int32Array, Int32Array][];
  estimator: EstimatorJson;
  candidates: { [key: string]: JsonParam }[];
  scoring: string | null;
  returnTrainScore: boolean;
  errorScore: ErrorScore;
  modules: string[];
}

/** Messages between the threads; `job` numbers the run, so that answers to an abandoned run are ignored. */
export type ToWorker = { type: "job"; job: number; input: WorkerInput } | { type: "tasks"; job: number; first: number; count: number };
export type FromWorker =
  | { type: "results"; job: number; first: number; results: FitResult[] }
  | { type: "failed"; job: number; message: string };

/**
 * scikit-learn's (joblib's) reading of n_jobs: a positive count as is; -1 all cores, -2 all but one, and
 * so on (cores + 1 + nJobs, at least 1). 0 or a non-integer is an error naming `where`.
 */
export function effectiveJobs(where: string, nJobs: number): number {
  if (!Number.isInteger(nJobs) || nJobs === 0) throw new Error(`${where}: nJobs must be a nonzero integer (-1 for all cores), got ${nJobs}`);
  return nJobs > 0 ? nJobs : Math.max(1, cpuCount() + 1 + nJobs);
}

let libraryRegistered = false;

/** Registers the library's own estimators (walking its exports) on this thread, once. */
async function registerLibrary(): Promise<void> {
  if (libraryRegistered) return;
  libraryRegistered = true;
  registerNamespace((await import("../index.ts")) as unknown as Record<string, unknown>);
}

/** The worker script next to this module (worker.ts from the sources, worker.js once built), or null. */
function workerUrl(): URL | null {
  const fs = nodeBuiltin<{ existsSync(p: URL): boolean }>("node:fs");
  if (fs === null) return null;
  const own = import.meta.url.endsWith(".ts") ? ["./worker.ts", "./worker.js"] : ["./worker.js", "./worker.ts"];
  for (const name of own) {
    const url = new URL(name, import.meta.url);
    if (fs.existsSync(url)) return url;
  }
  return null;
}

/**
 * The source a worker runs: an import of the worker script; from TypeScript sources under tsx, it first
 * registers tsx's loader on the worker's thread (tsx installs its hooks on the main thread only).
 * Or why no worker can run here. Found once (resolving through tsx's loader costs about a millisecond).
 */
let workerSource: { source: string } | { reason: string } | null = null;

function findWorkerSource(): { source: string } | { reason: string } {
  if (nodeBuiltin("node:worker_threads") === null) return { reason: "worker threads are not available here" };
  const url = workerUrl();
  if (url === null) return { reason: "the worker script is missing" };
  let pre = "";
  if (url.pathname.endsWith(".ts")) {
    let api: string;
    try {
      api = import.meta.resolve("tsx/esm/api");
    } catch {
      return { reason: "the worker script is TypeScript and tsx is not installed" };
    }
    pre = `(await import(${JSON.stringify(api)})).register();`;
  }
  return { source: `(async () => { ${pre} await import(${JSON.stringify(url.href)}); })().catch((e) => { process.nextTick(() => { throw e; }); });` };
}

/** Why the job cannot go to worker threads, or null if it can. */
async function blocker(job: FitJob): Promise<string | null> {
  workerSource ??= findWorkerSource();
  if ("reason" in workerSource) return workerSource.reason;
  if (typeof job.scoring === "function") return "a scoring function cannot be sent to worker threads (pass a scorer name)";
  await registerLibrary();
  if (!canShip(job.estimator)) return `${job.estimator.estimatorName} is not registered for worker threads (modelSelection.registerEstimator(Ctor, {module: import.meta.url}))`;
  if (!job.candidates.every((c) => Object.values(c).every(canShip))) return "a parameter value is not registered for worker threads";
  return null;
}

/**
 * Runs every fit of `job` (sequentially or on worker threads, see above) and returns the results in
 * candidate-major order.
 */
export async function runFits(job: FitJob, options: RunOptions): Promise<FitResult[]> {
  const total = job.candidates.length * job.splits.length;
  const progress = new Progress(options.name, total, options.verbose, options.header);
  const jobs = Math.min(effectiveJobs(options.name, options.nJobs), total);
  if (jobs > 1) {
    const reason = await blocker(job);
    if (reason === null) return runParallel(job, jobs, progress);
    progress.note(`${reason}; fitting sequentially`);
  }
  const scorer = getScorer(job.scoring);
  const results: FitResult[] = [];
  for (let t = 0; t < total; t++) {
    results.push(fitTask(job, scorer, t));
    progress.tick();
  }
  return results;
}

/** Task `t` of the job: candidate floor(t / splits) fitted on split t % splits (a clone of the estimator). */
function fitTask(job: FitJob, scorer: Scorer, t: number): FitResult {
  const [train, test] = job.splits[t % job.splits.length];
  const candidate = job.candidates[Math.floor(t / job.splits.length)];
  return fitAndScore(clone(job.estimator), job.X, job.y, train, test, candidate, scorer, job.returnTrainScore, job.errorScore);
}

function packTensor(t: Tensor): { data: TypedArray; shape: number[] } {
  return { data: t.data.slice(), shape: [...t.shape] };
}

/** The reusable workers, started on demand. */
const pool: WorkerThreads.Worker[] = [];
/** Runs on the pool take turns: each waits for the previous one. */
let turn: Promise<unknown> = Promise.resolve();
let jobCounter = 0;

/** `n` pool workers, starting the missing ones. */
function workers(n: number): WorkerThreads.Worker[] {
  const wt = nodeBuiltin<typeof WorkerThreads>("node:worker_threads")!;
  const { source } = workerSource as { source: string };
  const env = { ...nodeProcess()?.env, BACKPROP_THREADS: "1" };
  while (pool.length < n) {
    const w = new wt.Worker(source, { eval: true, env });
    const drop = (): void => {
      const i = pool.indexOf(w);
      if (i >= 0) pool.splice(i, 1);
    };
    w.on("error", drop);
    w.on("exit", drop);
    w.unref();
    pool.push(w);
  }
  return pool.slice(0, n);
}

/**
 * Stops the pool's worker threads (they are started again by the next parallel run). Not needed for the
 * process to exit: idle workers never keep it alive.
 * @example await modelSelection.closeWorkerPool();
 */
export async function closeWorkerPool(): Promise<void> {
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((w) => w.terminate()));
}

function runParallel(job: FitJob, jobs: number, progress: Progress): Promise<FitResult[]> {
  const run = turn.then(() => runOnPool(job, jobs, progress));
  turn = run.catch(() => undefined);
  return run;
}

function runOnPool(job: FitJob, jobs: number, progress: Progress): Promise<FitResult[]> {
  const input: WorkerInput = {
    X: packTensor(job.X),
    y: job.y === null ? null : packTensor(job.y),
    splits: job.splits.map(([a, b]) => [a, b]),
    estimator: estimatorToJson(job.estimator),
    candidates: job.candidates.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, paramToJson(v)]))),
    scoring: job.scoring as string | null,
    returnTrainScore: job.returnTrainScore,
    errorScore: job.errorScore,
    modules: registeredModules(),
  };
  const total = job.candidates.length * job.splits.length;
  const results: (FitResult | undefined)[] = new Array<FitResult | undefined>(total);
  const id = ++jobCounter;
  const used = workers(jobs);
  return new Promise<FitResult[]>((resolve, reject) => {
    let next = 0, finished = 0, workSeconds = 0, settled = false;
    const listeners = used.map((w) => {
      const onMessage = (msg: FromWorker): void => {
        if (settled || msg.job !== id) return;
        if (msg.type === "failed") fail(new Error(msg.message));
        else {
          record(msg.first, msg.results);
          if (!settled) feed(w);
        }
      };
      const onError = (err: Error): void => fail(new Error(`a worker thread failed: ${err.message}`));
      const onExit = (code: number): void => fail(new Error(`a worker thread exited early (code ${code})`));
      w.on("message", onMessage);
      w.on("error", onError);
      w.on("exit", onExit);
      w.ref(); // a run in progress keeps the process alive
      return { w, onMessage, onError, onExit };
    });
    function record(first: number, batch: readonly FitResult[]): void {
      batch.forEach((r, i) => {
        results[first + i] = r;
        workSeconds += r.fitTime + r.scoreTime;
        progress.tick();
      });
      finished += batch.length;
      if (finished === total) {
        finish();
        resolve(results as FitResult[]);
      }
    }
    function finish(): void {
      settled = true;
      for (const { w, onMessage, onError, onExit } of listeners) {
        w.off("message", onMessage);
        w.off("error", onError);
        w.off("exit", onExit);
        w.unref();
      }
    }
    function fail(err: Error): void {
      if (settled) return;
      finish();
      reject(err);
    }
    /** Tasks in a batch of ~1 ms of work by the fits timed so far (1 before any is timed). */
    function minBatch(): number {
      return finished > 0 && workSeconds > 0 ? Math.ceil(0.001 / (workSeconds / finished)) : 1;
    }
    function feed(w: WorkerThreads.Worker): void {
      if (next >= total) return;
      // a share of what is left (guided scheduling), but at least ~1 ms of work
      const count = Math.min(total - next, Math.max(minBatch(), Math.floor((total - next) / (4 * jobs))));
      w.postMessage({ type: "tasks", job: id, first: next, count } satisfies ToWorker);
      next += count;
    }
    // a worker handles its messages in order: the job, then two batches (one runs while the other's results travel)
    for (const w of used) {
      w.postMessage({ type: "job", job: id, input } satisfies ToWorker);
      feed(w);
      feed(w);
    }
  });
}
