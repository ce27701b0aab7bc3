import { allocate } from "../tensor/dtype.ts";
import { Tensor } from "../tensor/tensor.ts";
import { formatShape, normalizeDim, numel } from "../tensor/shape.ts";
import { record } from "../autograd/node.ts";
import { matmul } from "./matmul.ts";
import { diagonal, permute, reshape } from "./shape.ts";
import { checkTensorArg } from "./operands.ts";

/*
 * The fixed-rank products of torch.linalg's neighbourhood (mm, bmm, mv, dot, outer, addmm, baddbmm):
 * each checks the ranks and sizes torch checks, with errors naming the argument, then runs through
 * `matmul` (the backend's gemm), whose backward gives the gradients.
 */

/** Scale factors of `addmm` / `baddbmm`: `beta * input + alpha * product`. */
export interface ScaleOptions {
  /** Factor of the input (default 1; with 0 the input is ignored, NaN and inf included). */
  beta?: number;
  /** Factor of the product (default 1). */
  alpha?: number;
}

function expectDim(op: string, name: string, t: Tensor, dims: number): void {
  if (t.dim() !== dims) {
    throw new Error(`${op}: ${name} must be a ${dims}-D tensor, got shape ${formatShape(t.shape)}`);
  }
}

function sameDType(op: string, a: Tensor, b: Tensor): void {
  if (a.dtype !== b.dtype) throw new Error(`${op}: expected both tensors to have the same dtype, got ${a.dtype} and ${b.dtype}`);
}

/**
 * Product of two matrices, `[n, m] x [m, p] -> [n, p]`, like `torch.mm` (2-D only: `matmul` broadcasts).
 * @example bp.mm(bp.ones(2, 3), bp.ones(3, 4)).shape; // [2, 4]
 */
export function mm(input: Tensor, mat2: Tensor): Tensor {
  checkTensorArg("mm", input);
  checkTensorArg("mm", mat2, "mat2");
  expectDim("mm", "input", input, 2);
  expectDim("mm", "mat2", mat2, 2);
  if (input.shape[1] !== mat2.shape[0]) {
    throw new Error(`mm: input and mat2 shapes cannot be multiplied (${input.shape.join("x")} and ${mat2.shape.join("x")})`);
  }
  sameDType("mm", input, mat2);
  return matmul(input, mat2);
}

/**
 * Batched matrix product, `[b, n, m] x [b, m, p] -> [b, n, p]`, like `torch.bmm` (3-D only, no broadcast).
 * @example bp.bmm(bp.ones(5, 2, 3), bp.ones(5, 3, 4)).shape; // [5, 2, 4]
 */
export function bmm(input: Tensor, mat2: Tensor): Tensor {
  checkTensorArg("bmm", input);
  checkTensorArg("bmm", mat2, "mat2");
  expectDim("bmm", "input", input, 3);
  expectDim("bmm", "mat2", mat2, 3);
  if (input.shape[0] !== mat2.shape[0]) {
    throw new Error(`bmm: input and mat2 must have the same number of batches, got ${input.shape[0]} and ${mat2.shape[0]}`);
  }
  if (input.shape[2] !== mat2.shape[1]) {
    throw new Error(`bmm: input and mat2 shapes cannot be multiplied (${input.shape.join("x")} and ${mat2.shape.join("x")})`);
  }
  sameDType("bmm", input, mat2);
  return matmul(input, mat2);
}

/**
 * Dot product `Σ a_i b_i` of two 1-D tensors of the same size (a 0-d result), like `torch.dot`.
 * @example bp.dot(bp.tensor([1, 2]), bp.tensor([3, 4])); // tensor(11.)
 */
export function dot(input: Tensor, other: Tensor): Tensor {
  checkTensorArg("dot", input);
  checkTensorArg("dot", other, "other");
  if (input.dim() !== 1 || other.dim() !== 1) {
    throw new Error(`dot: 1-D tensors expected, but got ${input.dim()}-D and ${other.dim()}-D tensors`);
  }
  if (input.shape[0] !== other.shape[0]) {
    throw new Error(`dot: input and other must have the same number of elements, got ${input.shape[0]} and ${other.shape[0]}`);
  }
  sameDType("dot", input, other);
  return matmul(input, other);
}

/**
 * Matrix times vector, `[n, m] x [m] -> [n]`, like `torch.mv`.
 * @example bp.mv(bp.eye(2), bp.tensor([1, 2])); // tensor([1., 2.])
 */
export function mv(input: Tensor, vec: Tensor): Tensor {
  checkTensorArg("mv", input);
  checkTensorArg("mv", vec, "vec");
  expectDim("mv", "input", input, 2);
  expectDim("mv", "vec", vec, 1);
  if (input.shape[1] !== vec.shape[0]) {
    throw new Error(`mv: size mismatch, input ${formatShape(input.shape)} and vec ${formatShape(vec.shape)}`);
  }
  sameDType("mv", input, vec);
  return matmul(input, vec);
}

/**
 * Outer product `out[i, j] = a_i b_j` of two 1-D tensors, `[n] x [m] -> [n, m]`, like `torch.outer`
 * (dtypes promote as in `mul`).
 * @example bp.outer(bp.tensor([1, 2]), bp.tensor([1, 10, 100])).shape; // [2, 3]
 */
export function outer(input: Tensor, vec2: Tensor): Tensor {
  checkTensorArg("outer", input);
  checkTensorArg("outer", vec2, "vec2");
  expectDim("outer", "input", input, 1);
  expectDim("outer", "vec2", vec2, 1);
  // d (a b^T)/da = G b, d/db = G^T a: mul's broadcast backward
  return input.reshape(-1, 1).mul(vec2);
}

/**
 * `beta * input + alpha * (mat1 @ mat2)` with `input` broadcast to `[n, p]`, like `torch.addmm`
 * (defaults beta = alpha = 1; with beta 0 the input is ignored, even NaN or inf).
 * @example bp.addmm(bp.zeros(3), bp.ones(2, 4), bp.ones(4, 3)).shape; // [2, 3]
 */
export function addmm(input: Tensor, mat1: Tensor, mat2: Tensor, options: ScaleOptions = {}): Tensor {
  checkTensorArg("addmm", input);
  checkTensorArg("addmm", mat1, "mat1");
  checkTensorArg("addmm", mat2, "mat2");
  expectDim("addmm", "mat1", mat1, 2);
  expectDim("addmm", "mat2", mat2, 2);
  if (mat1.shape[1] !== mat2.shape[0]) {
    throw new Error(`addmm: mat1 and mat2 shapes cannot be multiplied (${mat1.shape.join("x")} and ${mat2.shape.join("x")})`);
  }
  return addScaled("addmm", input, mm(mat1, mat2), options);
}

/**
 * `beta * input + alpha * bmm(batch1, batch2)` with `input` broadcast to `[b, n, p]`, like
 * `torch.baddbmm` (defaults beta = alpha = 1; with beta 0 the input is ignored).
 * @example bp.baddbmm(bp.zeros(2, 3), bp.ones(5, 2, 4), bp.ones(5, 4, 3)).shape; // [5, 2, 3]
 */
export function baddbmm(input: Tensor, batch1: Tensor, batch2: Tensor, options: ScaleOptions = {}): Tensor {
  checkTensorArg("baddbmm", input);
  checkTensorArg("baddbmm", batch1, "batch1");
  checkTensorArg("baddbmm", batch2, "batch2");
  return addScaled("baddbmm", input, bmm(batch1, batch2), options);
}

/** `beta * input + alpha * product`, input broadcast to the product's shape (which it must not change). */
function addScaled(op: string, input: Tensor, product: Tensor, options: ScaleOptions): Tensor {
  const beta = options.beta ?? 1;
  const alpha = options.alpha ?? 1;
  sameDType(op, input, product);
  const shape = product.shape;
  const lead = shape.length - input.dim();
  if (lead < 0 || input.shape.some((s, i) => s !== 1 && s !== shape[lead + i])) {
    throw new Error(`${op}: input of shape ${formatShape(input.shape)} cannot be broadcast to the product's shape ${formatShape(shape)}`);
  }
  const scaled = alpha === 1 ? product : product.mul(alpha);
  if (beta === 0) return scaled.add(ignored(input));
  return scaled.add(beta === 1 ? input : input.mul(beta));
}

/** Zeros of x's shape and dtype whose gradient to x is zero (`0 * x` would turn NaN and inf into NaN). */
function ignored(x: Tensor): Tensor {
  const out = new Tensor(allocate(x.dtype, x.numel()), x.shape);
  // d 0/dx = 0
  return record(out, "Ignored", [x], (g) => [new Tensor(allocate(g.dtype, g.numel()), g.shape)]);
}

/**
 * Sum of the main diagonal of a matrix, like `torch.trace` (2-D only).
 * @example bp.trace(bp.tensor([[1, 2], [3, 4]])); // tensor(5.)
 */
export function trace(input: Tensor): Tensor {
  checkTensorArg("trace", input);
  expectDim("trace", "input", input, 2);
  // d trace/dX = I: diagonal's backward puts the gradient back on the diagonal
  return diagonal(input).sum();
}

/**
 * Kronecker product, like `torch.kron`: for `[a0, a1]` and `[b0, b1]` the result is `[a0·b0, a1·b1]`
 * with `out[i·b0 + k, j·b1 + l] = a[i, j]·b[k, l]` (fewer dims are padded with leading 1s).
 * @example bp.kron(bp.eye(2), bp.ones(2, 2)).shape; // [4, 4]
 */
export function kron(input: Tensor, other: Tensor): Tensor {
  checkTensorArg("kron", input);
  checkTensorArg("kron", other, "other");
  const n = Math.max(input.dim(), other.dim());
  const pad = (t: Tensor): number[] => [...new Array<number>(n - t.dim()).fill(1), ...t.shape];
  const as = pad(input);
  const bs = pad(other);
  // a as [a0, 1, a1, 1, ...] times b as [1, b0, 1, b1, ...]: mul's broadcast carries the gradients
  const a = input.reshape(as.flatMap((s) => [s, 1]));
  const b = other.reshape(bs.flatMap((s) => [1, s]));
  return a.mul(b).reshape(as.map((s, i) => s * bs[i]));
}

/**
 * Contracts `dims` of a with those of b, like `torch.tensordot`: a number d pairs the last d dims of
 * a with the first d of b; two lists pair `dims[0][i]` of a with `dims[1][i]` of b. The result has
 * a's remaining dims, then b's.
 * @example bp.tensordot(bp.ones(2, 3, 4), bp.ones(3, 4, 5), 2).shape; // [2, 5]
 */
export function tensordot(a: Tensor, b: Tensor, dims: number | readonly [readonly number[], readonly number[]] = 2): Tensor {
  checkTensorArg("tensordot", a, "a");
  checkTensorArg("tensordot", b, "b");
  let da: number[];
  let db: number[];
  if (typeof dims === "number") {
    if (!Number.isInteger(dims) || dims < 0 || dims > a.dim() || dims > b.dim()) {
      throw new Error(`tensordot: dims ${dims} must be a non-negative integer no larger than the dims of a (${a.dim()}) and b (${b.dim()})`);
    }
    da = Array.from({ length: dims }, (_, i) => a.dim() - dims + i);
    db = Array.from({ length: dims }, (_, i) => i);
  } else {
    if (dims[0].length !== dims[1].length) {
      throw new Error(`tensordot: both dim lists must have the same length, got ${formatShape(dims[0])} and ${formatShape(dims[1])}`);
    }
    da = dims[0].map((d) => normalizeDim("tensordot", d, a.dim()));
    db = dims[1].map((d) => normalizeDim("tensordot", d, b.dim()));
  }
  da.forEach((d, i) => {
    if (a.shape[d] !== b.shape[db[i]]) {
      throw new Error(`tensordot: contracted dimensions need the same size, got ${a.shape[d]} (dim ${d} of a) and ${b.shape[db[i]]} (dim ${db[i]} of b)`);
    }
  });
  sameDType("tensordot", a, b);
  const freeA = a.shape.map((_, i) => i).filter((i) => !da.includes(i));
  const freeB = b.shape.map((_, i) => i).filter((i) => !db.includes(i));
  const k = numel(da.map((d) => a.shape[d]));
  // [free a, contracted] x [contracted, free b] as one matmul; permute and reshape carry the gradients
  const am = reshape(permute(a, [...freeA, ...da]), [numel(freeA.map((d) => a.shape[d])), k]);
  const bm = reshape(permute(b, [...db, ...freeB]), [k, numel(freeB.map((d) => b.shape[d]))]);
  return reshape(matmul(am, bm), [...freeA.map((d) => a.shape[d]), ...freeB.map((d) => b.shape[d])]);
}
