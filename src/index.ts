/**
 * backprop: neural networks in TypeScript, with PyTorch's names and semantics for tensors, autograd,
 * nn and optim.
 * @example
 * import * as bp from "backprop";
 * const w = bp.tensor(1.0, { requiresGrad: true });
 */
export * from "./tensor/index.ts";
export * from "./ops/index.ts";
export { noGrad, enableGrad, isGradEnabled } from "./autograd/grad_mode.ts";
export * as autograd from "./autograd/index.ts";
export { backend } from "./backend/registry.ts";
export * as nn from "./nn/index.ts";
export * as optim from "./optim/index.ts";
export * as data from "./data/index.ts";
export * as datasets from "./datasets/index.ts";
export * as io from "./io/index.ts";
export { save, load } from "./io/checkpoint.ts";
export * as keras from "./keras/index.ts";
export * as base from "./base/index.ts";
export * as random from "./random/index.ts";
export * as linalg from "./linalg/index.ts";
export * as linearModel from "./linear_model/index.ts";
export * as neighbors from "./neighbors/index.ts";
export * as metrics from "./metrics/index.ts";
export * as preprocessing from "./preprocessing/index.ts";
export * as pipeline from "./pipeline/index.ts";
export * as modelSelection from "./model_selection/index.ts";
export * as plot from "./plot/index.ts";
