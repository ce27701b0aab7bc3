export { trainTestSplit, type TrainTestSplitOptions, type SplitPairs } from "./train_test_split.ts";
export { KFold, StratifiedKFold, type KFoldOptions } from "./k_fold.ts";
export { ShuffleSplit, StratifiedShuffleSplit, validateShuffleSplit, approximateMode, type ShuffleSplitOptions } from "./shuffle_split.ts";
export type { CrossValidator, Split, RandomStateLike } from "./splitter.ts";
export type { Indexable, Labels } from "./samples.ts";
export { ParameterGrid, ParameterSampler, sampleWithoutReplacement, type ParamGrid, type ParamDistributions, type ParamValues, type Distribution } from "./parameter_grid.ts";
export { registerEstimator, estimatorToJson, estimatorFromJson, type EstimatorJson, type EstimatorClass } from "./registry.ts";
