/**
 * Rates measured by the page itself: frames per second from requestAnimationFrame's timestamps, and
 * training steps per second from the step counts the snapshots report, each over the last second.
 */

/** The window the rates are taken over, in milliseconds. */
const WINDOW_MS = 1000;

/**
 * Counts over time: `add(t, count)` records a cumulative count at time `t` (ms); `rate()` is the
 * count's growth per second over the last second.
 * @example
 * const m = new RateMeter();
 * m.add(0, 0); m.add(500, 100);
 * m.rate(); // 200
 */
export class RateMeter {
  private samples: [number, number][] = [];

  /** Forgets every sample. */
  reset(): void {
    this.samples = [];
  }

  /** Records the cumulative count at time `t` (ms). */
  add(t: number, count: number): void {
    this.samples.push([t, count]);
    while (this.samples.length > 2 && t - this.samples[0][0] > WINDOW_MS) this.samples.shift();
  }

  /** Growth of the count per second over the window (0 with fewer than two samples). */
  rate(): number {
    if (this.samples.length < 2) return 0;
    const [t0, c0] = this.samples[0];
    const [t1, c1] = this.samples[this.samples.length - 1];
    return t1 > t0 ? ((c1 - c0) * 1000) / (t1 - t0) : 0;
  }
}

/**
 * Frames per second from requestAnimationFrame timestamps: each frame adds one.
 * @example
 * const fps = new FrameMeter();
 * requestAnimationFrame(function f(t) { fps.add(t); requestAnimationFrame(f); });
 */
export class FrameMeter extends RateMeter {
  private frames = 0;

  /** Records one frame at time `t` (ms). */
  override add(t: number): void {
    super.add(t, ++this.frames);
  }
}
