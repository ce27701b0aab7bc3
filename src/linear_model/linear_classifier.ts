import { Tensor } from "../tensor/tensor.ts";
import { ones, oneHot } from "../tensor/creation.ts";
import { checkArray, checkTarget, type ArrayInput } from "../base/estimator.ts";
import { ClassifierMixin } from "../base/mixins.ts";
import { cat } from "../ops/join.ts";
import { RandomState } from "../random/random_state.ts";
import { decodeLabels, encodeLabels } from "./linear_base.ts";

/** X with a column of ones appended (the bias trick): [samples, features + 1]. */
function withBias(x: Tensor): Tensor {
  return cat([x, ones([x.shape[0], 1], { dtype: x.dtype })], 1);
}

/** Parameters of {@link LinearClassifier}. */
export type LinearClassifierParams = {
  /** "svm" (multiclass hinge, default) or "softmax" (cross-entropy). */
  loss: "svm" | "softmax";
  /** null (default), "l2" (Σ W²), "l1" (Σ |W|) or "elasticnet" (l1Ratio Σ |W| + (1 - l1Ratio) Σ W²), over the whole W. */
  penalty: "l2" | "l1" | "elasticnet" | null;
  /** Weight α of the penalty in the loss; default 0. */
  alpha: number;
  /** Share of L1 in "elasticnet"; default 0.5. */
  l1Ratio: number;
  /** Step of W -= learningRate * grad; default 1e-8 (the seed's `fit(..., learning_rate = 1e-8)`, sized for raw 0..255 pixels). */
  learningRate: number;
  /** Samples per minibatch; default 256. */
  batchSize: number;
  /** Passes over the (reshuffled) data per fit; default 1. */
  epochs: number;
  /** Seed of the initial W and of the shuffles (numpy's legacy generator); default 777. */
  randomState: number;
};

/**
 * The seed's linear classifier trained by minibatch SGD, with the bias trick: scores = [x, 1] W with
 * W of shape [features + 1, classes] (its last row is the bias), initialised as
 * `RandomState(randomState).randn(features + 1, classes) * 0.0001` (numpy's `np.random.seed(777);
 * np.random.randn(...) * 0.0001`, so it starts from the seed's very weights).
 * Loss on a batch of N samples, plus α R(W) over the whole W:
 *   svm:     L = 1/N Σ_i Σ_{j ≠ y_i} max(0, s_j - s_{y_i} + 1)
 *   softmax: L = 1/N Σ_i -log(e^{s_{y_i}} / Σ_j e^{s_j})
 * Vectorised gradients: svm dL/dW = Xᵀ M / N with M_ij = 1[margin_ij > 0] for j ≠ y_i and
 * M_{i y_i} = -Σ_j 1[margin_ij > 0]; softmax dL/dW = Xᵀ (softmax(S) - Y) / N; R's gradient 2W (l2),
 * sign(W) (l1). `fit` initialises W, then for each epoch shuffles the samples (the same generator) and
 * steps W -= learningRate * grad on each batch; `lossHistory` holds the loss of every batch (one
 * entry per step, penalty included). `predict` = the class of the largest score.
 * Labels are numbers; `classes` holds them sorted and W's columns follow that order.
 * @example
 * const clf = new linearModel.LinearClassifier({ loss: "softmax", learningRate: 1e-3, epochs: 10 }).fit(XTrain, yTrain);
 * clf.W!.shape;        // [features + 1, classes]
 * clf.lossHistory;     // one loss per minibatch
 * clf.predict(XTest);
 */
export class LinearClassifier extends ClassifierMixin<LinearClassifierParams> {
  /** The weights with the bias as the last row, [features + 1, classes]; null before fit (or set it to use lossAndGrad). */
  W: Tensor | null = null;
  /** The distinct labels seen by fit, ascending (float64); null before fit. */
  classes: Tensor | null = null;
  /** The loss of each minibatch step of the last fit (penalty included); empty before fit. */
  lossHistory: number[] = [];

  constructor(options: Partial<LinearClassifierParams> = {}) {
    super({ loss: "svm", penalty: null, alpha: 0, l1Ratio: 0.5, learningRate: 1e-8, batchSize: 256, epochs: 1, randomState: 777 }, options);
  }

  protected override checkParams(): void {
    const { loss, penalty, alpha, l1Ratio, learningRate, batchSize, epochs, randomState } = this.params;
    if (loss !== "svm" && loss !== "softmax") throw new Error(`LinearClassifier: loss must be "svm" or "softmax", got ${JSON.stringify(loss)}`);
    if (penalty !== "l2" && penalty !== "l1" && penalty !== "elasticnet" && penalty !== null) throw new Error(`LinearClassifier: penalty must be "l2", "l1", "elasticnet" or null, got ${JSON.stringify(penalty)}`);
    if (typeof alpha !== "number" || !(alpha >= 0)) throw new Error(`LinearClassifier: alpha must be a number >= 0, got ${String(alpha)}`);
    if (typeof l1Ratio !== "number" || !(l1Ratio >= 0 && l1Ratio <= 1)) throw new Error(`LinearClassifier: l1Ratio must be in [0, 1], got ${String(l1Ratio)}`);
    if (typeof learningRate !== "number" || !(learningRate > 0)) throw new Error(`LinearClassifier: learningRate must be a positive number, got ${String(learningRate)}`);
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`LinearClassifier: batchSize must be a positive integer, got ${String(batchSize)}`);
    if (!Number.isInteger(epochs) || epochs < 1) throw new Error(`LinearClassifier: epochs must be a positive integer, got ${String(epochs)}`);
    if (!Number.isInteger(randomState) || randomState < 0) throw new Error(`LinearClassifier: randomState must be a non-negative integer, got ${String(randomState)}`);
  }

  /**
   * The loss and its gradient with respect to W on the samples X ([samples, features], the bias column
   * of ones is added here) with class indices y (0..classes - 1, the columns of W): `{loss, grad}` with
   * grad of W's shape [features + 1, classes]. Uses the current W (set by fit, or assigned).
   * @example
   * const { loss, grad } = clf.lossAndGrad(XBatch, yBatch);
   */
  lossAndGrad(X: ArrayInput, y: ArrayInput): { loss: number; grad: Tensor } {
    const where = "LinearClassifier.lossAndGrad";
    const W = this.W;
    if (W === null) throw new Error(`${where}: W is not set; call fit or assign W ([features + 1, classes]) first`);
    const x = checkArray(where, X);
    if (x.shape[1] + 1 !== W.shape[0]) throw new Error(`${where}: X has ${x.shape[1]} features, but W has ${W.shape[0]} rows (features + 1 for the bias)`);
    const t = checkTarget(where, y, x.shape[0]).to("float64");
    const classes = W.shape[1];
    for (const v of t.data) {
      if (!Number.isInteger(v) || v < 0 || v >= classes) throw new Error(`${where}: y must hold class indices in [0, ${classes - 1}] (W's columns), got ${v}`);
    }
    return this.lossAndGradBiased(withBias(x), t.to("int32"));
  }

  /** lossAndGrad on X that already carries the bias column; y int32 class indices. */
  private lossAndGradBiased(xb: Tensor, y: Tensor): { loss: number; grad: Tensor } {
    const W = (this.W as Tensor).dtype === xb.dtype ? (this.W as Tensor) : (this.W as Tensor).to(xb.dtype);
    const n = xb.shape[0];
    const Y = oneHot(y, W.shape[1]).to(xb.dtype);
    const scores = xb.matmul(W);
    let loss: number;
    let dScores: Tensor;
    if (this.params.loss === "svm") {
      const correct = scores.mul(Y).sum(1, true);
      // margins of the wrong classes; the correct class's margin (always 1) is masked out
      const margins = scores.sub(correct).add(1).relu().mul(Y.neg().add(1));
      loss = margins.sum().item() / n;
      const positive = margins.gt(0).to(xb.dtype);
      dScores = positive.sub(Y.mul(positive.sum(1, true))).div(n);
    } else {
      const logP = scores.logSoftmax(1);
      loss = -logP.mul(Y).sum().item() / n;
      dScores = logP.exp().sub(Y).div(n);
    }
    let grad = xb.transpose(0, 1).matmul(dScores);
    const { penalty, alpha, l1Ratio } = this.params;
    if (penalty !== null && alpha > 0) {
      const l1Share = penalty === "l1" ? 1 : penalty === "l2" ? 0 : l1Ratio;
      if (l1Share > 0) {
        loss += alpha * l1Share * W.abs().sum().item();
        grad = grad.add(W.sign().mul(alpha * l1Share));
      }
      if (l1Share < 1) {
        loss += alpha * (1 - l1Share) * W.mul(W).sum().item();
        grad = grad.add(W.mul(2 * alpha * (1 - l1Share)));
      }
    }
    return { loss, grad };
  }

  /** Initialises W, then runs `epochs` epochs of minibatch SGD over shuffled batches; X [samples, features], y [samples]. Returns this. */
  fit(X: ArrayInput, y: ArrayInput): this {
    const where = "LinearClassifier.fit";
    if (y === undefined) throw new Error(`${where}: y is required`);
    const x = checkArray(where, X);
    const { classes, index } = encodeLabels(where, y, x.shape[0]);
    const [n, p] = x.shape;
    const { randomState, epochs, batchSize, learningRate } = this.params;
    const rng = new RandomState(randomState);
    this.W = rng.randn(p + 1, classes.shape[0]).mul(0.0001).to(x.dtype);
    this.classes = classes;
    this.nFeaturesIn = p;
    this.lossHistory = [];
    const labels = new Tensor(index, [n]);
    for (let epoch = 0; epoch < epochs; epoch++) {
      const order = rng.permutation(n);
      for (let start = 0; start < n; start += batchSize) {
        const idx = new Tensor(order.slice(start, Math.min(n, start + batchSize)), [Math.min(n, start + batchSize) - start]);
        // the bias column is added per batch: a copy of the whole X with it would double the memory (CIFAR-10: 600 MB)
        const { loss, grad } = this.lossAndGradBiased(withBias(x.indexSelect(0, idx)), labels.indexSelect(0, idx));
        this.W = this.W.sub(grad.mul(learningRate));
        this.lossHistory.push(loss);
      }
    }
    return this;
  }

  /** The class scores [x, 1] W, [samples, classes] (in X's float dtype). */
  decisionFunction(X: ArrayInput): Tensor {
    const x = checkArray("LinearClassifier.decisionFunction", X);
    this.checkNFeatures("decisionFunction", x);
    const W = this.W as Tensor;
    return withBias(x).matmul(W.dtype === x.dtype ? W : W.to(x.dtype));
  }

  /** The class of the largest score for each row of X: float64 [samples] holding values of `classes`. */
  predict(X: ArrayInput): Tensor {
    return decodeLabels(this.classes as Tensor, this.decisionFunction(X).argmax(1));
  }
}
