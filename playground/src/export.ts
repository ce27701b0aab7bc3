/**
 * "Export": the backprop TypeScript program that builds and trains the playground's network as it is
 * configured (same data, seed, initialisation, batches, optimizer and loss as the Trainer), runnable as
 * it is with tsx, printing the training and test loss after each epoch.
 */
import { stateToQuery, normalizeState, type Activation, type Feature, type PlaygroundState } from "./state.ts";
import { SAMPLES } from "./trainer.ts";

/**
 * Options of `exportCode`.
 * @example exportCode(DEFAULT_STATE, { epochs: 5, importFrom: "../src/index.ts" });
 */
export interface ExportOptions {
  /** Epochs the program trains (default 50). */
  epochs?: number;
  /** Module specifier of backprop (default "backprop", the package). */
  importFrom?: string;
}

const FEATURE_CODE: Record<Feature, string> = {
  x1: "(x1, _x2) => x1",
  x2: "(_x1, x2) => x2",
  x1Squared: "(x1, _x2) => x1 * x1",
  x2Squared: "(_x1, x2) => x2 * x2",
  x1x2: "(x1, x2) => x1 * x2",
  sinX1: "(x1, _x2) => Math.sin(x1)",
  sinX2: "(_x1, x2) => Math.sin(x2)",
};

const ACTIVATION_CODE: Record<Activation, string> = {
  relu: "new bp.nn.ReLU()",
  tanh: "new bp.nn.Tanh()",
  sigmoid: "new bp.nn.Sigmoid()",
  linear: "new bp.nn.Identity()",
  leakyRelu: "new bp.nn.LeakyReLU(0.01)",
  elu: "new bp.nn.ELU(1)",
  gelu: "new bp.nn.GELU()",
};

function optimizerCode(s: PlaygroundState): string {
  if (s.optimizer === "adam") return `new bp.optim.Adam(model.parameters(), { lr: ${s.learningRate} })`;
  const momentum = s.optimizer === "momentum" ? ", momentum: 0.9" : "";
  return `new bp.optim.SGD(model.parameters(), { lr: ${s.learningRate}${momentum} })`;
}

function penaltyCode(s: PlaygroundState): string {
  if (s.regularization === "none" || s.regularizationRate === 0) return "";
  const term = s.regularization === "l1" ? "l.weight.abs().sum()" : "l.weight.pow(2).sum().mul(0.5)";
  const what = s.regularization === "l1" ? "rate * sum |w|" : "rate * sum w² / 2";
  return `
    // ${s.regularization.toUpperCase()} penalty on the weights (not the biases): ${what}
    for (const l of linears) loss = loss.add(${term}.mul(${s.regularizationRate}));`;
}

/**
 * The program for a state: a self-contained TypeScript file that imports backprop, draws the data set
 * with `datasets.playground`, builds `nn.Sequential` (Linear layers with TF Playground's initialisation,
 * U(-0.5, 0.5) weights and 0.1 biases from `random.RandomState(seed)`), and trains it with half the
 * squared error, printing "epoch N  train loss L  test loss T" after every epoch.
 * @example
 * import { writeFileSync } from "node:fs";
 * writeFileSync("playground.ts", exportCode(DEFAULT_STATE)); // then: npx tsx playground.ts
 */
export function exportCode(state: PlaygroundState, options: ExportOptions = {}): string {
  const s = normalizeState(state);
  const epochs = options.epochs ?? 50;
  if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`exportCode: epochs must be a whole number >= 1, got ${epochs}`);
  const from = options.importFrom ?? "backprop";
  const classification = s.problem === "classification";
  const sizes = [s.features.length, ...s.hidden, 1];
  const layers: string[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(`linears[${i}]`);
    if (i + 2 < sizes.length) layers.push(ACTIVATION_CODE[s.activation]);
  }
  if (classification) layers.push("new bp.nn.Tanh()");
  const n = SAMPLES[s.problem];
  return `// A network exported from the backprop playground, configuration ${stateToQuery(s)}
// Save it as playground.mts (or .ts in a "type": "module" project) and run: npx tsx playground.mts
import * as bp from ${JSON.stringify(from)};

type Point = (x1: number, x2: number) => number;

// Data: ${n} points of "${s.dataset}" (noise ${s.noise}, seed ${s.seed}), the first ${Math.round(s.trainRatio * 100)} % for training.
const data = bp.datasets.playground(${JSON.stringify(s.dataset)}, { n: ${n}, noise: ${s.noise}, seed: ${s.seed} });
const points = data.x.data;
// ${classification ? "Labels 0 / 1 become targets -1 / +1 for the tanh output." : "Regression targets as they are."}
const targets = Float32Array.from(data.y.data, (v) => ${classification ? "2 * v - 1" : "v"});
const nTrain = Math.min(${n - 1}, Math.max(1, Math.round(${n} * ${s.trainRatio})));

// Input features: ${s.features.join(", ")}.
const features: Point[] = [${s.features.map((f) => FEATURE_CODE[f]).join(", ")}];

/** Features [to - from, ${s.features.length}] and targets [to - from, 1] of points from..to. */
function batch(from: number, to: number): [bp.Tensor, bp.Tensor] {
  const x = new Float32Array((to - from) * features.length);
  for (let i = from; i < to; i++) {
    features.forEach((f, j) => { x[(i - from) * features.length + j] = f(points[2 * i], points[2 * i + 1]); });
  }
  return [new bp.Tensor(x, [to - from, features.length]), new bp.Tensor(targets.slice(from, to), [to - from, 1])];
}

// Network: ${sizes.join(" -> ")}, ${s.activation} hidden units, ${classification ? "tanh" : "linear"} output.
const sizes = [${sizes.join(", ")}];
const rs = new bp.random.RandomState(${s.seed});
const linears = sizes.slice(1).map((out, i) => {
  const layer = new bp.nn.Linear(sizes[i], out);
  const w = rs.uniform(-0.5, 0.5, [out, sizes[i]]);
  bp.noGrad(() => {
    layer.weight.data.set(w.data);
    layer.bias?.fill_(0.1);
  });
  return layer;
});
const model = new bp.nn.Sequential(${layers.join(", ")});
const optimizer = ${optimizerCode(s)};

/** Half the mean squared error, TF Playground's loss. */
const halfMse = (output: bp.Tensor, target: bp.Tensor): bp.Tensor => bp.nn.functional.mseLoss(output, target).mul(0.5);

function evaluate(from: number, to: number): number {
  const [x, y] = batch(from, to);
  return bp.noGrad(() => halfMse(model.forward(x), y).item());
}

const batchSize = ${s.batchSize};
for (let epoch = 1; epoch <= ${epochs}; epoch++) {
  for (let from = 0; from < nTrain; from += batchSize) {
    const [x, y] = batch(from, Math.min(nTrain, from + batchSize));
    optimizer.zeroGrad();
    let loss = halfMse(model.forward(x), y);${penaltyCode(s)}
    loss.backward();
    optimizer.step();
  }
  const train = evaluate(0, nTrain);
  const test = evaluate(nTrain, ${n});
  console.log(\`epoch \${epoch}  train loss \${train.toFixed(6)}  test loss \${test.toFixed(6)}\`);
}
`;
}
