/**
 * TensorFlow.js as a bench peer, in this process: the `@tensorflow/tfjs` package with its `wasm`
 * backend (SIMD, loaded from node_modules) and its plain-JS `cpu` backend. Loaded on first use with
 * dynamic imports, so a missing package makes the rows say so instead of failing the run.
 *
 * Why the union package and not tfjs-core alone: tfjs-core's Node bundle registers no op gradients
 * (they live in its ES-module sources, which Node cannot load); the `@tensorflow/tfjs` Node bundle
 * carries and registers them, so training (tf.train.sgd(...).minimize) works only with it.
 *
 * Threads: tfjs-backend-wasm's threaded build starts its workers from `blob:` URLs, which Node's
 * `worker_threads` rejects (ERR_WORKER_PATH), so in Node it runs single-threaded; the multithread
 * flag is turned off before the backend starts so that it does not try.
 */
import { createRequire } from "node:module";
import type { Contender, RoundResult } from "../harness.ts";

/** The TF.js module namespace. */
export type Tf = typeof import("@tensorflow/tfjs");

/** The two tfjs backends the bench runs. */
export type TfBackend = "wasm" | "cpu";

/** Row labels, with the version. */
export function tfLabel(backend: TfBackend, version: string): string {
  return backend === "wasm" ? `TF.js ${version} wasm (SIMD, 1 thread)` : `TF.js ${version} cpu`;
}

/** Why TF.js with multithreaded wasm has no row. */
export const TFJS_THREADS_NOTE =
  "not possible in Node (tfjs-backend-wasm's threaded build starts its workers from blob: URLs, which worker_threads rejects)";

/** tfjs-core plus which of its backends started, or why TF.js is unavailable. */
export interface TfLoaded {
  tf: Tf;
  version: string;
  /** Per backend: true when it started, else the reason it did not. */
  backends: Record<TfBackend, true | string>;
}

let loading: Promise<TfLoaded | string> | undefined;

/** Loads tfjs-core and both backends once; resolves to them or to the reason TF.js is unavailable. */
export function loadTf(): Promise<TfLoaded | string> {
  loading ??= load();
  return loading;
}

async function load(): Promise<TfLoaded | string> {
  let tf: Tf;
  try {
    tf = await import("@tensorflow/tfjs");
  } catch {
    return "@tensorflow/tfjs is not installed (run bench/setup.sh)";
  }
  // PROD: no debug checks and no "install tfjs-node" banner, as a production user would run it
  tf.env().set("PROD", true);
  const version = (createRequire(import.meta.url)("@tensorflow/tfjs/package.json") as { version: string }).version;
  const backends: Record<TfBackend, true | string> = { wasm: "not loaded", cpu: "not loaded" };
  try {
    await import("@tensorflow/tfjs-backend-cpu");
    backends.cpu = (await tf.setBackend("cpu")) ? true : "tf.setBackend('cpu') failed";
  } catch {
    backends.cpu = "@tensorflow/tfjs-backend-cpu is not installed (run bench/setup.sh)";
  }
  try {
    await import("@tensorflow/tfjs-backend-wasm");
    tf.env().set("WASM_HAS_MULTITHREAD_SUPPORT", false);
    backends.wasm = (await tf.setBackend("wasm")) ? true : "tf.setBackend('wasm') failed";
  } catch {
    backends.wasm = "@tensorflow/tfjs-backend-wasm is not installed (run bench/setup.sh)";
  }
  return { tf, version, backends };
}

/** Switches tfjs to `backend` (both are already initialised, so this is synchronous in effect). */
export async function useBackend(tf: Tf, backend: TfBackend): Promise<void> {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`tf.setBackend('${backend}') failed`);
}

/**
 * Contenders for TF.js wasm and cpu. `make(tf, backend)` runs once, with that backend active, to
 * create the contender's inputs; the function it returns runs one round (also with that backend
 * active). Rows say why when TF.js or a backend is missing.
 */
export async function tfContenders(
  make: (tf: Tf, backend: TfBackend) => () => RoundResult | Promise<RoundResult>,
  options: { notes?: Record<string, string>; suffix?: (backend: TfBackend) => string } = {},
): Promise<Contender[]> {
  const { notes, suffix } = options;
  const loaded = await loadTf();
  const backends: TfBackend[] = ["wasm", "cpu"];
  if (typeof loaded === "string") return backends.map((b) => ({ label: tfLabel(b, "?"), unavailable: loaded }));
  return backends.map((b): Contender => {
    const label = tfLabel(b, loaded.version) + (suffix?.(b) ?? "");
    const ok = loaded.backends[b];
    if (ok !== true) return { label, unavailable: ok };
    let round: (() => RoundResult | Promise<RoundResult>) | undefined;
    return {
      label,
      notes,
      round: async () => {
        await useBackend(loaded.tf, b);
        round ??= make(loaded.tf, b);
        return round();
      },
    };
  });
}
