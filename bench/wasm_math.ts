/**
 * A quick measurement (not a test, not part of `npm run bench`): the new wasm elementwise kernels,
 * var / std (whose sums run on the wasm reduce kernel) and the activations' kernels, forward and
 * backward, against the plain-TS reference, float32.
 *
 *   npx tsx bench/wasm_math.ts
 */
import * as bp from "../src/index.ts";
import { jsBackend, setBackend, wasmBackend } from "../src/backend/index.ts";
import type { Backend, UnaryOp } from "../src/backend/index.ts";
import type { UnaryGradOp } from "../src/backend/backend.ts";

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

// the activations at a layer's size (64 x 128) and at 1M elements: forward, then backward
const acts: [UnaryOp, number, number][] = [
  ["silu", 0, 0], ["softplus", 1, 20], ["mish", 0, 0], ["selu", 0, 0], ["elu", 1, 0], ["celu", 1, 0], ["hardswish", 0, 0],
  ["hardsigmoid", 0, 0], ["logsigmoid", 0, 0], ["softsign", 0, 0],
];
const grads: [UnaryGradOp, number, number][] = [
  ["sigmoid", 0, 0], ["tanh", 0, 0], ["leakyRelu", 0.01, 0], ["elu", 1, 0], ...acts.map(([op, a, b]) => [op as UnaryGradOp, a, b] as [UnaryGradOp, number, number]),
];
for (const n of [64 * 128, 1 << 20]) {
  const x = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 6);
  const y = Float32Array.from(x, (v) => 1 / (1 + Math.exp(-v)));
  const g = Float32Array.from({ length: n }, (_, i) => Math.cos(i));
  const out = new Float32Array(n);
  const reps = n >= 1 << 20 ? 11 : 200;
  const fwd = acts.map(([op, a, b]) => {
    const js = time(() => jsBackend.unary(op, x, out, a, b), reps);
    const wa = time(() => wasm.unary(op, x, out, a, b), reps);
    return `${op} ${js.toFixed(3)} / ${wa.toFixed(3)} ms (x${(js / wa).toFixed(1)})`;
  });
  console.log(`n = ${n} forward: js / wasm  ${fwd.join(", ")}`);
  const bwd = grads.map(([op, a, b]) => {
    const js = time(() => jsBackend.unaryBackward(op, x, y, g, out, a, b), reps);
    const wa = time(() => wasm.unaryBackward(op, x, y, g, out, a, b), reps);
    return `${op} ${js.toFixed(3)} / ${wa.toFixed(3)} ms (x${(js / wa).toFixed(1)})`;
  });
  console.log(`n = ${n} backward: js / wasm  ${bwd.join(", ")}`);
}
