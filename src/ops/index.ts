export { add, sub, mul, div, pow, maximum, minimum } from "./binary.ts";
export { neg, exp, log, sqrt, abs, sign, sigmoid, tanh, relu, clamp, erf } from "./unary.ts";
export {
  sin, cos, tan, asin, acos, atan, atan2, sinh, cosh, asinh, acosh, atanh, log1p, expm1, log2, log10, exp2,
  reciprocal, rsqrt, square, floor, ceil, round, trunc, frac, fmod, remainder, floorDivide, hypot, lerp,
} from "./math.ts";
export {
  leakyRelu, elu, gelu, step, softplus, silu, mish, selu, celu, hardtanh, relu6, hardsigmoid, hardswish, logsigmoid,
  softsign, tanhshrink, hardshrink, softshrink,
} from "./activation.ts";
export { eq, ne, gt, lt, ge, le } from "./compare.ts";
export { logicalAnd, logicalOr, logicalXor, logicalNot, isnan, isinf, isposinf, isneginf, isfinite, nanToNum } from "./logical.ts";
export { sum, mean, max, min, argmax, argmin, type ValuesIndices } from "./reduce.ts";
export {
  variance as var, std, prod, logsumexp, norm, amax, amin, all, any, countNonzero, nansum, nanmean,
  type Dims, type VarOptions, type NormOrder,
} from "./statistics.ts";
export { cumsum, cumprod } from "./scan.ts";
export { sort, argsort, topk, kthvalue, median, mode, unique, type UniqueResult } from "./sort.ts";
export { matmul, linear } from "./matmul.ts";
export { mm, bmm, dot, outer, mv, addmm, baddbmm, trace, kron, tensordot, type ScaleOptions } from "./linalg.ts";
export { einsum } from "./einsum.ts";
export { softmax, logSoftmax } from "./softmax.ts";
export {
  reshape, transpose, permute, flatten, unsqueeze, squeeze, expand, narrow, select,
  repeat, tile, flip, roll, split, chunk, unbind, tril, triu, diagonal, diag, diagEmbed, movedim, unflatten,
  fliplr, flipud, rot90, movedim as moveaxis, transpose as swapaxes, transpose as swapdims,
} from "./shape.ts";
export {
  gather, indexSelect, index, indexPut_, maskedFill, maskedSelect, scatter, scatterAdd, nonzero, take, indexAdd,
  type IndexPutOptions, type ScatterOptions, type NonzeroOptions, type IndexAddOptions,
} from "./indexing.ts";
export type { IndexSpec } from "./index_spec.ts";
export { cat, stack, hstack, vstack, dstack, columnStack, atleast1d, atleast2d, atleast3d } from "./join.ts";
export { where } from "./where.ts";
export { cdist } from "./distance.ts";
