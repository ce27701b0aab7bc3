import { describePickle, NdArray, PickleDict, readPickle, type PickleValue } from "./pickle.ts";

/*
 * CIFAR-10's batch files, from bytes (no files touched here; src/datasets/cifar10.ts finds them):
 * - the binary version: records of 1 label byte + 3072 pixel bytes (1024 red, 1024 green, 1024 blue,
 *   each plane row-major 32 x 32); `batches.meta.txt` lists the class names, one a line;
 * - the python version: pickled dicts (Python 2 cPickle, protocol 2) read through the restricted
 *   reader of ./pickle.ts, then checked to be exactly CIFAR's structure.
 */

/**
 * Pixels per CIFAR image: 3 channels x 32 x 32.
 * @example images.subarray(i * CIFAR_IMAGE_BYTES, (i + 1) * CIFAR_IMAGE_BYTES); // image i, CHW
 */
export const CIFAR_IMAGE_BYTES = 3072;
/**
 * Bytes per record of the binary version: a label byte and the pixels.
 * @example const n = bytes.length / CIFAR_RECORD_BYTES; // 10000 for data_batch_1.bin
 */
export const CIFAR_RECORD_BYTES = 3073;

/**
 * One batch: `n` images of 3072 bytes (CHW) and their labels 0..9.
 * @example
 * const { n, images, labels } = parseCifarBinary(bytes, "data_batch_1.bin");
 */
export interface CifarBatch {
  /** Number of images. */
  n: number;
  /** Pixels, `n * 3072` bytes: image i at `i * 3072`, channel planes R, G, B of 32 x 32. */
  images: Uint8Array;
  /** Labels 0..9, `n` of them. */
  labels: Int32Array;
  /** The batch's `batch_label` (python version only), e.g. "training batch 1 of 5". */
  batchLabel?: string;
  /** The images' `filenames` (python version only). */
  filenames?: string[];
}

/**
 * Parses a batch of CIFAR-10's binary version (`data_batch_1.bin` ...): records of 1 label byte then
 * 3072 pixel bytes. A length that is not a multiple of 3073, or a label above 9, is an error naming
 * `name`.
 * @param bytes the file's contents.
 * @param name how errors name the file (e.g. "data_batch_1.bin").
 * @example
 * const batch = parseCifarBinary(bytes, "test_batch.bin"); // batch.n === 10000
 */
export function parseCifarBinary(bytes: Uint8Array, name: string): CifarBatch {
  if (bytes.length % CIFAR_RECORD_BYTES !== 0) {
    throw new Error(`cifar10: ${name}: length ${bytes.length} is not a multiple of the record size ${CIFAR_RECORD_BYTES} (1 label byte + 3072 pixels)`);
  }
  const n = bytes.length / CIFAR_RECORD_BYTES;
  const images = new Uint8Array(n * CIFAR_IMAGE_BYTES);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = i * CIFAR_RECORD_BYTES;
    const label = bytes[at];
    if (label > 9) throw new Error(`cifar10: ${name}: record ${i} has label ${label}; CIFAR-10 labels are 0..9`);
    labels[i] = label;
    images.set(bytes.subarray(at + 1, at + CIFAR_RECORD_BYTES), i * CIFAR_IMAGE_BYTES);
  }
  return { n, images, labels };
}

/**
 * The class names of the binary version's `batches.meta.txt`: one name a line, blank lines dropped.
 * @example parseCifarMetaText("airplane\nautomobile\n...\n\n"); // ["airplane", "automobile", ...]
 */
export function parseCifarMetaText(bytes: Uint8Array | string, name = "batches.meta.txt"): string[] {
  const text = typeof bytes === "string" ? bytes : new TextDecoder("utf-8").decode(bytes);
  const names = text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== "");
  if (names.length !== 10) throw new Error(`cifar10: ${name}: expected 10 class names, one a line, got ${names.length}`);
  return names;
}

const latin1 = new TextDecoder("latin1");

function asText(v: PickleValue | undefined): string | undefined {
  if (typeof v === "string") return v;
  if (v instanceof Uint8Array) return latin1.decode(v);
  return undefined;
}

function asDict(v: PickleValue, name: string): PickleDict {
  if (!(v instanceof PickleDict)) throw new Error(`cifar10: ${name}: expected a dict, got ${describePickle(v)}`);
  return v;
}

function checkKeys(d: PickleDict, allowed: string[], name: string): void {
  for (const [k] of d.entries) {
    const t = asText(k);
    if (t === undefined) throw new Error(`cifar10: ${name}: dict key ${describePickle(k)} is not a string`);
    if (!allowed.includes(t)) throw new Error(`cifar10: ${name}: unexpected key '${t.length > 60 ? `${t.slice(0, 60)}...` : t}' (a CIFAR-10 batch holds ${allowed.map((a) => `'${a}'`).join(", ")})`);
  }
}

function stringList(v: PickleValue | undefined, key: string, name: string): string[] {
  if (!Array.isArray(v)) throw new Error(`cifar10: ${name}: '${key}' must be a list of strings, got ${describePickle(v)}`);
  return v.map((x, i) => {
    const t = asText(x);
    if (t === undefined) throw new Error(`cifar10: ${name}: '${key}'[${i}] must be a string, got ${describePickle(x)}`);
    return t;
  });
}

/**
 * Parses a batch of CIFAR-10's python version (`data_batch_1` ... `test_batch`): a pickled dict with
 * `data` (uint8 array [N, 3072]), `labels` (a list of N ints 0..9, or an int64 array), and optionally
 * `batch_label` and `filenames`; keys may be Python 2 str or Python 3 str. The pickle goes through the
 * restricted reader (`readPickle`), so nothing in it is executed; any other structure is an error
 * naming `name` and what was found.
 * @param bytes the file's contents.
 * @param name how errors name the file (e.g. "data_batch_1").
 * @example
 * const batch = parseCifarPickle(bytes, "data_batch_1"); // batch.n === 10000, batch.images.length === 30720000
 */
export function parseCifarPickle(bytes: Uint8Array, name: string): CifarBatch {
  const d = asDict(readPickle(bytes, { name: `cifar10: ${name}` }), name);
  checkKeys(d, ["data", "labels", "batch_label", "filenames"], name);
  const data = d.get("data");
  if (!(data instanceof NdArray) || data.dtype !== "uint8" || data.shape.length !== 2 || data.shape[1] !== CIFAR_IMAGE_BYTES) {
    throw new Error(`cifar10: ${name}: 'data' must be a uint8 array of shape [N, 3072], got ${describePickle(data)}`);
  }
  const n = data.shape[0];
  const rawLabels = d.get("labels");
  let values: ArrayLike<PickleValue | bigint>;
  if (Array.isArray(rawLabels)) values = rawLabels;
  else if (rawLabels instanceof NdArray && rawLabels.shape.length === 1) values = rawLabels.data instanceof BigInt64Array ? rawLabels.data : Array.from(rawLabels.data);
  else throw new Error(`cifar10: ${name}: 'labels' must be a list of ${n} ints 0..9, got ${describePickle(rawLabels)}`);
  if (values.length !== n) throw new Error(`cifar10: ${name}: 'labels' holds ${values.length} labels for ${n} images`);
  const labels = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i];
    const x = typeof v === "bigint" ? Number(v) : v;
    if (typeof x !== "number" || !Number.isInteger(x) || x < 0 || x > 9) {
      throw new Error(`cifar10: ${name}: 'labels'[${i}] must be an int 0..9, got ${typeof v === "bigint" ? `int ${v}` : describePickle(v as PickleValue)}`);
    }
    labels[i] = x;
  }
  const batch: CifarBatch = { n, images: data.data as Uint8Array, labels };
  const label = d.get("batch_label");
  if (label !== undefined) {
    const t = asText(label);
    if (t === undefined) throw new Error(`cifar10: ${name}: 'batch_label' must be a string, got ${describePickle(label)}`);
    batch.batchLabel = t;
  }
  const files = d.get("filenames");
  if (files !== undefined) {
    batch.filenames = stringList(files, "filenames", name);
    if (batch.filenames.length !== n) throw new Error(`cifar10: ${name}: 'filenames' holds ${batch.filenames.length} names for ${n} images`);
  }
  return batch;
}

/**
 * The class names in the python version's `batches.meta`: a pickled dict with `label_names` (10
 * strings) and optionally `num_cases_per_batch` and `num_vis` (ints).
 * @example parseCifarMeta(bytes); // ["airplane", "automobile", "bird", ...]
 */
export function parseCifarMeta(bytes: Uint8Array, name = "batches.meta"): string[] {
  const d = asDict(readPickle(bytes, { name: `cifar10: ${name}` }), name);
  checkKeys(d, ["label_names", "num_cases_per_batch", "num_vis"], name);
  for (const key of ["num_cases_per_batch", "num_vis"]) {
    const v = d.get(key);
    if (v !== undefined && (typeof v !== "number" || !Number.isInteger(v))) throw new Error(`cifar10: ${name}: '${key}' must be an int, got ${describePickle(v)}`);
  }
  const names = stringList(d.get("label_names"), "label_names", name);
  if (names.length !== 10) throw new Error(`cifar10: ${name}: 'label_names' must hold 10 names, got ${names.length}`);
  return names;
}
