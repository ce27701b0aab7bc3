/**
 * The playground's network: fully connected layers (features -> hidden... -> 1), TF Playground's
 * initialisation (weights U(-0.5, 0.5), biases 0.1, drawn from a seeded RandomState), hidden activation
 * from the state, output tanh for classification and linear for regression. Free of the DOM.
 */
import * as bp from "../../src/index.ts";
import type { Activation, PlaygroundState } from "./state.ts";

type Tensor = bp.Tensor;
const F = bp.nn.functional;

/** Activations that `nn.functional.linearActivation` fuses into the product. */
const FUSED = new Set<Activation>(["relu", "sigmoid", "tanh"]);

/**
 * A hidden activation as a function of tensors: leaky ReLU's slope is 0.01 (PyTorch's), ELU's alpha 1,
 * GELU the exact (erf) form.
 * @example activationFn("relu")(bp.tensor([-1, 2])).toArray(); // [0, 2]
 */
export function activationFn(a: Activation): (x: Tensor) => Tensor {
  switch (a) {
    case "relu": return F.relu;
    case "tanh": return F.tanh;
    case "sigmoid": return F.sigmoid;
    case "linear": return (x) => x;
    case "leakyRelu": return (x) => F.leakyRelu(x, 0.01);
    case "elu": return (x) => F.elu(x, 1);
    case "gelu": return (x) => F.gelu(x);
  }
}

/**
 * The network of a state: `layers[i]` maps layer i's inputs to its outputs (the last one is the output
 * neuron); weights `[out][in]` like PyTorch's Linear.
 * @example const net = new Network(DEFAULT_STATE); net.forward(bp.zeros([3, 2])).shape; // [3, 1]
 */
export class Network {
  readonly layers: bp.nn.Linear[] = [];
  private readonly act: (x: Tensor) => Tensor;
  private readonly fused: "relu" | "sigmoid" | "tanh" | null;
  private readonly classification: boolean;

  constructor(state: PlaygroundState) {
    const sizes = [state.features.length, ...state.hidden, 1];
    const rs = new bp.random.RandomState(state.seed);
    for (let i = 0; i + 1 < sizes.length; i++) {
      const layer = new bp.nn.Linear(sizes[i], sizes[i + 1]);
      const w = rs.uniform(-0.5, 0.5, [sizes[i + 1], sizes[i]]);
      bp.noGrad(() => {
        layer.weight.data.set(w.data);
        layer.bias?.fill_(0.1);
      });
      this.layers.push(layer);
    }
    this.act = activationFn(state.activation);
    this.fused = FUSED.has(state.activation) ? (state.activation as "relu" | "sigmoid" | "tanh") : null;
    this.classification = state.problem === "classification";
  }

  /** Every weight and bias, layer by layer. */
  parameters(): bp.nn.Parameter[] {
    return this.layers.flatMap((l) => [l.weight, ...(l.bias === null ? [] : [l.bias])]);
  }

  /**
   * The output [n, 1] of features [n, k]; `hidden`, when given, receives each hidden layer's output [n, width].
   * @example const hidden: bp.Tensor[] = []; net.forward(x, hidden); hidden.length; // state.hidden.length
   */
  forward(x: Tensor, hidden?: Tensor[]): Tensor {
    let h = x;
    const last = this.layers.length - 1;
    for (let i = 0; i < last; i++) {
      const l = this.layers[i];
      h = this.fused !== null ? F.linearActivation(h, l.weight, l.bias, this.fused) : this.act(F.linear(h, l.weight, l.bias));
      hidden?.push(h);
    }
    const out = this.layers[last];
    return this.classification ? F.linearActivation(h, out.weight, out.bias, "tanh") : F.linear(h, out.weight, out.bias);
  }
}
