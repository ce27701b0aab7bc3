import type { Tensor } from "../tensor/tensor.ts";
import { uniqueName } from "./backend.ts";
import { Layer, formatKerasShape } from "./layers/layer.ts";
import { Input } from "./layers/input.ts";
import { Model } from "./model.ts";
import { loadWeights, saveModel, saveWeights } from "./saving.ts";
import { summaryText, type SummaryOptions } from "./summary.ts";
import type { SaveOptions } from "./types.ts";

/** Options of `Sequential`. */
export interface SequentialOptions {
  /** The model's name (default `sequential`, `sequential_1`, ...). */
  name?: string;
}

/**
 * Keras's `Sequential`: a stack of layers, each feeding the next (also `keras.models.Sequential`).
 * The first layer gives the input size (`inputDim` / `inputShape`, or an `Input` layer); the others
 * take theirs from the layer before. A model without an input size is built on the first `fit` /
 * `predict`. After `compile` the stack is fixed: `add` and `pop` throw.
 * @example
 * const model = new keras.Sequential();
 * model.add(new keras.layers.Dense({ units: 10, inputDim: 3, activation: "sigmoid" }));
 * model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
 * model.compile({ loss: "binary_crossentropy", optimizer: "sgd", metrics: ["acc"] });
 * await model.fit(xTrain, yTrain, { epochs: 10, verbose: 2, validationData: [xValid, yValid] });
 */
export class Sequential extends Model {
  #layers: Layer[] = [];
  #input: Input | null = null;

  constructor(layers: readonly Layer[] = [], options: SequentialOptions = {}) {
    super(options.name ?? uniqueName("sequential"));
    if (!Array.isArray(layers)) throw new Error("keras.Sequential: layers must be an array of layers");
    for (const l of layers) this.add(l);
  }

  /** The layers in order (a copy of the list; the Input layer is not listed, as in Keras). */
  get layers(): Layer[] {
    return [...this.#layers];
  }

  /** The sample shape of the input (no batch axis), or null while unknown. */
  get inputShape(): number[] | null {
    if (this.#input !== null) return [...this.#input.declaredInputShape!];
    const first = this.#layers[0];
    if (first === undefined) return null;
    return first.declaredInputShape ?? (first.built ? [...first.inputShape!] : null);
  }

  /**
   * Adds a layer on top of the stack. Throws once the model is compiled (its structure is then fixed).
   * @example model.add(new keras.layers.Dense({ units: 1, activation: "sigmoid" }));
   */
  add(layer: Layer): void {
    if (!(layer instanceof Layer)) throw new Error(`Sequential.add: expected a keras layer (e.g. new keras.layers.Dense({ units: 1 })), got ${layer === null ? "null" : typeof layer}`);
    if (this.compiled) {
      throw new Error(`Sequential.add: model "${this.name}" is already compiled, so its layers can no longer change; add every layer before compile()`);
    }
    if (layer instanceof Input) {
      if (this.#input !== null || this.#layers.length > 0) throw new Error(`Sequential.add: an Input layer must come first in model "${this.name}"`);
      this.#input = layer;
      return;
    }
    if (this.#layers.some((l) => l.name === layer.name)) {
      throw new Error(`Sequential.add: all layers of a Sequential model must have unique names; "${layer.name}" is already in model "${this.name}"`);
    }
    if (this.#layers.length > 0 && layer.declaredInputShape !== null && this.inputShape !== null) {
      const previous = this.#outputShapeOf(this.#layers);
      if (previous.join() !== layer.declaredInputShape.join()) {
        throw new Error(
          `Sequential.add: layer "${layer.name}" declares input shape ${formatKerasShape(layer.declaredInputShape)} but the layer before outputs ${formatKerasShape(previous)}`,
        );
      }
    }
    const shape = this.#layers.length === 0 ? (this.#input?.declaredInputShape ?? layer.declaredInputShape) : (this.inputShape === null ? null : this.#outputShapeOf(this.#layers));
    if (shape !== null) layer.build(shape);
    this.#layers.push(layer);
  }

  /**
   * Removes the last layer. Throws once the model is compiled or when it has no layers.
   * @example model.pop();
   */
  pop(): void {
    if (this.compiled) throw new Error(`Sequential.pop: model "${this.name}" is already compiled, so its layers can no longer change`);
    if (this.#layers.length === 0) throw new Error(`Sequential.pop: model "${this.name}" has no layers to remove`);
    this.#layers.pop();
  }

  #outputShapeOf(layers: readonly Layer[]): number[] {
    return layers.reduce<number[]>((shape, l) => l.computeOutputShape(shape), this.inputShape!);
  }

  /**
   * Creates every layer's weights for samples of `inputShape` (no batch axis), Keras's `build`.
   * @example model.build([3]);
   */
  build(inputShape: readonly number[]): void {
    let shape: readonly number[] = inputShape;
    for (const l of this.#layers) {
      l.build(shape);
      shape = l.computeOutputShape(shape);
    }
    if (this.#layers.length === 0) throw new Error(`Sequential.build: model "${this.name}" has no layers`);
  }

  /**
   * Keras's summary table: prints it (unless `print: false`) and returns its text.
   * @example
   * model.summary();
   * // Model: "sequential"
   * // _________________________________________________________________
   * // Layer (type)                 Output Shape              Param #
   * // =================================================================
   * // dense (Dense)                (None, 10)                40
   * // ...
   */
  summary(options: SummaryOptions = {}): string {
    if (!this.built) {
      throw new Error(
        `Sequential.summary: model "${this.name}" has not yet been built. Build it first by giving the first layer inputDim / inputShape, or by calling fit / predict`,
      );
    }
    const text = summaryText(this.name, this.#layers, this.inputShape!, options);
    if (options.print ?? true) {
      const printFn = options.printFn ?? ((line: string) => console.log(line));
      for (const line of text.split("\n")) printFn(line);
    }
    return text;
  }

  /**
   * Saves the model to one safetensors file: the weights as tensors, the architecture and compile
   * settings as JSON in its metadata, and (as Keras) the optimizer's state (its tensors named
   * `optimizer/<index>/<key>`) and the global random generator's state; written atomically.
   * `keras.models.loadModel(path)` rebuilds it.
   * @example model.save("runs/model.safetensors");
   */
  save(path: string, options: SaveOptions = {}): void {
    saveModel(this, path, options);
  }

  /**
   * Saves only the weights (`model.module.stateDict()`) to a safetensors file, atomically.
   * @example model.saveWeights("runs/weights.safetensors");
   */
  saveWeights(path: string): void {
    saveWeights(this, path);
  }

  /**
   * Loads weights saved by `saveWeights` (or `save`) into this model; names and shapes must match.
   * @example model.loadWeights("runs/weights.safetensors");
   */
  loadWeights(path: string): void {
    loadWeights(this, path);
  }

  /** Applies the model to a batch (no mode change), the same as `forward`, as Keras calls a model. */
  call(x: Tensor): Tensor {
    return this.forward(x);
  }
}
