export { LinearRegression, type LinearRegressionParams } from "./linear_regression.ts";
export { Ridge, type RidgeParams } from "./ridge.ts";
export { lstsq, ridgeSolve, type LstsqResult } from "./least_squares.ts";
export { LogisticRegression, type LogisticRegressionParams } from "./logistic_regression.ts";
export { lbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from "./lbfgs.ts";
export { SGDClassifier, BaseSgdClassifier, type SgdClassifierParams } from "./sgd_classifier.ts";
export { Perceptron, type PerceptronParams } from "./perceptron.ts";
export { plainSgd, type PlainSgdOptions, type PlainSgdResult, type SgdLoss, type SgdPenalty, type SgdLearningRate } from "./plain_sgd.ts";
export { LinearClassifier, type LinearClassifierParams } from "./linear_classifier.ts";
