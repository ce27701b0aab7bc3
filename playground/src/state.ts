/**
 * The playground's whole state: one typed list of properties (`PROPERTIES`) drives the URL (serialise /
 * parse) and the defaults, as TF Playground's state.ts does, so adding a control is one line here.
 * Free of the DOM: the page, the Web Worker and Node tests share it.
 */
import {
  PLAYGROUND_CLASSIFICATION, PLAYGROUND_NAMES, PLAYGROUND_REGRESSION, type PlaygroundName,
} from "../../src/datasets/playground.ts";

export type { PlaygroundName };

/**
 * A hidden layer's activation (the output neuron is tanh for classification, linear for regression).
 * @example const a: Activation = "relu";
 */
export type Activation = "relu" | "tanh" | "sigmoid" | "linear" | "leakyRelu" | "elu" | "gelu";
/**
 * An input feature computed from a point (x1, x2): see features.ts.
 * @example const f: Feature = "x1Squared";
 */
export type Feature = "x1" | "x2" | "x1Squared" | "x2Squared" | "x1x2" | "sinX1" | "sinX2";

/** Every activation, in the menu's order. @example ACTIVATIONS.includes("gelu"); // true */
export const ACTIVATIONS: readonly Activation[] = ["relu", "tanh", "sigmoid", "linear", "leakyRelu", "elu", "gelu"];
/** Every feature, in the input column's order. @example FEATURE_IDS[0]; // "x1" */
export const FEATURE_IDS: readonly Feature[] = ["x1", "x2", "x1Squared", "x2Squared", "x1x2", "sinX1", "sinX2"];
/** Regularisation kinds. @example REGULARIZATIONS; // ["none", "l1", "l2"] */
export const REGULARIZATIONS = ["none", "l1", "l2"] as const;
/** Optimizers: plain SGD, SGD with momentum 0.9, Adam. @example OPTIMIZERS[2]; // "adam" */
export const OPTIMIZERS = ["sgd", "momentum", "adam"] as const;
/** Problem types. @example PROBLEMS[1]; // "regression" */
export const PROBLEMS = ["classification", "regression"] as const;
/**
 * Names of the activations as the menu shows them.
 * @example ACTIVATION_LABELS.leakyRelu; // "Leaky ReLU"
 */
export const ACTIVATION_LABELS: Readonly<Record<Activation, string>> = {
  relu: "ReLU", tanh: "Tanh", sigmoid: "Sigmoid", linear: "Linear", leakyRelu: "Leaky ReLU", elu: "ELU", gelu: "GELU",
};
/** Names of the optimizers as the menu shows them. @example OPTIMIZER_LABELS.momentum; // "SGD with momentum" */
export const OPTIMIZER_LABELS: Readonly<Record<(typeof OPTIMIZERS)[number], string>> = {
  sgd: "SGD", momentum: "SGD with momentum", adam: "Adam",
};
/** Names of the regularisations as the menu shows them. @example REGULARIZATION_LABELS.l2; // "L2" */
export const REGULARIZATION_LABELS: Readonly<Record<(typeof REGULARIZATIONS)[number], string>> = {
  none: "None", l1: "L1", l2: "L2",
};
/** The learning-rate menu, TF Playground's steps. @example LEARNING_RATES.includes(DEFAULT_STATE.learningRate); // true */
export const LEARNING_RATES: readonly number[] = [0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** The regularisation-rate menu, TF Playground's steps. @example REGULARIZATION_RATES[0]; // 0 */
export const REGULARIZATION_RATES: readonly number[] = [0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1, 3, 10];
/** Most hidden layers. @example MAX_LAYERS; // 6 */
export const MAX_LAYERS = 6;
/** Most neurons in a hidden layer. @example MAX_NEURONS; // 8 */
export const MAX_NEURONS = 8;

/**
 * Everything that defines a run: the same state gives the same data, weights and losses.
 * @example const s: PlaygroundState = { ...DEFAULT_STATE, hidden: [8, 8] };
 */
export interface PlaygroundState {
  /** One of `PLAYGROUND_NAMES`; its kind matches `problem` (see `normalizeState`). */
  dataset: PlaygroundName;
  /** Noise, 0..0.5 (TF Playground's percent / 100). */
  noise: number;
  /** Share of the points used for training, 0.1..0.9; the rest are the test set. */
  trainRatio: number;
  /** Points per optimizer step, 1..30. */
  batchSize: number;
  /** Seed of the data and of the initial weights (whole number >= 0). */
  seed: number;
  /** Input features switched on, in `FEATURE_IDS` order, at least one. */
  features: Feature[];
  /** Hidden layer widths: 0..6 layers of 1..8 neurons. */
  hidden: number[];
  /** Activation of every hidden neuron. */
  activation: Activation;
  /** Learning rate (> 0). */
  learningRate: number;
  /** Penalty added to the loss: none, rate * sum |w| (L1) or rate * sum w² / 2 (L2), weights only. */
  regularization: "none" | "l1" | "l2";
  /** Rate of the penalty (>= 0). */
  regularizationRate: number;
  /** "sgd", "momentum" (SGD with momentum 0.9) or "adam". */
  optimizer: "sgd" | "momentum" | "adam";
  /** Classification (tanh output, labels -1 / +1) or regression (linear output). */
  problem: "classification" | "regression";
}

/**
 * TF Playground's defaults: circle, no noise, half the points for training, batch 10, features x1 and x2,
 * two hidden layers of 4 and 2 tanh neurons, learning rate 0.03, no regularisation, plain SGD; seed 1.
 * @example stateToQuery(DEFAULT_STATE).startsWith("?dataset=circle"); // true
 */
export const DEFAULT_STATE: PlaygroundState = Object.freeze({
  dataset: "circle",
  noise: 0,
  trainRatio: 0.5,
  batchSize: 10,
  seed: 1,
  features: ["x1", "x2"],
  hidden: [4, 2],
  activation: "tanh",
  learningRate: 0.03,
  regularization: "none",
  regularizationRate: 0,
  optimizer: "sgd",
  problem: "classification",
}) as PlaygroundState;

/** How one property is written to and read from the URL; `parse` returns undefined for an invalid value. */
interface Property<K extends keyof PlaygroundState> {
  key: K;
  write(v: PlaygroundState[K]): string;
  parse(text: string): PlaygroundState[K] | undefined;
}

function numberIn(lo: number, hi: number, integer = false): (t: string) => number | undefined {
  return (t) => {
    if (t.trim() === "") return undefined;
    const v = Number(t);
    if (!Number.isFinite(v) || v < lo || v > hi || (integer && !Number.isInteger(v))) return undefined;
    return v;
  };
}

function oneOf<T extends string>(values: readonly T[]): (t: string) => T | undefined {
  return (t) => ((values as readonly string[]).includes(t) ? (t as T) : undefined);
}

function prop<K extends keyof PlaygroundState>(key: K, parse: (t: string) => PlaygroundState[K] | undefined,
  write: (v: PlaygroundState[K]) => string = String): Property<K> {
  return { key, parse, write };
}

function parseFeatures(t: string): Feature[] | undefined {
  const parts = t.split(",");
  if (parts.some((p) => !(FEATURE_IDS as readonly string[]).includes(p))) return undefined;
  const set = new Set(parts);
  return FEATURE_IDS.filter((f) => set.has(f));
}

function parseHidden(t: string): number[] | undefined {
  if (t === "") return [];
  const parts = t.split(",").map(numberIn(1, MAX_NEURONS, true));
  if (parts.length > MAX_LAYERS || parts.some((p) => p === undefined)) return undefined;
  return parts as number[];
}

/**
 * The state's properties in URL order, each with its writer and its parser (the single list that the
 * URL, the defaults and `normalizeState` follow).
 * @example PROPERTIES.map((p) => p.key)[0]; // "dataset"
 */
export const PROPERTIES: readonly Property<keyof PlaygroundState>[] = [
  prop("dataset", oneOf<PlaygroundName>(PLAYGROUND_NAMES)),
  prop("noise", numberIn(0, 0.5)),
  prop("trainRatio", numberIn(0.1, 0.9)),
  prop("batchSize", numberIn(1, 30, true)),
  prop("seed", numberIn(0, 2 ** 32 - 1, true)),
  prop("features", parseFeatures, (v) => (v as Feature[]).join(",")),
  prop("hidden", parseHidden, (v) => (v as number[]).join(",")),
  prop("activation", oneOf(ACTIVATIONS)),
  prop("learningRate", (t) => { const v = numberIn(0, 100)(t); return v === undefined || v === 0 ? undefined : v; }),
  prop("regularization", oneOf(REGULARIZATIONS)),
  prop("regularizationRate", numberIn(0, 100)),
  prop("optimizer", oneOf(OPTIMIZERS)),
  prop("problem", oneOf(PROBLEMS)),
] as readonly Property<keyof PlaygroundState>[];

/**
 * Whether a data set is a regression set (plane, multiGaussian).
 * @example isRegressionSet("plane"); // true
 */
export function isRegressionSet(name: PlaygroundName): boolean {
  return (PLAYGROUND_REGRESSION as readonly string[]).includes(name);
}

/** The data sets of a problem type, for its menu. @example datasetsOf("regression"); // ["plane", "multiGaussian"] */
export function datasetsOf(problem: PlaygroundState["problem"]): readonly PlaygroundName[] {
  return problem === "regression" ? PLAYGROUND_REGRESSION : PLAYGROUND_CLASSIFICATION;
}

/** A copy with no shared arrays. */
function copy(s: PlaygroundState): PlaygroundState {
  return { ...s, features: [...s.features], hidden: [...s.hidden] };
}

/**
 * Makes a state consistent: every invalid value replaced by its default (`PROPERTIES`' parsers decide),
 * features in `FEATURE_IDS` order and never empty (empty gives the default x1, x2), and the data set of
 * the problem's kind: a mismatch keeps `problem` and takes its first set (circle or plane).
 * @example normalizeState({ ...DEFAULT_STATE, problem: "regression" }).dataset; // "plane"
 */
export function normalizeState(s: PlaygroundState): PlaygroundState {
  const out = copy(DEFAULT_STATE) as unknown as Record<string, unknown>;
  for (const p of PROPERTIES) {
    const v = (s as unknown as Record<string, unknown>)[p.key];
    if (v === undefined) continue;
    const text = p.write(v as never);
    const parsed = p.parse(text);
    if (parsed !== undefined) out[p.key] = parsed;
  }
  const r = out as unknown as PlaygroundState;
  if (r.features.length === 0) r.features = [...DEFAULT_STATE.features];
  if (isRegressionSet(r.dataset) !== (r.problem === "regression")) r.dataset = datasetsOf(r.problem)[0];
  return r;
}

/**
 * Applies a change as a control would: a new `dataset` alone brings its problem type along, a new
 * `problem` alone brings its first data set; the result is normalised.
 * @example updateState(DEFAULT_STATE, { dataset: "plane" }).problem; // "regression"
 */
export function updateState(s: PlaygroundState, patch: Partial<PlaygroundState>): PlaygroundState {
  const next = { ...copy(s), ...patch };
  if (patch.dataset !== undefined && patch.problem === undefined) {
    next.problem = isRegressionSet(patch.dataset) ? "regression" : "classification";
  }
  return normalizeState(next);
}

/**
 * The state as a URL query, every property in `PROPERTIES` order (stable: equal states give equal strings).
 * @example stateToQuery(DEFAULT_STATE); // "?dataset=circle&noise=0&trainRatio=0.5&batchSize=10&seed=1&features=x1,x2&hidden=4,2&..."
 */
export function stateToQuery(s: PlaygroundState): string {
  const n = normalizeState(s);
  const parts = PROPERTIES.map((p) => `${p.key}=${encodeURIComponent(p.write(n[p.key] as never)).replace(/%2C/g, ",")}`);
  return `?${parts.join("&")}`;
}

/**
 * Parses a URL query (with or without its "?"; a full URL works too); a missing, unknown or invalid
 * value takes its default, unknown keys are ignored, and the result is normalised.
 * @example stateFromQuery("?hidden=8,8&activation=relu").hidden; // [8, 8]
 */
export function stateFromQuery(q: string): PlaygroundState {
  const at = q.indexOf("?");
  const query = at >= 0 ? q.slice(at + 1) : q;
  const params = new URLSearchParams(query.split("#")[0]);
  const out = copy(DEFAULT_STATE) as unknown as Record<string, unknown>;
  for (const p of PROPERTIES) {
    const text = params.get(p.key);
    if (text === null) continue;
    const v = p.parse(text);
    if (v !== undefined) out[p.key] = v;
  }
  const r = out as unknown as PlaygroundState;
  if (params.get("problem") === null) r.problem = isRegressionSet(r.dataset) ? "regression" : "classification";
  return normalizeState(r);
}

/**
 * A ready configuration for one of the seed's exercises.
 * @example const p: Preset = PRESETS[0];
 */
export interface Preset {
  /** Stable id (also usable as a test id suffix). */
  id: string;
  /** Button text, in English. */
  label: string;
  /** What to try with it, in English. */
  description: string;
  /** The properties it sets; the rest come from `DEFAULT_STATE` (see `presetState`). */
  state: Partial<PlaygroundState>;
}

/** The deep presets share seed 5: its sigmoid network starts with an output near 0 (loss 0.5, the flat line). */
const DEEP: Partial<PlaygroundState> = {
  seed: 5, dataset: "circle", problem: "classification", noise: 0, features: ["x1", "x2"], hidden: [8, 8, 8, 8, 8, 8],
  learningRate: 0.03, optimizer: "sgd", regularization: "none", regularizationRate: 0,
};

/**
 * The seed's exercises: a deep sigmoid network that does not train (vanishing signal), the same with
 * ReLU that does, XOR with no hidden layer (a line cannot split it: add one), and a deep network of
 * linear layers that draws a line like no hidden layer at all.
 * @example PRESETS.map((p) => p.id); // ["deep-sigmoid", "deep-relu", "xor-hidden", "linear-collapse"]
 */
export const PRESETS: readonly Preset[] = [
  {
    id: "deep-sigmoid", label: "Deep sigmoid network",
    description: "6 hidden layers of 8 sigmoid neurons: the signal vanishes and the loss stays flat at any learning rate.",
    state: { ...DEEP, activation: "sigmoid" },
  },
  {
    id: "deep-relu", label: "The same with ReLU",
    description: "The same network with ReLU: the gradient reaches the first layer and the circle is learned.",
    state: { ...DEEP, activation: "relu" },
  },
  {
    id: "xor-hidden", label: "XOR needs a hidden layer",
    description: "No hidden layer: one line cannot separate XOR. Add a hidden layer (or the x1·x2 feature).",
    state: {
      dataset: "xor", problem: "classification", noise: 0, features: ["x1", "x2"], hidden: [], activation: "tanh",
      learningRate: 0.03, optimizer: "sgd", regularization: "none", regularizationRate: 0,
    },
  },
  {
    id: "linear-collapse", label: "Linear layers collapse into one",
    description: "3 hidden layers of 8 linear neurons still draw one straight line on the circle: a product of linear maps is linear.",
    state: {
      dataset: "circle", problem: "classification", noise: 0, features: ["x1", "x2"], hidden: [8, 8, 8],
      activation: "linear", learningRate: 0.03, optimizer: "sgd", regularization: "none", regularizationRate: 0,
    },
  },
];

/**
 * The full state of a preset: its properties over `DEFAULT_STATE`, normalised; throws on an unknown id.
 * @example presetState("deep-relu").activation; // "relu"
 */
export function presetState(id: string): PlaygroundState {
  const preset = PRESETS.find((p) => p.id === id);
  if (preset === undefined) throw new Error(`presetState: unknown preset "${id}"; expected one of ${PRESETS.map((p) => p.id).join(", ")}`);
  return normalizeState({ ...copy(DEFAULT_STATE), ...preset.state });
}
