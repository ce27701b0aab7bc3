export { BaseEstimator, clone, cloneParam, asTensor, checkArray, checkTarget, type ArrayInput, type Params, type ParamValue } from "./estimator.ts";
export { ClassifierMixin, RegressorMixin, TransformerMixin } from "./mixins.ts";
