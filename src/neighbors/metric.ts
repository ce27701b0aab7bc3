/*
 * The distance metrics of the neighbours estimators, resolved as scikit-learn 1.2 resolves them
 * (`effective_metric_`): minkowski with p = 1, 2 or Infinity is manhattan, euclidean or chebyshev.
 */

/** The metric names the neighbours estimators accept (scikit-learn's, with its aliases). */
export type MetricName = "minkowski" | "euclidean" | "l2" | "manhattan" | "cityblock" | "l1" | "chebyshev" | "infinity" | "cosine";

/**
 * A resolved metric. `kind` picks the distance; `p` is the Minkowski power (only for `"minkowski"`).
 * The heap ranks the "reduced" distance (squared for euclidean, `sum |a - b|^p` for minkowski),
 * as scikit-learn's ArgKmin does; `reducedToDistance` gives back the distance.
 */
export interface Metric {
  kind: "euclidean" | "manhattan" | "chebyshev" | "minkowski" | "cosine";
  p: number;
}

const ALIASES: Record<MetricName, Metric["kind"] | "minkowski"> = {
  minkowski: "minkowski", euclidean: "euclidean", l2: "euclidean", manhattan: "manhattan", cityblock: "manhattan",
  l1: "manhattan", chebyshev: "chebyshev", infinity: "chebyshev", cosine: "cosine",
};

/** The accepted names, for messages. */
export const METRIC_NAMES = Object.keys(ALIASES) as MetricName[];

/**
 * Checks `metric` and `p` and resolves them (minkowski p = 1 / 2 / Infinity become manhattan / euclidean
 * / chebyshev). `where` names the estimator in messages.
 * @example resolveMetric("KNeighborsClassifier", "minkowski", 2); // { kind: "euclidean", p: 2 }
 */
export function resolveMetric(where: string, metric: string, p: number): Metric {
  if (!Object.prototype.hasOwnProperty.call(ALIASES, metric)) {
    throw new Error(`${where}: metric must be one of ${METRIC_NAMES.map((m) => `"${m}"`).join(", ")}, got ${JSON.stringify(metric)}`);
  }
  if (typeof p !== "number" || !(p > 0)) throw new Error(`${where}: p must be a number > 0, got ${String(p)}`);
  const kind = ALIASES[metric as MetricName];
  if (kind !== "minkowski") return { kind, p };
  if (p === 1) return { kind: "manhattan", p };
  if (p === 2) return { kind: "euclidean", p };
  if (p === Infinity) return { kind: "chebyshev", p };
  return { kind: "minkowski", p };
}

/** The distance of a reduced distance: sqrt for euclidean (clamped at 0), the p-th root for minkowski. */
export function reducedToDistance(metric: Metric, r: number): number {
  if (metric.kind === "euclidean") return Math.sqrt(Math.max(r, 0));
  if (metric.kind === "minkowski") return Math.pow(r, 1 / metric.p);
  return r;
}
