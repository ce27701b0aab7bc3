import { encode } from "fast-png";
import type { Tensor } from "../tensor/tensor.ts";
import { COLORMAP_TABLES } from "./colormap_data.ts";

/*
 * Colour maps (matplotlib's tables) and tensors to pixel grids: values -> RGBA bytes -> a PNG data URL
 * that a chart embeds as one image, never one rectangle per pixel.
 */

/** An RGB colour, each channel in [0, 1] like matplotlib's `cmap(t)[:3]`. */
export type RGB = [number, number, number];

/** The names `colormap` knows: matplotlib's `gray`, `viridis`, `hot`, `coolwarm`, `magma`, `inferno`, `plasma`, `Blues`. */
export type ColormapName = "gray" | "viridis" | "hot" | "coolwarm" | "magma" | "inferno" | "plasma" | "Blues";

/** The valid colour-map names, in the order error messages list them. */
export const COLORMAP_NAMES: readonly ColormapName[] = Object.keys(COLORMAP_TABLES) as ColormapName[];

/**
 * matplotlib's "tab10" colours, the default colour cycle: one per series or class, as hex strings.
 * @example TAB10[0]; // "#1f77b4"
 */
export const TAB10: readonly string[] = [
  "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
];

/**
 * Checks a colour-map name, naming the function and listing the valid names.
 * @example checkColormap("plot.image", "viridis"); // "viridis"
 */
export function checkColormap(op: string, name: string): ColormapName {
  if (!Object.prototype.hasOwnProperty.call(COLORMAP_TABLES, name)) {
    throw new Error(`${op}: unknown cmap "${name}"; valid names are ${COLORMAP_NAMES.join(", ")}`);
  }
  return name as ColormapName;
}

/**
 * matplotlib's colour map `name` as a function of t in [0, 1] (clamped; NaN maps to 0) to [r, g, b] in
 * [0, 1]. Like matplotlib with its default 256 entries: entry `min(floor(t * 256), 255)`, no
 * interpolation, so `colormap("viridis")(0.5)` equals matplotlib's `viridis(0.5)[:3]`.
 * @example
 * colormap("gray")(1); // [1, 1, 1]
 * colormap("viridis")(0); // [0.267004, 0.004874, 0.329415]
 */
export function colormap(name: ColormapName | string): (t: number) => RGB {
  const table = COLORMAP_TABLES[checkColormap("colormap", name)];
  return (t: number): RGB => {
    const i = lutIndex(t) * 3;
    return [table[i], table[i + 1], table[i + 2]];
  };
}

function lutIndex(t: number): number {
  if (!(t > 0)) return 0;
  return t >= 1 ? 255 : Math.min(255, Math.floor(t * 256));
}

/**
 * A colour map's 256 entries as RGB bytes (768 values), for fast pixel work.
 * @example colormapBytes("gray")[765]; // 255
 */
export function colormapBytes(name: ColormapName | string): Uint8Array {
  const table = COLORMAP_TABLES[checkColormap("colormapBytes", name)];
  const out = new Uint8Array(768);
  for (let i = 0; i < 768; i++) out[i] = Math.round(table[i] * 255);
  return out;
}

/**
 * A hex colour string ("#1f77b4") to bytes [r, g, b].
 * @example hexToBytes("#ff0000"); // [255, 0, 0]
 */
export function hexToBytes(hex: string): [number, number, number] {
  const n = Number.parseInt(hex.slice(1), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/**
 * Bytes [r, g, b] to a hex string "#rrggbb".
 * @example bytesToHex([255, 0, 0]); // "#ff0000"
 */
export function bytesToHex(rgb: readonly number[]): string {
  return "#" + rgb.slice(0, 3).map((v) => Math.round(Math.min(255, Math.max(0, v))).toString(16).padStart(2, "0")).join("");
}

/**
 * A colour mixed with white: `c + (255 - c) * amount` per channel (the light class colours of a
 * decision boundary's regions use amount 0.6).
 * @example lighten([0, 0, 255], 0.5); // [128, 128, 255]
 */
export function lighten(rgb: readonly number[], amount: number): [number, number, number] {
  return [0, 1, 2].map((i) => Math.round(rgb[i] + (255 - rgb[i]) * amount)) as [number, number, number];
}

/** Pixels of an image: `height` x `width` RGBA bytes, row-major from the top left. */
export interface PixelGrid {
  width: number;
  height: number;
  rgba: Uint8Array;
}

/** Options of `valuesToPixels`: the colour map and the values mapped to its ends. */
export interface ColorScaleOptions {
  /** Colour-map name; default "viridis" (matplotlib's default). */
  cmap?: ColormapName | string;
  /** The value drawn with the map's first colour; default the data's minimum (ignoring NaN). */
  vmin?: number;
  /** The value drawn with the map's last colour; default the data's maximum (ignoring NaN). */
  vmax?: number;
}

/**
 * The finite minimum and maximum of values (0, 0 when none is finite).
 * @example finiteRange(new Float32Array([3, NaN, 1])); // [1, 3]
 */
export function finiteRange(values: ArrayLike<number>): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  return lo <= hi ? [lo, hi] : [0, 0];
}

/**
 * A [H, W] grid of values through a colour map: `t = (v - vmin) / (vmax - vmin)` clamped to [0, 1]
 * (0 when vmax equals vmin, like matplotlib), NaN drawn transparent. Returns the scale used too.
 * @example
 * const { grid } = valuesToPixels(new Float32Array([0, 1]), 1, 2, { cmap: "gray" }); // black, white
 */
export function valuesToPixels(values: ArrayLike<number>, height: number, width: number, options: ColorScaleOptions = {}): { grid: PixelGrid; vmin: number; vmax: number } {
  const lut = colormapBytes(options.cmap ?? "viridis");
  const [lo, hi] = finiteRange(values);
  const vmin = options.vmin ?? lo;
  const vmax = options.vmax ?? hi;
  const span = vmax - vmin;
  const rgba = new Uint8Array(height * width * 4);
  for (let i = 0; i < height * width; i++) {
    const v = values[i];
    if (Number.isNaN(v)) continue;
    const k = lutIndex(span > 0 ? (v - vmin) / span : 0) * 3;
    rgba[4 * i] = lut[k];
    rgba[4 * i + 1] = lut[k + 1];
    rgba[4 * i + 2] = lut[k + 2];
    rgba[4 * i + 3] = 255;
  }
  return { grid: { width, height, rgba }, vmin, vmax };
}

/** How a tensor's values become a picture: through a colour map, or as RGB colours. */
export type ImageKind = "scalar" | "rgb";

/**
 * The layout of an image tensor: [H, W] (values through a colour map), [H, W, 3|4] or [3|4, H, W]
 * colour, or [1, H, W] / [H, W, 1] grey treated as [H, W]; a last side of 3 or 4 means [H, W, C] (so [3, 1, 1] is
 * CHW and [1, 1, 3] HWC). Errors name `op` and the shape.
 * @example imageLayout("plot.image", [3, 32, 32]); // { kind: "rgb", height: 32, width: 32, channels: 3, channelsFirst: true }
 */
export function imageLayout(op: string, shape: readonly number[]): { kind: ImageKind; height: number; width: number; channels: number; channelsFirst: boolean } {
  const bad = (): Error => new Error(`${op}: an image must be [H, W], [H, W, C] or [C, H, W] with C 1, 3 or 4; got shape [${shape.join(", ")}]`);
  if (shape.length === 2) {
    if (shape[0] < 1 || shape[1] < 1) throw bad();
    return { kind: "scalar", height: shape[0], width: shape[1], channels: 1, channelsFirst: false };
  }
  if (shape.length !== 3) throw bad();
  // [H, W, 3|4] when the last side is a colour count, else [1|3|4, H, W], else [H, W, 1]
  const first = shape[2] === 3 || shape[2] === 4 ? false : [1, 3, 4].includes(shape[0]) ? true : shape[2] === 1 ? false : null;
  if (first === null) throw bad();
  const [c, h, w] = first ? [shape[0], shape[1], shape[2]] : [shape[2], shape[0], shape[1]];
  if (h < 1 || w < 1) throw bad();
  return { kind: c === 1 ? "scalar" : "rgb", height: h, width: w, channels: c, channelsFirst: first };
}

/**
 * An image tensor as pixels: [H, W] (or one channel) through `options.cmap` between vmin and vmax;
 * [H, W, 3|4] / [3|4, H, W] colours drawn as they are: 0..255 values, or floats all in [0, 1] scaled
 * by 255 (the rule: a float tensor whose values all lie in [0, 1] is taken as [0, 1] colour; anything
 * else as 0..255, clamped).
 * @example
 * tensorToPixels("plot.image", bp.rand([28, 28]), { cmap: "gray" }).grid.width; // 28
 */
export function tensorToPixels(op: string, t: Tensor, options: ColorScaleOptions = {}): { grid: PixelGrid; vmin: number; vmax: number; kind: ImageKind } {
  const layout = imageLayout(op, t.shape);
  const { height, width, channels, channelsFirst } = layout;
  const data = t.data;
  if (layout.kind === "scalar") return { ...valuesToPixels(data, height, width, options), kind: "scalar" };
  let unit = t.dtype === "float32" || t.dtype === "float64";
  if (unit) {
    for (let i = 0; i < data.length; i++) {
      if (!(data[i] >= 0 && data[i] <= 1)) { unit = false; break; }
    }
  }
  const factor = unit ? 255 : 1;
  const rgba = new Uint8Array(height * width * 4);
  const plane = height * width;
  for (let p = 0; p < plane; p++) {
    for (let c = 0; c < 4; c++) {
      if (c >= channels) { rgba[4 * p + c] = 255; continue; }
      const v = Number(channelsFirst ? data[c * plane + p] : data[p * channels + c]) * factor;
      rgba[4 * p + c] = Number.isNaN(v) ? 0 : Math.round(Math.min(255, Math.max(0, v)));
    }
  }
  return { grid: { width, height, rgba }, vmin: 0, vmax: 255, kind: "rgb" };
}

const BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Bytes as base64 (no Buffer or btoa needed, so the same in Node and a browser). */
function base64(bytes: Uint8Array): string {
  const parts: string[] = [];
  let chunk = "";
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i];
    const b = i + 1 < bytes.length ? bytes[i + 1] : 0;
    const c = i + 2 < bytes.length ? bytes[i + 2] : 0;
    const n = (a << 16) | (b << 8) | c;
    chunk += BASE64[(n >> 18) & 63] + BASE64[(n >> 12) & 63] + (i + 1 < bytes.length ? BASE64[(n >> 6) & 63] : "=") + (i + 2 < bytes.length ? BASE64[n & 63] : "=");
    if (chunk.length >= 8192) { parts.push(chunk); chunk = ""; }
  }
  parts.push(chunk);
  return parts.join("");
}

/**
 * A pixel grid as a PNG (fast-png) data URL, to embed in an SVG as one `<image>`.
 * @example pngDataUrl({ width: 1, height: 1, rgba: new Uint8Array([255, 0, 0, 255]) }); // "data:image/png;base64,..."
 */
export function pngDataUrl(grid: PixelGrid): string {
  return "data:image/png;base64," + base64(encode({ width: grid.width, height: grid.height, data: grid.rgba, channels: 4, depth: 8 }));
}
