/**
 * The playground's seven input features, TF Playground's set: x1, x2, x1², x2², x1·x2, sin(x1), sin(x2),
 * computed from the raw point (no scaling, the plane is [-6, 6]²). Free of the DOM.
 */
import { FEATURE_IDS, type Feature } from "./state.ts";

/**
 * One feature: its id, its label for the input column, and its value at a point.
 * @example FEATURES.find((f) => f.id === "x1x2")!.fn(2, 3); // 6
 */
export interface FeatureSpec {
  id: Feature;
  /** Label as drawn, e.g. "X₁²". */
  label: string;
  fn: (x1: number, x2: number) => number;
}

const FNS: Record<Feature, [string, (x1: number, x2: number) => number]> = {
  x1: ["X₁", (a) => a],
  x2: ["X₂", (_a, b) => b],
  x1Squared: ["X₁²", (a) => a * a],
  x2Squared: ["X₂²", (_a, b) => b * b],
  x1x2: ["X₁X₂", (a, b) => a * b],
  sinX1: ["sin(X₁)", (a) => Math.sin(a)],
  sinX2: ["sin(X₂)", (_a, b) => Math.sin(b)],
};

/**
 * Every feature in the input column's order.
 * @example FEATURES.map((f) => f.label); // ["X₁", "X₂", "X₁²", "X₂²", "X₁X₂", "sin(X₁)", "sin(X₂)"]
 */
export const FEATURES: readonly FeatureSpec[] = FEATURE_IDS.map((id) => ({ id, label: FNS[id][0], fn: FNS[id][1] }));

/**
 * The value of one feature at (x1, x2).
 * @example featureValue("sinX2", 0, Math.PI / 2); // 1
 */
export function featureValue(feature: Feature, x1: number, x2: number): number {
  return FNS[feature][1](x1, x2);
}

/**
 * The feature matrix of n points given as [x1, x2] pairs (flat, length 2n): row i holds the chosen
 * features of point i in the order given, as float32 [n * features.length], row-major.
 * @example featureMatrix(new Float32Array([1, 2]), ["x1x2", "x1"]); // Float32Array [2, 1]
 */
export function featureMatrix(points: ArrayLike<number>, features: readonly Feature[]): Float32Array {
  const n = points.length / 2;
  const k = features.length;
  const fns = features.map((f) => FNS[f][1]);
  const out = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    const a = points[2 * i];
    const b = points[2 * i + 1];
    for (let j = 0; j < k; j++) out[i * k + j] = fns[j](a, b);
  }
  return out;
}

/**
 * The points of a gridSize x gridSize grid over domain², flat [x1, x2] pairs in row-major order: cell
 * (row, col) is x1 = lo + (hi - lo) * col / (gridSize - 1) and x2 = hi - (hi - lo) * row / (gridSize - 1),
 * so row 0 is the top of the picture (x2 = hi) as a canvas draws it. Every grid of a Snapshot uses it.
 * @example gridPoints(2, [-6, 6]); // Float32Array [-6, 6, 6, 6, -6, -6, 6, -6]
 */
export function gridPoints(gridSize: number, domain: readonly [number, number]): Float32Array {
  const [lo, hi] = domain;
  const out = new Float32Array(2 * gridSize * gridSize);
  const step = gridSize > 1 ? (hi - lo) / (gridSize - 1) : 0;
  for (let row = 0; row < gridSize; row++) {
    for (let col = 0; col < gridSize; col++) {
      const i = row * gridSize + col;
      out[2 * i] = lo + step * col;
      out[2 * i + 1] = hi - step * row;
    }
  }
  return out;
}

/**
 * One feature over the grid (the input column's small heat maps), gridSize² values in `gridPoints` order.
 * @example featureGrid("x1", 50, [-6, 6]).length; // 2500
 */
export function featureGrid(feature: Feature, gridSize: number, domain: readonly [number, number]): Float32Array {
  return featureMatrix(gridPoints(gridSize, domain), [feature]);
}
