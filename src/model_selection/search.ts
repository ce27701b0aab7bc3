import { BaseEstimator, checkArray, checkTarget, clone, type ArrayInput, type Params } from "../base/estimator.ts";
import { getScorer, type Scorer, type ScorableEstimator } from "../metrics/scorer.ts";
import type { Tensor } from "../tensor/tensor.ts";
import { checkCv, isClassifier, type CvOption } from "./check_cv.ts";
import { cloneParams, reportFailures, type ErrorScore, type FitResult } from "./fit_and_score.ts";
import { runFits } from "./parallel.ts";
import { ParameterGrid, ParameterSampler, type ParamDistributions, type ParamGrid } from "./parameter_grid.ts";
import type { RandomStateLike } from "./splitter.ts";

/** Options every search takes (scikit-learn's BaseSearchCV arguments, camelCased). */
export interface BaseSearchOptions<E extends BaseEstimator> {
  /** The estimator to tune; each fit uses a clone of it with a candidate's parameters set. */
  estimator: E;
  /** A scorer name ("accuracy", ... see metrics.getScorer), a scorer function, or null (default) for `estimator.score`. */
  scoring?: string | Scorer | null;
  /** Fits in parallel on Node worker threads: -1 all cores, 1 none (default 1); a browser runs them in turn. */
  nJobs?: number;
  /** Refit a clone with the best parameters on all of X, y as `bestEstimator` (default true). */
  refit?: boolean;
  /** Folds: a number (default 5: StratifiedKFold for classifiers, KFold otherwise), a splitter, or `[train, test]` pairs. */
  cv?: CvOption;
  /** 1: scikit-learn's "Fitting k folds for each of n candidates" line and a live progress line on stderr (default 0). */
  verbose?: number;
  /** The score of a fit that throws: a number (default NaN, with a warning) or "raise". */
  errorScore?: ErrorScore;
  /** Also record the scores on the training rows (default false). */
  returnTrainScore?: boolean;
}

/**
 * A search's results, scikit-learn's `cv_results_` camelCased: one entry per candidate, in candidate order.
 * `params` holds each candidate's parameters (camelCase names); `split0TestScore`, `split1TestScore`, ...
 * the score on each split; `rankTestScore` ranks the mean test scores (1 is best; ties share the lowest
 * rank, scipy's "min"). Times are in seconds. scikit-learn's per-parameter `param_<name>` columns are not
 * repeated: read them from `params`.
 */
export interface CvResults {
  params: Params[];
  meanFitTime: number[];
  stdFitTime: number[];
  meanScoreTime: number[];
  stdScoreTime: number[];
  meanTestScore: number[];
  stdTestScore: number[];
  rankTestScore: number[];
  meanTrainScore?: number[];
  stdTrainScore?: number[];
  [split: `split${number}TestScore` | `split${number}TrainScore`]: number[];
}

/** numpy's pairwise summation (what `np.mean` uses along a contiguous axis), so means tie where numpy's do. */
function pairwiseSum(a: readonly number[], lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i];
    return res;
  }
  if (n <= 128) {
    const r = a.slice(lo, lo + 8);
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j] += a[lo + i + j];
    let res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
    for (; i < n; i++) res += a[lo + i];
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwiseSum(a, lo, n2) + pairwiseSum(a, lo + n2, n - n2);
}

/** Mean and population standard deviation, as numpy computes them for cv_results_. */
function meanStd(a: readonly number[]): [number, number] {
  const mean = pairwiseSum(a, 0, a.length) / a.length;
  const sq = a.map((v) => (v - mean) ** 2);
  return [mean, Math.sqrt(pairwiseSum(sq, 0, sq.length) / sq.length)];
}

/** scipy's `rankdata(-means, method="min")`, NaNs counted as worse than every score (scikit-learn 1.2). */
function minRank(means: readonly number[]): number[] {
  if (means.every(Number.isNaN)) return means.map(() => 1);
  const worst = Math.min(...means.filter((m) => !Number.isNaN(m))) - 1;
  const m = means.map((v) => (Number.isNaN(v) ? worst : v));
  return m.map((v) => 1 + m.filter((w) => w > v).length);
}

/**
 * The machinery GridSearchCV and RandomizedSearchCV share, as scikit-learn's `BaseSearchCV`: `await
 * fit(X, y)` scores every candidate on every split (in parallel with `nJobs`), fills `cvResults`,
 * `bestIndex` (rank 1, the lowest index among ties), `bestParams`, `bestScore` and, with `refit`,
 * `bestEstimator` (a clone fitted on all the data); the fitted search then predicts and scores like
 * that estimator. Not itself an estimator: no getParams / clone (a search inside a search is not supported).
 * @example
 * class MySearch extends modelSelection.BaseSearchCV {
 *   constructor(options: modelSelection.BaseSearchOptions<base.BaseEstimator>) { super(options); }
 *   protected candidateParams() { return [{ nNeighbors: 1 }, { nNeighbors: 5 }]; }
 * }
 * await new MySearch({ estimator: new neighbors.KNeighborsClassifier() }).fit(X, y);
 */
export abstract class BaseSearchCV<E extends BaseEstimator = BaseEstimator> {
  readonly estimator: E;
  readonly scoring: string | Scorer | null;
  readonly nJobs: number;
  readonly refit: boolean;
  readonly cv: CvOption;
  readonly verbose: number;
  readonly errorScore: ErrorScore;
  readonly returnTrainScore: boolean;

  /** Every candidate's scores and times; null before `fit`. */
  cvResults: CvResults | null = null;
  /** Index into `cvResults` of the best candidate; null before `fit`. */
  bestIndex: number | null = null;
  /** The best candidate's parameters; null before `fit`. */
  bestParams: Params | null = null;
  /** The best candidate's mean test score; null before `fit`. */
  bestScore: number | null = null;
  /** A clone of `estimator` with `bestParams`, fitted on all of X, y (refit: true); null otherwise. */
  bestEstimator: E | null = null;
  /** Seconds the refit took; null without refit. */
  refitTime: number | null = null;
  /** Number of cross-validation splits; null before `fit`. */
  nSplits: number | null = null;

  protected constructor(options: BaseSearchOptions<E>) {
    const name = this.constructor.name;
    if (options === null || typeof options !== "object") throw new Error(`${name}: expected an options object`);
    if (!(options.estimator instanceof BaseEstimator)) throw new Error(`${name}: estimator must be an estimator (a base.BaseEstimator), got ${String(options.estimator)}`);
    this.estimator = options.estimator;
    this.scoring = options.scoring ?? null;
    getScorer(this.scoring); // an unknown scorer name fails here, before any fit
    this.nJobs = options.nJobs ?? 1;
    if (!Number.isInteger(this.nJobs) || this.nJobs === 0) throw new Error(`${name}: nJobs must be a nonzero integer (-1 for all cores), got ${this.nJobs}`);
    this.refit = options.refit ?? true;
    this.cv = options.cv ?? 5;
    this.verbose = options.verbose ?? 0;
    this.errorScore = options.errorScore ?? NaN;
    this.returnTrainScore = options.returnTrainScore ?? false;
  }

  /** The candidates' parameters, in the order they are evaluated. */
  protected abstract candidateParams(): Params[];

  /** The search's class name, used in messages. */
  get searchName(): string {
    return this.constructor.name;
  }

  /**
   * Scores every candidate on every split, then picks the best and (with refit) fits it on all of X, y.
   * A parameter name the estimator does not have is an error before any fitting. Resolves to this.
   * @example
   * await search.fit(XTrain, yTrain);
   * search.bestParams; // { metric: "euclidean", nNeighbors: 7 }
   */
  async fit(X: ArrayInput, y?: ArrayInput | null): Promise<this> {
    const name = this.searchName;
    const x = checkArray(`${name}.fit`, X);
    const target = y === undefined || y === null ? null : checkTarget(`${name}.fit`, y, x.shape[0]);
    const candidates = this.candidateParams();
    if (candidates.length === 0) throw new Error(`${name}.fit: no candidates to evaluate`);
    for (const c of candidates) {
      try {
        clone(this.estimator).setParams(c);
      } catch (err) {
        throw new Error(`${name}: ${(err as Error).message}`);
      }
    }
    const splits = [...checkCv(this.cv, target, isClassifier(this.estimator)).split(x, target)];
    const nSplits = splits.length;
    const results = await runFits(
      { estimator: this.estimator, candidates, splits, X: x, y: target, scoring: this.scoring, returnTrainScore: this.returnTrainScore, errorScore: this.errorScore },
      {
        nJobs: this.nJobs,
        verbose: this.verbose,
        name,
        header: `Fitting ${nSplits} folds for each of ${candidates.length} candidates, totalling ${nSplits * candidates.length} fits`,
      },
    );
    reportFailures(name, results);
    this.cvResults = this.formatResults(candidates, nSplits, results);
    this.nSplits = nSplits;
    const ranks = this.cvResults.rankTestScore;
    this.bestIndex = ranks.indexOf(Math.min(...ranks));
    this.bestParams = { ...candidates[this.bestIndex] };
    this.bestScore = this.cvResults.meanTestScore[this.bestIndex];
    this.bestEstimator = null;
    this.refitTime = null;
    if (this.refit) {
      const start = performance.now();
      const best = clone(this.estimator).setParams(cloneParams(this.bestParams));
      best.fit(x, target ?? undefined);
      this.bestEstimator = best;
      this.refitTime = (performance.now() - start) / 1000;
    }
    return this;
  }

  private formatResults(candidates: Params[], nSplits: number, results: FitResult[]): CvResults {
    const rows = (pick: (r: FitResult) => number): number[][] =>
      candidates.map((_, c) => results.slice(c * nSplits, (c + 1) * nSplits).map(pick));
    const stats = (table: number[][]): [number[], number[]] => {
      const ms = table.map(meanStd);
      return [ms.map((v) => v[0]), ms.map((v) => v[1])];
    };
    const [meanFitTime, stdFitTime] = stats(rows((r) => r.fitTime));
    const [meanScoreTime, stdScoreTime] = stats(rows((r) => r.scoreTime));
    const testTable = rows((r) => r.testScore);
    const [meanTestScore, stdTestScore] = stats(testTable);
    const out: CvResults = {
      params: candidates.map((c) => ({ ...c })),
      meanFitTime,
      stdFitTime,
      meanScoreTime,
      stdScoreTime,
      meanTestScore,
      stdTestScore,
      rankTestScore: minRank(meanTestScore),
    };
    for (let s = 0; s < nSplits; s++) out[`split${s}TestScore`] = testTable.map((row) => row[s]);
    if (this.returnTrainScore) {
      const trainTable = rows((r) => r.trainScore!);
      [out.meanTrainScore, out.stdTrainScore] = stats(trainTable);
      for (let s = 0; s < nSplits; s++) out[`split${s}TrainScore`] = trainTable.map((row) => row[s]);
    }
    return out;
  }

  /** The refitted best estimator, or scikit-learn's errors before fit / without refit. */
  private best(method: string): E {
    const name = this.searchName;
    if (this.cvResults === null) {
      throw new Error(`${name}.${method}: This ${name} instance is not fitted yet. Call 'fit' with appropriate arguments before using this estimator.`);
    }
    if (!this.refit || this.bestEstimator === null) {
      throw new Error(`${name}.${method}: This ${name} instance was initialized with refit=false. ${method} is available only after refitting on the best parameters. You can refit an estimator manually using the bestParams attribute`);
    }
    return this.bestEstimator;
  }

  private delegate(method: "predict" | "predictProba" | "predictLogProba" | "decisionFunction" | "transform", X: ArrayInput): Tensor {
    const best = this.best(method);
    const fn = (best as unknown as Record<string, unknown>)[method];
    if (typeof fn !== "function") throw new Error(`${this.searchName}.${method}: the best estimator ${best.estimatorName} has no ${method} method`);
    return (fn as (X: ArrayInput) => Tensor).call(best, X);
  }

  /** `bestEstimator.predict(X)`. */
  predict(X: ArrayInput): Tensor {
    return this.delegate("predict", X);
  }

  /** `bestEstimator.predictProba(X)` (for estimators that have it). */
  predictProba(X: ArrayInput): Tensor {
    return this.delegate("predictProba", X);
  }

  /** `bestEstimator.predictLogProba(X)` (for estimators that have it). */
  predictLogProba(X: ArrayInput): Tensor {
    return this.delegate("predictLogProba", X);
  }

  /** `bestEstimator.decisionFunction(X)` (for estimators that have it). */
  decisionFunction(X: ArrayInput): Tensor {
    return this.delegate("decisionFunction", X);
  }

  /** `bestEstimator.transform(X)` (for transformers). */
  transform(X: ArrayInput): Tensor {
    return this.delegate("transform", X);
  }

  /**
   * The score of the best estimator on (X, y), with the search's `scoring` (its own `score` when scoring
   * is null), as scikit-learn's `BaseSearchCV.score`.
   */
  score(X: ArrayInput, y: ArrayInput): number {
    const best = this.best("score");
    const where = `${this.searchName}.score`;
    const x = checkArray(where, X);
    return getScorer(this.scoring)(best as unknown as ScorableEstimator, x, checkTarget(where, y, x.shape[0]));
  }

  /** The best estimator's classes (classifiers), as scikit-learn's `classes_`. */
  get classes(): unknown {
    return (this.best("classes") as unknown as { classes?: unknown }).classes ?? null;
  }

  /** Number of features the best estimator was fitted on; null before fit. */
  get nFeaturesIn(): number | null {
    return this.bestEstimator?.nFeaturesIn ?? null;
  }
}

/** Options of GridSearchCV: the shared ones plus the grid. */
export interface GridSearchOptions<E extends BaseEstimator> extends BaseSearchOptions<E> {
  /** Parameter name -> values to try (arrays or 1-D Tensors), or a list of such grids. */
  paramGrid: ParamGrid;
}

/**
 * Exhaustive search over a parameter grid, as scikit-learn's `GridSearchCV`: every combination of
 * `ParameterGrid(paramGrid)` (keys sorted, last key fastest: scikit-learn's order) on every split.
 * `fit` is async (the fits may run on worker threads with nJobs); the results equal nJobs = 1's.
 * @example
 * const search = new modelSelection.GridSearchCV({
 *   estimator: new neighbors.KNeighborsClassifier(),
 *   paramGrid: { nNeighbors: bp.arange(1, 31), metric: ["euclidean", "manhattan"] },
 *   cv: new modelSelection.KFold({ nSplits: 3, shuffle: true, randomState: 42 }),
 *   scoring: "accuracy",
 *   nJobs: -1,
 * });
 * await search.fit(XTrain, yTrain);
 * console.log(search.bestParams, search.bestScore);
 * const yPred = search.predict(XTest);
 */
export class GridSearchCV<E extends BaseEstimator = BaseEstimator> extends BaseSearchCV<E> {
  readonly paramGrid: ParamGrid;

  constructor(options: GridSearchOptions<E>) {
    super(options);
    this.paramGrid = options.paramGrid;
    new ParameterGrid(this.paramGrid); // a malformed grid fails here
  }

  protected candidateParams(): Params[] {
    return [...new ParameterGrid(this.paramGrid)];
  }
}

/** Options of RandomizedSearchCV: the shared ones plus the distributions, nIter and randomState. */
export interface RandomizedSearchOptions<E extends BaseEstimator> extends BaseSearchOptions<E> {
  /** Parameter name -> values (drawn uniformly) or a Distribution (`rvs(rs)`), or a list of such objects. */
  paramDistributions: ParamDistributions;
  /** Number of candidates drawn (default 10). */
  nIter?: number;
  /** Seed or RandomState for the draws (default null: unseeded). */
  randomState?: RandomStateLike;
}

/**
 * Randomized search, as scikit-learn's `RandomizedSearchCV`: `nIter` candidates drawn by
 * `ParameterSampler(paramDistributions, nIter, {randomState})` (scikit-learn's draws for an integer
 * randomState), each scored on every split.
 * @example
 * const search = new modelSelection.RandomizedSearchCV({
 *   estimator: new neighbors.KNeighborsClassifier(),
 *   paramDistributions: { nNeighbors: bp.arange(1, 31), weights: ["uniform", "distance"] },
 *   nIter: 8,
 *   randomState: 0,
 * });
 * await search.fit(X, y);
 */
export class RandomizedSearchCV<E extends BaseEstimator = BaseEstimator> extends BaseSearchCV<E> {
  readonly paramDistributions: ParamDistributions;
  readonly nIter: number;
  readonly randomState: RandomStateLike;

  constructor(options: RandomizedSearchOptions<E>) {
    super(options);
    this.paramDistributions = options.paramDistributions;
    this.nIter = options.nIter ?? 10;
    this.randomState = options.randomState ?? null;
    new ParameterSampler(this.paramDistributions, this.nIter); // malformed distributions fail here
  }

  protected candidateParams(): Params[] {
    return [...new ParameterSampler(this.paramDistributions, this.nIter, { randomState: this.randomState })];
  }
}
