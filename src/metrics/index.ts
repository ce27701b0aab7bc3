export { accuracyScore, balancedAccuracyScore, type AccuracyOptions, type BalancedAccuracyOptions } from "./accuracy.ts";
export { confusionMatrix, type ConfusionMatrixOptions } from "./confusion_matrix.ts";
export {
  precisionRecallFscoreSupport,
  precisionScore,
  recallScore,
  f1Score,
  fbetaScore,
  type Average,
  type ZeroDivision,
  type PrecisionRecallOptions,
  type FbetaOptions,
  type PrecisionRecallFscoreSupport,
} from "./precision_recall_f1.ts";
export { classificationReport, type ClassificationReportOptions, type ClassificationReportDict, type ReportRow } from "./classification_report.ts";
export { rocAucScore, rocCurve, auc, type RocAucOptions, type RocCurveOptions, type ScoreInput } from "./ranking.ts";
export { logLoss, type LogLossOptions } from "./log_loss.ts";
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
export { getScorer, getScorerNames, makeScorer, type Scorer, type ScorableEstimator, type MakeScorerOptions } from "./scorer.ts";
export type { Label, LabelInput, WeightInput } from "./targets.ts";
