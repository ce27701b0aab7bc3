import { parseArgs } from "node:util";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import * as bp from "../index.ts";
import { serializeSafetensors, type SafetensorsTensor } from "../io/safetensors.ts";
import { ProgressLine } from "./progress.ts";
import { type PicturePaths, lossFigure, predictionsFigure } from "./pictures.ts";
import { OutDirError, commitOutputs, prepareOutDir } from "./out_dir.ts";
import { loadCheckpoint, saveCheckpoint, type TrainingCheckpoint } from "./checkpoint.ts";
import { getRngState, setRngState } from "../tensor/random.ts";

const { nn, optim, data } = bp;

const HELP = `usage: backprop train [options]

Trains the seed's MNIST network: Linear(784, hidden) -> ReLU -> Linear(hidden, 10), CrossEntropyLoss,
SGD, Normalize(0.5, 0.5). Default data: the 10 000 bundled digits, split 8000/2000 with the seed.
Saves model.safetensors and metrics.json, and draws loss.png (train loss and test accuracy per epoch)
and predictions.png (the first 32 test digits, "pred 3 / true 5", mistakes in red).

options:
  --epochs <n>        epochs (default 10)
  --batch-size <n>    mini-batch size (default 64)
  --lr <x>            SGD learning rate (default 0.1)
  --lr-step-size <n>  multiply the learning rate by --lr-gamma every n epochs, as PyTorch's
                      StepLR(optimizer, step_size=n, gamma) stepped after each epoch (default: none,
                      a constant rate)
  --lr-gamma <x>      StepLR's factor (default 0.1; needs --lr-step-size)
  --hidden <n>        hidden units (default 128)
  --seed <n>          random seed for init, split and shuffling (default 0)
  --data-dir <dir>    folder of IDX files (full MNIST or Fashion-MNIST) instead of the bundled digits
  --out <dir>         where model.safetensors, metrics.json, loss.png and predictions.png go
                      (default runs/mnist-<time>)
  --checkpoint-every <n>  write <out>/checkpoint.safetensors every n optimizer steps (atomically)
  --resume <dir>      continue the run in <dir> from its checkpoint (its options come from there;
                      only --detect-anomaly may be added)
  --detect-anomaly    autograd anomaly detection (PyTorch's detect_anomaly): the first op whose
                      forward or backward makes NaN or Inf stops training, named with its input
                      shapes and where it was created (slower: every op is checked)
  --no-terminate-on-nan  train on through a NaN or Inf loss; by default training stops there with
                      exit code 1, as Keras's TerminateOnNaN, before the bad step is taken
  -h, --help          this help`;

/** The settings of one training run. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  /** StepLR's period in epochs (absent: no scheduler, a constant learning rate). */
  lrStepSize?: number;
  /** StepLR's factor (default 0.1). */
  lrGamma?: number;
  hidden: number;
  seed: number;
  dataDir?: string;
  out: string;
  /** Write a checkpoint every this many optimizer steps (0 or absent: never). */
  checkpointEvery?: number;
  /** Continue the run whose `--out` folder this is, from its checkpoint. */
  resume?: string;
  /** false: train on through a NaN or Inf loss (absent or true: stop, as Keras's TerminateOnNaN). */
  terminateOnNan?: boolean;
  /** true: autograd anomaly detection on while training (names the op that makes a NaN or Inf). */
  detectAnomaly?: boolean;
}

/** One line per epoch in metrics.json. */
export interface EpochMetrics {
  epoch: number;
  trainLoss: number;
  testAccuracy: number;
  seconds: number;
}

/** What one training run leaves behind: its metrics, the trained network and the test set it was scored on. */
export interface TrainResult {
  metrics: EpochMetrics[];
  net: Net;
  /** The test set, normalised as the network sees it (pixels in [-1, 1]). */
  test: bp.data.Dataset<bp.Tensor[]>;
  /** The options the run used (with `--resume`, those of its checkpoint). */
  options: TrainOptions;
}

/** A wrong command line: reported in one line with exit code 2. */
class UsageError extends Error {}

/**
 * Training stopped on a NaN or Inf: a non-finite loss (TerminateOnNaN) or an op that anomaly detection
 * caught; reported with exit code 1. The message starts with the epoch and batch.
 */
export class TrainingStopped extends Error {}

/** Quotes a user's value for an error message, cut to 40 characters. */
function shown(value: string | undefined): string {
  const v = String(value);
  return `'${v.length > 40 ? `${v.slice(0, 40)}...` : v}'`;
}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n <= 0) {
    throw new UsageError(`--${name} must be a positive integer, got ${shown(value)}`);
  }
  return n;
}

const STRING_OPTIONS = new Set(["--epochs", "--batch-size", "--lr", "--lr-step-size", "--lr-gamma", "--hidden", "--seed", "--data-dir", "--out", "--checkpoint-every", "--resume"]);

/**
 * `--epochs -3` reads to node's parseArgs as an option missing its value ("ambiguous"); joined into
 * `--epochs=-3` it reaches the checks below, which say what a valid value is.
 */
function joinNegativeValues(args: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (STRING_OPTIONS.has(args[i]) && i + 1 < args.length && /^-[0-9.]/.test(args[i + 1])) {
      out.push(`${args[i]}=${args[i + 1]}`);
      i++;
    } else {
      out.push(args[i]);
    }
  }
  return out;
}

/** Parses `backprop train` arguments; throws a UsageError for anything wrong. */
export function parseTrainArgs(args: string[], now = new Date()): TrainOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(args),
      strict: true,
      allowPositionals: false,
      options: {
        epochs: { type: "string" },
        "batch-size": { type: "string" },
        lr: { type: "string" },
        "lr-step-size": { type: "string" },
        "lr-gamma": { type: "string" },
        hidden: { type: "string" },
        seed: { type: "string" },
        "data-dir": { type: "string" },
        out: { type: "string" },
        "checkpoint-every": { type: "string" },
        resume: { type: "string" },
        "detect-anomaly": { type: "boolean" },
        "no-terminate-on-nan": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // node's messages can run over several lines; the first says what is wrong
    throw new UsageError((error instanceof Error ? error.message : String(error)).split("\n")[0]);
  }
  if (values.help) return "help";
  if (values.resume !== undefined) {
    // anomaly detection changes no number, so a diverged run can be resumed with it
    const others = Object.keys(values).filter((k) => k !== "resume" && k !== "detect-anomaly");
    if (others.length > 0) throw new UsageError(`--resume takes every option from the checkpoint; drop --${others[0]}`);
    if (values.resume.trim() === "") throw new UsageError("--resume must name a run's folder, got ''");
    return { epochs: 1, batchSize: 1, lr: 1, hidden: 1, seed: 0, out: values.resume, resume: values.resume, ...(values["detect-anomaly"] === true ? { detectAnomaly: true } : {}) };
  }
  const lrText = values.lr ?? "0.1";
  const lr = Number(lrText);
  if (lrText.trim() === "" || !(lr > 0) || !Number.isFinite(lr)) throw new UsageError(`--lr must be a positive number, got ${shown(values.lr)}`);
  const gammaText = values["lr-gamma"];
  if (gammaText !== undefined && values["lr-step-size"] === undefined) throw new UsageError("--lr-gamma needs --lr-step-size (the epochs between decays)");
  const lrGamma = Number(gammaText);
  if (gammaText !== undefined && (gammaText.trim() === "" || !(lrGamma > 0) || !Number.isFinite(lrGamma))) {
    throw new UsageError(`--lr-gamma must be a positive number, got ${shown(gammaText)}`);
  }
  const seedText = values.seed ?? "0";
  const seed = Number(seedText);
  if (!/^[0-9]+$/.test(seedText) || !Number.isSafeInteger(seed)) throw new UsageError(`--seed must be a non-negative integer, got ${shown(values.seed)}`);
  const dataDir = values["data-dir"];
  if (dataDir !== undefined && (!existsSync(dataDir) || !statSync(dataDir).isDirectory())) {
    throw new UsageError(`--data-dir ${shown(dataDir)} is not a folder`);
  }
  if (values.out !== undefined && values.out.trim() === "") throw new UsageError("--out must name a folder, got ''");
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return {
    epochs: positiveInt("epochs", values.epochs ?? "10"),
    batchSize: positiveInt("batch-size", values["batch-size"] ?? "64"),
    lr,
    ...(values["lr-step-size"] === undefined ? {} : { lrStepSize: positiveInt("lr-step-size", values["lr-step-size"]), lrGamma: gammaText === undefined ? 0.1 : lrGamma }),
    hidden: positiveInt("hidden", values.hidden ?? "128"),
    seed,
    dataDir,
    out: values.out ?? join("runs", `mnist-${stamp}`),
    ...(values["checkpoint-every"] === undefined ? {} : { checkpointEvery: positiveInt("checkpoint-every", values["checkpoint-every"]) }),
    ...(values["no-terminate-on-nan"] === true ? { terminateOnNan: false } : {}),
    ...(values["detect-anomaly"] === true ? { detectAnomaly: true } : {}),
  };
}

/** The seed's network: `x.view(-1, 784) -> fc1 -> relu -> fc2`. */
export class Net extends nn.Module {
  fc1: InstanceType<typeof nn.Linear>;
  fc2: InstanceType<typeof nn.Linear>;

  constructor(hidden = 128) {
    super();
    this.fc1 = new nn.Linear(28 * 28, hidden);
    this.fc2 = new nn.Linear(hidden, 10);
  }

  override forward(x: bp.Tensor): bp.Tensor {
    const flat = x.view(-1, 28 * 28);
    return this.fc2.forward(nn.functional.relu(this.fc1.forward(flat)));
  }
}

/** Train and test sets, normalised with mean 0.5 and std 0.5 (pixels to [-1, 1]). */
function loadData(options: TrainOptions): { train: bp.data.Dataset<bp.Tensor[]>; test: bp.data.Dataset<bp.Tensor[]> } {
  const normalize = (ds: bp.data.TensorDataset): bp.data.TensorDataset => {
    const [images, labels] = ds.tensors;
    return new data.TensorDataset(data.transforms.normalize([0.5], [0.5])(images), labels);
  };
  if (options.dataDir !== undefined) {
    return {
      train: normalize(bp.datasets.mnist({ root: options.dataDir, train: true })),
      test: normalize(bp.datasets.mnist({ root: options.dataDir, train: false })),
    };
  }
  const all = normalize(bp.datasets.mnist());
  const [train, test] = data.randomSplit(all, [8000, 2000]);
  return { train, test };
}

/** Fraction of correct predictions, computed without recording the graph. */
export function accuracy(model: bp.nn.Module, loader: Iterable<bp.Tensor[]>): number {
  let correct = 0;
  let total = 0;
  bp.noGrad(() => {
    for (const [images, labels] of loader) {
      const { indices } = model.forward(images).max(1);
      correct += indices.eq(labels).sum().item();
      total += labels.size(0);
    }
  });
  return correct / total;
}

/**
 * Checks and prepares `options.out` first (`prepareOutDir`), trains, evaluates after each epoch, and
 * (unless `save` is false) writes model.safetensors and metrics.json under `options.out` as one unit;
 * returns the metrics, the network and the test set (what `savePictures` draws). Synchronous.
 * @example const { metrics, net, test } = fitMnist({ epochs: 1, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out: "runs/x" });
 */
export function fitMnist(options: TrainOptions, log: (line: string) => void = console.log, save = true, hooks: TrainHooks = {}): TrainResult {
  let resumed: TrainingCheckpoint<TrainOptions> | null = null;
  if (options.resume !== undefined) {
    resumed = loadCheckpoint<TrainOptions>(options.resume);
    const detect = options.detectAnomaly === true ? { detectAnomaly: true } : {};
    options = { ...checkedOptions(resumed.options, options.resume), out: options.resume, resume: options.resume, ...detect };
    if (resumed.epoch > options.epochs + 1) throw new Error(`checkpoint: ${options.resume}: epoch ${resumed.epoch} is past the run's ${options.epochs} epochs`);
  }
  const anomalyWas = bp.autograd.isAnomalyEnabled();
  try {
    if (options.detectAnomaly === true) bp.autograd.setDetectAnomaly(true);
    return trainLoop(options, resumed, log, save, hooks);
  } finally {
    bp.autograd.setDetectAnomaly(anomalyWas);
  }
}

/** The non-finite loss message: where, what, and what to do. */
function nonFiniteLoss(epoch: number, batch: number, batches: number, value: number, checkpoints: boolean): string {
  return (
    `epoch ${epoch}, batch ${batch}/${batches}: the loss is ${value}; training stopped (as Keras's TerminateOnNaN), ` +
    "before this step changed the weights. Rerun with --detect-anomaly to name the op that made it" +
    `${checkpoints ? " (add it to --resume DIR to start from the last checkpoint)" : ""}, lower --lr, or pass --no-terminate-on-nan to train on`
  );
}

/** `fitMnist`'s body, with anomaly detection set as the options say. */
function trainLoop(options: TrainOptions, resumed: TrainingCheckpoint<TrainOptions> | null, log: (line: string) => void, save: boolean, hooks: TrainHooks): TrainResult {
  bp.manualSeed(options.seed);
  const { train, test } = loadData(options);
  // --out is made and probed before any epoch (after the data, so a bad --data-dir creates no folder);
  // what a killed run left there is cleaned
  for (const name of prepareOutDir(options.out)) log(`removed ${join(options.out, name)}, left by an interrupted run`);
  const trainLoader = new data.DataLoader(train, { batchSize: options.batchSize, shuffle: true });
  const testLoader = new data.DataLoader(test, { batchSize: 1000 });
  const net = new Net(options.hidden);
  const lossFunction = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(net.parameters(), { lr: options.lr });
  // stepped after each epoch, as PyTorch's examples do; its state goes in the checkpoint
  const scheduler = options.lrStepSize === undefined ? null : new optim.lrScheduler.StepLR(optimizer, options.lrStepSize, { gamma: options.lrGamma ?? 0.1 });
  log(`backprop ${bp.backend()} backend: training on ${train.length} images, testing on ${test.length}`);

  let metrics: EpochMetrics[] = [];
  let step = 0;
  let startEpoch = 1;
  if (resumed !== null) {
    net.loadStateDict(resumed.model);
    optimizer.loadStateDict(resumed.optimizer as Parameters<typeof optimizer.loadStateDict>[0]);
    if ((resumed.scheduler === null) !== (scheduler === null)) throw new Error(`checkpoint: ${options.out}: the scheduler state does not match the options`);
    if (scheduler !== null) {
      try {
        scheduler.loadStateDict(resumed.scheduler!);
      } catch (error) {
        throw new Error(`checkpoint: ${options.out}: scheduler state: ${(error as Error).message.slice(0, 200)}`);
      }
    }
    setRngState(resumed.rng);
    metrics = resumed.metrics as EpochMetrics[];
    step = resumed.step;
    startEpoch = resumed.epoch;
    log(`resuming ${options.out} at epoch ${resumed.epoch}, batch ${resumed.batch} (step ${step})`);
  }
  const every = options.checkpointEvery ?? 0;
  const terminateOnNan = options.terminateOnNan !== false;
  for (let epoch = startEpoch; epoch <= options.epochs; epoch++) {
    const start = performance.now();
    const progress = new ProgressLine();
    const continuing = resumed !== null && epoch === resumed.epoch ? resumed : null;
    let lossSum = continuing?.lossSum ?? 0;
    let batches = continuing?.batches ?? 0;
    let seen = continuing?.seen ?? 0;
    const order = continuing !== null ? continuing.order : trainLoader.epochOrder();
    let batch = continuing?.batch ?? 0;
    net.train();
    for (const [images, labels] of trainLoader.batches(order, batch)) {
      optimizer.zeroGrad();
      let value: number;
      try {
        const loss = lossFunction.forward(net.forward(images), labels);
        // the one read of the loss per step (the progress line needs it): the NaN check costs no sync
        value = loss.item();
        if (terminateOnNan && !Number.isFinite(value)) throw new TrainingStopped(nonFiniteLoss(epoch, batch + 1, trainLoader.length, value, every > 0));
        loss.backward();
      } catch (error) {
        progress.done(); // the message goes on a line of its own
        if (error instanceof Error && error.message.startsWith("autograd.detectAnomaly: ")) {
          throw new TrainingStopped(`epoch ${epoch}, batch ${batch + 1}/${trainLoader.length}: ${error.message}`);
        }
        throw error;
      }
      optimizer.step();
      lossSum += value;
      batches++;
      batch++;
      step++;
      seen += labels.size(0);
      if (every > 0 && step % every === 0) {
        saveCheckpoint(options.out, {
          options: { ...options, resume: undefined }, epoch, batch, step, lossSum, batches, seen, metrics,
          rng: getRngState(), order, model: net.stateDict(), optimizer: optimizer.stateDict(), scheduler: scheduler?.stateDict() ?? null,
        });
        hooks.afterCheckpoint?.(step);
      }
      const rate = seen / ((performance.now() - start) / 1000);
      progress.update(
        `epoch ${epoch}/${options.epochs} [${batch}/${trainLoader.length}] loss ${(lossSum / batches).toFixed(4)} ${Math.round(rate)} samples/s`,
      );
    }
    progress.done();
    net.eval();
    const testAccuracy = accuracy(net, testLoader);
    const seconds = (performance.now() - start) / 1000;
    metrics.push({ epoch, trainLoss: lossSum / batches, testAccuracy, seconds });
    const rate = scheduler === null ? "" : `, lr ${optimizer.paramGroups[0].lr.toPrecision(4)}`;
    log(`epoch ${epoch}: train loss ${(lossSum / batches).toFixed(4)}, test accuracy ${testAccuracy.toFixed(4)}${rate} (${seconds.toFixed(1)} s)`);
    scheduler?.step();
  }
  log(`test accuracy: ${metrics[metrics.length - 1].testAccuracy.toFixed(3)}`);
  const result = { metrics, net, test, options };
  if (save) {
    commitOutputs(options.out, modelAndMetrics(result, options));
    log(`saved ${join(options.out, "model.safetensors")} and ${join(options.out, "metrics.json")}`);
  }
  return result;
}

/** A checkpoint's options, checked as the command line's would be (a file may be damaged or hostile). */
function checkedOptions(saved: TrainOptions, dir: string): TrainOptions {
  const o = (saved ?? {}) as unknown as Record<string, unknown>;
  const bad = (name: string): never => {
    throw new Error(`checkpoint: ${dir}: option ${name} is missing or invalid`);
  };
  const count = (name: string, min: number): number => {
    const v = o[name];
    return typeof v === "number" && Number.isSafeInteger(v) && v >= min ? v : bad(name);
  };
  const lr = o.lr;
  if (typeof lr !== "number" || !(lr > 0) || !Number.isFinite(lr)) bad("lr");
  if (o.terminateOnNan !== undefined && typeof o.terminateOnNan !== "boolean") bad("terminateOnNan");
  if (o.detectAnomaly !== undefined && typeof o.detectAnomaly !== "boolean") bad("detectAnomaly");
  const dataDir = o.dataDir;
  if (dataDir !== undefined && typeof dataDir !== "string") bad("dataDir");
  const gamma = o.lrGamma;
  if (o.lrStepSize !== undefined && (typeof gamma !== "number" || !(gamma > 0) || !Number.isFinite(gamma))) bad("lrGamma");
  return {
    epochs: count("epochs", 1),
    batchSize: count("batchSize", 1),
    lr: lr as number,
    ...(o.lrStepSize === undefined ? {} : { lrStepSize: count("lrStepSize", 1), lrGamma: gamma as number }),
    hidden: count("hidden", 1),
    seed: count("seed", 0),
    dataDir: dataDir as string | undefined,
    out: dir,
    ...(o.checkpointEvery === undefined ? {} : { checkpointEvery: count("checkpointEvery", 1) }),
    ...(o.terminateOnNan === false ? { terminateOnNan: false } : {}),
    ...(o.detectAnomaly === true ? { detectAnomaly: true } : {}),
  };
}

/** Test hooks of `fitMnist`: `afterCheckpoint(step)` runs after each checkpoint (a test throws to stop there). */
export interface TrainHooks {
  afterCheckpoint?: (step: number) => void;
}

/** model.safetensors and metrics.json's bytes, in the order they are committed. */
function modelAndMetrics(result: TrainResult, options: TrainOptions): Map<string, Uint8Array> {
  const tensors: Record<string, SafetensorsTensor> = Object.create(null) as Record<string, SafetensorsTensor>;
  for (const [name, t] of Object.entries(result.net.stateDict())) tensors[name] = { dtype: t.dtype, shape: [...t.shape], data: t.data };
  // a resumed run writes what the uninterrupted one would: its options without --resume
  const metricsJson = JSON.stringify({ options: { ...options, resume: undefined }, epochs: result.metrics }, null, 2) + "\n";
  return new Map([
    ["model.safetensors", serializeSafetensors(tensors, { hidden: String(options.hidden) })],
    ["metrics.json", new TextEncoder().encode(metricsJson)],
  ]);
}

/**
 * `fitMnist` without the pictures' inputs: trains, saves model and metrics, returns the metrics.
 * @example const metrics = trainMnist({ epochs: 1, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out: "runs/x" });
 */
export function trainMnist(options: TrainOptions, log: (line: string) => void = console.log): EpochMetrics[] {
  return fitMnist(options, log).metrics;
}

/**
 * The whole `backprop train` job (what `npm start` runs): `fitMnist`, then model.safetensors,
 * metrics.json, loss.png and predictions.png committed to `options.out` as one unit (`commitOutputs`).
 * @example const { metrics, pictures } = await trainMnistWithPictures(options);
 */
export async function trainMnistWithPictures(options: TrainOptions, log: (line: string) => void = console.log): Promise<TrainResult & { pictures: PicturePaths }> {
  const result = fitMnist(options, log, false);
  options = result.options;
  const files = modelAndMetrics(result, options);
  files.set("loss.png", await lossFigure(result.metrics).toPng());
  files.set("predictions.png", await predictionsFigure(result.net, result.test).toPng());
  commitOutputs(options.out, files);
  const pictures = { loss: join(options.out, "loss.png"), predictions: join(options.out, "predictions.png") };
  log(`saved ${join(options.out, "model.safetensors")} and ${join(options.out, "metrics.json")}`);
  log(`saved ${pictures.loss} and ${pictures.predictions}`);
  return { ...result, pictures };
}

/** `backprop train ...`: exit code 0 on success, 1 when training stopped on a NaN or Inf, 2 on a usage error. */
export async function runTrain(args: string[]): Promise<number> {
  let options: TrainOptions | "help";
  try {
    options = parseTrainArgs(args);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`backprop train: ${error.message}`);
      return 2;
    }
    throw error;
  }
  if (options === "help") {
    console.log(HELP);
    return 0;
  }
  try {
    await trainMnistWithPictures(options);
  } catch (error) {
    // a data folder without the expected files is a usage problem, reported in one line
    if (error instanceof TrainingStopped) {
      console.error(`backprop train: ${error.message}`);
      return 1;
    }
    if (error instanceof OutDirError) {
      console.error(`backprop train: ${error.message}`);
      return 2;
    }
    if (error instanceof Error && /^(mnist|readIdx|checkpoint): /.test(error.message)) {
      console.error(`backprop train: ${error.message.split("\n")[0]}`);
      return 2;
    }
    throw error;
  }
  return 0;
}
