import { pyExp, pyFixed } from "./format.ts";

/**
 * Where Keras's text goes: anything with `write`. `isTTY: true` means a terminal that understands
 * `\r`, so the progress bar is redrawn in place; otherwise only finished lines are written.
 * `process.stdout` is one.
 * @example
 * let text = "";
 * const stream: keras.utils.OutputStream = { write: (s) => { text += s; } };
 */
export interface OutputStream {
  write(s: string): void;
  isTTY?: boolean;
}

interface NodeLikeProcess {
  stdout?: OutputStream;
}

/**
 * A stream over `console.log`, the default where there is no `process.stdout` (a browser): text is
 * held until a line ends, then each finished line goes to one `console.log` call. Not a TTY, so the
 * progress bar writes only finished lines.
 * @example
 * const bar = new keras.utils.Progbar({ target: 10, stream: keras.utils.consoleStream() });
 */
export function consoleStream(): OutputStream {
  let pending = "";
  return {
    isTTY: false,
    write(s: string): void {
      pending += s;
      let nl = pending.indexOf("\n");
      while (nl >= 0) {
        console.log(pending.slice(0, nl));
        pending = pending.slice(nl + 1);
        nl = pending.indexOf("\n");
      }
    },
  };
}

let browserStream: OutputStream | null = null;

/**
 * The stream Keras's output goes to by default: `process.stdout` in Node; elsewhere (a browser) a
 * stream that hands each finished line to `console.log`.
 * @example
 * keras.utils.defaultStream().write("Epoch 1/10\n");
 */
export function defaultStream(): OutputStream {
  const proc = (globalThis as { process?: NodeLikeProcess }).process;
  if (proc?.stdout !== undefined && typeof proc.stdout.write === "function") return proc.stdout;
  browserStream ??= consoleStream();
  return browserStream;
}

/** Options of `new Progbar(options)`, as Keras's `Progbar(target, width, verbose, interval, stateful_metrics, unit_name)`. */
export interface ProgbarOptions {
  /** Total number of steps expected; null if unknown (the bar then shows `    123/Unknown`). */
  target: number | null;
  /** Width of the bar in characters (default 30). */
  width?: number;
  /** 0 silent, 1 the live bar (default), 2 one line when finished. */
  verbose?: 0 | 1 | 2;
  /** Least time between two redraws of the live bar, in seconds (default 0.05). */
  interval?: number;
  /** Names shown as given instead of averaged over the steps (Keras's stateful metrics). */
  statefulMetrics?: Iterable<string>;
  /** What a step is called in `4ms/step` (default "step"). */
  unitName?: string;
  /** Where the text goes (default `defaultStream()`); redrawn in place only when `stream.isTTY`. */
  stream?: OutputStream;
  /** The clock in seconds (default `performance.now() / 1000`); tests pass a fake one. */
  now?: () => number;
}

/** Python's `%d` of a duration: the integer part. */
function trunc(x: number): number {
  return Math.trunc(x);
}

/** `%02d`. */
function two(x: number): string {
  return String(trunc(x)).padStart(2, "0");
}

/**
 * Keras's duration of one unit: ` 2s/step` at a second or more (or exactly 0), ` 4ms/step` at a
 * millisecond or more, else ` 52us/step` (Python's `%.0f`, a leading space included).
 * @example
 * formatUnitTime(0.0042, "step"); // " 4ms/step"
 */
export function formatUnitTime(seconds: number, unitName: string): string {
  if (seconds >= 1 || seconds === 0) return ` ${pyFixed(seconds, 0)}s/${unitName}`;
  if (seconds >= 1e-3) return ` ${pyFixed(seconds * 1e3, 0)}ms/${unitName}`;
  return ` ${pyFixed(seconds * 1e6, 0)}us/${unitName}`;
}

/**
 * Keras's ETA: `1:02:03` over an hour, `1:02` over a minute, else `3s` (whole seconds, truncated).
 * @example
 * formatEta(3723); // "1:02:03"
 * formatEta(62.5); // "1:02"
 * formatEta(3.9);  // "3s"
 */
export function formatEta(seconds: number): string {
  if (seconds > 3600) return `${trunc(seconds / 3600)}:${two((seconds % 3600) / 60)}:${two(seconds % 60)}`;
  if (seconds > 60) return `${trunc(seconds / 60)}:${two(seconds % 60)}`;
  return `${trunc(seconds)}s`;
}

/**
 * Keras's number in the bar: ` %.4f` when |v| > 1e-3, else ` %.4e` (Python's rounding), without the
 * leading space.
 * @example
 * formatMetric(0.35214); // "0.3521"
 * formatMetric(0.00001); // "1.0000e-05"
 */
export function formatMetric(v: number): string {
  return Math.abs(v) > 1e-3 ? pyFixed(v, 4) : pyExp(v, 4);
}

/**
 * The progress bar of Keras 2 (`keras.utils.Progbar`, Keras 2.15's text exactly):
 *
 * ```text
 * verbose 1, running:  " 7/250 [>.............................] - ETA: 3s - loss: 0.6931 - acc: 0.5000"
 * verbose 1, finished: "250/250 [==============================] - 1s 4ms/step - loss: 0.3521 - acc: 0.8700"
 * verbose 2, finished: "250/250 - 1s - loss: 0.3521 - acc: 0.8700 - 1s/epoch - 4ms/step"
 * ```
 *
 * The counter is padded to the digits of `target`; the bar is `width` (30) wide, `prog_width =
 * floor(width * current / target)` characters filled (`=` with a `>` head while running); values are
 * averaged over the steps, weighted by the steps each update covers, unless named in
 * `statefulMetrics`; each is written ` %.4f` when |v| > 1e-3 else ` %.4e` (verbose 2 tests `v > 1e-3`,
 * without the absolute value, as Keras does). The step time leaves out the first step, which is
 * usually slow. ETA = time per step * steps left.
 *
 * On a TTY (`stream.isTTY`) verbose 1 redraws the line in place (`\b`s and `\r`, as Keras), at most
 * every `interval` seconds, and always on the last update; on anything else (a pipe, a CI log) it
 * writes only the finished line, once. verbose 2 writes only the finished line.
 * @example
 * const bar = new keras.utils.Progbar({ target: 250 });
 * for (let step = 1; step <= 250; step++) bar.update(step, [["loss", 0.5]]);
 */
export class Progbar {
  target: number | null;
  readonly width: number;
  readonly verbose: 0 | 1 | 2;
  readonly interval: number;
  readonly unitName: string;
  readonly stream: OutputStream;
  statefulMetrics: Set<string>;
  private readonly dynamicDisplay: boolean;
  private readonly now: () => number;
  private totalWidth = 0;
  private seenSoFar = 0;
  private readonly values = new Map<string, [number, number]>();
  private readonly valuesOrder: string[] = [];
  private readonly start: number;
  private lastUpdate = -Infinity;
  private timeAtEpochStart: number;
  private timeAtEpochEnd: number | null = null;
  private timeAfterFirstStep: number | null = null;

  constructor(options: ProgbarOptions) {
    const { target, width = 30, verbose = 1, interval = 0.05, statefulMetrics, unitName = "step" } = options;
    if (target !== null && !(Number.isInteger(target) && target >= 1)) {
      throw new Error(`keras.utils.Progbar: target must be a positive integer or null, got ${String(target)}`);
    }
    if (!(Number.isInteger(width) && width >= 1)) throw new Error(`keras.utils.Progbar: width must be a positive integer, got ${width}`);
    if (verbose !== 0 && verbose !== 1 && verbose !== 2) throw new Error(`keras.utils.Progbar: verbose must be 0, 1 or 2, got ${String(verbose)}`);
    if (!(interval >= 0)) throw new Error(`keras.utils.Progbar: interval must be >= 0 seconds, got ${interval}`);
    this.target = target;
    this.width = width;
    this.verbose = verbose;
    this.interval = interval;
    this.unitName = unitName;
    this.statefulMetrics = new Set(statefulMetrics ?? []);
    this.stream = options.stream ?? defaultStream();
    this.dynamicDisplay = this.stream.isTTY === true;
    this.now = options.now ?? (() => performance.now() / 1000);
    this.start = this.now();
    this.timeAtEpochStart = this.start;
  }

  /**
   * Moves the bar to step `current` (1-based count of steps done) and folds in `values`
   * (`[name, valueForThisStep]` pairs or a logs object). `finalize` (default `current >= target`)
   * marks the last update, which always draws and ends the line.
   */
  update(current: number, values?: Iterable<readonly [string, number]> | Readonly<Record<string, number>>, finalize?: boolean): void {
    const fin = finalize ?? (this.target === null ? false : current >= this.target);
    const pairs: Iterable<readonly [string, number]> =
      values === undefined ? [] : Symbol.iterator in values ? (values as Iterable<readonly [string, number]>) : Object.entries(values);
    for (const [k, v] of pairs) {
      if (!this.valuesOrder.includes(k)) this.valuesOrder.push(k);
      if (!this.statefulMetrics.has(k)) {
        const base = Math.max(current - this.seenSoFar, 1);
        const acc = this.values.get(k);
        if (acc === undefined) this.values.set(k, [v * base, base]);
        else {
          acc[0] += v * base;
          acc[1] += base;
        }
      } else {
        this.values.set(k, [v, 1]);
      }
    }
    this.seenSoFar = current;

    const now = this.now();
    let info = ` - ${pyFixed(now - this.start, 0)}s`;
    if (current === this.target) this.timeAtEpochEnd = now;

    if (this.verbose === 1) {
      if (now - this.lastUpdate < this.interval && !fin) return;
      if (!this.dynamicDisplay && !fin) {
        // not a terminal: only the finished line is written (Keras would print every redraw on a new line)
        this.estimateStepDuration(current, now);
        this.lastUpdate = now;
        return;
      }
      const prevTotalWidth = this.totalWidth;
      let message = this.dynamicDisplay ? "\b".repeat(prevTotalWidth) + "\r" : "";
      let bar: string;
      if (this.target !== null) {
        const numdigits = Math.trunc(Math.log10(this.target)) + 1;
        bar = `${String(current).padStart(numdigits)}/${this.target} [`;
        const progWidth = Math.trunc((this.width * current) / this.target);
        if (progWidth > 0) {
          bar += "=".repeat(progWidth - 1);
          bar += current < this.target ? ">" : "=";
        }
        bar += ".".repeat(Math.max(0, this.width - progWidth));
        bar += "]";
      } else {
        bar = `${String(current).padStart(7)}/Unknown`;
      }
      this.totalWidth = bar.length;
      message += bar;
      const timePerUnit = this.estimateStepDuration(current, now);
      if (this.target === null || fin) {
        info += formatUnitTime(timePerUnit, this.unitName);
      } else {
        info = ` - ETA: ${formatEta(timePerUnit * (this.target - current))}`;
      }
      for (const k of this.valuesOrder) info += ` - ${k}: ${formatMetric(this.average(k))}`;
      this.totalWidth += info.length;
      if (prevTotalWidth > this.totalWidth) info += " ".repeat(prevTotalWidth - this.totalWidth);
      if (fin) info += "\n";
      message += info;
      this.stream.write(message);
    } else if (this.verbose === 2) {
      if (fin) {
        const target = this.target ?? current;
        const numdigits = Math.trunc(Math.log10(target)) + 1;
        info = `${String(current).padStart(numdigits)}/${target}` + info;
        for (const k of this.valuesOrder) {
          const avg = this.average(k);
          info += ` - ${k}: ${avg > 1e-3 ? pyFixed(avg, 4) : pyExp(avg, 4)}`;
        }
        if (this.timeAtEpochEnd !== null) {
          const timePerEpoch = this.timeAtEpochEnd - this.timeAtEpochStart;
          const avgTimePerStep = timePerEpoch / target;
          this.timeAtEpochStart = now;
          this.timeAtEpochEnd = null;
          info += " -" + formatUnitTime(timePerEpoch, "epoch");
          info += " -" + formatUnitTime(avgTimePerStep, this.unitName);
        }
        this.stream.write(info + "\n");
      }
    }
    this.lastUpdate = now;
  }

  /** Advances the bar by `n` steps: `update(seen + n, values)`. */
  add(n: number, values?: Iterable<readonly [string, number]> | Readonly<Record<string, number>>): void {
    this.update(this.seenSoFar + n, values);
  }

  private average(k: string): number {
    const [sum, count] = this.values.get(k)!;
    return sum / Math.max(1, count);
  }

  /** Seconds per step, leaving the first step out once there are more (Keras's `_estimate_step_duration`). */
  private estimateStepDuration(current: number, now: number): number {
    if (!current) return 0;
    const perUnit =
      this.timeAfterFirstStep !== null && current > 1 ? (now - this.timeAfterFirstStep) / (current - 1) : (now - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = now;
    return perUnit;
  }
}
