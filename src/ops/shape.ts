import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { arange } from "../tensor/creation.ts";
import { broadcastStrides, contiguousStrides, formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { kernels } from "../backend/registry.ts";
import { sumToShape } from "./reduce.ts";
import { cat } from "./join.ts";
import { where } from "./where.ts";
import { checkTensorArg } from "./operands.ts";
import * as unary from "./unary.ts";

/*
 * Shape ops. Storage is always contiguous, so reshape / view share the data and cost nothing, while
 * transpose / permute / expand copy into the new layout.
 */

/** Accepts `f(2, 3)` and `f([2, 3])` alike. */
export function shapeFromArgs(args: readonly (number | readonly number[])[], op = "shape"): number[] {
  if (args.length === 1 && Array.isArray(args[0])) return [...(args[0] as readonly number[])];
  return args.map((a) => {
    if (typeof a !== "number") throw new Error(`${op}: expected numbers or one array, got ${String(JSON.stringify(args)).slice(0, 100)}`);
    return a;
  });
}

/** Resolves one -1 in a requested shape. */
function inferShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  const free = shape.filter((s) => s === -1).length;
  if (free > 1) throw new Error(`${op}: only one dimension can be inferred (-1), got ${formatShape(shape)}`);
  const known = shape.reduce((n, s) => (s === -1 ? n : n * s), 1);
  const out = shape.map((s) => (s === -1 ? (known === 0 ? 0 : x.numel() / known) : s));
  if (out.some((s) => !Number.isInteger(s) || s < 0) || numel(out) !== x.numel()) {
    throw new Error(`${op}: shape ${formatShape(shape)} is invalid for input of size ${x.numel()} (shape ${formatShape(x.shape)})`);
  }
  return out;
}

/**
 * Same data in a new shape; one size may be -1. Also as `x.reshape(...)` and `x.view(...)`.
 * @example bp.arange(6).reshape(2, 3).shape; // [2, 3]
 */
export function reshape(x: Tensor, shape: readonly number[], op = "reshape"): Tensor {
  checkTensorArg(op, x);
  const out = new Tensor(x.data, inferShape(op, x, shape));
  // reshape moves no values: the gradient takes the input's shape back
  return record(out, "View", [x], (g) => [g.reshape(x.shape)]);
}

/** Copies x into the layout given by reading it with `strides` over `shape`. */
function relayout(x: Tensor, strides: readonly number[], shape: readonly number[]): Tensor {
  const out = new Tensor(allocate(x.dtype, numel(shape)), shape);
  kernels().copyStrided(x.data, 0, strides, out.data, shape);
  return out;
}

/**
 * Reorders dimensions: result dim i is input dim `dims[i]`.
 * @example bp.zeros(2, 3, 4).permute(2, 0, 1).shape; // [4, 2, 3]
 */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  checkTensorArg("permute", x);
  if (dims.length !== x.dim()) {
    throw new Error(`permute: got ${dims.length} dims ${formatShape(dims)} for a tensor of ${x.dim()} dims`);
  }
  const norm = dims.map((d) => normalizeDim("permute", d, x.dim()));
  if (new Set(norm).size !== norm.length) throw new Error(`permute: repeated dimension in ${formatShape(dims)}`);
  const strides = contiguousStrides(x.shape);
  const out = relayout(x, norm.map((d) => strides[d]), norm.map((d) => x.shape[d]));
  const inverse = new Array<number>(norm.length);
  norm.forEach((d, i) => (inverse[d] = i));
  // permuting moves values: the gradient is moved back by the inverse permutation
  return record(out, "Permute", [x], (g) => [permute(g, inverse)]);
}

/** Swaps two dimensions. @example bp.zeros(2, 3).transpose(0, 1).shape; // [3, 2] */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  checkTensorArg("transpose", x);
  const a = normalizeDim("transpose", dim0, x.dim());
  const b = normalizeDim("transpose", dim1, x.dim());
  const dims = x.shape.map((_, i) => (i === a ? b : i === b ? a : i));
  return permute(x, dims);
}

/** Flattens dims `startDim..endDim` into one. @example bp.zeros(64, 1, 28, 28).flatten(1).shape; // [64, 784] */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensorArg("flatten", x);
  if (x.dim() === 0) return reshape(x, [1]);
  const s = normalizeDim("flatten", startDim, x.dim());
  const e = normalizeDim("flatten", endDim, x.dim());
  if (s > e) throw new Error(`flatten: startDim ${startDim} comes after endDim ${endDim}`);
  const shape = [...x.shape.slice(0, s), numel(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)];
  return reshape(x, shape);
}

/** Inserts a size-1 dimension at `dim`. @example bp.zeros(3).unsqueeze(0).shape; // [1, 3] */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  checkTensorArg("unsqueeze", x);
  const d = normalizeDim("unsqueeze", dim, x.dim() + 1);
  const shape = [...x.shape];
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Removes size-1 dimensions (all, or only `dim`). @example bp.zeros(1, 3, 1).squeeze().shape; // [3] */
export function squeeze(x: Tensor, dim?: number): Tensor {
  checkTensorArg("squeeze", x);
  if (dim === undefined) return reshape(x, x.shape.filter((s) => s !== 1));
  const d = normalizeDim("squeeze", dim, x.dim());
  if (x.dim() === 0 || x.shape[d] !== 1) return x;
  return reshape(x, x.shape.filter((_, i) => i !== d));
}

/**
 * Broadcasts to `shape` (a copy; -1 keeps a size). @example bp.tensor([1, 2]).expand(3, 2).shape; // [3, 2]
 */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkTensorArg("expand", x);
  const lead = shape.length - x.dim();
  if (lead < 0) throw new Error(`expand: target ${formatShape(shape)} has fewer dims than the tensor ${formatShape(x.shape)}`);
  const target = shape.map((s, i) => (s === -1 && i >= lead ? x.shape[i - lead] : s));
  target.forEach((s, i) => {
    if (!Number.isInteger(s) || s < 0) {
      const why = s === -1 ? "-1 is not allowed for a new leading dimension" : "sizes must be non-negative integers";
      throw new Error(`expand: invalid size ${s} at dimension ${i} of ${formatShape(shape)} (${why})`);
    }
    const own = i >= lead ? x.shape[i - lead] : 1;
    if (own !== 1 && own !== s) {
      throw new Error(`expand: the size ${own} of ${formatShape(x.shape)} must match ${s} at dimension ${i} of ${formatShape(shape)}`);
    }
  });
  if (target.length === x.dim() && target.every((s, i) => s === x.shape[i])) return x;
  const out = relayout(x, broadcastStrides(x.shape, target), target);
  // d expand/dx: each input value fed many outputs, so their gradients add up
  return record(out, "Expand", [x], (g) => [sumToShape(g, x.shape)]);
}

/**
 * The slice `start .. start+length` along `dim` (a copy), like `torch.narrow`; `x[:10]` is `narrow(x, 0, 0, 10)`.
 * @example bp.arange(10).narrow(0, 2, 3); // tensor([2., 3., 4.])
 */
export function narrow(x: Tensor, dim: number, start: number, length: number): Tensor {
  checkTensorArg("narrow", x);
  const d = normalizeDim("narrow", dim, x.dim());
  const size = x.shape[d];
  const s = start < 0 ? start + size : start;
  if (!Number.isInteger(s) || !Number.isInteger(length) || s < 0 || length < 0 || s + length > size) {
    throw new Error(`narrow: start ${start} and length ${length} exceed dimension ${d} of size ${size}`);
  }
  const shape = [...x.shape];
  shape[d] = length;
  const strides = contiguousStrides(x.shape);
  return takeStrided("Narrow", x, s * strides[d], strides, shape);
}

/**
 * Reads x at `offset + Σ idx[d]·strides[d]` for every index of `shape` (a copy through the backend's
 * `copyStrided`). The positions read must be distinct (a slice, a diagonal, a flip): the backward
 * writes the gradient back to them.
 */
function takeStrided(name: string, x: Tensor, offset: number, strides: readonly number[], shape: readonly number[]): Tensor {
  const out = new Tensor(allocate(x.dtype, numel(shape)), shape);
  kernels().copyStrided(x.data, offset, strides, out.data, shape);
  // d take/dx: the gradient goes back to the positions read, zeros elsewhere
  return record(out, name, [x], (g) => [placeStrided(`${name}Backward`, g, x.shape, offset, strides)]);
}

/**
 * A zero tensor of `shape` with x written at `offset + Σ idx[d]·strides[d]` (through the backend's
 * `copyIntoStrided`); the positions must be distinct. The inverse of `takeStrided`.
 */
function placeStrided(name: string, x: Tensor, shape: readonly number[], offset: number, strides: readonly number[]): Tensor {
  const out = new Tensor(allocate(x.dtype, numel(shape)), shape);
  kernels().copyIntoStrided(x.data, out.data, offset, strides, x.shape);
  // d place/dx: each value of x is read back from where it was written
  return record(out, name, [x], (g) => [takeStrided(`${name}Backward`, g, offset, strides, x.shape)]);
}

/** The slice at `index` along `dim`, without that dim; `x[i]` is `select(x, 0, i)`. @example bp.eye(3).select(0, 1); // tensor([0., 1., 0.]) */
export function select(x: Tensor, dim: number, index: number): Tensor {
  checkTensorArg("select", x);
  const d = normalizeDim("select", dim, x.dim());
  const size = x.shape[d];
  if (!Number.isInteger(index) || index < -size || index >= size) {
    throw new Error(`select: index ${index} is out of bounds for dimension ${d} with size ${size}`);
  }
  return squeeze(narrow(x, d, index < 0 ? index + size : index, 1), d);
}

// ---- more shape ops: repeats, flips, pieces, triangles, diagonals, moved dims

/** Resolves a list of dims against `ndim`, refusing repeats (`what` names the argument). */
function dimList(op: string, dims: readonly number[], ndim: number, what = "dims"): number[] {
  const norm = dims.map((d) => normalizeDim(op, d, ndim));
  norm.forEach((d, i) => {
    if (norm.indexOf(d) !== i) throw new Error(`${op}: dim ${d} appears multiple times in ${what} ${formatShape(dims)}`);
  });
  return norm;
}

/**
 * Repeats the tensor along each dimension, like `torch.Tensor.repeat`: `sizes` has at least as many
 * entries as x has dims (leading ones add dimensions), and dim i of the result is `sizes[i]` copies
 * of the (padded) input's dim i, back to back.
 * @example bp.tensor([1, 2]).repeat(2, 2); // [[1, 2, 1, 2], [1, 2, 1, 2]]
 */
export function repeat(x: Tensor, sizes: readonly number[]): Tensor {
  checkTensorArg("repeat", x);
  if (sizes.length < x.dim()) {
    throw new Error(`repeat: the number of repeat sizes (${sizes.length}) can not be smaller than the number of dimensions of the tensor (${x.dim()})`);
  }
  sizes.forEach((r, i) => {
    if (!Number.isInteger(r) || r < 0) throw new Error(`repeat: repeat size ${r} at position ${i} must be a non-negative integer`);
  });
  const padded = [...new Array<number>(sizes.length - x.dim()).fill(1), ...x.shape];
  // read as [1, s0, 1, s1, ...], broadcast to [r0, s0, r1, s1, ...], merge the pairs: expand carries the gradient
  const interleaved = padded.flatMap((s) => [1, s]);
  const expanded = padded.flatMap((s, i) => [sizes[i], s]);
  return reshape(expand(reshape(x, interleaved), expanded), padded.map((s, i) => s * sizes[i]));
}

/**
 * Repeats the tensor like `torch.tile`: as `repeat`, except that fewer `dims` than x has dimensions are
 * padded with leading 1s.
 * @example bp.tensor([[1, 2]]).tile([2]); // tensor([[1., 2., 1., 2.]])
 */
export function tile(x: Tensor, dims: readonly number[]): Tensor {
  checkTensorArg("tile", x);
  return repeat(x, [...new Array<number>(Math.max(0, x.dim() - dims.length)).fill(1), ...dims]);
}

/**
 * Reverses the order of elements along `dims`, like `torch.flip` (a copy).
 * @example bp.tensor([1, 2, 3]).flip([0]); // tensor([3., 2., 1.])
 */
export function flip(x: Tensor, dims: readonly number[]): Tensor {
  checkTensorArg("flip", x);
  const norm = dimList("flip", dims, x.dim());
  const strides = contiguousStrides(x.shape);
  let offset = 0;
  for (const d of norm) {
    // start at the last element along d and walk backwards
    if (x.shape[d] > 0) offset += (x.shape[d] - 1) * strides[d];
    strides[d] = -strides[d];
  }
  return takeStrided("Flip", x, offset, strides, x.shape);
}

/**
 * Rolls elements along `dims` by `shifts` (elements pushed off one end come back at the other), like
 * `torch.roll`. Without dims the tensor is flattened, rolled and reshaped back.
 * @example bp.tensor([1, 2, 3, 4]).roll(1); // tensor([4., 1., 2., 3.])
 */
export function roll(x: Tensor, shifts: number | readonly number[], dims?: number | readonly number[] | null): Tensor {
  const s = typeof shifts === "number" ? [shifts] : [...shifts];
  if (dims === undefined || dims === null) {
    if (s.length !== 1) throw new Error(`roll: shifts ${formatShape(s)} need dims of the same length (dims were not given)`);
    return reshape(roll(reshape(x, [-1]), s, [0]), x.shape);
  }
  const d = typeof dims === "number" ? [dims] : [...dims];
  if (s.length !== d.length) throw new Error(`roll: shifts and dims must align, got ${s.length} shifts and ${d.length} dims`);
  if (s.length === 0) throw new Error("roll: expected at least one shift");
  let out = x;
  s.forEach((shift, i) => {
    if (!Number.isInteger(shift)) throw new Error(`roll: shift ${shift} must be an integer`);
    const dim = normalizeDim("roll", d[i], x.dim());
    const n = x.shape[dim];
    const k = n === 0 ? 0 : ((shift % n) + n) % n;
    // the last k elements move to the front: two slices joined, so the gradient follows them back
    if (k !== 0) out = cat([narrow(out, dim, n - k, k), narrow(out, dim, 0, n - k)], dim);
  });
  return out === x ? unary.clone(x) : out;
}

/**
 * Splits into pieces along `dim`, like `torch.split`: an integer gives pieces of that size (the last
 * one smaller), a list gives the size of each piece (summing to the dimension's size). Each piece is
 * a copy here, not a view.
 * @example bp.arange(5).split(2).map((t) => t.shape[0]); // [2, 2, 1]
 */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  checkTensorArg("split", x);
  if (x.dim() === 0) throw new Error("split: expected a tensor with at least 1 dimension, got a 0-d tensor");
  const d = normalizeDim("split", dim, x.dim());
  const size = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === "number") {
    const each = splitSizeOrSections;
    if (!Number.isInteger(each) || each < 0) throw new Error(`split: splitSize must be a non-negative integer, got ${each}`);
    if (each === 0 && size !== 0) throw new Error(`split: splitSize can only be 0 if dimension ${d} has size 0, but its size is ${size}`);
    const count = each === 0 ? 1 : Math.max(1, Math.ceil(size / each));
    sizes = Array.from({ length: count }, (_, i) => Math.min(each, size - i * each));
  } else {
    sizes = [...splitSizeOrSections];
    const total = sizes.reduce((a, b) => a + b, 0);
    if (sizes.some((n) => !Number.isInteger(n) || n < 0) || total !== size) {
      throw new Error(`split: sizes ${formatShape(sizes)} must be non-negative and sum exactly to ${size} (the size of dimension ${d})`);
    }
  }
  let start = 0;
  return sizes.map((n) => {
    const piece = narrow(x, d, start, n);
    start += n;
    return piece;
  });
}

/**
 * Splits into `chunks` pieces of `ceil(size / chunks)` along `dim` (the last smaller; fewer pieces
 * when the size does not allow that many), like `torch.chunk`.
 * @example bp.arange(5).chunk(3).map((t) => t.shape[0]); // [2, 2, 1]
 */
export function chunk(x: Tensor, chunks: number, dim = 0): Tensor[] {
  checkTensorArg("chunk", x);
  if (!Number.isInteger(chunks) || chunks <= 0) throw new Error(`chunk: chunks must be a positive integer, got ${chunks}`);
  if (x.dim() === 0) throw new Error("chunk: expected a tensor with at least 1 dimension, got a 0-d tensor");
  const d = normalizeDim("chunk", dim, x.dim());
  const size = x.shape[d];
  if (size === 0) return split(x, new Array<number>(chunks).fill(0), d);
  return split(x, Math.ceil(size / chunks), d);
}

/**
 * The slices along `dim`, each without that dimension, like `torch.unbind` (copies here, not views).
 * @example bp.eye(2).unbind(0); // [tensor([1., 0.]), tensor([0., 1.])]
 */
export function unbind(x: Tensor, dim = 0): Tensor[] {
  checkTensorArg("unbind", x);
  if (x.dim() === 0) throw new Error("unbind: expected a tensor with at least 1 dimension, got a 0-d tensor");
  const d = normalizeDim("unbind", dim, x.dim());
  return Array.from({ length: x.shape[d] }, (_, i) => select(x, d, i));
}

/** Keeps the lower (or upper) triangle of the last two dims, relative to `diagonal`; zeros elsewhere. */
function triangle(op: "tril" | "triu", x: Tensor, diagonal: number): Tensor {
  if (x.dim() < 2) throw new Error(`${op}: input tensor must have at least 2 dimensions, got shape ${formatShape(x.shape)}`);
  if (!Number.isInteger(diagonal)) throw new Error(`${op}: diagonal must be an integer, got ${diagonal}`);
  const [rows, cols] = x.shape.slice(-2);
  // element (i, j) is kept where j - i <= diagonal (tril) or j - i >= diagonal (triu)
  const offsets = arange(cols, { dtype: "int32" }).sub(arange(rows, { dtype: "int32" }).reshape(rows, 1));
  const keep = op === "tril" ? offsets.le(diagonal) : offsets.ge(diagonal);
  const zero = new Tensor(allocate(x.dtype, 1), []); // of x's own dtype, so that int32 and bool stay as they are
  const out = where(keep, x.detach(), zero);
  // d tril/dx: the gradient keeps the same triangle, exact zeros elsewhere
  return record(out, op === "tril" ? "Tril" : "Triu", [x], (g) => [triangle(op, g, diagonal)]);
}

/**
 * The lower triangle of the last two dims (elements with `j - i <= diagonal`), zeros above, like
 * `torch.tril`; batches of matrices are handled alike.
 * @example bp.ones(3, 3).tril(); // [[1, 0, 0], [1, 1, 0], [1, 1, 1]]
 */
export function tril(x: Tensor, diagonal = 0): Tensor {
  checkTensorArg("tril", x);
  return triangle("tril", x, diagonal);
}

/**
 * The upper triangle of the last two dims (elements with `j - i >= diagonal`), zeros below, like
 * `torch.triu`.
 * @example bp.ones(3, 3).triu(1); // [[0, 1, 1], [0, 0, 1], [0, 0, 0]]
 */
export function triu(x: Tensor, diagonal = 0): Tensor {
  checkTensorArg("triu", x);
  return triangle("triu", x, diagonal);
}

/**
 * The diagonal `offset` (0: main, > 0 above, < 0 below) of the 2-D slices spanned by `dim1` and `dim2`,
 * like `torch.diagonal`: those two dims are removed and the diagonal becomes the last one. A copy here.
 * @example bp.tensor([[1, 2], [3, 4]]).diagonal(); // tensor([1., 4.])
 */
export function diagonal(x: Tensor, offset = 0, dim1 = 0, dim2 = 1): Tensor {
  checkTensorArg("diagonal", x);
  const a = normalizeDim("diagonal", dim1, x.dim());
  const b = normalizeDim("diagonal", dim2, x.dim());
  if (a === b) throw new Error(`diagonal: dim1 and dim2 cannot be the same dimension, got ${dim1} and ${dim2}`);
  if (!Number.isInteger(offset)) throw new Error(`diagonal: offset must be an integer, got ${offset}`);
  const strides = contiguousStrides(x.shape);
  const length = Math.max(0, offset >= 0 ? Math.min(x.shape[a], x.shape[b] - offset) : Math.min(x.shape[a] + offset, x.shape[b]));
  const start = length === 0 ? 0 : offset >= 0 ? offset * strides[b] : -offset * strides[a];
  const rest = x.shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  return takeStrided("Diagonal", x, start, [...rest.map((i) => strides[i]), strides[a] + strides[b]], [...rest.map((i) => x.shape[i]), length]);
}

/**
 * Like `torch.diag` (its `diagonal` argument is `offset` here): a 1-D tensor becomes a square matrix
 * with it on diagonal `offset` (0: main, > 0 above, < 0 below); a 2-D tensor gives its diagonal
 * `offset` as a 1-D tensor.
 * @example bp.tensor([1, 2]).diag(); // [[1, 0], [0, 2]]
 */
export function diag(x: Tensor, offset = 0): Tensor {
  checkTensorArg("diag", x);
  if (x.dim() === 2) return diagonal(x, offset, 0, 1);
  if (x.dim() !== 1) throw new Error(`diag: expected a 1-D or 2-D tensor, got shape ${formatShape(x.shape)}`);
  return diagEmbed(x, offset, 0, 1);
}

/**
 * Puts the last dimension of x on the diagonal `offset` of new 2-D planes spanned by `dim1` and `dim2`
 * of the result (which has one more dimension), zeros elsewhere, like `torch.diag_embed`.
 * @example bp.ones(2, 3).diagEmbed().shape; // [2, 3, 3]
 */
export function diagEmbed(x: Tensor, offset = 0, dim1 = -2, dim2 = -1): Tensor {
  checkTensorArg("diagEmbed", x);
  if (x.dim() === 0) throw new Error("diagEmbed: expected a tensor with at least 1 dimension, got a 0-d tensor");
  const nd = x.dim() + 1;
  const a = normalizeDim("diagEmbed", dim1, nd);
  const b = normalizeDim("diagEmbed", dim2, nd);
  if (a === b) throw new Error(`diagEmbed: dim1 and dim2 cannot be the same dimension, got ${dim1} and ${dim2}`);
  if (!Number.isInteger(offset)) throw new Error(`diagEmbed: offset must be an integer, got ${offset}`);
  const n = x.shape[x.dim() - 1];
  const m = n + Math.abs(offset);
  const batch = x.shape.slice(0, -1);
  const shape: number[] = [];
  let next = 0;
  for (let i = 0; i < nd; i++) shape.push(i === a || i === b ? m : batch[next++]);
  const strides = contiguousStrides(shape);
  const batchDims = shape.map((_, i) => i).filter((i) => i !== a && i !== b);
  const start = n === 0 ? 0 : offset >= 0 ? offset * strides[b] : -offset * strides[a];
  return placeStrided("DiagEmbed", x, shape, start, [...batchDims.map((i) => strides[i]), strides[a] + strides[b]]);
}

/**
 * Moves dims `source` to positions `destination` (the others keep their order), like `torch.movedim`.
 * @example bp.zeros(2, 3, 4).movedim(0, -1).shape; // [3, 4, 2]
 */
export function movedim(x: Tensor, source: number | readonly number[], destination: number | readonly number[]): Tensor {
  checkTensorArg("movedim", x);
  const src = typeof source === "number" ? [source] : [...source];
  const dst = typeof destination === "number" ? [destination] : [...destination];
  if (src.length !== dst.length) {
    throw new Error(`movedim: source ${formatShape(src)} and destination ${formatShape(dst)} must have the same number of dims`);
  }
  const s = dimList("movedim", src, x.dim(), "source");
  const t = dimList("movedim", dst, x.dim(), "destination");
  const order = new Array<number>(x.dim()).fill(-1);
  s.forEach((d, i) => (order[t[i]] = d));
  const rest = x.shape.map((_, i) => i).filter((i) => !s.includes(i));
  let next = 0;
  for (let i = 0; i < order.length; i++) if (order[i] === -1) order[i] = rest[next++];
  return permute(x, order);
}

/**
 * Splits dimension `dim` into `sizes` (one may be -1), like `torch.unflatten`.
 * @example bp.zeros(2, 12).unflatten(1, [3, 4]).shape; // [2, 3, 4]
 */
export function unflatten(x: Tensor, dim: number, sizes: readonly number[]): Tensor {
  checkTensorArg("unflatten", x);
  const d = normalizeDim("unflatten", dim, x.dim());
  if (sizes.length === 0) throw new Error("unflatten: sizes must be non-empty");
  const size = x.shape[d];
  const free = sizes.filter((s) => s === -1).length;
  const known = sizes.reduce((n, s) => (s === -1 ? n : n * s), 1);
  if (free === 1 && known === 0) {
    throw new Error(`unflatten: sizes ${formatShape(sizes)} leave the -1 ambiguous (the other sizes multiply to 0)`);
  }
  const resolved = sizes.map((s) => (s === -1 ? size / known : s));
  if (free > 1 || resolved.some((s) => !Number.isInteger(s) || s < 0) || numel(resolved) !== size) {
    throw new Error(`unflatten: sizes ${formatShape(sizes)} don't multiply up to the size of dim ${dim} (${size}) of the input of shape ${formatShape(x.shape)}`);
  }
  return reshape(x, [...x.shape.slice(0, d), ...resolved, ...x.shape.slice(d + 1)], "unflatten");
}

/**
 * Reverses the columns (dim 1), like `torch.fliplr`; needs at least 2 dims.
 * @example bp.tensor([[1, 2, 3]]).fliplr(); // tensor([[3., 2., 1.]])
 */
export function fliplr(x: Tensor): Tensor {
  checkTensorArg("fliplr", x);
  if (x.dim() < 2) throw new Error(`fliplr: input must have at least 2 dimensions, got shape ${formatShape(x.shape)}`);
  return flip(x, [1]);
}

/**
 * Reverses the rows (dim 0), like `torch.flipud`; needs at least 1 dim.
 * @example bp.tensor([1, 2, 3]).flipud(); // tensor([3., 2., 1.])
 */
export function flipud(x: Tensor): Tensor {
  checkTensorArg("flipud", x);
  if (x.dim() < 1) throw new Error("flipud: input must have at least 1 dimension, got a 0-d tensor");
  return flip(x, [0]);
}

/**
 * Rotates by 90° `k` times in the plane of `dims` (from the first axis towards the second), like
 * `torch.rot90`: k = 1 flips `dims[1]` then swaps the two, k = 2 flips both, k = 3 flips `dims[0]`
 * then swaps; k is taken modulo 4.
 * @example bp.tensor([[1, 2], [3, 4]]).rot90(); // [[2, 4], [1, 3]]
 */
export function rot90(x: Tensor, k = 1, dims: readonly number[] = [0, 1]): Tensor {
  checkTensorArg("rot90", x);
  if (dims.length !== 2) throw new Error(`rot90: dims must hold 2 dimensions, got ${formatShape(dims)}`);
  if (x.dim() < 2) throw new Error(`rot90: input must have at least 2 dimensions, got shape ${formatShape(x.shape)}`);
  if (!Number.isInteger(k)) throw new Error(`rot90: k must be an integer, got ${k}`);
  const [a, b] = dims.map((d) => normalizeDim("rot90", d, x.dim()));
  if (a === b) throw new Error(`rot90: the two dims must differ, got ${formatShape(dims)}`);
  switch (((k % 4) + 4) % 4) {
    case 1: return transpose(flip(x, [b]), a, b);
    case 2: return flip(x, [a, b]);
    case 3: return transpose(flip(x, [a]), a, b);
    default: return unary.clone(x);
  }
}
