import { Tensor } from "../tensor/tensor.ts";
import { TensorDataset } from "../data/dataset.ts";
import { nodeBuiltin } from "../backend/platform.ts";
import { progressBar } from "../data/progress.ts";
import { readTar, readTarFile, type TarEntry } from "../data/archive.ts";
import { CIFAR_IMAGE_BYTES, parseCifarBinary, parseCifarMeta, parseCifarMetaText, parseCifarPickle, type CifarBatch } from "../data/cifar.ts";

/**
 * Where `cifar10()` reads CIFAR-10 from, and which half.
 * @example
 * const options: Cifar10Options = { archive: "data/cifar-10-python.tar.gz", train: false, verbose: false };
 */
export interface Cifar10Options {
  /**
   * A folder holding `cifar-10-batches-py/` (the python version, as torchvision unpacks it) or
   * `cifar-10-batches-bin/` (the binary version), or that folder itself.
   */
  root?: string;
  /**
   * `cifar-10-python.tar.gz` or `cifar-10-binary.tar.gz` (a path, or the archive's bytes), read straight
   * from the archive without unpacking it.
   */
  archive?: string | Uint8Array | ArrayBuffer;
  /** The 50 000 training images (data_batch_1..5, default true) or the 10 000 test images (test_batch). */
  train?: boolean;
  /** Show a progress bar on a terminal (default true; never shown when stderr is not a terminal). */
  verbose?: boolean;
}

type Format = "python" | "binary";
const FOLDERS: Record<Format, string> = { python: "cifar-10-batches-py", binary: "cifar-10-batches-bin" };
const MAX_FILE = 64 * 1024 * 1024; // a real batch is 30.7 MB (binary) or 31.0 MB (python)
// The real archives unpack to about 186 MB of tar; batches re-saved by Python 3's protocol 2 grow to
// 46 MB each (280 MB). Reading stops with an error past what 7 files of MAX_FILE need (a gzip bomb).
const MAX_ARCHIVE = 8 * MAX_FILE;

function batchNames(format: Format, train: boolean): string[] {
  const base = train ? ["data_batch_1", "data_batch_2", "data_batch_3", "data_batch_4", "data_batch_5"] : ["test_batch"];
  return format === "binary" ? base.map((b) => `${b}.bin`) : base;
}
function metaName(format: Format): string {
  return format === "binary" ? "batches.meta.txt" : "batches.meta";
}

/**
 * CIFAR-10 as a data set of `images` (float32 [N, 3, 32, 32], values 0..255 as stored; scale with
 * `transforms` as you need) and int32 `labels` [N], with the class names in `classes`. Sample `i` is
 * `[images[i], labels[i]]` (`get(i)`), and `DataLoader` batches it like any `TensorDataset`.
 * @example
 * const train = bp.datasets.cifar10({ archive: "data/cifar-10-python.tar.gz" });
 * const [image, label] = train.get(0);        // [3, 32, 32] and a 0-d int32 tensor
 * train.classes[label.item()];                // "frog"
 */
export class CIFAR10 extends TensorDataset {
  /** The images, float32 [N, 3, 32, 32] with values 0..255. */
  readonly images: Tensor;
  /** The labels, int32 [N], 0..9. */
  readonly labels: Tensor;
  /** The 10 class names, from batches.meta / batches.meta.txt ("airplane", "automobile", ...). */
  readonly classes: string[];

  constructor(images: Tensor, labels: Tensor, classes: string[]) {
    super(images, labels);
    this.images = images;
    this.labels = labels;
    this.classes = classes;
  }
}

/**
 * Reads CIFAR-10 (the python version the seeds download, `cifar-10-python.tar.gz`, or the binary
 * version) from a folder or straight from the archive. The python batches are pickles and go through
 * a restricted reader that accepts only CIFAR's structure and never executes anything.
 * @param options `root` or `archive` (one of them), `train` (default true), `verbose` (default true).
 * @returns a `CIFAR10` data set: `images` [N, 3, 32, 32] float32 0..255, `labels` int32 [N], `classes`.
 * @example
 * const test = bp.datasets.cifar10({ root: "data", train: false });   // data/cifar-10-batches-py/test_batch
 * const loader = new bp.data.DataLoader(test, { batchSize: 100 });
 */
export function cifar10(options: Cifar10Options = {}): CIFAR10 {
  const train = options.train !== false;
  if ((options.root === undefined) === (options.archive === undefined)) {
    throw new Error("cifar10: give exactly one of root (a folder) or archive (a .tar.gz path or its bytes)");
  }
  const { batches, classes } = options.root !== undefined ? fromRoot(options.root, train, options.verbose) : fromArchive(options.archive!, train, options.verbose);
  let n = 0;
  for (const b of batches) n += b.n;
  const images = new Float32Array(n * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(n);
  let at = 0;
  for (const b of batches) {
    images.set(b.images, at * CIFAR_IMAGE_BYTES);
    labels.set(b.labels, at);
    at += b.n;
  }
  return new CIFAR10(new Tensor(images, [n, 3, 32, 32]), new Tensor(labels, [n]), classes);
}

function parse(format: Format, bytes: Uint8Array, name: string): CifarBatch {
  return format === "binary" ? parseCifarBinary(bytes, name) : parseCifarPickle(bytes, name);
}
function parseMeta(format: Format, bytes: Uint8Array, name: string): string[] {
  return format === "binary" ? parseCifarMetaText(bytes, name) : parseCifarMeta(bytes, name);
}

function fromRoot(root: string, train: boolean, verbose: boolean | undefined): { batches: CifarBatch[]; classes: string[] } {
  const fs = nodeBuiltin<typeof import("node:fs")>("node:fs");
  const path = nodeBuiltin<typeof import("node:path")>("node:path");
  if (fs === null || path === null) throw new Error("cifar10: root needs Node's fs; in a browser pass archive as bytes");
  const isFile = (p: string): boolean => {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  };
  let found: { dir: string; format: Format } | null = null;
  for (const dir of [path.join(root, FOLDERS.python), path.join(root, FOLDERS.binary), root]) {
    for (const format of ["python", "binary"] as const) {
      const any = [...batchNames(format, true), ...batchNames(format, false), metaName(format)];
      if (found === null && any.some((b) => isFile(path.join(dir, b)))) found = { dir, format };
    }
  }
  if (found === null) {
    throw new Error(
      `cifar10: ${root}: no CIFAR-10 batches found (looked for ${FOLDERS.python}/ and ${FOLDERS.binary}/ in it, and for data_batch_1, test_batch or batches.meta, with or without .bin, in it)`,
    );
  }
  const { dir, format } = found;
  const names = [...batchNames(format, train), metaName(format)];
  const bar = progressBar(`cifar10: reading ${dir}`, names.length, { verbose });
  const read = (name: string): Uint8Array => {
    const file = path.join(dir, name);
    let size: number;
    try {
      const st = fs.statSync(file);
      if (!st.isFile()) throw new Error("not a file");
      size = st.size;
    } catch {
      throw new Error(`cifar10: ${file}: file does not exist (the ${format} version needs ${names.join(", ")})`);
    }
    if (size > MAX_FILE) throw new Error(`cifar10: ${file}: ${size} bytes is more than a CIFAR-10 batch holds (at most ${MAX_FILE})`);
    const bytes = new Uint8Array(fs.readFileSync(file));
    bar.tick();
    return bytes;
  };
  try {
    const batches = batchNames(format, train).map((b) => parse(format, read(b), b));
    const meta = metaName(format);
    const classes = parseMeta(format, read(meta), meta);
    return { batches, classes };
  } finally {
    bar.done();
  }
}

function fromArchive(archive: string | Uint8Array | ArrayBuffer, train: boolean, verbose: boolean | undefined): { batches: CifarBatch[]; classes: string[] } {
  const label = typeof archive === "string" ? archive : "archive";
  const wanted = new Set<string>();
  for (const format of ["python", "binary"] as const) for (const n of [...batchNames(format, train), metaName(format)]) wanted.add(n);
  const base = (name: string): string => name.slice(name.lastIndexOf("/") + 1);
  const complete = (entries: TarEntry[], format: Format): boolean => {
    const have = new Set(entries.map((e) => base(e.name)));
    return [...batchNames(format, train), metaName(format)].every((n) => have.has(n));
  };
  let bar: ReturnType<typeof progressBar> | null = null;
  let last = 0;
  const options = {
    name: `cifar10: ${label}`,
    maxBytes: MAX_ARCHIVE,
    maxEntryBytes: MAX_FILE,
    select: (name: string) => wanted.has(base(name)),
    done: (entries: TarEntry[]) => complete(entries, "python") || complete(entries, "binary"),
    onProgress: (consumed: number, total: number) => {
      bar ??= progressBar(`cifar10: reading ${label}`, total, { verbose });
      bar.tick(consumed - last);
      last = consumed;
    },
  };
  let entries: TarEntry[];
  try {
    entries = typeof archive === "string" ? readTarFile(archive, options) : readTar(archive instanceof Uint8Array ? archive : new Uint8Array(archive), options);
  } finally {
    (bar as ReturnType<typeof progressBar> | null)?.done();
  }
  const format: Format | null = complete(entries, "python") ? "python" : complete(entries, "binary") ? "binary" : null;
  if (format === null) {
    const have = entries.map((e) => e.name);
    throw new Error(
      `cifar10: ${label}: the archive lacks CIFAR-10's ${train ? "training" : "test"} batches (the python version needs ${[...batchNames("python", train), metaName("python")].join(", ")}; the binary version ${[...batchNames("binary", train), metaName("binary")].join(", ")}; found ${have.length === 0 ? "none of them" : have.slice(0, 3).map((n) => (n.length > 60 ? `...${n.slice(-60)}` : n)).join(", ") + (have.length > 3 ? `, ... (${have.length})` : "")})`,
    );
  }
  const byName = new Map<string, Uint8Array>();
  for (const e of entries) {
    const b = base(e.name);
    if (byName.has(b)) throw new Error(`cifar10: ${label}: the archive holds two entries named ${b}`);
    byName.set(b, e.data);
  }
  entries.length = 0;
  const batches = batchNames(format, train).map((b) => {
    const batch = parse(format, byName.get(b)!, b);
    byName.delete(b); // the raw file is no longer needed
    return batch;
  });
  const meta = metaName(format);
  return { batches, classes: parseMeta(format, byName.get(meta)!, meta) };
}
