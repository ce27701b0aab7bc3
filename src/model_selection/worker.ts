/*
 * The worker thread of a parallel cross-validation or search (parallel.ts): it registers the library's
 * estimators (and the modules registered with registerEstimator), rebuilds X, y, the estimator and the
 * candidates from workerData once, then answers each task number with the FitResult of that candidate on
 * that split.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as lib from "../index.ts";
import { clone } from "../base/estimator.ts";
import { getScorer } from "../metrics/scorer.ts";
import { Tensor } from "../tensor/tensor.ts";
import { fitAndScore } from "./fit_and_score.ts";
import type { FromWorker, ToWorker, WorkerInput } from "./parallel.ts";
import { estimatorFromJson, paramFromJson, registerNamespace } from "./registry.ts";

const input = workerData as WorkerInput;
const port = parentPort!;

registerNamespace(lib as unknown as Record<string, unknown>);
for (const m of input.modules) registerNamespace((await import(m)) as Record<string, unknown>);

const X = new Tensor(input.X.data, input.X.shape);
const y = input.y === null ? null : new Tensor(input.y.data, input.y.shape);
const estimator = estimatorFromJson(input.estimator);
const candidates = input.candidates.map((c) => Object.fromEntries(Object.entries(c).map(([k, v]) => [k, paramFromJson(v)])));
const scorer = getScorer(input.scoring);
const nSplits = input.splits.length;

port.on("message", (msg: ToWorker) => {
  const t = msg.task;
  const [train, test] = input.splits[t % nSplits];
  let reply: FromWorker;
  try {
    const result = fitAndScore(clone(estimator), X, y, train, test, candidates[Math.floor(t / nSplits)], scorer, input.returnTrainScore, input.errorScore);
    reply = { type: "result", task: t, result };
  } catch (err) {
    reply = { type: "failed", task: t, message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
port.postMessage({ type: "ready" } satisfies FromWorker);
