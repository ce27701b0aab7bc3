/**
 * Seed 001's classic machine learning, line for line in backprop: iris z-normalised, split with
 * random_state 42, kNN tuned by GridSearchCV over KFold(3, shuffle, 42) on worker threads, then the
 * seed's two printed scores; then the template (nearest mean) classifier and the seed's linear SVM
 * classifier on the bundled 8x8 digits (CIFAR-10 is not shipped). Run: `npx tsx examples/sklearn_seed.ts`.
 * The first four lines are the ones scikit-learn 1.2 prints for the seed's code.
 */
import * as bp from "../src/index.ts";

const { datasets, preprocessing, modelSelection, neighbors, linearModel, metrics } = bp;

/** A number as numpy prints `np.round(x, 2)`: always with a decimal point (100.0, 96.67). */
function pyRound2(x: number): string {
  const r = Math.round(x * 100) / 100;
  return Number.isInteger(r) ? r.toFixed(1) : String(r);
}

// Download dataset
const iris = datasets.loadIris();
const y = iris.target;
// Z-normalize data
const X = new preprocessing.StandardScaler().fitTransform(iris.data);
const [XTrainNorm, XTestNorm, YTrain, YTest] = modelSelection.trainTestSplit(X, y, { testSize: 0.2, randomState: 42 });

const model = new modelSelection.GridSearchCV({
  estimator: new neighbors.KNeighborsClassifier(),
  cv: new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 42 }),
  paramGrid: {
    nNeighbors: bp.arange(1, 31),
    metric: ["euclidean", "manhattan"],
  },
  scoring: "accuracy",
  nJobs: -1,
});
await model.fit(XTrainNorm, YTrain);

console.log("Metric:", model.bestParams!.metric);
console.log("Num neighbors:", model.bestParams!.nNeighbors);

const YPred = model.predict(XTestNorm);
console.log(`Percent correct predictions ${pyRound2(metrics.accuracyScore(YTest, YPred) * 100)} %`);
console.log(`Percent correct predictions(balanced classes) ${pyRound2(metrics.balancedAccuracyScore(YTest, YPred) * 100)} %`);

// the template classifier: one mean image per class, the nearest template (L1) wins
const digits = datasets.loadDigits();
const [dTrain, dTest, dyTrain, dyTest] = modelSelection.trainTestSplit(digits.data, digits.target, { testSize: 0.25, randomState: 0 });
const templates = new neighbors.NearestCentroid({ metric: "manhattan", centroid: "mean" }).fit(dTrain, dyTrain);
console.log(`Template classifier on digits: accuracy ${templates.score(dTest, dyTest).toFixed(4)}, templates ${templates.centroids!.shape.join("x")}`);

// the seed's linear classifier: bias trick, multiclass SVM loss, minibatch SGD
const scaler = new preprocessing.StandardScaler().fit(dTrain);
const svm = new linearModel.LinearClassifier({ loss: "svm", learningRate: 0.01, epochs: 20, batchSize: 256, randomState: 777 });
svm.fit(scaler.transform(dTrain), dyTrain);
const history = svm.lossHistory;
console.log(
  `Linear SVM classifier on digits: loss ${history[0].toFixed(3)} -> ${history[history.length - 1].toFixed(3)}, ` +
    `accuracy ${svm.score(scaler.transform(dTest), dyTest).toFixed(4)}`,
);
