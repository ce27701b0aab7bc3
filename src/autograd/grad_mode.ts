/** Whether ops record the graph for backward (PyTorch's grad mode). */

let enabled = true;

/** True when new ops record the graph. */
export function isGradEnabled(): boolean {
  return enabled;
}

function withGradMode<T>(mode: boolean, fn: () => T): T {
  const previous = enabled;
  enabled = mode;
  try {
    return fn();
  } finally {
    enabled = previous;
  }
}

/**
 * Runs `fn` without recording the graph, like `with torch.no_grad():`.
 * @example
 * bp.noGrad(() => w.sub_(w.grad!.mul(0.005)));
 */
export function noGrad<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new Error(`noGrad: argument 'fn' must be a function, got ${typeof fn}`);
  return withGradMode(false, fn);
}

/**
 * Runs `fn` with graph recording on, even inside `noGrad`, like `torch.enable_grad()`.
 * @example
 * bp.noGrad(() => bp.enableGrad(() => x.mul(2))).requiresGrad; // true when x requires grad
 */
export function enableGrad<T>(fn: () => T): T {
  if (typeof fn !== "function") throw new Error(`enableGrad: argument 'fn' must be a function, got ${typeof fn}`);
  return withGradMode(true, fn);
}
