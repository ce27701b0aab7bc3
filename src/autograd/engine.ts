import type { Tensor } from "../tensor/tensor.ts";
import { Node, refreshView } from "./node.ts";
import { noGrad } from "./grad_mode.ts";
import { checkBackward, inBackward, isAnomalyEnabled } from "./anomaly.ts";
import { sumToShape } from "../ops/reduce.ts";
import { contiguousStrides, sameShape } from "../tensor/shape.ts";
import { kernels } from "../backend/registry.ts";

/**
 * Reverse-mode differentiation from `root`: orders the graph's nodes topologically, then sweeps them
 * backward, summing the gradients that reach each node (the copy rule), and accumulates (`+=`) into
 * `.grad` of leaves that require grad and of non-leaves that called `retainGrad()`. Gradients follow
 * each node's `next` edges, fixed when it was recorded (in-place ops give a tensor a new gradFn).
 */
export function runBackward(root: Tensor, gradient: Tensor, retainGraph: boolean): void {
  refreshView(root);
  const rootFn = root.gradFn;
  if (rootFn === null) {
    // backward() on a leaf: its gradient is the seed itself
    noGrad(() => accumulate(root, gradient));
    return;
  }
  const order = topologicalOrder(rootFn);
  const grads = new Map<Node, Tensor>([[rootFn, gradient]]);
  inBackward(() => noGrad(() => {
    for (const node of order) {
      const g = grads.get(node);
      if (g === undefined) continue;
      grads.delete(node);
      if (node.retained !== null) accumulate(node.retained, g);
      const into = node.inputs.map((input, i) => (node.next[i] === input ? accumulatesInto(input, node.inputs) : null));
      const inputGrads = node.apply(g, into);
      if (isAnomalyEnabled()) checkBackward(node.name, node.inputs, inputGrads, node.stack);
      if (!retainGraph) node.release();
      node.next.forEach((edge, i) => {
        const gi = inputGrads[i];
        if (gi === null || gi === undefined || edge === null || gi === into[i]) return;
        const input = node.inputs[i];
        let shaped = sameShape(gi.shape, input.shape) ? gi : sumToShape(gi, input.shape);
        // each tensor's gradient has its own dtype (PyTorch's validate_outputs)
        if (shaped.dtype !== input.dtype) shaped = shaped.to(input.dtype);
        if (edge instanceof Node) {
          const previous = grads.get(edge);
          grads.set(edge, previous === undefined ? shaped : previous.add(shaped));
        } else if (edge.requiresGrad) accumulate(edge, shaped);
      });
    }
  }));
}

/** Nodes reachable from root, each after every node that depends on it. */
function topologicalOrder(root: Node): Node[] {
  const visited = new Set<Node>([root]);
  const post: Node[] = [];
  // iterative DFS: deep graphs (long training loops unrolled by hand) must not overflow the stack
  const stack: [Node, number][] = [[root, 0]];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    const [node, i] = top;
    if (i < node.next.length) {
      top[1]++;
      const child = node.next[i];
      if (child instanceof Node && !visited.has(child)) {
        visited.add(child);
        stack.push([child, 0]);
      }
    } else {
      stack.pop();
      post.push(node);
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
  if (!input.requiresGrad || grad === null || grad.gradFn !== null || grad.dtype !== input.dtype || inputs.includes(grad)) return null;
  return sameShape(grad.shape, input.shape) ? grad : null;
}

/**
 * `t.grad += g`, in place when a gradient is already there (gradient accumulation). The add runs on
 * the kernel directly: a `.grad` is never saved by a graph, so it needs no version bump.
 */
function accumulate(t: Tensor, g: Tensor): void {
  const g2 = g.dtype === t.dtype ? g : g.to(t.dtype);
  const grad = t.grad;
  if (grad === null) t.grad = g2.clone();
  else if (grad.requiresGrad || !sameShape(grad.shape, g2.shape)) grad.add_(g2);
  else kernels().binary("add", grad.data, contiguousStrides(grad.shape), g2.data, contiguousStrides(g2.shape), grad.data, grad.shape);
}
