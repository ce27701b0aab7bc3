import type { Tensor } from "../tensor/tensor.ts";
import { BaseEstimator, type ArrayInput, type Params, type ParamValue } from "../base/estimator.ts";

/** A step's estimator, or "passthrough" / null for a step that does nothing. */
export type StepEstimator = BaseEstimator | "passthrough" | null;

/** One `[name, estimator]` step. */
export type Step = readonly [name: string, estimator: StepEstimator];

/** Parameters of `Pipeline`. */
export type PipelineParams = {
  /** The `[name, estimator]` steps: transformers, then a final estimator (or "passthrough" / null). */
  steps: readonly Step[];
};

/** What the steps are called with: X as a Tensor or nested arrays (the encoders also take string rows). */
type AnyX = ArrayInput;

/** The duck-typed surface of a step: every method is optional, availability is checked where used. */
interface StepMethods {
  fit(X: AnyX, y?: AnyX): unknown;
  transform?(X: AnyX): Tensor;
  fitTransform?(X: AnyX, y?: AnyX): Tensor;
  inverseTransform?(X: AnyX): Tensor;
  predict?(X: AnyX): Tensor;
  predictProba?(X: AnyX): Tensor;
  decisionFunction?(X: AnyX): Tensor;
  score?(X: AnyX, y: AnyX, sampleWeight?: AnyX): number;
  classes?: unknown;
}

/** Methods whose presence on a Pipeline follows its steps (scikit-learn's `available_if`). */
const DELEGATED = ["predict", "predictProba", "decisionFunction", "score", "transform", "fitTransform", "inverseTransform"] as const;
type Delegated = (typeof DELEGATED)[number];

function isPassthrough(e: StepEstimator | undefined): e is "passthrough" | null {
  return e === null || e === "passthrough";
}

function has(e: StepEstimator, method: string): boolean {
  return !isPassthrough(e) && typeof (e as unknown as Record<string, unknown>)[method] === "function";
}

function describe(e: unknown): string {
  if (e instanceof BaseEstimator) return e.toString();
  return JSON.stringify(e) ?? String(e);
}

/**
 * A chain of transformers ending in an estimator, as `sklearn.pipeline.Pipeline`: `fit` runs
 * `fitTransform` through every step but the last, then fits the last on the result; `predict`,
 * `predictProba`, `decisionFunction`, `score` and `transform` pass X through the fitted transformers
 * and call the last step. Each method exists only when the last step (for `transform`, every step) has
 * it, as scikit-learn's `available_if`, so scorers see what the final estimator can do. Parameters reach
 * the steps as `name__param` (`standardscaler__withMean`, `kneighborsclassifier__nNeighbors`), so a grid
 * search can tune a scaled model and every cross-validation fold refits the scaler on its training part.
 * @example
 * const pipe = new pipeline.Pipeline({ steps: [["scaler", new preprocessing.StandardScaler()], ["knn", new neighbors.KNeighborsClassifier()]] });
 * pipe.fit(XTrain, yTrain).score(XTest, yTest);
 * pipe.setParams({ knn__nNeighbors: 7 });
 */
export class Pipeline extends BaseEstimator<PipelineParams> {
  constructor(options: Partial<PipelineParams> = {}) {
    super({ steps: [] }, options);
  }

  /** The steps as given (`[name, estimator]` pairs). */
  get steps(): readonly Step[] {
    return this.params.steps;
  }

  /** The steps by name, as scikit-learn's `named_steps`. */
  get namedSteps(): Record<string, StepEstimator> {
    return Object.fromEntries(this.params.steps.map(([n, e]) => [n, e]));
  }

  /** The last step's estimator. */
  get finalEstimator(): StepEstimator {
    const s = this.params.steps;
    return s[s.length - 1][1];
  }

  /** The class labels of the last step (its `classes`), as scikit-learn's `Pipeline.classes_`. */
  get classes(): unknown {
    const last = this.finalEstimator;
    return isPassthrough(last) ? undefined : (last as unknown as StepMethods).classes;
  }

  protected override checkParams(): void {
    const steps = this.params.steps as unknown;
    if (!Array.isArray(steps) || steps.length === 0 || !steps.every((s) => Array.isArray(s) && s.length === 2 && typeof s[0] === "string")) {
      throw new Error(`Pipeline: steps must be a non-empty array of [name, estimator] pairs, got ${describe(steps)}`);
    }
    const names = (steps as Step[]).map(([n]) => n);
    const dupes = names.filter((n, i) => names.indexOf(n) !== i);
    if (dupes.length > 0) throw new Error(`Pipeline: Names provided are not unique: [${names.map((n) => `'${n}'`).join(", ")}]`);
    const bad = names.filter((n) => n.includes("__"));
    if (bad.length > 0) throw new Error(`Pipeline: Estimator names must not contain __: got [${bad.map((n) => `'${n}'`).join(", ")}]`);
    if (names.includes("steps")) throw new Error("Pipeline: Estimator names conflict with constructor arguments: ['steps']");
    (steps as Step[]).forEach(([name, est], i) => {
      const last = i === steps.length - 1;
      if (isPassthrough(est)) return;
      if (!(est instanceof BaseEstimator) || typeof (est as unknown as StepMethods).fit !== "function") {
        throw new Error(`Pipeline: step '${name}' must be an estimator, "passthrough" or null, got ${describe(est)}`);
      }
      if (!last && !has(est, "transform")) {
        throw new Error(`Pipeline: All intermediate steps should be transformers and implement fit and transform or be the string 'passthrough' '${describe(est)}' (step '${name}') doesn't`);
      }
    });
    this.updateAvailability();
  }

  /** Shows or hides the delegated methods as the steps allow (an own `undefined` shadows the method). */
  private updateAvailability(): void {
    const steps = this.params.steps;
    const last = steps[steps.length - 1][1];
    const everyStep = (m: string): boolean => steps.every(([, e]) => isPassthrough(e) || has(e, m));
    const available: Record<Delegated, boolean> = {
      predict: has(last, "predict"),
      predictProba: has(last, "predictProba"),
      decisionFunction: has(last, "decisionFunction"),
      score: has(last, "score"),
      transform: everyStep("transform"),
      fitTransform: isPassthrough(last) || has(last, "fitTransform") || has(last, "transform"),
      inverseTransform: everyStep("inverseTransform"),
    };
    const self = this as unknown as Record<string, unknown>;
    for (const m of DELEGATED) {
      if (available[m]) delete self[m];
      else Object.defineProperty(this, m, { value: undefined, configurable: true, writable: true, enumerable: false });
    }
  }

  /**
   * The parameters, as scikit-learn's `Pipeline.get_params`: `steps`; with `deep` (default) also each
   * step by name and its parameters as `name__param`.
   */
  override getParams(deep = true): Params {
    const out: Params = { steps: this.params.steps as unknown as ParamValue };
    if (!deep) return out;
    for (const [name, est] of this.params.steps) {
      out[name] = est;
      if (est instanceof BaseEstimator) for (const [k, v] of Object.entries(est.getParams(true))) out[`${name}__${k}`] = v;
    }
    return out;
  }

  /**
   * Sets `steps`, replaces a step by its name (`{ scaler: new MinMaxScaler() }` or "passthrough"), or
   * sets a step's parameter as `name__param`. Returns this.
   */
  override setParams(params: Partial<PipelineParams> | Params): this {
    if (params === null || typeof params !== "object") throw new Error("Pipeline.setParams: expected an object of parameters");
    const entries = Object.entries(params);
    for (const [key, value] of entries) if (key === "steps" && value !== undefined) this.params.steps = value as readonly Step[];
    for (const [key, value] of entries) {
      if (key === "steps" || value === undefined) continue;
      const names = this.params.steps.map(([n]) => n);
      const cut = key.indexOf("__");
      if (cut < 0) {
        const i = names.indexOf(key);
        if (i < 0) throw new Error(`Pipeline: invalid parameter "${key}"; valid parameters are: steps, ${names.join(", ")}`);
        const steps = [...this.params.steps];
        steps[i] = [key, value as StepEstimator];
        this.params.steps = steps;
        continue;
      }
      const owner = key.slice(0, cut);
      const i = names.indexOf(owner);
      const est = i < 0 ? undefined : this.params.steps[i][1];
      if (!(est instanceof BaseEstimator)) throw new Error(`Pipeline.setParams: invalid parameter "${owner}"; valid parameters are: steps, ${names.join(", ")}`);
      est.setParams({ [key.slice(cut + 2)]: value as ParamValue });
    }
    this.checkParams();
    return this;
  }

  /** Fits the transformers one after another on X (each on the output of the previous), then the last step. Returns this. */
  fit(X: ArrayInput, y?: ArrayInput): this {
    const Xt = this.fitTransformers(X, y);
    const last = this.finalEstimator;
    if (!isPassthrough(last)) (last as unknown as StepMethods).fit(Xt, y);
    this.finishFit(X);
    return this;
  }

  private fitTransformers(X: AnyX, y?: AnyX): AnyX {
    let Xt = X;
    const steps = this.params.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      const est = steps[i][1];
      if (isPassthrough(est)) continue;
      const t = est as unknown as StepMethods;
      Xt = typeof t.fitTransform === "function" ? t.fitTransform(Xt, y) : (t.fit(Xt, y), t.transform!(Xt));
    }
    return Xt;
  }

  private finishFit(X: AnyX): void {
    const first = this.params.steps.find(([, e]) => !isPassthrough(e))?.[1] as BaseEstimator | undefined;
    const width = Array.isArray(X) ? ((X[0] as readonly unknown[] | undefined)?.length ?? 0) : (X as Tensor).shape[1];
    this.nFeaturesIn = first?.nFeaturesIn ?? width;
  }

  /** X through every fitted transformer but the last step. */
  private transformers(where: string, X: AnyX): AnyX {
    this.checkIsFitted(where);
    let Xt = X;
    const steps = this.params.steps;
    for (let i = 0; i < steps.length - 1; i++) {
      const est = steps[i][1];
      if (!isPassthrough(est)) Xt = (est as unknown as StepMethods).transform!(Xt);
    }
    return Xt;
  }

  private final(): StepMethods {
    return this.finalEstimator as unknown as StepMethods;
  }

  /** The last step's `predict` on X transformed by the other steps. */
  predict(X: ArrayInput): Tensor {
    return this.final().predict!(this.transformers("predict", X));
  }

  /** The last step's `predictProba` on X transformed by the other steps. */
  predictProba(X: ArrayInput): Tensor {
    return this.final().predictProba!(this.transformers("predictProba", X));
  }

  /** The last step's `decisionFunction` on X transformed by the other steps. */
  decisionFunction(X: ArrayInput): Tensor {
    return this.final().decisionFunction!(this.transformers("decisionFunction", X));
  }

  /** The last step's `score` on X transformed by the other steps (accuracy for a classifier, R² for a regressor). */
  score(X: ArrayInput, y: ArrayInput, sampleWeight?: ArrayInput): number {
    const Xt = this.transformers("score", X);
    return sampleWeight === undefined ? this.final().score!(Xt, y) : this.final().score!(Xt, y, sampleWeight);
  }

  /** X through every step's `transform` (a "passthrough" last step returns the transformers' output). */
  transform(X: ArrayInput): Tensor {
    const Xt = this.transformers("transform", X);
    const last = this.finalEstimator;
    return (isPassthrough(last) ? Xt : (last as unknown as StepMethods).transform!(Xt)) as Tensor;
  }

  /** Fits every step and returns the last step's `fitTransform` of the transformed X. */
  fitTransform(X: ArrayInput, y?: ArrayInput): Tensor {
    const Xt = this.fitTransformers(X, y);
    const last = this.finalEstimator;
    let out: AnyX;
    if (isPassthrough(last)) out = Xt;
    else {
      const f = last as unknown as StepMethods;
      out = typeof f.fitTransform === "function" ? f.fitTransform(Xt, y) : (f.fit(Xt, y), f.transform!(Xt));
    }
    this.finishFit(X);
    return out as Tensor;
  }

  /** X back through every step's `inverseTransform`, last step first. */
  inverseTransform(X: ArrayInput): Tensor {
    this.checkIsFitted("inverseTransform");
    let Xt: AnyX = X;
    for (const [, est] of [...this.params.steps].reverse()) if (!isPassthrough(est)) Xt = (est as unknown as StepMethods).inverseTransform!(Xt);
    return Xt as Tensor;
  }

  /** `Pipeline(steps=[('scaler', StandardScaler(...)), ...])`. */
  override toString(): string {
    return `Pipeline(steps=[${this.params.steps.map(([n, e]) => `('${n}', ${describe(e)})`).join(", ")}])`;
  }
}

/**
 * The steps' names as scikit-learn's `make_pipeline` gives them: each class name in lower case
 * ("passthrough" / "nonetype" for the empty steps), repeated names numbered `-1`, `-2`, ... in order.
 * @example
 * pipeline.nameEstimators([new preprocessing.StandardScaler(), new preprocessing.StandardScaler()]).map(([n]) => n);
 * // ["standardscaler-1", "standardscaler-2"]
 */
export function nameEstimators(estimators: readonly StepEstimator[]): Step[] {
  const names = estimators.map((e) => (e === null ? "nonetype" : typeof e === "string" ? e : e.constructor.name.toLowerCase()));
  const count = new Map<string, number>();
  for (const n of names) count.set(n, (count.get(n) ?? 0) + 1);
  for (const [n, c] of count) if (c === 1) count.delete(n);
  for (let i = names.length - 1; i >= 0; i--) {
    const c = count.get(names[i]);
    if (c !== undefined) {
      count.set(names[i], c - 1);
      names[i] = `${names[i]}-${c}`;
    }
  }
  return estimators.map((e, i) => [names[i], e] as const);
}

/**
 * A Pipeline whose step names are the estimators' class names in lower case, as
 * `sklearn.pipeline.make_pipeline` (duplicates numbered `-1`, `-2`).
 * @example
 * const model = pipeline.makePipeline(new preprocessing.StandardScaler(), new neighbors.KNeighborsClassifier());
 * model.getParams().kneighborsclassifier__nNeighbors; // 5
 * const search = new modelSelection.GridSearchCV({ estimator: model, paramGrid: { kneighborsclassifier__nNeighbors: [1, 3, 5] } });
 */
export function makePipeline(...estimators: StepEstimator[]): Pipeline {
  if (estimators.length === 0) throw new Error("makePipeline: give at least one estimator");
  return new Pipeline({ steps: nameEstimators(estimators) });
}
