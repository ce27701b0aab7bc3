import { Tensor } from "../tensor/tensor.ts";
import { isFloating, type DType } from "../tensor/dtype.ts";
import { formatShape, sameShape } from "../tensor/shape.ts";
import { noGrad } from "../autograd/grad_mode.ts";
import { zeroGrads, type ZeroGradOptions } from "../autograd/zero_grad.ts";
import { Parameter } from "./parameter.ts";
import { addIndent } from "./_repr.ts";

/** Options of `namedParameters` / `namedBuffers` / `namedModules`. */
export interface NamedOptions {
  /** Prepended to every name, with a dot (default `""`). */
  prefix?: string;
  /** Include submodules' entries (default true; `namedModules` always recurses). */
  recurse?: boolean;
}

export type { ZeroGradOptions } from "../autograd/zero_grad.ts";

/** Options of `stateDict`. */
export interface StateDictOptions {
  /** Return the parameters themselves instead of detached views (default false). */
  keepVars?: boolean;
}

/** Options of `loadStateDict`. */
export interface LoadStateDictOptions {
  /** Require the keys to match exactly (default true). Shape mismatches are errors either way. */
  strict?: boolean;
}

/** What `loadStateDict` returns, like PyTorch's `_IncompatibleKeys`. */
export interface LoadStateDictResult {
  /** Keys the module expects that the state did not have. */
  missingKeys: string[];
  /** Keys of the state that the module does not have. */
  unexpectedKeys: string[];
}

/** One registered entry of a module: a submodule, a parameter or a buffer, with a setter to replace it. */
type Slot =
  | { kind: "module"; name: string; value: Module }
  | { kind: "parameter"; name: string; value: Parameter; set: (t: Parameter) => void }
  | { kind: "buffer"; name: string; value: Tensor; set: (t: Tensor) => void };

type Fields = Record<string, unknown>;

function joinName(prefix: string, name: string): string {
  return prefix === "" ? name : `${prefix}.${name}`;
}

function checkName(op: string, name: string): void {
  if (typeof name !== "string" || name === "") throw new Error(`${op}: name must be a non-empty string`);
  if (name.includes(".")) throw new Error(`${op}: name can't contain ".", got "${name}"`);
}

/** `"a", "b", ... (N keys)`: at most 5 keys of at most 80 characters each, for error messages. */
function quoteKeys(keys: readonly string[]): string {
  const shown = keys.slice(0, 5).map((k) => `"${k.length > 80 ? `${k.slice(0, 80)}...` : k}"`).join(", ");
  return keys.length > 5 ? `${shown}, ... (${keys.length} keys)` : shown;
}

/**
 * Base class of every layer and model, like `torch.nn.Module`. Subclass it, create submodules and
 * {@link Parameter}s in the constructor as fields (also in arrays of modules or parameters), and
 * override `forward`. Fields are found automatically, in the order they were assigned: a field `fc1`
 * holding a `Linear` gives parameters `fc1.weight` and `fc1.bias`; an array field `layers` gives
 * `layers.0.weight`, ... Plain tensors in fields are not state unless registered with
 * `registerBuffer`; `#private` fields are not discovered. Apply a module with `forward(...)`.
 * @example
 * class Net extends nn.Module {
 *   fc1 = new nn.Linear(784, 128);
 *   fc2 = new nn.Linear(128, 10);
 *   override forward(x: bp.Tensor): bp.Tensor {
 *     return this.fc2.forward(nn.functional.relu(this.fc1.forward(x.view(-1, 784))));
 *   }
 * }
 * const net = new Net();
 * net.namedParameters().map(([name]) => name); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
 */
export class Module {
  /** Whether the module is in training mode (`train()`) or evaluation mode (`eval()`); default true. */
  training = true;
  readonly #bufferNames = new Set<string>();

  /**
   * The computation of the module; subclasses override it. Call it directly: `model.forward(x)`.
   */
  forward(..._inputs: Tensor[]): Tensor {
    throw new Error(`Module [${this.constructor.name}] is missing the required "forward" function`);
  }

  /**
   * Extra information shown inside the parentheses of `toString()` (e.g. `in_features=784, ...`);
   * subclasses override it. Default `""`.
   */
  extraRepr(): string {
    return "";
  }

  // ---- registration ----

  /** Adds (or replaces) a submodule under `name`, like `add_module`; also readable as a field. @example seq.registerModule("act", new nn.ReLU()); */
  registerModule(name: string, module: Module | null): void {
    checkName("registerModule", name);
    if (module !== null && !(module instanceof Module)) throw new Error(`registerModule: "${name}" is not a Module`);
    (this as unknown as Fields)[name] = module;
  }

  /** Adds (or replaces) a parameter under `name`, like `register_parameter`. @example m.registerParameter("scale", new nn.Parameter(bp.ones(1))); */
  registerParameter(name: string, param: Parameter | null): void {
    checkName("registerParameter", name);
    if (param !== null && !(param instanceof Parameter)) {
      throw new Error(`registerParameter: "${name}" must be a Parameter (wrap it: new nn.Parameter(tensor))`);
    }
    (this as unknown as Fields)[name] = param;
  }

  /**
   * Adds a buffer: a tensor that is part of the module's state (`stateDict`, `to(dtype)`) but not a
   * parameter, like `register_buffer` (e.g. a loss's class weights).
   * @example m.registerBuffer("runningMean", bp.zeros(10));
   */
  registerBuffer(name: string, tensor: Tensor | null): void {
    checkName("registerBuffer", name);
    if (tensor !== null && !(tensor instanceof Tensor)) throw new Error(`registerBuffer: "${name}" must be a Tensor or null`);
    this.#bufferNames.add(name);
    (this as unknown as Fields)[name] = tensor;
  }

  /** This module's own submodules, parameters and buffers, in field order. */
  #slots(): Slot[] {
    const fields = this as unknown as Fields;
    const out: Slot[] = [];
    const visit = (name: string, value: unknown, set: (v: Tensor) => void, isBuffer: boolean): void => {
      if (value instanceof Parameter) out.push({ kind: "parameter", name, value, set });
      else if (value instanceof Tensor) {
        if (isBuffer) out.push({ kind: "buffer", name, value, set });
      } else if (value instanceof Module) out.push({ kind: "module", name, value });
    };
    for (const key of Object.keys(this)) {
      const value = fields[key];
      if (Array.isArray(value)) {
        value.forEach((item, i) => visit(`${key}.${i}`, item, (v) => (value[i] = v), false));
      } else visit(key, value, (v) => (fields[key] = v), this.#bufferNames.has(key));
    }
    return out;
  }

  // ---- traversal ----

  /** Direct submodules with their names, like `named_children()`. @example net.namedChildren(); // [["fc1", Linear], ["fc2", Linear]] */
  namedChildren(): [string, Module][] {
    const seen = new Set<Module>();
    const out: [string, Module][] = [];
    for (const s of this.#slots()) {
      if (s.kind === "module" && !seen.has(s.value)) {
        seen.add(s.value);
        out.push([s.name, s.value]);
      }
    }
    return out;
  }

  /** Direct submodules, like `children()`. @example net.children().length; // 2 */
  children(): Module[] {
    return this.namedChildren().map(([, m]) => m);
  }

  /**
   * This module and all submodules, depth first, each once, with dotted names (`""` for this one),
   * like `named_modules()`.
   * @example net.namedModules().map(([n]) => n); // ["", "fc1", "fc2"]
   */
  namedModules(options: NamedOptions = {}): [string, Module][] {
    const out: [string, Module][] = [];
    const memo = new Set<Module>();
    const walk = (m: Module, prefix: string): void => {
      if (memo.has(m)) return;
      memo.add(m);
      out.push([prefix, m]);
      for (const [name, child] of m.namedChildren()) walk(child, joinName(prefix, name));
    };
    walk(this, options.prefix ?? "");
    return out;
  }

  /** This module and all submodules, like `modules()`. @example net.modules().length; // 3 */
  modules(): Module[] {
    return this.namedModules().map(([, m]) => m);
  }

  #namedSlots<K extends "parameter" | "buffer">(kind: K, options: NamedOptions): [string, Tensor][] {
    const scope: [string, Module][] = options.recurse === false ? [[options.prefix ?? "", this]] : this.namedModules(options);
    const seen = new Set<Tensor>();
    const out: [string, Tensor][] = [];
    for (const [prefix, m] of scope) {
      for (const s of m.#slots()) {
        if (s.kind !== kind || seen.has(s.value)) continue;
        seen.add(s.value);
        out.push([joinName(prefix, s.name), s.value]);
      }
    }
    return out;
  }

  /**
   * Every parameter with its dotted name (`"fc1.weight"`, `"0.bias"`), each once, in registration
   * order, like `named_parameters()`.
   * @example net.namedParameters()[0][0]; // "fc1.weight"
   */
  namedParameters(options: NamedOptions = {}): [string, Parameter][] {
    return this.#namedSlots("parameter", options) as [string, Parameter][];
  }

  /**
   * Every parameter (this module's and, unless `recurse` is false, its submodules'), each once: what an
   * optimizer needs.
   * @example const opt = new optim.SGD(net.parameters(), { lr: 0.01 });
   */
  parameters(recurse = true): Parameter[] {
    return this.namedParameters({ recurse }).map(([, p]) => p);
  }

  /** Every registered buffer with its dotted name, like `named_buffers()`. @example loss.namedBuffers(); // [["weight", Tensor]] */
  namedBuffers(options: NamedOptions = {}): [string, Tensor][] {
    return this.#namedSlots("buffer", options);
  }

  /** Every registered buffer. @example loss.buffers(); */
  buffers(recurse = true): Tensor[] {
    return this.namedBuffers({ recurse }).map(([, b]) => b);
  }

  // ---- modes ----

  /**
   * Sets training mode (`mode = true`, the default) or evaluation mode on this module and every
   * submodule; it changes Dropout and RReLU. Returns this.
   * @example net.train(); net.training; // true
   */
  train(mode = true): this {
    for (const m of this.modules()) m.training = mode;
    return this;
  }

  /** Evaluation mode, `train(false)`: Dropout becomes the identity, RReLU a fixed slope. Returns this. @example net.eval(); */
  eval(): this {
    return this.train(false);
  }

  /** Sets `requiresGrad` on every parameter (false freezes them), like `requires_grad_()`. Returns this. @example net.fc1.requiresGrad_(false); */
  requiresGrad_(flag = true): this {
    for (const p of this.parameters()) p.requiresGrad_(flag);
    return this;
  }

  /**
   * Resets the gradients of all parameters. Like PyTorch 1.13's default `zero_grad()`, gradients are
   * filled with zeros in place (cut from any graph first); with `setToNone: true` they become null.
   * The same function as `Optimizer.zeroGrad` (`zeroGrads` in autograd/zero_grad.ts).
   * @example net.zeroGrad(); net.zeroGrad({ setToNone: true });
   */
  zeroGrad(options: ZeroGradOptions | boolean = {}): void {
    zeroGrads(this.parameters(), typeof options === "boolean" ? { setToNone: options } : options);
  }

  /** Calls `fn` on every submodule (children first, depth first) and then on this module, like `apply()`. Returns this. @example net.apply((m) => { if (m instanceof nn.Linear) nn.init.zeros_(m.bias!); }); */
  apply(fn: (module: Module) => void): this {
    for (const child of this.children()) child.apply(fn);
    fn(this);
    return this;
  }

  // ---- state ----

  #collectState(prefix: string, out: Record<string, Tensor>, keepVars: boolean, setters?: Map<string, Slot>): void {
    const slots = this.#slots();
    for (const kind of ["parameter", "buffer"] as const) {
      for (const s of slots) {
        if (s.kind !== kind) continue;
        const name = joinName(prefix, s.name);
        out[name] = keepVars ? s.value : s.value.detach();
        setters?.set(name, s);
      }
    }
    for (const s of slots) if (s.kind === "module") s.value.#collectState(joinName(prefix, s.name), out, keepVars, setters);
  }

  /**
   * The module's state: every parameter and registered buffer by dotted name, in registration order
   * (each module's parameters, then its buffers, then its submodules'), as detached tensors sharing the
   * parameters' data, like `state_dict()`.
   * @example Object.keys(net.stateDict()); // ["fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"]
   */
  stateDict(options: StateDictOptions = {}): Record<string, Tensor> {
    const out: Record<string, Tensor> = {};
    this.#collectState("", out, options.keepVars ?? false);
    return out;
  }

  /**
   * Copies values from `state` (as `stateDict()` returns) into this module's parameters and buffers,
   * converting dtypes, like `load_state_dict()`. With `strict` (default true) missing and unexpected
   * keys are errors; a shape mismatch is always an error. Nothing is copied when there is an error.
   * Returns the missing and unexpected keys.
   * @example net2.loadStateDict(net.stateDict());
   */
  loadStateDict(state: Record<string, Tensor>, options: LoadStateDictOptions = {}): LoadStateDictResult {
    if (typeof state !== "object" || state === null) throw new Error(`loadStateDict: state must be an object of tensors, got ${state === null ? "null" : typeof state}`);
    const strict = options.strict ?? true;
    const own: Record<string, Tensor> = {};
    const setters = new Map<string, Slot>();
    this.#collectState("", own, true, setters);
    const missingKeys = Object.keys(own).filter((k) => !Object.hasOwn(state, k));
    const unexpectedKeys = Object.keys(state).filter((k) => !Object.hasOwn(own, k));
    const errors: string[] = [];
    if (strict && missingKeys.length > 0) errors.push(`Missing key(s) in state_dict: ${quoteKeys(missingKeys)}.`);
    if (strict && unexpectedKeys.length > 0) errors.push(`Unexpected key(s) in state_dict: ${quoteKeys(unexpectedKeys)}.`);
    const copies: [Tensor, Tensor][] = [];
    for (const [key, target] of Object.entries(own)) {
      if (!Object.hasOwn(state, key)) continue;
      const source = state[key];
      if (!(source instanceof Tensor)) {
        errors.push(`While copying the parameter named "${key.slice(0, 80)}", expected a Tensor from the state dict but received ${typeof source}.`);
        continue;
      }
      if (!sameShape(source.shape, target.shape)) {
        errors.push(
          `size mismatch for ${key.slice(0, 80)}: copying a param with shape ${formatShape(source.shape)} from checkpoint, ` +
            `the shape in current model is ${formatShape(target.shape)}.`,
        );
        continue;
      }
      copies.push([target, source]);
    }
    if (errors.length > 0) {
      // at most 5 errors, so that a state dict of a million wrong entries still gives a short message
      const shown = errors.length > 5 ? [...errors.slice(0, 5), `... and ${errors.length - 5} more error(s)`] : errors;
      throw new Error(`Error(s) in loading state_dict for ${this.constructor.name}:\n\t${shown.join("\n\t")}`);
    }
    noGrad(() => {
      for (const [target, source] of copies) if (source !== target) target.copy_(source);
    });
    return { missingKeys, unexpectedKeys };
  }

  /**
   * Converts every floating parameter and buffer to `dtype` (parameters stay Parameters with the same
   * `requiresGrad`; gradients are converted too), like `module.to(dtype)`. Build optimizers after.
   * Returns this.
   * @example const net64 = new Net().to("float64");
   */
  to(dtype: DType): this {
    noGrad(() => {
      for (const m of this.modules()) {
        for (const s of m.#slots()) {
          // like PyTorch, only floating tensors convert (an int32 counter such as num_batches_tracked stays)
          if (s.kind === "module" || s.value.dtype === dtype || !isFloating(s.value.dtype)) continue;
          if (s.kind === "parameter") {
            const p = new Parameter(s.value.detach().to(dtype), s.value.requiresGrad);
            if (s.value.grad !== null) p.grad = s.value.grad.detach().to(dtype);
            s.set(p);
          } else s.set(s.value.detach().to(dtype));
        }
      }
    });
    return this;
  }

  /** `to("float64")`. @example net.double(); */
  double(): this {
    return this.to("float64");
  }

  /** `to("float32")`. @example net.float(); */
  float(): this {
    return this.to("float32");
  }

  // ---- printing ----

  /**
   * PyTorch's repr: the class name, `extraRepr()`, and each submodule on its own line.
   * @example String(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()));
   * // Sequential(
   * //   (0): Linear(in_features=2, out_features=3, bias=True)
   * //   (1): ReLU()
   * // )
   */
  toString(): string {
    const extra = this.extraRepr();
    const extraLines = extra === "" ? [] : extra.split("\n");
    const childLines: string[] = [];
    const fields = this as unknown as Fields;
    for (const key of Object.keys(this)) {
      const value = fields[key];
      if (value instanceof Module) childLines.push(`(${key}): ${addIndent(value.toString(), 2)}`);
      else if (Array.isArray(value) && value.some((v) => v instanceof Module)) {
        const items = value.flatMap((v, i) => (v instanceof Module ? [`(${i}): ${addIndent(v.toString(), 2)}`] : []));
        const list = `ModuleList(\n  ${items.join("\n  ")}\n)`;
        childLines.push(`(${key}): ${addIndent(list, 2)}`);
      }
    }
    const lines = [...extraLines, ...childLines];
    let body = "";
    if (lines.length > 0) {
      body = extraLines.length === 1 && childLines.length === 0 ? extraLines[0] : `\n  ${lines.join("\n  ")}\n`;
    }
    return `${this.constructor.name}(${body})`;
  }

  /** Lets `console.log(model)` print like PyTorch. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return this.toString();
  }
}
