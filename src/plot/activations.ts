import type { Tensor } from "../tensor/tensor.ts";
import { linspace } from "../tensor/creation.ts";
import { enableGrad } from "../autograd/grad_mode.ts";
import * as F from "../nn/functional/activation.ts";
import { Figure } from "./figure.ts";
import { TAB10 } from "./colormap.ts";

/** The activation functions `plot.activations` draws, by their nn.functional names (PyTorch's defaults). */
export const ACTIVATIONS: Readonly<Record<string, (x: Tensor) => Tensor>> = {
  sigmoid: F.sigmoid,
  tanh: F.tanh,
  relu: F.relu,
  leakyRelu: (x) => F.leakyRelu(x),
  elu: (x) => F.elu(x),
  gelu: (x) => F.gelu(x),
  silu: F.silu,
  softplus: (x) => F.softplus(x),
  selu: F.selu,
  mish: F.mish,
  softsign: F.softsign,
  hardtanh: (x) => F.hardtanh(x),
  relu6: F.relu6,
  hardsigmoid: F.hardsigmoid,
  hardswish: F.hardswish,
  logsigmoid: F.logsigmoid,
};

/** Options of `plot.activations`. */
export interface ActivationsOptions {
  /** Title over the figure; default "Activation functions and their derivatives". */
  title?: string;
  /** Panels per row (each function takes two: itself and its derivative); default 4. */
  columns?: number;
  /** Points from x = -5 to 5; default 201. */
  points?: number;
}

/**
 * An activation function and its derivative at `points` evenly spaced x in [-5, 5] (float64), the
 * derivative by autograd: `x.requiresGrad`, `f(x).sum().backward()`, `x.grad`.
 * @example activationCurve("sigmoid", 3).dy; // [0.00665, 0.25, 0.00665]
 */
export function activationCurve(name: string, points = 201): { x: number[]; y: number[]; dy: number[] } {
  const op = "plot.activations";
  if (!Object.prototype.hasOwnProperty.call(ACTIVATIONS, name)) {
    throw new Error(`${op}: unknown activation "${String(name)}"; valid names are ${Object.keys(ACTIVATIONS).join(", ")}`);
  }
  if (!Number.isInteger(points) || points < 2 || points > 100000) throw new Error(`${op}: points must be an integer in [2, 100000]; got ${points}`);
  return enableGrad(() => {
    const x = linspace(-5, 5, points, { dtype: "float64", requiresGrad: true });
    const y = ACTIVATIONS[name](x);
    y.sum().backward();
    if (x.grad === null) throw new Error(`${op}: autograd gave no gradient for "${name}"`);
    return { x: Array.from(x.data, Number), y: Array.from(y.data, Number), dy: Array.from(x.grad.data, Number) };
  });
}

/**
 * Each activation function beside its derivative, as small multiples over x in [-5, 5] (the seed's
 * activation figure). The derivatives come from autograd: x with requiresGrad, `f(x).sum().backward()`,
 * `x.grad`: never typed in. Names are nn.functional's (PyTorch's default parameters:
 * leakyRelu's slope 0.01, elu's alpha 1, exact gelu); unknown names are an error listing the valid ones.
 * @example
 * const fig = plot.activations(["sigmoid", "tanh", "relu"]);
 */
export function activations(names: readonly string[] = ["sigmoid", "tanh", "relu", "leakyRelu", "elu", "gelu"], options: ActivationsOptions = {}): Figure {
  const op = "plot.activations";
  if (!Array.isArray(names) || names.length === 0) throw new Error(`${op}: names must be a non-empty array of activation names`);
  const points = options.points ?? 201;
  const rows: { x: number; y: number; panel: string; curve: string }[] = [];
  const panels: string[] = [];
  const fLabel = "f(x)";
  const dLabel = "f'(x), by autograd";
  for (const name of names) {
    const { x, y, dy } = activationCurve(name, points);
    panels.push(name, `${name}'`);
    for (let i = 0; i < points; i++) {
      rows.push({ x: x[i], y: y[i], panel: name, curve: fLabel });
      rows.push({ x: x[i], y: dy[i], panel: `${name}'`, curve: dLabel });
    }
  }
  const columns = options.columns ?? 4;
  if (!Number.isInteger(columns) || columns < 1) throw new Error(`${op}: columns must be a positive integer; got ${columns}`);
  return Figure.fromSpec({
    title: options.title ?? "Activation functions and their derivatives",
    data: { values: rows },
    columns,
    facet: { field: "panel", type: "nominal", sort: panels, title: null, header: { labelFontSize: 12 } },
    spec: {
      width: 160, height: 110,
      mark: { type: "line", strokeWidth: 2, aria: false },
      encoding: {
        x: { field: "x", type: "quantitative", title: null, scale: { domain: [-5, 5], nice: false } },
        y: { field: "y", type: "quantitative", title: null, scale: { zero: false } },
        color: { field: "curve", type: "nominal", title: null, scale: { domain: [fLabel, dLabel], range: [TAB10[0], TAB10[1]] }, legend: { orient: "bottom" } },
      },
    },
    resolve: { scale: { y: "independent" } },
  });
}
