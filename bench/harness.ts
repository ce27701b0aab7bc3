/**
 * The bench's timing and reporting: contenders that each run one round of a workload, a driver that
 * alternates their rounds (backprop, torch, tfjs-wasm, tfjs-cpu, backprop, ...), and the table.
 */
import { loadavg } from "node:os";

/** Seconds since an arbitrary origin, with sub-microsecond resolution. */
export function now(): number {
  return performance.now() / 1000;
}

/** Median of a non-empty list (mean of the two middle values for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs `fn` `reps` times (at least once), stopping early once `budget` seconds have been spent, and
 * returns each run's time in seconds.
 */
export function timeReps(fn: () => void, reps: number, budget: number): number[] {
  const times: number[] = [];
  const start = now();
  for (let i = 0; i < reps; i++) {
    const t0 = now();
    fn();
    times.push(now() - t0);
    if (now() - start > budget) break;
  }
  return times;
}

/** Times of one round, per case (e.g. `"1024x1024x1024"`), in seconds per repetition. */
export type RoundResult = Record<string, number[]>;

/**
 * One competitor in a workload. `round` runs every case once (with a few repetitions each) and
 * returns the times; `warmup` runs before the first round and is not timed. A contender that cannot
 * run here (missing package, data or Python) has `unavailable` set to the reason instead.
 */
export interface Contender {
  /** The row label, e.g. `"PyTorch 1.13 (1 thread)"`. */
  label: string;
  /** Whether this row is backprop itself (the ratios are taken against the first such row). */
  isBackprop?: boolean;
  /** Why the contender cannot run here; when set, the row says so and nothing runs. */
  unavailable?: string;
  /** Left out of the per-round progress line (its round only reports another contender's answer). */
  quiet?: boolean;
  /** Per case: why this contender has no result for it (e.g. the peer has no such mode). */
  notes?: Record<string, string>;
  warmup?: () => Promise<void>;
  round?: () => Promise<RoundResult>;
}

/** Every contender's times for every case, in the contenders' order. */
export interface Collected {
  contenders: Contender[];
  times: Map<Contender, Map<string, number[]>>;
  errors: Map<Contender, string>;
}

/**
 * Alternates rounds: round 1 of every contender in order, then round 2, ... A contender whose round
 * throws is reported with the error and skipped from then on; the others go on.
 */
export async function alternate(contenders: Contender[], rounds: number, log: (line: string) => void): Promise<Collected> {
  const times = new Map<Contender, Map<string, number[]>>();
  const errors = new Map<Contender, string>();
  const live = contenders.filter((c) => c.unavailable === undefined && c.round !== undefined);
  for (const c of live) {
    times.set(c, new Map());
    if (c.warmup === undefined) continue;
    try {
      await c.warmup();
    } catch (e) {
      errors.set(c, message(e));
    }
  }
  for (let r = 0; r < rounds; r++) {
    const parts: string[] = [];
    for (const c of live) {
      if (errors.has(c)) continue;
      const t0 = now();
      try {
        const result = await c.round!();
        const mine = times.get(c)!;
        for (const [key, ts] of Object.entries(result)) mine.set(key, [...(mine.get(key) ?? []), ...ts]);
      } catch (e) {
        errors.set(c, message(e));
      }
      if (c.quiet !== true) parts.push(`${c.label} ${fmtSeconds(now() - t0)}`);
    }
    log(`  round ${r + 1}/${rounds}: ${parts.join(", ")}`);
  }
  return { contenders, times, errors };
}

/** The text of an error or thrown value, on one line. */
export function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0];
}

/** How a case's rate column reads: the work of one repetition and the unit that work is in. */
export interface Rate {
  /** Column header, e.g. `"GFLOP/s"`. */
  unit: string;
  /** Work per repetition in that unit times seconds, e.g. `2mnk / 1e9` for GFLOP/s. */
  work: number;
}

/** How one case is shown: the case key, its title and how its times are turned into the columns. */
export interface CaseView {
  key: string;
  title: string;
  rate?: Rate;
  /** Time per repetition is divided by this before printing (e.g. 1000 ops per chain: us per op). */
  perRepDivisor?: number;
  /** Unit of the printed time: `"s"`, `"ms"` or `"us"` (default: chosen from the size). */
  timeUnit?: "s" | "ms" | "us";
  /** Printed after the title, e.g. a note on scaling. */
  note?: string;
}

/** Extra rows printed as-is below a case's table (e.g. "not yet available"). */
export interface ExtraRow {
  label: string;
  text: string;
}

/**
 * Prints one table per case: each contender's median time (and best), its rate, and its time over
 * backprop's (`peer/bp` > 1: backprop is faster), plus the rows of unavailable or failed contenders.
 */
export function printTables(collected: Collected, cases: CaseView[], extra: ExtraRow[] = []): void {
  const { contenders, times, errors } = collected;
  const base = contenders.find((c) => c.isBackprop === true && times.has(c));
  for (const view of cases) {
    console.log("");
    console.log(`${view.title}${view.note === undefined ? "" : `  (${view.note})`}`);
    const div = view.perRepDivisor ?? 1;
    const baseTimes = base === undefined ? undefined : times.get(base)?.get(view.key);
    const baseMedian = baseTimes === undefined || baseTimes.length === 0 ? undefined : median(baseTimes) / div;
    const unit = view.timeUnit ?? pickUnit(baseMedian ?? firstMedian(collected, view.key, div));
    const header = ["contender", `median (${unit})`, `best (${unit})`, "n"];
    if (view.rate !== undefined) header.push(view.rate.unit);
    header.push("peer/backprop");
    const rows: string[][] = [];
    const notes: string[] = [];
    for (const c of contenders) {
      if (c.unavailable !== undefined) {
        notes.push(`  ${c.label}: unavailable (${c.unavailable})`);
        continue;
      }
      const ts = times.get(c)?.get(view.key);
      if (ts === undefined || ts.length === 0) {
        const err = errors.get(c);
        const why = err !== undefined ? `failed (${err})` : c.notes?.[view.key] ?? "no result for this case";
        notes.push(`  ${c.label}: ${why}`);
        continue;
      }
      const med = median(ts) / div;
      const best = Math.min(...ts) / div;
      const row = [c.label, fmtIn(med, unit), fmtIn(best, unit), String(ts.length)];
      if (view.rate !== undefined) row.push(fmtRate(view.rate.work / (med * div)));
      row.push(c === base ? "1.00 (base)" : baseMedian === undefined ? "-" : ratioText(med / baseMedian));
      rows.push(row);
    }
    printAligned(header, rows);
    for (const n of notes) console.log(n);
    for (const e of extra) console.log(`  ${e.label}: ${e.text}`);
  }
}

function firstMedian(collected: Collected, key: string, div: number): number | undefined {
  for (const m of collected.times.values()) {
    const ts = m.get(key);
    if (ts !== undefined && ts.length > 0) return median(ts) / div;
  }
  return undefined;
}

/** `3.10 (bp 3.1x faster)` for a peer 3.1 times slower than backprop; `0.25 (bp 4.0x slower)`. */
function ratioText(r: number): string {
  const words = r >= 1 ? `bp ${fmtFactor(r)}x faster` : `bp ${fmtFactor(1 / r)}x slower`;
  return `${fmtFactor(r)} (${words})`;
}

function fmtFactor(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function pickUnit(seconds: number | undefined): "s" | "ms" | "us" {
  if (seconds === undefined || seconds >= 1) return "s";
  return seconds >= 1e-3 ? "ms" : "us";
}

function fmtIn(seconds: number, unit: "s" | "ms" | "us"): string {
  const v = unit === "s" ? seconds : unit === "ms" ? seconds * 1e3 : seconds * 1e6;
  return v >= 100 ? v.toFixed(1) : v >= 10 ? v.toFixed(2) : v.toFixed(3);
}

function fmtRate(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

/** `1.23 s`, `45.6 ms`, `789 us`. */
export function fmtSeconds(s: number): string {
  if (s >= 1) return `${s.toFixed(2)} s`;
  if (s >= 1e-3) return `${(s * 1e3).toFixed(1)} ms`;
  return `${(s * 1e6).toFixed(0)} us`;
}

/** Prints rows under a header, the first column left-aligned and the others right-aligned. */
export function printAligned(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]): string =>
    "  " + cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join("  ");
  console.log(line(header));
  for (const r of rows) console.log(line(r));
}

/** The 1-, 5- and 15-minute load averages, to show how busy the machine was. */
export function loadText(): string {
  return loadavg().map((x) => x.toFixed(2)).join(" ");
}
