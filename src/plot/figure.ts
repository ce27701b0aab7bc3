import { type ChartSpec, type FigureLayout, renderSpec, svgToPng } from "./render.ts";
import { writeFileAtomic } from "../io/files.ts";

/** Options of `Figure.toPng`. */
export interface ToPngOptions {
  /** Pixels per SVG pixel; default 1 (a 2 doubles both sides). */
  scale?: number;
}

/**
 * A finished picture, what every `plot.*` function returns: its SVG text, its size in pixels, where its
 * data rectangle lies, and ways to rasterise (`toPng`) and write it (`save`, SVG or PNG by extension).
 * @example
 * const fig = plot.lines({ loss: [1, 0.5, 0.25] }, { title: "Loss" });
 * fig.svg.startsWith("<svg"); // true
 * const png = await fig.toPng({ scale: 2 }); // PNG bytes, 2 * fig.width wide
 * await fig.save("loss.png");
 */
export class Figure {
  /** The figure as an SVG document. */
  readonly svg: string;
  /** Width in SVG pixels. */
  readonly width: number;
  /** Height in SVG pixels. */
  readonly height: number;
  /** Where the data rectangle (and the colour bar, when there is one) lies, in SVG pixels. */
  readonly layout: FigureLayout;

  constructor(svg: string, width: number, height: number, layout: FigureLayout) {
    this.svg = svg;
    this.width = width;
    this.height = height;
    this.layout = layout;
  }

  /**
   * Renders a Vega-Lite spec into a Figure (the shared path of every plot function).
   * @example const fig = Figure.fromSpec({ mark: "point", data: { values: [{ a: 1 }] }, encoding: { x: { field: "a", type: "quantitative" } } });
   */
  static fromSpec(spec: ChartSpec): Figure {
    const { svg, width, height, layout } = renderSpec(spec);
    return new Figure(svg, width, height, layout);
  }

  /**
   * The figure as PNG bytes (resvg, DejaVu Sans), `width * scale` by `height * scale` pixels on white.
   * Outside Node, call `plot.configure({ resvgWasm, font })` first.
   * @example const bytes = await fig.toPng();
   */
  async toPng(options: ToPngOptions = {}): Promise<Uint8Array> {
    return svgToPng(this.svg, options.scale ?? 1);
  }

  /**
   * Writes the figure to `path` atomically: SVG text for ".svg", PNG bytes for ".png" (any case);
   * any other extension is an error. Node only.
   * @example await fig.save("runs/loss.svg");
   */
  async save(path: string): Promise<void> {
    const match = /\.([^./\\]*)$/.exec(path);
    const ext = match === null ? "" : match[1].toLowerCase();
    if (ext !== "svg" && ext !== "png") {
      throw new Error(`Figure.save: ${path}: unknown extension "${match === null ? "" : "." + match[1]}"; use .svg or .png`);
    }
    const contents = ext === "svg" ? this.svg : await this.toPng();
    writeFileAtomic(path, contents, "Figure.save");
  }
}
