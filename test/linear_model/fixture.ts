/** test/fixtures/linear_model.json (written by gen_linear_model.py with scikit-learn 1.2.1), typed. */
import { readFileSync } from "node:fs";

export type Matrix = number[][];

export interface RegressionCase {
  name: string;
  X: Matrix;
  y: number[] | Matrix;
  fitIntercept: boolean;
  linear: { coef: number[] | Matrix; intercept: number | number[]; rank: number; singular: number[] };
  ridge: { alpha: number; coef: number[] | Matrix; intercept: number | number[] }[];
}

export interface LogisticCase {
  name: string;
  data: "multinomial" | "binary";
  C: number;
  penalty: "l2" | null;
  fitIntercept?: boolean;
  coef: Matrix;
  intercept: number[];
  proba: Matrix;
  predict: number[];
}

export interface LinearModelFixture {
  regression: RegressionCase[];
  iris: { data: Matrix; target: number[] };
  logistic: LogisticCase[];
  logisticDefault: { nIterDefault: number; probaDefault: Matrix };
  digits500: { data16: Matrix; target: number[] };
  sgdAccuracy: Record<string, number>;
  linearClassifier: {
    X: Matrix;
    y: number[];
    runs: {
      loss: "svm" | "softmax";
      penalty: "l2" | "l1" | null;
      alpha: number;
      learningRate: number;
      batchSize: number;
      epochs: number;
      W0: Matrix;
      W: Matrix;
      lossHistory: number[];
    }[];
  };
}

export const fixture = JSON.parse(readFileSync(new URL("../fixtures/linear_model.json", import.meta.url), "utf8")) as LinearModelFixture;

/** Flattens nested number arrays. */
export function flat(x: number | number[] | Matrix): number[] {
  return typeof x === "number" ? [x] : (x as (number | number[])[]).flat();
}

/** Largest |a - b| / max(|b|, floor) over the elements. */
export function maxRelErr(a: ArrayLike<number>, b: ArrayLike<number>, floor = 1): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} != ${b.length}`);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(Math.abs(b[i]), floor));
  return worst;
}

/** Iris standardized with the population std (what StandardScaler gives). */
export function standardize(X: Matrix): Matrix {
  const n = X.length;
  const p = X[0].length;
  const mean = new Array<number>(p).fill(0);
  const sd = new Array<number>(p).fill(0);
  for (const r of X) r.forEach((v, j) => (mean[j] += v / n));
  for (const r of X) r.forEach((v, j) => (sd[j] += (v - mean[j]) ** 2 / n));
  return X.map((r) => r.map((v, j) => (v - mean[j]) / Math.sqrt(sd[j])));
}
