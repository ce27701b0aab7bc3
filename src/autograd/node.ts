import type { Tensor } from "../tensor/tensor.ts";
import type { TypedArray } from "../tensor/dtype.ts";
import { formatShape } from "../tensor/shape.ts";
import { isGradEnabled } from "./grad_mode.ts";
import { captureStack, checkForward, isAnomalyEnabled } from "./anomaly.ts";

/**
 * Computes the gradients of an op's inputs from the gradient of its output (`null`: no gradient).
 * `into[i]`, when not null, is the `.grad` that input i's gradient is about to be added to (a leaf
 * that already has one): a backward may add its gradient straight into it, in place, and return that
 * very tensor, which the engine then does not add again (the weight gradient of `linear` does, to
 * skip a temporary and a pass over it). Most backwards ignore it.
 */
export type BackwardFn = (gradOutput: Tensor, into: readonly (Tensor | null)[]) => (Tensor | null)[];

/*
 * Version counters (PyTorch's `_version`). Every in-place write bumps the version of the storage it
 * writes (the typed array, shared by a tensor and its views). A node remembers the global count of
 * in-place writes when it was recorded (`epoch`), so recording costs one integer; only a backward
 * through a node recorded before some later in-place write looks the storages of its saved tensors
 * up, and fails like PyTorch when one was written after the node saved it.
 */

/** The version of one storage and the epochs (global write counts) of its latest writes. */
interface StorageVersion {
  version: number;
  /** Epochs of the last writes, oldest first (at most HISTORY), to name the version a node saw. */
  epochs: number[];
}

const HISTORY = 16;
const versions = new WeakMap<TypedArray, StorageVersion>();
let epoch = 0;

/** Records an in-place write into `data` (every in-place op calls this before it records its node). */
export function bumpVersion(data: TypedArray): void {
  epoch++;
  const v = versions.get(data);
  if (v === undefined) versions.set(data, { version: 1, epochs: [epoch] });
  else {
    v.version++;
    v.epochs.push(epoch);
    if (v.epochs.length > HISTORY) v.epochs.shift();
  }
}

/** How many in-place writes `data` has had (PyTorch's `tensor._version`; views share it). */
export function versionOf(data: TypedArray): number {
  return versions.get(data)?.version ?? 0;
}

/*
 * What each op's backward reads, by node name, for the version check: most ops read their inputs
 * (the default); these read none of them (shapes, indices or other operands only) ...
 */
const NONE = 0;
const OUTPUT = 1;
const OPERANDS = 2;
const READS = new Map<string, number>([
  ...[
    "View", "Add", "Sub", "Neg", "Clone", "Sum", "Mean", "Cat", "Stack", "Permute", "Transpose", "Expand", "Narrow",
    "ToCopy", "Where", "Gather", "IndexSelect", "Take", "Index", "IndexPut", "IndexPutAccumulate", "MaskedFill", "MaskedSelect",
    "Scatter", "ScatterAdd", "IndexAdd", "Fill", "AddInPlace", "SubInPlace", "CopyInPlace", "Tril", "Triu", "Embedding",
    // statistics, scans and sorting; more elementwise math
    "Floor", "Ceil", "Round", "Trunc", "Sign", "Frac", "Cumsum",
  ].map((n): [string, number] => [n, NONE]),
  // ... these read their own output (y = f(x) with f' written in y) as well ...
  ...[
    "Exp", "Sqrt", "Sigmoid", "Tanh", "Softmax", "LogSoftmax", "Elu", "LinearSigmoid", "LinearTanh", "Pow", "Max", "Min", "Cdist", "Norm",
    // statistics, scans and sorting; more elementwise math
    "Tan", "Expm1", "Exp2", "Reciprocal", "Rsqrt", "Hypot", "Std", "Prod", "Logsumexp", "Amax", "Amin", "Median",
  ].map((n): [string, number] => [n, OUTPUT]),
  // ... and these only the operand that the other's gradient needs
  ["Mul", OPERANDS],
  ["Div", OPERANDS],
]);
/**
 * Views: reshape / view (and flatten, squeeze, unsqueeze through them) share their input's storage,
 * so a view's values are always its base's current values: a view recorded before an in-place write
 * into the storage gets a fresh View node on the base's current gradFn when it is next used (what
 * PyTorch does when it regenerates a view's grad_fn).
 */
const VIEW = "View";

/**
 * A recorded op in the graph (PyTorch's `grad_fn`): its inputs, the nodes their gradients flow on to
 * (`next`, fixed when recorded, so an in-place op that later gives an input a new `gradFn` does not
 * reroute this one), and the closure that knows its local derivative. After a backward without
 * `retainGraph` the closure, and with it every tensor it saved, is released.
 */
export class Node {
  readonly name: string;
  readonly inputs: readonly Tensor[];
  /**
   * Where input i's gradient goes: the node that produced it, the input itself when it is a leaf
   * that requires grad (accumulated into `.grad`), or null (no gradient).
   */
  readonly next: readonly (Node | Tensor | null)[];
  /** The non-leaf tensor that called `retainGrad()` on this node's output (its `.grad` is kept). */
  retained: Tensor | null = null;
  /** Where the user's code created this op, captured only while anomaly detection is on ("" otherwise). */
  readonly stack: string;
  /** The count of in-place writes (all storages) when this node was recorded. */
  private readonly epoch: number;
  /** The tensors whose values the backward reads (checked against later in-place writes). */
  private saved: readonly Tensor[] | null;
  /** The op's output, when the saved tensors are found by name (they may include it). */
  private output: Tensor | null;
  private backwardFn: BackwardFn | null;

  /**
   * `saved`: the tensors the backward reads, or null to find them by the op's name from `inputs` and
   * `output` (READS), only when a check needs them; `savedAt`: the epoch they were saved at.
   */
  constructor(
    name: string, inputs: readonly Tensor[], backwardFn: BackwardFn, saved: readonly Tensor[] | null = null, savedAt = epoch,
    output: Tensor | null = null,
  ) {
    this.name = name;
    this.inputs = inputs;
    const next: (Node | Tensor | null)[] = new Array(inputs.length);
    for (let i = 0; i < inputs.length; i++) {
      const t = inputs[i];
      let fn = t.gradFn;
      if (fn !== null && fn.epoch !== epoch && fn.name === VIEW) {
        refreshView(t);
        fn = t.gradFn;
      }
      next[i] = fn !== null ? fn : t.requiresGrad ? t : null;
    }
    this.next = next;
    this.backwardFn = backwardFn;
    this.saved = saved;
    this.output = output;
    this.epoch = savedAt;
    this.stack = isAnomalyEnabled() ? captureStack() : "";
  }

  /** Gradients for each input, given the gradient of the output (see BackwardFn for `into`). */
  apply(gradOutput: Tensor, into: readonly (Tensor | null)[] = []): (Tensor | null)[] {
    if (this.backwardFn === null) {
      throw new Error(
        `backward: trying to backward through the graph a second time (${this.name} already freed its saved values). ` +
          "Saved intermediate values of the graph are freed when you call backward(); pass { retainGraph: true } " +
          "to the first backward if you need to backward through the graph again.",
      );
    }
    if (epoch !== this.epoch) this.checkVersions();
    return this.backwardFn(gradOutput, into);
  }

  /** Drops the saved values once backward has used them. */
  release(): void {
    this.backwardFn = null;
    this.saved = [];
    this.output = null;
  }

  /** True for a View node whose storage was written in place after it was recorded. */
  isStaleView(): boolean {
    if (this.name !== VIEW || epoch === this.epoch) return false;
    const v = versions.get(this.inputs[0].data);
    return v !== undefined && v.epochs[v.epochs.length - 1] > this.epoch;
  }

  /** Fails like PyTorch when a saved tensor was written in place after this node saved it. */
  private checkVersions(): void {
    for (const t of this.saved ?? savedBy(this.name, this.inputs, this.output)) {
      const v = versions.get(t.data);
      if (v === undefined || v.epochs[v.epochs.length - 1] <= this.epoch) continue;
      const later = v.epochs.filter((e) => e > this.epoch).length;
      const expected = later < v.epochs.length || v.epochs.length < HISTORY ? `${v.version - later}` : `at most ${v.version - later}`;
      const i = this.inputs.indexOf(t);
      const next = i >= 0 ? this.next[i] : null;
      const creator = i < 0 ? this.name : next instanceof Node ? next.name : null;
      const made = creator === null ? "a leaf" : `output 0 of ${creator}Backward`;
      const what = `[${t.dtype} tensor of shape ${formatShape(t.shape)}], which is ${made} and was saved by ${this.name}Backward`;
      throw new Error(
        `backward: one of the variables needed for gradient computation has been modified by an inplace operation: ` +
          `${what}, is at version ${v.version}; expected version ${expected} instead. Hint: the in-place op that ` +
          "modified it came after the op that saved it; use its out-of-place form (add instead of add_) or clone() the tensor first.",
      );
    }
  }
}

/** The tensors a node named `name` reads in backward, by the tables above (default: its inputs). */
function savedBy(name: string, inputs: readonly Tensor[], out: Tensor | null): readonly Tensor[] {
  const reads = READS.get(name);
  if (reads === undefined) return inputs;
  if (reads === NONE) return [];
  if (reads === OUTPUT) return out === null ? inputs : [...inputs, out];
  // x·y reads y for x's gradient and x for y's; x/y reads y, and x only for y's gradient
  const [x, y] = inputs;
  const saved: Tensor[] = [];
  if (y.requiresGrad) saved.push(x);
  if (x.requiresGrad || (name === "Div" && y.requiresGrad)) saved.push(y);
  return saved;
}

/**
 * Records `out` as the result of op `name` on `inputs` when grad mode is on and any input requires
 * grad; `backward` maps the output's gradient to the inputs' gradients. `saved` lists the tensors
 * the backward reads (default: by the op's name, see READS). Returns `out`.
 */
export function record(out: Tensor, name: string, inputs: readonly Tensor[], backward: BackwardFn, saved?: readonly Tensor[]): Tensor {
  if (isAnomalyEnabled()) checkForward(name, inputs, out);
  if (!isGradEnabled() || !anyRequiresGrad(inputs)) return out;
  out.gradFn = new Node(name, inputs, backward, saved ?? null, epoch, out);
  out.requiresGrad = true;
  return out;
}

/** Whether any of `inputs` requires grad (a plain loop: this runs once per op). */
function anyRequiresGrad(inputs: readonly Tensor[]): boolean {
  for (let i = 0; i < inputs.length; i++) if (inputs[i].requiresGrad) return true;
  return false;
}

/** The View node that made `t` a view (sharing its storage) of its input, or null. */
function viewNode(t: Tensor): Node | null {
  const fn = t.gradFn;
  return fn !== null && fn.name === VIEW && fn.inputs[0].data === t.data ? fn : null;
}

/**
 * The base that `t` is a view of (reshape / view / flatten / squeeze / unsqueeze, following views of
 * views), with the view nodes on the way, or null when t is no recorded view.
 */
export function viewBase(t: Tensor): { base: Tensor; chain: Node[] } | null {
  const chain: Node[] = [];
  let cur = t;
  for (let fn = viewNode(cur); fn !== null; fn = viewNode(cur)) {
    chain.push(fn);
    cur = fn.inputs[0];
  }
  return chain.length === 0 ? null : { base: cur, chain };
}

/**
 * Gives a view whose storage was written in place since it was made a fresh View node on its base's
 * current gradFn (its values are the base's current values). No-op for anything else.
 */
export function refreshView(t: Tensor): void {
  const view = viewBase(t);
  if (view === null || !view.chain.some((node) => node.isStaleView())) return;
  makeView(t, view.base);
}

/** Makes `t`, which shares `base`'s storage, a view of base's current value: a fresh View node on base's gradFn. */
function makeView(t: Tensor, base: Tensor): void {
  const baseShape = base.shape;
  setGradFn(t, new Node(VIEW, [base], (g) => [g.reshape(baseShape)], []));
}

/** Makes `node` t's gradFn; a `retainGrad()` on t moves to it (t keeps retaining its gradient). */
function setGradFn(t: Tensor, node: Node): void {
  const previous = t.gradFn;
  if (previous !== null && previous.retained === t) {
    previous.retained = null;
    node.retained = t;
  }
  t.gradFn = node;
  t.requiresGrad = true;
}

/**
 * Records an in-place op that has just overwritten `t` (and bumped its version): `t`'s old value is
 * input 0 of the new node (its gradient flows on to `t`'s previous gradFn), `others` the op's other
 * inputs; `t`'s gradFn becomes the new node, as PyTorch rebases a tensor's grad_fn (through a view,
 * the base's gradFn, and t becomes a fresh view of the base). Nothing is
 * recorded when grad mode is off or nothing requires grad. `saved`: the tensors the backward reads;
 * `savedBeforeWrite`: they were read before this op's own write (an operand that is t itself or
 * shares its storage must then fail in backward, as in PyTorch's `b.mul_(b)`).
 */
export function recordInPlace(
  t: Tensor, name: string, others: readonly Tensor[], backward: BackwardFn, saved: readonly Tensor[] = [], savedBeforeWrite = false,
): void {
  const inputs = [t, ...others];
  if (isAnomalyEnabled()) checkForward(name, inputs, t);
  if (!isGradEnabled() || !anyRequiresGrad(inputs)) return;
  const view = viewBase(t);
  if (view !== null) {
    // a write through a view is a write into its base (PyTorch's CopySlices; here views are whole
    // reshapes): the base's gradFn becomes the op (in the base's shape), and t a fresh view of it
    const { base } = view;
    const viewShape = t.shape;
    const baseShape = base.shape;
    const onBase: BackwardFn = (g, into) => {
      const grads = backward(g.reshape(viewShape), into);
      const g0 = grads[0];
      return [g0 === null || g0 === undefined ? null : g0.reshape(baseShape), ...grads.slice(1)];
    };
    recordInPlace(base, name, others, onBase, saved, savedBeforeWrite);
    makeView(t, base);
    return;
  }
  setGradFn(t, new Node(name, inputs, backward, saved, savedBeforeWrite ? epoch - 1 : epoch));
}
