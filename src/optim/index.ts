/**
 * Optimizers and learning-rate schedulers, like `torch.optim`: SGD, Adam, AdamW, RMSprop, Adagrad,
 * Adadelta, Adamax, NAdam, RAdam (one file each, the algorithm in its docs), and `lrScheduler`
 * (src/optim/lr_scheduler/, one file per scheduler).
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
  type ImplementationOptions,
} from "./optimizer.ts";
export { SGD, type SGDOptions, type SGDGroupOptions } from "./sgd.ts";
export { Adam, type AdamOptions, type AdamGroupOptions } from "./adam.ts";
export { AdamW, type AdamWOptions } from "./adamw.ts";
export { RMSprop, type RMSpropOptions, type RMSpropGroupOptions } from "./rmsprop.ts";
export { Adagrad, type AdagradOptions, type AdagradGroupOptions } from "./adagrad.ts";
export { Adadelta, type AdadeltaOptions, type AdadeltaGroupOptions } from "./adadelta.ts";
export { Adamax, type AdamaxOptions, type AdamaxGroupOptions } from "./adamax.ts";
export { NAdam, type NAdamOptions, type NAdamGroupOptions } from "./nadam.ts";
export { RAdam, type RAdamOptions, type RAdamGroupOptions } from "./radam.ts";
export * as lrScheduler from "./lr_scheduler/index.ts";
