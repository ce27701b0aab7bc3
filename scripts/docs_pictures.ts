/**
 * Regenerates the README's pictures under docs/ (`npm run docs:pictures`): what `npm start` writes
 * (loss.png, predictions.png) and one figure of each `plot.*` kind, every one from fixed seeds on data
 * that ships with backprop, so that a rerun on the same backend gives the same files.
 *
 *   npm run docs:pictures             # all of them
 *   npm run docs:pictures -- lines    # only the named ones (file names without .png)
 */
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import * as bp from "../src/index.ts";
import { fitMnist } from "../src/cli/train.ts";
import { lossFigure, predictionsFigure } from "../src/cli/pictures.ts";

const { plot, datasets, data, keras, linearModel, neighbors, metrics, modelSelection, nn, optim } = bp;

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DOCS = join(ROOT, "docs");
/** Seed 001's student_scores.csv (Hours, Scores: 25 students), kept as a test fixture. */
const SCORES_CSV = join(ROOT, "test", "fixtures", "student_scores.csv");

/** The bundled MNIST digits as [n, 28, 28] images in [0, 1] and int32 labels. */
function digits(): { images: bp.Tensor; labels: bp.Tensor } {
  const [images, labels] = datasets.mnist().tensors;
  return { images: images.reshape([images.shape[0], 28, 28]), labels };
}

/** The first `perClass` images of each class 0..9, in class order. */
function firstOfEachClass(images: bp.Tensor, labels: bp.Tensor, perClass: number): { picked: bp.Tensor; classes: number[] } {
  const indices: number[] = [];
  const classes: number[] = [];
  for (let c = 0; c < 10; c++) {
    let found = 0;
    for (let i = 0; i < labels.shape[0] && found < perClass; i++) {
      if (labels.data[i] === c) {
        indices.push(i);
        classes.push(c);
        found++;
      }
    }
  }
  return { picked: images.index(indices), classes };
}

/** Each picture: its file name (without .png) and how to draw it. */
const PICTURES: Record<string, () => Promise<bp.plot.Figure> | bp.plot.Figure> = {};

// npm start's two pictures: its job (10 epochs of the seed's network, seed 0), in a scratch folder
let run: ReturnType<typeof fitMnist> | undefined;
function cliRun(): ReturnType<typeof fitMnist> {
  if (run === undefined) {
    const out = mkdtempSync(join(tmpdir(), "backprop-docs-"));
    try {
      run = fitMnist({ epochs: 10, batchSize: 64, lr: 0.1, hidden: 128, seed: 0, out }, () => undefined);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }
  return run;
}
PICTURES.loss = () => lossFigure(cliRun().metrics);
PICTURES.predictions = () => predictionsFigure(cliRun().net, cliRun().test);

// plot.lines: a Keras History with val_ series (a small network on scikit-learn's 8x8 digits)
PICTURES.lines = async () => {
  bp.manualSeed(0);
  const { data: X, target: y } = datasets.loadDigits();
  const model = new keras.models.Sequential();
  model.add(new keras.layers.Dense({ units: 32, inputDim: 64, activation: "relu" }));
  model.add(new keras.layers.Dense({ units: 10, activation: "softmax" }));
  model.compile({ loss: "sparse_categorical_crossentropy", optimizer: new keras.optimizers.SGD({ learningRate: 0.01 }) });
  const history = await model.fit(X.div(16), y, { epochs: 30, batchSize: 32, validationSplit: 0.2, verbose: 0 });
  return plot.lines(history, { title: "Loss", ylabel: "cross-entropy" }); // history.history: {loss, val_loss}
};

// plot.scatter with the fitted line: seed 001's Hours vs Percentage, LinearRegression on its train split
PICTURES.scatter = () => {
  const { data: table } = data.readCsv(SCORES_CSV, { dtype: "float64" });
  const X = table.index(":", "0:1");
  const Y = table.index(":", 1);
  const [XTrain, , YTrain] = modelSelection.trainTestSplit(X, Y, { testSize: 0.2, randomState: 42 });
  const regressor = new linearModel.LinearRegression().fit(XTrain, YTrain);
  const [hours, scores] = [XTrain.reshape([-1]), YTrain];
  return plot.scatter(hours, scores, { line: [regressor.coef!.item(), Number(regressor.intercept)], title: "Hours vs Percentage", xlabel: "Hours Studied", ylabel: "Percentage Score" });
};

// plot.image with a colour bar: one digit, grey and viridis
PICTURES.image = () => {
  const { images, labels } = digits();
  const digit = images.index(0); // [28, 28] in [0, 1]
  return plot.image(digit, { cmap: "gray", colorbar: true, title: `label ${labels.data[0]}` });
};
PICTURES.image_viridis = () => {
  const { images, labels } = digits();
  const digit = images.index(0);
  return plot.image(digit, { cmap: "viridis", colorbar: true, title: `label ${labels.data[0]}` });
};

// plot.imageGrid: two digits of each class
PICTURES.image_grid = () => {
  const { images, labels } = digits();
  const { picked, classes } = firstOfEachClass(images, labels, 2);
  const titles = classes.map(String);
  return plot.imageGrid(picked, { titles, cols: 10, cellSize: 56 });
};

// plot.weightsAsImages: the seed's linear classifier (softmax) after 5 epochs on the bundled digits
PICTURES.weights_as_images = () => {
  const { images, labels } = digits();
  const X = images.reshape([images.shape[0], 784]);
  const clf = new linearModel.LinearClassifier({ loss: "softmax", learningRate: 0.5, batchSize: 256, epochs: 5, randomState: 777 }).fit(X, labels);
  return plot.weightsAsImages(clf.W!, [28, 28], { cellSize: 56 });
};

// plot.decisionBoundary: a small MLP (nn.Sequential) on the playground's moons
PICTURES.decision_boundary = () => {
  bp.manualSeed(0);
  const { x, y } = datasets.playground("moons", { n: 200, noise: 0.15, seed: 0 });
  const model = new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 16), new nn.Tanh(), new nn.Linear(16, 2));
  const optimizer = new optim.Adam(model.parameters(), { lr: 0.02 });
  const lossFunction = new nn.CrossEntropyLoss();
  for (let step = 0; step < 300; step++) {
    optimizer.zeroGrad();
    lossFunction.forward(model.forward(x), y).backward();
    optimizer.step();
  }
  return plot.decisionBoundary(model, x, y, { title: "MLP on moons", width: 360, height: 300 });
};

// plot.confusionMatrix: kNN on scikit-learn's 8x8 digits (seed 001's split)
PICTURES.confusion_matrix = () => {
  const { data: X, target: y } = datasets.loadDigits();
  const [XTrain, XTest, yTrain, yTest] = modelSelection.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });
  const knn = new neighbors.KNeighborsClassifier({ nNeighbors: 5 }).fit(XTrain, yTrain);
  const labels = Array.from({ length: 10 }, (_, i) => i);
  return plot.confusionMatrix(metrics.confusionMatrix(yTest, knn.predict(XTest)), labels, { title: "kNN on digits", cellSize: 36 });
};

// plot.activations: the seed's functions and their derivatives by autograd
PICTURES.activations = () => plot.activations(["sigmoid", "tanh", "relu", "leakyRelu"], { columns: 4 });

async function main(names: string[]): Promise<void> {
  const unknown = names.filter((n) => !(n in PICTURES));
  if (unknown.length > 0) throw new Error(`docs:pictures: unknown picture ${unknown.join(", ")}; known: ${Object.keys(PICTURES).join(", ")}`);
  let total = 0;
  for (const name of names.length > 0 ? names : Object.keys(PICTURES)) {
    const fig = await PICTURES[name]();
    const path = join(DOCS, `${name}.png`);
    await fig.save(path);
    const size = statSync(path).size;
    total += size;
    console.log(`${join("docs", `${name}.png`)}  ${Math.round(fig.width)} x ${Math.round(fig.height)}  ${(size / 1024).toFixed(0)} KB`);
  }
  console.log(`total ${(total / 1024).toFixed(0)} KB (backend ${bp.backend()})`);
}

await main(process.argv.slice(2));
