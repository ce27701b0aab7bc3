export { gradcheck, type GradcheckOptions } from "./gradcheck.ts";
export { noGrad, enableGrad, isGradEnabled } from "./grad_mode.ts";
export { Node, type BackwardFn } from "./node.ts";
export { detectAnomaly, setDetectAnomaly, isAnomalyEnabled } from "./anomaly.ts";
