import { Tensor } from "../tensor/tensor.ts";
import { tensor, type NestedNumbers } from "../tensor/creation.ts";
import { RandomState } from "../random/random_state.ts";

/**
 * A value an estimator parameter may hold: numbers, strings, booleans, null, arrays, nested estimators
 * and a `random.RandomState` (for `randomState`).
 */
export type ParamValue =
  | number | string | boolean | null | undefined | readonly ParamValue[] | BaseEstimator | RandomState | { [key: string]: ParamValue };

/** An estimator's parameters by name (camelCase), as `getParams()` returns them. */
export type Params = Record<string, ParamValue>;

/** What estimators accept as X or y: a Tensor or nested arrays of numbers. */
export type ArrayInput = Tensor | NestedNumbers;

/**
 * Base class of the scikit-learn-style estimators, like `sklearn.base.BaseEstimator`: it owns the
 * parameters (the constructor's options merged over the defaults), `getParams` / `setParams`, the
 * fitted checks and the number of features seen by `fit`, so that `clone` and the grid searches need no
 * per-estimator code. Fitted state is set only in `fit`, named in camelCase without scikit-learn's
 * trailing underscore (`coef`, `classes`).
 * @example
 * const knn = new neighbors.KNeighborsClassifier({ nNeighbors: 3 });
 * knn.getParams(); // { nNeighbors: 3, weights: "uniform", metric: "minkowski", p: 2 }
 * knn.setParams({ nNeighbors: 5 });
 */
export abstract class BaseEstimator<P extends Params = Params> {
  /** The parameters (defaults overridden by the constructor's options and `setParams`). */
  protected params: P;
  /** Number of features (columns of X) seen by `fit`; null before `fit`. */
  nFeaturesIn: number | null = null;

  /** `defaults` lists every parameter with its default; `options` overrides some (unknown names are an error). */
  protected constructor(defaults: P, options: Partial<P> = {}) {
    this.params = { ...defaults };
    this.setParams(options);
  }

  /** The estimator's class name, used in messages (`KNeighborsClassifier`). */
  get estimatorName(): string {
    return this.constructor.name;
  }

  /**
   * The parameters by name, as scikit-learn's `get_params()`: a fresh object; nested estimators are
   * returned as they are (with `deep`, their parameters are added as `name__param` too).
   * @example new linearModel.Ridge({ alpha: 0.5 }).getParams().alpha; // 0.5
   */
  getParams(deep = true): Params {
    const out: Params = { ...this.params };
    if (deep) {
      for (const [k, v] of Object.entries(this.params)) {
        if (v instanceof BaseEstimator) for (const [k2, v2] of Object.entries(v.getParams(true))) out[`${k}__${k2}`] = v2;
      }
    }
    return out;
  }

  /**
   * Sets parameters by name and returns this, as scikit-learn's `set_params`; `name__param` reaches a
   * nested estimator. A name the estimator does not have is an error naming it and listing the valid ones.
   * @example knn.setParams({ nNeighbors: 7, metric: "manhattan" });
   */
  setParams(params: Partial<P> | Params): this {
    if (params === null || typeof params !== "object") throw new Error(`${this.estimatorName}.setParams: expected an object of parameters`);
    const valid = Object.keys(this.params);
    for (const [key, value] of Object.entries(params)) {
      const nested = key.indexOf("__");
      if (nested > 0) {
        const owner = key.slice(0, nested);
        const inner = (this.params as Params)[owner];
        if (!(inner instanceof BaseEstimator)) throw new Error(`${this.estimatorName}.setParams: invalid parameter "${owner}"; valid parameters are: ${valid.join(", ")}`);
        inner.setParams({ [key.slice(nested + 2)]: value });
        continue;
      }
      if (!valid.includes(key)) {
        throw new Error(`${this.estimatorName}: invalid parameter "${key}"; valid parameters are: ${valid.join(", ")}`);
      }
      if (value !== undefined) (this.params as Params)[key] = value as ParamValue;
    }
    this.checkParams();
    return this;
  }

  /** Subclasses check their parameter values here (called by the constructor and `setParams`). */
  protected checkParams(): void {}

  /** Fits the estimator to X (and y); returns this. */
  abstract fit(X: ArrayInput, y?: ArrayInput): this;

  /**
   * Throws scikit-learn's NotFittedError message unless `fit` has run:
   * `KNeighborsClassifier.predict: This KNeighborsClassifier instance is not fitted yet. Call 'fit' ...`.
   */
  protected checkIsFitted(where: string): void {
    if (this.nFeaturesIn === null) {
      throw new Error(
        `${this.estimatorName}.${where}: This ${this.estimatorName} instance is not fitted yet. ` +
          "Call 'fit' with appropriate arguments before using this estimator.",
      );
    }
  }

  /** Checks that X has as many features as `fit` saw (scikit-learn's n_features_in_ check). */
  protected checkNFeatures(where: string, X: Tensor): void {
    this.checkIsFitted(where);
    const got = X.shape[1];
    if (got !== this.nFeaturesIn) {
      throw new Error(`${this.estimatorName}.${where}: X has ${got} features, but ${this.estimatorName} is expecting ${this.nFeaturesIn} features as input`);
    }
  }

  /** The estimator and its parameters: `KNeighborsClassifier(nNeighbors=3, ...)`. */
  toString(): string {
    return `${this.estimatorName}(${Object.entries(this.params).map(([k, v]) => `${k}=${v instanceof BaseEstimator ? v.toString() : JSON.stringify(v)}`).join(", ")})`;
  }
}

/**
 * An unfitted copy of `estimator` with the same parameters (nested estimators cloned too), as
 * `sklearn.base.clone`: what cross-validation and grid searches fit on each fold.
 * @example
 * const copy = base.clone(knn); // same params, not fitted
 */
export function clone<E extends BaseEstimator>(estimator: E): E {
  if (!(estimator instanceof BaseEstimator)) throw new Error("clone: expected an estimator (an instance of a BaseEstimator subclass)");
  const params: Params = {};
  for (const [k, v] of Object.entries(estimator.getParams(false))) params[k] = cloneParam(v);
  const Ctor = estimator.constructor as new (options: Params) => E;
  return new Ctor(params);
}

/**
 * A deep copy of a parameter value, as scikit-learn's `clone(v, safe=False)` makes it: estimators (also
 * inside arrays, like a pipeline's steps) are cloned, a RandomState is copied with its state, arrays and
 * plain objects are copied.
 * @example
 * base.cloneParam([["scaler", new preprocessing.StandardScaler()]]); // a new, unfitted scaler inside
 */
export function cloneParam(v: ParamValue): ParamValue {
  if (v instanceof BaseEstimator) return clone(v);
  if (Array.isArray(v)) return v.map(cloneParam);
  if (v instanceof RandomState) {
    const copy = new RandomState(0);
    copy.setState(v.getState());
    return copy;
  }
  if (v !== null && typeof v === "object") {
    const out: { [key: string]: ParamValue } = {};
    for (const [k, x] of Object.entries(v)) out[k] = cloneParam(x as ParamValue);
    return out;
  }
  return v;
}

/**
 * `value` as a tensor: a Tensor detached from the graph, nested arrays as float64; a value that is
 * neither is an error `${where}: ${what}: <why>`.
 * @example
 * base.asTensor("Ridge.fit", [[1, 2], [3, 4]], "X must be a Tensor or nested arrays of numbers"); // float64 [2, 2]
 */
export function asTensor(where: string, value: ArrayInput, what: string): Tensor {
  if (value instanceof Tensor) return value.detach();
  try {
    return tensor(value, { dtype: "float64" });
  } catch (err) {
    throw new Error(`${where}: ${what}: ${(err as Error).message}`);
  }
}

/**
 * X as a 2-D tensor `[samples, features]`: nested arrays become float64 (estimators given plain arrays
 * compute in float64), float tensors are kept, int tensors are cast to float64. A 1-D or ragged input is
 * an error naming the estimator.
 * @example
 * const x = base.checkArray("Ridge.fit", [[1, 2], [3, 4]]); // float64 tensor of shape [2, 2]
 */
export function checkArray(where: string, X: ArrayInput): Tensor {
  let t = asTensor(where, X, "X must be a Tensor or nested arrays of numbers");
  if (t.dim() !== 2) throw new Error(`${where}: expected a 2-D X [samples, features], got shape [${t.shape.join(", ")}]; reshape a single feature to [n, 1]`);
  if (t.shape[0] === 0) throw new Error(`${where}: X has 0 samples; at least 1 is required`);
  if (t.dtype !== "float32" && t.dtype !== "float64") t = t.to("float64");
  return t;
}

/**
 * y as a 1-D tensor: nested arrays become float64; `[n, 1]` is flattened; anything else 2-D is an error,
 * as is a length other than `samples`.
 * @example
 * const y = base.checkTarget("Ridge.fit", [[1], [0]], 2); // float64 tensor of shape [2]
 */
export function checkTarget(where: string, y: ArrayInput, samples: number): Tensor {
  let t = asTensor(where, y, "y must be a Tensor or an array of numbers (encode string labels with preprocessing.LabelEncoder)");
  if (t.dim() === 2 && t.shape[1] === 1) t = t.reshape(-1);
  if (t.dim() !== 1) throw new Error(`${where}: expected a 1-D y [samples], got shape [${t.shape.join(", ")}]`);
  if (t.shape[0] !== samples) throw new Error(`${where}: X and y have different numbers of samples: ${samples} and ${t.shape[0]}`);
  return t;
}
