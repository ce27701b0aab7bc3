import { Tensor } from "../tensor/tensor.ts";
import { formatShape } from "../tensor/shape.ts";
import { noGrad } from "./grad_mode.ts";

/** Tolerances of `gradcheck`. */
export interface GradcheckOptions {
  /** Finite-difference step (default 1e-6). */
  eps?: number;
  /** Absolute tolerance (default 1e-5). */
  atol?: number;
  /** Relative tolerance (default 1e-3). */
  rtol?: number;
}

/**
 * Checks the analytic gradients of `fn` against central finite differences,
 * `(f(x + eps) - f(x - eps)) / 2 eps`, for every input that requires grad, element by element and for
 * every output element (the whole Jacobian), like `torch.autograd.gradcheck`. Inputs must be float64.
 * Returns true, or throws an error naming the input, the element and both values.
 * @example
 * const x = bp.randn([3, 4], { dtype: "float64", requiresGrad: true });
 * bp.autograd.gradcheck((t) => t.sigmoid().mul(t), [x]); // true
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], options: GradcheckOptions = {}): boolean {
  const eps = options.eps ?? 1e-6;
  const atol = options.atol ?? 1e-5;
  const rtol = options.rtol ?? 1e-3;
  const checked = inputs.filter((t) => t.requiresGrad);
  if (checked.length === 0) throw new Error("gradcheck: no input requires grad");
  inputs.forEach((t, i) => {
    if (t.requiresGrad && t.dtype !== "float64") {
      throw new Error(`gradcheck: input ${i} is ${t.dtype}; finite differences need float64 inputs`);
    }
  });
  const output = fn(...inputs);
  const analytic = analyticJacobians(output, inputs);
  const numeric = numericJacobians(fn, inputs, output.numel(), eps);
  inputs.forEach((t, i) => {
    if (!t.requiresGrad) return;
    const a = analytic[i];
    const n = numeric[i];
    for (let k = 0; k < a.length; k++) {
      if (!(Math.abs(a[k] - n[k]) <= atol + rtol * Math.abs(n[k]))) {
        const out = Math.floor(k / t.numel());
        const el = k % t.numel();
        throw new Error(
          `gradcheck: Jacobian mismatch for output element ${out} with respect to input ${i} (shape ${formatShape(t.shape)}) element ${el}: ` +
            `numerical ${n[k]} vs analytical ${a[k]}`,
        );
      }
    }
  });
  return true;
}

/** d output_j / d input_i by one backward per output element, laid out [j][i]. */
function analyticJacobians(output: Tensor, inputs: Tensor[]): Float64Array[] {
  const m = output.numel();
  const jac = inputs.map((t) => new Float64Array(m * t.numel()));
  if (!output.requiresGrad) return jac; // a constant function has a zero Jacobian
  for (let j = 0; j < m; j++) {
    const saved = inputs.map((t) => t.grad);
    inputs.forEach((t) => (t.grad = null));
    const seed = new Tensor(new Float64Array(m), output.shape).to(output.dtype);
    seed.data[j] = 1;
    output.backward(seed, { retainGraph: true });
    inputs.forEach((t, i) => {
      if (t.grad !== null) jac[i].set(t.grad.data, j * t.numel());
      t.grad = saved[i];
    });
  }
  return jac;
}

/** The same Jacobians by central differences, nudging one input element at a time. */
function numericJacobians(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], m: number, eps: number): Float64Array[] {
  return noGrad(() =>
    inputs.map((t) => {
      const jac = new Float64Array(m * t.numel());
      if (!t.requiresGrad) return jac;
      for (let e = 0; e < t.numel(); e++) {
        const original = t.data[e];
        t.data[e] = original + eps;
        const plus = Float64Array.from(fn(...inputs).data);
        t.data[e] = original - eps;
        const minus = Float64Array.from(fn(...inputs).data);
        t.data[e] = original;
        for (let j = 0; j < m; j++) jac[j * t.numel() + e] = (plus[j] - minus[j]) / (2 * eps);
      }
      return jac;
    }),
  );
}
