import * as vl from "vega-lite";
import * as vega from "vega";
import { initWasm, Resvg } from "@resvg/resvg-wasm";
import { nodeBuiltin } from "../backend/platform.ts";
import { TAB10 } from "./colormap.ts";

/*
 * The one render path every plot shares: a Vega-Lite spec -> Vega -> SVG (headless, renderer "none"),
 * and SVG -> PNG through resvg's wasm build with DejaVu Sans loaded explicitly, so text renders the
 * same on a machine without fonts. Node finds the wasm and the font in their packages; a browser page
 * hands them over once through `configure`.
 */

/** The font every figure uses, loaded from the dejavu-fonts-ttf package. */
export const FONT_FAMILY = "DejaVu Sans";

/** A rectangle in SVG pixels (the figure's top-left corner is 0, 0). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a figure's parts lie, in SVG pixels: the data rectangle and, when drawn, the colour bar. */
export interface FigureLayout {
  /** The (first) chart's data rectangle: its axes' ranges map onto it exactly. */
  plot: Box;
  /** The colour bar's gradient, its top the maximum, its bottom the minimum. */
  colorbar?: Box;
  /** Each image's rectangle, for image grids, in the order given. */
  cells?: Box[];
}

/** What `configure` takes: resvg's wasm (bytes, a URL or a fetch Response) and the TTF font bytes. */
export interface PlotConfig {
  resvgWasm?: Uint8Array | ArrayBuffer | Response | URL;
  font?: Uint8Array;
}

let wasmSource: PlotConfig["resvgWasm"] | undefined;
let fontBytes: Uint8Array | undefined;
let ready: Promise<void> | null = null;

/**
 * Hands the PNG rasteriser its wasm and font; a browser page calls it once before `toPng` (Node finds
 * both in node_modules by itself). Later calls replace the font; the wasm is initialised once per process.
 * @example
 * plot.configure({ resvgWasm: new URL("/resvg.wasm", location.href), font: new Uint8Array(await (await fetch("/DejaVuSans.ttf")).arrayBuffer()) });
 */
export function configure(config: PlotConfig): void {
  if (config.resvgWasm !== undefined) wasmSource = config.resvgWasm;
  if (config.font !== undefined) fontBytes = config.font;
}

/** Node's package resolver for `specifier`, or null outside Node. */
function nodeRead(specifier: string): Uint8Array | null {
  const module = nodeBuiltin<{ createRequire(url: string): { resolve(id: string): string } }>("node:module");
  const fs = nodeBuiltin<{ readFileSync(path: string): Uint8Array }>("node:fs");
  if (module === null || fs === null) return null;
  return fs.readFileSync(module.createRequire(import.meta.url).resolve(specifier));
}

async function rasteriser(): Promise<Uint8Array> {
  fontBytes ??= nodeRead("dejavu-fonts-ttf/ttf/DejaVuSans.ttf") ?? undefined;
  if (ready === null) {
    const source = wasmSource ?? nodeRead("@resvg/resvg-wasm/index_bg.wasm") ?? undefined;
    if (source === undefined || fontBytes === undefined) {
      throw new Error("Figure.toPng: outside Node the rasteriser needs plot.configure({ resvgWasm, font }) first (resvg's index_bg.wasm and a TTF such as DejaVuSans.ttf)");
    }
    ready = initWasm(source).catch((err: unknown) => {
      ready = null;
      throw err;
    });
  }
  await ready;
  if (fontBytes === undefined) throw new Error("Figure.toPng: no font: call plot.configure({ font }) with a TTF's bytes");
  return fontBytes;
}

/**
 * An SVG string as PNG bytes, `scale` times its size (default 1), white background, text in DejaVu Sans.
 * @example const png = await svgToPng(fig.svg, 2);
 */
export async function svgToPng(svg: string, scale = 1): Promise<Uint8Array> {
  if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`Figure.toPng: scale must be a positive number; got ${scale}`);
  const font = await rasteriser();
  const resvg = new Resvg(svg, {
    fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale },
    background: "white",
    font: { fontBuffers: [font], loadSystemFonts: false, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  try {
    const image = resvg.render();
    try {
      return image.asPng();
    } finally {
      image.free();
    }
  } finally {
    resvg.free();
  }
}

/** A Vega-Lite spec, as plain JSON (the plot functions build these). */
export type ChartSpec = Record<string, unknown>;

/** The config every figure shares: DejaVu Sans everywhere, matplotlib's tab10 colours, white background. */
export function baseConfig(): Record<string, unknown> {
  return {
    font: FONT_FAMILY,
    background: "white",
    range: { category: [...TAB10] },
    title: { fontSize: 14, font: FONT_FAMILY },
    axis: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: 11, titleFontSize: 12 },
    legend: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: 11 },
    header: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelFontSize: 12 },
    text: { font: FONT_FAMILY },
    view: { stroke: "#888" },
  };
}

interface SceneItem {
  marktype?: string;
  role?: string;
  name?: string;
  x?: number;
  y?: number;
  bounds?: { x1: number; y1: number; x2: number; y2: number };
  items?: SceneItem[];
}

/** The absolute bounds of the first scenegraph mark with `role`, or undefined. */
function findRole(root: SceneItem, role: string, ox: number, oy: number): Box | undefined {
  for (const item of root.items ?? []) {
    if (item.role === role && item.bounds !== undefined) {
      const b = item.bounds;
      return { x: b.x1 + ox, y: b.y1 + oy, width: b.x2 - b.x1, height: b.y2 - b.y1 };
    }
    const found = item.marktype === undefined ? findRole(item, role, ox + (item.x ?? 0), oy + (item.y ?? 0)) : findRole(item, role, ox, oy);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A rendered chart: its SVG, size and layout. */
export interface Rendered {
  svg: string;
  width: number;
  height: number;
  layout: FigureLayout;
}

/** Padding around every figure, in pixels. */
const PADDING = 8;

interface HeadlessView {
  evaluate(): Promise<unknown>;
  scenegraph(): { root: SceneItem };
  padding(): { left: number; right: number; top: number; bottom: number };
  loader(): unknown;
  background(): unknown;
  width(): number;
  height(): number;
  _viewWidth: number;
  _viewHeight: number;
  _origin: [number, number];
}

interface StringRenderer {
  initialize(el: null, width: number, height: number, origin: [number, number], scale: number, options: object): StringRenderer;
  background(color: unknown): StringRenderer;
  render(scene: SceneItem): unknown;
  svg(): string;
}

/** Hands each image mark its URL as an already "loaded" image, so the SVG writer needs no async load. */
function presetImages(item: SceneItem): void {
  for (const child of item.items ?? []) {
    if (child.marktype === "image") {
      for (const it of (child.items ?? []) as (SceneItem & { url?: string; image?: object })[]) {
        it.image = { complete: true, url: it.url, src: it.url, width: 1, height: 1 };
      }
    } else if (child.items !== undefined) {
      presetImages(child);
    }
  }
}

/**
 * A Vega-Lite spec rendered to SVG headlessly and synchronously (inline data only: the dataflow runs to
 * its end without awaiting, and vega's SVG string renderer writes the scene), with its size and layout.
 * Images drawn with `smooth: false` keep sharp pixels in resvg and browsers alike. Text is laid out by
 * vega's width estimate everywhere: a page would otherwise measure it with a canvas in whatever font
 * the browser has, and the same figure would come out another size than in Node.
 * @example const { svg } = renderSpec({ mark: "point", data: { values: [{ a: 1 }] }, encoding: { x: { field: "a" } } });
 */
export function renderSpec(spec: ChartSpec): Rendered {
  const full = { $schema: "https://vega.github.io/schema/vega-lite/v6.json", padding: PADDING, ...spec, config: { ...baseConfig(), ...(spec.config as object | undefined) } };
  const compiled = vl.compile(full as unknown as vl.TopLevelSpec).spec;
  const metrics = (vega as unknown as { textMetrics: { width: unknown; estimateWidth: unknown } }).textMetrics;
  metrics.width = metrics.estimateWidth;
  const view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: vega.Error }) as unknown as HeadlessView;
  view.evaluate().catch(() => undefined);
  const root = view.scenegraph().root;
  if ((root.items ?? []).length === 0) throw new Error("plot: vega did not lay the chart out (is all data inline?)");
  presetImages(root);
  const pad = view.padding();
  const width = Math.max(0, view._viewWidth + pad.left + pad.right);
  const height = Math.max(0, view._viewHeight + pad.top + pad.bottom);
  const x0 = pad.left + view._origin[0];
  const y0 = pad.top + view._origin[1];
  const Renderer = (vega as unknown as { SVGStringRenderer: new (loader: unknown) => StringRenderer }).SVGStringRenderer;
  const renderer = new Renderer(view.loader()).initialize(null, width, height, [x0, y0], 1, {}).background(view.background());
  renderer.render(root);
  // vega writes "image-rendering: optimizeSpeed; image-rendering: pixelated": resvg reads the last,
  // which it does not know, as "smooth"; keep the one that resvg and browsers both honour.
  const svg = renderer.svg().replaceAll("image-rendering: optimizeSpeed; image-rendering: pixelated;", "image-rendering: optimizeSpeed");
  const layout: FigureLayout = { plot: { x: x0, y: y0, width: view.width(), height: view.height() } };
  const gradient = findRole(root, "legend-gradient", x0, y0);
  if (gradient !== undefined) layout.colorbar = gradient;
  return { svg, width, height, layout };
}
