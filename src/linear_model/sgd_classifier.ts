import { Tensor } from "../tensor/tensor.ts";
import type { ArrayInput, Params } from "../base/estimator.ts";
import { checkRandomState } from "../random/random_state.ts";
import { cat } from "../ops/join.ts";
import { checkX64, encodeLabels, LinearClassifierBase } from "./linear_base.ts";
import { plainSgd, type PlainSgdOptions } from "./plain_sgd.ts";

/** The largest seed scikit-learn draws for each binary problem (np.iinfo(np.int32).max). */
const MAX_INT = 2147483647;

/** What the plain-SGD classifiers (SGDClassifier, Perceptron) share: the plain-SGD settings and the seed. */
export type SgdClassifierParams = Omit<PlainSgdOptions, "shuffleOrder"> & {
  /** Seed of the shuffles (bp.random.RandomState); null: unseeded. Default null. */
  randomState: number | null;
};

/**
 * Base of SGDClassifier and Perceptron (scikit-learn's BaseSGDClassifier): one binary problem per
 * class (one-vs-rest; a single problem for two classes, the second class positive), each fitted by
 * scikit-learn's plain SGD (see plain_sgd.ts). Fitted: `classes`, `coef` [1 or classes, features],
 * `intercept`, `nIter` (the most epochs any problem ran), `t` (updates + 1 of the last problem).
 * The shuffles come from bp.random.RandomState: deterministic for a given randomState, but not
 * scikit-learn's (its SGD uses its own C generator), so the fitted numbers differ from scikit-learn's.
 */
export abstract class BaseSgdClassifier<P extends Params> extends LinearClassifierBase<P> {
  /** Epochs run (the largest over the one-vs-rest problems); null before fit. */
  nIter: number | null = null;
  /** Weight updates done plus one, of the last problem (scikit-learn's `t_`); null before fit. */
  t: number | null = null;

  /** The full plain-SGD settings (Perceptron fixes the loss and the schedule). */
  protected abstract sgdSettings(): SgdClassifierParams;

  protected override checkParams(): void {
    const name = this.estimatorName;
    const { loss, penalty, alpha, l1Ratio, fitIntercept, maxIter, tol, nIterNoChange, shuffle, learningRate, eta0, powerT, randomState } = this.sgdSettings();
    if (loss !== "hinge" && loss !== "log_loss" && loss !== "perceptron") throw new Error(`${name}: loss must be "hinge", "log_loss" or "perceptron", got ${JSON.stringify(loss)}`);
    if (penalty !== "l2" && penalty !== "l1" && penalty !== "elasticnet" && penalty !== null) throw new Error(`${name}: penalty must be "l2", "l1", "elasticnet" or null, got ${JSON.stringify(penalty)}`);
    if (typeof alpha !== "number" || !(alpha >= 0)) throw new Error(`${name}: alpha must be a number >= 0, got ${String(alpha)}`);
    if (typeof l1Ratio !== "number" || !(l1Ratio >= 0 && l1Ratio <= 1)) throw new Error(`${name}: l1Ratio must be in [0, 1], got ${String(l1Ratio)}`);
    if (typeof fitIntercept !== "boolean") throw new Error(`${name}: fitIntercept must be a boolean, got ${String(fitIntercept)}`);
    if (!Number.isInteger(maxIter) || maxIter < 1) throw new Error(`${name}: maxIter must be a positive integer, got ${String(maxIter)}`);
    if (tol !== null && (typeof tol !== "number" || !(tol >= 0))) throw new Error(`${name}: tol must be a number >= 0 or null, got ${String(tol)}`);
    if (!Number.isInteger(nIterNoChange) || nIterNoChange < 1) throw new Error(`${name}: nIterNoChange must be a positive integer, got ${String(nIterNoChange)}`);
    if (typeof shuffle !== "boolean") throw new Error(`${name}: shuffle must be a boolean, got ${String(shuffle)}`);
    if (learningRate !== "optimal" && learningRate !== "constant" && learningRate !== "invscaling") throw new Error(`${name}: learningRate must be "optimal", "constant" or "invscaling", got ${JSON.stringify(learningRate)}`);
    if (typeof eta0 !== "number" || !(eta0 >= 0)) throw new Error(`${name}: eta0 must be a number >= 0, got ${String(eta0)}`);
    if (typeof powerT !== "number" || !Number.isFinite(powerT)) throw new Error(`${name}: powerT must be a number, got ${String(powerT)}`);
    if (randomState !== null && !Number.isInteger(randomState)) throw new Error(`${name}: randomState must be an integer or null, got ${String(randomState)}`);
  }

  /** Fits one binary problem per class (one for two classes) by plain SGD; X [samples, features], y [samples]. Returns this. */
  fit(X: ArrayInput, y: ArrayInput): this {
    const where = `${this.estimatorName}.fit`;
    if (y === undefined) throw new Error(`${where}: y is required`);
    const o = this.sgdSettings();
    if (o.learningRate !== "optimal" && !(o.eta0 > 0)) throw new Error(`${where}: eta0 must be > 0 with learningRate "${o.learningRate}", got ${o.eta0}`);
    if (o.learningRate === "optimal" && !(o.alpha > 0)) throw new Error(`${where}: alpha must be > 0 with learningRate "optimal" (it sets the step 1 / (alpha (t0 + t))), got ${o.alpha}`);
    const x = checkX64(where, X).contiguous();
    const { classes, index } = encodeLabels(where, y, x.shape[0]);
    const k = classes.shape[0];
    if (k < 2) throw new Error(`${where}: the number of classes has to be greater than one; got ${k} class`);
    const [n, p] = x.shape;
    const data = x.data as Float64Array;
    const rng = checkRandomState(o.randomState);
    const problems = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c);
    // one seed per problem, drawn up front as scikit-learn does
    const seeds = problems.map(() => rng.randint(MAX_INT) as number);
    const coef = new Float64Array(problems.length * p);
    const intercept = new Float64Array(problems.length);
    let nIter = 0;
    let t = 1;
    problems.forEach((positive, row) => {
      const target = new Float64Array(n);
      for (let i = 0; i < n; i++) target[i] = index[i] === positive ? 1 : -1;
      const shuffler = checkRandomState(seeds[row]);
      const r = plainSgd(data, p, target, { ...o, shuffleOrder: (order: Int32Array) => shuffler.shuffle(order) });
      coef.set(r.w, row * p);
      intercept[row] = r.b;
      nIter = Math.max(nIter, r.nIter);
      t = r.t;
    });
    if (o.tol !== null && nIter >= o.maxIter) {
      console.warn(`${this.estimatorName}: maximum number of iterations (maxIter = ${o.maxIter}) reached before convergence; consider increasing maxIter`);
    }
    this.classes = classes;
    this.coef = new Tensor(coef, [problems.length, p]);
    this.intercept = new Tensor(intercept, [problems.length]);
    this.nIter = nIter;
    this.t = t;
    this.nFeaturesIn = p;
    return this;
  }
}

/**
 * Linear classifiers fitted by stochastic gradient descent, like `sklearn.linear_model.SGDClassifier`:
 * minimises Σ_i L(y_i, w·x_i + b) + alpha R(w) one sample at a time, with L the hinge loss (a linear
 * SVM, default) or the log loss (logistic regression) and R the L2, L1 or elastic-net penalty;
 * one-vs-rest for more than two classes; the "optimal" schedule eta = 1 / (alpha (t0 + t)) by default.
 * `predictProba` (log_loss only): σ of the decision function, normalised over the classes for one-vs-rest.
 * Deterministic for a given `randomState`, but its shuffles are bp.random's, not scikit-learn's C
 * generator, so the numbers are close to scikit-learn's, not equal.
 * @example
 * const clf = new linearModel.SGDClassifier({ loss: "log_loss", randomState: 0 }).fit(X, y);
 * clf.predict(X); clf.predictProba(X);
 */
export class SGDClassifier extends BaseSgdClassifier<SgdClassifierParams> {
  constructor(options: Partial<SgdClassifierParams> = {}) {
    super(
      { loss: "hinge", penalty: "l2", alpha: 0.0001, l1Ratio: 0.15, fitIntercept: true, maxIter: 1000, tol: 1e-3, nIterNoChange: 5, shuffle: true, learningRate: "optimal", eta0: 0, powerT: 0.5, randomState: null },
      options,
    );
  }

  protected sgdSettings(): SgdClassifierParams {
    return this.params;
  }

  /**
   * Class probabilities (loss "log_loss" only), float64 [samples, classes]: [1 - σ(d), σ(d)] for two
   * classes, otherwise σ of each one-vs-rest score divided by their sum (uniform where all are 0).
   */
  predictProba(X: ArrayInput): Tensor {
    if (this.params.loss !== "log_loss") throw new Error(`SGDClassifier.predictProba: probability estimates are not available for loss=${JSON.stringify(this.params.loss)}; use loss "log_loss"`);
    const d = this.decisionFunction(X);
    if (d.dim() === 1) {
      const p1 = d.reshape(-1, 1).sigmoid();
      return cat([p1.neg().add(1), p1], 1);
    }
    const s = d.sigmoid();
    const sums = s.sum(1, true);
    const k = s.shape[1];
    // rows whose probabilities all underflow to 0 become uniform
    return s.add(sums.eq(0).to("float64").mul(1 / k)).div(sums.add(sums.eq(0).to("float64")));
  }

  /** log of {@link predictProba}. */
  predictLogProba(X: ArrayInput): Tensor {
    return this.predictProba(X).log();
  }
}
