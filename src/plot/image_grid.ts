import { Tensor } from "../tensor/tensor.ts";
import { Figure } from "./figure.ts";
import type { Box } from "./render.ts";
import { type ColormapName, checkColormap, pngDataUrl, tensorToPixels } from "./colormap.ts";
import { positiveInt } from "./_inputs.ts";

/** The red of marked cells (matplotlib's tab10 red). */
export const MARK_COLOR = "#d62728";

/** Options of `plot.imageGrid`. */
export interface ImageGridOptions {
  /** A title per image, drawn over it; default none. */
  titles?: readonly string[];
  /** Images per row; default min(N, 8). */
  cols?: number;
  /** Colour map of one-channel images; default "gray". */
  cmap?: ColormapName | string;
  /** Value range of one-channel images; default each image's own min / max (like `imshow`). */
  vmin?: number;
  vmax?: number;
  /** A flag per image: true draws its title in red and a red frame round it (a mistake); default none. */
  marks?: readonly boolean[];
  /** Title over the whole grid; default none. */
  title?: string;
  /** Longer side of each image in pixels; default 84. */
  cellSize?: number;
}

const GAP = 10;
const TITLE_HEIGHT = 16;

/** The images of a batch tensor or an array of tensors, each an image tensor. */
function splitImages(op: string, images: Tensor | readonly Tensor[]): Tensor[] {
  if (Array.isArray(images)) {
    if (images.length === 0) throw new Error(`${op}: images is empty`);
    return images.map((t, i) => {
      if (!(t instanceof Tensor)) throw new Error(`${op}: images[${i}] must be a Tensor; got ${typeof t}`);
      return t;
    });
  }
  const t = images as Tensor;
  if (!(t instanceof Tensor)) throw new Error(`${op}: images must be a Tensor [N, H, W] / [N, C, H, W] / [N, H, W, C] or an array of tensors`);
  if (t.shape.length !== 3 && t.shape.length !== 4) {
    throw new Error(`${op}: images must be [N, H, W], [N, C, H, W] or [N, H, W, C]; got shape [${t.shape.join(", ")}]`);
  }
  const n = t.shape[0];
  if (n === 0) throw new Error(`${op}: images is empty (shape [${t.shape.join(", ")}])`);
  const per = t.data.length / n;
  const rest = t.shape.slice(1);
  return Array.from({ length: n }, (_, i) => new Tensor(t.data.subarray(i * per, (i + 1) * per), rest));
}

/**
 * A grid of images with a title over each, like a matplotlib `subplots` grid of `imshow`s with axes
 * off: the MNIST predictions ("pred 3 / true 5", mistakes marked in red), CIFAR samples per class, a
 * linear classifier's templates. Images are [H, W] through `cmap` (default "gray") or colour
 * [H, W, 3] / [3, H, W] as they are; all are drawn the same size (their longer side `cellSize`).
 * `fig.layout.cells` holds each image's rectangle.
 * @example
 * const fig = plot.imageGrid(x.slice(0, 16).reshape([16, 28, 28]), { titles, marks: wrong, cols: 8 });
 */
export function imageGrid(images: Tensor | readonly Tensor[], options: ImageGridOptions = {}): Figure {
  const op = "plot.imageGrid";
  const list = splitImages(op, images);
  const n = list.length;
  const cmap = checkColormap(op, options.cmap ?? "gray");
  const cols = Math.min(n, positiveInt(op, "cols", options.cols, Math.min(n, 8)));
  const rows = Math.ceil(n / cols);
  if (options.titles !== undefined && options.titles.length !== n) throw new Error(`${op}: titles must have one entry per image (${n}); got ${options.titles.length}`);
  if (options.marks !== undefined && options.marks.length !== n) throw new Error(`${op}: marks must have one entry per image (${n}); got ${options.marks.length}`);
  const cellSize = options.cellSize ?? 84;
  if (!(cellSize > 0)) throw new Error(`${op}: cellSize must be > 0; got ${cellSize}`);
  const grids = list.map((t, i) => tensorToPixels(`${op}: images[${i}]`, t, { cmap, vmin: options.vmin, vmax: options.vmax }).grid);
  const cellW = Math.max(...grids.map((g) => (g.width * cellSize) / Math.max(g.width, g.height)));
  const cellH = Math.max(...grids.map((g) => (g.height * cellSize) / Math.max(g.width, g.height)));
  const titleH = options.titles === undefined ? 0 : TITLE_HEIGHT;
  const cells: Box[] = [];
  const pictures = grids.map((g, i) => {
    const k = cellSize / Math.max(g.width, g.height);
    const x = (i % cols) * (cellW + GAP);
    const y = Math.floor(i / cols) * (cellH + titleH + GAP) + titleH;
    cells.push({ x, y, width: g.width * k, height: g.height * k });
    return { url: pngDataUrl(g), x, x2: x + g.width * k, y, y2: y + g.height * k };
  });
  const width = cols * cellW + (cols - 1) * GAP;
  const height = rows * (cellH + titleH) + (rows - 1) * GAP;
  const pixel = (field: string): Record<string, unknown> => ({ field, type: "quantitative", scale: null, axis: null });
  const layers: Record<string, unknown>[] = [{
    data: { values: pictures },
    mark: { type: "image", aspect: false, smooth: false, aria: false },
    encoding: { url: { field: "url", type: "nominal" }, x: pixel("x"), x2: { field: "x2" }, y: pixel("y"), y2: { field: "y2" } },
  }];
  const marked = pictures.map((p, i) => ({ ...p, marked: options.marks?.[i] === true })).filter((p) => p.marked);
  if (marked.length > 0) {
    layers.push({
      data: { values: marked.map((p) => ({ x: p.x - 1, x2: p.x2 + 1, y: p.y - 1, y2: p.y2 + 1 })) },
      mark: { type: "rect", fill: null, fillOpacity: 0, stroke: MARK_COLOR, strokeWidth: 2, aria: false },
      encoding: { x: pixel("x"), x2: { field: "x2" }, y: pixel("y"), y2: { field: "y2" } },
    });
  }
  if (options.titles !== undefined) {
    const titles = options.titles;
    layers.push({
      data: { values: pictures.map((p, i) => ({ x: (p.x + p.x2) / 2, y: p.y - 3, text: String(titles[i]), color: options.marks?.[i] === true ? MARK_COLOR : "#000000" })) },
      mark: { type: "text", baseline: "bottom", align: "center", fontSize: 11 },
      encoding: { x: pixel("x"), y: pixel("y"), text: { field: "text", type: "nominal" }, color: { field: "color", type: "nominal", scale: null, legend: null } },
    });
  }
  const fig = Figure.fromSpec({
    width, height,
    ...(options.title === undefined ? {} : { title: options.title }),
    config: { view: { stroke: null } },
    layer: layers,
  });
  const { x, y } = fig.layout.plot;
  return new Figure(fig.svg, fig.width, fig.height, { ...fig.layout, cells: cells.map((c) => ({ ...c, x: c.x + x, y: c.y + y })) });
}

/** Options of `plot.weightsAsImages`. */
export interface WeightsAsImagesOptions {
  /** A name per class (template), drawn over it; default "0", "1", .... */
  classes?: readonly string[];
  /** Templates per row; default min(C, 10), all ten CIFAR classes on one row. */
  cols?: number;
  /** Title over the grid; default none. */
  title?: string;
  /** Longer side of each template in pixels; default 84. */
  cellSize?: number;
}

/**
 * A linear classifier's weights as one image per class, the CS231n picture of its templates: each
 * class's weights (a column of W [features, classes] as LinearClassifier holds it, or a row of
 * W [classes, features] as nn.Linear's weight; a bias row or column, features + 1 long, is dropped)
 * reshaped to `shape` ([H, W], [H, W, 3] or [3, H, W]) and rescaled on its own to 0..255 as
 * `trunc(255 * (w - min) / (max - min))`, then drawn in a grid titled by class.
 * @example
 * const fig = plot.weightsAsImages(clf.W, [32, 32, 3], { classes: cifar.classes });
 */
export function weightsAsImages(W: Tensor, shape: readonly number[], options: WeightsAsImagesOptions = {}): Figure {
  const op = "plot.weightsAsImages";
  if (!(W instanceof Tensor) || W.shape.length !== 2) throw new Error(`${op}: W must be a 2-D Tensor [features, classes]; got ${W instanceof Tensor ? `shape [${W.shape.join(", ")}]` : typeof W}`);
  if (!Array.isArray(shape) || shape.some((s) => !Number.isInteger(s) || s < 1)) throw new Error(`${op}: shape must be positive integers; got ${JSON.stringify(shape)}`);
  const features = shape.reduce((a, b) => a * b, 1);
  const [r, c] = W.shape;
  const byColumn = r === features || r === features + 1;
  if (!byColumn && c !== features && c !== features + 1) {
    throw new Error(`${op}: W [${r}, ${c}] has no side of ${features} (shape [${shape.join(", ")}]) or ${features + 1} (with a bias) values`);
  }
  const classes = byColumn ? c : r;
  if (options.classes !== undefined && options.classes.length !== classes) throw new Error(`${op}: classes must have one name per template (${classes}); got ${options.classes.length}`);
  const w = W.data;
  const templates = Array.from({ length: classes }, (_, k) => {
    const values = new Float64Array(features);
    for (let f = 0; f < features; f++) values[f] = Number(byColumn ? w[f * c + k] : w[k * c + f]);
    let lo = Infinity;
    let hi = -Infinity;
    for (const v of values) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const pixels = new Int32Array(features);
    for (let f = 0; f < features; f++) pixels[f] = hi > lo ? Math.trunc((255 * (values[f] - lo)) / (hi - lo)) : 0;
    return new Tensor(pixels, shape);
  });
  return imageGrid(templates, {
    titles: options.classes ?? templates.map((_, k) => String(k)),
    cols: options.cols ?? Math.min(classes, 10),
    cmap: "gray", vmin: 0, vmax: 255,
    ...(options.title === undefined ? {} : { title: options.title }),
    ...(options.cellSize === undefined ? {} : { cellSize: options.cellSize }),
  });
}
