/**
 * The playground page: reads the state from the URL, builds the controls and the views, starts the
 * training worker (the engine: backprop's wasm backend inside a Web Worker) and talks to it only
 * through its messages, keeps the URL equal to the state (history.replaceState on every change), and
 * draws the latest snapshot in a requestAnimationFrame loop, which also measures the page's frames per
 * second (shown in the footer with the worker's training steps per second).
 */
import { PRESETS, normalizeState, presetState, stateFromQuery, stateToQuery, updateState, type PlaygroundState } from "./state.ts";
import type { Snapshot } from "./trainer.ts";
import { exportCode } from "./export.ts";
import type { FromWorker, ToWorker } from "./protocol.ts";
import { Controls } from "./controls.ts";
import { NetworkView } from "./network_view.ts";
import { DecisionMap } from "./heatmap.ts";
import { LineChart } from "./line_chart.ts";
import { GradChart } from "./grad_chart.ts";
import { FrameMeter, RateMeter } from "./meters.ts";

/** Changes the worker takes on the fly (setState, the trainer's `update`); any other rebuilds data and network (reset). */
const LIVE_KEYS: readonly (keyof PlaygroundState)[] = ["learningRate", "regularization", "regularizationRate", "optimizer", "batchSize"];

const $ = <T extends HTMLElement>(id: string): T => {
  const el = document.getElementById(id);
  if (el === null) throw new Error(`playground: the page has no #${id}`);
  return el as T;
};

let state = stateFromQuery(location.search);
let playing = false;
let latest: Snapshot | null = null;
let dirty = false;
let backend = "";
/** The hidden neuron under the pointer, whose heat map the decision map shows instead of the output. */
let focused: { layer: number; index: number } | null = null;

const worker = new Worker(new URL("./worker.ts", import.meta.url), { type: "module" });
const post = (message: ToWorker): void => worker.postMessage(message);

const lossChart = new LineChart($<HTMLCanvasElement>("loss-chart"));
const decision = new DecisionMap($<HTMLCanvasElement>("decision"));
const grads = new GradChart($("grads"));
const showTest = $<HTMLInputElement>("show-test");
const frames = new FrameMeter();
const steps = new RateMeter();
const network = new NetworkView($("network"), {
  toggleFeature(id) {
    const on = state.features.includes(id);
    if (on && state.features.length === 1) return; // the network needs at least one input
    change({ features: on ? state.features.filter((f) => f !== id) : [...state.features, id] });
  },
  focusNeuron(neuron) {
    focused = neuron;
    dirty = true;
  },
  resizeLayer(layer, delta) {
    const hidden = [...state.hidden];
    hidden[layer] = Math.min(8, Math.max(1, hidden[layer] + delta));
    change({ hidden });
  },
});
const controls = new Controls(document, PRESETS, {
  togglePlay: () => setPlaying(!playing),
  step() {
    setPlaying(false);
    post({ type: "step" });
  },
  reset: () => apply(state, "reset"),
  change,
  regenerate: () => change({ seed: state.seed + 1 }),
  addLayer: () => {
    if (state.hidden.length < 6) change({ hidden: [...state.hidden, 2] });
  },
  removeLayer: () => {
    if (state.hidden.length > 0) change({ hidden: state.hidden.slice(0, -1) });
  },
  preset(id) {
    const preset = PRESETS.find((p) => p.id === id);
    if (preset === undefined) return;
    apply(presetState(id), "reset");
    $("status").textContent = `${preset.label}: ${preset.description}`;
  },
  exportCode() {
    $("export-code").textContent = exportCode(state);
    $<HTMLDialogElement>("export-dialog").showModal();
  },
});

/** Applies a change from a control: live keys go to the running trainer, the rest rebuild it. */
function change(patch: Partial<PlaygroundState>): void {
  const live = Object.keys(patch).every((k) => LIVE_KEYS.includes(k as keyof PlaygroundState));
  apply(updateState(state, patch), live ? "setState" : "reset");
}

/** Makes `next` the state: URL, controls, network shape, and the worker (a reset also pauses). */
function apply(next: PlaygroundState, how: "init" | "reset" | "setState"): void {
  state = normalizeState(next);
  history.replaceState(null, "", `${location.pathname}${stateToQuery(state)}`);
  network.setShape(state.features, state.hidden);
  if (how !== "setState") {
    playing = false;
    lossChart.reset();
    steps.reset();
    latest = null;
  }
  controls.sync(state, playing);
  post({ type: how, state });
}

function setPlaying(on: boolean): void {
  playing = on;
  controls.setPlaying(on);
  post({ type: on ? "play" : "pause" });
}

worker.onmessage = (e: MessageEvent<FromWorker>) => {
  const msg = e.data;
  if (msg.type === "error") {
    $("status").textContent = `Training stopped: ${msg.message}`;
    console.error(`playground worker: ${msg.message}`);
    return;
  }
  const s = msg.snapshot;
  if (!fits(s, state)) return; // a snapshot of the network before a reset, still in flight
  if (backend !== msg.backend) {
    backend = msg.backend;
    $("backend").textContent = backend;
  }
  latest = s;
  dirty = true;
  lossChart.add(s.trainLoss, s.testLoss);
  steps.add(performance.now(), s.steps);
};
worker.onerror = (e) => {
  $("status").textContent = `The training worker failed: ${e.message}`;
};
showTest.addEventListener("change", () => {
  dirty = true;
});
$("copy-code").addEventListener("click", () => {
  void navigator.clipboard?.writeText($("export-code").textContent ?? "").catch(() => undefined);
});

/** Whether a snapshot's layers have the shape of `st`'s network (features -> hidden... -> 1). */
function fits(s: Snapshot, st: PlaygroundState): boolean {
  const sizes = [st.features.length, ...st.hidden, 1];
  return s.weights.length === sizes.length - 1 && s.weights.every((w, i) => w.length === sizes[i + 1] && (w[0]?.length ?? 0) === sizes[i]);
}

/** The colour range of the output and of the targets: tanh's -1..1 for classification, the targets' for regression. */
const OUTPUT_RANGE: [number, number] = [-1, 1];

function showLoss(id: string, v: number): void {
  const el = $(id);
  el.textContent = v.toFixed(3);
  el.dataset.value = String(v);
}

function render(s: Snapshot): void {
  const grid = focused === null ? s.outputGrid : (s.neuronGrids[focused.layer]?.[focused.index] ?? s.outputGrid);
  decision.canvas.dataset.showing = grid === s.outputGrid ? "output" : `neuron ${focused!.layer + 1}.${focused!.index + 1}`;
  decision.draw(grid, s.gridSize, OUTPUT_RANGE, s.domain, s.train, s.test, OUTPUT_RANGE, showTest.checked);
  network.update(s, OUTPUT_RANGE);
  grads.update(s.gradMagnitudes);
  lossChart.draw();
  showLoss("train-loss", s.trainLoss);
  showLoss("test-loss", s.testLoss);
  controls.epoch.textContent = String(s.epoch);
}

let shownAt = 0;
let previousFrame = 0;
let longestFrame = 0;
let drawMs = 0;
function frame(now: number): void {
  frames.add(now);
  if (previousFrame > 0) longestFrame = Math.max(longestFrame, now - previousFrame);
  previousFrame = now;
  if (now - shownAt > 500) {
    shownAt = now;
    document.body.dataset.longestFrameMs = longestFrame.toFixed(1); // over the last half second
    longestFrame = 0;
    $("fps").textContent = frames.rate().toFixed(0);
    $("steps-per-second").textContent = steps.rate().toFixed(0);
    document.body.dataset.fps = String(frames.rate());
    document.body.dataset.stepsPerSecond = String(steps.rate());
  }
  if (dirty && latest !== null) {
    dirty = false;
    const t0 = performance.now();
    render(latest);
    drawMs = 0.9 * drawMs + 0.1 * (performance.now() - t0);
    document.body.dataset.drawMs = drawMs.toFixed(2);
  }
  requestAnimationFrame(frame);
}

apply(state, "init");
requestAnimationFrame(frame);
