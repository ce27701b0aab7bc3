/**
 * Anomaly detection (PyTorch's `torch.autograd.detect_anomaly` / `set_detect_anomaly`): when on, every
 * recorded op remembers the stack of the code that created it, and the first op whose forward output or
 * whose backward gradients hold NaN or ±Infinity throws an error naming the op, its input shapes and
 * that stack. Off by default; when off, ops pay one boolean check.
 */
import type { Tensor } from "../tensor/tensor.ts";
import { formatShape } from "../tensor/shape.ts";

let enabled = false;
/** >0 while the engine runs backward functions: their ops are checked as the backward's outputs. */
let backwardDepth = 0;

/** Runs `fn` (the engine's backward sweep) with the forward checks off: its gradients are checked instead. */
export function inBackward<T>(fn: () => T): T {
  backwardDepth++;
  try {
    return fn();
  } finally {
    backwardDepth--;
  }
}

/** True while anomaly detection is on. */
export function isAnomalyEnabled(): boolean {
  return enabled;
}

/**
 * Turns anomaly detection on or off for the ops that follow (PyTorch's `torch.autograd.set_detect_anomaly`).
 * @example
 * bp.autograd.setDetectAnomaly(true);
 * bp.tensor([-1]).log(); // throws: Function 'Log' returned nan values in its output ...
 * bp.autograd.setDetectAnomaly(false);
 */
export function setDetectAnomaly(on: boolean): void {
  if (typeof on !== "boolean") throw new Error(`autograd.setDetectAnomaly: on must be a boolean, got ${describe(on)}`);
  enabled = on;
}

/**
 * Runs `fn` synchronously with anomaly detection on and returns its value; the previous setting comes
 * back afterwards, even when `fn` throws (PyTorch's `with torch.autograd.detect_anomaly():`). A
 * Promise that `fn` returns runs on without detection once `fn` has returned.
 * @example
 * const x = bp.tensor([0], { requiresGrad: true });
 * bp.autograd.detectAnomaly(() => x.sqrt().sum().backward());
 * // throws: Function 'SqrtBackward0' returned inf values in its 0th output ... created at: ...
 */
export function detectAnomaly<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new Error(`autograd.detectAnomaly: fn must be a function, got ${describe(fn)}`);
  const previous = enabled;
  enabled = true;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

function describe(v: unknown): string {
  return typeof v === "string" ? JSON.stringify(v.slice(0, 40)) : typeof v === "function" ? "a function" : String(v).slice(0, 40);
}

const MAX_FRAMES = 12;
const MAX_SHAPES = 2000;

/**
 * The user's part of the current stack (frames outside this library's source, or outside its bundle),
 * at most MAX_FRAMES lines; captured only when detection is on.
 */
export function captureStack(): string {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 60;
  const stack = new Error().stack ?? "";
  Error.stackTraceLimit = limit;
  const frames = stack.split("\n").filter((l) => /^\s*at |@/.test(l));
  if (frames.length === 0) return "";
  // this function's own frame tells where the library lives: its src/ folder, or the bundle file
  const own = /(?:\(|at |@)((?:file:\/\/)?[^()\s]*?)(?::\d+:\d+)\)?$/.exec(frames[0].trim());
  let library: string | null = null;
  if (own !== null) {
    const file = own[1];
    const m = /^(.*[\\/])autograd[\\/]anomaly\.[cm]?[jt]s$/.exec(file);
    library = m !== null ? m[1] : file;
  }
  const user = frames.filter((l) => (library === null || !l.includes(library)) && !l.includes("node:internal"));
  return (user.length > 0 ? user : frames).slice(0, MAX_FRAMES).map((l) => `  ${l.trim()}`).join("\n");
}

/** True when a float tensor holds NaN or ±Infinity (integer tensors never do). */
function nonFinite(t: Tensor): "nan" | "inf" | null {
  const d = t.data;
  if (!(d instanceof Float32Array || d instanceof Float64Array)) return null;
  let inf = false;
  for (let i = 0; i < d.length; i++) {
    const v = d[i];
    if (v - v !== 0) {
      if (v !== v) return "nan";
      inf = true;
    }
  }
  return inf ? "inf" : null;
}

function shapesOf(inputs: readonly Tensor[]): string {
  const s = inputs.map((t) => formatShape(t.shape)).join(", ");
  return s.length > MAX_SHAPES ? `${s.slice(0, MAX_SHAPES)}...` : s;
}

function createdAt(stack: string): string {
  return stack === "" ? "" : `\nThe op was created at (most recent call first):\n${stack}`;
}

/** Throws when the forward output of op `name` holds NaN or ±Infinity (called only when detection is on). */
export function checkForward(name: string, inputs: readonly Tensor[], out: Tensor): void {
  if (backwardDepth > 0) return;
  const bad = nonFinite(out);
  if (bad === null) return;
  throw new Error(
    `autograd.detectAnomaly: Function '${name}' returned ${bad} values in its output (forward); ` +
      `input shapes: [${shapesOf(inputs)}].${createdAt(captureStack())}`,
  );
}

/** Throws when a backward of op `name` returned NaN or ±Infinity gradients; `stack`: where the op was created. */
export function checkBackward(name: string, inputs: readonly Tensor[], grads: readonly (Tensor | null | undefined)[], stack: string): void {
  for (let i = 0; i < grads.length; i++) {
    const g = grads[i];
    if (g === null || g === undefined) continue;
    const bad = nonFinite(g);
    if (bad === null) continue;
    throw new Error(
      `autograd.detectAnomaly: Function '${name}Backward0' returned ${bad} values in its ${ordinal(i)} output; ` +
        `input shapes: [${shapesOf(inputs)}].${createdAt(stack)}`,
    );
  }
}

function ordinal(i: number): string {
  return `${i}th`;
}
