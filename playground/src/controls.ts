/**
 * The controls above and beside the network: play / pause (one toggle button whose name changes),
 * step, reset, the epoch counter, and one labelled <select> or slider per state property, built from
 * one table (TF Playground's idea: a typed list of the state's properties drives the controls, so a new
 * control is one line). `sync(state)` writes a state into the controls; a change calls back with the
 * edited state. Keyboard: space = play / pause, s = step, r = reset (not while typing in a field).
 */
import { PLAYGROUND_NAMES } from "../../src/datasets/playground.ts";
import {
  ACTIVATIONS, ACTIVATION_LABELS, LEARNING_RATES, OPTIMIZERS, OPTIMIZER_LABELS, REGULARIZATIONS, REGULARIZATION_LABELS,
  REGULARIZATION_RATES, type PlaygroundState,
} from "./state.ts";

/** What the controls call back with. */
export interface ControlEvents {
  togglePlay(): void;
  step(): void;
  reset(): void;
  /** A property changed; `patch` holds it. */
  change(patch: Partial<PlaygroundState>): void;
  regenerate(): void;
  addLayer(): void;
  removeLayer(): void;
  preset(id: string): void;
  exportCode(): void;
}

type Key = keyof PlaygroundState;
interface SelectSpec {
  key: Key;
  label: string;
  options: readonly (readonly [string, string])[];
  /** The values are numbers (else strings). */
  numeric?: boolean;
}
interface RangeSpec {
  key: Key;
  label: string;
  min: number;
  max: number;
  step: number;
  /** Shown next to the slider. */
  show: (v: number) => string;
}

const pairs = (values: readonly (number | string)[]): [string, string][] => values.map((v) => [String(v), String(v)]);

/** The selects, in the order of the panel. */
const SELECTS: readonly SelectSpec[] = [
  { key: "dataset", label: "Data set", options: pairs(PLAYGROUND_NAMES) },
  { key: "problem", label: "Problem type", options: [["classification", "Classification"], ["regression", "Regression"]] },
  { key: "learningRate", label: "Learning rate", options: pairs(LEARNING_RATES), numeric: true },
  { key: "activation", label: "Activation", options: ACTIVATIONS.map((a) => [a, ACTIVATION_LABELS[a]]) },
  { key: "regularization", label: "Regularization", options: REGULARIZATIONS.map((r) => [r, REGULARIZATION_LABELS[r]]) },
  { key: "regularizationRate", label: "Regularization rate", options: pairs(REGULARIZATION_RATES), numeric: true },
  { key: "optimizer", label: "Optimizer", options: OPTIMIZERS.map((o) => [o, OPTIMIZER_LABELS[o]]) },
];

/** The sliders of the data panel. */
const RANGES: readonly RangeSpec[] = [
  { key: "trainRatio", label: "Ratio of training to test data", min: 0.1, max: 0.9, step: 0.1, show: (v) => `${Math.round(v * 100)}%` },
  { key: "noise", label: "Noise", min: 0, max: 0.5, step: 0.05, show: (v) => String(Math.round(v * 100)) },
  { key: "batchSize", label: "Batch size", min: 1, max: 30, step: 1, show: (v) => String(v) },
];

/** Presets offered by the menu (ids and labels from the engine's PRESETS). */
export interface PresetEntry {
  id: string;
  label: string;
}

/**
 * Builds the controls into the page's fixed slots (`#toolbar`, `#data-controls`, `#model-controls`).
 * @example
 * const controls = new Controls(document, presets, events);
 * controls.sync(state);
 */
export class Controls {
  readonly play: HTMLButtonElement;
  readonly epoch: HTMLElement;
  private readonly inputs = new Map<Key, HTMLSelectElement | HTMLInputElement>();
  private readonly shown = new Map<Key, HTMLElement>();
  private readonly seed: HTMLInputElement;

  constructor(doc: Document, presets: readonly PresetEntry[], private readonly events: ControlEvents) {
    const toolbar = slot(doc, "toolbar");
    this.play = button(doc, "Play", "play", () => events.togglePlay());
    const step = button(doc, "Step", "step", () => events.step());
    const reset = button(doc, "Reset", "reset", () => events.reset());
    for (const [b, key, what] of [[this.play, "Space", "Play / pause"], [step, "S", "One epoch"], [reset, "R", "New weights, same data"]] as const) {
      b.setAttribute("aria-keyshortcuts", key);
      b.title = `${what} (key: ${key === "Space" ? "space" : key.toLowerCase()})`;
    }
    const epochBox = doc.createElement("div");
    epochBox.className = "epoch";
    epochBox.append("Epoch ");
    this.epoch = doc.createElement("output");
    this.epoch.setAttribute("data-testid", "epoch");
    this.epoch.textContent = "0";
    epochBox.append(this.epoch);
    const presetSelect = doc.createElement("select");
    presetSelect.setAttribute("aria-label", "Presets");
    presetSelect.setAttribute("data-testid", "presets");
    presetSelect.append(new Option("Presets…", ""));
    for (const p of presets) presetSelect.append(new Option(p.label, p.id));
    presetSelect.addEventListener("change", () => {
      if (presetSelect.value !== "") events.preset(presetSelect.value);
      presetSelect.value = "";
    });
    const exportButton = button(doc, "Export", "export", () => events.exportCode());
    toolbar.append(reset, this.play, step, epochBox, presetSelect, exportButton);

    const data = slot(doc, "data-controls");
    const model = slot(doc, "model-controls");
    for (const spec of SELECTS) {
      const select = doc.createElement("select");
      select.id = `control-${spec.key}`;
      for (const [value, text] of spec.options) select.append(new Option(text, value));
      select.addEventListener("change", () => {
        // the options are the state's own values, so the cast holds
        events.change({ [spec.key]: spec.numeric === true ? Number(select.value) : select.value } as Partial<PlaygroundState>);
      });
      this.inputs.set(spec.key, select);
      (spec.key === "dataset" ? data : model).append(labelled(doc, spec.label, select));
    }
    for (const spec of RANGES) {
      const input = doc.createElement("input");
      input.type = "range";
      input.id = `control-${spec.key}`;
      Object.assign(input, { min: String(spec.min), max: String(spec.max), step: String(spec.step) });
      const shown = doc.createElement("output");
      input.addEventListener("input", () => {
        shown.textContent = spec.show(Number(input.value));
      });
      input.addEventListener("change", () => events.change({ [spec.key]: Number(input.value) }));
      this.inputs.set(spec.key, input);
      this.shown.set(spec.key, shown);
      const row = labelled(doc, spec.label, input);
      row.append(shown);
      data.append(row);
    }
    this.seed = doc.createElement("input");
    this.seed.type = "number";
    this.seed.id = "control-seed";
    this.seed.min = "0";
    this.seed.step = "1";
    this.seed.addEventListener("change", () => {
      const v = Math.trunc(Number(this.seed.value));
      if (Number.isFinite(v) && v >= 0) events.change({ seed: v });
    });
    const seedRow = labelled(doc, "Seed", this.seed);
    seedRow.append(button(doc, "Regenerate", "regenerate", () => events.regenerate()));
    data.append(seedRow);

    const layers = slot(doc, "layer-controls");
    layers.append(
      button(doc, "Add hidden layer", "add-layer", () => events.addLayer()),
      button(doc, "Remove hidden layer", "remove-layer", () => events.removeLayer()),
    );
    doc.addEventListener("keydown", (e) => this.key(e));
  }

  /** Shows `state` in every control and `playing` on the toggle. */
  sync(state: PlaygroundState, playing: boolean): void {
    for (const [key, input] of this.inputs) {
      const value = String(state[key]);
      // a URL may hold a value the menu lacks (learningRate=0.05): the menu takes it in
      if (input instanceof HTMLSelectElement && !Array.from(input.options).some((o) => o.value === value)) input.append(new Option(value, value));
      if (input.value !== value) input.value = value;
      const spec = RANGES.find((r) => r.key === key);
      if (spec !== undefined) this.shown.get(key)!.textContent = spec.show(Number(state[key]));
    }
    if (this.seed.value !== String(state.seed)) this.seed.value = String(state.seed);
    this.setPlaying(playing);
    const layerCount = state.hidden.length;
    (document.querySelector('[data-testid="add-layer"]') as HTMLButtonElement).disabled = layerCount >= 6;
    (document.querySelector('[data-testid="remove-layer"]') as HTMLButtonElement).disabled = layerCount <= 0;
    const count = document.getElementById("layer-count");
    if (count !== null) count.textContent = `${layerCount} hidden layer${layerCount === 1 ? "" : "s"}`;
  }

  /** The toggle's name and look: "Pause" while playing, "Play" while paused. */
  setPlaying(playing: boolean): void {
    const name = playing ? "Pause" : "Play";
    if (this.play.textContent !== name) this.play.textContent = name;
    this.play.classList.toggle("playing", playing);
  }

  private key(e: KeyboardEvent): void {
    const target = e.target as HTMLElement | null;
    if (target !== null && ["INPUT", "SELECT", "TEXTAREA"].includes(target.tagName)) return;
    if (e.ctrlKey || e.metaKey || e.altKey || document.querySelector("dialog[open]") !== null) return;
    if (e.key === " ") {
      e.preventDefault(); // no page scroll, and no click on a focused button
      this.events.togglePlay();
    } else if (e.key === "s") this.events.step();
    else if (e.key === "r") this.events.reset();
  }
}

function slot(doc: Document, id: string): HTMLElement {
  const el = doc.getElementById(id);
  if (el === null) throw new Error(`playground: the page has no #${id}`);
  return el;
}

function button(doc: Document, text: string, testId: string, onClick: () => void): HTMLButtonElement {
  const b = doc.createElement("button");
  b.type = "button";
  b.textContent = text;
  b.setAttribute("data-testid", testId);
  b.addEventListener("click", onClick);
  return b;
}

function labelled(doc: Document, text: string, control: HTMLElement): HTMLElement {
  const row = doc.createElement("div");
  row.className = "control";
  const label = doc.createElement("label");
  label.textContent = text;
  label.htmlFor = control.id;
  row.append(label, control);
  return row;
}
