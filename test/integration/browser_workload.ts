/**
 * What the Chromium test runs on a page with the whole library loaded through its browser entry
 * (src/index.browser.ts, bundled by esbuild): a scikit-learn-style fit and a cross-validation on iris,
 * IDX bytes made on the page (plain and gzip) through `io.toBytes` from a Blob, a File, a Response and a
 * data: URL (and an http URL of the test's server, where given), a safetensors round trip, and a few
 * Keras fit steps, and a line plot rendered to SVG and PNG (decoded back). `workload()` runs the same in Node,
 * and the test compares the numbers. `browserErrors()` collects what the file-path functions say
 * where there is no Node.
 */
import { gzipSync } from "fflate";
import * as bp from "../../src/index.browser.ts";
import { backendReady } from "../../src/backend/registry.ts";

/** What `workload()` reports. */
export interface WorkloadResult {
  backend: string;
  /** KNeighborsClassifier(k = 5) fitted on iris: its predictions for every 10th sample, and its accuracy on all. */
  knnPredictions: number[];
  knnAccuracy: number;
  /** 5-fold cross-validated accuracy of the same classifier on iris. */
  cvScores: number[];
  /** IDX bytes made here, read back through every input toBytes takes: shape, dtype and values each time. */
  idx: { via: string; dtype: string; shape: number[]; values: number[] }[];
  /** A safetensors round trip of a float32 tensor. */
  safetensors: number[];
  /** The losses per epoch of a small Keras Sequential fitted for 3 epochs, and its predictions for 3 samples. */
  kerasLoss: number[];
  kerasPredictions: number[];
  /** A line plot: whether its SVG holds the title, and its PNG (scale 1) decoded: size and a checksum of the pixels. */
  plot: { svgHasTitle: boolean; shape: number[]; pixelSum: number; pixelHash: number };
}

/** A big-endian IDX file of int16 values of shape [2, 3], built by hand. */
function idxBytes(): Uint8Array<ArrayBuffer> {
  const values = [1, -2, 300, -32768, 32767, 0];
  const out = new Uint8Array(8 + 4 + 2 * values.length);
  const view = new DataView(out.buffer);
  out.set([0, 0, 0x0b, 2]);
  view.setUint32(4, 2);
  view.setUint32(8, 3);
  values.forEach((v, i) => view.setInt16(12 + 2 * i, v));
  return out;
}

function base64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

/** The IDX file the test's server serves at `/labels-idx1-ubyte.gz`: uint8 labels 0..9 twice, gzipped. */
export function servedIdx(): Uint8Array {
  const plain = new Uint8Array([0, 0, 0x08, 1, 0, 0, 0, 20, ...Array.from({ length: 20 }, (_, i) => i % 10)]);
  return gzipSync(plain);
}

/**
 * Runs the workload once the backend is settled (a page's main thread compiles the wasm module
 * asynchronously); `origin` is the test server's, which serves {@link servedIdx}.
 */
export async function workload(origin?: string): Promise<WorkloadResult> {
  await backendReady;
  const iris = bp.datasets.loadIris();
  const knn = new bp.neighbors.KNeighborsClassifier({ nNeighbors: 5 }).fit(iris.data, iris.target);
  const every10th = bp.arange(0, 150, 10, { dtype: "int32" });
  const knnPredictions = Array.from(knn.predict(iris.data.index(every10th)).data, Number);
  const knnAccuracy = bp.metrics.accuracyScore(iris.target, knn.predict(iris.data));
  const cvScores = await bp.modelSelection.crossValScore(new bp.neighbors.KNeighborsClassifier({ nNeighbors: 5 }), iris.data, iris.target, { cv: 5 });

  const plain = idxBytes();
  const gz = gzipSync(plain);
  const inputs: [string, bp.io.BytesInput][] = [
    ["Uint8Array", plain], ["gzip Uint8Array", gz], ["Blob", new Blob([gz])], ["File", new File([plain], "x-idx2-int16")],
    ["Response", new Response(gz)], ["data: URL", new URL(`data:application/octet-stream;base64,${base64(gz)}`)],
  ];
  if (origin !== undefined) inputs.push(["http URL", new URL("/labels-idx1-ubyte.gz", origin)]);
  const idx: WorkloadResult["idx"] = [];
  for (const [via, input] of inputs) {
    const { dtype, shape, data } = bp.data.parseIdx(await bp.io.toBytes(input), via);
    idx.push({ via, dtype, shape, values: Array.from(data) });
  }

  const saved = bp.io.serializeSafetensors({ w: { dtype: "float32", shape: [2, 2], data: new Float32Array([0.5, -1, 2.25, 3]) } });
  const safetensors = Array.from(bp.io.parseSafetensors(saved).tensors.w.data as Float32Array);

  bp.manualSeed(0);
  const x = bp.rand([64, 4]);
  const y = x.matmul(bp.tensor([[1], [-2], [0.5], [1]])).gt(0).to("float32");
  const model = new bp.keras.models.Sequential();
  model.add(new bp.keras.layers.Dense({ units: 8, inputDim: 4, activation: "relu" }));
  model.add(new bp.keras.layers.Dense({ units: 1, activation: "sigmoid" }));
  model.compile({ loss: "binary_crossentropy", optimizer: "adam", metrics: ["acc"] });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, shuffle: false });
  const kerasPredictions = Array.from((model.predict(x.index("0:3")) as bp.Tensor).data, Number);

  // a page hands the rasteriser its wasm and font (the test's server serves both); Node finds them itself
  const inNode = (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node !== undefined;
  if (!inNode && origin !== undefined) {
    bp.plot.configure({ resvgWasm: new URL("/resvg.wasm", origin), font: await bp.io.toBytes(new URL("/DejaVuSans.ttf", origin)) });
  }
  const fig = bp.plot.lines({ loss: [1, 0.5, 0.3, 0.25], val_loss: [1.1, 0.7, 0.6, 0.55] }, { title: "Loss per epoch" });
  const pixels = bp.data.decodeImage(await fig.toPng({ scale: 1 }));
  let pixelSum = 0, pixelHash = 0;
  for (const v of pixels.data) {
    pixelSum += v;
    pixelHash = (Math.imul(pixelHash, 31) + v) | 0;
  }
  const plot = { svgHasTitle: fig.svg.includes("Loss per epoch"), shape: [...pixels.shape], pixelSum, pixelHash };

  return {
    backend: bp.backend(), knnPredictions, knnAccuracy, cvScores, idx, safetensors,
    kerasLoss: history.history.loss, kerasPredictions, plot,
  };
}

/** What each function that needs a file path says on a page (no Node): `[call, message]`. */
export function browserErrors(): [string, string][] {
  const calls: [string, () => unknown][] = [
    ["data.readIdx", () => bp.data.readIdx("train-labels-idx1-ubyte")],
    ["io.load", () => bp.io.load("model.safetensors")],
    ["io.writeSafetensorsFile", () => bp.io.writeSafetensorsFile("w.safetensors", {})],
    ["datasets.mnist", () => bp.datasets.mnist()],
    ["datasets.loadMnistIdx", () => bp.datasets.loadMnistIdx("data", "train")],
    ["keras.callbacks.CSVLogger", () => new bp.keras.callbacks.CSVLogger("log.csv").onTrainBegin()],
    ["data.readCsv", () => bp.data.readCsv("scores.csv")],
    ["data.readImage", () => bp.data.readImage("digit.png")],
    ["data.writeImage", () => bp.data.writeImage("digit.png", bp.zeros([2, 2]))],
    ["datasets.fashionMnist", () => bp.datasets.fashionMnist({ root: "data" })],
  ];
  return calls.map(([name, call]) => {
    try {
      call();
      return [name, "no error"];
    } catch (err) {
      return [name, err instanceof Error ? err.message : String(err)];
    }
  });
}
