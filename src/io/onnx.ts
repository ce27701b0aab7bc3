/**
 * ONNX export: an `nn.Sequential` or a Keras `Sequential` of dense layers and activations becomes an
 * ONNX ModelProto (graph input `input`, output `output`, weights as initializers, a dynamic batch axis),
 * encoded with protobufjs from message types built here from onnx.proto's field numbers (onnx/onnx,
 * onnx/onnx.proto; IR version 7 for opset 13-14, 8 for 15-18, 9 for 19-20, 10 for 21).
 */
import protobuf from "protobufjs/light.js";
import type { Tensor } from "../tensor/tensor.ts";
import { Module } from "../nn/module.ts";
import { Sequential } from "../nn/container.ts";
import { Identity, Linear } from "../nn/linear.ts";
import { ELU, GELU, LeakyReLU, LogSoftmax, ReLU, Sigmoid, Softmax, Tanh } from "../nn/activation.ts";
import { AlphaDropout, Dropout, Dropout1d, Dropout2d, FeatureAlphaDropout } from "../nn/dropout.ts";
import { Flatten } from "../nn/flatten.ts";
import { writeFileAtomic } from "./files.ts";

/** Options of `io.exportOnnx`. */
export interface ExportOnnxOptions {
  /** The input's shape, `null` for a dynamic axis (the batch): `[null, 4]`. */
  inputShape: readonly (number | null)[];
  /** The ONNX opset (default 13; 13 to 21). */
  opset?: number;
}

/** A Keras `Sequential` as the exporter sees it (io sits below keras, so it reads layers by their class names). */
export interface OnnxKerasModel {
  readonly layers: readonly OnnxKerasLayer[];
}

/** A Keras layer as the exporter sees it: Dense, Dropout, Flatten, Activation (and InputLayer). */
export interface OnnxKerasLayer {
  readonly className: string;
  readonly name: string;
  readonly weight?: Tensor | null;
  readonly bias?: Tensor | null;
  readonly activation?: { readonly name: string };
}

// onnx.proto (field numbers from onnx/onnx's onnx/onnx.proto), only the messages and fields used here
const ONNX_PROTO = {
  nested: {
    onnx: {
      nested: {
        AttributeProto: {
          fields: {
            name: { type: "string", id: 1 }, f: { type: "float", id: 2 }, i: { type: "int64", id: 3 },
            s: { type: "bytes", id: 4 }, floats: { rule: "repeated", type: "float", id: 7 },
            ints: { rule: "repeated", type: "int64", id: 8 }, type: { type: "int32", id: 20 },
          },
        },
        ValueInfoProto: { fields: { name: { type: "string", id: 1 }, type: { type: "TypeProto", id: 2 } } },
        NodeProto: {
          fields: {
            input: { rule: "repeated", type: "string", id: 1 }, output: { rule: "repeated", type: "string", id: 2 },
            name: { type: "string", id: 3 }, opType: { type: "string", id: 4 },
            attribute: { rule: "repeated", type: "AttributeProto", id: 5 }, domain: { type: "string", id: 7 },
          },
        },
        ModelProto: {
          fields: {
            irVersion: { type: "int64", id: 1 }, producerName: { type: "string", id: 2 }, producerVersion: { type: "string", id: 3 },
            domain: { type: "string", id: 4 }, modelVersion: { type: "int64", id: 5 }, docString: { type: "string", id: 6 },
            graph: { type: "GraphProto", id: 7 }, opsetImport: { rule: "repeated", type: "OperatorSetIdProto", id: 8 },
          },
        },
        GraphProto: {
          fields: {
            node: { rule: "repeated", type: "NodeProto", id: 1 }, name: { type: "string", id: 2 },
            initializer: { rule: "repeated", type: "TensorProto", id: 5 }, docString: { type: "string", id: 10 },
            input: { rule: "repeated", type: "ValueInfoProto", id: 11 }, output: { rule: "repeated", type: "ValueInfoProto", id: 12 },
          },
        },
        TensorProto: {
          fields: {
            dims: { rule: "repeated", type: "int64", id: 1 }, dataType: { type: "int32", id: 2 },
            name: { type: "string", id: 8 }, rawData: { type: "bytes", id: 9 },
          },
        },
        TensorShapeProto: {
          fields: { dim: { rule: "repeated", type: "Dimension", id: 1 } },
          nested: {
            Dimension: {
              oneofs: { value: { oneof: ["dimValue", "dimParam"] } },
              fields: { dimValue: { type: "int64", id: 1 }, dimParam: { type: "string", id: 2 } },
            },
          },
        },
        TypeProto: {
          oneofs: { value: { oneof: ["tensorType"] } },
          fields: { tensorType: { type: "Tensor", id: 1 } },
          nested: { Tensor: { fields: { elemType: { type: "int32", id: 1 }, shape: { type: "TensorShapeProto", id: 2 } } } },
        },
        OperatorSetIdProto: { fields: { domain: { type: "string", id: 1 }, version: { type: "int64", id: 2 } } },
      },
    },
  },
};

let modelType: protobuf.Type | null = null;
function modelProto(): protobuf.Type {
  modelType ??= protobuf.Root.fromJSON(ONNX_PROTO).lookupType("onnx.ModelProto");
  return modelType;
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_FLOAT = 1; // AttributeProto.AttributeType
const ATTR_INT = 2;

type Dim = number | null;
interface Attr { name: string; f?: number; i?: number; type: number }
interface NodeMsg { input: string[]; output: string[]; name: string; opType: string; attribute: Attr[] }
interface TensorMsg { dims: number[]; dataType: number; name: string; rawData: Uint8Array }

/** Builds the graph one op at a time, tracking the current value's name and shape. */
class GraphBuilder {
  readonly nodes: NodeMsg[] = [];
  readonly initializers: TensorMsg[] = [];
  current = "input";
  shape: Dim[];
  private count = 0;

  constructor(inputShape: readonly Dim[]) {
    this.shape = [...inputShape];
  }

  fresh(base: string): string {
    return `${base}_${this.count++}`;
  }

  initializer(name: string, dims: readonly number[], values: ArrayLike<number>): string {
    const f = Float32Array.from(values);
    this.initializers.push({ dims: [...dims], dataType: FLOAT, name, rawData: new Uint8Array(f.buffer) });
    return name;
  }

  constant(value: number): string {
    return this.initializer(this.fresh("const"), [], [value]);
  }

  /** Adds a node on `inputs` (default: the current value) and makes its output current. */
  op(opType: string, attrs: Attr[] = [], inputs: string[] = [this.current]): string {
    const out = this.fresh(opType.toLowerCase());
    this.nodes.push({ input: inputs, output: [out], name: out, opType, attribute: attrs });
    this.current = out;
    return out;
  }

  /** `prefix`: the initializers' name prefix; `where`: the module or layer for error messages. */
  linear(prefix: string, weight: Tensor, bias: Tensor | null, where = `module "${prefix}"`): void {
    if (weight.dim() !== 2) throw new Error(`io.exportOnnx: ${where}: the weight must be 2-D, got shape [${weight.shape.join(", ")}]`);
    const [outF, inF] = weight.shape;
    const last = this.shape[this.shape.length - 1];
    if (this.shape.length < 1 || last !== inF) {
      throw new Error(`io.exportOnnx: ${where} takes ${inF} features but its input has shape [${this.shape.map(String).join(", ")}]`);
    }
    const w = weight.contiguous().data;
    const t = new Float32Array(inF * outF);
    for (let o = 0; o < outF; o++) for (let i = 0; i < inF; i++) t[i * outF + o] = w[o * inF + i];
    const x = this.current;
    this.op("MatMul", [], [x, this.initializer(`${prefix}.kernel`, [inF, outF], t)]);
    if (bias !== null) this.op("Add", [], [this.current, this.initializer(`${prefix}.bias`, [outF], bias.contiguous().data)]);
    this.shape[this.shape.length - 1] = outF;
  }

  activation(where: string, name: string, axis = -1): void {
    switch (name) {
      case "linear": case "identity": return;
      case "relu": this.op("Relu"); return;
      case "sigmoid": this.op("Sigmoid"); return;
      case "tanh": this.op("Tanh"); return;
      case "softmax": this.op("Softmax", [int("axis", axis)]); return;
      case "log_softmax": this.op("LogSoftmax", [int("axis", axis)]); return;
      case "selu": this.op("Selu"); return;
      case "softplus": this.op("Softplus"); return;
      case "softsign": this.op("Softsign"); return;
      case "exponential": this.op("Exp"); return;
      case "swish": case "silu": {
        const x = this.current;
        this.op("Mul", [], [x, this.op("Sigmoid")]);
        return;
      }
      case "gelu": this.gelu("none"); return;
      case "elu": this.op("Elu", [float("alpha", 1)]); return;
      case "leaky_relu": this.op("LeakyRelu", [float("alpha", 0.2)]); return;
      default:
        throw new Error(`io.exportOnnx: ${where}: activation "${name.slice(0, 40)}" has no ONNX export (supported: ${KERAS_ACTIVATIONS})`);
    }
  }

  /** GELU from opset-13 ops: `0.5 x (1 + erf(x / √2))`, or the tanh form. */
  gelu(approximate: "none" | "tanh"): void {
    const x = this.current;
    let inner: string;
    if (approximate === "none") {
      inner = this.op("Erf", [], [this.op("Div", [], [x, this.constant(Math.SQRT2)])]);
    } else {
      const cube = this.op("Mul", [], [this.op("Mul", [], [x, x]), x]);
      const poly = this.op("Add", [], [x, this.op("Mul", [], [cube, this.constant(0.044715)])]);
      inner = this.op("Tanh", [], [this.op("Mul", [], [poly, this.constant(Math.sqrt(2 / Math.PI))])]);
    }
    const onePlus = this.op("Add", [], [inner, this.constant(1)]);
    this.op("Mul", [], [this.op("Mul", [], [x, onePlus]), this.constant(0.5)]);
  }

  /** ONNX Flatten(axis): [d0..d(axis-1)] and the rest, each multiplied out. */
  flatten(where: string, startDim: number, endDim: number): void {
    const rank = this.shape.length;
    const s = startDim < 0 ? startDim + rank : startDim;
    const e = endDim < 0 ? endDim + rank : endDim;
    if (s !== 1 || e !== rank - 1) {
      throw new Error(`io.exportOnnx: ${where}: only Flatten of every axis after the batch exports (startDim 1, endDim -1), got ${startDim}, ${endDim}`);
    }
    const rest = this.shape.slice(1);
    if (rest.some((d) => d === null)) throw new Error(`io.exportOnnx: ${where}: Flatten needs fixed sizes after the batch axis, got [${this.shape.map(String).join(", ")}]`);
    this.op("Flatten", [int("axis", 1)]);
    this.shape = [this.shape[0], (rest as number[]).reduce((a, b) => a * b, 1)];
  }
}

const KERAS_ACTIVATIONS = "linear, relu, sigmoid, tanh, softmax, elu, selu, gelu, leaky_relu, softplus, softsign, exponential, swish";

function int(name: string, i: number): Attr {
  return { name, i, type: ATTR_INT };
}
function float(name: string, f: number): Attr {
  return { name, f, type: ATTR_FLOAT };
}

function addTorchModule(g: GraphBuilder, name: string, m: Module): void {
  const where = `module "${name}"`;
  if (m instanceof Linear) {
    g.linear(name, m.weight, m.bias);
    if (m.activation !== null) g.activation(`module "${name}"`, m.activation);
  } else if (m instanceof ReLU) g.activation(where, "relu");
  else if (m instanceof Sigmoid) g.activation(where, "sigmoid");
  else if (m instanceof Tanh) g.activation(where, "tanh");
  else if (m instanceof LeakyReLU) g.op("LeakyRelu", [float("alpha", m.negativeSlope)]);
  else if (m instanceof ELU) g.op("Elu", [float("alpha", m.alpha)]);
  else if (m instanceof GELU) g.gelu(m.approximate);
  else if (m instanceof Softmax || m instanceof LogSoftmax) {
    const kind = m instanceof Softmax ? "Softmax" : "LogSoftmax";
    if (m.dim === null) throw new Error(`io.exportOnnx: ${where}: ${kind} needs an explicit dim to export (new nn.${kind}(1))`);
    g.op(kind, [int("axis", m.dim)]);
  } else if (isDropout(m) || m instanceof Identity) return;
  else if (m instanceof Flatten) g.flatten(where, m.startDim, m.endDim);
  else if (m instanceof Sequential) for (const [child, sub] of m.namedChildren()) addTorchModule(g, name === "" ? child : `${name}.${child}`, sub);
  else {
    throw new Error(
      `io.exportOnnx: ${where} (${m.constructor.name.slice(0, 40)}) has no ONNX export; supported: Linear, ReLU, Sigmoid, Tanh, ` +
        "LeakyReLU, ELU, GELU, Softmax, LogSoftmax, Dropout, Flatten, Identity, Sequential",
    );
  }
}

/** Layer `index` of a Keras model; its initializers are named by position (`layers.2.kernel`), as layer names count up per process. */
function addKerasLayer(g: GraphBuilder, layer: OnnxKerasLayer, index: number): void {
  const where = `layer "${String(layer.name).slice(0, 60)}"`;
  switch (layer.className) {
    case "InputLayer": case "Dropout": return;
    case "Flatten": g.flatten(where, 1, -1); return;
    case "Activation": g.activation(where, layer.activation?.name ?? "linear"); return;
    case "Dense": {
      const w = layer.weight ?? null;
      if (w === null) throw new Error(`io.exportOnnx: ${where} is not built yet (fit or build the model first)`);
      g.linear(`layers.${index}`, w, layer.bias ?? null, where);
      g.activation(where, layer.activation?.name ?? "linear");
      return;
    }
    default:
      throw new Error(`io.exportOnnx: ${where} (${String(layer.className).slice(0, 40)}) has no ONNX export; supported: Dense, Dropout, Flatten, Activation`);
  }
}

function irVersion(opset: number): number {
  return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
}

function valueInfo(name: string, shape: readonly Dim[]): object {
  return {
    name,
    type: { tensorType: { elemType: FLOAT, shape: { dim: shape.map((d) => (d === null ? { dimParam: "batch" } : { dimValue: d })) } } },
  };
}

function isKeras(model: unknown): model is OnnxKerasModel {
  return typeof model === "object" && model !== null && !(model instanceof Module) && Array.isArray((model as { layers?: unknown }).layers);
}

/**
 * The ONNX bytes of `model` (`nn.Sequential` of Linear, ReLU / Sigmoid / Tanh / LeakyReLU / ELU / GELU /
 * Softmax / LogSoftmax, Dropout, Flatten, Identity; or a Keras `Sequential` of Dense, Dropout, Flatten,
 * Activation), without writing anything (what `exportOnnx` writes). Weights are exported as float32.
 * @example
 * const bytes = bp.io.onnxBytes(model, { inputShape: [null, 4] });
 */
export function onnxBytes(model: Module | OnnxKerasModel, options: ExportOnnxOptions): Uint8Array {
  if (options === null || typeof options !== "object") throw new Error("io.exportOnnx: options must be an object with inputShape, e.g. { inputShape: [null, 4] }");
  const { inputShape } = options;
  if (!Array.isArray(inputShape) || inputShape.length < 1 || inputShape.length > 8 ||
    !inputShape.every((d) => d === null || (Number.isInteger(d) && d > 0 && d <= 2 ** 31))) {
    throw new Error(`io.exportOnnx: inputShape must be 1 to 8 positive integers or null (dynamic), e.g. [null, 4], got ${JSON.stringify(inputShape)?.slice(0, 80)}`);
  }
  const opset = options.opset ?? 13;
  if (!Number.isInteger(opset) || opset < 13 || opset > 21) throw new Error(`io.exportOnnx: opset must be an integer from 13 to 21, got ${String(opset).slice(0, 40)}`);
  const g = new GraphBuilder(inputShape);
  if (isKeras(model)) model.layers.forEach((layer, i) => addKerasLayer(g, layer, i));
  else if (model instanceof Module) addTorchModule(g, model instanceof Sequential ? "" : "model", model);
  else throw new Error(`io.exportOnnx: model must be an nn.Module or a Keras Sequential, got ${typeof model}`);
  // the last node writes `output` (an Identity when the model is empty or ends in one)
  if (g.nodes.length === 0 || g.current === "input") g.op("Identity");
  g.nodes[g.nodes.length - 1].output = ["output"];
  const Model = modelProto();
  const message = Model.fromObject({
    irVersion: irVersion(opset),
    producerName: "backprop",
    opsetImport: [{ domain: "", version: opset }],
    graph: {
      name: "backprop",
      node: g.nodes,
      initializer: g.initializers,
      input: [valueInfo("input", inputShape)],
      output: [valueInfo("output", g.shape)],
    },
  });
  return Model.encode(message).finish();
}

/**
 * Exports `model` to ONNX (opset 13+, graph input `input`, output `output`, `null` axes dynamic) and
 * returns the bytes; with a `path` (Node) it also writes them there atomically. Browsers: pass no path.
 * Supported: see `onnxBytes`. ONNX Runtime gives the same outputs within float32 rounding.
 * @example
 * const model = new bp.nn.Sequential(new bp.nn.Linear(4, 8), new bp.nn.ReLU(), new bp.nn.Linear(8, 3));
 * await bp.io.exportOnnx(model, "model.onnx", { inputShape: [null, 4] });
 * const bytes = await bp.io.exportOnnx(model, null, { inputShape: [null, 4] }); // browser
 */
export async function exportOnnx(
  model: Module | OnnxKerasModel, path: string | null | undefined, options: ExportOnnxOptions,
): Promise<Uint8Array> {
  if (path !== null && path !== undefined && (typeof path !== "string" || path === "")) {
    throw new Error(`io.exportOnnx: path must be a non-empty string or null, got ${typeof path === "string" ? '""' : typeof path}`);
  }
  const bytes = onnxBytes(model, options);
  if (typeof path === "string") writeFileAtomic(path, bytes, "io.exportOnnx");
  return Promise.resolve(bytes);
}

/** Dropouts are the identity at inference, which is what ONNX Runtime serves. */
function isDropout(m: Module): boolean {
  return m instanceof Dropout || m instanceof Dropout1d || m instanceof Dropout2d || m instanceof AlphaDropout || m instanceof FeatureAlphaDropout;
}
