import type { Tensor } from "../../tensor/tensor.ts";
import { formatShape, sameShape } from "../../tensor/shape.ts";
import { noGrad } from "../../autograd/grad_mode.ts";

/*
 * Keras's stateful metrics (keras.metrics.Metric): each accumulates over the batches of an epoch in
 * `updateState`, reports with `result()` and starts over with `resetState()`. No graph is recorded:
 * updates run without autograd on detached predictions. Totals are kept as float64 numbers.
 */

/**
 * A metric's saved settings, as `getConfig()` returns them.
 * @example const config: keras.metrics.MetricConfig = { className: "AUC", name: "auc", curve: "PR" };
 */
export type MetricConfig = Record<string, number | boolean | string>;

/**
 * A per-sample metric function, like a per-sample loss: `(yTrue, yPred) => [N]`.
 * @example const maxError: keras.metrics.MetricFunction = (t, p) => p.sub(t).abs().amax(-1);
 */
export type MetricFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/**
 * Options of every metric.
 * @example new keras.metrics.BinaryAccuracy({ name: "acc" });
 */
export interface MetricOptions {
  /** The metric's name: the key History and the logs use (default Keras's name of each class). */
  name?: string;
}

/**
 * A stateful Keras metric (keras.metrics.Metric): `updateState` per batch, `result()` for the epoch
 * so far, `resetState()` between epochs.
 * @example
 * const m = new keras.metrics.BinaryAccuracy();
 * m.updateState(bp.tensor([[1], [0]]), bp.tensor([[0.8], [0.6]]));
 * m.result(); // 0.5
 */
export abstract class Metric {
  /** The metric's name, the key History and the logs use. */
  readonly name: string;

  /** @param name the metric's name. */
  protected constructor(name: string) {
    this.name = name;
  }

  /** Keras's class name, saved by `getConfig`. */
  protected abstract readonly className: string;

  /** Accumulates one batch; sampleWeight is a scalar, `[N]` or `[N, 1]` (default 1 for every sample). */
  abstract updateState(yTrue: Tensor, yPred: Tensor, sampleWeight?: Tensor | null): void;

  /** The value over everything accumulated since the last reset (0 before any update). */
  abstract result(): number;

  /** Forgets everything accumulated. */
  abstract resetState(): void;

  /** Settings to save: `{className, name, ...options}`. */
  getConfig(): MetricConfig {
    return { className: this.className, name: this.name };
  }
}

/**
 * Weights broadcast to `values`' shape: a scalar, a tensor of `values`' shape, or `[N]` / `[N, 1]`
 * against `[N, ...]` (reshaped, then broadcast over the trailing axes). Throws naming the metric.
 */
export function broadcastWeights(metric: string, values: Tensor, sampleWeight: Tensor): Tensor {
  let w = sampleWeight.dtype === "float64" ? sampleWeight.detach() : sampleWeight.detach().double();
  if (w.numel() === 1) return w.reshape([]).expand(values.shape);
  if (sameShape(w.shape, values.shape)) return w;
  const N = values.dim() === 0 ? 1 : values.shape[0];
  if (w.numel() === N && values.dim() >= 1) {
    w = w.reshape([N, ...new Array<number>(values.dim() - 1).fill(1)]);
    return w.expand(values.shape);
  }
  throw new Error(
    `keras.metrics.${metric}: sampleWeight of shape ${formatShape(sampleWeight.shape)} does not fit values of shape ${formatShape(values.shape)}`,
  );
}

/**
 * Weighted running mean (keras.metrics.Mean): `result = sum(v w) / sum(w)` over every value v
 * given (weights w broadcast to the values, default 1); 0 while `sum(w)` is 0. The model tracks the
 * epoch loss with one, through `add(batchLoss, batchSize)`.
 * @example
 * const m = new keras.metrics.Mean();
 * m.add(0.5, 32); m.add(0.2, 8);
 * m.result(); // 0.44
 */
export class Mean extends Metric {
  protected readonly className: string = "Mean";
  /** Sum of weighted values. */
  protected total = 0;
  /** Sum of weights. */
  protected count = 0;

  /** @param options `{name = "mean"}`. */
  constructor(options: MetricOptions = {}) {
    super(options.name ?? "mean");
  }

  /**
   * Adds every element of `values` with its weight (Keras's `Mean.update_state(values, sample_weight)`).
   * Note the signature: a Mean takes values, not (yTrue, yPred).
   */
  override updateState(values: Tensor, sampleWeight: Tensor | null = null): void {
    noGrad(() => {
      const v = values.dtype === "float64" ? values.detach() : values.detach().double();
      if (sampleWeight === null) {
        this.total += v.sum().item();
        this.count += v.numel();
        return;
      }
      const w = broadcastWeights(this.className, v, sampleWeight);
      this.total += v.mul(w).sum().item();
      this.count += w.sum().item();
    });
  }

  /** Adds one value with a weight (default 1): `total += value weight; count += weight`. */
  add(value: number, weight = 1): void {
    this.total += value * weight;
    this.count += weight;
  }

  override result(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }

  override resetState(): void {
    this.total = 0;
    this.count = 0;
  }
}

/**
 * A per-sample function as a metric (keras.metrics.MeanMetricWrapper): the weighted mean of
 * `fn(yTrue, yPred)` over all samples seen.
 * @example
 * const m = new keras.metrics.MeanMetricWrapper((t, p) => p.sub(t).abs().mean(-1), { name: "l1" });
 * m.updateState(bp.tensor([[0], [1]]), bp.tensor([[1], [1]]));
 * m.result(); // 0.5
 */
export class MeanMetricWrapper extends Mean {
  protected override readonly className: string = "MeanMetricWrapper";
  /** The per-sample function. */
  readonly fn: MetricFunction;

  /** @param fn per-sample function; @param options `{name = fn.name || "metric"}`. */
  constructor(fn: MetricFunction, options: MetricOptions = {}) {
    super({ name: options.name ?? (fn.name !== "" ? fn.name : "metric") });
    this.fn = fn;
  }

  /** Adds `fn(yTrue, yPred)` for the batch, weighted by sampleWeight. */
  override updateState(yTrue: Tensor, yPred: Tensor, sampleWeight: Tensor | null = null): void {
    const values = noGrad(() => this.fn(yTrue.detach(), yPred.detach()));
    super.updateState(values, sampleWeight);
  }
}
