import { Tensor } from "../tensor/tensor.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { argmax } from "../ops/reduce.ts";
import { Figure } from "./figure.ts";
import { TAB10, hexToBytes, lighten, pngDataUrl } from "./colormap.ts";
import { type SeriesLike, distinct, positiveInt, toLabels } from "./_inputs.ts";

/** A classifier of 2-D points: a function from [M, 2] to labels [M], or a model with `predict` / `forward`. */
export type Classifier2D =
  | ((x: Tensor) => Tensor | readonly number[])
  | { predict(x: Tensor): Tensor | readonly number[] }
  | { forward(x: Tensor): Tensor };

/** Options of `plot.decisionBoundary`. */
export interface DecisionBoundaryOptions {
  /** Grid points per side, each one pixel of the class regions; default 200. */
  resolution?: number;
  /** Title over the chart; default none. */
  title?: string;
  /** Axis labels; default none. */
  xlabel?: string;
  ylabel?: string;
  /** Size of the data rectangle in pixels; default 400 x 400. */
  width?: number;
  height?: number;
}

/** How much lighter than a class's point colour its region is (mixed with white). */
export const REGION_LIGHTEN = 0.6;

/** Labels from a prediction: [M] as they are; [M, C] scores argmax; [M, 1] thresholded at `cut`. */
function toPredictedLabels(op: string, out: Tensor | readonly number[], m: number, cut: number): number[] {
  let labels: number[];
  if (out instanceof Tensor) {
    if (out.shape.length === 2 && out.shape[1] > 1) labels = Array.from(argmax(out, 1).data, Number);
    else if (out.shape.length === 2 && out.shape[1] === 1) labels = Array.from(out.data, (v) => (Number(v) > cut ? 1 : 0));
    else if (out.shape.length === 1) labels = Array.from(out.data, Number);
    else throw new Error(`${op}: the classifier must return labels [M] or scores [M, C]; got shape [${out.shape.join(", ")}]`);
  } else if (Array.isArray(out)) {
    labels = out.map(Number);
  } else {
    throw new Error(`${op}: the classifier must return a Tensor or an array of labels; got ${typeof out}`);
  }
  if (labels.length !== m) throw new Error(`${op}: the classifier returned ${labels.length} labels for ${m} grid points`);
  return labels;
}

/** Runs the classifier once on the whole grid. */
function classify(op: string, model: Classifier2D, grid: Tensor): number[] {
  const m = grid.shape[0];
  return noGrad(() => {
    if (typeof model === "function") return toPredictedLabels(op, model(grid), m, 0.5);
    if (typeof (model as { predict?: unknown }).predict === "function") return toPredictedLabels(op, (model as { predict(x: Tensor): Tensor | readonly number[] }).predict(grid), m, 0.5);
    if (typeof (model as { forward?: unknown }).forward === "function") return toPredictedLabels(op, (model as { forward(x: Tensor): Tensor }).forward(grid), m, 0);
    throw new Error(`${op}: predict must be a function, or an object with predict(X) or forward(X)`);
  });
}

/**
 * The class regions of any 2-D classifier with its points on top, like scikit-learn's
 * `DecisionBoundaryDisplay` + `plt.scatter`. The classifier sees ONE batch: a resolution x resolution
 * grid over the points' range widened by 10% on each side, as a Tensor [resolution^2, 2]. It is a
 * function returning labels [M], or an object with `predict(X)` (an estimator, or a Keras model: scores
 * [M, C] are argmaxed, a single sigmoid column [M, 1] cut at 0.5) or `forward(X)` (an nn.Module:
 * logits argmaxed, a single logit cut at 0). Regions are drawn as one raster in light class colours,
 * the points in the same colours at full strength (tab10, classes sorted), with a legend.
 * @example
 * const fig = plot.decisionBoundary(model, X, y, { title: "MLP on moons" });
 */
export function decisionBoundary(predict: Classifier2D, X: Tensor, y: Tensor | SeriesLike, options: DecisionBoundaryOptions = {}): Figure {
  const op = "plot.decisionBoundary";
  if (!(X instanceof Tensor) || X.shape.length !== 2 || X.shape[1] !== 2) {
    throw new Error(`${op}: X must be a Tensor [N, 2]; got ${X instanceof Tensor ? `shape [${X.shape.join(", ")}]` : typeof X}`);
  }
  const n = X.shape[0];
  if (n === 0) throw new Error(`${op}: X has no points`);
  const yLabels = toLabels(op, "y", y as Tensor | readonly number[]);
  if (yLabels.length !== n) throw new Error(`${op}: y must have one label per point (${n}); got ${yLabels.length}`);
  const res = positiveInt(op, "resolution", options.resolution, 200);
  if (res > 2000) throw new Error(`${op}: resolution must be at most 2000; got ${res}`);
  const px = Array.from({ length: n }, (_, i) => Number(X.data[2 * i]));
  const py = Array.from({ length: n }, (_, i) => Number(X.data[2 * i + 1]));
  const widen = (v: number[]): [number, number] => {
    const lo = Math.min(...v);
    const hi = Math.max(...v);
    if (!Number.isFinite(lo) || !Number.isFinite(hi)) throw new Error(`${op}: X holds a value that is not finite`);
    const pad = hi > lo ? 0.1 * (hi - lo) : 0.5;
    return [lo - pad, hi + pad];
  };
  const [x0, x1] = widen(px);
  const [y0, y1] = widen(py);
  const grid = X.dtype === "float64" ? new Float64Array(res * res * 2) : new Float32Array(res * res * 2);
  for (let r = 0; r < res; r++) {
    const gy = y1 - ((r + 0.5) * (y1 - y0)) / res; // row 0 is the top of the picture
    for (let c = 0; c < res; c++) {
      const k = 2 * (r * res + c);
      grid[k] = x0 + ((c + 0.5) * (x1 - x0)) / res;
      grid[k + 1] = gy;
    }
  }
  const predicted = classify(op, predict, new Tensor(grid, [res * res, 2]));
  const classes = distinct([...yLabels, ...predicted.map(String)]);
  const index = new Map(classes.map((c, i) => [c, i]));
  const colors = classes.map((_, i) => TAB10[i % TAB10.length]);
  const light = colors.map((c) => lighten(hexToBytes(c), REGION_LIGHTEN));
  const rgba = new Uint8Array(res * res * 4);
  predicted.forEach((label, i) => {
    const rgb = light[index.get(String(label)) ?? 0];
    rgba.set([rgb[0], rgb[1], rgb[2], 255], 4 * i);
  });
  const xScale = { domain: [x0, x1], nice: false, zero: false };
  const yScale = { domain: [y0, y1], nice: false, zero: false };
  const xEnc = { field: "x", type: "quantitative", title: options.xlabel ?? null, scale: xScale, axis: { grid: false } };
  const yEnc = { field: "y", type: "quantitative", title: options.ylabel ?? null, scale: yScale, axis: { grid: false } };
  return Figure.fromSpec({
    width: options.width ?? 400,
    height: options.height ?? 400,
    ...(options.title === undefined ? {} : { title: options.title }),
    layer: [
      {
        data: { values: [{ url: pngDataUrl({ width: res, height: res, rgba }), x: x0, x2: x1, y: y1, y2: y0 }] },
        mark: { type: "image", aspect: false, smooth: false, aria: false },
        encoding: { url: { field: "url", type: "nominal" }, x: xEnc, x2: { field: "x2" }, y: yEnc, y2: { field: "y2" } },
      },
      {
        data: { values: px.map((xv, i) => ({ x: xv, y: py[i], label: yLabels[i] })) },
        mark: { type: "circle", size: 30, opacity: 1, stroke: "#222222", strokeWidth: 0.5, aria: false },
        encoding: {
          x: xEnc, y: yEnc,
          color: { field: "label", type: "nominal", title: "class", scale: { domain: classes, range: colors }, legend: { orient: "right" } },
        },
      },
    ],
  });
}
