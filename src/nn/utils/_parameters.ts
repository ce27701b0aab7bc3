import { Tensor } from "../../tensor/tensor.ts";

/** What the clip functions take: one tensor or any iterable of tensors (e.g. `model.parameters()`). */
export type Parameters = Tensor | Iterable<Tensor>;

/** The gradients of `parameters` that exist, in order (internal). */
export function gradsOf(op: string, parameters: Parameters): Tensor[] {
  const list = parameters instanceof Tensor ? [parameters] : [...parameters];
  const grads: Tensor[] = [];
  for (const [i, p] of list.entries()) {
    if (!(p instanceof Tensor)) throw new Error(`${op}: parameter ${i} is not a Tensor`);
    if (p.grad !== null) grads.push(p.grad);
  }
  return grads;
}
