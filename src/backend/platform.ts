/*
 * What the library asks of its host: Node's `process` and built-in modules, reached through
 * `process.getBuiltinModule` (Node >= 20.16) rather than imports, so that a browser bundle needs no
 * stubs, and the number of cores. In a browser these answer "not Node".
 */

/** The slice of Node's `process` the library reads. */
export interface NodeProcess {
  versions?: { node?: string };
  env?: Record<string, string | undefined>;
  getBuiltinModule?: (id: string) => unknown;
}

/**
 * Node's `process`, or undefined outside Node (a browser).
 * @example nodeProcess()?.env?.BACKPROP_THREADS;
 */
export function nodeProcess(): NodeProcess | undefined {
  const proc = (globalThis as { process?: NodeProcess }).process;
  return proc?.versions?.node === undefined ? undefined : proc;
}

/**
 * A Node built-in module (`"node:os"`, `"node:worker_threads"`) through `process.getBuiltinModule`,
 * or null outside Node or on a Node without it.
 * @example const os = nodeBuiltin<typeof import("node:os")>("node:os");
 */
export function nodeBuiltin<T>(id: string): T | null {
  const proc = nodeProcess();
  if (proc === undefined || typeof proc.getBuiltinModule !== "function") return null;
  return (proc.getBuiltinModule(id) as T | undefined) ?? null;
}

/**
 * The number of cores: Node's `os.availableParallelism()` (or `os.cpus().length`), a browser's
 * `navigator.hardwareConcurrency`, else 1.
 * @example cpuCount(); // 2
 */
export function cpuCount(): number {
  const os = nodeBuiltin<{ availableParallelism?: () => number; cpus: () => unknown[] }>("node:os");
  if (os !== null) return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
  return (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
}
