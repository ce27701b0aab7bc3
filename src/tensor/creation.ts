import { type DType, type TypedArray, allocate, checkDType, dtypeOf, isFloating } from "./dtype.ts";
import { Tensor } from "./tensor.ts";
import { checkShape, formatShape, numel } from "./shape.ts";
import { normal, randomInt, randperm as permutation, uniform } from "./random.ts";
import { kernels } from "../backend/registry.ts";
import { describeNonTensor } from "./format.ts";

/** Options accepted by every creation function. */
export interface CreationOptions {
  /** Element type (default `"float32"`). */
  dtype?: DType;
  /** Record ops on the new tensor for backward (default false). */
  requiresGrad?: boolean;
}

/** Nested arrays of numbers or booleans (all booleans give a bool tensor), as `tensor()` accepts them. */
export type NestedNumbers = number | boolean | readonly NestedNumbers[];

/** A shape given as separate numbers or as one array, optionally followed by options. */
export type ShapeAndOptions = (number | readonly number[] | CreationOptions)[];

function finish(data: TypedArray, shape: readonly number[], options: CreationOptions): Tensor {
  const t = new Tensor(data, shape);
  if (options.requiresGrad) t.requiresGrad_(true);
  return t;
}

function dtypeFrom(op: string, options: CreationOptions, fallback: DType = "float32"): DType {
  return options.dtype === undefined ? fallback : checkDType(op, options.dtype);
}

/** Splits `(2, 3, {dtype})` / `([2, 3], {dtype})` into shape and options. */
function parseShape(op: string, args: ShapeAndOptions): [number[], CreationOptions] {
  let options: CreationOptions = {};
  const dims: (number | readonly number[])[] = [];
  for (const a of args as unknown[]) {
    if (typeof a === "number" || Array.isArray(a)) dims.push(a as number | readonly number[]);
    else if (typeof a === "object" && a !== null) options = a as CreationOptions;
    else throw new Error(`${op}: sizes must be numbers, got ${typeof a} ${String(a).slice(0, 40)}`);
  }
  const shape = dims.length === 1 && Array.isArray(dims[0]) ? [...dims[0]] : (dims as number[]);
  if (shape.some((s) => typeof s !== "number")) throw new Error(`${op}: invalid shape ${String(JSON.stringify(dims)).slice(0, 100)}`);
  return [checkShape(op, shape), options];
}

function inferNestedShape(data: NestedNumbers): number[] {
  const shape: number[] = [];
  let cur: NestedNumbers = data;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    if (cur.length === 0) break;
    cur = cur[0];
  }
  return shape;
}

/** ` at [1][0]`: where in the nested arrays `path` points ("" at the top), bounded for error messages. */
function nestedPath(path: readonly number[]): string {
  const text = path.map((i) => `[${i}]`).join("");
  return path.length === 0 ? "" : ` at ${text.length <= 60 ? text : `${text.slice(0, 60)}... (depth ${path.length})`}`;
}

/** Flattens nested values into `out`; returns whether every leaf was a boolean. `path` is the indices down to `data`. */
function flattenInto(data: NestedNumbers, shape: number[], dim: number, out: number[], path: number[]): boolean {
  if (dim === shape.length) {
    if (Array.isArray(data)) throw new Error(`tensor: ragged nested array${nestedPath(path)}: expected a number, got an array (too deep)`);
    const v = typeof data === "boolean" ? Number(data) : data;
    if (typeof v !== "number") throw new Error(`tensor: expected a number${nestedPath(path)}, got ${v === null ? "null" : typeof v}`);
    out.push(v as number);
    return typeof data === "boolean";
  }
  if (!Array.isArray(data) || data.length !== shape[dim]) {
    const got = Array.isArray(data) ? `${data.length}` : data === null ? "null" : `a ${typeof data}`;
    throw new Error(`tensor: ragged nested array${nestedPath(path)}: expected length ${shape[dim]}, got ${got}`);
  }
  let allBoolean = true;
  const items = data as readonly NestedNumbers[];
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    allBoolean = flattenInto(items[i], shape, dim + 1, out, path) && allBoolean;
    path.pop();
  }
  return allBoolean;
}

/** Whether `v` truncates into an int32 (false for NaN and ±Infinity). */
function fitsInt32(v: number): boolean {
  return v > -2147483649 && v < 2147483648;
}

/**
 * Refuses, like PyTorch, a value that an int32 cannot hold: NaN, ±Infinity, or beyond ±2^31 after
 * truncation (a cast would give 0 or wrap around silently).
 */
function checkInt32Values(op: string, values: readonly number[]): void {
  for (let i = 0; i < values.length; i++) {
    if (!fitsInt32(values[i])) {
      throw new Error(`${op}: value ${values[i]} at index ${i} cannot be converted to type int32 without overflow`);
    }
  }
}

/** `src` converted into a fresh array of `dtype` (to bool: nonzero is true; to int32: truncated). */
function converted(src: TypedArray | Float64Array, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  kernels().cast(src, out);
  return out;
}

/**
 * A tensor from a number, a boolean, nested arrays, a typed array or another tensor (copied), like
 * `torch.tensor`. Default dtype float32; int32 for an Int32Array; bool for booleans (all of them) and
 * for a Uint8Array. With `dtype: "bool"` every nonzero value becomes true (stored as 1).
 * @example
 * const x = bp.tensor([[1, 2], [3, 4]]);
 * const labels = bp.tensor([3, 1], { dtype: "int32" });
 * const mask = bp.tensor([true, false]); // tensor([ True, False])
 * const w = bp.tensor(1.0, { requiresGrad: true });
 */
export function tensor(data: NestedNumbers | TypedArray | Tensor, options: CreationOptions = {}): Tensor {
  if (data instanceof Tensor) {
    const dtype = dtypeFrom("tensor", options, data.dtype);
    return finish(converted(data.data, dtype), data.shape, options);
  }
  if (ArrayBuffer.isView(data)) {
    const dtype = dtypeFrom("tensor", options, dtypeOf(data));
    return finish(converted(data, dtype), [data.length], options);
  }
  const shape = inferNestedShape(data);
  const flat: number[] = [];
  const allBoolean = flattenInto(data, shape, 0, flat, []) && flat.length > 0;
  const dtype = dtypeFrom("tensor", options, allBoolean ? "bool" : "float32");
  if (dtype === "int32") checkInt32Values("tensor", flat);
  return finish(converted(Float64Array.from(flat), dtype), shape, options);
}

/** A tensor of `shape` filled with `value`. @example bp.full([2, 2], 7); */
export function full(shape: readonly number[], value: number, options: CreationOptions = {}): Tensor {
  const s = checkShape("full", shape);
  const dtype = dtypeFrom("full", options);
  if (dtype === "int32" && !fitsInt32(value)) {
    throw new Error(`full: value ${value} cannot be converted to type int32 without overflow`);
  }
  const data = allocate(dtype, numel(s));
  data.fill(dtype === "bool" ? Number(value !== 0) : value);
  return finish(data, s, options);
}

/** Zeros. @example bp.zeros(2, 3); bp.zeros([2, 3], { dtype: "float64" }); */
export function zeros(...args: ShapeAndOptions): Tensor {
  const [shape, options] = parseShape("zeros", args);
  return finish(allocate(dtypeFrom("zeros", options), numel(shape)), shape, options);
}

/** Ones. @example bp.ones(3); */
export function ones(...args: ShapeAndOptions): Tensor {
  const [shape, options] = parseShape("ones", args);
  return full(shape, 1, options);
}

/** Zeros with the shape and dtype of `like`. @example bp.zerosLike(w); */
export function zerosLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return zeros(like.shape, { dtype: like.dtype, ...options });
}

/** Ones with the shape and dtype of `like`. @example bp.onesLike(w); */
export function onesLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return ones(like.shape, { dtype: like.dtype, ...options });
}

function sampled(op: string, args: ShapeAndOptions, sample: () => number): Tensor {
  const [shape, options] = parseShape(op, args);
  const dtype = dtypeFrom(op, options);
  if (!isFloating(dtype)) throw new Error(`${op}: dtype must be float32 or float64, got ${dtype}`);
  const data = allocate(dtype, numel(shape));
  for (let i = 0; i < data.length; i++) data[i] = sample();
  return finish(data, shape, options);
}

/** Standard normal samples (seeded by `manualSeed`). @example bp.randn(3, 5); */
export function randn(...args: ShapeAndOptions): Tensor {
  return sampled("randn", args, normal);
}

/** Uniform samples in [0, 1) (seeded by `manualSeed`). @example bp.rand(3072); */
export function rand(...args: ShapeAndOptions): Tensor {
  return sampled("rand", args, uniform);
}

/**
 * Uniform integers in [low, high), int32 by default, like `torch.randint`.
 * @example bp.randint(0, 5, [3]); // e.g. tensor([4, 0, 2], dtype=int32)
 */
export function randint(low: number, high: number, shape: readonly number[], options: CreationOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new Error(`randint: expected integers low < high, got low=${low}, high=${high}`);
  }
  const s = checkShape("randint", shape);
  const data = allocate(dtypeFrom("randint", options, "int32"), numel(s));
  for (let i = 0; i < data.length; i++) data[i] = randomInt(low, high);
  return finish(data, s, options);
}

/** A random permutation of 0..n-1 (int32), like `torch.randperm`. @example bp.randperm(5); */
export function randperm(n: number): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new Error(`randperm: n must be a non-negative integer, got ${n}`);
  return new Tensor(permutation(n), [n]);
}

/**
 * `start, start+step, ...` below `end`; `arange(end)` starts at 0. Like `torch.arange`.
 * @example bp.arange(5); bp.arange(1, 2, 0.25); bp.arange(10, { dtype: "int32" });
 */
export function arange(...args: (number | CreationOptions)[]): Tensor {
  const nums = args.filter((a): a is number => typeof a === "number");
  const options = (args.find((a) => typeof a === "object") ?? {}) as CreationOptions;
  const [start, end, step] = nums.length === 1 ? [0, nums[0], 1] : [nums[0], nums[1], nums[2] ?? 1];
  if (step === 0 || !Number.isFinite(start) || !Number.isFinite(end) || !Number.isFinite(step)) {
    throw new Error(`arange: invalid range start=${start}, end=${end}, step=${step}`);
  }
  // PyTorch refuses a range that the step walks away from (arange(-5), arange(5, 0))
  if (end !== start && (end > start) !== (step > 0)) {
    throw new Error(`arange: upper bound and lower bound inconsistent with step sign (start=${start}, end=${end}, step=${step})`);
  }
  const n = Math.max(0, Math.ceil((end - start) / step));
  checkShape("arange", [n]);
  const data = allocate(dtypeFrom("arange", options), n);
  for (let i = 0; i < n; i++) data[i] = start + i * step;
  return finish(data, [n], options);
}

/**
 * `steps` evenly spaced values from `start` to `end` inclusive, like `torch.linspace`: computed in the
 * dtype's precision as torch does (`start + i·step` for the first half, `end - (steps - 1 - i)·step`
 * for the second, so both ends are exact); `steps` 1 gives `[start]`.
 * @example bp.linspace(0, 1, 5); // tensor([0.0000, 0.2500, 0.5000, 0.7500, 1.0000])
 */
export function linspace(start: number, end: number, steps: number, options: CreationOptions = {}): Tensor {
  const dtype = dtypeFrom("linspace", options);
  if (Number.isInteger(steps) && steps >= 0) checkShape("linspace", [steps]);
  const data = allocate(dtype, steps >= 0 && Number.isInteger(steps) ? steps : 0);
  data.set(linspaceValues("linspace", start, end, steps, dtype));
  return finish(data, [steps], options);
}

/** Identity matrix `n x m` (m defaults to n). @example bp.eye(3); */
export function eye(n: number, m: number | CreationOptions = n, options: CreationOptions = {}): Tensor {
  const cols = typeof m === "number" ? m : n;
  const opts = typeof m === "number" ? options : m;
  const shape = checkShape("eye", [n, cols]);
  const data = allocate(dtypeFrom("eye", opts), n * cols);
  for (let i = 0; i < Math.min(n, cols); i++) data[i * cols + i] = 1;
  return finish(data, shape, opts);
}

/** Checks that a shape has the expected rank, for error messages that name the op. */
export function expectRank(op: string, t: Tensor, ranks: number[]): void {
  if (!ranks.includes(t.dim())) {
    throw new Error(`${op}: expected a tensor of ${ranks.join(" or ")} dims, got shape ${formatShape(t.shape)}`);
  }
}

// ---- more creation: *Like, logspace, meshgrid, oneHot

/** A tensor of `like`'s shape (and dtype, unless `options.dtype`) filled with `value`. @example bp.fullLike(w, 0.5); */
export function fullLike(like: Tensor, value: number, options: CreationOptions = {}): Tensor {
  if (!(like instanceof Tensor)) throw new Error(`fullLike: argument 'input' must be a Tensor, not ${describeNonTensor(like)}`);
  return full(like.shape, value, { dtype: like.dtype, ...options });
}

/**
 * An uninitialised tensor of `like`'s shape and dtype, like `torch.empty_like`; here it is zeros (typed
 * arrays always start at 0). @example bp.emptyLike(w);
 */
export function emptyLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return zerosLike(like, options);
}

/** Uniform samples in [0, 1) of `like`'s shape and dtype (seeded by `manualSeed`). @example bp.randLike(w); */
export function randLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return rand(like.shape, { dtype: like.dtype, ...options });
}

/** Standard normal samples of `like`'s shape and dtype (seeded by `manualSeed`). @example bp.randnLike(w); */
export function randnLike(like: Tensor, options: CreationOptions = {}): Tensor {
  return randn(like.shape, { dtype: like.dtype, ...options });
}

/** Options of `logspace`. */
export interface LogspaceOptions extends CreationOptions {
  /** The base of the powers (default 10). */
  base?: number;
}

/**
 * `steps` values `base ** e` for exponents evenly spaced from `start` to `end` inclusive, like
 * `torch.logspace` (base 10 by default). Computed in the dtype's precision as torch does: the exponent
 * is `start + i·step` for the first half and `end - (steps - 1 - i)·step` for the second.
 * @example bp.logspace(0, 2, 3); // tensor([  1.,  10., 100.])
 */
export function logspace(start: number, end: number, steps: number, options: LogspaceOptions = {}): Tensor {
  const { base = 10, ...rest } = options;
  const exponents = linspaceValues("logspace", start, end, steps, dtypeFrom("logspace", rest));
  const data = allocate(dtypeFrom("logspace", rest), steps);
  for (let i = 0; i < steps; i++) data[i] = Math.pow(base, exponents[i]); // torch: a double power of the rounded exponent
  return finish(data, [steps], rest);
}

/** torch's linspace arithmetic: step and terms in the dtype's precision, symmetric about the middle. */
function linspaceValues(op: string, start: number, end: number, steps: number, dtype: DType): number[] {
  if (!Number.isInteger(steps) || steps < 0) throw new Error(`${op}: steps must be a non-negative integer, got ${steps}`);
  const r = dtype === "float32" ? Math.fround : (v: number): number => v;
  const [a, b] = [r(start), r(end)];
  if (steps === 1) return [a];
  const step = r(r(b - a) / (steps - 1));
  const half = Math.floor(steps / 2);
  // torch's compiled kernel fuses the multiply-add (one rounding): exact here for float32, where the
  // product of a float32 step and a small integer is exact in float64
  return Array.from({ length: steps }, (_, i) => (i < half ? r(a + step * i) : r(b - step * (steps - i - 1))));
}

/** Options of `meshgrid`. */
export interface MeshgridOptions {
  /** `"ij"` (matrix indexing, the default, as in torch 1.13) or `"xy"` (Cartesian: first two outputs' dims swapped). */
  indexing?: "ij" | "xy";
}

/**
 * Coordinate grids from 1-D tensors, like `torch.meshgrid`: with n inputs of sizes s1..sn, each output
 * has shape [s1, ..., sn] ("ij"), and output i varies along dim i. With `indexing: "xy"` the first two
 * dims are swapped ([s2, s1, ...]). torch 1.13 warns when indexing is not given and uses "ij"; so does
 * this function (without the warning). Differentiable (each output is an expand).
 * @example const [X, Y] = bp.meshgrid([bp.arange(3), bp.arange(2)]); // X.shape = [3, 2]
 */
export function meshgrid(tensors: readonly Tensor[], options: MeshgridOptions = {}): Tensor[] {
  const indexing = options.indexing ?? "ij";
  if (indexing !== "ij" && indexing !== "xy") throw new Error(`meshgrid: indexing must be "ij" or "xy", got "${String(indexing)}"`);
  if (!Array.isArray(tensors)) throw new Error(`meshgrid: argument 'tensors' must be an array of Tensors, not ${describeNonTensor(tensors)}`);
  if (tensors.length === 0) throw new Error("meshgrid: expects a non-empty list of tensors");
  tensors.forEach((t: unknown, i) => {
    if (!(t instanceof Tensor)) throw new Error(`meshgrid: expected a Tensor as element ${i} of 'tensors', got ${describeNonTensor(t)}`);
  });
  tensors.forEach((t, i) => {
    if (t.dim() > 1) throw new Error(`meshgrid: expects 0-D or 1-D tensors, got tensor ${i} of shape ${formatShape(t.shape)}`);
    if (t.dtype !== tensors[0].dtype) throw new Error(`meshgrid: expects all tensors to have the same dtype, got ${tensors[0].dtype} and ${t.dtype}`);
  });
  const swap = indexing === "xy" && tensors.length >= 2;
  const order = tensors.map((_, i) => i);
  if (swap) [order[0], order[1]] = [order[1], order[0]];
  // the grid's dim k holds input order[k]; input i varies along the dim where order[k] === i
  const shape = order.map((i) => tensors[i].numel());
  return tensors.map((t, i) => {
    const view = shape.map((s, k) => (order[k] === i ? s : 1));
    return t.reshape(view).expand(shape);
  });
}

/**
 * One-hot encoding of int32 class indices, like `torch.nn.functional.one_hot`: shape `[*, numClasses]`
 * with a 1 at each index; `numClasses` -1 (default) means the largest index + 1. int32 in and out
 * (torch gives int64, which backprop stores as int32). Also `nn.functional.oneHot`.
 * @example bp.oneHot(bp.tensor([0, 2], { dtype: "int32" }), 3); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(tensor: Tensor, numClasses = -1): Tensor {
  if (!(tensor instanceof Tensor)) throw new Error(`oneHot: argument 'tensor' must be a Tensor, not ${describeNonTensor(tensor)}`);
  if (tensor.dtype !== "int32") throw new Error(`oneHot: expected an int32 tensor of class indices, got ${tensor.dtype}`);
  if (!Number.isInteger(numClasses) || numClasses < -1) throw new Error(`oneHot: numClasses must be -1 or a non-negative integer, got ${numClasses}`);
  const empty = tensor.numel() === 0;
  if (empty && numClasses === -1) throw new Error("oneHot: can not infer the total number of classes from an empty tensor");
  const low = empty ? 0 : tensor.min().item();
  if (low < 0) throw new Error(`oneHot: class values must be non-negative, got ${low}`);
  const high = empty ? -1 : tensor.max().item();
  const classes = numClasses === -1 ? high + 1 : numClasses;
  if (high >= classes) throw new Error(`oneHot: class values must be smaller than numClasses (${classes}), got ${high}`);
  // index == class, compared by the backend against 0..classes-1
  return tensor.unsqueeze(-1).eq(arange(classes, { dtype: "int32" })).to("int32");
}

/** The (row, column) coordinates of a triangle of a `row x col` matrix, row by row, as int32 [2, N]. */
function triangleIndices(op: string, row: number, col: number, keep: (i: number, j: number) => boolean, options: CreationOptions): Tensor {
  checkShape(op, [row, col]);
  const dtype = dtypeFrom(op, options, "int32");
  const rows: number[] = [];
  const cols: number[] = [];
  for (let i = 0; i < row; i++) {
    for (let j = 0; j < col; j++) {
      if (keep(i, j)) {
        rows.push(i);
        cols.push(j);
      }
    }
  }
  const data = allocate(dtype, 2 * rows.length);
  data.set(rows);
  data.set(cols, rows.length);
  return finish(data, [2, rows.length], options);
}

/**
 * The coordinates of the lower triangle (`j - i <= offset`) of a `row x col` matrix, like
 * `torch.tril_indices`: int32 `[2, N]` (rows, then columns), in row-major order.
 * @example bp.trilIndices(3, 3).shape; // [2, 6]
 */
export function trilIndices(row: number, col: number, offset = 0, options: CreationOptions = {}): Tensor {
  return triangleIndices("trilIndices", row, col, (i, j) => j - i <= offset, options);
}

/**
 * The coordinates of the upper triangle (`j - i >= offset`) of a `row x col` matrix, like
 * `torch.triu_indices`: int32 `[2, N]` (rows, then columns), in row-major order.
 * @example bp.triuIndices(3, 3, 1).shape; // [2, 3]
 */
export function triuIndices(row: number, col: number, offset = 0, options: CreationOptions = {}): Tensor {
  return triangleIndices("triuIndices", row, col, (i, j) => j - i >= offset, options);
}
