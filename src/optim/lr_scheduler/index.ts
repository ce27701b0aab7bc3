/**
 * Learning-rate schedulers, like `torch.optim.lr_scheduler`: one file per scheduler, the shared base in
 * scheduler.ts.
 * @example
 * const scheduler = new optim.lrScheduler.CosineAnnealingLR(opt, 100, { etaMin: 1e-5 });
 */
export {
  LRScheduler, type LRSchedulerOptions, type LRSchedulerStateDict, type LRSchedulerStateValue, type AnyOptimizer,
} from "./scheduler.ts";
export { StepLR, type StepLROptions } from "./step_lr.ts";
export { MultiStepLR, type MultiStepLROptions } from "./multi_step_lr.ts";
export { ExponentialLR, type ExponentialLROptions } from "./exponential_lr.ts";
export { ConstantLR, type ConstantLROptions } from "./constant_lr.ts";
export { LinearLR, type LinearLROptions } from "./linear_lr.ts";
export { LambdaLR, type LambdaLROptions, type LrLambda } from "./lambda_lr.ts";
export { CosineAnnealingLR, type CosineAnnealingLROptions } from "./cosine_annealing_lr.ts";
export { OneCycleLR, type OneCycleLROptions } from "./one_cycle_lr.ts";
export { SequentialLR, type SequentialLROptions } from "./sequential_lr.ts";
export { ReduceLROnPlateau, type ReduceLROnPlateauOptions } from "./reduce_lr_on_plateau.ts";
export { MultiplicativeLR, type MultiplicativeLROptions } from "./multiplicative_lr.ts";
export { PolynomialLR, type PolynomialLROptions } from "./polynomial_lr.ts";
export { ChainedScheduler } from "./chained_scheduler.ts";
export { CosineAnnealingWarmRestarts, type CosineAnnealingWarmRestartsOptions } from "./cosine_annealing_warm_restarts.ts";
export { CyclicLR, type CyclicLROptions } from "./cyclic_lr.ts";
