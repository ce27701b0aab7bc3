import type { Tensor } from "../../tensor/tensor.ts";
import type { DType } from "../../tensor/dtype.ts";
import { broadcastShapes, formatShape, sameShape } from "../../tensor/shape.ts";
import { checkReduction, checkTensorInput } from "../_checks.ts";

/* Helpers shared by the nn.functional files (internal: not re-exported). */

/** How a loss reduces its per-element values: `"none"` keeps them, `"mean"` (default) averages, `"sum"` adds. */
export type Reduction = "none" | "mean" | "sum";

/** The float dtype an op on t computes in (float32 for int32 and bool input). */
export function floatDType(t: Tensor): DType {
  return t.dtype === "int32" || t.dtype === "bool" ? "float32" : t.dtype;
}

/** Applies a loss's reduction (default mean) to its per-element values. */
export function reduceLoss(op: string, loss: Tensor, reduction: Reduction | undefined): Tensor {
  const r = checkReduction(op, reduction ?? "mean");
  if (r === "none") return loss;
  return r === "mean" ? loss.mean() : loss.sum();
}

/** Refuses a non-Tensor input or target, and a target whose shape differs from the input's. */
export function checkSameShape(op: string, input: Tensor, target: Tensor): void {
  checkTensorInput(op, input);
  checkTensorInput(op, target, "target");
  if (!sameShape(input.shape, target.shape)) {
    throw new Error(
      `${op}: target shape ${formatShape(target.shape)} does not match input shape ${formatShape(input.shape)}; ` +
        "they must be the same size (reshape one of them)",
    );
  }
}

/** `t` detached and converted to `dtype`, broadcast-checked against `shape` when given. */
export function constantLike(op: string, what: string, t: Tensor, dtype: DType, shape?: readonly number[]): Tensor {
  if (shape !== undefined) {
    let ok = true;
    try {
      ok = sameShape(broadcastShapes(op, shape, t.shape), shape);
    } catch {
      ok = false;
    }
    if (!ok) throw new Error(`${op}: ${what} of shape ${formatShape(t.shape)} does not broadcast to the input shape ${formatShape(shape)}`);
  }
  const d = t.detach();
  return d.dtype === dtype ? d : d.to(dtype);
}
