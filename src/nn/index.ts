/**
 * backprop.nn: layers, activations, losses and containers with PyTorch's names and numbers, plus
 * `nn.functional` (the same in function form) and `nn.init` (weight initialisation).
 * @example
 * import { nn } from "backprop";
 * const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
 * const loss = new nn.CrossEntropyLoss().forward(model.forward(x), labels);
 */
export { Parameter } from "./parameter.ts";
export {
  Module,
  type NamedOptions, type ZeroGradOptions, type StateDictOptions, type LoadStateDictOptions, type LoadStateDictResult,
} from "./module.ts";
export { Sequential, ModuleList, ModuleSequence, ModuleDict, ParameterList } from "./container.ts";
export { Linear, Identity, type LinearOptions } from "./linear.ts";
export { Flatten, Unflatten, type FlattenOptions } from "./flatten.ts";
export { Embedding, type EmbeddingModuleOptions, type FromPretrainedOptions } from "./sparse.ts";
export { BatchNorm1d, LayerNorm, type BatchNormModuleOptions, type LayerNormModuleOptions } from "./normalization.ts";
export { Dropout, Dropout1d, Dropout2d, AlphaDropout, FeatureAlphaDropout, type DropoutModuleOptions } from "./dropout.ts";
export {
  ReLU, LeakyReLU, PReLU, RReLU, ELU, GELU, Sigmoid, Tanh, Softmax, LogSoftmax, Threshold, Step,
  type PReLUOptions,
} from "./activation.ts";
export {
  Softplus, SiLU, Mish, SELU, CELU, Hardtanh, ReLU6, Hardsigmoid, Hardswish, LogSigmoid, Softsign, Tanhshrink, Hardshrink,
  Softshrink,
} from "./activation.ts";
export type { SoftplusOptions, CELUOptions, HardtanhOptions, ShrinkOptions } from "./functional/index.ts";
export {
  Loss, WeightedLoss, MSELoss, L1Loss, CrossEntropyLoss, NLLLoss, BCELoss, BCEWithLogitsLoss, MultiMarginLoss,
} from "./loss.ts";
export type {
  Reduction, LossOptions, NLLLossOptions, CrossEntropyLossOptions, BCELossOptions, BCEWithLogitsLossOptions,
  MultiMarginLossOptions, LeakyReLUOptions, RReLUOptions, RReLUFunctionalOptions, ELUOptions, GELUOptions,
  SoftmaxOptions, DropoutOptions,
} from "./functional/index.ts";
export type { LinearActivation } from "./functional/index.ts";
export {
  HuberLoss, SmoothL1Loss, KLDivLoss, PoissonNLLLoss, GaussianNLLLoss, SoftMarginLoss, MultiLabelSoftMarginLoss,
  CosineEmbeddingLoss, MarginRankingLoss, TripletMarginLoss, HingeEmbeddingLoss,
} from "./loss.ts";
export type {
  HuberLossOptions, SmoothL1LossOptions, KLDivReduction, KLDivLossOptions, PoissonNLLLossOptions, GaussianNLLLossOptions,
  MultiLabelSoftMarginLossOptions, MarginLossOptions, TripletMarginLossOptions, NormalizeOptions, CosineSimilarityOptions,
  PairwiseDistanceOptions, PaddingMode, PadOptions,
} from "./functional/index.ts";
export { CosineSimilarity, PairwiseDistance } from "./distance.ts";
export {
  ConstantPad1d, ConstantPad2d, ConstantPad3d, ZeroPad2d, ReflectionPad1d, ReflectionPad2d, ReplicationPad1d, ReplicationPad2d,
} from "./padding.ts";
export type { Nonlinearity, FanMode, KaimingOptions, XavierOptions } from "./init.ts";
export * as functional from "./functional/index.ts";
export * as init from "./init.ts";
export * as utils from "./utils/index.ts";
