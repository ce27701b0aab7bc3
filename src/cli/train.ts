import { parseArgs } from "node:util";
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import * as bp from "../index.ts";
import { writeFileAtomic } from "../io/files.ts";
import { ProgressLine } from "./progress.ts";
import { type PicturePaths, savePictures } from "./pictures.ts";

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
  --hidden <n>        hidden units (default 128)
  --seed <n>          random seed for init, split and shuffling (default 0)
  --data-dir <dir>    folder of IDX files (full MNIST or Fashion-MNIST) instead of the bundled digits
  --out <dir>         where model.safetensors, metrics.json, loss.png and predictions.png go
                      (default runs/mnist-<time>)
  -h, --help          this help`;

/** The settings of one training run. */
export interface TrainOptions {
  epochs: number;
  batchSize: number;
  lr: number;
  hidden: number;
  seed: number;
  dataDir?: string;
  out: string;
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
}

/** A wrong command line: reported in one line with exit code 2. */
class UsageError extends Error {}

function positiveInt(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--${name} must be a positive integer, got '${value}'`);
  return n;
}

/** Parses `backprop train` arguments; throws a UsageError for anything wrong. */
export function parseTrainArgs(args: string[], now = new Date()): TrainOptions | "help" {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        epochs: { type: "string" },
        "batch-size": { type: "string" },
        lr: { type: "string" },
        hidden: { type: "string" },
        seed: { type: "string" },
        "data-dir": { type: "string" },
        out: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    }));
  } catch (error) {
    // node's messages can run over several lines; the first says what is wrong
    throw new UsageError((error instanceof Error ? error.message : String(error)).split("\n")[0]);
  }
  if (values.help) return "help";
  const lr = Number(values.lr ?? "0.1");
  if (!(lr > 0) || !Number.isFinite(lr)) throw new UsageError(`--lr must be a positive number, got '${values.lr}'`);
  const seed = Number(values.seed ?? "0");
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got '${values.seed}'`);
  const dataDir = values["data-dir"];
  if (dataDir !== undefined && (!existsSync(dataDir) || !statSync(dataDir).isDirectory())) {
    throw new UsageError(`--data-dir '${dataDir}' is not a folder`);
  }
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return {
    epochs: positiveInt("epochs", values.epochs ?? "10"),
    batchSize: positiveInt("batch-size", values["batch-size"] ?? "64"),
    lr,
    hidden: positiveInt("hidden", values.hidden ?? "128"),
    seed,
    dataDir,
    out: values.out ?? join("runs", `mnist-${stamp}`),
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
 * Trains, evaluates after each epoch, saves model.safetensors and metrics.json under `options.out`;
 * returns the metrics, the network and the test set (what `savePictures` draws). Synchronous.
 * @example const { metrics, net, test } = fitMnist({ epochs: 1, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out: "runs/x" });
 */
export function fitMnist(options: TrainOptions, log: (line: string) => void = console.log): TrainResult {
  bp.manualSeed(options.seed);
  const { train, test } = loadData(options);
  const trainLoader = new data.DataLoader(train, { batchSize: options.batchSize, shuffle: true });
  const testLoader = new data.DataLoader(test, { batchSize: 1000 });
  const net = new Net(options.hidden);
  const lossFunction = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(net.parameters(), { lr: options.lr });
  log(`backprop ${bp.backend()} backend: training on ${train.length} images, testing on ${test.length}`);

  const metrics: EpochMetrics[] = [];
  for (let epoch = 1; epoch <= options.epochs; epoch++) {
    const start = performance.now();
    const progress = new ProgressLine();
    let lossSum = 0;
    let batches = 0;
    let seen = 0;
    net.train();
    for (const [images, labels] of trainLoader) {
      optimizer.zeroGrad();
      const loss = lossFunction.forward(net.forward(images), labels);
      loss.backward();
      optimizer.step();
      lossSum += loss.item();
      batches++;
      seen += labels.size(0);
      const rate = seen / ((performance.now() - start) / 1000);
      progress.update(
        `epoch ${epoch}/${options.epochs} [${batches}/${trainLoader.length}] loss ${(lossSum / batches).toFixed(4)} ${Math.round(rate)} samples/s`,
      );
    }
    progress.done();
    net.eval();
    const testAccuracy = accuracy(net, testLoader);
    const seconds = (performance.now() - start) / 1000;
    metrics.push({ epoch, trainLoss: lossSum / batches, testAccuracy, seconds });
    log(`epoch ${epoch}: train loss ${(lossSum / batches).toFixed(4)}, test accuracy ${testAccuracy.toFixed(4)} (${seconds.toFixed(1)} s)`);
  }
  log(`test accuracy: ${metrics[metrics.length - 1].testAccuracy.toFixed(3)}`);
  bp.save(net.stateDict(), join(options.out, "model.safetensors"), { hidden: String(options.hidden) });
  writeFileAtomic(join(options.out, "metrics.json"), JSON.stringify({ options, epochs: metrics }, null, 2) + "\n");
  log(`saved ${join(options.out, "model.safetensors")} and ${join(options.out, "metrics.json")}`);
  return { metrics, net, test };
}

/**
 * `fitMnist` without the pictures' inputs: trains, saves model and metrics, returns the metrics.
 * @example const metrics = trainMnist({ epochs: 1, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out: "runs/x" });
 */
export function trainMnist(options: TrainOptions, log: (line: string) => void = console.log): EpochMetrics[] {
  return fitMnist(options, log).metrics;
}

/**
 * The whole `backprop train` job (what `npm start` runs): `fitMnist`, then `savePictures` beside
 * metrics.json.
 * @example const { metrics, pictures } = await trainMnistWithPictures(options);
 */
export async function trainMnistWithPictures(options: TrainOptions, log: (line: string) => void = console.log): Promise<TrainResult & { pictures: PicturePaths }> {
  const result = fitMnist(options, log);
  const pictures = await savePictures(result, options.out, log);
  return { ...result, pictures };
}

/** `backprop train ...`: exit code 0 on success, 2 on a usage error. */
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
    if (error instanceof Error && /^(mnist|readIdx): /.test(error.message)) {
      console.error(`backprop train: ${error.message.split("\n")[0]}`);
      return 2;
    }
    throw error;
  }
  return 0;
}
