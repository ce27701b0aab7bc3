/**
 * The network drawn as TF Playground draws it: a column of input features (every feature shown; the
 * ones in use are full colour, the others faded, and a click toggles one), a column per hidden layer
 * with a small heat map per neuron (its own output over the plane, from the snapshot's grids), the
 * output node, and the links between them as curves whose width is |w| and whose colour is the sign
 * (blue positive, orange negative). Hovering a link or a neuron shows its weight or bias (and the
 * page shows a hovered neuron's heat map in the big decision map, as TF Playground does). Per-layer
 * buttons add and remove neurons. The view is rebuilt only when the shape changes; a snapshot only
 * repaints canvases: the links are drawn on one canvas (restyling hundreds of SVG paths every frame
 * costs more than the frame), and invisible SVG paths over them take the hover.
 */
import { cssColorOf, paintGrid } from "./heatmap.ts";
import type { Feature } from "./state.ts";
import type { Snapshot } from "./trainer.ts";
import { FEATURES, featureGrid } from "./features.ts";

/** What the view calls back with when the user edits the network. */
export interface NetworkEvents {
  toggleFeature(id: Feature): void;
  /** `delta` = +1 or -1 neurons in hidden layer `layer` (0-based). */
  resizeLayer(layer: number, delta: 1 | -1): void;
  /** The pointer entered hidden neuron `index` of `layer` (0-based), or left it (null): the page previews it. */
  focusNeuron?(neuron: { layer: number; index: number } | null): void;
}

const NODE = 40; // px, a neuron's square
const COL = 88; // px between columns
const ROW = 52; // px between neurons in a column
const TOP = 44; // px above the first node (room for the +/- buttons)
const LEFT = 60; // px left of the input column (room for the feature labels)
const SVG_NS = "http://www.w3.org/2000/svg";

interface Link {
  curve: Path2D;
  layer: number;
  out: number;
  in: number;
}

/**
 * The network diagram inside `root`.
 * @example
 * const view = new NetworkView(root, { toggleFeature: (f) => {}, resizeLayer: (l, d) => {} });
 * view.setShape(["x1", "x2"], [4, 2]);
 * view.update(snapshot);
 */
export class NetworkView {
  private shapeKey = "";
  private features: Feature[] = [];
  private hidden: number[] = [];
  private links: Link[] = [];
  private neuronCanvases: HTMLCanvasElement[][] = [];
  private outputCanvas: HTMLCanvasElement | null = null;
  private linkCanvas: HTMLCanvasElement | null = null;
  private latest: Snapshot | null = null;
  private readonly hover: HTMLElement;

  constructor(readonly root: HTMLElement, private readonly events: NetworkEvents) {
    root.classList.add("network");
    root.setAttribute("data-testid", "network");
    this.hover = document.createElement("div");
    this.hover.className = "hovercard";
    this.hover.setAttribute("role", "tooltip");
    this.hover.hidden = true;
  }

  /** Rebuilds the diagram when the features in use or the hidden sizes changed. */
  setShape(features: Feature[], hidden: number[], gridSize = 50, domain: [number, number] = [-6, 6]): void {
    const key = `${features.join(",")}|${hidden.join(",")}`;
    if (key === this.shapeKey) return;
    this.shapeKey = key;
    this.features = [...features];
    this.hidden = [...hidden];
    this.build(gridSize, domain);
  }

  private build(gridSize: number, domain: [number, number]): void {
    const root = this.root;
    root.replaceChildren();
    this.links = [];
    this.neuronCanvases = [];
    const columns = this.hidden.length + 2;
    const tallest = Math.max(FEATURES.length, ...this.hidden, 1);
    const width = LEFT + (columns - 1) * COL + NODE + 8;
    const height = TOP + tallest * ROW;
    root.style.width = `${width}px`;
    root.style.height = `${height}px`;
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(height));
    svg.classList.add("links");
    this.linkCanvas = document.createElement("canvas");
    this.linkCanvas.className = "links";
    const dpr = Math.min(2, window.devicePixelRatio || 1);
    this.linkCanvas.width = Math.round(width * dpr);
    this.linkCanvas.height = Math.round(height * dpr);
    this.linkCanvas.style.width = `${width}px`;
    this.linkCanvas.style.height = `${height}px`;
    root.append(this.linkCanvas, svg, this.hover);

    const place = (el: HTMLElement, col: number, row: number): void => {
      el.style.left = `${LEFT + col * COL}px`;
      el.style.top = `${TOP + row * ROW}px`;
    };
    const anchor = (col: number, row: number, side: "in" | "out"): [number, number] =>
      [LEFT + col * COL + (side === "out" ? NODE : 0), TOP + row * ROW + NODE / 2];

    // inputs: every feature; active ones (in state order) feed the first layer
    const inputColumn = document.createElement("div");
    inputColumn.className = "input-column";
    inputColumn.setAttribute("data-testid", "input-column");
    inputColumn.dataset.features = this.features.join(",");
    root.append(inputColumn);
    const inputRow = new Map<Feature, number>();
    FEATURES.forEach((feature, row) => {
      const active = this.features.includes(feature.id);
      const node = document.createElement("button");
      node.type = "button";
      node.className = `node input${active ? " active" : ""}`;
      node.setAttribute("data-testid", "input-node");
      node.dataset.feature = feature.id;
      node.dataset.active = String(active);
      node.setAttribute("aria-pressed", String(active));
      node.setAttribute("aria-label", `Feature ${feature.label}`);
      node.title = `${feature.label}: ${active ? "in use (click to remove)" : "not used (click to add)"}`;
      const canvas = document.createElement("canvas");
      paintGrid(canvas, featureGrid(feature.id, gridSize, domain), gridSize, featureRange(feature.fn, domain));
      const label = document.createElement("span");
      label.className = "node-label";
      label.textContent = feature.label;
      node.append(canvas, label);
      node.addEventListener("click", () => this.events.toggleFeature(feature.id));
      place(node, 0, row);
      inputColumn.append(node);
      inputRow.set(feature.id, row);
    });

    // hidden layers with their +/- buttons
    this.hidden.forEach((size, layer) => {
      const col = layer + 1;
      const column = document.createElement("div");
      column.className = "hidden-column";
      column.setAttribute("data-testid", "hidden-layer");
      column.dataset.layer = String(layer);
      root.append(column);
      const buttons = document.createElement("div");
      buttons.className = "layer-buttons";
      buttons.style.left = `${LEFT + col * COL - 10}px`;
      buttons.style.top = "0px";
      const add = smallButton("+", `Add neuron to layer ${layer + 1}`, () => this.events.resizeLayer(layer, 1));
      const remove = smallButton("−", `Remove neuron from layer ${layer + 1}`, () => this.events.resizeLayer(layer, -1));
      add.disabled = size >= 8;
      remove.disabled = size <= 1;
      const count = document.createElement("span");
      count.className = "layer-count";
      count.textContent = `${size} neuron${size === 1 ? "" : "s"}`;
      buttons.append(add, remove, count);
      column.append(buttons);
      const canvases: HTMLCanvasElement[] = [];
      for (let i = 0; i < size; i++) {
        const node = document.createElement("div");
        node.className = "node neuron";
        node.setAttribute("data-testid", "neuron");
        node.dataset.layer = String(layer);
        node.dataset.index = String(i);
        const canvas = document.createElement("canvas");
        canvas.setAttribute("data-testid", "neuron-heatmap");
        node.append(canvas);
        place(node, col, i);
        node.addEventListener("mouseenter", () => this.events.focusNeuron?.({ layer, index: i }));
        node.addEventListener("mouseleave", () => this.events.focusNeuron?.(null));
        this.hoverable(node, () => {
          const b = this.latest?.biases[layer]?.[i];
          return `Layer ${layer + 1}, neuron ${i + 1}${b === undefined ? "" : `: bias is ${b.toFixed(3)}`}`;
        });
        column.append(node);
        canvases.push(canvas);
      }
      this.neuronCanvases.push(canvases);
    });

    // output node
    const outCol = this.hidden.length + 1;
    const out = document.createElement("div");
    out.className = "node output";
    out.setAttribute("data-testid", "output-node");
    this.outputCanvas = document.createElement("canvas");
    out.append(this.outputCanvas);
    place(out, outCol, 0);
    this.hoverable(out, () => {
      const b = this.latest?.biases[this.hidden.length]?.[0];
      return `Output${b === undefined ? "" : `: bias is ${b.toFixed(3)}`}`;
    });
    root.append(out);

    // links, layer by layer: sources are the active features, then each hidden layer's neurons
    const sources: [number, number][][] = [this.features.map((f) => anchor(0, inputRow.get(f) ?? 0, "out"))];
    this.hidden.forEach((size, layer) => sources.push(Array.from({ length: size }, (_, i) => anchor(layer + 1, i, "out"))));
    const targets: [number, number][][] = this.hidden.map((size, layer) => Array.from({ length: size }, (_, i) => anchor(layer + 1, i, "in")));
    targets.push([anchor(outCol, 0, "in")]);
    targets.forEach((outs, layer) => {
      outs.forEach((to, o) => {
        sources[layer].forEach((from, i) => {
          const path = document.createElementNS(SVG_NS, "path");
          const mid = (from[0] + to[0]) / 2;
          const d = `M${from[0]},${from[1]} C${mid},${from[1]} ${mid},${to[1]} ${to[0]},${to[1]}`;
          path.setAttribute("d", d);
          path.setAttribute("class", "link");
          path.dataset.layer = String(layer);
          svg.append(path);
          this.links.push({ curve: new Path2D(d), layer, out: o, in: i });
          this.hoverable(path, () => {
            const w = this.latest?.weights[layer]?.[o]?.[i];
            return w === undefined ? "" : `Weight is ${w.toFixed(3)}`;
          });
        });
      });
    });
  }

  private hoverable(el: Element, text: () => string): void {
    el.addEventListener("mouseenter", (e) => {
      this.hover.textContent = text();
      this.hover.hidden = false;
      this.moveHover(e as MouseEvent);
    });
    el.addEventListener("mousemove", (e) => this.moveHover(e as MouseEvent));
    el.addEventListener("mouseleave", () => {
      this.hover.hidden = true;
    });
  }

  private moveHover(e: MouseEvent): void {
    const box = this.root.getBoundingClientRect();
    this.hover.style.left = `${e.clientX - box.left + 12}px`;
    this.hover.style.top = `${e.clientY - box.top + 12}px`;
  }

  /** Redraws the links from the weights and repaints every neuron's heat map. */
  update(s: Snapshot, outputRange: [number, number]): void {
    this.latest = s;
    const ctx = this.linkCanvas?.getContext("2d");
    if (ctx != null && this.linkCanvas !== null) {
      const dpr = this.linkCanvas.width / parseFloat(this.linkCanvas.style.width);
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctx.clearRect(0, 0, this.linkCanvas.width, this.linkCanvas.height);
      ctx.globalAlpha = 0.85;
      for (const link of this.links) {
        const w = s.weights[link.layer]?.[link.out]?.[link.in];
        if (w === undefined) continue;
        ctx.lineWidth = Math.min(10, 0.5 + Math.abs(w) * 1.8);
        ctx.strokeStyle = cssColorOf(w, -1, 1);
        ctx.stroke(link.curve);
      }
    }
    this.neuronCanvases.forEach((canvases, layer) => {
      canvases.forEach((canvas, i) => {
        const grid = s.neuronGrids[layer]?.[i];
        if (grid !== undefined) paintGrid(canvas, grid, s.gridSize, [-1, 1]);
      });
    });
    if (this.outputCanvas !== null) paintGrid(this.outputCanvas, s.outputGrid, s.gridSize, outputRange);
  }
}

function smallButton(text: string, label: string, onClick: () => void): HTMLButtonElement {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "small";
  b.textContent = text;
  b.setAttribute("aria-label", label);
  b.addEventListener("click", onClick);
  return b;
}

/** A symmetric colour range that covers a feature's values over the plane. */
function featureRange(f: (a: number, b: number) => number, domain: [number, number]): [number, number] {
  const m = Math.max(Math.abs(f(domain[1], domain[1])), Math.abs(f(domain[0], domain[1])), 1);
  return [-m, m];
}
