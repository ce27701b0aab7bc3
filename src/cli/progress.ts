/**
 * A live one-line progress report for the terminal: rewritten in place on a TTY, printed once at the
 * end when output goes to a file or a pipe (so logs stay readable).
 */
export class ProgressLine {
  private readonly stream: NodeJS.WriteStream;
  private readonly live: boolean;
  private last = "";
  private lastDraw = 0;

  constructor(stream: NodeJS.WriteStream = process.stdout) {
    this.stream = stream;
    this.live = stream.isTTY === true;
  }

  /** Shows `text` (at most ~20 redraws a second). */
  update(text: string): void {
    this.last = text;
    const now = Date.now();
    if (!this.live || now - this.lastDraw < 50) return;
    this.lastDraw = now;
    this.stream.write(`\r\x1b[K${text}`);
  }

  /** Leaves the final text on its own line. */
  done(): void {
    this.stream.write(this.live ? `\r\x1b[K${this.last}\n` : `${this.last}\n`);
  }
}
