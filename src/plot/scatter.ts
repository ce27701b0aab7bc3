import type { Tensor } from "../tensor/tensor.ts";
import { Figure } from "./figure.ts";
import { type SeriesLike, distinct, formatNumber, toLabels, toSeries } from "./_inputs.ts";
import { TAB10 } from "./colormap.ts";

/** A fitted line y = slope * x + intercept, as an object or a [slope, intercept] pair. */
export type LineSpec = { slope: number; intercept: number } | readonly [number, number];

/** Options of `plot.scatter`. */
export interface ScatterOptions {
  /** A class label per point (numbers or strings): points coloured by class, with a legend; default none. */
  hue?: Tensor | readonly (number | string)[];
  /** A line drawn across the points' x range, its equation ("y = 9.78x + 2.48") in the legend; default none. */
  line?: LineSpec;
  /** Title over the chart; default none. */
  title?: string;
  /** Axis labels; default "x" and "y". */
  xlabel?: string;
  ylabel?: string;
  /** Size of the data rectangle in pixels; default 420 x 320. */
  width?: number;
  height?: number;
}

/**
 * The equation of a line as the legend shows it: "y = 9.78x + 2.48", "y = 0.5x - 1" (2 decimals,
 * trailing zeros dropped).
 * @example lineEquation(9.7758, 2.4837); // "y = 9.78x + 2.48"
 */
export function lineEquation(slope: number, intercept: number): string {
  const sign = intercept < 0 ? "-" : "+";
  return `y = ${formatNumber(slope)}x ${sign} ${formatNumber(Math.abs(intercept))}`;
}

/**
 * Scatter plot of y against x, like `plt.scatter` (the seed's "Hours vs Percentage"): filled circles,
 * coloured by class when `hue` is given (tab10 colours, classes sorted), and an optional fitted line
 * drawn across the data's x range in the next colour, its equation in the legend. The axes span the
 * data rounded outwards to nice numbers.
 * @example
 * const fig = plot.scatter(hours, scores, { line: [9.78, 2.48], title: "Hours vs Percentage", xlabel: "Hours Studied", ylabel: "Percentage Score" });
 */
export function scatter(x: SeriesLike, y: SeriesLike, options: ScatterOptions = {}): Figure {
  const op = "plot.scatter";
  const xs = toSeries(op, "x", x);
  const ys = toSeries(op, "y", y);
  if (xs.length !== ys.length) throw new Error(`${op}: x and y must have the same length; got ${xs.length} and ${ys.length}`);
  if (xs.length === 0) throw new Error(`${op}: x and y are empty`);
  const hue = options.hue === undefined ? null : toLabels(op, "hue", options.hue);
  if (hue !== null && hue.length !== xs.length) throw new Error(`${op}: hue must have one label per point (${xs.length}); got ${hue.length}`);
  const classes = hue === null ? ["data"] : distinct(hue);
  const points = xs.map((xv, i) => ({ x: xv, y: ys[i], series: hue === null ? "data" : hue[i] }));
  const domain = [...classes];
  const layers: Record<string, unknown>[] = [];
  let lineRows: { x: number; y: number; series: string }[] = [];
  if (options.line !== undefined) {
    const [slope, intercept] = Array.isArray(options.line) ? options.line : [(options.line as { slope: number }).slope, (options.line as { intercept: number }).intercept];
    if (!Number.isFinite(slope) || !Number.isFinite(intercept)) throw new Error(`${op}: line must be {slope, intercept} or [slope, intercept] with finite numbers; got ${JSON.stringify(options.line)}`);
    const label = lineEquation(slope, intercept);
    domain.push(label);
    const lo = Math.min(...xs);
    const hi = Math.max(...xs);
    lineRows = [lo, hi].map((xv) => ({ x: xv, y: slope * xv + intercept, series: label }));
  }
  const showLegend = hue !== null || options.line !== undefined;
  const color = {
    field: "series", type: "nominal", title: null,
    scale: { domain, range: domain.map((_, i) => TAB10[i % TAB10.length]) },
    legend: showLegend ? { orient: "right", values: hue === null ? domain.slice(1) : domain } : null,
  };
  const xEnc = { field: "x", type: "quantitative", title: options.xlabel ?? "x", scale: { zero: false, padding: 12 } };
  const yEnc = { field: "y", type: "quantitative", title: options.ylabel ?? "y", scale: { zero: false, padding: 12 } };
  layers.push({ data: { values: points }, mark: { type: "circle", size: 40, opacity: 1, aria: false }, encoding: { x: xEnc, y: yEnc, color } });
  if (lineRows.length > 0) layers.push({ data: { values: lineRows }, mark: { type: "line", strokeWidth: 2, aria: false }, encoding: { x: xEnc, y: yEnc, color } });
  return Figure.fromSpec({
    width: options.width ?? 420,
    height: options.height ?? 320,
    ...(options.title === undefined ? {} : { title: options.title }),
    layer: layers,
  });
}
