import type * as Fs from "node:fs";
import type * as Path from "node:path";
import { nodeBuiltin } from "../../backend/platform.ts";
import type { Logs } from "../types.ts";
import { pyRepr } from "../utils/format.ts";
import { Callback } from "./callback.ts";

/** Options of `new CSVLogger(filename, options)`. */
export interface CSVLoggerOptions {
  /** Between fields (default ","). */
  separator?: string;
  /** Append to an existing file instead of overwriting it (default false); the header is written only into an empty or new file. */
  append?: boolean;
}

interface NodeModules {
  fs: typeof Fs;
  path: typeof Path;
}

/** Node's fs and path through `process.getBuiltinModule` (no import, so browser bundles need no stub). */
function nodeModules(who: string): NodeModules {
  const fs = nodeBuiltin<typeof Fs>("node:fs");
  const path = nodeBuiltin<typeof Path>("node:path");
  if (fs === null || path === null) throw new Error(`${who}: writing files needs Node (>= 20.16); this environment has no node:fs`);
  return { fs, path };
}

/**
 * Streams each epoch's logs to a CSV file (Keras 2's `keras.callbacks.CSVLogger`; Node only). Written
 * as Python's csv module writes it (Excel dialect): a header `epoch,<keys sorted>`, then one row per
 * epoch, the 0-based epoch first, floats as Python's `repr` (`0.1`, `1e-05`, `nan`), a missing value
 * as `NA`, lines ended by `\r\n`, fields holding the separator, a quote or a line break quoted. The keys
 * are those of the first epoch's logs, sorted; when they hold no `val_` key, `val_<key>` columns are
 * added for each (empty `NA` until validation runs), as Keras does. The file is flushed every epoch
 * and closed at train end.
 * @example
 * await model.fit(x, y, { epochs: 10, callbacks: [new keras.callbacks.CSVLogger("runs/training.csv")] });
 * // epoch,acc,loss,val_acc,val_loss\r\n0,0.55,0.69,0.6,0.68\r\n...
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  /** The columns after `epoch` (fixed by the first epoch written). */
  keys: string[] | null = null;
  private fd: number | null = null;
  private fs: typeof Fs | null = null;
  private appendHeader = true;
  private headerWritten = false;

  constructor(filename: string, options: CSVLoggerOptions = {}) {
    super();
    const who = "keras.callbacks.CSVLogger";
    if (typeof filename !== "string" || filename === "") throw new Error(`${who}: filename must be a non-empty string`);
    const { separator = ",", append = false } = options;
    if (typeof separator !== "string" || separator.length !== 1) throw new Error(`${who}: separator must be one character, got ${JSON.stringify(separator)}`);
    if (separator === '"' || separator === "\r" || separator === "\n") throw new Error(`${who}: separator must not be a quote or a line break`);
    this.filename = filename;
    this.separator = separator;
    this.append = append;
  }

  override onTrainBegin(_logs?: Logs): void {
    const { fs, path } = nodeModules("keras.callbacks.CSVLogger");
    this.fs = fs;
    this.appendHeader = true;
    if (this.append && fs.existsSync(this.filename)) {
      this.appendHeader = fs.statSync(this.filename).size === 0;
    }
    fs.mkdirSync(path.dirname(this.filename), { recursive: true });
    this.fd = fs.openSync(this.filename, this.append ? "a" : "w");
    this.headerWritten = false;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.fd === null || this.fs === null) throw new Error("keras.callbacks.CSVLogger: onEpochEnd before onTrainBegin (the file is not open)");
    if (this.keys === null) {
      const keys = Object.keys(logs).sort();
      if (!keys.some((k) => k.startsWith("val_"))) keys.push(...keys.map((k) => `val_${k}`));
      this.keys = keys;
    }
    let text = "";
    if (!this.headerWritten) {
      this.headerWritten = true;
      if (this.appendHeader) text += this.row(["epoch", ...this.keys]);
    }
    text += this.row([String(epoch), ...this.keys.map((k) => (logs[k] === undefined ? "NA" : pyRepr(logs[k])))]);
    this.fs.writeSync(this.fd, text);
  }

  override onTrainEnd(_logs?: Logs): void {
    if (this.fd !== null && this.fs !== null) this.fs.closeSync(this.fd);
    this.fd = null;
  }

  /** One CSV line, Python's `QUOTE_MINIMAL`: a field with the separator, a quote or a line break is quoted, quotes doubled. */
  private row(fields: string[]): string {
    const quoted = fields.map((f) => (f.includes(this.separator) || /["\r\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f));
    return quoted.join(this.separator) + "\r\n";
  }
}
