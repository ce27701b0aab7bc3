import type { KLDivReduction, Reduction } from "./functional/index.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { checkTensorArg } from "../ops/operands.ts";

/* Argument checks shared by nn.functional and the modules (internal: not re-exported). */

/** Validates a reduction name. */
export function checkReduction(op: string, reduction: string): Reduction {
  if (reduction === "none" || reduction === "mean" || reduction === "sum") return reduction;
  throw new Error(`${op}: "${String(reduction)}" is not a valid value for reduction (expected "none", "mean" or "sum")`);
}

/** Checks a dropout probability. */
export function checkDropoutP(op: string, p: number): number {
  if (typeof p !== "number" || !(p >= 0 && p <= 1)) {
    throw new Error(`${op}: dropout probability has to be between 0 and 1, but got ${p}`);
  }
  return p;
}

/** The padding index as a row number in [0, rows), or null. */
export function resolvePaddingIdx(op: string, paddingIdx: number | null | undefined, rows: number): number | null {
  if (paddingIdx === null || paddingIdx === undefined) return null;
  if (!Number.isInteger(paddingIdx) || paddingIdx < -rows || paddingIdx >= rows) {
    throw new Error(`${op}: paddingIdx ${paddingIdx} must be within the ${rows} embeddings`);
  }
  return paddingIdx < 0 ? paddingIdx + rows : paddingIdx;
}

/** Checks a label-smoothing amount (in [0, 1]). */
export function checkLabelSmoothing(op: string, smoothing: number): number {
  if (typeof smoothing !== "number" || !(smoothing >= 0 && smoothing <= 1)) {
    throw new Error(`${op}: labelSmoothing must be between 0.0 and 1.0, got ${smoothing}`);
  }
  return smoothing;
}

/** Validates a reduction of `klDiv` / `KLDivLoss` (the loss reductions plus "batchmean"). */
export function checkKLDivReduction(op: string, reduction: string): KLDivReduction {
  if (reduction === "none" || reduction === "mean" || reduction === "sum" || reduction === "batchmean") return reduction;
  throw new Error(`${op}: "${String(reduction)}" is not a valid value for reduction (expected "none", "mean", "sum" or "batchmean")`);
}

/** Checks that `input` is a Tensor, PyTorch's "argument 'input' must be Tensor, not list". */
export function checkTensorInput(op: string, input: unknown, name = "input"): void {
  checkTensorArg(op, input, name);
}

/**
 * Refuses an int32 or bool tensor where the op needs floating point (PyTorch: `"batch_norm" not
 * implemented for 'Int'`), e.g. the class scores of a loss or the input of a layer with float weights.
 */
export function checkFloatInput(op: string, t: Tensor, name = "input"): void {
  if (t.dtype === "int32" || t.dtype === "bool") {
    throw new Error(`${op}: argument '${name}' must be a floating-point tensor, got ${t.dtype} (convert it with ${name}.float())`);
  }
}

/**
 * `value` as a number option of `op`, refusing a string or any other non-number (PyTorch: "elu():
 * argument 'alpha' must be Number, not str"); `undefined` gives `fallback`. NaN passes, as in PyTorch.
 */
export function numberOption(op: string, name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number") throw new Error(`${op}: ${name} must be a number, got ${typeof value} ${String(value).slice(0, 40)}`);
  return value;
}

/** An option read from `arg`, which is either the option itself (a number) or an options object holding it under `name`. */
export function numberOrOption(op: string, name: string, arg: unknown, fallback: number): number {
  if (typeof arg === "object" && arg !== null && !Array.isArray(arg)) return numberOption(op, name, (arg as Record<string, unknown>)[name], fallback);
  return numberOption(op, name, arg, fallback);
}
