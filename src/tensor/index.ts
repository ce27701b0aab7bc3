export { Tensor, type NestedArray, type TensorLike, type BackwardOptions } from "./tensor.ts";
export { type DType, type TypedArray } from "./dtype.ts";
export {
  tensor, zeros, ones, full, zerosLike, onesLike, randn, rand, randint, randperm, arange, linspace, eye,
  fullLike, emptyLike, randLike, randnLike, logspace, meshgrid, oneHot, trilIndices, triuIndices,
  type LogspaceOptions, type MeshgridOptions,
  type CreationOptions, type NestedNumbers, type ShapeAndOptions,
} from "./creation.ts";
export { manualSeed } from "./random.ts";
