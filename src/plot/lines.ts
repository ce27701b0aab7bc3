import { Tensor } from "../tensor/tensor.ts";
import { Figure } from "./figure.ts";
import { toSeries } from "./_inputs.ts";

/** A Keras `History` (duck typed: anything with a `history` record of per-epoch numbers). */
export interface HistoryLike {
  history: Record<string, readonly number[]>;
}

/** Series by name: numbers per epoch (or per step), as arrays or 1-D tensors. */
export type SeriesRecord = Record<string, readonly number[] | Tensor>;

/** Options of `plot.lines`. */
export interface LinesOptions {
  /** Title over the chart; default none. */
  title?: string;
  /** x-axis label; default "epoch". */
  xlabel?: string;
  /** y-axis label; default "" (none); the legend names the series. */
  ylabel?: string;
  /** A logarithmic y axis (every value must be > 0); default false. */
  logY?: boolean;
  /** Size of the data rectangle in pixels; default 480 x 300. */
  width?: number;
  height?: number;
}

function isHistory(h: unknown): h is HistoryLike {
  return typeof h === "object" && h !== null && !(h instanceof Tensor) && "history" in h && typeof (h as HistoryLike).history === "object" && (h as HistoryLike).history !== null;
}

/**
 * Line chart of per-epoch series: loss and accuracy curves, train against validation, like
 * `plt.plot(history.history["loss"])` per key. Takes a Keras `History` (`{history: {loss, val_loss}}`)
 * or a plain record of series. Each series is one line in matplotlib's tab10 colours, in the record's
 * order, with a legend; point i is drawn at x = i + 1 (epochs count from 1, as Keras prints them).
 * The axes span exactly the data (no rounding of the ends), so the data rectangle's corners are the
 * first epoch / last epoch and the smallest / largest value.
 * @example
 * const fig = plot.lines(history, { title: "Loss", ylabel: "loss" });
 * await fig.save("loss.png");
 */
export function lines(history: HistoryLike | SeriesRecord, options: LinesOptions = {}): Figure {
  const op = "plot.lines";
  const record: Record<string, readonly number[] | Tensor> = isHistory(history) ? history.history : history;
  if (typeof record !== "object" || record === null) throw new Error(`${op}: history must be a Keras History or a record of series; got ${String(record)}`);
  const names = Object.keys(record);
  if (names.length === 0) throw new Error(`${op}: history has no series`);
  const rows: { epoch: number; value: number; series: string }[] = [];
  for (const name of names) {
    const values = toSeries(op, `series "${name}"`, record[name] as readonly number[] | Tensor);
    if (values.length === 0) throw new Error(`${op}: series "${name}" is empty`);
    values.forEach((value, i) => {
      if (options.logY === true && !(value > 0)) throw new Error(`${op}: logY needs values > 0; series "${name}"[${i}] is ${value}`);
      rows.push({ epoch: i + 1, value, series: name });
    });
  }
  const longest = Math.max(...rows.map((r) => r.epoch));
  const spec = {
    width: options.width ?? 480,
    height: options.height ?? 300,
    ...(options.title === undefined ? {} : { title: options.title }),
    data: { values: rows },
    mark: { type: "line", strokeWidth: 2, point: longest === 1, aria: false },
    encoding: {
      x: {
        field: "epoch", type: "quantitative", title: options.xlabel ?? "epoch",
        scale: { domain: longest === 1 ? [0.5, 1.5] : [1, longest], nice: false, zero: false },
        axis: { tickMinStep: 1, format: "d" },
      },
      y: {
        field: "value", type: "quantitative", title: options.ylabel ?? "",
        scale: options.logY === true ? { type: "log", nice: false } : { type: "linear", nice: false, zero: false },
      },
      color: { field: "series", type: "nominal", title: null, scale: { domain: names }, legend: { orient: "right" } },
    },
  };
  return Figure.fromSpec(spec);
}
