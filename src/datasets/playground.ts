/**
 * The toy 2-D data sets of TensorFlow Playground (tensorflow/playground's src/dataset.ts), seeded, as
 * tensors: the classification sets circle, xor, gaussian and spiral, the regression sets plane and
 * multiGaussian, and two built on scikit-learn's generators, moons (`makeMoons`) and blobs
 * (`makeBlobs`, the "two clouds"). Free of Node built-ins: the web playground draws the same sets.
 */
import { Tensor } from "../tensor/tensor.ts";
import { RandomState, checkRandomState } from "../random/random_state.ts";
import { makeMoons } from "./moons.ts";
import { makeBlobs } from "./blobs.ts";
import { checkInt, shuffleRows } from "./generator_utils.ts";

/**
 * The classification sets, labels int32 0 / 1 (TF Playground's -1 is 0, its +1 is 1).
 * @example PLAYGROUND_CLASSIFICATION.includes("xor"); // true
 */
export const PLAYGROUND_CLASSIFICATION = ["circle", "xor", "gaussian", "spiral", "moons", "blobs"] as const;
/**
 * The regression sets, targets float32 (plane in [-1.2, 1.2], multiGaussian in [-1, 1]).
 * @example PLAYGROUND_REGRESSION; // ["plane", "multiGaussian"]
 */
export const PLAYGROUND_REGRESSION = ["plane", "multiGaussian"] as const;
/**
 * Every name `playground` takes, classification first (the options of a data-set menu).
 * @example const sets = PLAYGROUND_NAMES.map((name) => datasets.playground(name, { n: 100 }));
 */
export const PLAYGROUND_NAMES = [...PLAYGROUND_CLASSIFICATION, ...PLAYGROUND_REGRESSION] as const;

/**
 * A name of one of the playground's sets.
 * @example const name: PlaygroundName = "spiral";
 */
export type PlaygroundName = (typeof PLAYGROUND_NAMES)[number];

/**
 * Options of `playground`.
 * @example const options: PlaygroundOptions = { n: 200, noise: 0.25, seed: 42 };
 */
export interface PlaygroundOptions {
  /** Number of points (default 500, TF Playground's count for classification). */
  n?: number;
  /** Noise level in [0, 0.5]: TF Playground's 0..50 % slider divided by 100 (default 0). */
  noise?: number;
  /** Seed of the numpy-compatible `RandomState` the points are drawn from, or a RandomState to draw on (default 0). */
  seed?: number | RandomState;
  /** Shuffle the rows, as TF Playground does before splitting (default true). */
  shuffle?: boolean;
}

/**
 * A playground set: points `x` float32 [n, 2]; `y` int32 [n] (0 / 1) or float32 [n] (regression).
 * @example const { x, y }: PlaygroundData = datasets.playground("circle");
 */
export interface PlaygroundData {
  x: Tensor;
  y: Tensor;
}

/** The points and labels a generator fills in, in generation order. */
interface Raw {
  x: Float64Array;
  y: Float64Array;
}

/** Side of the playground's square: points of the bounded sets lie in [-RANGE, RANGE]². */
const RANGE = 6;
/** Moons: scikit-learn's moons span x in [-1, 2], y in [-0.5, 1]; centred on this point ... */
const MOONS_CENTER = [0.5, 0.25] as const;
/** ... and scaled by this, they span x in [-5, 5], y in [-2.5, 2.5], like the playground's sets. */
const MOONS_SCALE = 10 / 3;
/** Blobs: the two clouds' centers (class 0, class 1) in playground units. */
const BLOBS_CENTERS = [[-3, 3], [3, -3]];

/** Splits n points over two classes: TF's positive class (label 1, drawn first) gets the odd one. */
function halves(n: number): [number, number] {
  const neg = Math.floor(n / 2);
  return [n - neg, neg];
}

/** Euclidean distance of (a, b) from (cx, cy), as TF Playground's `dist`. */
function dist(a: number, b: number, cx: number, cy: number): number {
  const dx = a - cx;
  const dy = b - cy;
  return Math.sqrt(dx * dx + dy * dy);
}

/** Circle: label 1 inside radius 2.5 of the origin, 0 in the ring 3.5..5; noise moves the point labelled, not the point drawn. */
function circle(rs: RandomState, n: number, noise: number): Raw {
  const radius = 5;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const [pos, neg] = halves(n);
  let i = 0;
  const ring = (count: number, rMin: number, rMax: number): void => {
    for (let k = 0; k < count; k++, i++) {
      const r = rs.uniform(rMin, rMax);
      const angle = rs.uniform(0, 2 * Math.PI);
      const px = r * Math.sin(angle);
      const py = r * Math.cos(angle);
      const nx = rs.uniform(-radius, radius) * noise;
      const ny = rs.uniform(-radius, radius) * noise;
      x[2 * i] = px;
      x[2 * i + 1] = py;
      y[i] = dist(px + nx, py + ny, 0, 0) < radius * 0.5 ? 1 : 0;
    }
  };
  ring(pos, 0, radius * 0.5);
  ring(neg, radius * 0.7, radius);
  return { x, y };
}

/** XOR: uniform in [-5, 5]² pushed 0.3 away from each axis; label 1 where x1 * x2 >= 0 (of the noisy point). */
function xor(rs: RandomState, n: number, noise: number): Raw {
  const padding = 0.3;
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let px = rs.uniform(-5, 5);
    px += px > 0 ? padding : -padding;
    let py = rs.uniform(-5, 5);
    py += py > 0 ? padding : -padding;
    const nx = rs.uniform(-5, 5) * noise;
    const ny = rs.uniform(-5, 5) * noise;
    x[2 * i] = px;
    x[2 * i + 1] = py;
    y[i] = (px + nx) * (py + ny) >= 0 ? 1 : 0;
  }
  return { x, y };
}

/** Gaussian: label 1 around (2, 2), label 0 around (-2, -2), variance 0.5 + 7 * noise (0.5 .. 4). */
function gaussian(rs: RandomState, n: number, noise: number): Raw {
  const std = Math.sqrt(0.5 + (noise / 0.5) * 3.5);
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const [pos, neg] = halves(n);
  let i = 0;
  for (const [count, c, label] of [[pos, 2, 1], [neg, -2, 0]]) {
    for (let k = 0; k < count; k++, i++) {
      x[2 * i] = rs.normal(c, std);
      x[2 * i + 1] = rs.normal(c, std);
      y[i] = label;
    }
  }
  return { x, y };
}

/** Spiral: two arms r = 5 k / m, t = 1.75 * 2π k / m (+ π for label 0), each coordinate plus noise * U(-1, 1). */
function spiral(rs: RandomState, n: number, noise: number): Raw {
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  const [pos, neg] = halves(n);
  let i = 0;
  for (const [m, deltaT, label] of [[pos, 0, 1], [neg, Math.PI, 0]]) {
    for (let k = 0; k < m; k++, i++) {
      const r = (k / m) * 5;
      const t = ((1.75 * k) / m) * 2 * Math.PI + deltaT;
      x[2 * i] = r * Math.sin(t) + rs.uniform(-1, 1) * noise;
      x[2 * i + 1] = r * Math.cos(t) + rs.uniform(-1, 1) * noise;
      y[i] = label;
    }
  }
  return { x, y };
}

/** Points uniform in [-6, 6]² and the label of the point moved by noise * U(-6, 6)² through `label`. */
function regression(rs: RandomState, n: number, noise: number, label: (a: number, b: number) => number): Raw {
  const x = new Float64Array(2 * n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const px = rs.uniform(-RANGE, RANGE);
    const py = rs.uniform(-RANGE, RANGE);
    const nx = rs.uniform(-RANGE, RANGE) * noise;
    const ny = rs.uniform(-RANGE, RANGE) * noise;
    x[2 * i] = px;
    x[2 * i + 1] = py;
    y[i] = label(px + nx, py + ny);
  }
  return { x, y };
}

/** Plane: y = (x1 + x2) / 10 (TF's linear scale from [-10, 10] to [-1, 1], not clamped). */
const planeLabel = (a: number, b: number): number => (a + b) / 10;

/** Six bumps with signs +, -, + (top row, y = 2.5) and -, +, - (bottom row) at x = -4, 0, 4. */
const BUMPS = [[-4, 2.5, 1], [0, 2.5, -1], [4, 2.5, 1], [-4, -2.5, -1], [0, -2.5, 1], [4, -2.5, -1]];

/** multiGaussian: the signed bump sign * max(0, 1 - d / 2) (d the distance to its center) largest in absolute value. */
function multiGaussianLabel(a: number, b: number): number {
  let label = 0;
  for (const [cx, cy, sign] of BUMPS) {
    const v = sign * Math.max(0, 1 - dist(a, b, cx, cy) / 2);
    if (Math.abs(v) > Math.abs(label)) label = v;
  }
  return label;
}

const GENERATORS: Record<Exclude<PlaygroundName, "moons" | "blobs">, (rs: RandomState, n: number, noise: number) => Raw> = {
  circle,
  xor,
  gaussian,
  spiral,
  plane: (rs, n, noise) => regression(rs, n, noise, planeLabel),
  multiGaussian: (rs, n, noise) => regression(rs, n, noise, multiGaussianLabel),
};

/** Float64 values of an [n, 2] tensor mapped by `f(value, column)` into a float32 [n, 2] tensor. */
function toPoints(X: Tensor, f: (v: number, col: number) => number): Tensor {
  const src = X.contiguous().data;
  const out = new Float32Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = f(src[i], i % 2);
  return new Tensor(out, [src.length / 2, 2]);
}

/**
 * One of TensorFlow Playground's toy 2-D data sets, drawn from a seeded numpy-compatible `RandomState`
 * (the same seed gives the same set bit for bit). Classification sets give int32 labels 0 / 1, which
 * `nn.CrossEntropyLoss` and the classifiers take as they are (TF Playground's -1 is 0, its +1 is 1);
 * regression sets give float32 targets. `noise` is TF Playground's slider / 100, in [0, 0.5].
 *
 * - `"circle"`: half the points (label 1) at radius U(0, 2.5), half (label 0) at radius U(3.5, 5), at
 *   angle U(0, 2π); with noise the label is that of the point moved by noise * U(-5, 5) per coordinate.
 * - `"xor"`: uniform in [-5, 5]², pushed 0.3 away from both axes; label 1 where x1 * x2 >= 0 (of the
 *   point moved by noise * U(-5, 5) per coordinate).
 * - `"gaussian"`: label 1 ~ N((2, 2), v I), label 0 ~ N((-2, -2), v I), variance v = 0.5 + 7 * noise.
 * - `"spiral"`: two interleaved arms, point k of m at r = 5k/m, angle t = 3.5πk/m (+π for label 0),
 *   (r sin t, r cos t) plus noise * U(-1, 1) per coordinate.
 * - `"moons"`: `makeMoons({nSamples: n, noise, randomState: seed, shuffle})`, centred on (0.5, 0.25)
 *   and scaled by 10/3 to x1 in [-5, 5], x2 in [-2.5, 2.5] (so `noise` is the standard deviation in
 *   scikit-learn's moon units; 10/3 of it in the playground's).
 * - `"blobs"` (two clouds): `makeBlobs({nSamples: n, centers: [[-3, 3], [3, -3]], clusterStd:
 *   1 + 4 * noise, randomState: seed, shuffle})`, already in the playground's units.
 * - `"plane"` (regression): uniform in [-6, 6]², y = (x1 + x2) / 10 at the point moved by
 *   noise * U(-6, 6) per coordinate.
 * - `"multiGaussian"` (regression): uniform in [-6, 6]², y the one of six bumps
 *   ±max(0, 1 - d / 2) around (-4 | 0 | 4, ±2.5) largest in absolute value, at the moved point.
 *
 * The TF sets draw each point's values in TF Playground's order (for a point: its coordinates, then
 * its noise offsets, drawn even when noise is 0, so that noise changes labels and not points), label 1
 * first, then shuffle with `permutation(n)` on the same generator. For two classes of an odd `n`, label
 * 1 has the extra point. Circle, xor, spiral, plane and multiGaussian points lie in [-6, 6]²; gaussian,
 * moons and blobs are unbounded Gaussians and are not clipped.
 * @param name one of `PLAYGROUND_NAMES`
 * @returns `{x: float32 [n, 2], y: int32 [n] | float32 [n]}`
 * @example
 * const { x, y } = datasets.playground("spiral", { n: 200, noise: 0.1, seed: 1 });
 * x.shape; // [200, 2]
 * y.dtype; // "int32"
 */
export function playground(name: PlaygroundName, options: PlaygroundOptions = {}): PlaygroundData {
  const W = "playground";
  if (!(PLAYGROUND_NAMES as readonly string[]).includes(name)) {
    throw new Error(`${W}: unknown data set ${JSON.stringify(name)}; expected one of ${PLAYGROUND_NAMES.map((s) => `"${s}"`).join(", ")}`);
  }
  const { n = 500, noise = 0, seed = 0, shuffle = true } = options;
  checkInt(W, "n", n, 1);
  if (typeof noise !== "number" || !(noise >= 0 && noise <= 0.5)) {
    throw new Error(`${W}: noise must be a number in [0, 0.5] (TF Playground's 0..50 % slider divided by 100), got ${JSON.stringify(noise)}`);
  }
  if (!(seed instanceof RandomState)) checkInt(W, "seed", seed, 0);
  const rs = checkRandomState(seed);
  if (name === "moons") {
    const [X, y] = makeMoons({ nSamples: n, noise, randomState: rs, shuffle });
    return { x: toPoints(X, (v, c) => (v - MOONS_CENTER[c]) * MOONS_SCALE), y };
  }
  if (name === "blobs") {
    const [X, y] = makeBlobs({ nSamples: n, centers: BLOBS_CENTERS, clusterStd: 1 + 4 * noise, randomState: rs, shuffle });
    return { x: toPoints(X, (v) => v), y };
  }
  const raw = GENERATORS[name](rs, n, noise);
  const regress = (PLAYGROUND_REGRESSION as readonly string[]).includes(name);
  let x = new Tensor(Float32Array.from(raw.x), [n, 2]);
  let y = regress ? new Tensor(Float32Array.from(raw.y), [n]) : new Tensor(Int32Array.from(raw.y), [n]);
  if (shuffle) [x, y] = shuffleRows(rs, x, y);
  return { x, y };
}
