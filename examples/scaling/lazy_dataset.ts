/**
 * docs/scaling.md, data that does not fit in memory: a map-style `data.Dataset` whose `get(i)` reads
 * sample i from disk when the DataLoader asks for it, so only one batch is ever in memory. The file is
 * an IDX file of fixed-size records (MNIST's format; CIFAR's binary batches are fixed-size records too),
 * so sample i is at a known offset and a shuffled epoch is one positioned read per sample.
 *
 *   npx tsx examples/scaling/lazy_dataset.ts [--out runs/scaling]
 *
 * Writes OUT/digits-images.idx and OUT/digits-labels.idx (the 10 000 bundled digits as IDX, 7.9 MB),
 * then trains one epoch from the files and prints how much was read.
 */
import { closeSync, mkdirSync, openSync, readSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as bp from "../../src/index.ts";

const { nn, optim, data } = bp;

/** IDX of unsigned bytes: magic 0x0000080N (N dimensions), the dimensions as big-endian int32, the data. */
function writeIdxBytes(path: string, dims: number[], values: Uint8Array): void {
  const header = new DataView(new ArrayBuffer(4 + 4 * dims.length));
  header.setUint32(0, 0x0800 + dims.length);
  dims.forEach((d, i) => header.setUint32(4 + 4 * i, d));
  writeFileSync(path, Buffer.concat([new Uint8Array(header.buffer), values]));
}

/** Sample i of an images IDX file (28 x 28 bytes) and a labels IDX file, read on demand. */
class IdxOnDisk implements bp.data.Dataset<bp.Tensor[]> {
  readonly length: number;
  bytesRead = 0;
  private readonly images: number;
  private readonly labels: number;
  private readonly pixels = new Uint8Array(784);
  private readonly label = new Uint8Array(1);

  constructor(imagesPath: string, labelsPath: string) {
    this.images = openSync(imagesPath, "r");
    this.labels = openSync(labelsPath, "r");
    const head = new Uint8Array(8);
    readSync(this.labels, head, 0, 8, 0);
    this.length = new DataView(head.buffer).getUint32(4);
  }

  get(i: number): bp.Tensor[] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new Error(`IdxOnDisk.get: index ${i} out of range [0, ${this.length})`);
    this.bytesRead += readSync(this.images, this.pixels, 0, 784, 16 + 784 * i);
    this.bytesRead += readSync(this.labels, this.label, 0, 1, 8 + i);
    const x = Float32Array.from(this.pixels, (v) => (v / 255 - 0.5) / 0.5);
    return [new bp.Tensor(x, [1, 28, 28]), bp.tensor(this.label[0], { dtype: "int32" })];
  }

  close(): void {
    closeSync(this.images);
    closeSync(this.labels);
  }
}

const outIndex = process.argv.indexOf("--out");
const out = outIndex >= 0 ? process.argv[outIndex + 1] : join("runs", "scaling");
if (out === undefined || out === "") throw new Error("lazy_dataset: --out must name a folder");
mkdirSync(out, { recursive: true });

// the bundled digits as IDX files, standing in for a data set bigger than memory
const digits = bp.datasets.loadBundledDigits();
writeIdxBytes(join(out, "digits-images.idx"), [digits.n, 28, 28], Uint8Array.from(digits.images, (v) => Math.round(v * 255)));
writeIdxBytes(join(out, "digits-labels.idx"), [digits.n], Uint8Array.from(digits.labels));

bp.manualSeed(0);
const dataset = new IdxOnDisk(join(out, "digits-images.idx"), join(out, "digits-labels.idx"));
const model = new nn.Sequential({ flatten: new nn.Flatten(), fc1: new nn.Linear(784, 64), relu: new nn.ReLU(), fc2: new nn.Linear(64, 10) });
const lossFunction = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const loader = new data.DataLoader(dataset, { batchSize: 64, shuffle: true });
let batches = 0;
let loss = 0;
for (const [x, y] of loader) {
  optimizer.zeroGrad();
  const l = lossFunction.forward(model.forward(x), y);
  l.backward();
  optimizer.step();
  loss += l.item();
  batches++;
}
dataset.close();
console.log(`one shuffled epoch from disk: ${batches} batches, ${dataset.length} samples, ${(dataset.bytesRead / 1e6).toFixed(2)} MB read ` +
  `by positioned reads, mean loss ${(loss / batches).toFixed(4)}`);
