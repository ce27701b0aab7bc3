import { Tensor } from "../tensor/tensor.ts";
import { Module } from "./module.ts";
import { Parameter } from "./parameter.ts";
import { describeNonTensor } from "../tensor/format.ts";

/*
 * Containers, like torch/nn/modules/container.py: Sequential and ModuleList share one body for
 * holding, indexing and iterating numbered children (ModuleSequence); ModuleDict holds modules by
 * name and ParameterList numbered parameters. Children live in the container's own fields, so
 * Module's discovery registers them ("0.weight", "blocks.1.bias", "heads.cls.weight").
 */

type Fields = Record<string, unknown>;

function resolveIndex(op: string, index: number, length: number, what: string): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(i) || i < 0 || i >= length) {
    throw new Error(`${op}: index ${index} is out of range for ${length} ${what}${length === 1 ? "" : "s"}`);
  }
  return i;
}

/** The values of `m`'s own fields that pass `keep`, in field order (duplicates kept). */
function ownValues<T>(m: Module, keep: (v: unknown) => v is T): T[] {
  const fields = m as unknown as Fields;
  return Object.keys(m).map((k) => fields[k]).filter(keep);
}

const isModule = (v: unknown): v is Module => v instanceof Module;
const isParameter = (v: unknown): v is Parameter => v instanceof Parameter;

/**
 * The body Sequential and ModuleList share: children held in fields named by position (or by name,
 * for a Sequential built from an object), with `length`, `at`, `append`, `extend`, `insert` and
 * iteration. Not a layer of its own: use `Sequential` or `ModuleList`.
 * @example new nn.Sequential(new nn.ReLU()) instanceof nn.ModuleSequence; // true
 */
export class ModuleSequence extends Module {
  /** Number of modules. */
  get length(): number {
    return ownValues(this, isModule).length;
  }

  /** The module at `index` (negative counts from the end), like `seq[i]`. @example model.at(-1); */
  at(index: number): Module {
    const list = ownValues(this, isModule);
    return list[resolveIndex(`${this.constructor.name}.at`, index, list.length, "module")];
  }

  /** Adds a module at the end, named by its position. Returns this. @example model.append(new nn.Softmax(1)); */
  append(module: Module): this {
    if (!(module instanceof Module)) throw new Error(`${this.constructor.name}.append: every item must be a Module`);
    this.registerModule(String(this.length), module);
    return this;
  }

  /** Adds modules at the end. Returns this. @example model.extend([new nn.ReLU(), new nn.Linear(10, 2)]); */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts a module before position `index` and renumbers the children. Returns this. @example model.insert(1, new nn.Dropout(0.2)); */
  insert(index: number, module: Module): this {
    if (!(module instanceof Module)) throw new Error(`${this.constructor.name}.insert: every item must be a Module`);
    const list = ownValues(this, isModule);
    const i = index === list.length ? index : resolveIndex(`${this.constructor.name}.insert`, index, list.length, "module");
    list.splice(i, 0, module);
    const fields = this as unknown as Fields;
    for (const key of Object.keys(this)) if (fields[key] instanceof Module) delete fields[key];
    list.forEach((m, j) => this.registerModule(String(j), m));
    return this;
  }

  /** Iterates over the modules. */
  [Symbol.iterator](): Iterator<Module> {
    return ownValues(this, isModule)[Symbol.iterator]();
  }
}

/**
 * A chain of modules applied one after the other, like `torch.nn.Sequential`:
 * `forward(x) = m_{n-1}(... m_1(m_0(x)))`, a plain loop over the children. Children are named `"0"`,
 * `"1"`, ... (so parameters are `"0.weight"`, `"0.bias"`, ...), or by the keys of an object given
 * instead of a list. For the fused dense layer (one graph node for `act(x W^T + b)`) ask for it:
 * `new nn.Linear(in, out, { activation: "relu" })`.
 * @example
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * model.forward(bp.randn(64, 784)).shape; // [64, 10]
 * model.at(0); // Linear(in_features=784, out_features=128, bias=True)
 */
export class Sequential extends ModuleSequence {
  constructor(...modules: Module[]);
  constructor(named: Record<string, Module>);
  constructor(...args: (Module | Record<string, Module>)[]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Module)) {
      const named: unknown = args[0];
      if (typeof named !== "object" || named === null || Array.isArray(named)) {
        throw new Error(`Sequential: argument 0 is not a Module nor a {name: Module} object, got ${describeNonTensor(named)}`);
      }
      for (const [name, m] of Object.entries(named)) {
        if (!(m instanceof Module)) throw new Error(`Sequential: "${name.slice(0, 60)}" is not a Module`);
        this.registerModule(name, m);
      }
    } else {
      args.forEach((m, i) => {
        if (!(m instanceof Module)) throw new Error(`Sequential: argument ${i} is not a Module`);
        this.registerModule(String(i), m);
      });
    }
  }

  /** Applies each module in turn. */
  override forward(input: Tensor): Tensor {
    let x = input;
    for (const m of this) x = m.forward(x);
    return x;
  }
}

/**
 * A list of submodules that registers them (parameters `"0.weight"`, ...), like
 * `torch.nn.ModuleList`. It has no `forward`: a parent module iterates over it. A plain array of
 * modules held in a field is discovered the same way.
 * @example
 * const blocks = new nn.ModuleList([new nn.Linear(4, 4), new nn.Linear(4, 4)]);
 * for (const b of blocks) x = b.forward(x);
 */
export class ModuleList extends ModuleSequence {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }
}

/**
 * Submodules held by name, like `torch.nn.ModuleDict`: `heads.get("cls")`, `heads.set("box", m)`,
 * parameters `"cls.weight"`, ...; iteration yields the keys, in insertion order (as a JavaScript
 * object, integer-like keys come first). It has no `forward`. A key may not shadow a member of Module
 * (`"forward"`, `"training"`, ...).
 * @example
 * const heads = new nn.ModuleDict({ cls: new nn.Linear(8, 10), box: new nn.Linear(8, 4) });
 * heads.get("cls").forward(bp.randn(2, 8)).shape; // [2, 10]
 */
export class ModuleDict extends Module {
  constructor(modules: Record<string, Module> | Iterable<[string, Module]> = {}) {
    super();
    this.update(modules);
  }

  /** Number of modules. */
  get length(): number {
    return this.keys().length;
  }

  /** The module under `key`, like `heads[key]`; an error for a missing key. @example heads.get("cls"); */
  get(key: string): Module {
    if (!this.has(key)) throw new Error(`ModuleDict.get: no module under key "${key}"`);
    return (this as unknown as Fields)[key] as Module;
  }

  /** Adds or replaces the module under `key`. Returns this. @example heads.set("box", new nn.Linear(8, 4)); */
  set(key: string, module: Module): this {
    if (!(module instanceof Module)) throw new Error(`ModuleDict.set: "${key}" is not a Module`);
    const fields = this as unknown as Fields;
    if (key in this && !(fields[key] instanceof Module)) {
      throw new Error(`ModuleDict.set: key "${key}" would shadow the Module attribute of that name`);
    }
    this.registerModule(key, module);
    return this;
  }

  /** Whether a module is held under `key` (`key in dict`). @example heads.has("cls"); // true */
  has(key: string): boolean {
    return Object.hasOwn(this, key) && (this as unknown as Fields)[key] instanceof Module;
  }

  /** Removes the module under `key` and returns it, like `pop`. @example heads.pop("box"); */
  pop(key: string): Module {
    const m = this.get(key);
    delete (this as unknown as Fields)[key];
    return m;
  }

  /** Removes every module. @example heads.clear(); */
  clear(): void {
    for (const k of this.keys()) delete (this as unknown as Fields)[k];
  }

  /** Adds or replaces modules from an object or `[key, module]` pairs. Returns this. @example heads.update({ aux: new nn.Linear(8, 2) }); */
  update(modules: Record<string, Module> | Iterable<[string, Module]>): this {
    const pairs = Symbol.iterator in modules ? [...(modules as Iterable<[string, Module]>)] : Object.entries(modules);
    for (const [k, m] of pairs) this.set(k, m);
    return this;
  }

  /** The keys, in order. @example heads.keys(); // ["cls", "box"] */
  keys(): string[] {
    const fields = this as unknown as Fields;
    return Object.keys(this).filter((k) => fields[k] instanceof Module);
  }

  /** The modules, in key order. */
  values(): Module[] {
    return this.keys().map((k) => this.get(k));
  }

  /** `[key, module]` pairs, in order. */
  items(): [string, Module][] {
    return this.keys().map((k) => [k, this.get(k)]);
  }

  /** Iterates over the keys, as PyTorch's ModuleDict does. */
  [Symbol.iterator](): Iterator<string> {
    return this.keys()[Symbol.iterator]();
  }
}

/**
 * A list of parameters registered under `"0"`, `"1"`, ..., like `torch.nn.ParameterList`; a plain
 * tensor given to it is wrapped in a `Parameter` (sharing its data).
 * @example
 * const scales = new nn.ParameterList([bp.ones(3), bp.zeros(3)]);
 * scales.at(0).requiresGrad; // true
 */
export class ParameterList extends Module {
  constructor(parameters: Iterable<Tensor> = []) {
    super();
    this.extend(parameters);
  }

  /** Number of parameters. */
  get length(): number {
    return ownValues(this, isParameter).length;
  }

  /** The parameter at `index` (negative counts from the end). @example scales.at(-1); */
  at(index: number): Parameter {
    const list = ownValues(this, isParameter);
    return list[resolveIndex("ParameterList.at", index, list.length, "parameter")];
  }

  /** Adds a parameter (a tensor is wrapped in a Parameter) at the end. Returns this. @example scales.append(bp.ones(3)); */
  append(value: Tensor): this {
    if (!(value instanceof Tensor)) throw new Error("ParameterList.append: every item must be a Tensor");
    this.registerParameter(String(this.length), value instanceof Parameter ? value : new Parameter(value));
    return this;
  }

  /** Adds parameters at the end. Returns this. @example scales.extend([bp.ones(2)]); */
  extend(values: Iterable<Tensor>): this {
    for (const v of values) this.append(v);
    return this;
  }

  /** Iterates over the parameters. */
  [Symbol.iterator](): Iterator<Parameter> {
    return ownValues(this, isParameter)[Symbol.iterator]();
  }

  /** PyTorch 1.13's printout: one line per parameter with its dtype and size (a single one inline, as torch). */
  override extraRepr(): string {
    return ownValues(this, isParameter)
      .map((p, i) => `  (${i}): Parameter containing: [torch.${p.dtype} of size ${p.shape.join("x")}]`)
      .join("\n");
  }
}
