import type { Tensor } from "../tensor/tensor.ts";
import { Figure } from "./figure.ts";
import { type ColormapName, bytesToHex, checkColormap, colormapBytes, pngDataUrl, tensorToPixels } from "./colormap.ts";

/** Options of `plot.image`. */
export interface ImageOptions {
  /** Colour map of a one-channel image; default "viridis" (matplotlib's default). Ignored for colour images. */
  cmap?: ColormapName | string;
  /** Draw a colour bar beside a one-channel image (like `plt.colorbar()`); default false. */
  colorbar?: boolean;
  /** The value drawn with the map's first / last colour; default the data's min / max. */
  vmin?: number;
  vmax?: number;
  /** Title over the image; default none. */
  title?: string;
  /** Axis labels; default none. */
  xlabel?: string;
  ylabel?: string;
  /** Longer side of the drawn image in pixels; default 360. */
  size?: number;
}

/**
 * The colour map sampled at `n` even stops (default 256, every entry) as hex strings, first and last the map's ends.
 * @example colormapStops("gray", 3); // ["#000000", "#808080", "#ffffff"]
 */
export function colormapStops(name: string, n = 256): string[] {
  const lut = colormapBytes(name);
  return Array.from({ length: n }, (_, i) => {
    const k = Math.round((i / (n - 1)) * 255) * 3;
    return bytesToHex([lut[k], lut[k + 1], lut[k + 2]]);
  });
}

/**
 * A figure whose colour bars show every one of the colour map's 256 entries: vega samples a gradient
 * legend at its scale's ticks only (about 10 stops), so each `<linearGradient>`'s stops are replaced by
 * the map's table, offset 0 the minimum as vega lays it out.
 * @example const fig = exactColorbar(Figure.fromSpec(specWithColorbar), "viridis");
 */
export function exactColorbar(fig: Figure, cmap: string): Figure {
  const stops = colormapStops(cmap).map((hex, i) => `<stop offset="${(i / 255).toFixed(5)}" stop-color="${hex}"/>`).join("");
  const svg = fig.svg.replace(/(<linearGradient\b[^>]*>)(?:<stop\b[^>]*\/>)*(<\/linearGradient>)/g, (_m, open: string, close: string) => open + stops + close);
  return new Figure(svg, fig.width, fig.height, fig.layout);
}

/**
 * A colour-bar layer for a chart: an invisible mark whose colour scale spans [vmin, vmax] through the
 * colour map, so that Vega-Lite draws its gradient legend (maximum at the top) `length` pixels long.
 * @example const layers = [imageLayer, colorbarLayer("viridis", 0, 1, 300)];
 */
export function colorbarLayer(cmap: string, vmin: number, vmax: number, length: number): Record<string, unknown> {
  const hi = vmax > vmin ? vmax : vmin + 1;
  return {
    data: { values: [{ v: vmin }, { v: hi }] },
    mark: { type: "point", opacity: 0, aria: false },
    encoding: {
      color: {
        field: "v", type: "quantitative",
        scale: { domain: [vmin, hi], range: colormapStops(cmap, 64), interpolate: "rgb", nice: false, zero: false },
        legend: { title: null, orient: "right", direction: "vertical", gradientLength: length, gradientThickness: 16, tickCount: 5 },
      },
    },
  };
}

/**
 * Draws a tensor as an image, like matplotlib's `plt.imshow` (+ `plt.colorbar()`): [H, W] values
 * through a colour map between vmin and vmax (default the data's range), or [H, W, 3|4] / [3|4, H, W]
 * colours as they are (0..255, or floats in [0, 1]). Row 0 at the top; axes count pixels from 0 with
 * each pixel centred on its index. The pixels are one embedded PNG, drawn without smoothing.
 * @example
 * const fig = plot.image(digit.reshape([28, 28]), { cmap: "gray", colorbar: true, title: "label 5" });
 */
export function image(tensor: Tensor, options: ImageOptions = {}): Figure {
  const op = "plot.image";
  const cmap = checkColormap(op, options.cmap ?? "viridis");
  const { grid, vmin, vmax, kind } = tensorToPixels(op, tensor, { cmap, vmin: options.vmin, vmax: options.vmax });
  if (options.colorbar === true && kind !== "scalar") throw new Error(`${op}: colorbar needs a one-channel [H, W] image; got shape [${tensor.shape.join(", ")}]`);
  const size = options.size ?? 360;
  if (!(size > 0)) throw new Error(`${op}: size must be > 0; got ${size}`);
  const k = size / Math.max(grid.width, grid.height);
  const width = grid.width * k;
  const height = grid.height * k;
  const axis = { format: "d", tickMinStep: 1, grid: false };
  const layers: Record<string, unknown>[] = [{
    data: { values: [{ url: pngDataUrl(grid), x: -0.5, x2: grid.width - 0.5, y: -0.5, y2: grid.height - 0.5 }] },
    mark: { type: "image", aspect: false, smooth: false, aria: false },
    encoding: {
      url: { field: "url", type: "nominal" },
      x: { field: "x", type: "quantitative", title: options.xlabel ?? null, axis, scale: { domain: [-0.5, grid.width - 0.5], nice: false, zero: false } },
      x2: { field: "x2" },
      y: { field: "y", type: "quantitative", title: options.ylabel ?? null, axis, scale: { domain: [-0.5, grid.height - 0.5], nice: false, zero: false, reverse: true } },
      y2: { field: "y2" },
    },
  }];
  if (options.colorbar === true) layers.push(colorbarLayer(cmap, vmin, vmax, height));
  const fig = Figure.fromSpec({
    width, height,
    ...(options.title === undefined ? {} : { title: options.title }),
    config: { view: { stroke: null } },
    layer: layers,
  });
  return options.colorbar === true ? exactColorbar(fig, cmap) : fig;
}
