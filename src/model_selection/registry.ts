import { BaseEstimator, type ParamValue, type Params } from "../base/estimator.ts";

/*
 * Estimators cross a thread boundary as plain data: `{className, params}`, nested estimators the same way,
 * and are rebuilt on the other side from a registry of classes by name. The library's own estimators are
 * registered by walking its namespaces (registerNamespace on the package's exports); a user class is
 * registered with registerEstimator(Ctor, {module}), where `module` is the URL of a module that exports
 * it, so that a worker thread can import that module too.
 */

/** An estimator class, as the registry holds it: constructed from one options object. */
export type EstimatorClass = (abstract new (options: Params) => BaseEstimator) | (new (options: Params) => BaseEstimator);

/** An estimator as data: its class name and its parameters (nested estimators as EstimatorJson too). */
export interface EstimatorJson {
  __estimator__: string;
  params: { [key: string]: JsonParam };
}

/** A parameter value as data: estimators replaced by EstimatorJson. */
export type JsonParam = number | string | boolean | null | undefined | EstimatorJson | readonly JsonParam[] | { [key: string]: JsonParam };

const classes = new Map<string, EstimatorClass>();
const modules = new Set<string>();
/** Class names a worker thread can rebuild: the library's own (registerNamespace) and those registered with a module. */
const shippable = new Set<string>();

/**
 * Registers an estimator class under its name so that `estimatorFromJson` (and the grid-search worker
 * threads) can rebuild it. `module`: the URL of a module exporting the class (`import.meta.url` in the
 * file that defines it); worker threads import it before rebuilding estimators. Without `module`, the
 * class is rebuilt only on this thread, and a parallel search over it runs sequentially.
 * @example
 * // in my_estimator.ts, which exports MyEstimator:
 * modelSelection.registerEstimator(MyEstimator, { module: import.meta.url });
 */
export function registerEstimator(Ctor: EstimatorClass, options: { module?: string } = {}): void {
  if (typeof Ctor !== "function" || !(Ctor.prototype instanceof BaseEstimator)) {
    throw new Error("registerEstimator: expected an estimator class (a subclass of base.BaseEstimator)");
  }
  const known = classes.get(Ctor.name);
  if (known !== undefined && known !== Ctor) throw new Error(`registerEstimator: another class named "${Ctor.name}" is already registered`);
  classes.set(Ctor.name, Ctor);
  if (options.module !== undefined) {
    modules.add(options.module);
    shippable.add(Ctor.name);
  }
}


/**
 * Registers every estimator class found in `ns` and in the namespaces it holds (one level down), as
 * the library does with its own exports; returns how many were found.
 */
export function registerNamespace(ns: Record<string, unknown>): number {
  let found = 0;
  const visit = (obj: Record<string, unknown>, depth: number): void => {
    for (const v of Object.values(obj)) {
      if (typeof v === "function" && v.prototype instanceof BaseEstimator) {
        const Ctor = v as EstimatorClass;
        if (!classes.has(Ctor.name) || classes.get(Ctor.name) === Ctor) {
          classes.set(Ctor.name, Ctor);
          shippable.add(Ctor.name);
          found++;
        }
      } else if (depth > 0 && v !== null && typeof v === "object" && !Array.isArray(v)) visit(v as Record<string, unknown>, depth - 1);
    }
  };
  visit(ns, 1);
  return found;
}

/** The module URLs registered for worker threads to import. */
export function registeredModules(): string[] {
  return [...modules];
}

/** A plain object (`{...}` or Object.create(null)), as opposed to a class instance. */
function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== "object") return false;
  const proto = Object.getPrototypeOf(v) as unknown;
  return proto === Object.prototype || proto === null;
}

/** Whether every estimator in `value` (the estimator itself, nested ones, ones inside arrays) can be rebuilt on a worker thread. */
export function canShip(value: ParamValue): boolean {
  if (value instanceof BaseEstimator) {
    return shippable.has(value.estimatorName) && classes.get(value.estimatorName) === value.constructor && Object.values(value.getParams(false)).every(canShip);
  }
  if (Array.isArray(value)) return value.every(canShip);
  if (ArrayBuffer.isView(value)) return true;
  if (isPlainObject(value)) return Object.values(value).every((v) => canShip(v as ParamValue));
  // functions and class instances (a Tensor, a RandomState) do not survive the trip
  return value === null || (typeof value !== "object" && typeof value !== "function");
}

/** A parameter value as data (estimators become EstimatorJson). */
export function paramToJson(value: ParamValue): JsonParam {
  if (value instanceof BaseEstimator) return estimatorToJson(value);
  if (Array.isArray(value)) return value.map(paramToJson);
  if (isPlainObject(value)) {
    const out: { [key: string]: JsonParam } = {};
    for (const [k, v] of Object.entries(value)) out[k] = paramToJson(v as ParamValue);
    return out;
  }
  return value as JsonParam;
}

/**
 * An estimator as data, `{__estimator__: className, params}` (nested estimators likewise), for
 * `estimatorFromJson` on this or another thread; fitted state is not included.
 * @example
 * const json = modelSelection.estimatorToJson(new neighbors.KNeighborsClassifier({ nNeighbors: 3 }));
 * // { __estimator__: "KNeighborsClassifier", params: { nNeighbors: 3, ... } }
 */
export function estimatorToJson(estimator: BaseEstimator): EstimatorJson {
  const params: { [key: string]: JsonParam } = {};
  for (const [k, v] of Object.entries(estimator.getParams(false))) params[k] = paramToJson(v);
  return { __estimator__: estimator.estimatorName, params };
}

function isEstimatorJson(v: unknown): v is EstimatorJson {
  return v !== null && typeof v === "object" && typeof (v as EstimatorJson).__estimator__ === "string";
}

/** A parameter value rebuilt from data (EstimatorJson becomes an estimator). */
export function paramFromJson(value: JsonParam): ParamValue {
  if (isEstimatorJson(value)) return estimatorFromJson(value);
  if (Array.isArray(value)) return value.map(paramFromJson);
  if (isPlainObject(value)) {
    const out: { [key: string]: ParamValue } = {};
    for (const [k, v] of Object.entries(value)) out[k] = paramFromJson(v as JsonParam);
    return out;
  }
  return value as ParamValue;
}

/**
 * Rebuilds an unfitted estimator from `estimatorToJson`'s data, by its registered class. An unknown class
 * name is an error naming it.
 * @example
 * const knn = modelSelection.estimatorFromJson(json); // a KNeighborsClassifier with the same params
 */
export function estimatorFromJson(json: EstimatorJson): BaseEstimator {
  const Ctor = classes.get(json.__estimator__) as (new (options: Params) => BaseEstimator) | undefined;
  if (Ctor === undefined) throw new Error(`estimatorFromJson: no estimator class named "${json.__estimator__}" is registered (modelSelection.registerEstimator)`);
  const params: Params = {};
  for (const [k, v] of Object.entries(json.params)) params[k] = paramFromJson(v);
  return new Ctor(params);
}
