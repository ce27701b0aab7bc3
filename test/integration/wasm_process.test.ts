/**
 * The wasm backend's load-time choices, in child processes (an integration test, run once per
 * `npm test`): BACKPROP_THREADS picks the thread count (1: no pool) and BACKPROP_BACKEND the tier; a
 * process whose products ran on the worker pool ends by itself (the workers never keep it alive).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadWasm } from "../../src/backend/wasm/module.ts";
import { workerSpawner } from "../../src/backend/wasm/threads.ts";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));
const single = loadWasm(undefined, 1).module;
const skip = single === null || workerSpawner() === null ? "no WebAssembly SIMD or no worker threads here" : false;

/** Runs `code` (an ES module) in a child Node with tsx and `env`; returns its exit status, signal and output. */
function child(code: string, env: Record<string, string>): { status: number | null; signal: string | null; stdout: string; stderr: string } {
  // the timeout is a guard against a hang, not a speed check: a healthy child ends in seconds
  const r = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", code], {
    cwd: ROOT, env: { ...process.env, ...env }, encoding: "utf8", timeout: 300_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout.trim(), stderr: r.stderr };
}

const PRINT_BACKEND = `import * as bp from "./src/index.ts"; console.log(bp.backend());`;

test("BACKPROP_THREADS sets the thread count, 1 turns the pool off; BACKPROP_BACKEND=wasm-simd forces the plain build", { skip }, () => {
  const tier = single?.tier ?? "";
  const cases: [Record<string, string>, string][] = [
    [{ BACKPROP_BACKEND: "wasm", BACKPROP_THREADS: "1" }, tier],
    [{ BACKPROP_BACKEND: "wasm", BACKPROP_THREADS: "2" }, `${tier} x2`],
    [{ BACKPROP_BACKEND: "wasm-simd", BACKPROP_THREADS: "3" }, "wasm-simd x3"],
    [{ BACKPROP_BACKEND: "wasm-simd", BACKPROP_THREADS: "1" }, "wasm-simd"],
    [{ BACKPROP_BACKEND: "js", BACKPROP_THREADS: "2" }, "js"],
  ];
  for (const [env, expected] of cases) {
    const r = child(PRINT_BACKEND, env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, expected, JSON.stringify(env));
  }
  const bad = child(PRINT_BACKEND, { BACKPROP_BACKEND: "wasm", BACKPROP_THREADS: "two" });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /BACKPROP_THREADS must be a whole number >= 1; got "two"/);
});

test("a process whose big matmuls ran on the pool exits by itself (workers are unref'd and never leak)", { skip }, () => {
  // the workers start and run a 512^3 product (every chunk on them), then more products run with the
  // workers spinning or parked, and the script ends. It must end on its own: a worker keeping it alive
  // would hang it until child()'s guard kills it, and then the status is null and the signal SIGTERM.
  const code = `
    import { loadWasm } from "./src/backend/wasm/module.ts";
    import { wasmBackend } from "./src/backend/wasm/backend.ts";
    const mod = loadWasm(undefined, 2).module;
    const pool = mod.parallel.pool;
    if (!pool.waitReady()) throw new Error("the workers did not start");
    const be = wasmBackend(mod);
    const a = new Float32Array(512 * 512).fill(1), c = new Float32Array(512 * 512);
    pool.workersOnly = true;
    be.gemm(a, 0, false, a, 0, false, c, 0, 512, 512, 512);
    pool.workersOnly = false;
    for (let i = 0; i < 5; i++) be.gemm(a, 0, false, a, 0, false, c, 0, 512, 512, 512);
    console.log(pool.workerChunks > 0 && c[0] === 512 ? "workers ran" : "workers idle");`;
  const r = child(code, { BACKPROP_BACKEND: "wasm" });
  assert.equal(r.signal, null, "the child was not killed by the hang guard");
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stdout, "workers ran");
});
