/**
 * A Keras training process for test/integration/resume_sigkill.test.ts (not a test itself): trains a
 * small model with Dropout, shuffling and Adam, saving `<dir>/ckpt.safetensors` after every batch;
 * when that file exists it resumes from it instead. Ends by writing `<dir>/final.safetensors`. With
 * `stallAt` > 0 it stops after that batch (1-based, counted over the whole run, its checkpoint written),
 * prints `stalled after batch <n>` and waits to be killed (60 s at most).
 * Usage: node --import tsx test/keras/_resume_child.ts <dir> [stallAt]
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import * as bp from "../../src/index.ts";

const { keras } = bp;
const [dir, stallArg = "0"] = process.argv.slice(2);
const stallAt = Number(stallArg);
const ckpt = join(dir, "ckpt.safetensors");

bp.manualSeed(5);
const x = bp.randn(48, 6);
const y = bp.nn.functional.oneHot(bp.randint(0, 3, [48]), 3).to("float32");

let model: bp.keras.Sequential;
let initialEpoch = 0;
if (existsSync(ckpt)) {
  model = keras.models.loadModel(ckpt);
  initialEpoch = model.trainingState!.epoch;
  console.log(`resuming at epoch ${initialEpoch}, batch ${model.trainingState!.batch}`);
} else {
  bp.manualSeed(21);
  model = new keras.Sequential([
    new keras.layers.Dense({ units: 12, inputDim: 6, activation: "relu" }),
    new keras.layers.Dropout(0.25),
    new keras.layers.Dense({ units: 3, activation: "softmax" }),
  ]);
  model.compile({ loss: "categorical_crossentropy", optimizer: new keras.optimizers.Adam({ learningRate: 0.01 }), metrics: ["acc"] });
}
// batches per epoch: 36 training rows (validationSplit 0.25 of 48) in batches of 8
const STEPS = 5;
let epochNow = 0;
const stall = {
  onEpochBegin: (epoch: number): void => {
    epochNow = epoch;
  },
  onBatchEnd: (batch: number): void => {
    if (epochNow * STEPS + batch + 1 !== stallAt) return;
    console.log(`stalled after batch ${stallAt}`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
  },
};
console.log("training");
await model.fit(x, y, {
  epochs: 4, batchSize: 8, verbose: 0, validationSplit: 0.25, initialEpoch,
  callbacks: [new keras.callbacks.ModelCheckpoint({ filepath: ckpt, saveFreq: 1 }), stall],
});
model.saveWeights(join(dir, "final.safetensors"));
console.log(`done ${JSON.stringify(model.history!.history.loss)}`);
