import { Tensor } from "../tensor/tensor.ts";
import type { ArrayInput } from "../base/estimator.ts";
import { checkX64, encodeLabels, LinearClassifierBase } from "./linear_base.ts";
import { lbfgs, type Objective } from "./lbfgs.ts";
import { cat } from "../ops/join.ts";

/** Parameters of {@link LogisticRegression}. */
export type LogisticRegressionParams = {
  /** "l2" (default) or none (`null`, or scikit-learn 1.2's deprecated spelling "none"). */
  penalty: "l2" | "none" | null;
  /** Inverse of the regularisation strength, > 0; default 1 (ignored without a penalty). */
  C: number;
  /** Fit an intercept (never penalised); default true. */
  fitIntercept: boolean;
  /** Most L-BFGS iterations per fitted problem; default 100. */
  maxIter: number;
  /**
   * L-BFGS stops when every gradient component is at most tol in absolute value; default 1e-4. (scipy's
   * L-BFGS-B, under scikit-learn, also stops when f falls by less than 2.2e-9 relative, which can leave it
   * short of the optimum; this one does not, so its probabilities sit closer to the optimum.)
   */
  tol: number;
  /** "auto" (default: binary for two classes, multinomial otherwise), "multinomial" or "ovr" (one binary problem per class). */
  multiClass: "auto" | "multinomial" | "ovr";
  /** Only "lbfgs" (scikit-learn's default solver). */
  solver: "lbfgs";
};

/**
 * The loss and gradient scikit-learn's lbfgs solver minimises over the flat parameters [W (k x p,
 * row-major), b (k)]:  Σ_i loss_i + l2 / 2 · ||W||²  (l2 = 1 / C; the intercept is not penalised), where
 * loss_i = log(1 + e^{z_i}) - y_i z_i with z = X w + b (binary, y in {0, 1}; one row of W), or
 * loss_i = logsumexp(z_i) - z_{i, y_i} with z = X Wᵀ + b (multinomial, k = classes).
 * Gradients: ∂/∂W = (σ(z) - y)ᵀ X (binary) or (softmax(z) - Y)ᵀ X (multinomial, Y one-hot), plus l2 W;
 * ∂/∂b = Σ_i (p_i - y_i).
 */
function logisticObjective(x: Tensor, target: Tensor, k: number, multinomial: boolean, fitIntercept: boolean, l2: number): Objective {
  const p = x.shape[1];
  const xT = x.transpose(0, 1).contiguous();
  return (theta) => {
    const w = new Tensor(theta.slice(0, k * p), [k, p]);
    let z = x.matmul(w.transpose(0, 1));
    if (fitIntercept) z = z.add(new Tensor(theta.slice(k * p, k * p + k), [k]));
    let f: number;
    let diff: Tensor;
    if (multinomial) {
      const logP = z.logSoftmax(1);
      f = -logP.mul(target).sum().item();
      diff = logP.exp().sub(target);
    } else {
      const zz = z.reshape(-1);
      // log(1 + e^z) = max(z, 0) + log(1 + e^{-|z|})
      f = zz.relu().add(zz.abs().neg().exp().add(1).log()).sub(zz.mul(target)).sum().item();
      diff = zz.sigmoid().sub(target).reshape(-1, 1);
    }
    let gw = xT.matmul(diff).transpose(0, 1); // [k, p]
    if (l2 > 0) {
      f += 0.5 * l2 * w.mul(w).sum().item();
      gw = gw.add(w.mul(l2));
    }
    const grad = new Float64Array(theta.length);
    grad.set(gw.contiguous().data as Float64Array, 0);
    if (fitIntercept) grad.set(diff.sum(0).data as Float64Array, k * p);
    return { f, grad };
  };
}

/**
 * Logistic regression (the log-linear classifier), like `sklearn.linear_model.LogisticRegression` with
 * its default lbfgs solver: minimises C Σ_i loss_i + ½ ||W||² (the intercept unpenalised) by L-BFGS —
 * equivalently Σ_i loss_i + 1/(2C) ||W||², the form scikit-learn hands to scipy. Two classes: one row of
 * coefficients and P(second class) = σ(x·w + b); more: multinomial (softmax over all classes, `coef`
 * [classes, features]) or, with `multiClass: "ovr"`, one binary problem per class (probabilities
 * normalised over the classes). Fitted: `classes`, `coef`, `intercept`, `nIter` (iterations per problem).
 * Labels are numbers (encode strings with `preprocessing.LabelEncoder`); `classes` holds them sorted.
 * @example
 * const clf = new linearModel.LogisticRegression({ C: 1, maxIter: 200 }).fit(X, y);
 * clf.predictProba(X); // [samples, classes], rows sum to 1
 * clf.predict(X);      // the most probable class
 */
export class LogisticRegression extends LinearClassifierBase<LogisticRegressionParams> {
  /** Iterations L-BFGS took, one per fitted problem ([1] for binary / multinomial, [classes] for ovr); null before fit. */
  nIter: number[] | null = null;

  constructor(options: Partial<LogisticRegressionParams> = {}) {
    super({ penalty: "l2", C: 1, fitIntercept: true, maxIter: 100, tol: 1e-4, multiClass: "auto", solver: "lbfgs" }, options);
  }

  protected override checkParams(): void {
    const { penalty, C, fitIntercept, maxIter, tol, multiClass, solver } = this.params;
    if (penalty !== "l2" && penalty !== "none" && penalty !== null) throw new Error(`LogisticRegression: penalty must be "l2" or null with the lbfgs solver, got ${JSON.stringify(penalty)}`);
    if (typeof C !== "number" || !(C > 0)) throw new Error(`LogisticRegression: C must be a positive number, got ${String(C)}`);
    if (typeof fitIntercept !== "boolean") throw new Error(`LogisticRegression: fitIntercept must be a boolean, got ${String(fitIntercept)}`);
    if (!Number.isInteger(maxIter) || maxIter < 0) throw new Error(`LogisticRegression: maxIter must be a non-negative integer, got ${String(maxIter)}`);
    if (typeof tol !== "number" || !(tol >= 0)) throw new Error(`LogisticRegression: tol must be a number >= 0, got ${String(tol)}`);
    if (multiClass !== "auto" && multiClass !== "multinomial" && multiClass !== "ovr") throw new Error(`LogisticRegression: multiClass must be "auto", "multinomial" or "ovr", got ${JSON.stringify(multiClass)}`);
    if (solver !== "lbfgs") throw new Error(`LogisticRegression: solver must be "lbfgs" (the only one implemented), got ${JSON.stringify(solver)}`);
  }

  /** Whether the fitted model is multinomial (softmax probabilities) rather than one-vs-rest / binary. */
  private get multinomial(): boolean {
    const k = this.classes === null ? 0 : this.classes.shape[0];
    return this.params.multiClass === "multinomial" || (this.params.multiClass === "auto" && k > 2);
  }

  /** Fits the coefficients by L-BFGS; X [samples, features], y [samples] of class labels. Returns this. */
  fit(X: ArrayInput, y: ArrayInput): this {
    const where = "LogisticRegression.fit";
    if (y === undefined) throw new Error(`${where}: y is required`);
    const x = checkX64(where, X);
    const { classes, index } = encodeLabels(where, y, x.shape[0]);
    const k = classes.shape[0];
    if (k < 2) throw new Error(`${where}: this solver needs samples of at least 2 classes in the data, but the data contains only one class: ${classes.data[0]}`);
    this.classes = classes;
    const [n, p] = x.shape;
    const { penalty, C, fitIntercept, maxIter, tol } = this.params;
    const l2 = penalty === "l2" ? 1 / C : 0;
    const width = p + (fitIntercept ? 1 : 0);
    const coef: Float64Array[] = [];
    const intercept: number[] = [];
    const nIter: number[] = [];
    const solve = (target: Tensor, rows: number, multinomial: boolean): Float64Array => {
      const r = lbfgs(logisticObjective(x, target, rows, multinomial, fitIntercept, l2), new Float64Array(rows * width), { maxIter, gtol: tol, ftol: 0 });
      nIter.push(r.nIter);
      // a line search that fails at the limit of float64 precision is not worth a warning; maxIter is
      if (!r.converged && r.nIter >= maxIter) {
        console.warn(`LogisticRegression: lbfgs failed to converge (${r.message}) after ${r.nIter} iterations; increase maxIter or scale the data (e.g. preprocessing.StandardScaler)`);
      }
      return r.x;
    };
    if (this.multinomial) {
      const onehot = new Float64Array(n * k);
      for (let i = 0; i < n; i++) onehot[i * k + index[i]] = 1;
      const theta = solve(new Tensor(onehot, [n, k]), k, true);
      const rows = k === 2 ? [1] : Array.from({ length: k }, (_, c) => c); // scikit-learn keeps the second class's row for two classes
      for (const c of rows) {
        coef.push(theta.slice(c * p, c * p + p));
        intercept.push(fitIntercept ? theta[k * p + c] : 0);
      }
    } else {
      for (const positive of k === 2 ? [1] : Array.from({ length: k }, (_, c) => c)) {
        const target = new Float64Array(n);
        for (let i = 0; i < n; i++) target[i] = index[i] === positive ? 1 : 0;
        const theta = solve(new Tensor(target, [n]), 1, false);
        coef.push(theta.slice(0, p));
        intercept.push(fitIntercept ? theta[p] : 0);
      }
    }
    const flat = new Float64Array(coef.length * p);
    coef.forEach((row, c) => flat.set(row, c * p));
    this.coef = new Tensor(flat, [coef.length, p]);
    this.intercept = new Tensor(Float64Array.from(intercept), [intercept.length]);
    this.nIter = nIter;
    this.nFeaturesIn = p;
    return this;
  }

  /**
   * Class probabilities, float64 [samples, classes] (columns in `classes` order): softmax of the
   * decision function (multinomial), [1 - σ(d), σ(d)] (two classes), or σ of each one-vs-rest score
   * normalised to sum 1 (ovr).
   */
  predictProba(X: ArrayInput): Tensor {
    const d = this.decisionFunction(X);
    if (d.dim() === 1) {
      const col = d.reshape(-1, 1);
      if (this.multinomial) return cat([col.neg(), col], 1).softmax(1); // scikit-learn's softmax([-d, d])
      const p1 = col.sigmoid();
      return cat([p1.neg().add(1), p1], 1);
    }
    if (this.multinomial) return d.softmax(1);
    const s = d.sigmoid();
    return s.div(s.sum(1, true));
  }

  /** log of {@link predictProba}, float64 [samples, classes]. */
  predictLogProba(X: ArrayInput): Tensor {
    return this.predictProba(X).log();
  }
}
