/**
 * Optimizers and learning-rate schedulers, like `torch.optim`.
 * @example
 * const opt = new optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
 * const scheduler = new optim.lrScheduler.StepLR(opt, 30, { gamma: 0.1 });
 */
export {
  Optimizer,
  type GroupOptions,
  type ParamGroup,
  type ParamGroupInput,
  type ParamsInput,
  type ParamState,
  type LossClosure,
  type OptimizerStateDict,
  type ZeroGradOptions,
  type Defaults,
} from "./optimizer.ts";
export { SGD, type SGDOptions, type SGDGroupOptions } from "./sgd.ts";
export { Adam, type AdamOptions, type AdamGroupOptions } from "./adam.ts";
export { AdamW, type AdamWOptions } from "./adamw.ts";
export * as lrScheduler from "./lr_scheduler.ts";
