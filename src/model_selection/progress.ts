/*
 * The progress line of a search's `verbose`: scikit-learn's "Fitting k folds for each of n candidates"
 * header, then `done/total` fits, the elapsed time and an ETA, on stderr (the console's error stream in a
 * browser). On a TTY the line is rewritten in place (\r); elsewhere a line is printed at each quarter.
 */

interface ErrStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

function stderr(): ErrStream {
  const proc = (globalThis as { process?: { stderr?: ErrStream } }).process;
  if (proc?.stderr !== undefined && typeof proc.stderr.write === "function") return proc.stderr;
  return { write: (chunk: string) => console.error(chunk.replace(/\n$/, "")) };
}

/** Seconds as `12.3s` or `2m05s`. */
export function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 60) return `${s.toFixed(1)}s`;
  const m = Math.floor(s / 60);
  return `${m}m${String(Math.round(s - m * 60)).padStart(2, "0")}s`;
}

/** Counts finished fits and reports them (nothing at verbose 0). */
export class Progress {
  private done = 0;
  private readonly start = performance.now();
  private readonly stream: ErrStream;
  private readonly tty: boolean;
  private lastQuarter = 0;

  /** `name` prefixes the lines (`GridSearchCV`); `header` is printed first when verbose >= 1. */
  constructor(private readonly name: string, private readonly total: number, private readonly verbose: number, header?: string) {
    this.stream = stderr();
    this.tty = this.stream.isTTY === true;
    if (verbose >= 1 && header !== undefined) this.stream.write(`${header}\n`);
  }

  /** One more fit finished. */
  tick(): void {
    this.done++;
    if (this.verbose < 1) return;
    if (this.tty) {
      this.stream.write(`\r${this.line()}\x1b[K${this.done === this.total ? "\n" : ""}`);
      return;
    }
    const quarter = Math.floor((4 * this.done) / this.total);
    if (quarter > this.lastQuarter) {
      this.lastQuarter = quarter;
      this.stream.write(`${this.line()}\n`);
    }
  }

  /** `[GridSearchCV] 45/180 fits, elapsed 1.2s, ETA 3.6s`. */
  line(): string {
    const elapsed = (performance.now() - this.start) / 1000;
    const eta = this.done === 0 ? Infinity : (elapsed / this.done) * (this.total - this.done);
    return `[${this.name}] ${this.done}/${this.total} fits, elapsed ${formatSeconds(elapsed)}, ETA ${formatSeconds(eta)}`;
  }

  /** A one-line note (verbose >= 1), e.g. why the fits run sequentially. */
  note(message: string): void {
    if (this.verbose >= 1) this.stream.write(`[${this.name}] ${message}\n`);
  }
}
