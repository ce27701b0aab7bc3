/**
 * The long fuzz run: the properties of test/fuzz/ (imported from test/fuzz/_fuzz.ts and
 * test/fuzz/_targets.ts, so CI and this run check the same thing) with fresh random seeds, round-robin
 * over the readers (safetensors, checkpoint, IDX, MNIST folder, CSV, PNG/JPEG, CIFAR binary / pickle /
 * meta / archive, tar, Keras saved models) until the time is up:
 *
 *   npm run fuzz -- --minutes 10                   # every reader, 10 minutes
 *   npm run fuzz -- --minutes 2 --only idx,csv     # some readers
 *   npm run fuzz -- --replay idx --seed 123 --path "45:2:1"   # reproduce a failure it printed
 *
 * Each slice runs one reader's property for `--slice` runs (default 200) with a new seed. It prints
 * each failure as it is found (reader, seed, fast-check's counterexample path and the fault, with the
 * command that reproduces it), then per reader the runs done and the failures; the exit code is 1 on
 * any failure. CI runs the same properties with the fixed seed of test/fuzz/_fuzz.ts (FUZZ_SEED,
 * FUZZ_RUNS). A reader that hangs hangs this run too (the readers are synchronous): that is a failure
 * to report as well, with the seed printed before the slice started when `--verbose` is given.
 */
import fc from "fast-check";
import { readerProperty } from "../test/fuzz/_fuzz.ts";
import { FUZZ_TARGETS, type RegisteredTarget } from "../test/fuzz/_targets.ts";

interface Options {
  minutes: number;
  slice: number;
  only: string[] | null;
  replay: string | null;
  seed: number | null;
  path: string | null;
  verbose: boolean;
}

function parseArgs(argv: readonly string[]): Options {
  const opts: Options = { minutes: 10, slice: 200, only: null, replay: null, seed: null, path: null, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = (): string => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`fuzz: ${arg} needs a value`);
      return v;
    };
    const number = (min: number): number => {
      const text = value();
      const v = Number(text);
      if (!Number.isFinite(v) || v < min) throw new Error(`fuzz: ${arg} must be a number >= ${min}, got ${JSON.stringify(text)}`);
      return v;
    };
    if (arg === "--minutes") opts.minutes = number(0);
    else if (arg === "--slice") opts.slice = Math.round(number(1));
    else if (arg === "--only") opts.only = value().split(",").map((s) => s.trim()).filter((s) => s !== "");
    else if (arg === "--replay") opts.replay = value();
    else if (arg === "--seed") opts.seed = Math.trunc(number(-(2 ** 31)));
    else if (arg === "--path") opts.path = value();
    else if (arg === "--verbose") opts.verbose = true;
    else throw new Error(`fuzz: unknown argument ${JSON.stringify(arg)} (--minutes N, --only a,b, --slice N, --replay NAME --seed S [--path P], --verbose)`);
  }
  return opts;
}

function pick(names: readonly string[]): RegisteredTarget[] {
  const known = FUZZ_TARGETS.map((t) => t.target.name);
  for (const n of names) if (!known.includes(n)) throw new Error(`fuzz: no reader named ${JSON.stringify(n)} (readers: ${known.join(", ")})`);
  return FUZZ_TARGETS.filter((t) => names.includes(t.target.name));
}

/** The first line or two of a fault, for the report. */
function firstLines(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split("\n").slice(0, 2).join(" / ").slice(0, 400);
}

function replay(opts: Options): number {
  const [entry] = pick([opts.replay!]);
  if (opts.seed === null) throw new Error("fuzz: --replay needs --seed (and --path, as printed)");
  const params: fc.Parameters<[unknown]> = { seed: opts.seed, numRuns: opts.slice, verbose: 1 };
  if (opts.path !== null) params.path = opts.path;
  const result = fc.check(readerProperty(entry.target), params);
  if (!result.failed) {
    console.log(`fuzz: ${entry.target.name} seed ${opts.seed}${opts.path === null ? "" : ` path ${opts.path}`}: no failure`);
    return 0;
  }
  console.log(fc.defaultReportMessage(result) ?? "failed");
  return 1;
}

function main(): number {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.replay !== null) return replay(opts);
  const targets = opts.only === null ? [...FUZZ_TARGETS] : pick(opts.only);
  const stats = new Map(targets.map((t) => [t.target.name, { runs: 0, failures: 0, ms: 0 }]));
  const deadline = performance.now() + opts.minutes * 60_000;
  const random = (): number => (Math.random() * 2 ** 32) | 0;
  let failures = 0;
  console.log(`fuzz: ${targets.length} readers, ${opts.minutes} min, slices of ${opts.slice} runs with random seeds`);
  for (let round = 0; performance.now() < deadline; round++) {
    for (const { target, testFile } of targets) {
      if (performance.now() >= deadline) break;
      const seed = random();
      if (opts.verbose) console.log(`  ${target.name}: seed ${seed}`);
      const start = performance.now();
      const result = fc.check(readerProperty(target), { seed, numRuns: opts.slice });
      const s = stats.get(target.name)!;
      s.ms += performance.now() - start;
      s.runs += result.numRuns;
      if (result.failed) {
        s.failures++;
        failures++;
        console.log(`FAIL ${target.name}: seed ${seed}, path "${result.counterexamplePath}"`);
        console.log(`  ${firstLines(result.errorInstance)}`);
        console.log(`  reproduce: npm run fuzz -- --replay ${target.name} --seed ${seed} --path "${result.counterexamplePath}"`);
        console.log(`  (CI's version: FUZZ_SEED=${seed} FUZZ_RUNS=${opts.slice} node --import tsx --test ${testFile})`);
      }
    }
  }
  console.log("");
  console.log("reader".padEnd(16) + "runs".padStart(10) + "failures".padStart(10) + "runs/s".padStart(10));
  for (const [name, s] of stats) {
    console.log(name.padEnd(16) + String(s.runs).padStart(10) + String(s.failures).padStart(10) + (s.ms > 0 ? (s.runs / (s.ms / 1000)).toFixed(0) : "-").padStart(10));
  }
  console.log(failures === 0 ? "fuzz: no failures" : `fuzz: ${failures} failing slice(s)`);
  return failures === 0 ? 0 : 1;
}

process.exitCode = main();
