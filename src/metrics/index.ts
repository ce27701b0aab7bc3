export { accuracyScore, balancedAccuracyScore, type AccuracyOptions, type BalancedAccuracyOptions } from "./accuracy.ts";
export { confusionMatrix, type ConfusionMatrixOptions } from "./confusion_matrix.ts";
export {
  meanAbsoluteError,
  meanSquaredError,
  rootMeanSquaredError,
  r2Score,
  type RegressionInput,
  type MultiOutput,
  type RegressionOptions,
  type MeanSquaredErrorOptions,
  type R2Options,
} from "./regression.ts";
export { getScorer, getScorerNames, type Scorer, type ScorableEstimator } from "./scorer.ts";
export type { Label, LabelInput, WeightInput } from "./targets.ts";
