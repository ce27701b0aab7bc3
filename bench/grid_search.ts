/**
 * GridSearchCV workload: the seed's search, `GridSearchCV(KNeighborsClassifier(), {nNeighbors: 1..30,
 * metric: [euclidean, manhattan]}, cv = KFold(3, shuffle, 42), scoring "accuracy")`: 60 candidates x 3
 * folds = 180 fits, with nJobs 1 against nJobs -1 (worker threads, one per core), alternating rounds
 * after a warm-up of both (up to 2 s: steady state, as a search in a loop or a server sees it); prints the medians, the speedup, the process CPU time of each (all threads) and whether both gave the
 * same cvResults.
 *
 * Two data sets: the seed's (standardised iris, 120 training rows, from test/fixtures/seed_iris.json),
 * where a fit takes well under a millisecond and the threads' messages weigh as much as the work, and
 * the bundled 8x8 digits (`datasets.loadDigits()`, 1 797 x 64; the first 900 rows with --quick), where a
 * fit is real work. bp's own estimators need no registration for the workers. The worker pool is started once before timing (its start, loading the library in each worker,
 * is printed apart): scikit-learn's n_jobs keeps its joblib workers between calls the same way.
 *
 * Target (issue 10): nJobs -1 at least 1.7x faster than nJobs 1 on 2 cores.
 *
 *   npm run bench -- --only gridsearch [--quick]
 */
import { readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as bp from "../src/index.ts";
import { closeWorkerPool, GridSearchCV, KFold } from "../src/model_selection/index.ts";
import { KNeighborsClassifier } from "../src/neighbors/index.ts";
import type { BenchContext, Workload } from "./context.ts";
import { fmtSeconds, median, now, printAligned } from "./harness.ts";

interface DataSet {
  name: string;
  X: bp.Tensor;
  y: bp.Tensor;
}

function seedIris(): DataSet {
  const seed = JSON.parse(readFileSync(new URL("../test/fixtures/seed_iris.json", import.meta.url), "utf8")) as { scaled: number[][]; target: number[]; train_indices: number[] };
  const X = bp.tensor(seed.train_indices.map((i) => seed.scaled[i]), { dtype: "float64" });
  const y = bp.tensor(seed.train_indices.map((i) => seed.target[i]), { dtype: "float64" });
  return { name: "iris (seed), 120 x 4", X, y };
}

/** The bundled 8x8 digits, the first `n` rows, as float32 (the kNN kernels' fast path). */
function digits(n: number): DataSet {
  const d = bp.datasets.loadDigits();
  const X = d.data.index(`0:${n}`).to("float32");
  const y = d.target.index(`0:${n}`);
  return { name: `digits, ${n} x 64, 10 classes`, X, y };
}

function search(nJobs: number): GridSearchCV<KNeighborsClassifier> {
  return new GridSearchCV({
    estimator: new KNeighborsClassifier(),
    paramGrid: { nNeighbors: bp.arange(1, 31), metric: ["euclidean", "manhattan"] },
    cv: new KFold({ nSplits: 3, shuffle: true, randomState: 42 }),
    scoring: "accuracy",
    nJobs,
  });
}

/** Wall seconds, process CPU seconds (every thread, workers included) and the mean test scores of one search. */
async function timeFit(data: DataSet, nJobs: number): Promise<{ seconds: number; cpu: number; means: number[] }> {
  const c0 = process.cpuUsage();
  const t0 = now();
  const s = await search(nJobs).fit(data.X, data.y);
  const c = process.cpuUsage(c0);
  return { seconds: now() - t0, cpu: (c.user + c.system) / 1e6, means: s.cvResults!.meanTestScore };
}

async function run(ctx: BenchContext): Promise<void> {
  const rounds = ctx.quick ? 3 : 11;
  const cores = availableParallelism();
  const t0 = now();
  await timeFit(seedIris(), -1);
  console.log(`  ${cores} cores; worker pool start + first parallel search (iris): ${fmtSeconds(now() - t0)}`);
  const rows: string[][] = [];
  for (const data of [seedIris(), digits(ctx.quick ? 900 : 1797)]) {
    const seq: number[] = [], par: number[] = [], seqCpu: number[] = [], parCpu: number[] = [];
    let same = true;
    // warm-up: both modes, until the JIT has compiled the fits on the main thread and in every worker
    // (a few rounds are not enough: the first dozen iris searches still run half-optimised code)
    const w0 = now();
    for (let r = 0; r < 2 || (r < 30 && now() - w0 < 2); r++) {
      await timeFit(data, 1);
      await timeFit(data, -1);
    }
    for (let r = 0; r < rounds; r++) {
      const a = await timeFit(data, 1);
      const b = await timeFit(data, -1);
      seq.push(a.seconds);
      par.push(b.seconds);
      seqCpu.push(a.cpu);
      parCpu.push(b.cpu);
      same &&= a.means.every((m, i) => m === b.means[i]);
      ctx.log(`gridsearch ${data.name}: round ${r + 1}/${rounds}: nJobs 1 ${fmtSeconds(a.seconds)}, nJobs -1 ${fmtSeconds(b.seconds)}`);
    }
    const s = median(seq), p = median(par);
    rows.push([data.name, "180", fmtSeconds(s), fmtSeconds(p), `${(s / p).toFixed(2)}x`, `${fmtSeconds(median(seqCpu))} / ${fmtSeconds(median(parCpu))}`, same ? "yes" : "NO"]);
  }
  printAligned(["data (60 candidates x 3 folds)", "fits", "nJobs 1", "nJobs -1", "speedup", "CPU 1 / -1", "same cvResults"], rows);
  console.log(`  target: speedup >= 1.7x on 2 cores (nJobs -1 = ${cores} workers here). CPU: process CPU time, all threads;`);
  console.log("  on a loaded machine the wall times say little, while CPU -1 close to CPU 1 says the threads add little work");
  await closeWorkerPool();
}

export const gridsearch: Workload = { name: "gridsearch", title: "GridSearchCV, the seed's kNN grid: nJobs -1 vs 1", run };
