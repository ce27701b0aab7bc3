import type * as WorkerThreads from "node:worker_threads";
import { cpuCount, nodeBuiltin, nodeProcess } from "../platform.ts";

/*
 * Where the worker pool's threads come from. Node: worker_threads, each running the program from a
 * string (`eval`), unref'd so it never keeps a process alive. A browser: dedicated workers started
 * from a Blob URL, and only where the pool may run at all: inside a dedicated worker (never a page's
 * main thread, which must not block in Atomics.wait) of a cross-origin-isolated page (the only kind
 * that can share memory). Everywhere else there is no pool and the backend runs on one thread.
 */

/** What a pool worker starts from (see pool.ts for how it is used). */
export interface WorkerData {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  word: SharedArrayBuffer;
  job: SharedArrayBuffer;
  work: number;
  kernels: readonly string[];
  spinMs: number;
}

/** A started worker, as far as the pool needs it. */
export interface PoolWorker {
  terminate(): unknown;
}

/**
 * Starts one worker running `main`, the source of a plain-JS `function main(data)`, on `data`;
 * `onError` is called if the worker fails.
 */
export type SpawnWorker = (main: string, data: WorkerData, onError: () => void) => PoolWorker;

/** The slice of a browser's global scope this file reads. */
interface BrowserScope {
  crossOriginIsolated?: boolean;
  navigator?: { hardwareConcurrency?: number };
  Worker?: new (url: string) => { postMessage(data: unknown): void; terminate(): void; onerror: unknown };
  Blob?: new (parts: string[], options: { type: string }) => unknown;
  URL?: { createObjectURL(blob: unknown): string };
  DedicatedWorkerGlobalScope?: abstract new () => unknown;
}

/** Whether this thread may block in Atomics.wait (the caller parks there while workers finish). */
function mayBlock(): boolean {
  if (typeof SharedArrayBuffer !== "function" || typeof Atomics !== "object") return false;
  try {
    // throws where a thread may not block (a page's main thread); with a value that differs it returns at once
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

function nodeSpawner(wt: typeof WorkerThreads): SpawnWorker {
  return (main, data, onError) => {
    const worker = new wt.Worker(`"use strict";\n${main}\nmain(require("node:worker_threads").workerData);`, {
      eval: true,
      execArgv: [], // no TypeScript loader or flags: the program is plain JS
      workerData: data,
    });
    worker.unref();
    worker.on("error", onError);
    return worker;
  };
}

function browserSpawner(scope: Required<Pick<BrowserScope, "Worker" | "Blob" | "URL">>): SpawnWorker {
  return (main, data, onError) => {
    const source = `"use strict";\n${main}\nself.onmessage = (e) => main(e.data);`;
    const worker = new scope.Worker(scope.URL.createObjectURL(new scope.Blob([source], { type: "text/javascript" })));
    worker.onerror = onError;
    worker.postMessage(data);
    return worker;
  };
}

/** A browser scope where a pool may run: a dedicated worker of a cross-origin-isolated page. */
function isolatedDedicatedWorker(): Required<Pick<BrowserScope, "Worker" | "Blob" | "URL">> | null {
  const scope = globalThis as BrowserScope;
  const inDedicatedWorker = typeof scope.DedicatedWorkerGlobalScope === "function" && globalThis instanceof scope.DedicatedWorkerGlobalScope;
  if (!inDedicatedWorker || scope.crossOriginIsolated !== true) return null;
  const { Worker, Blob, URL } = scope;
  return Worker !== undefined && Blob !== undefined && URL !== undefined ? { Worker, Blob, URL } : null;
}

/** How to start pool workers here, or null where no pool can run. */
export function workerSpawner(): SpawnWorker | null {
  if (!mayBlock()) return null;
  if (nodeProcess() !== undefined) {
    // Node's worker_threads through process.getBuiltinModule: no import, so browser bundles need no stub
    const wt = nodeBuiltin<typeof WorkerThreads>("node:worker_threads");
    return wt === null ? null : nodeSpawner(wt);
  }
  const scope = isolatedDedicatedWorker();
  return scope === null ? null : browserSpawner(scope);
}

/**
 * Most threads used by default. Two threads gain from products of 2M multiply-adds up (measured on
 * 2 cores); more were not measured here, and the seeds' products (64 x 784 x 128) are too small to
 * split much further.
 */
const DEFAULT_MAX_THREADS = 4;

/** The default thread count: min(available cores, 4) where a pool can run, else 1. */
export function defaultThreads(): number {
  if (workerSpawner() === null) return 1;
  return Math.max(1, Math.min(cpuCount(), DEFAULT_MAX_THREADS));
}
