export { LinearRegression, type LinearRegressionParams } from "./linear_regression.ts";
export { Ridge, type RidgeParams } from "./ridge.ts";
export { lstsq, ridgeSolve, type LstsqResult } from "./least_squares.ts";
export { LogisticRegression, type LogisticRegressionParams } from "./logistic_regression.ts";
export { lbfgs, type LbfgsOptions, type LbfgsResult, type Objective } from "./lbfgs.ts";
