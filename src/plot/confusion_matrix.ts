import { Tensor } from "../tensor/tensor.ts";
import { Figure } from "./figure.ts";
import { type ColormapName, bytesToHex, checkColormap, colormapBytes, finiteRange } from "./colormap.ts";
import { colorbarLayer, exactColorbar } from "./image.ts";
import { formatNumber } from "./_inputs.ts";

/** Options of `plot.confusionMatrix`. */
export interface ConfusionMatrixOptions {
  /** Title over the chart; default none. */
  title?: string;
  /**
   * Like scikit-learn's `normalize`: "true" divides each row by its sum (recall), "pred" each column
   * (precision), "all" by the total; default none (counts).
   */
  normalize?: "true" | "pred" | "all";
  /** Colour map; default "viridis" (ConfusionMatrixDisplay's default). */
  cmap?: ColormapName | string;
  /** Draw the colour bar; default true, like ConfusionMatrixDisplay. */
  colorbar?: boolean;
  /** Side of one cell in pixels; default 48 (a 10-class matrix is 480 wide). */
  cellSize?: number;
}

/** A square matrix as rows of numbers; errors name the function. */
function toMatrix(op: string, matrix: Tensor | readonly (readonly number[])[]): number[][] {
  if (matrix instanceof Tensor) {
    if (matrix.shape.length !== 2 || matrix.shape[0] !== matrix.shape[1]) throw new Error(`${op}: matrix must be square [K, K]; got shape [${matrix.shape.join(", ")}]`);
    const k = matrix.shape[0];
    return Array.from({ length: k }, (_, i) => Array.from(matrix.data.subarray(i * k, (i + 1) * k), Number));
  }
  if (!Array.isArray(matrix)) throw new Error(`${op}: matrix must be a Tensor or an array of rows; got ${typeof matrix}`);
  const k = matrix.length;
  return matrix.map((row, i) => {
    if (!Array.isArray(row) || row.length !== k) throw new Error(`${op}: matrix must be square [K, K]; row ${i} has ${Array.isArray(row) ? row.length : "no"} entries, not ${k}`);
    return row.map((v, j) => {
      if (typeof v !== "number") throw new Error(`${op}: matrix[${i}][${j}] must be a number; got ${typeof v}`);
      return v;
    });
  });
}

/**
 * A confusion matrix as an annotated heat map, like scikit-learn's `ConfusionMatrixDisplay`: rows are
 * the true labels ("True label", top to bottom), columns the predictions ("Predicted label"), each cell
 * coloured through the colour map and showing its count (or its normalised share, 2 decimals) in the
 * map's light end on dark cells and its dark end on light cells (the cut is the middle of the range).
 * @example
 * const fig = plot.confusionMatrix(metrics.confusionMatrix(yTrue, yPred), ["cat", "dog"], { title: "Test set" });
 */
export function confusionMatrix(matrix: Tensor | readonly (readonly number[])[], labels?: readonly (string | number)[], options: ConfusionMatrixOptions = {}): Figure {
  const op = "plot.confusionMatrix";
  let m = toMatrix(op, matrix);
  const k = m.length;
  if (k === 0) throw new Error(`${op}: matrix is empty`);
  const names = labels === undefined ? m.map((_, i) => String(i)) : labels.map(String);
  if (names.length !== k) throw new Error(`${op}: labels must have one name per row (${k}); got ${names.length}`);
  if (new Set(names).size !== k) throw new Error(`${op}: labels must be distinct; got ${names.join(", ")}`);
  const normalize = options.normalize;
  if (normalize !== undefined) {
    if (!["true", "pred", "all"].includes(normalize)) throw new Error(`${op}: normalize must be "true", "pred" or "all"; got ${String(normalize)}`);
    const total = m.flat().reduce((a, b) => a + b, 0);
    const rowSum = m.map((r) => r.reduce((a, b) => a + b, 0));
    const colSum = m[0].map((_, j) => m.reduce((a, r) => a + r[j], 0));
    m = m.map((r, i) => r.map((v, j) => {
      const d = normalize === "true" ? rowSum[i] : normalize === "pred" ? colSum[j] : total;
      return d === 0 ? 0 : v / d;
    }));
  }
  const cmap = checkColormap(op, options.cmap ?? "viridis");
  const lut = colormapBytes(cmap);
  const [lo, hi] = finiteRange(m.flat());
  const lutColor = (t: number): string => {
    const i = Math.min(255, Math.max(0, Math.floor(t * 256))) * 3;
    return bytesToHex([lut[i], lut[i + 1], lut[i + 2]]);
  };
  const cut = (lo + hi) / 2;
  const cells = m.flatMap((row, i) => row.map((v, j) => ({
    truth: names[i], predicted: names[j],
    fill: lutColor(hi > lo ? (v - lo) / (hi - lo) : 0),
    text: normalize === undefined ? formatNumber(v, 6) : v.toFixed(2),
    ink: v < cut ? lutColor(1) : lutColor(0),
  })));
  const size = options.cellSize ?? 48;
  if (!(size > 0)) throw new Error(`${op}: cellSize must be > 0; got ${size}`);
  const x = { field: "predicted", type: "ordinal", title: "Predicted label", sort: names, axis: { labelAngle: 0 } };
  const y = { field: "truth", type: "ordinal", title: "True label", sort: names };
  const layers: Record<string, unknown>[] = [
    { data: { values: cells }, mark: { type: "rect", aria: false }, encoding: { x, y, fill: { field: "fill", type: "nominal", scale: null, legend: null } } },
    { data: { values: cells }, mark: { type: "text", fontSize: Math.max(8, Math.min(13, size / 4)), aria: false }, encoding: { x, y, text: { field: "text", type: "nominal" }, color: { field: "ink", type: "nominal", scale: null, legend: null } } },
  ];
  const withBar = options.colorbar !== false;
  if (withBar) layers.push(colorbarLayer(cmap, lo, hi, size * k));
  const fig = Figure.fromSpec({
    width: size * k, height: size * k,
    ...(options.title === undefined ? {} : { title: options.title }),
    layer: layers,
    resolve: { scale: { color: "independent", fill: "independent" }, legend: { color: "independent" } },
    config: { view: { stroke: null }, scale: { bandPaddingInner: 0, bandPaddingOuter: 0 } },
  });
  return withBar ? exactColorbar(fig, cmap) : fig;
}
