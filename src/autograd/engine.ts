import type { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "./grad_mode.ts";
import { sumToShape } from "../ops/reduce.ts";
import { sameShape } from "../tensor/shape.ts";

/**
 * Reverse-mode differentiation from `root`: orders the graph topologically, then sweeps it backward,
 * summing the gradients that reach each tensor (the copy rule), and accumulates (`+=`) into `.grad` of
 * leaves that require grad and of non-leaves that called `retainGrad()`.
 */
export function runBackward(root: Tensor, gradient: Tensor, retainGraph: boolean): void {
  if (root.gradFn === null) {
    // backward() on a leaf: its gradient is the seed itself
    noGrad(() => accumulate(root, gradient));
    return;
  }
  const order = topologicalOrder(root);
  const grads = new Map<Tensor, Tensor>([[root, gradient]]);
  noGrad(() => {
    for (const t of order) {
      const g = grads.get(t);
      const node = t.gradFn;
      if (g === undefined || node === null) continue;
      grads.delete(t);
      if (t.retainsGrad) accumulate(t, g);
      const into = node.inputs.map((input) => accumulatesInto(input, node.inputs));
      const inputGrads = node.apply(g, into);
      if (!retainGraph) node.release();
      node.inputs.forEach((input, i) => {
        const gi = inputGrads[i];
        if (gi === null || gi === undefined || !input.requiresGrad || gi === into[i]) return;
        let shaped = sameShape(gi.shape, input.shape) ? gi : sumToShape(gi, input.shape);
        // each tensor's gradient has its own dtype (PyTorch's validate_outputs)
        if (shaped.dtype !== input.dtype) shaped = shaped.to(input.dtype);
        if (input.gradFn === null) accumulate(input, shaped);
        else {
          const previous = grads.get(input);
          grads.set(input, previous === undefined ? shaped : previous.add(shaped));
        }
      });
    }
  });
}

/** Non-leaf tensors reachable from root, each after every tensor that depends on it. */
function topologicalOrder(root: Tensor): Tensor[] {
  const visited = new Set<Tensor>();
  const post: Tensor[] = [];
  // iterative DFS: deep graphs (long training loops unrolled by hand) must not overflow the stack
  const stack: [Tensor, number][] = [[root, 0]];
  visited.add(root);
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [t, next] = top;
    const inputs = t.gradFn?.inputs ?? [];
    if (next < inputs.length) {
      top[1]++;
      const child = inputs[next];
      if (child.gradFn !== null && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      post.push(t);
    }
  }
  return post.reverse();
}

/**
 * The `.grad` a backward may add input's gradient straight into: a leaf's existing gradient, when it
 * is not itself one of the op's inputs (it would change under the backward reading it).
 */
function accumulatesInto(input: Tensor, inputs: readonly Tensor[]): Tensor | null {
  const grad = input.grad;
  if (input.gradFn !== null || !input.requiresGrad || grad === null || grad.gradFn !== null || grad.dtype !== input.dtype || inputs.includes(grad)) return null;
  return sameShape(grad.shape, input.shape) ? grad : null;
}

/** `t.grad += g`, in place when a gradient is already there (gradient accumulation). */
function accumulate(t: Tensor, g: Tensor): void {
  const g2 = g.dtype === t.dtype ? g : g.to(t.dtype);
  if (t.grad === null) t.grad = g2.clone();
  else t.grad.add_(g2);
}
