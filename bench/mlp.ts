/**
 * (a) One training epoch of the seed's MLP: 784-128-10, ReLU, cross-entropy, SGD lr 0.1, batch 64,
 * over the 60 000 Fashion-MNIST training images, preloaded in memory before timing.
 *
 * backprop runs the README's low-level loop (nn.Module + optim.SGD + DataLoader); PyTorch the same
 * model in bench/torch_bench.py (1 and 2 threads); TF.js the same network written with tf.variable,
 * tf.fused.matMul (the kernel tfjs-layers' Dense uses) and tf.train.sgd, on its wasm and cpu backends.
 */
import * as bp from "../src/index.ts";
import { Net } from "../src/cli/train.ts";
import { alternate, now, printTables, type Contender } from "./harness.ts";
import { fashionUnavailable, FASHION_ROOT, type BenchContext, type Workload } from "./context.ts";
import { torchContenders } from "./peers/torch.ts";
import { tfContenders, TFJS_THREADS_NOTE, type Tf, type TfBackend } from "./peers/tfjs.ts";

const { nn, optim, data } = bp;

/** Samples in the Fashion-MNIST training set. */
const TRAIN_SIZE = 60_000;
const BATCH = 64;
/** Batches in one epoch (the last one holds 32 samples). */
const EPOCH_STEPS = Math.ceil(TRAIN_SIZE / BATCH);
const WARMUP_STEPS = 50;
/** Steps per round for TF.js cpu (a fifth of an epoch), scaled to a full epoch. */
const TFJS_CPU_STEPS = 188;
/**
 * Multiply-adds of one training sample, times 2: forward x W1 and h W2, backward dW1, dW2 and dh
 * (the input needs no gradient).
 */
const FLOPS_PER_SAMPLE = 2 * (784 * 128 * 2 + 128 * 10 * 3);

/** Samples seen in the first `steps` batches of an epoch. */
function samplesIn(steps: number): number {
  return Math.min(steps * BATCH, TRAIN_SIZE);
}

/** backprop's low-level loop: `steps` batches of a shuffled epoch, timed as a whole. */
function backpropLoop(steps: number, scale: number): Contender {
  let loader: bp.data.DataLoader<bp.Tensor[]> | undefined;
  const net = new Net();
  const lossFunction = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.1 });
  const run = (steps: number): number => {
    loader ??= new data.DataLoader(bp.datasets.mnist({ root: FASHION_ROOT }), { batchSize: BATCH, shuffle: true });
    const t0 = now();
    let step = 0;
    for (const [images, labels] of loader) {
      if (step++ === steps) break;
      optimizer.zeroGrad();
      const outputs = net.forward(images);
      const loss = lossFunction.forward(outputs, labels);
      loss.backward();
      optimizer.step();
    }
    return now() - t0;
  };
  return {
    label: `backprop (${bp.backend()}), nn.Module + SGD + DataLoader`,
    isBackprop: true,
    warmup: async () => {
      run(WARMUP_STEPS);
    },
    round: async () => ({ epoch: [run(steps) * scale] }),
  };
}

/**
 * The same network and loop in TF.js on the active backend, with its own copy of the data: the layers
 * are tf.fused.matMul with bias (and ReLU), as tfjs-layers' Dense computes them, trained by
 * tf.train.sgd(0.1).minimize. Runs the warm-up steps, then returns a function timing `steps` batches
 * of a shuffled epoch.
 */
function tfjsLoop(tf: Tf, images: Float32Array, labels: Int32Array): (steps: number) => number {
  const x = tf.tensor2d(images, [TRAIN_SIZE, 784]);
  const y = tf.tensor1d(labels, "int32");
  // Linear's init (kaiming-uniform weights, uniform bias in +-1/sqrt(fan_in)), stored [in, out]
  const w1 = tf.variable(tf.randomUniform([784, 128], -1 / 28, 1 / 28, "float32", 1));
  const b1 = tf.variable(tf.randomUniform([128], -1 / 28, 1 / 28, "float32", 2));
  const w2 = tf.variable(tf.randomUniform([128, 10], -1 / Math.sqrt(128), 1 / Math.sqrt(128), "float32", 3));
  const b2 = tf.variable(tf.randomUniform([10], -1 / Math.sqrt(128), 1 / Math.sqrt(128), "float32", 4));
  const opt = tf.train.sgd(0.1);
  const step = (idx: Int32Array): void => {
    tf.tidy(() => {
      const i = tf.tensor1d(idx, "int32");
      const xb = tf.gather(x, i);
      const yb = tf.oneHot(tf.gather(y, i), 10);
      opt.minimize(() => {
        const h = tf.fused.matMul({ a: xb, b: w1, bias: b1, activation: "relu" });
        const logits = tf.fused.matMul({ a: h, b: w2, bias: b2 });
        return tf.losses.softmaxCrossEntropy(yb, logits);
      });
    });
  };
  let seed = 1;
  const run = (steps: number): number => {
    const order = shuffled(TRAIN_SIZE, seed++);
    const t0 = now();
    for (let s = 0; s < steps; s++) step(order.subarray(s * BATCH, Math.min((s + 1) * BATCH, TRAIN_SIZE)));
    return now() - t0;
  };
  run(WARMUP_STEPS);
  return run;
}

/** 0..n-1 in a seeded random order (xorshift32 + Fisher-Yates). */
function shuffled(n: number, seed: number): Int32Array {
  const order = Int32Array.from({ length: n }, (_, i) => i);
  let s = seed * 2654435761 >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    const j = s % (i + 1);
    const t = order[i]; order[i] = order[j]; order[j] = t;
  }
  return order;
}

/** The training images and labels as one tensor each, for the `fit` contenders. */
type Arrays = () => { images: Float32Array; labels: Int32Array };

/**
 * backprop's Keras API on the same network: Dense(128, relu) + Dense(10) on logits,
 * SparseCategoricalCrossentropy({fromLogits}), SGD(0.1), `await model.fit(x, y, {batchSize: 64,
 * shuffle: true, verbose: 0})` over the first `steps` batches' worth of samples (sliced before timing).
 * Its ratio to the low-level loop above is fit's overhead.
 */
function kerasFit(steps: number, scale: number, raw: Arrays): Contender {
  let model: bp.keras.Sequential | undefined;
  let x: bp.Tensor | undefined;
  let y: bp.Tensor | undefined;
  const run = async (steps: number): Promise<number> => {
    if (model === undefined) {
      const { images, labels } = raw();
      x = new bp.Tensor(images, [TRAIN_SIZE, 784]);
      y = new bp.Tensor(labels, [TRAIN_SIZE]);
      model = new bp.keras.Sequential([
        new bp.keras.layers.Dense({ units: 128, inputDim: 784, activation: "relu" }),
        new bp.keras.layers.Dense({ units: 10 }),
      ]);
      model.compile({
        loss: new bp.keras.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
        optimizer: new bp.keras.optimizers.SGD({ learningRate: 0.1 }),
      });
    }
    const n = samplesIn(steps);
    const xs = x!.index(`0:${n}`);
    const ys = y!.index(`0:${n}`);
    const t0 = now();
    await model.fit(xs, ys, { epochs: 1, batchSize: BATCH, shuffle: true, verbose: 0 });
    return now() - t0;
  };
  return {
    label: "backprop keras Sequential.fit (same network, SGD, batch 64)",
    isBackprop: true,
    warmup: async () => {
      await run(WARMUP_STEPS);
    },
    round: async () => ({ epoch: [(await run(steps)) * scale] }),
  };
}

/**
 * TF.js layers (tfjs-layers, its Keras port) on its wasm backend: tf.sequential of dense(128, relu) and
 * dense(10, softmax), sparseCategoricalCrossentropy, sgd(0.1), `await model.fit(x, y, {batchSize: 64,
 * epochs: 1, shuffle: true})` over the same samples.
 */
function tfjsLayersFit(tf: Tf, images: Float32Array, labels: Int32Array, steps: number): () => Promise<number> {
  const n = samplesIn(steps);
  const x = tf.tensor2d(images.subarray(0, n * 784), [n, 784]);
  const y = tf.tensor1d(Float32Array.from(labels.subarray(0, n)));
  const model = tf.sequential({
    layers: [
      tf.layers.dense({ units: 128, inputShape: [784], activation: "relu" }),
      tf.layers.dense({ units: 10, activation: "softmax" }),
    ],
  });
  model.compile({ optimizer: tf.train.sgd(0.1), loss: "sparseCategoricalCrossentropy" });
  let warm = false;
  return async () => {
    if (!warm) {
      // warm-up, not timed: the first fit builds the graph and the wasm kernels
      const w = Math.min(n, WARMUP_STEPS * BATCH);
      await model.fit(x.slice(0, w), y.slice(0, w), { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
      warm = true;
    }
    const t0 = now();
    await model.fit(x, y, { batchSize: BATCH, epochs: 1, shuffle: true, verbose: 0 });
    return now() - t0;
  };
}

async function run(ctx: BenchContext): Promise<void> {
  const missing = fashionUnavailable();
  const steps = ctx.quick ? 150 : EPOCH_STEPS;
  const rounds = ctx.quick ? 2 : 3;
  const scale = TRAIN_SIZE / samplesIn(steps);
  const title = `MLP epoch: 784-128-10 ReLU, cross-entropy, SGD lr 0.1, batch 64, ${TRAIN_SIZE} Fashion-MNIST images`;
  const note = steps === EPOCH_STEPS
    ? `one full epoch of ${steps} steps; GFLOP/s counts the matmuls, ${(FLOPS_PER_SAMPLE * TRAIN_SIZE / 1e9).toFixed(1)} GFLOP per epoch`
    : `${steps} of ${EPOCH_STEPS} steps, times scaled to a full epoch; GFLOP/s counts the matmuls`;
  if (missing !== undefined) {
    console.log("");
    console.log(title);
    console.log(`  every contender: unavailable (${missing})`);
    return;
  }

  ctx.log("  loading Fashion-MNIST for every contender (not timed)");
  // the same pixels for TF.js, read once through backprop's reader
  let cached: { images: Float32Array; labels: Int32Array } | undefined;
  const raw = (): { images: Float32Array; labels: Int32Array } => {
    cached ??= (() => {
      const r = bp.datasets.loadMnistIdx(FASHION_ROOT, "train");
      return { images: r.images, labels: r.labels };
    })();
    return cached;
  };

  const torch = await torchContenders({ workload: "mlp", steps, warmup: WARMUP_STEPS }, false);
  // TF.js cpu takes about 100 ms a step here: a fifth of an epoch per round, scaled, keeps the run short
  const tfSteps = (b: TfBackend): number => (b === "cpu" ? Math.min(steps, TFJS_CPU_STEPS) : steps);
  const tfjs = await tfContenders((tf, b) => {
    const { images, labels } = raw();
    const loop = tfjsLoop(tf, images, labels);
    return () => ({ epoch: [loop(tfSteps(b)) * (TRAIN_SIZE / samplesIn(tfSteps(b)))] });
  }, { suffix: (b) => (tfSteps(b) < EPOCH_STEPS ? `, ${tfSteps(b)} steps scaled` : "") });
  const scaled = (c: Contender): Contender => c.round === undefined ? c : {
    ...c,
    round: async () => {
      const r = await c.round!();
      return { epoch: (r.epoch ?? []).map((t) => t * scale) };
    },
  };
  const tfLayers = (await tfContenders((tf) => {
    const { images, labels } = raw();
    const fit = tfjsLayersFit(tf, images, labels, steps);
    return async () => ({ epoch: [(await fit()) * scale] });
  }, { suffix: () => ", layers fit" })).filter((c) => c.label.includes("wasm"));
  const contenders: Contender[] = [backpropLoop(steps, scale), kerasFit(steps, scale, raw), ...torch.map(scaled), ...tfjs, ...tfLayers];

  const collected = await alternate(contenders, rounds, ctx.log);
  printTables(collected, [{
    key: "epoch",
    title,
    note,
    timeUnit: "s",
    rate: { unit: "GFLOP/s", work: (FLOPS_PER_SAMPLE * TRAIN_SIZE) / 1e9 },
  }], [
    { label: "keras fit rows", text: "their peer/bp is fit's time over backprop's low-level loop (the first row); the issue's bound is < 1.10" },
    { label: "TF.js wasm, 2 threads", text: TFJS_THREADS_NOTE },
  ]);
}

/** The MLP-epoch workload. */
export const mlp: Workload = { name: "mlp", title: "MLP training epoch", run };
