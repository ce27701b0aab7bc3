/**
 * Seed 002's Keras lesson, line for line in backprop: linear regression, logistic regression and the
 * two-layer network, trained with compile / fit on seeded synthetic data (the lesson's CSV files are
 * not shipped). Run: `npx tsx examples/keras_seed.ts`.
 */
import * as bp from "../src/index.ts";

const { keras } = bp;

bp.manualSeed(12345);

// features: 4 columns; the regression target is a known linear function of them, plus a little noise
const features = bp.randn(1000, 4);
const target = features.matmul(bp.tensor([[2], [-1], [0.5], [3]])).add(4).add(bp.randn(1000, 1).mul(0.1));

// linear regression: one neuron
let model = new keras.models.Sequential();
model.add(new keras.layers.Dense({ units: 1, inputDim: features.shape[1] }));
model.compile({ loss: "mean_squared_error", optimizer: "sgd" });
await model.fit(features, target, { epochs: 20, verbose: 0 });
const [kernel, bias] = model.getWeights();
console.log("linear regression: weights", (kernel.reshape(-1).toArray() as number[]).map((w) => w.toFixed(2)).join(" "), "bias", bias.item().toFixed(2));

// a binary target: which side of a plane a point lies on
const labels = features.matmul(bp.tensor([[1], [1], [-1], [0.5]])).gt(0).to("float32");
const [featuresTrain, featuresValid] = [features.index("0:750"), features.index("750:")];
const [targetTrain, targetValid] = [labels.index("0:750"), labels.index("750:")];

// logistic regression: the same neuron with a sigmoid, and binary cross-entropy
model = new keras.models.Sequential();
model.add(new keras.layers.Dense({ units: 1, inputDim: featuresTrain.shape[1], activation: "sigmoid" }));
model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
await model.fit(featuresTrain, targetTrain, { epochs: 10, verbose: 0 });
console.log("logistic regression: validation [loss, acc]", (model.evaluate(featuresValid, targetValid, { verbose: 0 }) as number[]).map((v) => v.toFixed(4)).join(", "));

// the two-layer network, printing Keras's epoch lines
model = new keras.models.Sequential();
model.add(new keras.layers.Dense({ units: 10, inputDim: featuresTrain.shape[1], activation: "sigmoid" }));
model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
model.summary();
await model.fit(featuresTrain, targetTrain, { epochs: 10, verbose: 2, validationData: [featuresValid, targetValid] });
