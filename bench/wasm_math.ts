/**
 * A quick measurement (not a test, not part of `npm run bench`): the new wasm elementwise kernels and
 * var / std (whose sums run on the wasm reduce kernel) against the plain-TS reference, float32.
 *
 *   npx tsx bench/wasm_math.ts
 */
import * as bp from "../src/index.ts";
import { jsBackend, setBackend, wasmBackend } from "../src/backend/index.ts";
import type { Backend, UnaryOp } from "../src/backend/index.ts";

if (wasmBackend === null) throw new Error("no wasm backend on this engine");
const wasm: Backend = wasmBackend;

/** Median milliseconds of `reps` runs of fn (after two warm-up runs). */
function time(fn: () => void, reps: number): number {
  fn();
  fn();
  const t: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return t.sort((a, b) => a - b)[reps >> 1];
}

const ops: UnaryOp[] = ["square", "rsqrt", "floor", "ceil", "trunc", "round", "frac", "sign"];
for (const n of [1024, 65536, 1 << 20]) {
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 10 + 11);
  const out = new Float32Array(n);
  const reps = n >= 1 << 20 ? 15 : 200;
  const rows = ops.map((op) => {
    const js = time(() => jsBackend.unary(op, x, out), reps);
    const wa = time(() => wasm.unary(op, x, out), reps);
    return `${op} ${js.toFixed(3)} / ${wa.toFixed(3)} ms (x${(js / wa).toFixed(1)})`;
  });
  console.log(`n = ${n}: js / wasm  ${rows.join(", ")}`);
  const t = new bp.Tensor(x, [n >> 8, 256]);
  const stats = (["var", "std"] as const).map((op) => {
    setBackend(jsBackend);
    const js = time(() => t[op](1), reps);
    setBackend(wasm);
    const wa = time(() => t[op](1), reps);
    return `${op}(dim 1) ${js.toFixed(3)} / ${wa.toFixed(3)} ms (x${(js / wa).toFixed(1)})`;
  });
  console.log(`          ${stats.join(", ")}`);
}
