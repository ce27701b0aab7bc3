import { decode } from "fast-png";
import type { Figure } from "../../src/plot/figure.ts";
import type { Box } from "../../src/plot/render.ts";

/** A decoded PNG with pixel access in SVG coordinates (times the scale it was drawn at). */
export interface Raster {
  width: number;
  height: number;
  scale: number;
  /** [r, g, b] of the pixel holding SVG point (x, y). */
  at(x: number, y: number): [number, number, number];
  /** Pixels in the SVG box whose r, g and b are all below 100. */
  darkIn(box: Box): number;
}

/** Renders a figure to PNG and decodes it (fast-png). */
export async function rasterise(fig: Figure, scale = 1): Promise<Raster> {
  const png = decode(await fig.toPng({ scale }));
  const ch = png.channels;
  const data = png.data;
  const pixel = (px: number, py: number): [number, number, number] => {
    const i = (py * png.width + px) * ch;
    return [Number(data[i]), Number(data[i + 1]), Number(data[i + 2])];
  };
  return {
    width: png.width,
    height: png.height,
    scale,
    at: (x, y) => pixel(Math.min(png.width - 1, Math.floor(x * scale)), Math.min(png.height - 1, Math.floor(y * scale))),
    darkIn: (box) => {
      let n = 0;
      for (let py = Math.floor(box.y * scale); py < Math.ceil((box.y + box.height) * scale); py++) {
        for (let px = Math.floor(box.x * scale); px < Math.ceil((box.x + box.width) * scale); px++) {
          const [r, g, b] = pixel(px, py);
          if (r < 100 && g < 100 && b < 100) n++;
        }
      }
      return n;
    },
  };
}

/** The largest channel difference between two colours. */
export function colorDistance(a: readonly number[], b: readonly number[]): number {
  return Math.max(Math.abs(a[0] - b[0]), Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2]));
}

/** Whether some pixel within `radius` SVG pixels of (x, y) is within `tol` of `rgb`. */
export function colorNear(r: Raster, x: number, y: number, rgb: readonly number[], tol: number, radius = 1.5): boolean {
  const step = 1 / r.scale;
  for (let dy = -radius; dy <= radius; dy += step) {
    for (let dx = -radius; dx <= radius; dx += step) {
      if (colorDistance(r.at(x + dx, y + dy), rgb) <= tol) return true;
    }
  }
  return false;
}
