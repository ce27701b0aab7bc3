import type { Tensor } from "../tensor/tensor.ts";
import { zeros } from "../tensor/creation.ts";
import type { DType } from "../tensor/dtype.ts";
import { Module } from "./module.ts";
import { pyBool } from "./_repr.ts";
import { checkTensorInput } from "./_checks.ts";
import { Parameter } from "./parameter.ts";
import * as F from "./functional/index.ts";
import * as init from "./init.ts";

/**
 * The identity: `forward(x)` returns `x` itself, like `torch.nn.Identity` (a placeholder layer).
 * @example new nn.Identity().forward(x) === x; // true
 */
export class Identity extends Module {
  override forward(input: Tensor): Tensor {
    return input;
  }
}

/** Options of `Linear`. */
export interface LinearOptions {
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** dtype of weight and bias (default float32). */
  dtype?: DType;
  /**
   * An activation fused into the layer (default null: none): `forward` then computes
   * `F.linearActivation(x, weight, bias, activation)`, i.e. `act(x W^T + b)` as one op and one graph
   * node, the same numbers as a `Linear` followed by the activation module. Not in PyTorch.
   */
  activation?: F.LinearActivation | null;
}

/**
 * Fully connected layer `y = x W^T + b`, like `torch.nn.Linear`. Shapes: input `[*, inFeatures]`,
 * output `[*, outFeatures]`; `weight` `[outFeatures, inFeatures]`, `bias` `[outFeatures]` (null with
 * `bias: false`). Init as PyTorch: weight kaiming-uniform with a = sqrt(5), i.e.
 * U(-1/sqrt(in), 1/sqrt(in)), and bias U(-1/sqrt(in), 1/sqrt(in)), from the seeded generator. With
 * `activation` ("relu", "sigmoid", "tanh") the layer is the fused dense layer `act(x W^T + b)`.
 * @example
 * const fc = new nn.Linear(784, 128);
 * fc.forward(bp.randn(64, 784)).shape; // [64, 128]
 * new nn.Linear(2, 1, { bias: false });
 * new nn.Linear(784, 128, { activation: "relu" }); // relu(fc(x)) as one fused op
 */
export class Linear extends Module {
  /** Size of each input sample. */
  readonly inFeatures: number;
  /** Size of each output sample. */
  readonly outFeatures: number;
  /** The learnable weights, `[outFeatures, inFeatures]`. */
  weight: Parameter;
  /** The learnable bias, `[outFeatures]`, or null. */
  bias: Parameter | null;
  /** The fused activation, or null. */
  readonly activation: F.LinearActivation | null;

  constructor(inFeatures: number, outFeatures: number, options: boolean | LinearOptions = {}) {
    super();
    for (const [name, v] of [["inFeatures", inFeatures], ["outFeatures", outFeatures]] as const) {
      if (!Number.isInteger(v) || v < 0) throw new Error(`Linear: ${name} must be a non-negative integer, got ${v}`);
    }
    const o = typeof options === "boolean" ? { bias: options } : options;
    const dtype = o.dtype ?? "float32";
    const activation = o.activation ?? null;
    if (activation !== null && activation !== "relu" && activation !== "sigmoid" && activation !== "tanh") {
      throw new Error(`Linear: activation must be "relu", "sigmoid", "tanh" or null, got "${String(activation)}"`);
    }
    this.inFeatures = inFeatures;
    this.outFeatures = outFeatures;
    this.activation = activation;
    this.weight = new Parameter(zeros([outFeatures, inFeatures], { dtype }));
    this.bias = (o.bias ?? true) ? new Parameter(zeros([outFeatures], { dtype })) : null;
    this.resetParameters();
  }

  /** Re-draws weight and bias with PyTorch's default init (see the class doc). */
  resetParameters(): void {
    init.kaimingUniform_(this.weight, { a: Math.sqrt(5) });
    if (this.bias !== null) {
      const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
      init.uniform_(this.bias, -bound, bound);
    }
  }

  override forward(input: Tensor): Tensor {
    checkTensorInput("Linear.forward", input);
    if (this.activation !== null) return F.linearActivation(input, this.weight, this.bias, this.activation);
    return F.linear(input, this.weight, this.bias);
  }

  override extraRepr(): string {
    const act = this.activation === null ? "" : `, activation=${this.activation}`;
    return `in_features=${this.inFeatures}, out_features=${this.outFeatures}, bias=${pyBool(this.bias !== null)}${act}`;
  }
}
