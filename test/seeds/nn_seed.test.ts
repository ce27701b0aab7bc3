/**
 * Seed 003's code that goes through nn, optim and data, line for line: the linear regression with
 * nn.MSELoss + optim.SGD, and the MNIST notebook's Net, batches, accuracy and predictions.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as bp from "../../src/index.ts";

const { nn, optim, data } = bp;
const fixture = JSON.parse(readFileSync(new URL("../fixtures/autograd_seed.json", import.meta.url), "utf8")) as {
  sgd_nn: { lr: number; trajectory: { w: number; loss: number }[]; after: number[] };
};

test("003 102 steps with nn.MSELoss and optim.SGD follow PyTorch's trajectory", () => {
  const X = bp.tensor([1, 2, 3, 4]);
  const Y = bp.tensor([2, 4, 6, 8]);
  const W = bp.tensor(1.0, { requiresGrad: true });
  const forward = (x: bp.Tensor): bp.Tensor => W.mul(x);
  const loss = new nn.MSELoss();
  const optimizer = new optim.SGD([W], { lr: fixture.sgd_nn.lr });
  for (let epoch = 0; epoch < 102; epoch++) {
    const MSE = loss.forward(Y, forward(X));
    MSE.backward();
    optimizer.step();
    optimizer.zeroGrad();
    const expected = fixture.sgd_nn.trajectory[epoch];
    assert.ok(Math.abs(W.item() - expected.w) <= 1e-6 * Math.abs(expected.w), `epoch ${epoch}: w ${W.item()} vs ${expected.w}`);
    assert.ok(Math.abs(MSE.item() - expected.loss) <= 1e-5 * expected.loss + 1e-12, `epoch ${epoch}: loss ${MSE.item()} vs ${expected.loss}`);
  }
  const after = bp.noGrad(() => forward(X)).toArray() as number[];
  after.forEach((v, i) => assert.ok(Math.abs(v - fixture.sgd_nn.after[i]) < 1e-5));
});

class Net extends nn.Module {
  fc1 = new nn.Linear(28 * 28, 128);
  fc2 = new nn.Linear(128, 10);

  override forward(x: bp.Tensor): bp.Tensor {
    x = x.view(-1, 28 * 28);
    x = this.fc1.forward(x);
    x = nn.functional.relu(x);
    x = this.fc2.forward(x);
    return x;
  }
}

function calculateAccuracy(model: bp.nn.Module, dataloader: Iterable<bp.Tensor[]>): number {
  let correct = 0;
  let total = 0;
  bp.noGrad(() => {
    for (const [images, labels] of dataloader) {
      const outputs = model.forward(images);
      const { indices: predicted } = bp.max(outputs, 1);
      total += labels.size(0);
      correct += predicted.eq(labels).sum().item();
    }
  });
  return correct / total;
}

test("003 MNIST notebook: Net, DataLoader(64, shuffle), CrossEntropyLoss, SGD, accuracy, predictions", () => {
  bp.manualSeed(0);
  const digits = bp.datasets.mnist();
  const [images, labels] = digits.tensors;
  const normalized = new data.TensorDataset(data.transforms.normalize([0.5], [0.5])(images), labels);
  const [trainset, testset] = data.randomSplit(normalized, [8000, 2000]);
  const trainloader = new data.DataLoader(trainset, { batchSize: 64, shuffle: true });
  const testloader = new data.DataLoader(testset, { batchSize: 64, shuffle: false });

  const net = new Net();
  assert.deepEqual(net.namedParameters().map(([name]) => name), ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]);
  const lossFunction = new nn.CrossEntropyLoss();
  const optimizer = new optim.SGD(net.parameters(), { lr: 0.1 });
  const before = calculateAccuracy(net, testloader);

  const lossHist: number[] = [];
  for (let ep = 0; ep < 2; ep++) {
    let histLoss = 0;
    for (const [batchImages, batchLabels] of trainloader) {
      optimizer.zeroGrad();
      const outputs = net.forward(batchImages);
      const loss = lossFunction.forward(outputs, batchLabels);
      loss.backward();
      optimizer.step();
      histLoss += loss.item();
    }
    lossHist.push(histLoss / trainloader.length);
  }
  assert.ok(lossHist[1] < lossHist[0], `loss falls: ${lossHist}`);
  const after = calculateAccuracy(net, testloader);
  assert.ok(before < 0.3 && after > 0.85, `accuracy ${before} -> ${after}`);

  // images, classes = next(iter(testloader)); outputs = net.forward(images); images[:10] ...
  const [batch] = testloader;
  const [testImages] = batch;
  assert.deepEqual(testImages.shape, [64, 1, 28, 28]);
  const outputs = bp.noGrad(() => net.forward(testImages));
  assert.deepEqual(outputs.shape, [64, 10]);
  const firstTen = testImages.reshape([64, 28, 28]).narrow(0, 0, 10);
  assert.deepEqual(firstTen.shape, [10, 28, 28]);
  const digitsPredicted = outputs.narrow(0, 0, 10).detach().argmax(1);
  assert.deepEqual(digitsPredicted.shape, [10]);
  assert.equal(digitsPredicted.dtype, "int32");
});
