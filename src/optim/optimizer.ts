import { Tensor } from "../tensor/tensor.ts";
import { allocate, isFloating } from "../tensor/dtype.ts";
import { formatShape, sameShape } from "../tensor/shape.ts";
import { enableGrad } from "../autograd/grad_mode.ts";
import { zeroGrads, type ZeroGradOptions } from "../autograd/zero_grad.ts";

/** Hyper-parameters every optimizer's parameter groups carry: at least a learning rate. */
export interface GroupOptions {
  /** Learning rate. */
  lr: number;
}

/**
 * One parameter group: its tensors and its own hyper-parameters, like an entry of PyTorch's
 * `optimizer.param_groups`. Schedulers change `lr` here; `initialLr` is set by the first scheduler.
 */
export type ParamGroup<O extends GroupOptions = GroupOptions> = O & {
  /** The tensors this group optimizes. */
  params: Tensor[];
  /** The learning rate before any scheduler changed it (set by `LRScheduler`). */
  initialLr?: number;
};

/** A parameter group as given to a constructor: tensors plus any hyper-parameters that override the defaults. */
export type ParamGroupInput<O extends GroupOptions = GroupOptions> = Partial<O> & {
  /** The tensors of this group (one tensor or an iterable of them). */
  params: Tensor | Iterable<Tensor>;
};

/** What optimizers accept as `params`: tensors (e.g. `model.parameters()`), or parameter groups. */
export type ParamsInput<O extends GroupOptions = GroupOptions> = Iterable<Tensor> | Iterable<ParamGroupInput<O>>;

/** The per-parameter state of an optimizer (momentum buffers, moment estimates, step counts). */
export type ParamState = Record<string, Tensor | number>;

/** A training closure for `step(closure)`: re-evaluates the model and returns the loss. */
export type LossClosure = () => Tensor;

/**
 * A snapshot of an optimizer, as `stateDict()` returns it and `loadStateDict()` takes it: the
 * per-parameter state keyed by the parameter's index (counted across groups in order, as PyTorch
 * does), and each group's hyper-parameters with its parameters replaced by their indices.
 */
export interface OptimizerStateDict<O extends GroupOptions = GroupOptions> {
  /** Per-parameter state; parameters that never had a gradient have no entry. */
  state: Record<number, ParamState>;
  /** Hyper-parameters of each group, `params` holding parameter indices. */
  paramGroups: (O & { params: number[]; initialLr?: number })[];
}

export type { ZeroGradOptions } from "../autograd/zero_grad.ts";

/** Default hyper-parameters; `undefined` marks a required one (no default, like SGD's `lr`). */
export type Defaults<O> = { [K in keyof O]: O[K] | undefined };

/**
 * Base class of all optimizers, like `torch.optim.Optimizer`. It holds the parameter groups (each with
 * its own hyper-parameters), the per-parameter state, and implements `zeroGrad`, `addParamGroup`,
 * `stateDict` and `loadStateDict`; subclasses implement `step()` and check their hyper-parameters.
 *
 * Parameters whose `.grad` is null are skipped by `step()`, as in PyTorch.
 * @example
 * const w = bp.randn([3, 2], { requiresGrad: true });
 * const b = bp.zeros([2], { requiresGrad: true });
 * const opt = new optim.SGD([{ params: [w] }, { params: [b], lr: 0.01 }], { lr: 0.1, momentum: 0.9 });
 * opt.zeroGrad();
 * x.matmul(w).add(b).pow(2).mean().backward();
 * opt.step();
 */
export abstract class Optimizer<O extends GroupOptions = GroupOptions> {
  /** The parameter groups, each with its tensors and hyper-parameters (`paramGroups[0].lr`). */
  readonly paramGroups: ParamGroup<O>[] = [];
  /** Per-parameter state (momentum buffers, moments), created lazily by `step()`. */
  readonly state = new Map<Tensor, ParamState>();
  /** The hyper-parameters a group gets when it does not set them. */
  readonly defaults: Readonly<Defaults<O>>;
  /** The optimizer's name, used in error messages (`SGD: Invalid learning rate: -1`). */
  protected readonly optimizerName: string;

  protected constructor(name: string, params: ParamsInput<O>, defaults: Defaults<O>) {
    this.optimizerName = name;
    this.defaults = Object.freeze({ ...defaults });
    if (params instanceof Tensor) {
      throw new TypeError(
        `${name}: params should be an iterable of Tensors or parameter groups, but got a Tensor; wrap it in an array`,
      );
    }
    if (params === null || params === undefined || typeof (params as Iterable<unknown>)[Symbol.iterator] !== "function") {
      throw new TypeError(`${name}: params should be an iterable of Tensors or parameter groups, but got ${describe(params)}`);
    }
    const items = [...(params as Iterable<Tensor | ParamGroupInput<O>>)];
    if (items.length === 0) throw new Error(`${name}: optimizer got an empty parameter list`);
    const groups = items[0] instanceof Tensor ? [{ params: items as Tensor[] } as unknown as ParamGroupInput<O>] : (items as ParamGroupInput<O>[]);
    for (const g of groups) this.addParamGroup(g);
  }

  /**
   * Checks a group's hyper-parameters, throwing `Name: Invalid ... value: v` (PyTorch's wording) for bad ones.
   * Called for every group when it is added.
   */
  protected abstract checkGroup(group: O): void;

  /**
   * Performs one optimization step: updates every parameter that has a gradient, in place.
   * With a closure, first re-evaluates the loss with grad mode on and returns it.
   */
  abstract step(closure?: LossClosure): Tensor | undefined;

  /**
   * Adds a parameter group (e.g. layers unfrozen during fine-tuning), like `add_param_group`.
   * Hyper-parameters it does not set come from the optimizer's defaults.
   * @example
   * opt.addParamGroup({ params: head.parameters(), lr: 1e-3 });
   */
  addParamGroup(group: ParamGroupInput<O>): void {
    const name = this.optimizerName;
    if (group === null || typeof group !== "object" || group instanceof Tensor || !("params" in group)) {
      throw new TypeError(`${name}: a parameter group must be an object with a params field, got ${describe(group)}`);
    }
    const index = this.paramGroups.length;
    const raw = group.params;
    const params = raw instanceof Tensor ? [raw] : raw instanceof Set ? null : [...(raw as Iterable<Tensor>)];
    if (params === null) {
      throw new TypeError(`${name}: parameters need an ordered collection, but group ${index} gives a Set; use an array`);
    }
    params.forEach((p, i) => {
      if (!(p instanceof Tensor)) {
        throw new TypeError(`${name}: can only optimize Tensors, but parameter ${i} of group ${index} is ${describe(p)}`);
      }
      if (!p.isLeaf && !p.retainsGrad) throw new Error(`${name}: can't optimize a non-leaf Tensor (parameter ${i} of group ${index})`);
    });
    if (new Set(params).size !== params.length) {
      throw new Error(`${name}: parameter group ${index} contains the same parameter more than once`);
    }
    for (const g of this.paramGroups) {
      if (g.params.some((p) => params.includes(p))) {
        throw new Error(`${name}: some parameters appear in more than one parameter group`);
      }
    }
    const merged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(this.defaults)) {
      const own = (group as Record<string, unknown>)[key];
      const v = own === undefined ? value : own;
      if (v === undefined) {
        throw new Error(`${name}: parameter group ${index} didn't specify a value of required optimization parameter ${key}`);
      }
      merged[key] = Array.isArray(v) ? [...v] : v;
    }
    for (const [key, value] of Object.entries(group)) {
      if (key !== "params" && !(key in merged) && value !== undefined) merged[key] = value;
    }
    const full = { ...merged, params } as ParamGroup<O>;
    this.checkGroup(full);
    this.paramGroups.push(full);
  }

  /**
   * Resets the gradients of all optimized tensors: fills them with zeros in place (PyTorch 1.13's
   * default), or with `{ setToNone: true }` sets them to null (then `step()` skips those parameters
   * until a backward gives them a gradient again).
   * @example
   * opt.zeroGrad();                      // grads are zeros
   * opt.zeroGrad({ setToNone: true });   // grads are null
   */
  zeroGrad(options: ZeroGradOptions = {}): void {
    zeroGrads(this.paramGroups.flatMap((g) => g.params), options);
  }

  /**
   * A snapshot of the optimizer: per-parameter state keyed by parameter index, and the groups'
   * hyper-parameters. Tensors are copied, so later steps do not change a snapshot.
   * @example
   * const saved = opt.stateDict();
   * // ... later, with an optimizer built the same way:
   * opt2.loadStateDict(saved);
   */
  stateDict(): OptimizerStateDict<O> {
    const indexOf = new Map<Tensor, number>();
    let next = 0;
    const paramGroups = this.paramGroups.map((group) => {
      const packed: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(group)) {
        if (key !== "params") packed[key] = copyValue(value);
      }
      packed.params = group.params.map((p) => {
        let i = indexOf.get(p);
        if (i === undefined) {
          i = next++;
          indexOf.set(p, i);
        }
        return i;
      });
      return packed as unknown as O & { params: number[]; initialLr?: number };
    });
    const state: Record<number, ParamState> = {};
    for (const [p, s] of this.state) {
      const i = indexOf.get(p);
      if (i === undefined) continue;
      const copy: ParamState = {};
      for (const [key, value] of Object.entries(s)) copy[key] = value instanceof Tensor ? copyTensor(value, value) : value;
      state[i] = copy;
    }
    return { state, paramGroups };
  }

  /**
   * Restores a snapshot from `stateDict()` into an optimizer with the same group layout: the groups'
   * hyper-parameters (their tensors are kept) and the per-parameter state, copied and converted to
   * each parameter's dtype.
   * @example
   * const saved = opt.stateDict();
   * const resumed = new optim.Adam(model.parameters(), { lr: 1e-3 });
   * resumed.loadStateDict(saved); // continues exactly where opt was
   */
  loadStateDict(stateDict: OptimizerStateDict<O>): void {
    const name = this.optimizerName;
    if (stateDict === null || typeof stateDict !== "object" || !Array.isArray(stateDict.paramGroups)) {
      throw new Error(`${name}.loadStateDict: expected an object with state and paramGroups, got ${describe(stateDict)}`);
    }
    const saved = stateDict.paramGroups;
    if (saved.length !== this.paramGroups.length) {
      throw new Error(
        `${name}.loadStateDict: the state dict has ${saved.length} parameter groups, the optimizer has ${this.paramGroups.length}`,
      );
    }
    saved.forEach((g, i) => {
      const n = this.paramGroups[i].params.length;
      if (!Array.isArray(g.params) || g.params.length !== n) {
        throw new Error(
          `${name}.loadStateDict: parameter group ${i} has ${Array.isArray(g.params) ? g.params.length : "no"} parameters in the state dict, ${n} in the optimizer`,
        );
      }
    });
    const byIndex = new Map<number, Tensor>();
    saved.forEach((g, i) => g.params.forEach((id, j) => byIndex.set(Number(id), this.paramGroups[i].params[j])));
    const newState = new Map<Tensor, ParamState>();
    for (const [key, s] of Object.entries(stateDict.state ?? {})) {
      const p = byIndex.get(Number(key));
      if (p === undefined) throw new Error(`${name}.loadStateDict: state for parameter ${key}, which no group holds`);
      const copy: ParamState = {};
      for (const [k, value] of Object.entries(s)) {
        if (value instanceof Tensor) {
          if (value.numel() !== p.numel()) {
            throw new Error(
              `${name}.loadStateDict: state ${k} of parameter ${key} has shape ${formatShape(value.shape)}, the parameter has shape ${formatShape(p.shape)}`,
            );
          }
          // floating state follows the parameter's dtype, as PyTorch casts it
          copy[k] = copyTensor(value, isFloating(p.dtype) ? p : value);
        } else {
          copy[k] = value;
        }
      }
      newState.set(p, copy);
    }
    const newGroups = saved.map((g, i) => {
      const group: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(g)) if (key !== "params") group[key] = copyValue(value);
      group.params = this.paramGroups[i].params;
      return group as unknown as ParamGroup<O>;
    });
    newGroups.forEach((g) => this.checkGroup(g));
    this.state.clear();
    for (const [p, s] of newState) this.state.set(p, s);
    this.paramGroups.splice(0, this.paramGroups.length, ...newGroups);
  }

  /** Runs a closure with grad mode on, as `step(closure)` does before updating. */
  protected evaluate(closure: LossClosure | undefined): Tensor | undefined {
    return closure === undefined ? undefined : enableGrad(closure);
  }

  /** PyTorch-style summary: each group's hyper-parameters. */
  toString(): string {
    let s = `${this.optimizerName} (`;
    this.paramGroups.forEach((g, i) => {
      s += `\nParameter Group ${i}`;
      for (const key of Object.keys(g).filter((k) => k !== "params").sort()) {
        s += `\n    ${key}: ${JSON.stringify((g as unknown as Record<string, unknown>)[key])}`;
      }
    });
    return `${s}\n)`;
  }
}

/**
 * The gradient of `p` if it has one (null: skip this parameter), checked against the parameter's size.
 * For optimizer implementations.
 */
export function gradOf(optimizer: string, p: Tensor): Tensor | null {
  const g = p.grad;
  if (g === null) return null;
  if (g.numel() !== p.numel()) {
    throw new Error(`${optimizer}: gradient of shape ${formatShape(g.shape)} does not match parameter of shape ${formatShape(p.shape)}`);
  }
  return g;
}

/** A zero-filled state buffer with the parameter's shape and dtype (PyTorch's `zeros_like(p)`). */
export function stateZeros(p: Tensor): Tensor {
  return new Tensor(allocate(p.dtype, p.numel()), p.shape);
}

function copyValue(value: unknown): unknown {
  return Array.isArray(value) ? [...value] : value;
}

/** A copy of `source`'s values with `like`'s dtype and shape. */
function copyTensor(source: Tensor, like: Tensor): Tensor {
  const data = allocate(like.dtype, source.numel());
  data.set(source.data);
  return new Tensor(data, like === source ? source.shape : like.shape);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (value instanceof Tensor) return "a Tensor";
  return typeof value === "object" ? `a ${value.constructor?.name ?? "object"}` : `a ${typeof value}`;
}

// ---- helpers for optimizers written with tensor ops (RMSprop, Adagrad, Adadelta, Adamax, NAdam, RAdam) ----

/**
 * Throws PyTorch's error for a hyper-parameter that fails its check, prefixed with the optimizer's name:
 * `RMSprop: Invalid learning rate: -1`.
 */
export function checkHyper(optimizer: string, ok: boolean, what: string, value: unknown): void {
  // a string such as "0.1" would pass `>= 0` by coercion and then concatenate in the update: refuse it
  if (!ok || typeof value !== "number") {
    const shown = typeof value === "number" ? String(value) : String(JSON.stringify(value)).slice(0, 60);
    throw new Error(`${optimizer}: Invalid ${what}: ${shown}${typeof value === "number" ? "" : ` (a ${typeof value}, expected a number)`}`);
  }
}

/** PyTorch's checks of `betas`: a pair with each value in [0, 1). */
export function checkBetas(optimizer: string, betas: readonly [number, number]): void {
  if (!Array.isArray(betas) || betas.length !== 2) {
    throw new Error(`${optimizer}: betas must be a pair [beta1, beta2], got ${String(JSON.stringify(betas)).slice(0, 100)}`);
  }
  betas.forEach((b, i) => checkHyper(optimizer, b >= 0 && b < 1, `beta parameter at index ${i}`, b));
}

/**
 * Refuses the options that PyTorch 1.13 has but backprop cannot honour: `differentiable: true` (updates
 * are made in place outside the graph), `capturable: true` (CUDA graphs) and `fused: true` (CUDA).
 * `foreach` is accepted and ignored: it selects PyTorch's multi-tensor implementation, which computes
 * the same numbers.
 */
export function checkUnsupported(optimizer: string, options: ImplementationOptions): void {
  if (options.differentiable === true) {
    throw new Error(`${optimizer}: differentiable=true is not supported; backprop updates parameters in place outside the graph`);
  }
  if (options.capturable === true) throw new Error(`${optimizer}: capturable=true is not supported (it is for CUDA graphs)`);
  if (options.fused === true) throw new Error(`${optimizer}: fused=true is not supported (PyTorch 1.13 has it for CUDA only)`);
}

/**
 * PyTorch 1.13's options that choose an implementation rather than the arithmetic. `foreach` is
 * accepted and ignored (the multi-tensor path computes the same numbers); `differentiable`,
 * `capturable` and `fused` are accepted when false and refused when true. None is stored in the groups.
 */
export interface ImplementationOptions {
  /** PyTorch's multi-tensor implementation switch: accepted, ignored. */
  foreach?: boolean | null;
  /** Record the update in the autograd graph: only false is supported. */
  differentiable?: boolean;
  /** CUDA-graph capture: only false is supported. */
  capturable?: boolean;
  /** PyTorch's fused CUDA kernel: only false is supported. */
  fused?: boolean;
}

/**
 * The gradient an update uses, as PyTorch's single-tensor optimizers form it: `-∇` when maximizing, then
 * `+ λθ` for weight decay λ ≠ 0 (shaped like the parameter). Null when the parameter has no gradient.
 * Call inside `noGrad`.
 */
export function effectiveGrad(optimizer: string, p: Tensor, maximize: boolean, weightDecay: number): Tensor | null {
  const raw = gradOf(optimizer, p);
  if (raw === null) return null;
  let g = sameShape(raw.shape, p.shape) ? raw : new Tensor(raw.data, p.shape);
  if (maximize) g = g.neg();
  if (weightDecay !== 0) g = g.add(p.mul(weightDecay));
  return g;
}

/** Writes `value`'s elements into `target` in place (a parameter or a state buffer keeps its identity). */
export function assignInPlace(target: Tensor, value: Tensor): void {
  target.data.set(value.data);
}

/** A state buffer with the parameter's shape and dtype filled with `value` (PyTorch's `full_like(p, value)`). */
export function stateFull(p: Tensor, value: number): Tensor {
  const t = stateZeros(p);
  if (value !== 0) t.data.fill(value);
  return t;
}
