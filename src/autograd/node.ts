import type { Tensor } from "../tensor/tensor.ts";
import { isGradEnabled } from "./grad_mode.ts";

/**
 * Computes the gradients of an op's inputs from the gradient of its output (`null`: no gradient).
 * `into[i]`, when not null, is the `.grad` that input i's gradient is about to be added to (a leaf
 * that already has one): a backward may add its gradient straight into it, in place, and return that
 * very tensor, which the engine then does not add again (the weight gradient of `linear` does, to
 * skip a temporary and a pass over it). Most backwards ignore it.
 */
export type BackwardFn = (gradOutput: Tensor, into: readonly (Tensor | null)[]) => (Tensor | null)[];

/**
 * A recorded op in the graph (PyTorch's `grad_fn`): its inputs and the closure that knows its local
 * derivative. After a backward without `retainGraph` the closure, and with it every tensor it saved,
 * is released.
 */
export class Node {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  private backwardFn: BackwardFn | null;

  constructor(name: string, inputs: readonly Tensor[], backwardFn: BackwardFn) {
    this.name = name;
    this.inputs = inputs;
    this.backwardFn = backwardFn;
  }

  /** Gradients for each input, given the gradient of the output (see BackwardFn for `into`). */
  apply(gradOutput: Tensor, into: readonly (Tensor | null)[] = []): (Tensor | null)[] {
    if (this.backwardFn === null) {
      throw new Error(
        `backward: trying to backward through the graph a second time (${this.name} already freed its saved values). ` +
          "Saved intermediate values of the graph are freed when you call backward(); pass { retainGraph: true } " +
          "to the first backward if you need to backward through the graph again.",
      );
    }
    return this.backwardFn(gradOutput, into);
  }

  /** Drops the saved values once backward has used them. */
  release(): void {
    this.backwardFn = null;
  }
}

/**
 * Records `out` as the result of op `name` on `inputs` when grad mode is on and any input requires
 * grad; `backward` maps the output's gradient to the inputs' gradients. Returns `out`.
 */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn): Tensor {
  if (!isGradEnabled() || !inputs.some((t) => t.requiresGrad)) return out;
  out.gradFn = new Node(name, inputs, backward);
  out.requiresGrad = true;
  return out;
}
