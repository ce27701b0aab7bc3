/*
 * A worker thread of the parallel cross-validation and searches (parallel.ts). It registers the library's
 * estimators once; for each run ("job") it registers the modules the run names, rebuilds X, y, the
 * estimator and the candidates from the message once, then answers each batch of task numbers with the
 * FitResults of those candidates on those splits. It stays alive between runs.
 */
import { parentPort } from "node:worker_threads";
import * as lib from "../index.ts";
import { clone, type BaseEstimator, type Params } from "../base/estimator.ts";
import { getScorer, type Scorer } from "../metrics/scorer.ts";
import { Tensor } from "../tensor/tensor.ts";
import { fitAndScore } from "./fit_and_score.ts";
import type { FromWorker, ToWorker, WorkerInput } from "./parallel.ts";
import { estimatorFromJson, paramFromJson, registerNamespace } from "./registry.ts";

const port = parentPort!;
registerNamespace(lib as unknown as Record<string, unknown>);
const imported = new Set<string>();

interface Run {
  id: number;
  input: WorkerInput;
  X: Tensor;
  y: Tensor | null;
  estimator: BaseEstimator;
  candidates: Params[];
  scorer: Scorer;
}
let current: Run | null = null;
/** Messages are handled one at a time, in order (a run's setup may await module imports). */
let queue: Promise<void> = Promise.resolve();

async function start(id: number, input: WorkerInput): Promise<void> {
  for (const m of input.modules) {
    if (imported.has(m)) continue;
    registerNamespace((await import(m)) as Record<string, unknown>);
    imported.add(m);
  }
  current = {
    id,
    input,
    X: new Tensor(input.X.data, input.X.shape),
    y: input.y === null ? null : new Tensor(input.y.data, input.y.shape),
    estimator: estimatorFromJson(input.estimator),
    candidates: input.candidates.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, paramFromJson(v)]))),
    scorer: getScorer(input.scoring),
  };
}

function tasks(run: Run, first: number, count: number): FromWorker {
  const { input } = run;
  const nSplits = input.splits.length;
  const results = [];
  for (let t = first; t < first + count; t++) {
    const [train, test] = input.splits[t % nSplits];
    results.push(fitAndScore(clone(run.estimator), run.X, run.y, train, test, run.candidates[Math.floor(t / nSplits)], run.scorer, input.returnTrainScore, input.errorScore));
  }
  return { type: "results", job: run.id, first, results };
}

port.on("message", (msg: ToWorker) => {
  queue = queue.then(async () => {
    try {
      if (msg.type === "job") {
        current = null;
        await start(msg.job, msg.input);
      } else if (current !== null && current.id === msg.job) port.postMessage(tasks(current, msg.first, msg.count));
    } catch (err) {
      port.postMessage({ type: "failed", job: msg.job, message: err instanceof Error ? err.message : String(err) } satisfies FromWorker);
    }
  });
});
