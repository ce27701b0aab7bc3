/**
 * The loss curves over time (train dark, test grey) on a canvas, as TF Playground's line chart: the
 * y axis runs from 0 to the largest loss seen; points are kept in a bounded list (every other point is
 * dropped when it fills) so a long run costs the same to draw as a short one.
 */

/** Most points kept per series; a full list is halved by dropping every other point. */
const MAX_POINTS = 600;

/**
 * A two-series line chart (train and test loss) drawn on a canvas.
 * @example
 * const chart = new LineChart(canvas);
 * chart.add(0.69, 0.70);
 * chart.draw();
 */
export class LineChart {
  private points: [number, number][] = [];
  private stride = 1;
  private pending = 0;

  constructor(readonly canvas: HTMLCanvasElement, readonly colors: [string, string] = ["#000", "#999"]) {}

  /** Forgets every point (after a reset). */
  reset(): void {
    this.points = [];
    this.stride = 1;
    this.pending = 0;
  }

  /** Number of points held now. */
  get length(): number {
    return this.points.length;
  }

  /** Adds one (train, test) pair; keeps every `stride`-th pair once the list has been halved. */
  add(train: number, test: number): void {
    if (this.pending++ % this.stride !== 0) return;
    this.points.push([train, test]);
    if (this.points.length >= MAX_POINTS) {
      this.points = this.points.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
  }

  /** Redraws the whole chart. */
  draw(): void {
    const ctx = this.canvas.getContext("2d");
    if (ctx === null) return;
    const { width, height } = this.canvas;
    ctx.clearRect(0, 0, width, height);
    if (this.points.length < 2) return;
    let max = 0;
    for (const [a, b] of this.points) max = Math.max(max, Number.isFinite(a) ? a : 0, Number.isFinite(b) ? b : 0);
    if (max <= 0) max = 1;
    const n = this.points.length;
    for (let s = 0; s < 2; s++) {
      ctx.beginPath();
      ctx.strokeStyle = this.colors[s];
      ctx.lineWidth = 1.5;
      this.points.forEach((p, i) => {
        const x = (i / (n - 1)) * (width - 2) + 1;
        const y = height - 1 - (Math.min(p[s], max) / max) * (height - 2);
        if (i === 0) ctx.moveTo(x, y);
        else ctx.lineTo(x, y);
      });
      ctx.stroke();
    }
  }
}
