/**
 * Heat maps on canvases: a grid of network outputs (one batched forward pass of the engine, row-major,
 * row 0 at the top of the plane) painted with TF Playground's diverging scale, orange for low, grey-white
 * for the middle and blue for high; the decision-region map adds the train and test points (test points
 * outlined in black).
 */

/** TF Playground's three colours: low (orange), middle (light grey), high (blue). */
const LOW: readonly [number, number, number] = [0xf5, 0x93, 0x22];
const MID: readonly [number, number, number] = [0xe8, 0xea, 0xeb];
const HIGH: readonly [number, number, number] = [0x08, 0x77, 0xbd];

/**
 * The colour of `v` on the scale that runs from `lo` (orange) through the middle (grey) to `hi` (blue);
 * values outside are clamped.
 * @example colorOf(1, -1, 1); // [8, 119, 189]
 */
export function colorOf(v: number, lo: number, hi: number): [number, number, number] {
  const t = Number.isFinite(v) ? Math.min(1, Math.max(0, (v - lo) / (hi - lo))) : 0.5;
  const [a, b, s] = t < 0.5 ? [LOW, MID, t * 2] : [MID, HIGH, (t - 0.5) * 2];
  return [a[0] + (b[0] - a[0]) * s, a[1] + (b[1] - a[1]) * s, a[2] + (b[2] - a[2]) * s];
}

/**
 * A CSS colour string of `v` on the same scale.
 * @example cssColorOf(-1, -1, 1); // "rgb(245,147,34)"
 */
export function cssColorOf(v: number, lo: number, hi: number): string {
  const [r, g, b] = colorOf(v, lo, hi);
  return `rgb(${Math.round(r)},${Math.round(g)},${Math.round(b)})`;
}

/** Entries of the colour look-up table that `paintGrid` uses (a value is rounded to the nearest). */
const LUT_SIZE = 256;
/** The scale as RGBA words (little-endian, as an ImageData's Uint32Array view reads them). */
const LUT = (() => {
  const lut = new Uint32Array(LUT_SIZE);
  for (let i = 0; i < LUT_SIZE; i++) {
    const [r, g, b] = colorOf(i / (LUT_SIZE - 1), 0, 1);
    lut[i] = (255 << 24) | (Math.round(b) << 16) | (Math.round(g) << 8) | Math.round(r);
  }
  return lut;
})();
/** Each canvas's reused ImageData. */
const images = new WeakMap<HTMLCanvasElement, ImageData>();

/**
 * Paints a `size` x `size` grid onto `canvas`, which is resized to `size` pixels a side (CSS scales it);
 * one pixel per grid cell, so a 50 x 50 grid is one `putImageData` of 2,500 pixels.
 * @example paintGrid(canvas, snapshot.neuronGrids[0][1], snapshot.gridSize, [-1, 1]);
 */
export function paintGrid(canvas: HTMLCanvasElement, grid: Float32Array, size: number, range: [number, number]): void {
  if (canvas.width !== size) canvas.width = size;
  if (canvas.height !== size) canvas.height = size;
  const ctx = canvas.getContext("2d");
  if (ctx === null) return;
  let image = images.get(canvas);
  if (image === undefined || image.width !== size) {
    image = ctx.createImageData(size, size);
    images.set(canvas, image);
  }
  const px = new Uint32Array(image.data.buffer);
  const [lo, hi] = range;
  const scale = (LUT_SIZE - 1) / (hi - lo);
  for (let i = 0; i < size * size; i++) {
    const t = (grid[i] - lo) * scale;
    // NaN lands in the middle; out-of-range values are clamped
    px[i] = LUT[t >= 0 ? (t <= LUT_SIZE - 1 ? Math.round(t) : LUT_SIZE - 1) : t < 0 ? 0 : LUT_SIZE >> 1];
  }
  ctx.putImageData(image, 0, 0);
}

/** Points to draw over the decision map: coordinates in the data's units and their targets. */
export interface Points {
  x: number[][];
  y: number[];
}

/**
 * The decision-region map: the output grid smoothed up to the canvas's size, the train points filled
 * with a white rim and the test points filled with a black rim.
 * @example
 * const map = new DecisionMap(canvas);
 * map.draw(s.outputGrid, s.gridSize, [0, 1], s.domain, s.train, s.test, [0, 1]);
 */
export class DecisionMap {
  private readonly small = document.createElement("canvas");

  constructor(readonly canvas: HTMLCanvasElement) {}

  /** Draws the grid (value range `range`), then the points (targets on `targetRange`), on the plane `domain`. */
  draw(grid: Float32Array, size: number, range: [number, number], domain: [number, number], train: Points, test: Points, targetRange: [number, number], showTest = true): void {
    paintGrid(this.small, grid, size, range);
    const ctx = this.canvas.getContext("2d");
    if (ctx === null) return;
    const { width, height } = this.canvas;
    ctx.imageSmoothingEnabled = true;
    ctx.drawImage(this.small, 0, 0, width, height);
    const [lo, hi] = domain;
    const toX = (v: number): number => ((v - lo) / (hi - lo)) * width;
    const toY = (v: number): number => (1 - (v - lo) / (hi - lo)) * height;
    const dot = (p: Points, rim: string): void => {
      ctx.lineWidth = 1;
      ctx.strokeStyle = rim;
      for (let i = 0; i < p.x.length; i++) {
        ctx.beginPath();
        ctx.arc(toX(p.x[i][0]), toY(p.x[i][1]), 3, 0, 2 * Math.PI);
        ctx.fillStyle = cssColorOf(p.y[i], targetRange[0], targetRange[1]);
        ctx.fill();
        ctx.stroke();
      }
    };
    dot(train, "#fff");
    if (showTest) dot(test, "#000");
  }
}
