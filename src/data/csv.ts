/**
 * CSV reader: a table of numbers from a CSV file or text into a Tensor, like `numpy.loadtxt` /
 * `pandas.read_csv(...).to_numpy()`, parsed by papaparse (quoted fields, embedded delimiters and
 * newlines, any delimiter). `parseCsv` takes text or bytes and never touches files (it runs in a
 * browser); `readCsv` reads a file in Node.
 * @example
 * const { columns, data: table } = data.readCsv("student_scores.csv");   // ["Hours", "Scores"], [25, 2]
 * const { data: cols } = data.readCsv("student_scores.csv", { asColumns: true });
 * cols.Hours; // float32 [25]
 */
import Papa from "papaparse";
import { Tensor } from "../tensor/tensor.ts";
import { allocate } from "../tensor/dtype.ts";
import { readRegularFile } from "../io/files.ts";
import { progressBar, type Progress } from "./progress.ts";

/** The element types a CSV table can be read as. */
export type CsvDtype = "float32" | "float64" | "int32";

/** Options of `readCsv` / `parseCsv`. */
export interface CsvOptions {
  /** The first row holds the column names (default true); without it columns are named "0", "1", .... */
  header?: boolean;
  /**
   * The columns to keep, in this order: names (from the header row) or 0-based indices, mixed freely
   * (default: all columns, in file order).
   */
  columns?: readonly (string | number)[];
  /** The field separator, one character or a string such as "\t" or ";" (default ","). */
  delimiter?: string;
  /** The dtype of the values (default "float32"). */
  dtype?: CsvDtype;
  /**
   * What an empty cell (or NA, N/A, NaN, nan, null, NULL, None, #N/A, n/a, <NA>) becomes: "nan" (the
   * default; an error for dtype int32, which has no NaN) or "error" (refuse it, naming row and column).
   */
  missing?: "nan" | "error";
  /** Show a progress bar on a terminal for inputs over 1 MB (default true; silent off a terminal). */
  verbose?: boolean;
  /** Return one 1-D Tensor per selected column, keyed by name, instead of one [rows, cols] Tensor (default false). */
  asColumns?: boolean;
}

/** A CSV table as one Tensor: `data` is [rows, columns.length], row-major. */
export interface CsvTable {
  /** The names of the selected columns (the header's, or "0", "1", ... without a header). */
  columns: string[];
  /** The values, [rows, columns.length]. */
  data: Tensor;
}

/** A CSV table as one 1-D Tensor [rows] per selected column, keyed by column name (a null-prototype record). */
export interface CsvColumns {
  /** The names of the selected columns, in the order asked for. */
  columns: string[];
  /** One Tensor [rows] per column. */
  data: Record<string, Tensor>;
}

/** Inputs larger than this many bytes / characters show a progress bar (on a terminal). */
const PROGRESS_BYTES = 1 << 20;

/** The texts read as a missing value (pandas' default na_values, the common ones). */
const MISSING = new Set(["", "NA", "N/A", "n/a", "NaN", "nan", "-NaN", "-nan", "null", "NULL", "None", "#N/A", "<NA>"]);

const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const INFINITY = /^([+-]?)(?:inf|infinity)$/i;

/** A column name (from the file or the options) for an error message: quoted, cut to 40 characters. */
function nameOf(name: string | number): string {
  return typeof name === "number" ? String(name) : describe(name);
}

function describe(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}...` : text;
  return JSON.stringify(shown);
}

/** Options checked, with their defaults. */
function checkOptions(op: string, options: CsvOptions): Required<Omit<CsvOptions, "columns">> & { columns: (string | number)[] | null } {
  const header = options.header ?? true;
  const delimiter = options.delimiter ?? ",";
  const dtype = options.dtype ?? "float32";
  const missing = options.missing ?? "nan";
  if (typeof header !== "boolean") throw new Error(`${op}: header must be true or false, got ${String(header)}`);
  if (typeof delimiter !== "string" || delimiter.length === 0 || /[\r\n"]/.test(delimiter)) {
    throw new Error(`${op}: delimiter must be a non-empty string without quotes or newlines, got ${JSON.stringify(delimiter)}`);
  }
  if (dtype !== "float32" && dtype !== "float64" && dtype !== "int32") {
    throw new Error(`${op}: dtype must be "float32", "float64" or "int32", got ${JSON.stringify(dtype)}`);
  }
  if (missing !== "nan" && missing !== "error") throw new Error(`${op}: missing must be "nan" or "error", got ${JSON.stringify(missing)}`);
  let columns: (string | number)[] | null = null;
  if (options.columns !== undefined) {
    if (!Array.isArray(options.columns) || options.columns.length === 0) throw new Error(`${op}: columns must be a non-empty array of names or indices`);
    columns = [...(options.columns as (string | number)[])];
    columns.forEach((c) => {
      if (typeof c === "string") return;
      if (typeof c !== "number" || !Number.isInteger(c) || c < 0) {
        throw new Error(`${op}: columns must hold names or non-negative integer indices, got ${typeof c === "number" ? c : describe(String(c))}`);
      }
    });
  }
  return { header, delimiter, dtype, missing, columns, verbose: options.verbose ?? true, asColumns: options.asColumns ?? false };
}

/** Where each record starts (character offsets), to name lines in errors. */
interface Rows {
  rows: string[][];
  starts: number[];
}

/** The 1-based line on which the record starting at offset `start` begins (blank lines before it skipped). */
function lineAt(text: string, start: number): number {
  let s = start;
  while (s < text.length && (text[s] === "\n" || text[s] === "\r")) s++;
  const newline = text.includes("\n") ? "\n" : "\r";
  let line = 1;
  for (let i = text.indexOf(newline); i !== -1 && i < s; i = text.indexOf(newline, i + 1)) line++;
  return line;
}

/** Parses the text into rows of strings with papaparse, reporting progress by characters. */
function parseRows(op: string, source: string, text: string, delimiter: string, bar: Progress): Rows {
  const rows: string[][] = [];
  const starts: number[] = [];
  let prev = 0;
  let reported = 0;
  let failure: string | null = null;
  Papa.parse<string[]>(text, {
    delimiter,
    skipEmptyLines: true,
    step: (r, p) => {
      if (r.errors.length > 0) {
        const e = r.errors[0];
        failure = `${e.message.toLowerCase()} (${e.code})`;
        p.abort();
        return;
      }
      rows.push(r.data);
      starts.push(prev);
      prev = r.meta.cursor;
      if (r.meta.cursor - reported >= 1 << 16) {
        bar.tick(r.meta.cursor - reported);
        reported = r.meta.cursor;
      }
    },
  });
  if (failure !== null) throw new Error(`${op}: ${source}: line ${lineAt(text, prev)}: ${failure}`);
  return { rows, starts };
}

/** Turns a cell's text into a number, or explains why not. */
function parseCell(text: string, dtype: CsvDtype, missing: "nan" | "error"): number | string {
  const t = text.trim();
  if (MISSING.has(t)) {
    if (missing === "error") return "missing value";
    if (dtype === "int32") return "missing value (int32 has no NaN; read as float32 or float64)";
    return NaN;
  }
  let v: number;
  if (DECIMAL.test(t)) v = Number(t);
  else {
    const inf = INFINITY.exec(t);
    if (inf === null) return "not a number";
    v = inf[1] === "-" ? -Infinity : Infinity;
  }
  if (dtype === "int32" && !(Number.isInteger(v) && v >= -2147483648 && v <= 2147483647)) return "not an int32 integer";
  return v;
}

function build(op: string, source: string, text: string, options: CsvOptions): CsvTable | CsvColumns {
  const opts = checkOptions(op, options);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.trim().length === 0) throw new Error(`${op}: ${source}: the CSV is empty (no header and no rows)`);
  const bar = text.length > PROGRESS_BYTES ? progressBar(`${op}: ${source}`, text.length, { verbose: opts.verbose }) : progressBar("", 0);
  const { rows, starts } = parseRows(op, source, text, opts.delimiter, bar);
  bar.done();
  if (rows.length === 0) throw new Error(`${op}: ${source}: the CSV is empty (no header and no rows)`);
  const parsed = opts.header ? { header: rows[0].map((h) => h.trim()), rows: rows.slice(1) } : { header: null, rows };
  const width = rows[0].length;
  const names = parsed.header ?? Array.from({ length: width }, (_, i) => String(i));
  const firstData = opts.header ? 1 : 0;
  const lineOf = (r: number): number => lineAt(text, starts[r + firstData]);
  parsed.rows.forEach((row, r) => {
    if (row.length !== width) {
      throw new Error(`${op}: ${source}: line ${lineOf(r)}: ragged row: ${row.length} fields, expected ${width} ` +
        `(${opts.header ? "as in the header" : "as in the first row"})`);
    }
  });
  const selected: number[] = (opts.columns ?? names.map((_, i) => i)).map((c) => {
    if (typeof c === "number") {
      if (c >= width) throw new Error(`${op}: ${source}: column index ${c} is out of range for ${width} columns`);
      return c;
    }
    const found = names.indexOf(c);
    if (found === -1) throw new Error(`${op}: ${source}: no column named ${nameOf(c)} (columns: ${names.slice(0, 8).map(nameOf).join(", ")}${names.length > 8 ? `, ... (${names.length} columns)` : ""})`);
    if (names.indexOf(c, found + 1) !== -1) throw new Error(`${op}: ${source}: column name ${nameOf(c)} appears more than once; select it by index`);
    return found;
  });
  const n = parsed.rows.length;
  const k = selected.length;
  const values = allocate(opts.dtype, n * k);
  for (let r = 0; r < n; r++) {
    const row = parsed.rows[r];
    for (let j = 0; j < k; j++) {
      const c = selected[j];
      const v = parseCell(row[c], opts.dtype, opts.missing);
      if (typeof v === "string") {
        throw new Error(`${op}: ${source}: line ${lineOf(r)}, column ${c} (${nameOf(names[c])}): ${v}: found ${describe(row[c])}`);
      }
      values[r * k + j] = v;
    }
  }
  const columns = selected.map((c) => names[c]);
  if (!opts.asColumns) return { columns, data: new Tensor(values, [n, k]) };
  const out = Object.create(null) as Record<string, Tensor>; // a column may be called "__proto__"
  columns.forEach((name, j) => {
    if (Object.prototype.hasOwnProperty.call(out, name)) throw new Error(`${op}: ${source}: column ${nameOf(name)} selected twice; asColumns needs distinct names`);
    const col = allocate(opts.dtype, n);
    for (let r = 0; r < n; r++) col[r] = values[r * k + j];
    out[name] = new Tensor(col, [n]);
  });
  return { columns, data: out };
}

/**
 * Parses CSV text (or its UTF-8 bytes) into a Tensor [rows, columns] of numbers, like
 * `pandas.read_csv(io.StringIO(text)).to_numpy()`; with `asColumns: true`, one 1-D Tensor per
 * column, keyed by name. Quoted fields may hold the delimiter, quotes (doubled) and newlines; blank
 * lines are skipped; a leading byte-order mark is dropped; cells are trimmed.
 *
 * Errors name the line (1-based, counting the header and blank lines), the column (index and name) and
 * the text found: a cell that is not a number, a missing value with `missing: "error"`, a ragged row
 * (not as many fields as the header), an unterminated quote, an empty input, a column not found.
 * @param text the CSV text, or its bytes (UTF-8)
 * @param options see `CsvOptions` (defaults: header true, all columns, delimiter ",", float32,
 *   missing "nan")
 * @example
 * const { columns, data: xy } = data.parseCsv("Hours,Scores\n2.5,21\n5.1,47\n");
 * columns; // ["Hours", "Scores"]; xy: float32 [2, 2]
 */
export function parseCsv(text: string | Uint8Array, options: CsvOptions & { asColumns: true }): CsvColumns;
export function parseCsv(text: string | Uint8Array, options?: CsvOptions & { asColumns?: false }): CsvTable;
export function parseCsv(text: string | Uint8Array, options?: CsvOptions): CsvTable | CsvColumns;
export function parseCsv(text: string | Uint8Array, options: CsvOptions = {}): CsvTable | CsvColumns {
  return build("parseCsv", "<text>", decodeText("parseCsv", "<bytes>", text), options);
}

function decodeText(op: string, source: string, text: string | Uint8Array): string {
  if (typeof text === "string") return text;
  if (!(text instanceof Uint8Array)) throw new TypeError(`${op}: expected a string or a Uint8Array, got ${typeof text}`);
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(text);
  } catch {
    throw new Error(`${op}: ${source}: not valid UTF-8 text`);
  }
}

/**
 * Reads a CSV file (Node) into a Tensor [rows, columns], or one Tensor per column with
 * `asColumns: true`; see `parseCsv` for the rules and `CsvOptions` for the options. Files over 1 MB
 * show a progress bar on a terminal. Also takes the CSV itself: bytes (a Uint8Array), or a string
 * holding a line break (a path never does), which go to `parseCsv`.
 * @param input the file to read (UTF-8), or the CSV's text or bytes
 * @throws Error starting with `readCsv: <path>: ` for a missing file or bad content.
 * @example
 * const { columns, data: table } = data.readCsv("student_scores.csv", { columns: ["Hours", "Scores"] });
 * const x = table.index(":", 0), y = table.index(":", 1);
 * data.readCsv("a,b\n1,2\n").data; // tensor [[1, 2]]
 */
export function readCsv(input: string | Uint8Array, options: CsvOptions & { asColumns: true }): CsvColumns;
export function readCsv(input: string | Uint8Array, options?: CsvOptions & { asColumns?: false }): CsvTable;
export function readCsv(input: string | Uint8Array, options?: CsvOptions): CsvTable | CsvColumns;
export function readCsv(input: string | Uint8Array, options: CsvOptions = {}): CsvTable | CsvColumns {
  if (input instanceof Uint8Array || (typeof input === "string" && /[\r\n]/.test(input))) {
    return build("readCsv", "<text>", decodeText("readCsv", "<bytes>", input), options);
  }
  if (typeof input !== "string") throw new TypeError(`readCsv: expected a path, the CSV's text or its bytes (Uint8Array), got ${typeof input}`);
  const path = input;
  return build("readCsv", path, decodeText("readCsv", path, readRegularFile(path, "readCsv", "parse the text or bytes with data.parseCsv instead")), options);
}
