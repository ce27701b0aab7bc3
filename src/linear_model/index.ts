export { LinearRegression, type LinearRegressionParams } from "./linear_regression.ts";
export { Ridge, type RidgeParams } from "./ridge.ts";
export { LogisticRegression, type LogisticRegressionParams } from "./logistic_regression.ts";
export { SGDClassifier, type SgdClassifierParams } from "./sgd_classifier.ts";
export { Perceptron, type PerceptronParams } from "./perceptron.ts";
export { LinearClassifier, type LinearClassifierParams } from "./linear_classifier.ts";
