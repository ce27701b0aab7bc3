/**
 * Trains the playground's network on its data, one optimizer step per batch, and takes snapshots for
 * the page (weights, losses, per-neuron heat maps, per-layer gradient magnitudes). Runs in the Web Worker
 * and in Node; free of the DOM.
 *
 * The loss is TF Playground's: half the squared error, 0.5 * mean((output - target)²), for both problems;
 * classification uses a tanh output neuron and targets -1 / +1 (the data set's labels 0 / 1 mapped), so a
 * loss of 0.5 is a constant 0 output and 0 a perfect fit. Regularisation adds rate * sum |w| (L1) or
 * rate * sum w² / 2 (L2) over the weights (not the biases), TF Playground's penalties; its gradient,
 * rate * sign(w) or rate * w, is added to each weight's gradient after backprop (the same as
 * differentiating the summed loss), so the gradient chart shows the data term, the signal backprop carries.
 */
import * as bp from "../../src/index.ts";
import { featureMatrix, gridPoints } from "./features.ts";
import { Network } from "./network.ts";
import { normalizeState, type PlaygroundState } from "./state.ts";

/**
 * What the page draws after a step.
 * @example const s: Snapshot = new Trainer(DEFAULT_STATE).snapshot(); s.outputGrid.length; // 2500
 */
export interface Snapshot {
  /** Completed passes over the training set. */
  epoch: number;
  /** Optimizer steps taken (batches). */
  steps: number;
  /** 0.5 * mean((output - target)²) over the training / test set (no penalty). */
  trainLoss: number;
  testLoss: number;
  /** Per layer (first hidden .. output): weights [out][in] and biases [out]. */
  weights: number[][][];
  biases: number[][];
  /** Per hidden layer, per neuron: its output at the gridSize² points of `gridPoints(gridSize, domain)`. */
  neuronGrids: Float32Array[][];
  /** The network's output at the same points (tanh: -1..1 for classification). */
  outputGrid: Float32Array;
  gridSize: number;
  /** The plane shown, [-6, 6] on both axes. */
  domain: [number, number];
  /** Mean |dL/dW| per layer (first hidden .. output) at the last step (before any: at the first batch, no step). */
  gradMagnitudes: number[];
  /** Points [x1, x2] and targets (-1 / +1 for classification, the value for regression). */
  train: { x: number[][]; y: number[] };
  test: { x: number[][]; y: number[] };
}

/** The plane the data live on and the heat maps cover. */
export const DOMAIN: [number, number] = [-6, 6];
/** Points drawn for classification / regression, TF Playground's counts. */
export const SAMPLES = { classification: 500, regression: 1200 } as const;

interface Split {
  points: Float32Array;
  features: Float32Array;
  targets: Float32Array;
  n: number;
}

function split(points: Float32Array, targets: Float32Array, from: number, to: number, state: PlaygroundState): Split {
  const p = points.slice(2 * from, 2 * to);
  return { points: p, features: featureMatrix(p, state.features), targets: targets.slice(from, to), n: to - from };
}

function rows(points: Float32Array): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < points.length; i += 2) out.push([points[i], points[i + 1]]);
  return out;
}

function makeOptimizer(state: PlaygroundState, params: bp.nn.Parameter[]): bp.optim.Optimizer {
  if (state.optimizer === "adam") return new bp.optim.Adam(params, { lr: state.learningRate });
  return new bp.optim.SGD(params, { lr: state.learningRate, momentum: state.optimizer === "momentum" ? 0.9 : 0 });
}

/** Fields a running trainer takes in place; any other change needs a new Trainer (new data or weights). */
const HOT = ["learningRate", "regularization", "regularizationRate", "optimizer", "batchSize"] as const;

/**
 * The playground's trainer: data from `datasets.playground` (seeded by `state.seed`), the first
 * `trainRatio` of the shuffled points for training, the network of `Network`, and the optimizer of the state.
 * @example
 * const t = new Trainer({ ...DEFAULT_STATE, hidden: [4, 4], activation: "relu" });
 * t.step(100);
 * console.log(t.snapshot().testLoss);
 */
export class Trainer {
  private current: PlaygroundState;
  private readonly net: Network;
  private optimizer: bp.optim.Optimizer;
  private readonly trainSet: Split;
  private readonly testSet: Split;
  private cursor = 0;
  private passes = 0;
  private batches = 0;
  private grads: number[] | null = null;

  constructor(state: PlaygroundState) {
    this.current = normalizeState(state);
    const s = this.current;
    const data = bp.datasets.playground(s.dataset, { n: SAMPLES[s.problem], noise: s.noise, seed: s.seed });
    const points = data.x.contiguous().data as Float32Array;
    const labels = data.y.contiguous().data;
    const targets = Float32Array.from(labels, (v) => (s.problem === "classification" ? 2 * v - 1 : v));
    const n = labels.length;
    const nTrain = Math.min(n - 1, Math.max(1, Math.round(n * s.trainRatio)));
    this.trainSet = split(points, targets, 0, nTrain, s);
    this.testSet = split(points, targets, nTrain, n, s);
    this.net = new Network(s);
    this.optimizer = makeOptimizer(s, this.net.parameters());
  }

  /** The state this trainer runs (normalised; a copy). */
  get state(): PlaygroundState {
    return { ...this.current, features: [...this.current.features], hidden: [...this.current.hidden] };
  }

  /** Completed passes over the training set. */
  get epoch(): number {
    return this.passes;
  }

  /** Optimizer steps taken so far. */
  get steps(): number {
    return this.batches;
  }

  /** Batches in one pass over the training set (the last one may be short). */
  get batchesPerEpoch(): number {
    return Math.ceil(this.trainSet.n / this.current.batchSize);
  }

  /** The network (its `layers` hold the weights). */
  get network(): Network {
    return this.net;
  }

  /**
   * Takes a change of learning rate, regularisation, optimizer or batch size in place (a new optimizer
   * keeps the weights) and returns true; returns false, changing nothing, when anything else differs
   * (data, features, layers, activation, seed, problem), which needs a new Trainer.
   * @example if (!trainer.update(next)) trainer = new Trainer(next);
   */
  update(state: PlaygroundState): boolean {
    const next = normalizeState(state);
    const cold = (Object.keys(next) as (keyof PlaygroundState)[])
      .filter((k) => !(HOT as readonly string[]).includes(k))
      .some((k) => JSON.stringify(next[k]) !== JSON.stringify(this.current[k]));
    if (cold) return false;
    const optimizerChanged = next.optimizer !== this.current.optimizer;
    this.current = next;
    if (optimizerChanged) this.optimizer = makeOptimizer(next, this.net.parameters());
    for (const g of this.optimizer.paramGroups) g.lr = next.learningRate;
    return true;
  }

  /**
   * Takes `batches` optimizer steps (default: one epoch's worth), walking the training set in order,
   * batch by batch; `epoch` counts the passes completed.
   * @example trainer.step(); trainer.epoch; // 1
   */
  step(batches = this.batchesPerEpoch): void {
    for (let b = 0; b < batches; b++) {
      const from = this.cursor;
      const to = Math.min(this.trainSet.n, from + this.current.batchSize);
      this.optimizer.zeroGrad();
      this.grads = this.backward(from, to);
      this.optimizer.step();
      this.batches++;
      this.cursor = to;
      if (this.cursor >= this.trainSet.n) {
        this.cursor = 0;
        this.passes++;
      }
    }
  }

  /** Loss and gradients of rows [from, to) of the training set; returns mean |dL/dW| per layer of the data term. */
  private backward(from: number, to: number): number[] {
    const k = this.current.features.length;
    const x = new bp.Tensor(this.trainSet.features.slice(from * k, to * k), [to - from, k]);
    const y = new bp.Tensor(this.trainSet.targets.slice(from, to), [to - from, 1]);
    const loss = bp.nn.functional.mseLoss(this.net.forward(x), y).mul(0.5);
    loss.backward();
    const { regularization, regularizationRate: rate } = this.current;
    return this.net.layers.map((layer) => {
      const g = (layer.weight.grad as bp.Tensor).data;
      const w = layer.weight.data;
      let sum = 0;
      for (let i = 0; i < g.length; i++) {
        sum += Math.abs(g[i]);
        if (regularization === "l2") g[i] += rate * w[i];
        else if (regularization === "l1") g[i] += rate * Math.sign(w[i]);
      }
      return g.length === 0 ? 0 : sum / g.length;
    });
  }

  /**
   * The network at one point (x1, x2): every hidden neuron's output and the output, by a forward pass
   * of that point alone (what a hover shows; the heat maps take all points in one pass).
   * @example trainer.evaluate(0, 0).output; // in (-1, 1) for classification
   */
  evaluate(x1: number, x2: number): { hidden: number[][]; output: number } {
    return bp.noGrad(() => {
      const k = this.current.features.length;
      const hidden: bp.Tensor[] = [];
      const out = this.net.forward(new bp.Tensor(featureMatrix([x1, x2], this.current.features), [1, k]), hidden);
      return { hidden: hidden.map((h) => Array.from(h.contiguous().data)), output: out.contiguous().data[0] };
    });
  }

  /**
   * Training and test loss, 0.5 * mean((output - target)²), no penalty.
   * @example const { train, test } = trainer.losses();
   */
  losses(): { train: number; test: number } {
    return bp.noGrad(() => ({ train: this.lossOf(this.trainSet), test: this.lossOf(this.testSet) }));
  }

  private lossOf(set: Split): number {
    const k = this.current.features.length;
    const out = this.net.forward(new bp.Tensor(set.features, [set.n, k])).contiguous().data;
    let sum = 0;
    for (let i = 0; i < set.n; i++) sum += (out[i] - set.targets[i]) ** 2;
    return (0.5 * sum) / set.n;
  }

  /**
   * Everything the page draws; the heat maps come from ONE batched forward pass over the gridSize²
   * points of `gridPoints(gridSize, DOMAIN)` (every neuron's grid is a column of its layer's output).
   * @example trainer.snapshot(50).neuronGrids[0][0].length; // 2500
   */
  snapshot(gridSize = 50): Snapshot {
    if (!Number.isInteger(gridSize) || gridSize < 1) throw new Error(`snapshot: gridSize must be a whole number >= 1, got ${gridSize}`);
    if (this.grads === null) {
      this.grads = this.backward(0, Math.min(this.trainSet.n, this.current.batchSize));
      this.optimizer.zeroGrad();
    }
    return bp.noGrad(() => {
      const k = this.current.features.length;
      const cells = gridSize * gridSize;
      const grid = new bp.Tensor(featureMatrix(gridPoints(gridSize, DOMAIN), this.current.features), [cells, k]);
      const hidden: bp.Tensor[] = [];
      const output = this.net.forward(grid, hidden);
      const neuronGrids = hidden.map((h) => {
        const width = h.shape[1];
        const data = h.contiguous().data;
        return Array.from({ length: width }, (_, j) => {
          const col = new Float32Array(cells);
          for (let i = 0; i < cells; i++) col[i] = data[i * width + j];
          return col;
        });
      });
      const { train, test } = this.losses();
      return {
        epoch: this.passes,
        steps: this.batches,
        trainLoss: train,
        testLoss: test,
        weights: this.net.layers.map((l) => l.weight.toArray() as number[][]),
        biases: this.net.layers.map((l) => (l.bias === null ? [] : (l.bias.toArray() as number[]))),
        neuronGrids,
        outputGrid: Float32Array.from(output.contiguous().data),
        gridSize,
        domain: [DOMAIN[0], DOMAIN[1]],
        gradMagnitudes: [...(this.grads as number[])],
        train: { x: rows(this.trainSet.points), y: Array.from(this.trainSet.targets) },
        test: { x: rows(this.testSet.points), y: Array.from(this.testSet.targets) },
      };
    });
  }
}
