import type { Backend } from "./backend.ts";
import { jsBackend } from "./js.ts";
import { loadWasm } from "./wasm/module.ts";
import { defaultThreads } from "./wasm/threads.ts";
import { wasmBackend as makeWasmBackend } from "./wasm/backend.ts";

/*
 * Picks the backend once, at load time: the WebAssembly SIMD one where the engine has WebAssembly SIMD
 * (its relaxed-SIMD build where that validates too), else the plain-TS reference. The environment
 * variable BACKPROP_BACKEND overrides the choice: "js", "wasm" (the best wasm tier), or a tier by name,
 * "wasm-simd" / "wasm-relaxed-simd"; forcing wasm where it cannot run is an error. Where an engine
 * only compiles this module asynchronously (a browser's main thread may), js runs until it is ready.
 *
 * Threads: the wasm backend splits big products over a pool of worker threads on shared memory,
 * min(available cores, 4) threads by default, in Node and in a dedicated worker of a
 * cross-origin-isolated page; BACKPROP_THREADS=n sets the count in Node (1: no pool). Where no pool
 * can run (a page's main thread, a page that is not cross-origin isolated, Node without
 * process.getBuiltinModule) it is one thread whatever the variable says.
 */

const CHOICES = ["js", "wasm", "wasm-simd", "wasm-relaxed-simd"];

function env(name: string): string {
  return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name] ?? "";
}

function requested(): string {
  const value = env("BACKPROP_BACKEND");
  if (value !== "" && !CHOICES.includes(value)) {
    throw new Error(`BACKPROP_BACKEND must be one of ${CHOICES.join(", ")}; got "${value}"`);
  }
  return value;
}

function requestedThreads(): number {
  const value = env("BACKPROP_THREADS");
  if (value === "") return defaultThreads();
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`BACKPROP_THREADS must be a whole number >= 1; got "${value}"`);
  return Number(value);
}

const choice = requested();
const loaded = choice === "js"
  ? { module: null, later: null }
  : loadWasm(choice === "wasm-simd" ? "wasm-simd" : undefined, requestedThreads());

/** The WebAssembly SIMD backend, or null where this engine cannot run it (or BACKPROP_BACKEND=js). */
export let wasmBackend: Backend | null = loaded.module === null ? null : makeWasmBackend(loaded.module);

const tier = loaded.module?.tier;
if (choice.startsWith("wasm") && loaded.later === null && (tier === undefined || (choice !== "wasm" && tier !== choice))) {
  throw new Error(
    `BACKPROP_BACKEND=${choice}, but this engine cannot run it (${tier === undefined ? "no WebAssembly SIMD" : `it runs ${tier}`}); ` +
      "use BACKPROP_BACKEND=js, or leave it unset to choose automatically",
  );
}

let current: Backend = wasmBackend ?? jsBackend;

/**
 * Settles once the backend is chosen for good: at once where the wasm module compiled at load (or
 * js was asked for or is all there is), and when the module is ready where an engine compiles it
 * asynchronously (a browser's main thread may), js running until then.
 */
export const backendReady: Promise<void> = loaded.later === null
  ? Promise.resolve()
  : loaded.later.then((module) => {
    wasmBackend = makeWasmBackend(module);
    if (current === jsBackend) current = wasmBackend;
  });

/**
 * The backend the kernels run on now: `"wasm-simd"` or `"wasm-relaxed-simd"` (WebAssembly SIMD, the
 * default where the engine has it), followed by ` xN` when big products are split over N threads, or
 * `"js"` (the plain-TypeScript reference).
 * @example
 * console.log(bp.backend()); // "wasm-relaxed-simd x2" on Node 20 with two cores
 */
export function backend(): string {
  return current.name;
}

/** The active kernels; ops call this, never a backend directly. */
export function kernels(): Backend {
  return current;
}

/** Replaces the active backend (for faster backends and for running the suite per backend). */
export function setBackend(next: Backend): void {
  current = next;
}
