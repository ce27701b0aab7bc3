/**
 * kNN workload: k = 5 brute-force classification of Fashion-MNIST (60 000 training x 10 000 test
 * images, 784 float32 features), euclidean and manhattan, backprop's `neighbors.KNeighborsClassifier`
 * on a float32 Tensor (the wasm SIMD kernels: the GEMM for euclidean, cdist for manhattan) against
 * scikit-learn's `KNeighborsClassifier(algorithm="brute", n_jobs=2)` (bench/knn_bench.py, a separate
 * /usr/bin/python3 process per run), alternating. Prints the predict times, sklearn / backprop, both
 * accuracies, how many predictions agree, and each process's resident memory before predict and its
 * high-water mark after (process-wide: it includes the data), and the CPU seconds of each predict
 * (all threads; steadier than wall time when other work shares the cores). `--quick`: 10 000 x 2 500
 * (more than 4 x 256 queries per thread, so scikit-learn takes the same "parallel on X" path as on
 * the full set).
 *
 * Targets (issue 10): euclidean no slower than scikit-learn; manhattan at least 4x faster.
 *
 *   npm run bench -- --only knn [--quick]
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as bp from "../src/index.ts";
import { loadMnistIdx } from "../src/datasets/mnist.ts";
import { KNeighborsClassifier } from "../src/neighbors/index.ts";
import { FASHION_ROOT, fashionUnavailable, type BenchContext, type Workload } from "./context.ts";
import { fmtSeconds, median, message, now, printAligned } from "./harness.ts";
import { PYTHON } from "./peers/torch.ts";

const SCRIPT = join(dirname(fileURLToPath(import.meta.url)), "knn_bench.py");
const METRICS = ["euclidean", "manhattan"] as const;
const K = 5;

interface SideResult {
  seconds: number;
  /** CPU seconds of predict over all the process's threads (steadier than wall time on a shared machine). */
  cpu: number;
  accuracy: number;
  rssBeforeMb: number;
  maxRssMb: number;
  predictions: Int32Array | number[];
}

interface SklearnReply {
  ok: boolean;
  error?: string;
  sklearn: string;
  threads: number;
  predict_s: number;
  cpu_s: number;
  accuracy: number;
  rss_before_kb: number;
  maxrss_kb: number;
  predictions: number[];
}

/** Runs knn_bench.py once; resolves to its reply or throws with its error. */
function runSklearn(metric: string, nTrain: number, nTest: number): Promise<SklearnReply> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, metric, String(nTrain), String(nTest), "--k", String(K), "--n-jobs", "2"], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err = (err + d.toString()).slice(-2000)));
    child.on("error", reject);
    child.on("exit", () => {
      const line = out.trim().split("\n").pop() ?? "";
      try {
        const reply = JSON.parse(line) as SklearnReply;
        if (!reply.ok) reject(new Error(`knn_bench.py: ${reply.error}`));
        else resolve(reply);
      } catch {
        reject(new Error(`knn_bench.py gave no answer${err === "" ? "" : `: ${err.trim().split("\n").pop()}`}`));
      }
    });
  });
}

const mb = (bytes: number): number => bytes / (1 << 20);

/** One backprop run: fit + predict on float32 Tensors. */
function runBackprop(metric: string, X: bp.Tensor, y: bp.Tensor, Xq: bp.Tensor, yq: Int32Array): SideResult {
  const knn = new KNeighborsClassifier({ nNeighbors: K, metric: metric as "euclidean" }).fit(X, y);
  const before = process.memoryUsage().rss;
  const c0 = process.cpuUsage();
  const t0 = now();
  const pred = knn.predict(Xq).data as Int32Array;
  const seconds = now() - t0;
  const c = process.cpuUsage(c0);
  let hit = 0;
  for (let i = 0; i < yq.length; i++) if (pred[i] === yq[i]) hit++;
  return { seconds, cpu: (c.user + c.system) / 1e6, accuracy: hit / yq.length, rssBeforeMb: mb(before), maxRssMb: process.resourceUsage().maxRSS / 1024, predictions: pred };
}

async function run(ctx: BenchContext): Promise<void> {
  const missing = fashionUnavailable();
  if (missing !== undefined) {
    console.log(`  skipped: ${missing}`);
    return;
  }
  const nTrain = ctx.quick ? 10000 : 60000;
  const nTest = ctx.quick ? 2500 : 10000;
  const rounds = ctx.quick ? 3 : 1;
  const train = loadMnistIdx(FASHION_ROOT, "train");
  const test = loadMnistIdx(FASHION_ROOT, "test");
  const X = new bp.Tensor(train.images.subarray(0, nTrain * 784), [nTrain, 784]);
  const y = new bp.Tensor(train.labels.subarray(0, nTrain), [nTrain]);
  const Xq = new bp.Tensor(test.images.subarray(0, nTest * 784), [nTest, 784]);
  const yq = test.labels.slice(0, nTest);
  console.log(`  Fashion-MNIST ${nTrain} train x ${nTest} test, 784 float32 features, k = ${K}, brute force; ${rounds} round(s), median`);
  const rowsOut: string[][] = [];
  let sklearnVersion = "";
  for (const metric of METRICS) {
    const ours: SideResult[] = [];
    const theirs: SideResult[] = [];
    let failure = "";
    for (let r = 0; r < rounds; r++) {
      ctx.log(`knn ${metric}: round ${r + 1}/${rounds}: backprop`);
      ours.push(runBackprop(metric, X, y, Xq, yq));
      ctx.log(`knn ${metric}: round ${r + 1}/${rounds}: scikit-learn (${fmtSeconds(ours[ours.length - 1].seconds)} for backprop)`);
      try {
        const reply = await runSklearn(metric, nTrain, nTest);
        sklearnVersion = `scikit-learn ${reply.sklearn}, ${reply.threads} threads`;
        theirs.push({
          seconds: reply.predict_s, cpu: reply.cpu_s, accuracy: reply.accuracy, rssBeforeMb: reply.rss_before_kb / 1024,
          maxRssMb: reply.maxrss_kb / 1024, predictions: reply.predictions,
        });
      } catch (e) {
        failure = message(e);
        break;
      }
    }
    const o = ours[ours.length - 1];
    const tOurs = median(ours.map((s) => s.seconds));
    const cOurs = median(ours.map((s) => s.cpu));
    if (theirs.length === 0) {
      rowsOut.push([metric, fmtSeconds(tOurs), `unavailable: ${failure}`, "", fmtSeconds(cOurs), "", "", o.accuracy.toFixed(4), "", "", `${o.rssBeforeMb.toFixed(0)} / ${o.maxRssMb.toFixed(0)}`, ""]);
      continue;
    }
    const t = theirs[theirs.length - 1];
    const tTheirs = median(theirs.map((s) => s.seconds));
    const cTheirs = median(theirs.map((s) => s.cpu));
    let agree = 0;
    for (let i = 0; i < nTest; i++) if (o.predictions[i] === t.predictions[i]) agree++;
    rowsOut.push([
      metric, fmtSeconds(tOurs), fmtSeconds(tTheirs), `${(tTheirs / tOurs).toFixed(2)}x`,
      fmtSeconds(cOurs), fmtSeconds(cTheirs), `${(cTheirs / cOurs).toFixed(2)}x`,
      o.accuracy.toFixed(4), t.accuracy.toFixed(4), `${agree}/${nTest}`,
      `${o.rssBeforeMb.toFixed(0)} / ${o.maxRssMb.toFixed(0)}`, `${t.rssBeforeMb.toFixed(0)} / ${t.maxRssMb.toFixed(0)}`,
    ]);
  }
  console.log(`  backprop ${bp.backend()}; ${sklearnVersion === "" ? "scikit-learn unavailable" : sklearnVersion}`);
  printAligned(
    ["metric", "backprop", "sklearn", "sklearn/backprop", "cpu bp", "cpu sk", "cpu sk/bp", "acc backprop", "acc sklearn", "same pred", "RSS MB bp (before / peak)", "RSS MB sk (before / peak)"],
    rowsOut,
  );
  console.log("  targets: euclidean sklearn/backprop >= 1, manhattan >= 4");
}

export const knn: Workload = { name: "knn", title: "kNN: k = 5 brute force on Fashion-MNIST", run };
