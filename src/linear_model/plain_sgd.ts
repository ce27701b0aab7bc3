/*
 * scikit-learn's plain SGD for one binary problem (sklearn/linear_model/_sgd_fast.pyx, `_plain_sgd`),
 * written out: per-sample updates are sequential, so this is a loop over typed arrays.
 *
 * For each epoch (the sample order reshuffled first when `shuffle`), for each sample (x, y), y in {-1, +1}:
 *   eta = eta0                              ("constant")
 *       = eta0 / t^powerT                   ("invscaling")
 *       = 1 / (alpha (t0 + t - 1))          ("optimal"; t0 = 1 / (alpha * sqrt(1 / sqrt(alpha))), Bottou's heuristic)
 *   p = w·x + b;  loss += L(p, y);  update = -eta * dL/dp
 *   w *= max(0, 1 - (1 - l1Ratio) eta alpha)          (L2 part of "l2" / "elasticnet")
 *   w += update x;  b += update
 *   L1 part ("l1" / "elasticnet"): cumulative truncated-gradient penalty (Tsuruoka et al. 2009) with u += l1Ratio eta alpha
 *   t += 1
 * After each epoch: an epoch whose summed loss is not below best - tol * n counts as no improvement;
 * nIterNoChange of them in a row stop it (tol null: run all maxIter epochs).
 * Losses: hinge max(0, threshold - p y) (threshold 1; 0 is the perceptron's), dL/dp = -y when p y <= threshold;
 * log log(1 + e^{-p y}), dL/dp = -y / (e^{p y} + 1).
 * w is kept as wscale * v so the L2 shrink costs one multiply, as scikit-learn does.
 */

/** A loss of the plain SGD. */
export type SgdLoss = "hinge" | "log_loss" | "perceptron";
/** A penalty of the plain SGD. */
export type SgdPenalty = "l2" | "l1" | "elasticnet" | null;
/** A learning-rate schedule of the plain SGD. */
export type SgdLearningRate = "optimal" | "constant" | "invscaling";

/** Settings of one {@link plainSgd} run (the defaults named are SGDClassifier's). */
export interface PlainSgdOptions {
  /** "hinge" (linear SVM, default) or "log_loss" (logistic regression); Perceptron uses "perceptron". */
  loss: SgdLoss;
  /** "l2" (default), "l1", "elasticnet" or null. */
  penalty: SgdPenalty;
  /** Regularisation strength; also sets the "optimal" learning rate. Default 0.0001. */
  alpha: number;
  /** Share of L1 in "elasticnet": penalty alpha (l1Ratio ||w||₁ + (1 - l1Ratio) ||w||² / 2). Default 0.15. */
  l1Ratio: number;
  /** Fit an intercept; default true. */
  fitIntercept: boolean;
  /** Most epochs over the data; default 1000. */
  maxIter: number;
  /** Stop after nIterNoChange epochs whose loss does not fall below best - tol * samples; null: run all maxIter. Default 0.001. */
  tol: number | null;
  /** Epochs without improvement before stopping; default 5. */
  nIterNoChange: number;
  /** Reshuffle the samples before each epoch; default true. */
  shuffle: boolean;
  /** "optimal" (1 / (alpha (t0 + t)), default), "constant" (eta0) or "invscaling" (eta0 / t^powerT). */
  learningRate: SgdLearningRate;
  /** Initial learning rate of "constant" / "invscaling"; default 0. */
  eta0: number;
  /** Exponent of "invscaling"; default 0.5. */
  powerT: number;
  /** Shuffles the sample order in place (called at the start of each epoch when `shuffle`). */
  shuffleOrder: (order: Int32Array) => void;
}

/** What {@link plainSgd} returns. */
export interface PlainSgdResult {
  /** Weights [features]. */
  w: Float64Array;
  /** Intercept. */
  b: number;
  /** Epochs run. */
  nIter: number;
  /** Updates done plus one (scikit-learn's `t_`). */
  t: number;
}

function lossValue(loss: SgdLoss, p: number, y: number): number {
  const z = p * y;
  if (loss === "log_loss") {
    if (z > 18) return Math.exp(-z);
    if (z < -18) return -z;
    return Math.log1p(Math.exp(-z));
  }
  const threshold = loss === "hinge" ? 1 : 0;
  return z <= threshold ? threshold - z : 0;
}

function lossDerivative(loss: SgdLoss, p: number, y: number): number {
  const z = p * y;
  if (loss === "log_loss") {
    if (z > 18) return -y * Math.exp(-z);
    if (z < -18) return -y;
    return -y / (Math.exp(z) + 1);
  }
  const threshold = loss === "hinge" ? 1 : 0;
  return z <= threshold ? -y : 0;
}

/**
 * Fits one binary linear model by scikit-learn's plain SGD. X: float64 row-major [n, features]; y: ±1.
 * @example
 * const r = plainSgd(Float64Array.of(1, 2, -1, -2), 2, Float64Array.of(1, -1), {
 *   loss: "perceptron", penalty: null, alpha: 1e-4, l1Ratio: 0.15, fitIntercept: true, maxIter: 5, tol: null,
 *   nIterNoChange: 5, shuffle: false, learningRate: "constant", eta0: 1, powerT: 0.5, shuffleOrder: () => {},
 * });
 * r.w; // [1, 2]: the first sample was misclassified (w·x + b = 0), so w += eta0 * y * x
 */
export function plainSgd(X: Float64Array, features: number, y: Float64Array, o: PlainSgdOptions): PlainSgdResult {
  const n = y.length;
  const p = features;
  const v = new Float64Array(p);
  let wscale = 1;
  let b = 0;
  const l1Ratio = o.penalty === "l2" ? 0 : o.penalty === "l1" ? 1 : o.l1Ratio;
  const l2 = o.penalty === "l2" || o.penalty === "elasticnet";
  const l1 = o.penalty === "l1" || o.penalty === "elasticnet";
  const q = l1 ? new Float64Array(p) : null;
  let u = 0;
  let optimalInit = 0;
  if (o.learningRate === "optimal") {
    const typw = Math.sqrt(1 / Math.sqrt(o.alpha));
    const eta0 = typw / Math.max(1, lossDerivative(o.loss, -typw, 1));
    optimalInit = 1 / (eta0 * o.alpha);
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  let t = 1;
  let bestLoss = Infinity;
  let noImprovement = 0;
  let epoch = 0;
  while (epoch < o.maxIter) {
    epoch++;
    if (o.shuffle) o.shuffleOrder(order);
    let sumLoss = 0;
    for (let k = 0; k < n; k++) {
      const i = order[k];
      const row = i * p;
      const eta = o.learningRate === "constant" ? o.eta0 : o.learningRate === "invscaling" ? o.eta0 / Math.pow(t, o.powerT) : 1 / (o.alpha * (optimalInit + t - 1));
      let dot = 0;
      for (let j = 0; j < p; j++) dot += v[j] * X[row + j];
      const pred = dot * wscale + b;
      sumLoss += lossValue(o.loss, pred, y[i]);
      const update = -eta * lossDerivative(o.loss, pred, y[i]);
      if (l2) wscale *= Math.max(0, 1 - (1 - l1Ratio) * eta * o.alpha);
      if (wscale < 1e-9) {
        // fold the scale into v before it underflows (scikit-learn's WeightVector.reset_wscale)
        for (let j = 0; j < p; j++) v[j] *= wscale;
        wscale = 1;
      }
      if (update !== 0) {
        const step = update / wscale;
        for (let j = 0; j < p; j++) v[j] += step * X[row + j];
        if (o.fitIntercept) b += update;
      }
      if (q !== null) {
        u += l1Ratio * eta * o.alpha;
        for (let j = 0; j < p; j++) {
          const z = v[j];
          const w = wscale * z;
          if (w > 0) v[j] = Math.max(0, z - (u + q[j]) / wscale);
          else if (w < 0) v[j] = Math.min(0, z + (u - q[j]) / wscale);
          q[j] += wscale * (v[j] - z);
        }
      }
      t++;
    }
    if (!Number.isFinite(sumLoss) || !Number.isFinite(b)) {
      throw new Error("SGD: floating-point under-/overflow occurred at epoch " + epoch + "; scaling the input data (preprocessing.StandardScaler) or a smaller eta0 / larger alpha may help");
    }
    if (o.tol !== null) {
      if (sumLoss > bestLoss - o.tol * n) noImprovement++;
      else noImprovement = 0;
      if (sumLoss < bestLoss) bestLoss = sumLoss;
      if (noImprovement >= o.nIterNoChange) break;
    }
  }
  const w = new Float64Array(p);
  for (let j = 0; j < p; j++) w[j] = v[j] * wscale;
  return { w, b, nIter: epoch, t };
}
