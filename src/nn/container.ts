import type { Tensor } from "../tensor/tensor.ts";
import { isFloating } from "../tensor/dtype.ts";
import { type LinearActivation, linearActivation } from "../ops/matmul.ts";
import { Module } from "./module.ts";
import { Linear } from "./linear.ts";
import { ReLU, Sigmoid, Tanh } from "./activation.ts";

type Fields = Record<string, unknown>;

/** The modules held in a container's own fields, in order (duplicates kept). */
function items(m: Module): Module[] {
  const fields = m as unknown as Fields;
  return Object.keys(m)
    .map((k) => fields[k])
    .filter((v): v is Module => v instanceof Module);
}

function resolveIndex(op: string, index: number, length: number): number {
  const i = index < 0 ? index + length : index;
  if (!Number.isInteger(i) || i < 0 || i >= length) {
    throw new Error(`${op}: index ${index} is out of range for ${length} module${length === 1 ? "" : "s"}`);
  }
  return i;
}

/** Re-registers `modules` under the names "0", "1", ... replacing the numbered children. */
function renumber(m: Module, modules: Module[]): void {
  const fields = m as unknown as Fields;
  for (const key of Object.keys(m)) if (fields[key] instanceof Module) delete fields[key];
  modules.forEach((mod, i) => m.registerModule(String(i), mod));
}

/** Whether `m` is exactly an instance of the class with this prototype, its `forward` not replaced. */
function isPlain(m: Module, prototype: object): boolean {
  return Object.getPrototypeOf(m) === prototype && !Object.hasOwn(m, "forward");
}

/**
 * The activation to fuse into `m` when `m` is a plain `Linear` followed by a plain `ReLU`, `Sigmoid`
 * or `Tanh` and `x` is a valid input for it; else null (and the modules run one by one, which is
 * also where a bad input gets `linear`'s own error).
 */
function fusedActivation(m: Module, next: Module, x: Tensor): LinearActivation | null {
  if (!isPlain(m, Linear.prototype)) return null;
  const activation = isPlain(next, ReLU.prototype) ? "relu" : isPlain(next, Sigmoid.prototype) ? "sigmoid" : isPlain(next, Tanh.prototype) ? "tanh" : null;
  const { weight } = m as Linear;
  const fits = x.dim() > 0 && x.shape[x.dim() - 1] === weight.shape[1] && x.dtype === weight.dtype && isFloating(x.dtype);
  return fits ? activation : null;
}

/**
 * A chain of modules applied one after the other, like `torch.nn.Sequential`:
 * `forward(x) = m_{n-1}(... m_1(m_0(x)))`. Children are named `"0"`, `"1"`, ... (so parameters are
 * `"0.weight"`, `"0.bias"`, ...), or by the keys of an object given instead of a list.
 *
 * A `Linear` directly followed by a `ReLU`, `Sigmoid` or `Tanh` runs as one fused op
 * (`linearActivation`): the same values and gradients bit for bit, one graph node, and no
 * pre-activation tensor. Subclasses, and modules whose `forward` was replaced, run as they are.
 * @example
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * model.forward(bp.randn(64, 784)).shape; // [64, 10]
 * model.at(0); // Linear(in_features=784, out_features=128, bias=True)
 */
export class Sequential extends Module {
  constructor(...modules: Module[]);
  constructor(named: Record<string, Module>);
  constructor(...args: (Module | Record<string, Module>)[]) {
    super();
    if (args.length === 1 && !(args[0] instanceof Module)) {
      for (const [name, m] of Object.entries(args[0])) this.registerModule(name, m);
    } else {
      args.forEach((m, i) => {
        if (!(m instanceof Module)) throw new Error(`Sequential: argument ${i} is not a Module`);
        this.registerModule(String(i), m);
      });
    }
  }

  /** Number of modules. */
  get length(): number {
    return items(this).length;
  }

  /** The module at `index` (negative counts from the end), like `seq[i]`. @example model.at(-1); */
  at(index: number): Module {
    const list = items(this);
    return list[resolveIndex("Sequential.at", index, list.length)];
  }

  /** Adds a module at the end, named by its position. Returns this. @example model.append(new nn.Softmax(1)); */
  append(module: Module): this {
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
    const list = items(this);
    const i = index === list.length ? index : resolveIndex("Sequential.insert", index, list.length);
    list.splice(i, 0, module);
    renumber(this, list);
    return this;
  }

  /** Applies each module in turn. */
  override forward(input: Tensor): Tensor {
    const list = items(this);
    let x = input;
    for (let i = 0; i < list.length; i++) {
      const activation = i + 1 < list.length ? fusedActivation(list[i], list[i + 1], x) : null;
      if (activation === null) {
        x = list[i].forward(x);
      } else {
        const linear = list[i] as Linear;
        x = linearActivation(x, linear.weight, linear.bias, activation);
        i++; // the activation ran inside the fused op
      }
    }
    return x;
  }

  /** Iterates over the modules. */
  [Symbol.iterator](): Iterator<Module> {
    return items(this)[Symbol.iterator]();
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
export class ModuleList extends Module {
  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  /** Number of modules. */
  get length(): number {
    return items(this).length;
  }

  /** The module at `index` (negative counts from the end). @example blocks.at(0); */
  at(index: number): Module {
    const list = items(this);
    return list[resolveIndex("ModuleList.at", index, list.length)];
  }

  /** Adds a module at the end. Returns this. @example blocks.append(new nn.ReLU()); */
  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  /** Adds modules at the end. Returns this. @example blocks.extend([new nn.ReLU()]); */
  extend(modules: Iterable<Module>): this {
    for (const m of modules) {
      if (!(m instanceof Module)) throw new Error("ModuleList: every item must be a Module");
      this.append(m);
    }
    return this;
  }

  /** Inserts a module before position `index`. Returns this. @example blocks.insert(0, new nn.Identity()); */
  insert(index: number, module: Module): this {
    const list = items(this);
    const i = index === list.length ? index : resolveIndex("ModuleList.insert", index, list.length);
    list.splice(i, 0, module);
    renumber(this, list);
    return this;
  }

  /** Iterates over the modules. */
  [Symbol.iterator](): Iterator<Module> {
    return items(this)[Symbol.iterator]();
  }
}
